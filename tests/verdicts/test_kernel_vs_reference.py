"""Property: the fast engine returns exactly what the slow reference returns.

Random agreements (star-shaped polygons with holes, multipolygons, point-and-radius discs,
windows with chains, open ends and declarations, parties acceding at random instants, excluded
groups) against random events (on vertices, on axis-parallel edges, near and far from the
boundary, radius 0 or not, dated on Damascus DST days and around window starts). The options
``with_distance=False`` and ``kinds`` must give exactly the reference's rows, filtered by
verdict, with ``distance_km`` NaN when it is not asked for.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Point, Polygon

from trucewatch.model.agreement import (
    Agreement,
    ExcludedGroup,
    GroupName,
    Party,
    Scope,
    ThirdParty,
    Window,
)
from trucewatch.model.event import Actors, DatePrecision, Event, Location, LocationPrecision
from trucewatch.model.time import Interval, local_days_interval
from trucewatch.model.verdict import Space, VerdictKind
from trucewatch.verdicts import codes
from trucewatch.verdicts.columns import AgreementColumns, EventColumns
from trucewatch.verdicts.kernel import classify
from trucewatch.verdicts.locate import LOCATION_REASONS

reference = pytest.importorskip(
    "trucewatch.verdicts.reference", reason="the slow reference engine is not written yet"
)

DAMASCUS = "Asia/Damascus"
T0 = datetime(2016, 2, 26, 22, tzinfo=UTC)
DAYS = [  # the start of the 2016 cessation, and both DST days of 2016 in Damascus
    date(2016, 2, 26),
    date(2016, 2, 27),
    date(2016, 3, 25),
    date(2016, 3, 26),
    date(2016, 10, 27),
    date(2016, 10, 28),
]
NAMES = [
    None,
    "Government of Syria",
    "Syrian army",
    "Syrian insurgents",
    "IS",
    "Jabhat al-Nusra",
    "Jabhat Fateh al-Sham",
    "Ahrar al-Sham, Jabhat al-Nusra",
    "IS; Daesh",
    "SDF",
]
EXCLUDED = (
    ExcludedGroup("is", (GroupName("Islamic State"), GroupName("IS"), GroupName("Daesh"))),
    ExcludedGroup(
        "nusra",
        (
            GroupName("Jabhat al-Nusra"),
            GroupName("Jabhat Fateh al-Sham", valid_from=date(2016, 7, 28)),
        ),
    ),
)
GRID = 1e-3  # degrees: vertices on a grid, so points on edges and vertices are exact


@st.composite
def stars(draw, lon: float, lat: float, size: float) -> list[tuple[float, float]]:
    n = draw(st.integers(3, 9))
    ring = []
    for k in range(n):
        angle = 2 * math.pi * (k + draw(st.floats(0.1, 0.9))) / n
        r = size * draw(st.floats(0.5, 1.0))
        ring.append(
            (
                round((lon + r * math.cos(angle)) / GRID) * GRID,
                round((lat + r * math.sin(angle)) / GRID) * GRID,
            )
        )
    return ring


@st.composite
def scopes(draw) -> Scope | None:
    kind = draw(st.sampled_from(["polygon", "holed", "multi", "disc", "none"]))
    lon, lat = 37.0 + draw(st.integers(-2, 2)) * 0.3, 36.0 + draw(st.integers(-2, 2)) * 0.3
    if kind == "none":
        return None
    if kind == "disc":
        return Scope.make("point", {"r": 1}, Point(lon, lat).buffer(draw(st.floats(0.02, 0.2)), 8))
    shell = draw(stars(lon, lat, 0.3))
    holes = [draw(stars(lon, lat, 0.1))] if kind == "holed" else []
    geometry = Polygon(shell, holes)
    if kind == "multi":
        geometry = MultiPolygon([geometry, Polygon(draw(stars(lon + 0.8, lat, 0.2)))])
    assume(geometry.is_valid)
    return Scope.make("geojson", {"k": kind}, geometry)


@st.composite
def agreements(draw, index: int) -> Agreement:
    aid = f"a{index}"

    def window(wid, kind, start, hours, **kw):
        end = None if hours is None else start + timedelta(hours=hours)
        return Window(wid, aid, kind, Interval(start, end), DAMASCUS, start.isoformat(), **kw)

    start = T0 + timedelta(hours=draw(st.sampled_from([0, 1, 24, 24 * 27, 24 * 241])))
    base = window("base", "base", start, draw(st.sampled_from([None, 48, 72, 24 * 30])))
    extensions, parent, at = [], "base", start + timedelta(hours=48)
    for k in range(draw(st.integers(0, 2))):
        hours = draw(st.sampled_from([24, 72]))
        scope = draw(scopes()) if draw(st.booleans()) else None
        extensions.append(window(f"ext{k}", "extension", at, hours, parent_id=parent, scope=scope))
        parent, at = f"ext{k}", at + timedelta(hours=hours)
    declarations = []
    if draw(st.booleans()):
        declarations.append(
            window("decl", "declaration", start - timedelta(hours=25), None, declared_by="us")
        )
    accession = draw(st.sampled_from([None, T0 - timedelta(hours=2), T0 + timedelta(hours=13)]))
    return Agreement(
        aid,
        aid,
        DAMASCUS,
        base,
        scope=draw(scopes()),
        parties=(
            Party("gov", "Government of Syria", ("Syrian army",), accession),
            Party("opp", "Syrian insurgents"),
        ),
        guarantors=(ThirdParty("us", "United States"),),
        excluded_groups=EXCLUDED,
        extensions=tuple(extensions),
        declarations=tuple(declarations),
    )


def _vertices(agreement_list: list[Agreement]) -> list[tuple[float, float]]:
    out = []
    for a in agreement_list:
        for s in a.scopes():
            polys = [s.geometry] if s.geometry.geom_type == "Polygon" else list(s.geometry.geoms)
            for p in polys:
                out.extend(p.exterior.coords)
                for hole in p.interiors:
                    out.extend(hole.coords)
    return out or [(37.0, 36.0)]


@st.composite
def events(draw, agreement_list: list[Agreement], n: int) -> list[Event]:
    vertices = _vertices(agreement_list)
    out = []
    for k in range(n):
        vx, vy = draw(st.sampled_from(vertices))
        how = draw(st.sampled_from(["vertex", "same_lon", "same_lat", "near", "random"]))
        lon, lat = vx, vy
        if how == "same_lon":  # on a vertical line through a vertex (on an edge when it is one)
            lat = vy + draw(st.integers(-50, 50)) * GRID
        elif how == "same_lat":
            lon = vx + draw(st.integers(-50, 50)) * GRID
        elif how == "near":
            lon += draw(st.floats(-0.02, 0.02))
            lat += draw(st.floats(-0.02, 0.02))
        elif how == "random":
            lon += draw(st.floats(-0.6, 0.6))
            lat += draw(st.floats(-0.6, 0.6))
        day = draw(st.sampled_from(DAYS))
        if draw(st.booleans()):
            when = local_days_interval(day, day, DAMASCUS)
        else:
            lo = T0 + timedelta(hours=draw(st.integers(-30, 30)))
            when = Interval(lo, lo + timedelta(hours=draw(st.sampled_from([1, 24, 25]))))
        out.append(
            Event(
                source="prop",
                source_row_id=str(k),
                adapter="prop.v1",
                when=when,
                date_precision=DatePrecision.DAY,
                where=Location(
                    lat,
                    lon,
                    draw(st.sampled_from([0.0, 0.0, 0.5, 3.0, 20.0])),
                    LocationPrecision.EXACT,
                ),
                event_type=draw(
                    st.sampled_from(["remote.airstrike", "battle.armed_clash", "unrest.protest"])
                ),
                actors=Actors(draw(st.sampled_from(NAMES)), draw(st.sampled_from(NAMES))),
                timezone=DAMASCUS,
            )
        )
    return out


@st.composite
def cases(draw) -> tuple[list[Event], list[Agreement]]:
    agreement_list = [draw(agreements(i)) for i in range(draw(st.integers(1, 3)))]
    return draw(events(agreement_list, draw(st.integers(1, 25)))), agreement_list


def _rows(pairs, event_ids, window_ids):
    return [
        (
            event_ids[pairs.event_idx[k]],
            window_ids[pairs.window_idx[k]],
            codes.SPACE_CODES[pairs.space[k]],
            codes.TIME_CODES[pairs.time[k]],
            codes.STATUS_CODES[pairs.side_a_status[k]],
            codes.STATUS_CODES[pairs.side_b_status[k]],
            codes.VERDICT_CODES[pairs.verdict[k]],
            None if np.isnan(pairs.distance_km[k]) else float(pairs.distance_km[k]),
        )
        for k in range(len(pairs))
    ]


def _expected_rows(verdicts, *, include_outside, with_distance, kinds):
    return [
        (
            v.event_id,
            (v.agreement_id, v.window_id),
            v.space,
            v.time,
            v.parties[0].status,
            v.parties[1].status,
            v.verdict,
            v.distance_km if with_distance else None,
        )
        for v in verdicts
        if (include_outside or v.space is not Space.OUTSIDE)
        and (kinds is None or v.verdict in kinds)
    ]


MONITOR = frozenset({VerdictKind.VIOLATION, VerdictKind.POSSIBLE_VIOLATION})


THRESHOLDS = st.one_of(st.sampled_from([0.5, 0.5, 0.0, 1.0]), st.floats(0.0, 1.0))


def _location(verdict) -> str | None:
    codes_ = {"location_coarser_than_scope", "mostly_outside_scope"}
    return next((r for r in verdict.reasons if r in codes_), None)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.sets(st.sampled_from(list(VerdictKind))), THRESHOLDS)
def test_fast_engine_equals_reference(case, drawn_kinds, threshold):
    event_list, agreement_list = case
    columns = EventColumns.from_events(event_list)
    pairs = classify(
        columns,
        AgreementColumns.from_agreements(agreement_list, columns.names),
        include_outside=True,
        min_share_inside=threshold,
    )
    expected = reference.judge_reference(
        event_list, agreement_list, include_outside=True, min_share_inside=threshold
    )
    assert len(pairs) == len(expected)
    window_ids = [(a.id, w.id) for a in agreement_list for w in a.windows()]
    event_ids = [e.event_id for e in event_list]
    for k, v in enumerate(expected):
        got = (
            event_ids[pairs.event_idx[k]],
            window_ids[pairs.window_idx[k]],
            codes.SPACE_CODES[pairs.space[k]],
            codes.TIME_CODES[pairs.time[k]],
            codes.STATUS_CODES[pairs.side_a_status[k]],
            codes.STATUS_CODES[pairs.side_b_status[k]],
            codes.VERDICT_CODES[pairs.verdict[k]],
            None if np.isnan(pairs.distance_km[k]) else float(pairs.distance_km[k]),
        )
        want = (
            v.event_id,
            (v.agreement_id, v.window_id),
            v.space,
            v.time,
            v.parties[0].status,
            v.parties[1].status,
            v.verdict,
            v.distance_km,
        )
        assert got == want
        assert LOCATION_REASONS[pairs.location[k]] == _location(v)
    fast_only = classify(
        columns,
        AgreementColumns.from_agreements(agreement_list, columns.names),
        min_share_inside=threshold,
    )
    keep = pairs.space != codes.OUTSIDE
    assert np.array_equal(fast_only.event_idx, pairs.event_idx[keep])
    assert np.array_equal(fast_only.window_idx, pairs.window_idx[keep])
    assert np.array_equal(fast_only.verdict, pairs.verdict[keep])
    assert np.array_equal(fast_only.distance_km, pairs.distance_km[keep], equal_nan=True)
    # the options: a filtered, possibly distance-free view of the same answer
    packed = AgreementColumns.from_agreements(agreement_list, columns.names)
    for kinds in (None, MONITOR, frozenset(drawn_kinds)):
        for include_outside in (False, True):
            for with_distance in (False, True):
                got = classify(
                    columns,
                    packed,
                    include_outside=include_outside,
                    with_distance=with_distance,
                    kinds=kinds,
                    min_share_inside=threshold,
                )
                assert _rows(got, event_ids, window_ids) == _expected_rows(
                    expected,
                    include_outside=include_outside,
                    with_distance=with_distance,
                    kinds=kinds,
                )
