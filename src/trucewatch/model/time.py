"""Instants and half-open UTC intervals, and the local calendar day of a place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from trucewatch.errors import ValidationError

__all__ = [
    "Interval",
    "ensure_aware",
    "local_days_interval",
    "to_utc",
    "zone",
]


def zone(name: str) -> ZoneInfo:
    """The IANA time zone called ``name``; a clear error if there is none."""
    try:
        if name not in _ZONES and name != "UTC":
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            f"unknown time zone {name!r}: use an IANA name such as 'Asia/Damascus' or 'UTC'"
        ) from exc


_ZONES = frozenset(available_timezones())


def ensure_aware(value: datetime, what: str = "datetime") -> datetime:
    """Refuse naive datetimes: an instant without a zone is not an instant."""
    if not isinstance(value, datetime):
        raise ValidationError(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            f"{what} {value.isoformat()} has no time zone: write it with an offset, "
            "e.g. 2016-02-27T00:00:00+02:00"
        )
    return value


def to_utc(value: datetime, what: str = "datetime") -> datetime:
    """The same instant expressed in UTC (refuses naive datetimes)."""
    return ensure_aware(value, what).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Interval:
    """A half-open interval of time ``[start, end)`` in UTC. ``end=None`` means open-ended."""

    start: datetime
    end: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", to_utc(self.start, "interval start"))
        if self.end is not None:
            object.__setattr__(self, "end", to_utc(self.end, "interval end"))
            if self.end <= self.start:
                raise ValidationError(
                    f"interval end {self.end.isoformat()} is not after its start "
                    f"{self.start.isoformat()}"
                )

    @property
    def duration(self) -> timedelta | None:
        return None if self.end is None else self.end - self.start

    def contains(self, instant: datetime) -> bool:
        instant = to_utc(instant, "instant")
        return self.start <= instant and (self.end is None or instant < self.end)

    def overlaps(self, other: Interval) -> bool:
        starts_before_other_ends = other.end is None or self.start < other.end
        ends_after_other_starts = self.end is None or other.start < self.end
        return starts_before_other_ends and ends_after_other_starts

    def __str__(self) -> str:
        end = self.end.isoformat() if self.end else "open"
        return f"[{self.start.isoformat()}, {end})"


def local_days_interval(first: date, last: date, tz: ZoneInfo | str) -> Interval:
    """The local calendar days ``first``..``last`` (inclusive) at a place, as a UTC interval.

    An event dated 26 Feb 2016 in Syria (UTC+2) becomes [2016-02-25T22:00Z, 2016-02-26T22:00Z),
    so it ends before a truce starting 27 Feb 00:00 Damascus time.
    """
    if last < first:
        raise ValidationError(f"last day {last} is before first day {first}")
    tzinfo = zone(tz) if isinstance(tz, str) else tz
    start = datetime.combine(first, time(0), tzinfo)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo)
    return Interval(start, end)
