"""Physical lines into csv records, so that a broken line costs at most its own record.

:class:`RecordRows` feeds the csv module one physical line at a time (never more than
``Limits.max_line_chars`` of it in memory) and keeps the lines of the record being read. When a
record goes wrong it knows which lines it spans, and reports the first (where the stray quote
opened) as the bad row while the lines after it are read again on their own:

* a csv error (a quote closed in the middle of a field, a field over the csv module's limit,
  a quote never closed before the end of the file);
* a record over several lines whose field count is not the header's;
* a record over several lines with the header's field count, but with a quoted field holding a
  line break followed by a line that has as many delimiters as a record (a stray quote that
  swallowed whole records and happened to close at a field's end).

A record holding a control character (NUL, DEL, ...) is a bad row naming the field, and so is
a record that ends the file without a line break (the file may be cut). U+FEFF (a byte-order
mark, or the invisible "zero-width no-break space" copied into texts) is removed from every
field: it means nothing there, and left in an id it would make a second, different id.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Literal, TextIO

from trucewatch.errors import RowError
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "BOM",
    "CONTROL",
    "RecordRows",
    "bad_bytes_reason",
    "control_reason",
    "rows_of",
    "without_bom",
]

#: characters no field may hold: C0 controls but tab and line breaks, DEL, and the
#: non-characters U+FFFE/U+FFFF
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
#: the byte-order mark / zero-width no-break space, removed from every field
BOM = "\ufeff"
#: bytes not valid in the file's encoding, kept as lone surrogates (errors="surrogateescape")
_SURROGATE = re.compile("[\udc80-\udcff]")
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\uffff\udc80-\udcff]")

#: a swallowed stretch is read again at most this deep (each level drops one line)
_MAX_DEPTH = 200


def bad_bytes_reason(value: str, encoding: str) -> str:
    """Why a value holding bytes invalid in ``encoding`` is refused."""
    match = _SURROGATE.search(value)
    byte = ord(match.group()) - 0xDC00 if match else 0
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
        return f"not valid UTF-8 (byte 0x{byte:02x}); re-save as UTF-8 or pass encoding='latin-1'"
    return f"not valid {encoding} (byte 0x{byte:02x}); pass the file's real encoding"


def control_reason(value: str) -> str:
    """Why a value holding a :data:`CONTROL` character is refused."""
    match = CONTROL.search(value)
    code = ord(match.group()) if match else 0
    name = {0: "a NUL byte"}.get(code, f"U+{code:04X}")
    return (
        f"holds a control character ({name}) at position {match.start() + 1 if match else 0}: "
        "the file is damaged or not plain text; remove the character"
    )


class _TooLong(Exception):
    def __init__(self, number: int, size: int):
        super().__init__(number)
        self.number = number
        self.size = size


class _Lines:
    """Physical lines from ``readline``, remembered until :meth:`take`; flags what it saw."""

    __slots__ = ("_carry", "_limit", "_max", "_readline", "control", "cut", "number", "taken")

    def __init__(self, readline: Callable[[int], str], max_chars: int, number: int = 0):
        self._readline = readline
        self._max = max_chars
        self._limit = max_chars + 2  # room for "\r\n"
        self.number = number  # physical lines read so far
        self.taken: list[str] = []  # the lines of the record being read
        self.control = False  # a taken line holds a CONTROL character or a BOM
        self.cut = False  # a taken line is the stream's last, without a line break
        self._carry = ""  # a character read past a "\r" to see whether "\n" follows

    def __iter__(self) -> _Lines:
        return self

    def _read(self, limit: int) -> str:
        """``readline(limit)``, but a "\r\n" cut by the limit after its "\r" is read whole (it
        is one line break, not two)."""
        carry, self._carry = self._carry, ""
        if carry == "\n":
            return carry
        if carry == "\r":
            line = carry
        else:
            line = carry + self._readline(limit - len(carry)) if carry else self._readline(limit)
        if line[-1:] == "\r" and (len(line) >= limit or line is carry):
            after = self._readline(1)
            if after == "\n":
                line += after
            else:
                self._carry = after
        return line

    def __next__(self) -> str:
        line = self._read(self._limit)
        if not line:
            raise StopIteration
        self.number += 1
        last = line[-1]
        if last == "\n" or last == "\r":
            if len(line) > self._max and len(line.rstrip("\r\n")) > self._max:
                raise _TooLong(self.number, len(line.rstrip("\r\n")))
        elif len(line) >= self._limit:
            raise _TooLong(self.number, self._skip_rest(len(line)))
        else:
            self.cut = True
        self.taken.append(line)
        body = line.rstrip("\r\n")
        if (  # isprintable() fails rarely: a tab, a non-ASCII space, or a control character
            not body.isprintable()
            and ("\t" not in body or not body.replace("\t", " ").isprintable())
            and _SUSPECT.search(line) is not None
        ):
            self.control = True
        return line

    def _skip_rest(self, size: int) -> int:
        """Read past the rest of an over-long line without keeping it; its whole length."""
        while True:
            chunk = self._read(self._limit)
            if not chunk:
                return size
            if chunk[-1] == "\n" or chunk[-1] == "\r":
                return size + len(chunk.rstrip("\r\n"))
            size += len(chunk)

    def take(self) -> list[str]:
        """The lines of the record just read; starts the next record."""
        taken = self.taken
        self.taken = []
        self.control = self.cut = False
        return taken


def _span(first: int, last: int) -> str:
    """``"line 4 is"`` or ``"lines 4 to 9 are each"``, to start a sentence about them."""
    return f"line {first} is" if first == last else f"lines {first} to {last} are each"


def _replay(lines: list[str], first: int) -> _Lines:
    """Lines read already (from line ``first`` on), as a source to read records from again."""
    it = iter(lines)
    source = _Lines(lambda _limit: next(it, ""), 1 << 62, first - 1)
    return source


class RecordRows:
    """Raw csv records of a text stream: ``(first_line, values)``, or a RowError per bad record.

    Blank lines are skipped. Set :attr:`header` (with :meth:`use_header`) once the header is
    read, so that records over several lines can be checked against its width and a control
    character can be reported with its column's name.
    """

    def __init__(
        self,
        stream: TextIO,
        file: str,
        *,
        delimiter: str = ",",
        quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
        limits: Limits = DEFAULT_LIMITS,
        encoding: str = "utf-8",
        first_line: int = 1,
        pause: Callable[[int], bool] | None = None,
    ):
        self.file = file
        self.encoding = encoding
        self.delimiter = delimiter
        self.quoting = quoting
        self.limits = limits
        self.header: Sequence[str] | None = None
        self._lines = _Lines(stream.readline, limits.max_line_chars, first_line - 1)
        #: called with the next line's number whenever a record is about to start there (no
        #: record half read, nothing left to read again); True stops the reading there
        self._pause = pause
        self._records = self._generate()

    @property
    def lines_read(self) -> int:
        """The number of the last physical line read (0 before the first)."""
        return self._lines.number

    def use_header(self, header: Sequence[str]) -> None:
        self.header = header

    def __iter__(self) -> RecordRows:
        return self

    def __next__(self) -> tuple[int, list[str]] | RowError:
        return next(self._records)

    def _reader(self, lines: _Lines) -> Iterator[list[str]]:
        return csv.reader(lines, delimiter=self.delimiter, quoting=self.quoting, strict=True)

    def _error(self, line: int, reason: str, field: str | None = None, value: str | None = None):
        return RowError(file=self.file, line=line, field=field, value=value, reason=reason)

    def _generate(self) -> Iterator[tuple[int, list[str]] | RowError]:
        stack = [(self._lines, self._reader(self._lines))]
        while stack:
            lines, reader = stack[-1]
            start = lines.number + 1
            if len(stack) == 1 and self._pause is not None and self._pause(start):
                return
            try:
                values = next(reader)
            except StopIteration:
                stack.pop()
                continue
            except csv.Error as exc:
                taken = lines.take()
                yield self._error(start, self._csv_reason(str(exc), start, lines.number, taken))
                yield from self._again(stack, taken, start)
                continue
            except _TooLong as exc:
                taken = lines.take()
                if taken:  # a quoted field ran into the long line: its record is lost too
                    yield self._error(
                        start,
                        f"a quoted field opened on this line runs into line {exc.number}, "
                        "which is too long (below); the lines between are read on their own",
                    )
                    yield from self._again(stack, taken, start)
                yield self._error(
                    exc.number,
                    f"the line is {exc.size:,} characters long, over the limit of "
                    f"{self.limits.max_line_chars:,}: it was skipped (raise the limit with "
                    "trucewatch ingest --max-line-chars N, or Limits(max_line_chars=N))",
                )
                continue
            taken = lines.taken
            if len(taken) == 1 and not lines.control and not lines.cut:
                taken.clear()  # the common case: one clean line
                if values:
                    yield start, values
                continue
            cut, control = lines.cut, lines.control
            taken = lines.take()
            if len(taken) > 1 and (reason := self._swallowed(values, start, lines.number)):
                yield self._error(start, reason)
                yield from self._again(stack, taken, start)
            elif cut and self.header is not None:  # (a header cut short lacks its columns)
                yield self._error(
                    start,
                    "the file ends inside this record, without a line break: the record may "
                    "be cut short (an interrupted download or copy?); if it is complete, end "
                    "the file with a line break",
                )
            elif control and (bad := self._control(start, values)) is not None:
                yield bad
            elif values:
                yield start, values

    def _again(
        self, stack: list[tuple[_Lines, Iterator[list[str]]]], taken: list[str], start: int
    ) -> Iterator[RowError]:
        """Read the lines after the first of a broken record again, as records of their own
        (past :data:`_MAX_DEPTH` nested stray quotes, each of those lines is a bad row)."""
        if len(taken) < 2:
            return
        if len(stack) > _MAX_DEPTH:
            for offset in range(1, len(taken)):
                yield self._error(
                    start + offset, "unbalanced quotes on too many lines in a row to read again"
                )
            return
        source = _replay(taken[1:], start + 1)
        stack.append((source, self._reader(source)))

    def _csv_reason(self, message: str, start: int, end: int, taken: list[str]) -> str:
        if "unexpected end of data" in message:
            reason = (
                "unterminated quoted field: a quote opened in the record starting on this line "
                f"is never closed before the end of the file (line {end})"
            )
        else:
            reason = f"malformed record: {message}"
        if len(taken) > 1:
            reason += f"; {_span(start + 1, end)} read again on its own"
        return reason

    def _swallowed(self, values: list[str], start: int, end: int) -> str | None:
        """Why a record over lines ``start``..``end`` looks like a stray quote's, or None."""
        if self.header is None:
            return None
        width = len(self.header)
        if len(values) != width:
            return (
                f"a quote opened on this line closes only on line {end}, making one record of "
                f"{len(values)} fields where the header has {width} (a stray quote?); "
                f"{_span(start + 1, end)} read again on its own"
            )
        for value in values:
            if "\n" in value or "\r" in value:
                for part in value.splitlines()[1:]:
                    if part.count(self.delimiter) >= width - 1:
                        return (
                            f"a quoted field opened on this line runs over lines {start + 1} to "
                            f"{end}, which look like records of their own (a stray quote?); "
                            "they are read again on their own"
                        )
        return None

    def _control(self, start: int, values: list[str]) -> RowError | None:
        """Drop BOMs from ``values`` (in place); the RowError if a field holds bytes invalid in
        the encoding or a control character, else None (also for the header: its reader
        checks it)."""
        header = self.header
        for position, value in enumerate(values):
            if BOM in value:
                values[position] = value = value.replace(BOM, "")
            if header is None:
                continue
            name = header[position] if position < len(header) else f"column {position + 1}"
            if _SURROGATE.search(value):
                shown = _SURROGATE.sub("\ufffd", value)
                return self._error(start, bad_bytes_reason(value, self.encoding), name, shown)
            if CONTROL.search(value):
                shown = CONTROL.sub("\ufffd", value)
                return self._error(start, control_reason(value), name, shown)
        return None


def without_bom(value: str) -> str:
    """``value`` without U+FEFF (see the module docstring)."""
    return value.replace(BOM, "") if BOM in value else value


def rows_of(
    stream: TextIO,
    file: str,
    *,
    delimiter: str = ",",
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
    limits: Limits = DEFAULT_LIMITS,
    encoding: str = "utf-8",
) -> RecordRows:
    """The raw records of ``stream`` (see :class:`RecordRows`); ``encoding`` is the one the
    stream was decoded with (named when a byte is not valid in it)."""
    return RecordRows(
        stream, file, delimiter=delimiter, quoting=quoting, limits=limits, encoding=encoding
    )
