"""trucewatch: monitor ceasefires from agreements and conflict events.

Import the public API from here; modules below may move. The whole job from Python: events
from a source adapter (:func:`adapter_for`) or news (:func:`extract_articles`) into a
:class:`Store`;
agreements (:func:`load_agreement`, :func:`load_examples`); verdicts (:func:`judge`, or
:func:`update_verdicts` in a store); the effect (:func:`estimate_effect`,
:func:`summarize`); the report (:func:`build_report`, :func:`write_report`); alerts
(:func:`subscribe`, :func:`run_alerts`).

Names are imported on first use (PEP 562), so ``import trucewatch`` stays light: numba, scipy,
matplotlib and the geospatial readers load only with the functions that need them.
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
    from trucewatch.effect.estimates import WindowEffect, estimate_effect
    from trucewatch.effect.series import DailySeries, daily_series
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
    from trucewatch.jobs import effect_for, ingest_file, refresh, report_for
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
    from trucewatch.model.verdict import (
        SideJudgement,
        SideStatus,
        Space,
        TimeRelation,
        Verdict,
        VerdictKind,
    )
    from trucewatch.publish.alerts import DeliverySettings, run_alerts, subscribe
    from trucewatch.publish.report import Report, build_report, write_report
    from trucewatch.sources.base import adapter_for, registered_adapters
    from trucewatch.store import EventQuery, IngestReport, Store, StoreStats, default_db_path
    from trucewatch.text import (
        Article,
        ArticleEvents,
        Extraction,
        Gazetteer,
        default_gazetteer,
        extract,
        extract_articles,
        extract_file,
    )
    from trucewatch.verdicts.judge import judge
    from trucewatch.verdicts.update import UpdateReport, update_verdicts

    __version__: str

#: public name -> the module it lives in (imported on first access)
_EXPORTS: dict[str, str] = {
    "agreement_to_dict": "trucewatch.agreements",
    "in_force": "trucewatch.agreements",
    "load_agreement": "trucewatch.agreements",
    "load_agreements": "trucewatch.agreements",
    "load_examples": "trucewatch.agreements",
    "WindowEffect": "trucewatch.effect.estimates",
    "estimate_effect": "trucewatch.effect.estimates",
    "DailySeries": "trucewatch.effect.series",
    "daily_series": "trucewatch.effect.series",
    "SimulationConfig": "trucewatch.effect.simulate",
    "simulate": "trucewatch.effect.simulate",
    "WindowSummary": "trucewatch.effect.summary",
    "summarize": "trucewatch.effect.summary",
    "summarize_events": "trucewatch.effect.summary",
    "AgreementError": "trucewatch.errors",
    "effect_for": "trucewatch.jobs",
    "ingest_file": "trucewatch.jobs",
    "refresh": "trucewatch.jobs",
    "report_for": "trucewatch.jobs",
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
    "SideJudgement": "trucewatch.model.verdict",
    "SideStatus": "trucewatch.model.verdict",
    "Space": "trucewatch.model.verdict",
    "TimeRelation": "trucewatch.model.verdict",
    "Verdict": "trucewatch.model.verdict",
    "VerdictKind": "trucewatch.model.verdict",
    "DeliverySettings": "trucewatch.publish.alerts",
    "run_alerts": "trucewatch.publish.alerts",
    "subscribe": "trucewatch.publish.alerts",
    "Report": "trucewatch.publish.report",
    "build_report": "trucewatch.publish.report",
    "write_report": "trucewatch.publish.report",
    "adapter_for": "trucewatch.sources.base",
    "registered_adapters": "trucewatch.sources.base",
    "EventQuery": "trucewatch.store",
    "IngestReport": "trucewatch.store",
    "Store": "trucewatch.store",
    "StoreStats": "trucewatch.store",
    "default_db_path": "trucewatch.store",
    "Article": "trucewatch.text",
    "ArticleEvents": "trucewatch.text",
    "Extraction": "trucewatch.text",
    "Gazetteer": "trucewatch.text",
    "default_gazetteer": "trucewatch.text",
    "extract": "trucewatch.text",
    "extract_articles": "trucewatch.text",
    "extract_file": "trucewatch.text",
    "judge": "trucewatch.verdicts.judge",
    "UpdateReport": "trucewatch.verdicts.update",
    "update_verdicts": "trucewatch.verdicts.update",
}

__all__ = [
    "Actors",
    "Agreement",
    "AgreementError",
    "Article",
    "ArticleEvents",
    "BadRowsError",
    "BoundaryError",
    "BoundarySet",
    "DailySeries",
    "DatePrecision",
    "DeliverySettings",
    "Event",
    "EventQuery",
    "ExcludedGroup",
    "Extraction",
    "Fatalities",
    "Gazetteer",
    "IngestReport",
    "Interval",
    "Location",
    "LocationPrecision",
    "NotFoundError",
    "Party",
    "Provenance",
    "Report",
    "RowError",
    "Scope",
    "SideJudgement",
    "SideStatus",
    "SimulationConfig",
    "SourceError",
    "Space",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreStats",
    "TimeRelation",
    "TrucewatchError",
    "UpdateReport",
    "ValidationError",
    "Verdict",
    "VerdictKind",
    "Window",
    "WindowEffect",
    "WindowSummary",
    "__version__",
    "adapter_for",
    "agreement_to_dict",
    "build_report",
    "daily_series",
    "default_db_path",
    "default_gazetteer",
    "effect_for",
    "estimate_effect",
    "extract",
    "extract_articles",
    "extract_file",
    "in_force",
    "ingest_file",
    "judge",
    "load_agreement",
    "load_agreements",
    "load_examples",
    "refresh",
    "registered_adapters",
    "report_for",
    "run_alerts",
    "simulate",
    "subscribe",
    "summarize",
    "summarize_events",
    "update_verdicts",
    "write_report",
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
