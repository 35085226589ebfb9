"""One library function per user-level job: what ``trucewatch`` commands, the web service and
the tests call, so that each job is assembled once.

- :func:`ingest_file`: a file of a source into the store (``trucewatch ingest``,
  ``POST /ingest/{adapter}``);
- :func:`refresh`: the stored verdicts brought up to date with the stored events and
  agreements (``trucewatch verdicts`` first, ``POST /verdicts/refresh``);
- :func:`effect_for`: did violence fall (``trucewatch effect``, ``GET
  /agreements/{id}/effect``);
- :func:`report_for`: the report of a stored agreement (``trucewatch report``, ``GET
  /agreements/{id}/report``);
- :func:`extract_articles`: news articles into events (``trucewatch extract``, the news
  adapter).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trucewatch.catalog import load_agreements
from trucewatch.errors import SourceError
from trucewatch.sources.base import Adapter, adapter_for, adapter_options
from trucewatch.store import IngestReport, Store
from trucewatch.store.shared import SharedStore

if TYPE_CHECKING:
    from trucewatch.analysis import effect_for
    from trucewatch.publish._store import report_for
    from trucewatch.text.articles import extract_articles
    from trucewatch.verdicts.update import UpdateReport

__all__ = ["effect_for", "extract_articles", "ingest_file", "refresh", "report_for"]

# the jobs that load numba, scipy or the report's libraries are imported on first use, so that
# a command importing this module pays only for the job it runs
_LAZY = {
    "effect_for": "trucewatch.analysis",
    "report_for": "trucewatch.publish._store",
    "extract_articles": "trucewatch.text.articles",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'trucewatch.jobs' has no attribute {name!r}")


def ingest_file(
    store: Store | SharedStore,
    source: str | Adapter,
    path: Path,
    *,
    options: Mapping[str, object] | None = None,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    label: str | None = None,
) -> IngestReport:
    """Ingest ``path`` with the adapter registered as ``source`` (built with ``options``), or
    with the adapter given: the whole file in one transaction, bad rows reported, the same
    bytes again adding nothing (docs/store.md, "Ingest"). With ``strict`` any bad row raises
    :class:`~trucewatch.errors.BadRowsError` and nothing is stored. A
    :class:`~trucewatch.store.shared.SharedStore` reads the file before its writing turn.
    ``label`` (a :class:`~trucewatch.store.shared.SharedStore` only) stands for the path, as
    for an uploaded file. Raises :class:`~trucewatch.errors.SourceError` for an unknown source
    or an option the source does not take (each adapter declares its own)."""
    if isinstance(source, str):
        given = dict(options or {})
        unknown = sorted(set(given) - adapter_options(source))
        if unknown:
            takes = ", ".join(sorted(adapter_options(source))) or "none"
            raise SourceError(
                f"source {source!r} takes no option {unknown[0]!r} (its options: {takes})"
            )
        adapter = adapter_for(source, **given)
    elif options:
        raise SourceError("options are for a source given by name, not for a built adapter")
    else:
        adapter = source
    if label is None:
        return store.ingest(adapter, Path(path), strict=strict, progress=progress)
    if not isinstance(store, SharedStore):
        raise SourceError("label names an uploaded file: give a SharedStore")
    return store.ingest(adapter, Path(path), strict=strict, progress=progress, label=label)


def refresh(store: Store) -> UpdateReport:
    """Bring the stored verdicts of every stored agreement up to date: only the windows whose
    definition changed, and the events ingested since a window was last judged, are judged
    (docs/verdicts.md); windows of agreements no longer stored are removed."""
    from trucewatch.verdicts.update import update_verdicts  # numba: imported here

    return update_verdicts(store, load_agreements(store))
