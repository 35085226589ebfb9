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
from datetime import date, datetime, timedelta
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
from trucewatch.store.map_reads import (
    NO_VERDICT,
    boundary_levels,
    boundary_units,
    map_events,
    window_columns,
)
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
    NONE = NO_VERDICT


#: every kind a map event may have, most serious first
MAP_KINDS = tuple(k.value for k in MapKind)


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


def boundary_features(store: Store, level: int, *, simplify: float = 0.0) -> list[dict[str, Any]]:
    """The stored boundary units of admin ``level`` (every layer) as GeoJSON features with
    ``code``, ``name``, ``layer`` and ``level``, by layer and code.

    ``simplify``: a tolerance in degrees for drawing (0 keeps every vertex); a unit that
    drawing would reduce to nothing is left out.
    """
    units = boundary_units(store, level)
    if not units:
        return []
    geometries = shapely.from_wkb([u.wkb for u in units])
    if simplify > 0:
        geometries = shapely.simplify(geometries, simplify, preserve_topology=True)
    features = []
    for unit, geometry in zip(units, geometries, strict=True):
        drawn = shapely.set_precision(geometry, 1e-6)
        if drawn.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": dict(mapping(drawn)),
                "properties": {
                    "code": unit.code,
                    "name": unit.name or unit.code,
                    "layer": unit.layer,
                    "level": level,
                },
            }
        )
    return features


def _utc(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


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
    found = map_events(store, query, agreement_ids=agreement_ids, kinds=kinds, limit=limit)
    features = []
    for row in found.rows.to_pylist():
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": {
                    "event_id": row["event_id"],
                    "time_start": _utc(row["time_start"]),
                    "time_end": _utc(row["time_end"]),
                    "day": row["day"],
                    "kind": row["kind"],
                    "agreement_id": row["agreement_id"],
                    "window_id": row["window_id"],
                    "n_verdicts": int(row["n_verdicts"]),
                    "event_type": row["event_type"],
                    "fatalities_best": row["fatalities_best"],
                    "place": row["place"],
                    "source": row["source"],
                    "radius_km": row["radius_km"],
                    "confidence": row["confidence"],
                    "guessed": list(row["guessed"] or ()),
                },
            }
        )
    return features, found.total


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
        table, verdicts = window_columns(
            store, is_violent, agreement.id, window.id, span.start, span.end
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
