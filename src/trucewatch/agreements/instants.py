"""Instants, dates and durations as written in agreement files.

An instant is an ISO 8601 date-time WITH an offset, and the offset must be the one the declared
IANA time zone had at that local time: ``2016-05-05T01:00:00+02:00`` is refused for Asia/Damascus
(which was at +03:00 then), and a local time skipped by a daylight-saving jump does not exist.
Functions raise :class:`ValueError` with a message that names the value and what is allowed; the
loader adds the file and the field.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "MAX_DURATION",
    "MAX_TEXT",
    "MAX_YEAR",
    "MIN_YEAR",
    "format_offset",
    "parse_date",
    "parse_duration",
    "parse_instant",
]


def _check_text(value: str, what: str) -> None:
    """Refuse texts too long to be ``what`` and years outside [MIN_YEAR, MAX_YEAR]."""
    if len(value) > MAX_TEXT:
        raise ValueError(
            f"value {value[:30]!r}... is {len(value):,} characters long; {what} has at most "
            f"{MAX_TEXT}"
        )
    if what != "a duration" and value[:4].isdigit() and not MIN_YEAR <= int(value[:4]) <= MAX_YEAR:
        raise ValueError(
            f"value {value!r}: year {value[:4]} is outside {MIN_YEAR}..{MAX_YEAR}, the years "
            "an agreement's instants and dates may have"
        )


_INSTANT = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(?P<offset>Z|[+-]\d{2}:?\d{2})?$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHORT_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(w|d|h|min|s)")
# One way only to match each character (no nested optional blanks): linear time on any text.
_SHORT = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*(?:w|d|h|min|s)\s*)+$")
_ISO = re.compile(
    r"^P(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
_SECONDS = {"w": 604_800.0, "d": 86_400.0, "h": 3_600.0, "min": 60.0, "m": 60.0, "s": 1.0}

#: Instants and dates must fall in these years (inclusive): no ceasefire data lies outside, and
#: every instant then stays far from what datetime can hold once converted to UTC.
MIN_YEAR, MAX_YEAR = 1900, 2199
#: Longest duration of a window: 36,525 days (100 years).
MAX_DURATION = timedelta(days=36_525)
#: Longest text read as an instant, a date or a duration.
MAX_TEXT = 64


def format_offset(offset: timedelta | None) -> str:
    """``+03:00`` style text of a UTC offset."""
    if offset is None:
        return "no offset"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def _offsets_at(local: datetime, tz: ZoneInfo) -> list[timedelta]:
    """The offsets a wall-clock time can have in ``tz``: none (gap), one, or two (fold)."""
    found: list[timedelta] = []
    for fold in (0, 1):
        aware = local.replace(tzinfo=tz, fold=fold)
        offset = aware.utcoffset()
        back = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        if offset is not None and back == local and offset not in found:
            found.append(offset)
    return found


def parse_instant(text: object, tz: ZoneInfo) -> datetime:
    """An aware datetime from ISO 8601 text with an offset that agrees with ``tz``."""
    example = "2016-02-27T00:00:00+02:00"
    if not isinstance(text, str):
        raise ValueError(
            f"value {text!r} is not an instant: write an ISO 8601 date-time with an offset "
            f"as text, e.g. {example}"
        )
    value = text.strip()
    _check_text(value, "an instant")
    if _DATE.match(value):
        raise ValueError(
            f"value {value!r} is a date, not an instant: write the time of day and the offset, "
            f"e.g. {value}T00:00:00{_offset_hint(value, tz)}"
        )
    match = _INSTANT.match(value)
    if match is None:
        raise ValueError(
            f"value {value!r} is not an ISO 8601 date-time: write e.g. {example} "
            "(date, 'T', time, offset)"
        )
    written = match.group("offset") or "Z"
    if written != "Z" and not (int(written[1:3]) <= 14 and int(written[-2:]) < 60):
        raise ValueError(
            f"value {value!r}: offset {written} is not a UTC offset (they run from -12:00 "
            "to +14:00)"
        )
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"value {value!r} is not a real date-time ({exc})") from exc
    if match.group("offset") is None:
        raise ValueError(
            f"value {value!r} is naive (no UTC offset): an instant needs one, e.g. "
            f"{value}{_offset_hint(value, tz)} in {tz.key}"
        )
    local = parsed.replace(tzinfo=None)
    offset = parsed.utcoffset()
    allowed = _offsets_at(local, tz)
    if not allowed:
        same_instant = parsed.astimezone(tz).isoformat()
        before = format_offset(local.replace(tzinfo=tz, fold=0).utcoffset())
        after = format_offset(local.replace(tzinfo=tz, fold=1).utcoffset())
        raise ValueError(
            f"value {value!r}: local time {local.isoformat(sep=' ')} does not exist in {tz.key} "
            f"(clocks jumped from {before} to {after} for daylight saving time and skipped it); "
            f"write the instant with the offset in force then, e.g. {same_instant}"
        )
    if offset not in allowed:
        in_force = " or ".join(format_offset(o) for o in allowed)
        raise ValueError(
            f"value {value!r} does not match {tz.key}, which is {in_force} then "
            f"(offset written: {format_offset(offset)}); check daylight saving time"
        )
    return parsed


def _offset_hint(value: str, tz: ZoneInfo) -> str:
    try:
        local = datetime.fromisoformat(value[:19] if "T" in value or " " in value else value)
    except ValueError:
        return "+00:00"
    offsets = _offsets_at(local.replace(tzinfo=None), tz)
    return format_offset(offsets[0]) if offsets else "+00:00"


def parse_date(text: object) -> date:
    """A calendar date ``YYYY-MM-DD``."""
    if not isinstance(text, str) or not _DATE.match(text.strip()):
        shown = text if not isinstance(text, str) or len(text) <= MAX_TEXT else text[:30] + "..."
        raise ValueError(f"value {shown!r} is not a date: write YYYY-MM-DD, e.g. 2016-07-28")
    _check_text(text.strip(), "a date")
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"value {text!r} is not a real date ({exc})") from exc


def parse_duration(text: object) -> timedelta:
    """An elapsed time: ``48h``, ``3d``, ``90min``, ``1d12h``, ``2w`` or ISO 8601 ``PT48H``.

    Durations are exact elapsed time (a day is 24 h even across a daylight-saving change);
    calendar months and years are refused because their length varies.
    """
    allowed = "write e.g. '48h', '3d', '90min', '2w' or ISO 8601 'PT48H', 'P3D'"
    if not isinstance(text, str):
        raise ValueError(f"value {text!r} is not a duration: {allowed} (as text)")
    value = text.strip()
    _check_text(value, "a duration")
    seconds = 0.0
    if _SHORT.match(value):
        for amount, unit in _SHORT_PART.findall(value):
            seconds += float(amount) * _SECONDS[unit]
    elif (iso := _ISO.match(value)) and value not in ("P", "PT") and not value.endswith("T"):
        for unit, amount in iso.groupdict().items():
            seconds += 0.0 if amount is None else float(amount) * _SECONDS[unit]
    elif re.match(r"^\d+\s*m$", value):
        raise ValueError(
            f"value {value!r}: 'm' is ambiguous; write 'min' for minutes, e.g. '90min'"
        )
    elif re.match(r"^P(\d+Y|\d+M)", value) or re.match(r"^\d+\s*(mo|y)$", value):
        raise ValueError(
            f"value {value!r}: months and years have no fixed length; use days or an end instant"
        )
    else:
        raise ValueError(f"value {value!r} is not a duration: {allowed}")
    if seconds > MAX_DURATION.total_seconds():
        raise ValueError(
            f"value {value!r} is longer than {MAX_DURATION.days:,} days (100 years), the "
            "longest duration allowed: give an end instant instead"
        )
    total = timedelta(seconds=seconds)
    if total <= timedelta(0):
        raise ValueError(f"value {value!r}: a duration must be longer than zero")
    return total
