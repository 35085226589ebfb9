"""Reading delimited files record by record, and parsing their fields.

Shared by every adapter. :func:`read_table` yields, for each record, ``(line, fields)`` where
``line`` is the physical line the record starts on (quoted fields may span lines), or a
:class:`~trucewatch.errors.RowError` when the record itself cannot be read: a bad quote, the
wrong number of fields, bytes that are not valid in the declared encoding. Problems with the
whole file (absent, empty, missing required columns) raise :class:`~trucewatch.errors.SourceError`.

Field parsers raise :class:`FieldError` (field, value, reason); adapters turn it into a
``RowError`` naming the file and line with :func:`row_error`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Literal, TextIO

from trucewatch.errors import RowError, SourceError, ValidationError
from trucewatch.model.event import Event
from trucewatch.sources.sniff import a_or_an, shape_hint

__all__ = [
    "FieldError",
    "Fields",
    "check_columns",
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

Fields = dict[str, str]


class FieldError(Exception):
    """One field of a record is unusable: which field, its value, and why."""

    def __init__(self, field: str | None, value: str | None, reason: str):
        super().__init__(reason)
        self.field = field
        self.value = value
        self.reason = reason


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

_SURROGATE = re.compile("[\udc80-\udcff]")


def _bad_bytes(field: str, value: str, encoding: str) -> FieldError:
    match = _SURROGATE.search(value)
    byte = ord(match.group()) - 0xDC00 if match else 0
    shown = _SURROGATE.sub("\ufffd", value)
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
        reason = f"not valid UTF-8 (byte 0x{byte:02x}); re-save as UTF-8 or pass encoding='latin-1'"
    else:
        reason = f"not valid {encoding} (byte 0x{byte:02x}); pass the file's real encoding"
    return FieldError(field, shown, reason)


def rows_of(
    stream: Iterable[str],
    file: str,
    *,
    delimiter: str = ",",
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
) -> Iterator[tuple[int, list[str]] | RowError]:
    """Raw csv records of ``stream`` as ``(first_line, values)``, or a RowError per bad record.

    Blank lines are skipped. After a quoting error the reader goes on with the next line; an
    unterminated quote at the end of the file ends the file.
    """
    reader = csv.reader(stream, delimiter=delimiter, quoting=quoting, strict=True)
    previous = 0
    while True:
        start = previous + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message:
                message = (
                    f"unterminated quoted field: a quote opened in the record starting on line "
                    f"{start} is never closed before the end of the file (line {reader.line_num})"
                )
            else:
                message = f"malformed record: {message}"
            yield RowError(file=file, line=start, field=None, value=None, reason=message)
            previous = reader.line_num
            continue
        previous = reader.line_num
        if values:
            yield start, values


def records(
    rows: Iterable[tuple[int, list[str]] | RowError],
    header: Sequence[str],
    file: str,
    *,
    encoding: str = "utf-8",
) -> Iterator[tuple[int, Fields] | RowError]:
    """Records zipped with ``header``; wrong field counts and undecodable bytes -> RowErrors."""
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
        fields = dict(zip(header, values, strict=True))
        if not all(v.isascii() for v in values):
            bad = next((k for k, v in fields.items() if _SURROGATE.search(v)), None)
            if bad is not None:
                yield row_error(file, line, _bad_bytes(bad, fields[bad], encoding))
                continue
        yield line, fields


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


def read_table(
    path: Path,
    *,
    what: str,
    source: str = "",
    required: Iterable[str] = (),
    one_of: Sequence[str] = (),
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Iterator[tuple[int, Fields] | RowError]:
    """Records of a delimited file with a header row (see the module docstring).

    The header is checked before the first record is yielded: a missing ``required`` column,
    or none of the ``one_of`` columns, raises :class:`SourceError` when iteration starts.
    """
    file = str(path)
    with open_text(path, encoding) as stream:
        rows = rows_of(stream, file, delimiter=delimiter)
        first = next(rows, None)
        if first is None:
            raise SourceError(f"{file}: the file has no header row")
        if isinstance(first, RowError):
            raise SourceError(f"{file}: the header row cannot be read: {first.reason}")
        header = [h.strip() for h in first[1]]
        check_columns(header, required, file, what, source)
        if one_of and not set(one_of) & set(header):
            raise SourceError(
                f"{file}: not {a_or_an(what)} file: it needs one of the columns {', '.join(one_of)}"
                f"{shape_hint(header, source)}"
            )
        yield from records(rows, header, file, encoding=encoding)


# --------------------------------------------------------------------------- field parsers


def text(fields: Fields, name: str) -> str | None:
    """The stripped value of column ``name``, or None when absent or blank."""
    value = fields.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def parse_float(fields: Fields, name: str, low: float, high: float) -> float:
    """Column ``name`` as a float within ``[low, high]``."""
    raw = fields.get(name, "").strip()
    if not raw:
        raise FieldError(name, raw, f"is empty; a number in [{low:g}, {high:g}] is required")
    try:
        value = float(raw)
    except ValueError:
        raise FieldError(
            name, raw, f"is not a number; expected one in [{low:g}, {high:g}]"
        ) from None
    if not low <= value <= high:  # also refuses nan
        raise FieldError(name, raw, f"{raw} is outside [{low:g}, {high:g}]")
    return value


def _to_int(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        number = float(raw)  # "7.0" written by pandas; ValueError propagates
        if not number.is_integer():
            raise ValueError(raw) from None
        return int(number)


def parse_int(fields: Fields, name: str, *, minimum: int = 0, optional: bool = False) -> int | None:
    """Column ``name`` as a whole number >= ``minimum`` (``"7.0"`` is accepted as 7)."""
    raw = fields.get(name, "").strip()
    if not raw:
        if optional:
            return None
        raise FieldError(name, raw, f"is empty; a whole number >= {minimum} is required")
    try:
        value = _to_int(raw)
    except (ValueError, OverflowError):
        raise FieldError(name, raw, f"is not a whole number >= {minimum}") from None
    if value < minimum:
        raise FieldError(name, raw, f"{value} is below the minimum {minimum}")
    return value


def parse_code(fields: Fields, name: str, allowed: Iterable[int]) -> int:
    """Column ``name`` as one of the integer codes ``allowed``."""
    allowed = sorted(allowed)
    shown = ", ".join(str(a) for a in allowed)
    raw = fields.get(name, "").strip()
    value: int | None
    try:
        value = _to_int(raw)
    except (ValueError, OverflowError):
        value = None
    if value is None or value not in allowed:
        what = "is empty" if not raw else "is not a known code"
        raise FieldError(name, raw, f"{what}; allowed codes are {shown}")
    return value


_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[-\s/]([A-Za-z]+)[-\s/](\d{2}|\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$")
_COMPACT_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_day(raw: str) -> date:
    """A calendar day written ``2016-02-26``, ``20160226``, ``26-Feb-16`` or ``26 February 2016``.

    ISO days may carry a midnight time (``2016-02-26T00:00:00``, as the UCDP API writes them).
    Two-digit years follow Python's ``%y``: 69-99 are 19xx, 00-68 are 20xx.
    Raises ValueError with a readable reason.
    """
    raw = raw.strip()
    match = _ISO_DAY.match(raw) or _COMPACT_DAY.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    match = _DAY_MONTH_YEAR.match(raw)
    if match:
        day_s, month_s, year_s = match.groups()
        month_number = _MONTHS.get(month_s.lower())
        if month_number is None:
            raise ValueError(f"unknown month name {month_s!r}")
        year_number = int(year_s)
        if len(year_s) == 2:
            year_number += 1900 if year_number >= 69 else 2000
        return date(year_number, month_number, int(day_s))
    raise ValueError("not a date")


_DATE_FORMATS = "YYYY-MM-DD, YYYYMMDD, D-Mon-YY or D Month YYYY"


def parse_date(fields: Fields, name: str) -> date:
    """Column ``name`` as a calendar day (see :func:`parse_day` for the accepted forms)."""
    raw = fields.get(name, "").strip()
    if not raw:
        raise FieldError(name, raw, f"is empty; a date ({_DATE_FORMATS}) is required")
    try:
        return parse_day(raw)
    except ValueError as exc:
        raise FieldError(name, raw, f"is not a valid date ({exc}); use {_DATE_FORMATS}") from None


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
