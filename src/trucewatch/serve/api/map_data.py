"""What the map dashboard reads: scopes, events and admin boundaries as GeoJSON, and one
window's daily series.

Events on the map carry ONE verdict each, the most serious of their stored verdicts (over the
windows of the chosen agreement, or of every agreement): violation, then possible_violation,
unlocated, not_covered, outside_window, outside_scope; ties go to the first agreement and window
id. An event with no stored verdict is ``none`` (stored verdicts leave out events outside every
scope).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

import shapely
from fastapi.encoders import jsonable_encoder
from shapely.geometry import mapping

from trucewatch.effect.columnar import local_days, series_from_columns
from trucewatch.effect.estimates import effect_records, window_effect
from trucewatch.effect.headline import COUNTED, Headline, PeriodCount
from trucewatch.effect.series import DailySeries, daily_series, local_day
from trucewatch.model import is_violent, local_days_interval
from trucewatch.model.agreement import Agreement, Scope, Window
from trucewatch.model.verdict import VerdictKind
from trucewatch.store import EventQuery, Store
from trucewatch.store.analysis import violent_events, window_verdicts
from trucewatch.store.query import where_clause
from trucewatch.store.verdicts import verdict_filter
from trucewatch.verdicts.store_rules import StoreRules, rules_of

__all__ = [
    "MAP_KINDS",
    "NO_VERDICT",
    "MapKind",
    "boundary_features",
    "boundary_levels",
    "event_features",
    "scope_features",
    "series_answer",
    "window_series",
]


class MapKind(StrEnum):
    """The kind of an event on the map: its most serious verdict, or none."""

    VIOLATION = VerdictKind.VIOLATION.value
    POSSIBLE_VIOLATION = VerdictKind.POSSIBLE_VIOLATION.value
    UNLOCATED = VerdictKind.UNLOCATED.value
    NOT_COVERED = VerdictKind.NOT_COVERED.value
    OUTSIDE_WINDOW = VerdictKind.OUTSIDE_WINDOW.value
    OUTSIDE_SCOPE = VerdictKind.OUTSIDE_SCOPE.value
    NONE = "none"


#: the kind of an event with no stored verdict
NO_VERDICT = MapKind.NONE.value
#: every kind a map event may have, most serious first
MAP_KINDS = tuple(k.value for k in MapKind)
_RANK = (
    "CASE v.verdict " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(MAP_KINDS)) + " END"
)


def _rounded(geometry: Any, digits: int = 6) -> dict[str, Any]:
    return dict(mapping(shapely.set_precision(geometry, 10.0**-digits)))


def scope_features(
    agreements: Sequence[Agreement], *, simplify: float = 0.0
) -> list[dict[str, Any]]:
    """One GeoJSON feature per distinct resolved scope of each agreement, with its windows.

    ``simplify``: a tolerance in degrees for drawing (0 keeps every vertex).
    """
    features = []
    for agreement in agreements:
        by_scope: dict[Scope, list[str]] = {}
        for window in agreement.windows():
            scope = agreement.scope_of(window)
            if scope is not None and scope.geometry is not None:
                by_scope.setdefault(scope, []).append(window.id)
        for scope, window_ids in by_scope.items():
            geometry = scope.geometry
            if simplify > 0:
                geometry = shapely.simplify(geometry, simplify, preserve_topology=True)
            features.append(
                {
                    "type": "Feature",
                    "geometry": _rounded(geometry),
                    "properties": {
                        "agreement_id": agreement.id,
                        "agreement_name": agreement.name,
                        "label": scope.label,
                        "kind": scope.kind,
                        "windows": window_ids,
                    },
                }
            )
    return features


def boundary_levels(store: Store) -> list[int]:
    """The admin levels of the stored boundary units, coarsest (lowest) first."""
    rows = store.conn.execute(
        "SELECT DISTINCT level FROM boundary_units WHERE level IS NOT NULL ORDER BY level"
    ).fetchall()
    return [int(r[0]) for r in rows]


def boundary_features(store: Store, level: int, *, simplify: float = 0.0) -> list[dict[str, Any]]:
    """The stored boundary units of admin ``level`` (every layer) as GeoJSON features with
    ``code``, ``name``, ``layer`` and ``level``, by layer and code.

    ``simplify``: a tolerance in degrees for drawing (0 keeps every vertex); a unit that
    drawing would reduce to nothing is left out.
    """
    rows = store.conn.execute(
        "SELECT layer, code, name, wkb FROM boundary_units WHERE level = ? ORDER BY layer, code",
        [level],
    ).fetchall()
    if not rows:
        return []
    geometries = shapely.from_wkb([bytes(r[3]) for r in rows])
    if simplify > 0:
        geometries = shapely.simplify(geometries, simplify, preserve_topology=True)
    features = []
    for (layer, code, name, _), geometry in zip(rows, geometries, strict=True):
        drawn = shapely.set_precision(geometry, 1e-6)
        if drawn.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": dict(mapping(drawn)),
                "properties": {"code": code, "name": name or code, "layer": layer, "level": level},
            }
        )
    return features


def _utc(value: datetime | None) -> str | None:
    return None if value is None else value.replace(tzinfo=UTC).isoformat()


def event_features(
    store: Store,
    query: EventQuery,
    *,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    limit: int,
) -> tuple[list[dict[str, Any]], int]:
    """Events matching ``query`` as GeoJSON points with their most serious verdict.

    Verdicts are those of ``agreement_ids`` (every agreement when empty); ``kinds`` keeps the
    events whose chosen kind is one of them (``none``: no verdict). At most ``limit`` features,
    by start time and id; also returns how many match in all.
    """
    where, params = where_clause(query, store.conn)
    vcond, vparams = verdict_filter(agreement_ids)
    kind_sql, kind_params = "TRUE", []
    if kinds:
        kind_sql = f"coalesce(b.verdict, '{NO_VERDICT}') IN ({', '.join('?' * len(kinds))})"
        kind_params = list(kinds)
    sql = f"""
        WITH e AS (
            SELECT event_id, time_start, time_end, timezone, lat, lon, radius_km, place,
                   event_type, fatalities_best, source
            FROM events WHERE {where}
        ),
        b AS (
            SELECT v.event_id, v.verdict, v.agreement_id, v.window_id,
                   count(*) OVER (PARTITION BY v.event_id) AS n_verdicts
            FROM verdicts v
            WHERE {vcond} AND v.event_id IN (SELECT event_id FROM e)
            QUALIFY row_number() OVER (
                PARTITION BY v.event_id ORDER BY {_RANK}, v.agreement_id, v.window_id) = 1
        )
        SELECT e.event_id, timezone('UTC', e.time_start), timezone('UTC', e.time_end),
               strftime(timezone(e.timezone, e.time_start), '%Y-%m-%d'), e.lat, e.lon,
               e.radius_km, e.place, e.event_type, e.fatalities_best, e.source,
               coalesce(b.verdict, '{NO_VERDICT}'), b.agreement_id, b.window_id,
               coalesce(b.n_verdicts, 0), count(*) OVER () AS total
        FROM e LEFT JOIN b USING (event_id)
        WHERE {kind_sql}
        ORDER BY e.time_start, e.event_id
        LIMIT {int(limit)}
    """
    rows = store.conn.execute(sql, [*params, *vparams, *kind_params]).fetchall()
    features = []
    for row in rows:
        (event_id, start, end, day, lat, lon, radius, place, etype, deaths, source) = row[:11]
        kind, agreement_id, window_id, n_verdicts = row[11:15]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "event_id": event_id,
                    "time_start": _utc(start),
                    "time_end": _utc(end),
                    "day": day,
                    "kind": kind,
                    "agreement_id": agreement_id,
                    "window_id": window_id,
                    "n_verdicts": int(n_verdicts),
                    "event_type": etype,
                    "fatalities_best": deaths,
                    "place": place,
                    "source": source,
                    "radius_km": radius,
                },
            }
        )
    return features, int(rows[0][15]) if rows else 0


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: such a figure is given as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _series_lists(series: DailySeries) -> dict[str, Any]:
    names = (
        "scope_events",
        "scope_uncertain",
        "scope_violations",
        "scope_possible",
        "scope_deaths_best",
        "scope_excluded",
        "scope_coarser",
        "scope_mostly_outside",
        "control_events",
        "control_uncertain",
        "control_deaths_best",
    )
    return {name: [float(v) for v in getattr(series, name)] for name in names}


def _period(period: PeriodCount) -> dict[str, Any]:
    return {
        "first_day": None if period.first is None else period.first.isoformat(),
        "days": period.days,
        "events": period.events,
        "deaths_best": period.deaths_best,
        "uncertain": period.uncertain,
        "excluded": period.excluded,
        "coarser": period.coarser,
        "mostly_outside": period.mostly_outside,
        "left_out": period.left_out,
    }


def _headline(head: Headline) -> dict[str, Any]:
    """The headline count of one horizon (effect/headline.py) as JSON."""
    return {
        "horizon_days": head.horizon_days,
        "before": _period(head.before),
        "during": _period(head.during),
    }


def _stored_current(store: Store, rules: StoreRules, agreement: Agreement, window: Window) -> bool:
    """Whether the window's stored verdicts are current: the window unchanged since they were
    computed, at the store's location threshold, and no ingest since."""
    state = store.verdict_window_states().get((agreement.id, window.id))
    return (
        state is not None
        and state[0] == rules.window_key(agreement, window)
        and state[1] >= store.last_ingest_id()
    )


