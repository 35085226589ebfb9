"""The report of an agreement kept in a store: what ``trucewatch report`` and
``GET /agreements/{id}/report`` run (:func:`report_for`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from trucewatch.catalog import load_agreements, stored_boundaries
from trucewatch.claims import ClaimCheck, check_claim
from trucewatch.effect.horizons import DEFAULT_HORIZONS
from trucewatch.effect.stored import AgreementColumns, columns_for
from trucewatch.freshness import feed_statuses
from trucewatch.model.time import local_days_interval
from trucewatch.model.verdict import SEVERITY, VerdictKind
from trucewatch.publish import _content as content
from trucewatch.publish._map import Boundary, MapPoint
from trucewatch.publish.report import (
    DEFAULT_DAYS_BEFORE,
    Report,
    ReportPaths,
    assemble_report,
    day_end,
    series_range,
    write_report,
)
from trucewatch.publish.report import build_report as _build
from trucewatch.store import EventQuery, Store
from trucewatch.store.analysis import microseconds, take
from trucewatch.store.report_reads import adapters_in, events_with_verdicts, map_points
from trucewatch.suggest import unknown_agreement
from trucewatch.text.statement_model import Claim
from trucewatch.verdicts.store_rules import rules_of

__all__ = ["report_for", "report_for_store", "write_report_for_store"]


def report_for(
    store: Store,
    agreement_id: str,
    *,
    day: date | None = None,
    days_before: int = DEFAULT_DAYS_BEFORE,
    generated_at: datetime | None = None,
    min_confidence: float | None = None,
    claims: Sequence[Claim] = (),
) -> Report:
    """Build the report of the stored agreement ``agreement_id`` from the stored events.

    Events from ``days_before`` days before the agreement's first window start (to the end
    of ``day`` when given) are judged against it, outside pairs included (they make the
    control area), at the store's location threshold (``trucewatch settings``). When the
    stored verdicts of the agreement are current, the series, the effects and the map come
    from the store's columns and only the events with a verdict in the scope are judged again
    (for their explanations); else every event of those days is judged in memory. The same
    report either way. Raises NotFoundError, naming the stored ids, for an unknown agreement.
    ``min_confidence``: events read from news articles with a lower extraction confidence are
    left out of everything the report counts (judged in memory, without them).
    ``claims``: claims read in the news, each checked against the agreement
    (:func:`trucewatch.claims.check_claim`: its scope, the claim's period against as many days
    before) and listed beside the measured change in a section of their own.
    """
    agreements = {a.id: a for a in load_agreements(store)}
    agreement = agreements.get(agreement_id)
    if agreement is None:
        raise unknown_agreement(agreement_id, agreements)
    first = min(w.start for w in agreement.windows()) - timedelta(days=days_before + 1)
    end = None if day is None else local_days_interval(day, day, agreement.timezone).end
    checks = [check_claim(store, c, agreement=agreement_id) for c in claims]
    columns = None if min_confidence is not None else columns_for(store, agreement)
    fresh = [f.line for f in feed_statuses(store, generated_at)]  # none: no feed followed
    if columns is not None:
        return _from_columns(
            store,
            columns,
            first,
            end,
            day,
            days_before,
            generated_at,
            _boundaries(store),
            fresh,
            checks,
        )
    events = list(
        store.iter_events(EventQuery(start=first, end=end, min_confidence=min_confidence))
    )
    verdicts = rules_of(store).judge(events, [agreement], include_outside=True)
    return _build(
        events,
        verdicts,
        agreement,
        day=day,
        days_before=days_before,
        generated_at=generated_at,
        boundaries=_boundaries(store),
        freshness=fresh,
        claims=checks,
    )


#: the verdicts of an event in the scope and in (or across) a window: every event the report's
#: text counts or lists has one (the others are outside the scope or the windows)
_IN_A_WINDOW = tuple(
    k.value for k in SEVERITY if k not in (VerdictKind.OUTSIDE_WINDOW, VerdictKind.OUTSIDE_SCOPE)
)

#: the former name of :func:`report_for`
report_for_store = report_for


def _from_columns(
    store: Store,
    columns: AgreementColumns,
    first: datetime,
    end: datetime | None,
    day: date | None,
    days_before: int,
    generated_at: datetime | None,
    boundaries: list[Boundary],
    freshness: list[str],
    checks: Sequence[ClaimCheck] = (),
) -> Report:
    """The report from the analysis columns (see :func:`report_for`)."""
    from trucewatch.effect.breakdown import change_points, evaluate_conditions
    from trucewatch.effect.columnar import LocalDays, excluded_sides_of, series_from_columns
    from trucewatch.effect.estimates import window_effect

    agreement = columns.agreement
    tz = agreement.timezone
    # the text counts and lists only events judged in the scope and in (or across) a window:
    # those are judged again, for their sides, reasons and explanations
    shown = events_with_verdicts(store, agreement.id, first, end, _IN_A_WINDOW)
    verdicts = columns.rules.judge(shown, [agreement], include_outside=True)
    by_id = {e.event_id: e for e in shown}
    judged = content.per_event(verdicts, agreement.id)
    if day is None:
        day = content.default_day(by_id, judged, tz)
    first_day, last_day = series_range(agreement, day, days_before)
    table = columns.table
    rows = table.time_end > microseconds(first)
    if end is not None:
        rows &= table.time_start < microseconds(end)
    table = take(table, rows)
    days = LocalDays(tz, columns.days.ordinal[rows])
    excluded = excluded_sides_of(agreement, table)
    all_series = {
        w.id: series_from_columns(
            table,
            days,
            take(columns.verdicts[w.id], rows),
            agreement,
            w,
            min_share_inside=columns.rules.min_share_inside,
            first_day=first_day,
            last_day=last_day,
            excluded_sides=excluded,
            outside_judged=True,
        )
        for w in agreement.windows()
    }
    effects = [window_effect(s, h) for s in all_series.values() for h in DEFAULT_HORIZONS]
    series = all_series[agreement.base.id]
    points = map_points(
        store,
        agreement.id,
        min(w.start for w in agreement.windows()),
        day_end(day, tz),
        [k.value for k in SEVERITY],
    )
    n_events = store.count_events(EventQuery(start=first, end=end))
    return assemble_report(
        agreement,
        agreement.base.id,
        day,
        by_id,
        judged,
        statistics=(series, effects, change_points(series), evaluate_conditions(agreement, series)),
        n_events=n_events,
        n_judged=n_events,  # every event is judged against every window, outside pairs too
        points=[
            MapPoint(x, y, k)
            for x, y, k in zip(points.lon.tolist(), points.lat.tolist(), points.kind, strict=True)
        ],
        adapters=adapters_in(store, first, end),
        generated_at=generated_at,
        boundaries=boundaries,
        freshness=freshness,
        claims=checks,
    )


def _boundaries(store: Store) -> list[Boundary]:
    """The admin units kept in the store, to draw on the report's map (none if none)."""
    units = stored_boundaries(store)
    if units is None:
        return []
    return [Boundary(u.name, u.level, u.geometry) for u in units]


def write_report_for_store(
    store: Store,
    agreement_id: str,
    out_dir: Path,
    *,
    day: date | None = None,
    min_confidence: float | None = None,
    claims: Sequence[Claim] = (),
) -> ReportPaths:
    """Build the stored agreement's report and write its HTML and PDF into ``out_dir``."""
    report = report_for(store, agreement_id, day=day, min_confidence=min_confidence, claims=claims)
    return write_report(report, out_dir)
