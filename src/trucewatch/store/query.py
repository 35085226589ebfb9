"""Which events to read: :class:`EventQuery`, validated at construction, and its SQL filter."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from trucewatch.errors import ValidationError
from trucewatch.model.taxonomy import EVENT_TYPES
from trucewatch.model.time import to_utc

__all__ = ["EventQuery", "parse_bbox", "parse_instant", "where_clause"]

_CATEGORIES = frozenset(code.split(".", 1)[0] for code in EVENT_TYPES)


@dataclass(frozen=True)
class EventQuery:
    """A filter on stored events; every field left at its default matches everything.

    - ``bbox``: ``(min_lon, min_lat, max_lon, max_lat)`` in degrees; ``min_lon > max_lon``
      means a box that crosses the antimeridian.
    - ``start``/``end``: events whose interval ``[time_start, time_end)`` overlaps
      ``[start, end)``; either bound may be left open. Datetimes must carry a time zone.
    - ``sources``: source names as stored in event ids (``ucdp_ged``); ``-`` and ``_`` are
      treated alike, so the command-line spelling ``ucdp-ged`` also matches.
    - ``actor``: case-insensitive substring of side_a, side_b or an associated actor.
    - ``event_types``: exact codes (``remote.airstrike``) or categories (``remote``).
    - ``limit``: at most this many rows (in time order).
    """

    bbox: tuple[float, float, float, float] | None = None
    start: datetime | None = None
    end: datetime | None = None
    sources: tuple[str, ...] = ()
    actor: str | None = None
    event_types: tuple[str, ...] = ()
    limit: int | None = None

    def __post_init__(self) -> None:
        if self.bbox is not None:
            self._check_bbox(self.bbox)
            object.__setattr__(self, "bbox", tuple(float(v) for v in self.bbox))
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, to_utc(value, f"query {name}"))
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError(
                f"query end {self.end.isoformat()} is not after start {self.start.isoformat()}"
            )
        if isinstance(self.sources, str) or isinstance(self.event_types, str):
            raise ValidationError("sources and event_types must be tuples of names, not a string")
        object.__setattr__(self, "sources", tuple(self.sources))
        object.__setattr__(self, "event_types", tuple(self.event_types))
        for code in self.event_types:
            if code not in EVENT_TYPES and code not in _CATEGORIES:
                allowed = ", ".join(sorted(_CATEGORIES))
                raise ValidationError(
                    f"event type {code!r} is neither a type code nor a category "
                    f"(categories: {allowed}; codes: trucewatch.model.taxonomy.EVENT_TYPES)"
                )
        if self.actor is not None and not self.actor.strip():
            raise ValidationError("actor must be a non-empty name or part of one")
        if self.limit is not None and (not isinstance(self.limit, int) or self.limit < 0):
            raise ValidationError(f"limit {self.limit!r} must be an integer >= 0")

    @staticmethod
    def _check_bbox(bbox: tuple[float, ...]) -> None:
        if len(bbox) != 4 or not all(isinstance(v, int | float) for v in bbox):
            raise ValidationError(
                f"bbox {bbox!r} must be four numbers (min_lon, min_lat, max_lon, max_lat)"
            )
        min_lon, min_lat, max_lon, max_lat = bbox
        for name, value, bound in (
            ("min_lon", min_lon, 180),
            ("max_lon", max_lon, 180),
            ("min_lat", min_lat, 90),
            ("max_lat", max_lat, 90),
        ):
            if not math.isfinite(value) or not -bound <= value <= bound:
                raise ValidationError(f"bbox {name} {value} is outside [-{bound}, {bound}]")
        if min_lat > max_lat:
            raise ValidationError(f"bbox min_lat {min_lat} is above max_lat {max_lat}")


def where_clause(query: EventQuery | None) -> tuple[str, list[Any]]:
    """The SQL ``WHERE`` condition (without the keyword) and its parameters for ``query``."""
    if query is None:
        return "TRUE", []
    parts: list[str] = []
    params: list[Any] = []
    if query.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        parts.append("lat BETWEEN ? AND ?")
        params += [min_lat, max_lat]
        joiner = "AND" if min_lon <= max_lon else "OR"
        parts.append(f"(lon >= ? {joiner} lon <= ?)")
        params += [min_lon, max_lon]
    if query.start is not None:
        parts.append("time_end > ?")
        params.append(query.start)
    if query.end is not None:
        parts.append("time_start < ?")
        params.append(query.end)
    if query.sources:
        marks = ", ".join("?" for _ in query.sources)
        parts.append(f"replace(source, '-', '_') IN ({marks})")
        params += [s.replace("-", "_") for s in query.sources]
    if query.actor is not None:
        parts.append(
            "(contains(lower(coalesce(side_a, '')), ?) OR contains(lower(coalesce(side_b, '')), ?)"
            " OR contains(lower(array_to_string(associated_a, chr(31))), ?)"
            " OR contains(lower(array_to_string(associated_b, chr(31))), ?))"
        )
        params += [query.actor.lower()] * 4
    if query.event_types:
        alternatives = []
        for code in query.event_types:
            if code in EVENT_TYPES:
                alternatives.append("event_type = ?")
                params.append(code)
            else:
                alternatives.append("starts_with(event_type, ?)")
                params.append(code + ".")
        parts.append("(" + " OR ".join(alternatives) + ")")
    return (" AND ".join(parts) or "TRUE"), params


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """Parse ``MIN_LON,MIN_LAT,MAX_LON,MAX_LAT``; a clear error when it is not that."""
    if text is None:
        return None
    try:
        parts = tuple(float(p) for p in text.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or parts[0] > parts[2] or parts[1] > parts[3]:
        raise ValidationError(
            f"bbox {text!r} must be MIN_LON,MIN_LAT,MAX_LON,MAX_LAT with min <= max"
        )
    return parts  # type: ignore[return-value]


def parse_instant(text: str | None, option: str) -> datetime | None:
    """A day (``2016-05-09``, taken as 00:00 UTC) or an ISO 8601 instant; naive means UTC."""
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"{option} {text!r} is not a day (2016-05-09) or an instant (2016-05-09T01:00+03:00)"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
