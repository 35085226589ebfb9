"""The plain lines of a chunk of a delimited file: which they are, and them parsed as columns.

A line is *plain* (:func:`plain_line_pattern`, the definition) when it is one record that
Python's csv module and pyarrow's CSV reader read alike: exactly as many fields as the header,
each either unquoted without a quote or quoted with its quotes doubled, no control character
(but tab), DEL, byte-order mark or non-character U+FFFE / U+FFFF, no line break in a field,
ended by a line break. :func:`find_lines` finds the physical lines of a chunk and says which are
plain and not over the length limit in one compiled pass over its bytes
(:mod:`~trucewatch.sources._plain_scan`; a test holds it to the pattern, matched by RE2 as the
reader did before); in a chunk that is not valid UTF-8 only lines of ASCII bytes are plain.
:func:`parse_plain` parses the plain lines with pyarrow. See :mod:`~trucewatch.sources._columns`
for the lines that are not plain.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

__all__ = ["LINE_COLUMN", "find_lines", "parse_plain", "plain_line_pattern", "usable_delimiter"]

#: the column of a parsed table holding each record's physical line
LINE_COLUMN = "__line"

# characters no plain line holds: C0 controls but tab (so also line breaks), DEL, the BOM and
# the two non-characters (the record reader reports or removes them)
_NOT_PLAIN = r"\x00-\x08\x0a-\x1f\x7f\x{feff}\x{fffe}\x{ffff}"


def usable_delimiter(delimiter: str) -> bool:
    """Whether :func:`find_lines` takes ``delimiter``: one ASCII character, tab or printable,
    not a quote."""
    return (
        len(delimiter) == 1
        and (delimiter == "\t" or " " <= delimiter <= "~")
        and (delimiter != '"')
    )


def plain_line_pattern(width: int, delimiter: str) -> str:
    """The RE2 pattern of a plain line of ``width`` fields, its line break included."""
    d = f"\\x{{{ord(delimiter):x}}}"
    bare = f'[^"{d}{_NOT_PLAIN}]*'
    quoted = f'"(?:[^"{_NOT_PLAIN}]|"")*"'
    one = f"(?:{bare}|{quoted})"
    rest = f"(?:{d}{one}){{{width - 1}}}" if width > 1 else ""
    return f"^{one}{rest}(?:\\r\\n|\\n|\\r)$"


def find_lines(
    data: np.ndarray, delimiter: str, width: int, max_bytes: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The physical lines of ``data`` (bytes, not empty): (starts, ends, plain), ``plain``
    also saying the line is at most ``max_bytes`` long. A last line without a line break
    counts (and is not plain)."""
    from trucewatch.sources._plain_scan import byte_classes, scan_lines  # numba

    ends, plain, wide, valid = scan_lines(data, byte_classes(ord(delimiter)), width)
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1]
    plain &= ends - starts <= max_bytes
    if not valid:  # bytes invalid in UTF-8: non-ASCII lines are read one by one
        plain &= ~wide
    return starts, ends, plain


def parse_plain(
    buffer: pa.Buffer,
    lengths: np.ndarray,
    keep: np.ndarray,
    first_line: int,
    header: list[str],
    wanted: list[str],
    delimiter: str,
    file: str,
) -> list[pa.Table]:
    """The lines ``keep`` (plain, valid UTF-8) of the chunk ``buffer`` whose lines have
    ``lengths``, parsed by pyarrow: the ``wanted`` columns (strings) and :data:`LINE_COLUMN`,
    the line of each (the chunk's first is ``first_line``)."""
    chosen = np.flatnonzero(keep)
    if chosen.size == 0:
        return []
    if chosen.size == len(keep):
        body = buffer
    else:  # the runs of kept lines, joined
        edges = np.flatnonzero(np.diff(np.concatenate([[0], keep.astype(np.int8), [0]])))
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        whole = memoryview(buffer)
        body = pa.py_buffer(
            b"".join(
                whole[offsets[a] : offsets[b]]
                for a, b in zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True)
            )
        )
    names = [f"c{k}" for k in range(len(header))]
    table = pacsv.read_csv(
        pa.BufferReader(body),
        # one thread: on a busy machine pyarrow's thread pool costs more than it gives
        read_options=pacsv.ReadOptions(
            column_names=names, block_size=max(1 << 20, body.size + 1), use_threads=False
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter, quote_char='"', double_quote=True, escape_char=False
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            include_columns=[names[header.index(c)] for c in wanted],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            check_utf8=False,  # plain lines are valid UTF-8 (find_lines)
        ),
    )
    if table.num_rows != chosen.size:
        raise AssertionError(
            f"{file}: the column reader found {table.num_rows} records in {chosen.size} plain lines"
        )
    table = table.rename_columns(wanted)
    line_numbers = pa.array(chosen.astype(np.int64) + first_line)
    return [table.append_column(LINE_COLUMN, line_numbers)]
