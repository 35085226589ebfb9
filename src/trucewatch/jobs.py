"""One library function per user-level job: what ``trucewatch`` commands, the web service and
the tests call, so that each job is assembled once.

- :func:`ingest_file`: a file of a source into the store (``trucewatch ingest``,
  ``POST /ingest/{adapter}``), with :func:`source_adapter`, the one check of a source's
  options;
- :func:`refresh`: the stored verdicts brought up to date with the stored events and
  agreements (``trucewatch verdicts`` first, ``POST /verdicts/refresh``, ``alerts run``);
- :func:`after_write`: the one call after every write of events or agreements (CLI, API,
  feeds): the verdicts of what changed brought up to date (:func:`refresh_if_needed`), then
  the alerts queued from them;
- :func:`effect_for`: did violence fall (``trucewatch effect``, ``GET
  /agreements/{id}/effect``);
- :func:`report_for`: the report of a stored agreement (``trucewatch report``, ``GET
  /agreements/{id}/report``);
- :func:`extract_articles`: news articles into events (``trucewatch extract``, the news
  adapter);
- :func:`check_claim`: whether the data support a claim read in the news (``trucewatch claims
  check``, the report's claims).
"""

from __future__ import annotations

import codecs
import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from trucewatch.catalog import load_agreements
from trucewatch.errors import SourceError, StoreBusyError, StoreError, TrucewatchError
from trucewatch.sources.base import Adapter, registered_adapters
from trucewatch.sources.limits import DEFAULT_LIMITS, STREAMED_MAX_BYTES, Limits
from trucewatch.store import IngestReport, Store
from trucewatch.store.shared import SharedStore
from trucewatch.suggest import unknown

if TYPE_CHECKING:
    from trucewatch.analysis import effect_for
    from trucewatch.claims import check_claim
    from trucewatch.publish._store import report_for
    from trucewatch.publish.alerts.runner import StoreAccess
    from trucewatch.text.articles import extract_articles
    from trucewatch.verdicts.update import UpdateReport

__all__ = [
    "Refreshed",
    "after_write",
    "check_claim",
    "effect_for",
    "extract_articles",
    "ingest_file",
    "refresh",
    "refresh_if_needed",
    "report_for",
    "source_adapter",
    "source_limits",
]

