"""Reading a delimited file as columns, with the record-by-record reader for the lines that need it.

:func:`read_columns` gives the same records as :func:`~trucewatch.sources._reading.read_table`
(the same header checks, the same physical line numbers, the same bad rows with the same
messages), but most of them as Arrow columns. The file is memory-mapped and taken in chunks of
whole lines; per chunk, one compiled pass over the bytes finds the physical lines (``\\n``,
``\\r\\n`` or a lone ``\\r``, as Python's reader does) and says which are *plain* records
(:mod:`~trucewatch.sources._plain`: exactly as many fields as the header, each either unquoted
without a quote or quoted with its quotes doubled, no control character, byte-order mark or
non-character, no line break in a field, not over the line or field limits, not the file's last
line without a line break). Plain lines are parsed by pyarrow's CSV reader; Python's csv module
and pyarrow read such a line alike. Every other line starts a *stretch* read by
:class:`~trucewatch.sources._lines.RecordRows`, today's reader, from that line until a record
ends and the next line is plain again: so a stray quote, a record over several lines, a bad byte
or a long line are handled, and reported, by exactly the code that handled them before.
A file not in UTF-8, or whose delimiter is not one ASCII character, is read by the record
reader alone.
"""

from __future__ import annotations

import csv
import io
import mmap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from trucewatch.errors import RowError, SourceError
from trucewatch.sources._lines import RecordRows
from trucewatch.sources._plain import LINE_COLUMN, find_lines, parse_plain, usable_delimiter
from trucewatch.sources._reading import (
    Fields,
    check_columns,
    check_header,
    clean_header,
    open_text,
    records,
)
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits, check_size
from trucewatch.sources.sniff import a_or_an, shape_hint

__all__ = [
    "CHUNK_BYTES",
    "LINE_COLUMN",
    "PIECE_BYTES",
    "ColumnPiece",
    "ColumnRecords",
    "column_pieces",
    "order_key",
    "read_columns",
]

#: bytes of whole lines taken at a time (the memory of a read grows with this, not the file)
CHUNK_BYTES = 16 << 20
#: bytes of the file in one piece of :func:`column_pieces` (a whole number of chunks)
PIECE_BYTES = 64 << 20


@dataclass
class ColumnRecords:
    """The records of a file: plain ones as columns, the rest as record-reader items.

    ``table`` holds the plain records' values of the columns asked for (strings) and their
    physical line (:data:`LINE_COLUMN`). ``items`` holds what the record reader gave for the
    other lines, ``(line, fields)`` or a RowError, each with an order key in ``item_keys``;
    a plain record's key is ``line << 32`` (see :func:`order_key`), so sorting by key gives the
    order in which the record reader alone would have given them.
    """

    header: list[str]
    table: pa.Table
    items: list[tuple[int, Fields] | RowError] = field(default_factory=list)
    item_keys: list[int] = field(default_factory=list)


@dataclass
class _PlainChunk:
    """The plain lines of one chunk, found, not yet parsed (see :func:`parse_plain`)."""

    buffer: pa.Buffer
    lengths: np.ndarray
    take: np.ndarray
    line: int


@dataclass
class ColumnPiece:
    """A piece of a file as the reader found it: its plain lines not yet parsed, the record
    reader's items already read. :meth:`records` parses the plain lines (the costly part;
    pieces can be parsed in any thread, in any order)."""

    header: list[str]
    wanted: list[str]
    delimiter: str
    file: str
    chunks: list[_PlainChunk]
    items: list[tuple[int, Fields] | RowError]
    item_keys: list[int]

    def records(self) -> ColumnRecords:
        """The piece's records, the plain ones parsed into a table."""
        tables = [
            table
            for c in self.chunks
            for table in parse_plain(
                c.buffer,
                c.lengths,
                c.take,
                c.line,
                self.header,
                self.wanted,
                self.delimiter,
                self.file,
            )
        ]
        if len(tables) == 1:
            table = tables[0]
        elif tables:
            table = pa.concat_tables(tables)
        else:
            empty = {c: pa.array([], pa.string()) for c in self.wanted}
            table = pa.table({**empty, LINE_COLUMN: pa.array([], pa.int64())})
        return ColumnRecords(self.header, table, self.items, self.item_keys)


def order_key(line: int, sequence: int = 0) -> int:
    """The order of a record: the line its stretch starts on, then its place in the stretch."""
    return (line << 32) | sequence


