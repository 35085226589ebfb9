"""Field parsers shared by the adapters: each returns a value or raises :class:`FieldError`.

A FieldError names the field, its value and why it is refused; :func:`~trucewatch.sources.
_reading.convert` turns it into a :class:`~trucewatch.errors.RowError` naming the file and line.
Values the store cannot hold (days outside the event range, death counts over the maximum) are
refused here: see :mod:`trucewatch.sources.limits`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from trucewatch.sources.limits import MAX_FATALITIES, day_range_reason

__all__ = [
    "FieldError",
    "Fields",
    "check_day",
    "parse_code",
    "parse_date",
    "parse_day",
    "parse_float",
    "parse_int",
    "text",
]

Fields = dict[str, str]


class FieldError(Exception):
    """One field of a record is unusable: which field, its value, and why."""

    def __init__(self, field: str | None, value: str | None, reason: str):
        super().__init__(reason)
        self.field = field
        self.value = value
        self.reason = reason


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
    if not low <= value <= high:  # also refuses nan and inf
        if value != value or value in (float("inf"), float("-inf")):
            raise FieldError(
                name, raw, f"is not a finite number; expected one in [{low:g}, {high:g}]"
            )
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


def parse_int(
    fields: Fields,
    name: str,
    *,
    minimum: int = 0,
    maximum: int = MAX_FATALITIES,
    optional: bool = False,
) -> int | None:
    """Column ``name`` as a whole number in ``[minimum, maximum]`` (``"7.0"`` is accepted as 7).

    ``maximum`` defaults to :data:`~trucewatch.sources.limits.MAX_FATALITIES`: every count
    read this way is a number of deaths.
    """
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
    if value > maximum:
        raise FieldError(
            name, raw, f"is above the maximum {maximum:,} (the most deaths one event may have)"
        )
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


MONTHS = {
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
    Raises ValueError with a readable reason; :func:`parse_date` also refuses days outside
    :data:`~trucewatch.sources.limits.EARLIEST_DAY`..``LATEST_DAY``.
    """
    raw = raw.strip()
    match = _ISO_DAY.match(raw) or _COMPACT_DAY.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    match = _DAY_MONTH_YEAR.match(raw)
    if match:
        day_s, month_s, year_s = match.groups()
        month_number = MONTHS.get(month_s.lower())
        if month_number is None:
            raise ValueError(f"unknown month name {month_s!r}")
        year_number = int(year_s)
        if len(year_s) == 2:
            year_number += 1900 if year_number >= 69 else 2000
        return date(year_number, month_number, int(day_s))
    raise ValueError("not a date")


_DATE_FORMATS = "YYYY-MM-DD, YYYYMMDD, D-Mon-YY or D Month YYYY"


def parse_date(fields: Fields, name: str) -> date:
    """Column ``name`` as a calendar day (see :func:`parse_day` for the accepted forms) on
    which an event may fall (:func:`~trucewatch.sources.limits.day_range_reason`)."""
    raw = fields.get(name, "").strip()
    if not raw:
        raise FieldError(name, raw, f"is empty; a date ({_DATE_FORMATS}) is required")
    try:
        day = parse_day(raw)
    except ValueError as exc:
        raise FieldError(name, raw, f"is not a valid date ({exc}); use {_DATE_FORMATS}") from None
    return check_day(name, raw, day)


def check_day(name: str, raw: str, day: date) -> date:
    """``day`` (read from column ``name``'s ``raw``) or a FieldError if no event falls on it."""
    reason = day_range_reason(day)
    if reason is not None:
        raise FieldError(name, raw, reason)
    return day
