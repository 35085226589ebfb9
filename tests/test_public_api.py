"""Users import from ``trucewatch``; what it exports is a promise, so it is tested exactly
(as httpx does): a name added or taken away is a decision, made here and in the package."""

import ast
import sys
from pathlib import Path

import trucewatch

#: every public name of the package, by the job it serves
PUBLIC = {
    # the domain objects (frozen, validated at construction)
    "Actors", "Agreement", "DatePrecision", "Event", "ExcludedGroup", "Fatalities", "Interval",
    "Location", "LocationPrecision", "Party", "Provenance", "Scope", "Window",
    "SideJudgement", "SideStatus", "Space", "TimeRelation", "Verdict", "VerdictKind",
    # agreements
    "agreement_to_dict", "in_force", "load_agreement", "load_agreements", "load_examples",
    "BoundarySet",
    # events: source adapters, news, the store
    "adapter_for", "registered_adapters", "Article", "ArticleEvents", "Extraction", "Gazetteer",
    "default_gazetteer", "extract", "extract_articles", "extract_file", "Store", "EventQuery",
    "IngestReport", "StoreStats", "default_db_path",
    # verdicts
    "judge", "update_verdicts", "UpdateReport",
    # one function per user-level job (trucewatch.jobs)
    "ingest_file", "refresh", "effect_for", "report_for",
    # effect
    "estimate_effect", "WindowEffect", "daily_series", "DailySeries", "summarize",
    "summarize_events", "WindowSummary", "simulate", "SimulationConfig",
    # report and alerts
    "build_report", "write_report", "Report", "run_alerts", "subscribe", "DeliverySettings",
    # errors
    "TrucewatchError", "AgreementError", "BadRowsError", "BoundaryError", "NotFoundError",
    "RowError", "SourceError", "StoreBusyError", "StoreError", "ValidationError",
    "__version__",
}  # fmt: skip


def test_all_is_exactly_the_public_names_sorted():
    assert trucewatch.__all__ == sorted(PUBLIC)


def test_every_name_in_all_is_importable_from_the_package():
    for name in trucewatch.__all__:
        assert getattr(trucewatch, name) is not None, name
    assert isinstance(trucewatch.__version__, str) and trucewatch.__version__[0].isdigit()


def test_every_name_is_known_to_the_type_checker_from_the_module_it_is_loaded_from():
    """The ``TYPE_CHECKING`` imports (what mypy sees) and the lazy table (what runs) agree."""
    tree = ast.parse(Path(trucewatch.__file__).read_text(encoding="utf-8"))
    checked = {
        alias.name: node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module != "typing"
        for alias in node.names
    }
    checked.pop("version", None)  # importlib.metadata, for __version__
    checked.pop("annotations", None)
    assert checked == trucewatch._EXPORTS
    for name, module in trucewatch._EXPORTS.items():
        assert getattr(trucewatch, name) is getattr(sys.modules[module], name)


def test_every_error_derives_from_the_one_root():
    errors = [getattr(trucewatch, n) for n in trucewatch.__all__ if n.endswith("Error")]
    errors = [e for e in errors if isinstance(e, type) and issubclass(e, Exception)]
    assert len(errors) >= 7
    assert all(issubclass(e, trucewatch.TrucewatchError) for e in errors)