def _is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def read_columns(
    path: Path,
    *,
    what: str,
    source: str = "",
    required: Iterable[str] = (),
    one_of: Sequence[str] = (),
    wanted: Iterable[str] = (),
    delimiter: str = ",",
    encoding: str = "utf-8",
    limits: Limits = DEFAULT_LIMITS,
) -> ColumnRecords | None:
    """The records of ``path`` (see the module docstring), or None when the file is not one the
    column reader takes (not UTF-8, a zip archive): then read it with ``read_table``.

    Raises :class:`SourceError` as ``read_table`` does (absent, empty, over ``max_bytes``, a bad
    header, missing columns).
    """
    pieces = column_pieces(
        path,
        what=what,
        source=source,
        required=required,
        one_of=one_of,
        wanted=wanted,
        delimiter=delimiter,
        encoding=encoding,
        limits=limits,
        piece_bytes=None,
    )
    return None if pieces is None else next(pieces).records()


def column_pieces(
    path: Path,
    *,
    what: str,
    source: str = "",
    required: Iterable[str] = (),
    one_of: Sequence[str] = (),
    wanted: Iterable[str] = (),
    delimiter: str = ",",
    encoding: str = "utf-8",
    limits: Limits = DEFAULT_LIMITS,
    piece_bytes: int | None = PIECE_BYTES,
) -> Iterator[ColumnPiece] | None:
    """:func:`read_columns` in pieces of about ``piece_bytes`` bytes of the file (whole lines;
    one piece if None), so that memory is bounded by the piece, not the file; each piece's
    plain lines are parsed by its :meth:`ColumnPiece.records`. None for a file the column
    reader does not take; the checks of the file's size and existence are made before this
    returns, those of its header when the first piece is taken."""
    path = Path(path)
    if not _is_utf8(encoding) or not usable_delimiter(delimiter):
        return None
    check_size(path, limits)
    open_text(path, encoding).close()  # absent, a directory, empty: the same SourceErrors
    with path.open("rb") as raw:
        if raw.read(4) == b"PK\x03\x04":
            return None
    return _pieces(path, delimiter, limits, what, source, required, one_of, wanted, piece_bytes)