def window_series(
    store: Store,
    agreement: Agreement,
    window: Window,
    *,
    first: date,
    last: date,
    control: str,
) -> tuple[DailySeries, str, StoreRules]:
    """The daily series of ``window`` from local day ``first`` to ``last``: from the stored
    verdicts' columns when they are current ("stored"), else the events of those days judged
    now against the agreement ("judged", outcomes only, nothing explained)."""
    rules = rules_of(store)
    span = local_days_interval(first, last, agreement.timezone)
    if _stored_current(store, rules, agreement, window):
        table = violent_events(store.conn, is_violent, span.start, span.end)
        verdicts = window_verdicts(
            store.conn, is_violent, agreement.id, window.id, span.start, span.end
        )
        series = series_from_columns(
            table,
            local_days(table, agreement.timezone),
            verdicts,
            agreement,
            window,
            min_share_inside=rules.min_share_inside,
            first_day=first,
            last_day=last,
            control=control,
        )
        return series, "stored", rules
    events = list(store.iter_events(EventQuery(start=span.start, end=span.end)))
    outcomes = rules.outcomes(events, [agreement], include_outside=True) if events else []
    series = daily_series(
        events, outcomes, agreement, window, first_day=first, last_day=last, control=control
    )
    return series, "judged", rules


def series_answer(
    store: Store,
    agreement: Agreement,
    window_id: str,
    *,
    days_before: int,
    days_after: int,
    control: str,
    horizons: Sequence[int],
    seed: int = 0,
) -> dict[str, Any]:
    """Daily counts in scope and control around a window's start, and before/after figures.

    The counts are those of the headline count (:mod:`trucewatch.effect.headline`, what
    ``summary``, ``effect`` and the report print): ``scope_events`` counts what ``counted``
    says, and ``headlines`` gives, per horizon, the before and during counts with what was
    left apart (uncertain, excluded groups) or out (unlocated: coarser, mostly outside).

    Events from ``days_before`` local days before the window's first day to ``days_after``
    after it are counted with the stored verdicts when they are current, else judged in memory
    against the agreement as the effect endpoint does (outcomes only, no explanations).
    ``horizons`` longer than either side are cut where the series ends.
    """
    window = agreement.window(window_id)
    tz = agreement.timezone
    start_day = local_day(window.interval.start, tz)
    first, last = start_day - timedelta(days=days_before), start_day + timedelta(days=days_after)
    series, origin, rules = window_series(
        store, agreement, window, first=first, last=last, control=control
    )
    effects = [window_effect(series, h, seed=seed) for h in horizons]
    return {
        "agreement_id": agreement.id,
        "window_id": window.id,
        "timezone": tz,
        "control": series.control,
        "start_utc": window.interval.start.isoformat(),
        "end_utc": None if window.interval.end is None else window.interval.end.isoformat(),
        "start_day": start_day.isoformat(),
        "verdicts": origin,
        "min_share_inside": rules.min_share_inside,
        "days": [d.isoformat() for d in series.days],
        **_series_lists(series),
        "marks": [{"window_id": w, "start_utc": s.isoformat()} for w, s in series.marks],
        "counted": COUNTED,
        "headlines": [_headline(we.headline) for we in effects if we.headline is not None],
        "effects": [
            {k: _finite(v) for k, v in r.items()} for r in jsonable_encoder(effect_records(effects))
        ],
    }
