"""trucewatch: monitor ceasefires from agreements and conflict events.

Import the public API from here; modules below may move.
"""

from trucewatch.agreements import (
    agreement_to_dict,
    in_force,
    load_agreement,
    load_agreements,
    load_examples,
)
from trucewatch.effect.simulate import SimulationConfig, simulate
from trucewatch.effect.summary import WindowSummary, summarize, summarize_events
from trucewatch.errors import (
    AgreementError,
    BadRowsError,
    BoundaryError,
    NotFoundError,
    RowError,
    SourceError,
    StoreBusyError,
    StoreError,
    TrucewatchError,
    ValidationError,
)
from trucewatch.geo.boundaries import BoundarySet
from trucewatch.model import (
    Actors,
    DatePrecision,
    Event,
    Fatalities,
    Interval,
    Location,
    LocationPrecision,
    Provenance,
)
from trucewatch.model.agreement import Agreement, ExcludedGroup, Party, Scope, Window
from trucewatch.sources.base import adapter_for, registered_adapters
from trucewatch.store import EventQuery, IngestReport, Store, StoreStats, default_db_path

__version__ = "0.1.0"

__all__ = [
    "Actors",
    "Agreement",
    "AgreementError",
    "BadRowsError",
    "BoundaryError",
    "BoundarySet",
    "DatePrecision",
    "Event",
    "EventQuery",
    "ExcludedGroup",
    "Fatalities",
    "IngestReport",
    "Interval",
    "Location",
    "LocationPrecision",
    "NotFoundError",
    "Party",
    "Provenance",
    "RowError",
    "Scope",
    "SimulationConfig",
    "SourceError",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreStats",
    "TrucewatchError",
    "ValidationError",
    "Window",
    "WindowSummary",
    "__version__",
    "adapter_for",
    "agreement_to_dict",
    "default_db_path",
    "in_force",
    "load_agreement",
    "load_agreements",
    "load_examples",
    "registered_adapters",
    "simulate",
    "summarize",
    "summarize_events",
]
