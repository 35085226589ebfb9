"""The report of an agreement kept in a store: what ``trucewatch report`` runs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from trucewatch.catalog import load_agreements, stored_boundaries
from trucewatch.model.time import local_days_interval
from trucewatch.publish._map import Boundary
from trucewatch.publish.report import DEFAULT_DAYS_BEFORE, Report, ReportPaths, write_report
from trucewatch.publish.report import build_report as _build
from trucewatch.store import EventQuery, Store
from trucewatch.suggest import unknown_agreement
from trucewatch.verdicts.store_rules import rules_of

__all__ = ["report_for_store", "write_report_for_store"]


def report_for_store(
    store: Store,
    agreement_id: str,
    *,
    day: date | None = None,
    days_before: int = DEFAULT_DAYS_BEFORE,
    generated_at: datetime | None = None,
) -> Report:
    """Build the report of the stored agreement ``agreement_id`` from the stored events.

    Events from ``days_before`` days before the agreement's first window start (to the end
    of ``day`` when given) are judged against it, outside pairs included (they make the
    control area), at the store's location threshold (``trucewatch settings``). Raises
    NotFoundError, naming the stored ids, for an unknown agreement.
    """
    agreements = {a.id: a for a in load_agreements(store)}
    agreement = agreements.get(agreement_id)
    if agreement is None:
        raise unknown_agreement(agreement_id, agreements)
    first = min(w.start for w in agreement.windows()) - timedelta(days=days_before + 1)
    end = None if day is None else local_days_interval(day, day, agreement.timezone).end
    events = list(store.iter_events(EventQuery(start=first, end=end)))
    verdicts = rules_of(store).judge(events, [agreement], include_outside=True)
    return _build(
        events,
        verdicts,
        agreement,
        day=day,
        days_before=days_before,
        generated_at=generated_at,
        boundaries=_boundaries(store),
    )


def _boundaries(store: Store) -> list[Boundary]:
    """The admin units kept in the store, to draw on the report's map (none if none)."""
    units = stored_boundaries(store)
    if units is None:
        return []
    return [Boundary(u.name, u.level, u.geometry) for u in units]


def write_report_for_store(
    store: Store, agreement_id: str, out_dir: Path, *, day: date | None = None
) -> ReportPaths:
    """Build the stored agreement's report and write its HTML and PDF into ``out_dir``."""
    return write_report(report_for_store(store, agreement_id, day=day), out_dir)
