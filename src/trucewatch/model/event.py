"""The one event model every source is turned into.

An :class:`Event` is immutable and checks itself at construction: a source-qualified id, a UTC
time interval, a point with its location uncertainty, the actors, a normalized event type from
:mod:`trucewatch.model.taxonomy`, fatalities low/best/high and the provenance of the record.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from enum import StrEnum

from trucewatch.errors import ValidationError
from trucewatch.model.taxonomy import is_event_type
from trucewatch.model.time import Interval

__all__ = [
    "GUESSABLE",
    "Actors",
    "DatePrecision",
    "Event",
    "Fatalities",
    "Location",
    "LocationPrecision",
    "Provenance",
]

_ID_PART = re.compile(r"^[a-z][a-z0-9_\-]*$")

#: The parts of an event read from text that may be guessed rather than read (``Event.guessed``),
#: in the order they are shown.
GUESSABLE: tuple[str, ...] = ("place", "date", "type", "actors", "toll")


class DatePrecision(StrEnum):
    """How precisely the source knows the date (the interval carries the exact bounds)."""

    DAY = "day"
    DAYS = "days"  # a span of 2-6 days
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    EXACT = "exact"  # a time of day is known (news text, simulations)

    @classmethod
    def of_span(cls, days: int) -> DatePrecision:
        """The precision of a date known to within ``days`` calendar days (inclusive)."""
        if days <= 1:
            return cls.DAY
        if days <= 6:
            return cls.DAYS
        if days <= 7:
            return cls.WEEK
        if days <= 31:
            return cls.MONTH
        return cls.YEAR


class LocationPrecision(StrEnum):
    """What the coordinates stand for (see docs/event-model.md for each source's mapping)."""

    EXACT = "exact"  # the named place itself
    NEAR = "near"  # within a limited area around a named place
    ADMIN2 = "admin2"  # coded to a district centroid
    ADMIN1 = "admin1"  # coded to a governorate / province centroid
    REGION = "region"  # larger than a province
    COUNTRY = "country"  # coded to the country
    WATER = "water"  # international waters or airspace


_ADMIN_CODED = {
    LocationPrecision.ADMIN2: 2,
    LocationPrecision.ADMIN1: 1,
    LocationPrecision.COUNTRY: 0,
}


@dataclass(frozen=True, slots=True)
class Location:
    """A point plus its uncertainty: a radius in km, or the admin unit the source coded to.

    ``admin1``..``admin3`` are the admin names the source gives; ``coded_admin`` names the unit
    the point stands for when ``precision`` is admin-coded (``admin1``, ``admin2`` or ``country``).
    ``radius_km`` is always set: for admin-coded points it is a conservative size of the unit.
    """

    lat: float
    lon: float
    radius_km: float
    precision: LocationPrecision
    place: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None

    def __post_init__(self) -> None:
        for name, value, bound in (("latitude", self.lat, 90.0), ("longitude", self.lon, 180.0)):
            if not isinstance(value, int | float) or not math.isfinite(value):
                raise ValidationError(f"{name} {value!r} is not a finite number")
            if not -bound <= value <= bound:
                raise ValidationError(f"{name} {value} is outside [-{bound:g}, {bound:g}]")
        if not math.isfinite(self.radius_km) or self.radius_km < 0:
            raise ValidationError(f"radius_km {self.radius_km!r} must be a number >= 0")
        object.__setattr__(self, "precision", LocationPrecision(self.precision))

    @property
    def coded_admin_level(self) -> int | None:
        """0, 1 or 2 when the point stands for a whole admin unit of that level, else None."""
        return _ADMIN_CODED.get(self.precision)

    @property
    def coded_admin(self) -> str | None:
        """The name of the admin unit the point stands for, when it is admin-coded."""
        level = self.coded_admin_level
        if level is None:
            return None
        return {0: self.country, 1: self.admin1, 2: self.admin2}[level]


@dataclass(frozen=True, slots=True)
class Actors:
    """Who took part. ``side_a``/``side_b`` as the source names them.

    ``perpetrator``/``target`` are set only when the source says who acted upon whom (UCDP
    one-sided violence, GDELT Actor1 → Actor2); ACLED actor1/actor2 and UCDP side_a/side_b of
    a battle do not, and then both stay ``None`` rather than being guessed.
    """

    side_a: str | None = None
    side_b: str | None = None
    perpetrator: str | None = None
    target: str | None = None
    associated_a: tuple[str, ...] = ()
    associated_b: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for role in ("perpetrator", "target"):
            value = getattr(self, role)
            if value is not None and value not in (self.side_a, self.side_b):
                raise ValidationError(f"{role} {value!r} must be side_a or side_b")
        object.__setattr__(self, "associated_a", tuple(self.associated_a))
        object.__setattr__(self, "associated_b", tuple(self.associated_b))

    @property
    def directed(self) -> bool:
        return self.perpetrator is not None


@dataclass(frozen=True, slots=True)
class Fatalities:
    """Deaths as low / best / high estimates; any may be unknown (``None``)."""

    low: int | None = None
    best: int | None = None
    high: int | None = None

    def __post_init__(self) -> None:
        for name in ("low", "best", "high"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 0):
                raise ValidationError(f"fatalities {name} {value!r} must be an integer >= 0")
        known = [v for v in (self.low, self.best, self.high) if v is not None]
        if known != sorted(known):
            raise ValidationError(
                f"fatalities must satisfy low <= best <= high, got "
                f"low={self.low}, best={self.best}, high={self.high}"
            )


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the record comes from: the file and line, and the source's own citation."""

    file: str | None = None
    line: int | None = None
    article: str | None = None
    headline: str | None = None
    url: str | None = None
    notes: str | None = None
    publisher: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One conflict event, whatever its source.

    ``event_id`` is ``"<source>:<source_row_id>"``, stable across re-ingests of the same file.
    ``adapter`` names the versioned adapter that produced it (e.g. ``ucdp_ged.v1``).
    ``confidence`` is the extraction confidence in [0, 1] of an event read from text (news),
    ``None`` for a coded dataset row; ``guessed`` names the parts of it that were guessed rather
    than read (of :data:`GUESSABLE`: the place taken from an earlier sentence, the day of
    publication for want of a date, ...), in that order.
    """

    source: str
    source_row_id: str
    adapter: str
    when: Interval
    date_precision: DatePrecision
    where: Location
    event_type: str
    actors: Actors = field(default_factory=Actors)
    fatalities: Fatalities = field(default_factory=Fatalities)
    provenance: Provenance = field(default_factory=Provenance)
    source_event_type: str | None = None
    timezone: str = "UTC"
    confidence: float | None = None
    guessed: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _ID_PART.match(self.source):
            raise ValidationError(
                f"source name {self.source!r} must be lowercase letters, digits, '_' or '-'"
            )
        if not self.source_row_id or any(c.isspace() for c in self.source_row_id):
            raise ValidationError(
                f"source row id {self.source_row_id!r} must be non-empty without spaces"
            )
        if not is_event_type(self.event_type):
            raise ValidationError(
                f"event type {self.event_type!r} is not in the taxonomy "
                "(see trucewatch.model.taxonomy.EVENT_TYPES)"
            )
        if not isinstance(self.when, Interval) or self.when.end is None:
            raise ValidationError("an event's time must be a closed Interval [earliest, latest)")
        object.__setattr__(self, "date_precision", DatePrecision(self.date_precision))
        if self.confidence is not None and (
            isinstance(self.confidence, bool)
            or not isinstance(self.confidence, int | float)
            or not 0.0 <= self.confidence <= 1.0
        ):
            raise ValidationError(
                f"event {self.event_id}: confidence {self.confidence!r} must be a number in "
                "[0, 1] (or None for a coded dataset row)"
            )
        guessed = tuple(self.guessed)
        unknown = [g for g in guessed if g not in GUESSABLE]
        if unknown:
            raise ValidationError(
                f"event {self.event_id}: guessed {unknown[0]!r} is not a part that may be "
                f"guessed; choose among {', '.join(GUESSABLE)}"
            )
        object.__setattr__(self, "guessed", tuple(g for g in GUESSABLE if g in guessed))

    @property
    def event_id(self) -> str:
        return f"{self.source}:{self.source_row_id}"
