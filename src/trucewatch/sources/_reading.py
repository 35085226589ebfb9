"""Reading delimited files record by record, and parsing their fields.

Shared by every adapter. :func:`read_table` yields, for each record, ``(line, fields)`` where
``line`` is the physical line the record starts on (quoted fields may span lines), or a
:class:`~trucewatch.errors.RowError` when the record itself cannot be read: a bad quote (which
costs only its own line: :mod:`trucewatch.sources._lines`), the wrong number of fields, bytes
that are not valid in the declared encoding, a control character, a line over the limit.
Problems with the whole file (absent, empty, over the size limit, a damaged header, missing
required columns) raise :class:`~trucewatch.errors.SourceError`.

Field parsers (:mod:`trucewatch.sources._fields`, re-exported here) raise :class:`FieldError`
(field, value, reason); adapters turn it into a ``RowError`` naming the file and line with
:func:`row_error`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TextIO

from trucewatch.errors import RowError, SourceError, ValidationError
from trucewatch.model.event import Event
from trucewatch.sources._fields import (
    FieldError,
    Fields,
    check_day,
    parse_code,
    parse_date,
    parse_day,
    parse_float,
    parse_int,
    text,
)
from trucewatch.sources._lines import CONTROL, RecordRows, control_reason, rows_of
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits, check_size
from trucewatch.sources.sniff import a_or_an, shape_hint

__all__ = [
    "FieldError",
    "Fields",
    "RecordRows",
    "check_columns",
    "check_day",
    "check_header",
    "clean_header",
    "convert",
    "open_text",
    "parse_code",
    "parse_date",
    "parse_day",
    "parse_float",
    "parse_int",
    "read_table",
    "records",
    "row_error",
    "rows_of",
    "text",
    "text_stream",
]


def row_error(file: str, line: int, exc: FieldError) -> RowError:
    """The :class:`RowError` for a field error found in ``file`` at ``line``."""
    return RowError(file=file, line=line, field=exc.field, value=exc.value, reason=exc.reason)


# --------------------------------------------------------------------------- opening files


def open_text(path: Path, encoding: str = "utf-8") -> TextIO:
    """Open ``path`` for csv reading; bytes invalid in ``encoding`` survive as surrogates.

    A UTF-8 byte-order mark is dropped. Raises :class:`SourceError` when the file is absent,
    unreadable, or empty.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    try:
        if path.stat().st_size == 0:
            raise SourceError(f"{path}: the file is empty")
        enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
        return open(path, encoding=enc, errors="surrogateescape", newline="")
    except LookupError as exc:
        raise SourceError(f"{path}: unknown encoding {encoding!r}") from exc
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def text_stream(binary: IO[bytes], encoding: str = "utf-8") -> TextIO:
    """A text view of a binary stream (e.g. a zip member), decoded like :func:`open_text`."""
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    return io.TextIOWrapper(binary, encoding=enc, errors="surrogateescape", newline="")


# --------------------------------------------------------------------------- records


def records(
    rows: Iterable[tuple[int, list[str]] | RowError],
    header: Sequence[str],
    file: str,
    *,
    encoding: str = "utf-8",
) -> Iterator[tuple[int, Fields] | RowError]:
    """Records zipped with ``header``; wrong field counts -> RowErrors.

    ``rows`` come from :func:`rows_of` (a :class:`RecordRows`), which has reported bytes
    invalid in ``encoding`` and control characters already.
    """
    width = len(header)
    for item in rows:
        if isinstance(item, RowError):
            yield item
            continue
        line, values = item
        if len(values) != width:
            kind = "truncated row?" if len(values) < width else "an unquoted delimiter?"
            yield RowError(
                file=file,
                line=line,
                field=None,
                value=None,
                reason=f"the record has {len(values)} fields but the header has {width} ({kind})",
            )
            continue
        yield line, dict(zip(header, values, strict=True))


def check_columns(
    header: Sequence[str], required: Iterable[str], file: str, what: str, source: str = ""
) -> None:
    """Raise :class:`SourceError` naming every required column ``header`` lacks.

    The message ends with the source the file seems to be instead, if any
    (:func:`trucewatch.sources.sniff.shape_hint`); ``source`` is the refusing adapter's.
    """
    present = set(header)
    missing = [c for c in required if c not in present]
    if missing:
        shown = [h if len(h) <= 40 else h[:37] + "..." for h in header[:12]]
        raise SourceError(
            f"{file}: not {a_or_an(what)} file: missing column(s) {', '.join(missing)} "
            f"(found: {', '.join(shown)}{', ...' if len(header) > 12 else ''})"
            f"{shape_hint(header, source)}"
        )


def clean_header(names: Sequence[str]) -> list[str]:
    """Column names without surrounding blanks or byte-order marks (a second BOM survives the
    decoder when a file was concatenated or saved twice)."""
    return [n.strip().lstrip("\ufeff").strip() for n in names]


def check_header(header: Sequence[str], file: str) -> None:
    """Raise :class:`SourceError` for a header that cannot name the fields it heads: a column
    name holding a control character, or a name given to two columns."""
    for position, name in enumerate(header, start=1):
        if CONTROL.search(name):
            shown = CONTROL.sub("\ufffd", name)
            raise SourceError(
                f"{file}: the header's column {position} name {shown!r} {control_reason(name)}"
            )
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name and name in seen:
            raise SourceError(
                f"{file}: the header names column {name!r} twice (columns {seen[name]} and "
                f"{position}): which one holds the values cannot be told; rename one of them"
            )
        seen[name] = position


def read_table(
    path: Path,
    *,
    what: str,
    source: str = "",
    required: Iterable[str] = (),
    one_of: Sequence[str] = (),
    delimiter: str = ",",
    encoding: str = "utf-8",
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[tuple[int, Fields] | RowError]:
    """Records of a delimited file with a header row (see the module docstring).

    The header is checked before the first record is yielded: a control character or a
    repeated name, a missing ``required`` column, or none of the ``one_of`` columns, raises
    :class:`SourceError` when iteration starts. Columns are read by name, in any order.
    """
    file = str(path)
    check_size(Path(path), limits)
    with open_text(path, encoding) as stream:
        rows = rows_of(stream, file, delimiter=delimiter, limits=limits, encoding=encoding)
        first = next(rows, None)
        if first is None:
            raise SourceError(f"{file}: the file has no header row")
        if isinstance(first, RowError):
            raise SourceError(f"{file}: the header row cannot be read: {first.reason}")
        header = clean_header(first[1])
        check_header(header, file)
        check_columns(header, required, file, what, source)
        if one_of and not set(one_of) & set(header):
            raise SourceError(
                f"{file}: not {a_or_an(what)} file: it needs one of the columns {', '.join(one_of)}"
                f"{shape_hint(header, source)}"
            )
        rows.use_header(header)
        yield from records(rows, header, file, encoding=encoding)


def convert(
    items: Iterable[tuple[int, Fields] | RowError],
    file: str,
    build: Callable[[int, Fields], Event],
) -> Iterator[Event | RowError]:
    """Apply ``build`` to every record; its FieldError/ValidationError become RowErrors."""
    for item in items:
        if isinstance(item, RowError):
            yield item
            continue
        line, fields = item
        try:
            yield build(line, fields)
        except FieldError as exc:
            yield row_error(file, line, exc)
        except ValidationError as exc:
            yield RowError(file=file, line=line, field=None, value=None, reason=str(exc))
