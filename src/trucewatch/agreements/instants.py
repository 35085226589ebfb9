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

__all__ = ["format_offset", "parse_date", "parse_duration", "parse_instant"]

_INSTANT = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(?P<offset>Z|[+-]\d{2}:?\d{2})?$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHORT_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(w|d|h|min|s)")
_SHORT = re.compile(r"^(\s*\d+(?:\.\d+)?\s*(w|d|h|min|s)\s*)+$")
_ISO = re.compile(
    r"^P(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
_UNITS = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1)}
_UNITS |= {"min": timedelta(minutes=1), "s": timedelta(seconds=1)}


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
        raise ValueError(f"value {text!r} is not a date: write YYYY-MM-DD, e.g. 2016-07-28")
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
    total = timedelta(0)
    if _SHORT.match(value):
        for amount, unit in _SHORT_PART.findall(value):
            total += float(amount) * _UNITS[unit]
    elif (iso := _ISO.match(value)) and value not in ("P", "PT") and not value.endswith("T"):
        parts = {k: float(v) for k, v in iso.groupdict().items() if v is not None}
        total = timedelta(
            weeks=parts.get("w", 0),
            days=parts.get("d", 0),
            hours=parts.get("h", 0),
            minutes=parts.get("m", 0),
            seconds=parts.get("s", 0),
        )
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
    if total <= timedelta(0):
        raise ValueError(f"value {value!r}: a duration must be longer than zero")
    return total
