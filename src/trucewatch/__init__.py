"""trucewatch: monitor ceasefires from agreements and conflict events.

Import the public API from here; modules below may move. Names are imported on first use
(PEP 562), so ``import trucewatch`` stays light: numba, scipy, matplotlib and the geospatial
readers load only with the functions that need them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

    __version__: str

#: public name -> the module it lives in (imported on first access)
_EXPORTS: dict[str, str] = {
    "agreement_to_dict": "trucewatch.agreements",
    "in_force": "trucewatch.agreements",
    "load_agreement": "trucewatch.agreements",
    "load_agreements": "trucewatch.agreements",
    "load_examples": "trucewatch.agreements",
    "SimulationConfig": "trucewatch.effect.simulate",
    "simulate": "trucewatch.effect.simulate",
    "WindowSummary": "trucewatch.effect.summary",
    "summarize": "trucewatch.effect.summary",
    "summarize_events": "trucewatch.effect.summary",
    "AgreementError": "trucewatch.errors",
    "BadRowsError": "trucewatch.errors",
    "BoundaryError": "trucewatch.errors",
    "NotFoundError": "trucewatch.errors",
    "RowError": "trucewatch.errors",
    "SourceError": "trucewatch.errors",
    "StoreBusyError": "trucewatch.errors",
    "StoreError": "trucewatch.errors",
    "TrucewatchError": "trucewatch.errors",
    "ValidationError": "trucewatch.errors",
    "BoundarySet": "trucewatch.geo.boundaries",
    "Actors": "trucewatch.model",
    "DatePrecision": "trucewatch.model",
    "Event": "trucewatch.model",
    "Fatalities": "trucewatch.model",
    "Interval": "trucewatch.model",
    "Location": "trucewatch.model",
    "LocationPrecision": "trucewatch.model",
    "Provenance": "trucewatch.model",
    "Agreement": "trucewatch.model.agreement",
    "ExcludedGroup": "trucewatch.model.agreement",
    "Party": "trucewatch.model.agreement",
    "Scope": "trucewatch.model.agreement",
    "Window": "trucewatch.model.agreement",
    "adapter_for": "trucewatch.sources.base",
    "registered_adapters": "trucewatch.sources.base",
    "EventQuery": "trucewatch.store",
    "IngestReport": "trucewatch.store",
    "Store": "trucewatch.store",
    "StoreStats": "trucewatch.store",
    "default_db_path": "trucewatch.store",
}

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


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version  # as trucewatch._version reads it

        value: Any = version("trucewatch")
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module 'trucewatch' has no attribute {name!r}")
    globals()[name] = value  # cached: the next access does not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
