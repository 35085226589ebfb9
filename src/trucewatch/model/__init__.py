"""Frozen, self-validating domain objects: everything else stands on these."""

from trucewatch.model.event import (
    Actors,
    DatePrecision,
    Event,
    Fatalities,
    Location,
    LocationPrecision,
    Provenance,
)
from trucewatch.model.taxonomy import EVENT_TYPES, is_violent
from trucewatch.model.time import Interval, local_days_interval, to_utc, zone

__all__ = [
    "EVENT_TYPES",
    "Actors",
    "DatePrecision",
    "Event",
    "Fatalities",
    "Interval",
    "Location",
    "LocationPrecision",
    "Provenance",
    "is_violent",
    "local_days_interval",
    "to_utc",
    "zone",
]