def _pieces(
    path: Path,
    delimiter: str,
    limits: Limits,
    what: str,
    source: str,
    required: Iterable[str],
    one_of: Sequence[str],
    wanted: Iterable[str],
    piece_bytes: int | None,
) -> Iterator[ColumnPiece]:
    with path.open("rb") as raw, mmap.mmap(raw.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        reader = _Reader(mm, str(path), delimiter, limits, what, source, required, one_of)
        yield from reader.pieces(list(wanted), piece_bytes)


class _Reader:
    def __init__(
        self,
        mm: mmap.mmap,
        file: str,
        delimiter: str,
        limits: Limits,
        what: str,
        source: str,
        required: Iterable[str],
        one_of: Sequence[str],
    ):
        self.mm = mm
        self.size = len(mm)
        self.file = file
        self.delimiter = delimiter
        self.limits = limits
        self.what, self.source, self.required, self.one_of = what, source, required, one_of
        self.header: list[str] = []
        self.items: list[tuple[int, Fields] | RowError] = []
        self.item_keys: list[int] = []
        # the longest plain line, in bytes: a line's characters are at most its bytes
        self.max_plain = min(limits.max_line_chars, csv.field_size_limit())

    # -- the record reader, for the header and for stretches ---------------------------------

    def _stretch(self, pos: int, line: int, stop: np.ndarray | None, stop_from: int) -> int:
        """Read records with the record reader from byte ``pos`` (line ``line``) until one ends
        with the next line plain (``stop[n - stop_from]``) or at/after line ``stop_from +
        len(stop)``; the number of the next line to read."""
        stream = open(self.file, "rb")  # noqa: SIM115 - closed below
        try:
            stream.seek(pos)
            text = io.TextIOWrapper(
                stream,
                encoding="utf-8-sig" if pos == 0 else "utf-8",
                errors="surrogateescape",
                newline="",
            )
            header_needed = not self.header
            end = stop_from + (0 if stop is None else len(stop))

            def pause(n: int) -> bool:
                if not self.header or n == line:
                    return False
                return n >= end or (
                    stop is not None and n >= stop_from and bool(stop[n - stop_from])
                )

            rows = RecordRows(
                text,
                self.file,
                delimiter=self.delimiter,
                limits=self.limits,
                encoding="utf-8",
                first_line=line,
                pause=pause,
            )
            if header_needed:
                self._read_header(rows)
            else:
                rows.use_header(self.header)
            for sequence, item in enumerate(records(rows, self.header, self.file)):
                self.items.append(item)
                self.item_keys.append(order_key(line, sequence))
            return rows.lines_read + 1
        finally:
            stream.close()

    def _read_header(self, rows: RecordRows) -> None:
        first = next(rows, None)
        if first is None:
            raise SourceError(f"{self.file}: the file has no header row")
        if isinstance(first, RowError):
            raise SourceError(f"{self.file}: the header row cannot be read: {first.reason}")
        header = clean_header(first[1])
        check_header(header, self.file)
        check_columns(header, self.required, self.file, self.what, self.source)
        if self.one_of and not set(self.one_of) & set(header):
            raise SourceError(
                f"{self.file}: not {a_or_an(self.what)} file: it needs one of the columns "
                f"{', '.join(self.one_of)}{shape_hint(header, self.source)}"
            )
        rows.use_header(header)
        self.header = header

    def _skip_lines(self, pos: int, count: int) -> int:
        """The byte offset ``count`` physical lines after ``pos``."""
        mm = self.mm
        for _ in range(count):
            nl = mm.find(b"\n", pos)
            cr = mm.find(b"\r", pos, nl if nl >= 0 else self.size)
            if cr >= 0:
                pos = cr + 2 if cr + 1 == nl else cr + 1
            elif nl >= 0:
                pos = nl + 1
            else:
                return self.size
        return pos

    # -- chunks of plain lines ------------------------------------------------------------------

    def pieces(self, wanted: list[str], piece_bytes: int | None) -> Iterator[ColumnPiece]:
        """The records of the file in pieces of about ``piece_bytes`` bytes of whole lines (one
        piece if None), in file order: a record's order key is larger than every key of the
        pieces before."""
        line = self._stretch(0, 1, None, 2)  # the header, and what follows until a plain line
        pos = self._skip_lines(0, line - 1)
        present = [c for c in dict.fromkeys(wanted) if c in self.header]
        chunks: list[_PlainChunk] = []
        start = pos
        while pos < self.size:
            if pos + CHUNK_BYTES >= self.size:
                end = self.size
            else:
                end = self.mm.rfind(b"\n", pos, pos + CHUNK_BYTES) + 1
            if end <= pos:  # a line longer than a chunk: the record reader reads it
                after = self._stretch(pos, line, None, line + 1)
                pos, line = self._skip_lines(pos, after - line), after
            else:
                pos, line = self._chunk(pos, end, line, chunks)
            if piece_bytes is not None and pos - start >= piece_bytes and pos < self.size:
                yield self._piece(chunks, present)
                chunks, start = [], pos
                self._let_go(pos)
        yield self._piece(chunks, present)

    def _let_go(self, pos: int) -> None:
        """Give back the mapped pages before byte ``pos`` (read: chunks are copies), so that the
        memory of a read in pieces does not grow with the file."""
        upto = pos - pos % mmap.PAGESIZE
        if upto > 0 and hasattr(mmap, "MADV_DONTNEED"):
            self.mm.madvise(mmap.MADV_DONTNEED, 0, upto)

    def _piece(self, chunks: list[_PlainChunk], present: list[str]) -> ColumnPiece:
        piece = ColumnPiece(
            self.header, present, self.delimiter, self.file, chunks, self.items, self.item_keys
        )
        self.items, self.item_keys = [], []
        return piece

    def _chunk(
        self,
        pos: int,
        end: int,
        line: int,
        chunks: list[_PlainChunk],
    ) -> tuple[int, int]:
        """Read the lines in bytes ``pos``..``end`` (line ``line`` starts at ``pos``); the byte
        and line to go on from."""
        chunk = self.mm[pos:end]
        data = np.frombuffer(chunk, dtype=np.uint8)
        starts, ends, plain = find_lines(data, self.delimiter, len(self.header), self.max_plain)
        lengths = ends - starts
        count = len(ends)
        buffer = pa.py_buffer(chunk)
        first = data[starts]
        second = data[np.minimum(starts + 1, len(data) - 1)]
        blank = ((lengths == 1) & ((first == 10) | (first == 13))) | (
            (lengths == 2) & (first == 13) & (second == 10)
        )
        plain |= blank
        take = plain & ~blank
        next_line = line + count
        i = 0
        while True:
            bad = np.flatnonzero(~plain[i:])
            if bad.size == 0:
                break
            j = i + int(bad[0])
            after = self._stretch(pos + int(starts[j]), line + j, plain, line)
            upto = min(after - line, count)
            take[j:upto] = False
            next_line = max(next_line, after)
            if upto == count:
                break
            i = upto
        if take.any():
            chunks.append(_PlainChunk(buffer, lengths, take, line))
        return self._skip_lines(end, next_line - line - count), next_line