# the jobs that load numba, scipy or the report's libraries are imported on first use, so that
# a command importing this module pays only for the job it runs
_LAZY = {
    "effect_for": "trucewatch.analysis",
    "report_for": "trucewatch.publish._store",
    "extract_articles": "trucewatch.text.articles",
    "check_claim": "trucewatch.claims",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'trucewatch.jobs' has no attribute {name!r}")


def source_adapter(source: str, options: Mapping[str, object] | None = None) -> Adapter:
    """The adapter registered as ``source``, built with ``options``: the one check of what a
    source takes, for ``trucewatch ingest``, ``POST /ingest/{adapter}`` and Python users, so
    that they refuse the same things in the same words.

    A source's options are its adapter's constructor arguments: each adapter declares its own
    (docs/adapters.md). Raises :class:`~trucewatch.errors.NotFoundError` (with a guess) for an
    unknown source, and :class:`~trucewatch.errors.SourceError` naming the option and the fix
    for an option the source does not take, one it needs and was not given, or an encoding
    Python does not know; the adapter then checks the values."""
    factory = _factory(source)
    parameters = inspect.signature(factory).parameters
    given = dict(options or {})
    open_ended = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    for name in sorted(given):
        if name not in parameters and not open_ended:
            raise SourceError(_not_taken(source, name, parameters))
    for name, parameter in parameters.items():
        named = parameter.kind in (
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.KEYWORD_ONLY,
        )
        if named and parameter.default is inspect.Parameter.empty and name not in given:
            raise SourceError(
                f"source {source!r} needs the option {name!r}, which has no default: give it "
                "(docs/adapters.md says what each source takes)"
            )
    encoding = given.get("encoding")
    if encoding is not None and not _is_encoding(encoding):
        raise SourceError(
            f"encoding {encoding!r} is not a text encoding Python knows: give one such as "
            "utf-8, latin-1 or cp1256"
        )
    return factory(**given)


def source_limits(source: str) -> Limits:
    """The limits ``trucewatch ingest`` reads a file of ``source`` under unless told others:
    a source the store streams in pieces (``read_column_pieces``: UCDP GED, ACLED), whose
    memory does not grow with the file, takes files up to
    :data:`~trucewatch.sources.limits.STREAMED_MAX_BYTES`; any other holds a file whole, within
    :data:`~trucewatch.sources.limits.DEFAULT_LIMITS`."""
    if hasattr(_factory(source), "read_column_pieces"):
        return Limits(STREAMED_MAX_BYTES)
    return DEFAULT_LIMITS


def _factory(source: str) -> Callable[..., Adapter]:
    adapters = registered_adapters()
    if source not in adapters:
        raise unknown("source", source, adapters, where="")
    return adapters[source]


def _not_taken(source: str, name: str, parameters: Mapping[str, inspect.Parameter]) -> str:
    takes = ", ".join(sorted(parameters)) or "none"
    others = [
        other
        for other, factory in sorted(registered_adapters().items())
        if name in inspect.signature(factory).parameters
    ]
    fix = "leave it out"
    if others:
        verb = "takes" if len(others) == 1 else "take"
        fix += f", or ingest with {' or '.join(others)}, which {verb} it"
    return f"source {source!r} takes no option {name!r} (its options: {takes}): {fix}"


def _is_encoding(encoding: object) -> bool:
    try:
        codecs.lookup(str(encoding))
    except LookupError:
        return False
    return isinstance(encoding, str)


def ingest_file(
    store: Store | SharedStore,
    source: str | Adapter,
    path: Path,
    *,
    options: Mapping[str, object] | None = None,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    label: str | None = None,
    edits: Literal["refuse", "replace"] = "refuse",
) -> IngestReport:
    """Ingest ``path`` with the adapter registered as ``source`` (built with ``options`` by
    :func:`source_adapter`, which refuses an unknown source or an option the source does not
    take), or with the adapter given: the whole file in one transaction, bad rows reported,
    the same bytes again adding nothing (docs/store.md, "Ingest"). With ``strict`` any bad row
    raises :class:`~trucewatch.errors.BadRowsError` and nothing is stored. A
    :class:`~trucewatch.store.shared.SharedStore` reads the file before its writing turn.
    ``label`` (a :class:`~trucewatch.store.shared.SharedStore` only) stands for the path, as
    for an uploaded file. ``edits``: an event id stored with other content is a bad row
    (``"refuse"``) or the event's new version, which replaces it (``"replace"``, for sources
    that edit their events in place: docs/store.md, "Edits and deletions")."""
    if isinstance(source, str):
        adapter = source_adapter(source, options)
    elif options:
        raise SourceError(
            "options are for a source given by name, not for a built adapter: give the "
            "source's name, or build the adapter with them"
        )
    else:
        adapter = source
    adapter = _reading_sides(adapter, store)
    if label is None:
        return store.ingest(adapter, Path(path), strict=strict, progress=progress, edits=edits)
    if not isinstance(store, SharedStore):
        raise SourceError("label names an uploaded file: give a SharedStore")
    return store.ingest(
        adapter, Path(path), strict=strict, progress=progress, label=label, edits=edits
    )


def _reading_sides(adapter: Adapter, store: Store | SharedStore) -> Adapter:
    """An adapter that reads sides from text (``news``: it has ``with_agreements``) reads the
    parties and excluded groups of the stored agreements too (docs/news.md, "Actors")."""
    with_agreements = getattr(adapter, "with_agreements", None)
    if with_agreements is None:
        return adapter
    if isinstance(store, SharedStore):
        if not store.path.exists():
            return adapter  # a new store: no agreement yet
        try:
            with store.reading() as readable:
                agreements = load_agreements(readable)
        except StoreBusyError:
            raise
        except StoreError:  # an older schema, which a read-only view cannot upgrade
            with store.writing() as writable:
                agreements = load_agreements(writable)
    else:
        agreements = load_agreements(store)
    return with_agreements(agreements) if agreements else adapter


def refresh(store: Store) -> UpdateReport:
    """Bring the stored verdicts of every stored agreement up to date: only the windows whose
    definition changed, and the events ingested since a window was last judged, are judged
    (docs/verdicts.md); windows of agreements no longer stored are removed."""
    from trucewatch.verdicts.update import update_verdicts  # numba: imported here

    return update_verdicts(store, load_agreements(store))


@dataclass(frozen=True)
class Refreshed:
    """What :func:`after_write` did: the verdict update (None when there was nothing to judge:
    no agreement stored and no verdict kept) and the alerts it queued."""

    verdicts: UpdateReport | None
    queued: int

    @property
    def verdicts_written(self) -> int:
        """Verdicts written by the update (0 when nothing was judged)."""
        return 0 if self.verdicts is None else self.verdicts.verdicts_written

    def __str__(self) -> str:
        if self.verdicts is None:
            judged = "verdicts: none to judge (no agreement stored)"
        else:
            v = self.verdicts
            judged = (
                f"verdicts: {v.verdicts_written:,} new ({v.events:,} events judged against "
                f"{v.windows_total} windows, {v.windows_rejudged} re-judged whole)"
            )
        return f"{judged}; alerts queued: {self.queued:,}"


def after_write(target: Store | StoreAccess, *, now: datetime | None = None) -> Refreshed:
    """The one call after every write of events or agreements (``trucewatch ingest``,
    ``trucewatch agreements add|end|accept``, the API's ingest and agreement writes, the feeds): the
    verdicts of what changed brought up to date (:func:`refresh`, incremental), then the
    alerts of every subscription queued from them (queued only: ``alerts run`` and the
    server's schedule deliver). A store with no agreement and no stored verdict has nothing to
    judge: the verdict engine is then not even imported. ``target``: a Store, or a hold with
    ``reading()``/``writing()`` turns (a :class:`~trucewatch.store.shared.SharedStore`, the
    API server's access): the update and the queueing are each one writing turn. When either fails
    the write before it stays stored, and the :class:`~trucewatch.errors.StoreError` raised says
    so (the next write, ``trucewatch verdicts`` or ``alerts run`` catches up)."""
    from trucewatch.publish.alerts.runner import as_access, queue_alerts  # imported on use

    access = as_access(target)
    try:
        with access.writing() as store:
            report = refresh_if_needed(store)
        if report is None:
            return Refreshed(None, 0)
        return Refreshed(report, queue_alerts(access, now=now))
    except TrucewatchError as exc:
        # the write before this call is committed: say so, so that nobody writes it again
        raise StoreError(
            f"the write is stored, but bringing the verdicts up to date (or queueing the "
            f"alerts) failed: {exc}. Nothing is lost: the next write, `trucewatch verdicts` or "
            "`trucewatch alerts run` tries again"
        ) from exc


def refresh_if_needed(store: Store) -> UpdateReport | None:
    """:func:`refresh` when the store holds an agreement or verdicts (of agreements since
    removed); None, without importing the verdict engine, when there is nothing to judge."""
    if not store.agreement_texts() and not store.verdict_window_states():
        return None
    return refresh(store)
