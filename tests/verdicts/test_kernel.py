"""The fast engine on hand-made cases: each space, time, side and verdict path, and its checks."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np
import pytest
from shapely.geometry import MultiPolygon, Polygon

from trucewatch.errors import AgreementError, ValidationError
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
from trucewatch.model.verdict import SideStatus, Space, TimeRelation, VerdictKind
from trucewatch.verdicts import codes
from trucewatch.verdicts.columns import AgreementColumns, EventColumns
from trucewatch.verdicts.kernel import PairColumns, classify

DAMASCUS = "Asia/Damascus"
PLUS3 = timezone(timedelta(hours=3))
START = datetime(2016, 5, 5, 1, tzinfo=PLUS3)
ACCESSION = datetime(2016, 5, 6, 12, tzinfo=UTC)
SQUARE = Polygon(
    [(37.0, 36.1), (37.2, 36.1), (37.2, 36.3), (37.0, 36.3)],
    [[(37.08, 36.18), (37.12, 36.18), (37.12, 36.22), (37.08, 36.22)]],
)
ISLAND = Polygon([(37.5, 36.1), (37.6, 36.1), (37.6, 36.2), (37.5, 36.2)])
SCOPE = Scope.make(
    "geojson", {"test": "square with a hole, and an island"}, MultiPolygon([SQUARE, ISLAND])
)


def win(wid: str, start: datetime, hours: int | None, kind: str = "extension", **kw) -> Window:
    end = None if hours is None else start + timedelta(hours=hours)
    parent = "base" if kind == "extension" else None
    return Window(
        wid, "calm", kind, Interval(start, end), DAMASCUS, start.isoformat(), parent, **kw
    )  # type: ignore[arg-type]


def calm(scope: Scope | None = SCOPE) -> Agreement:
    return Agreement(
        id="calm",
        name="Calm",
        timezone=DAMASCUS,
        base=win("base", START, 48, kind="base"),
        scope=scope,
        parties=(
            Party("gov", "Government of Syria", ("Syrian army",), ACCESSION),
            Party("opp", "Syrian insurgents"),
        ),
        guarantors=(ThirdParty("us", "United States of America"),),
        excluded_groups=(ExcludedGroup("is", (GroupName("Islamic State"), GroupName("IS"))),),
        extensions=(win("ext", START + timedelta(hours=48), 72),),
        declarations=(
            win("decl", START - timedelta(hours=25), None, "declaration", declared_by="us"),
        ),
    )


def event(
    lon: float = 37.03,
    lat: float = 36.13,
    radius: float = 0.0,
    day: date = date(2016, 5, 8),
    sides: tuple[str | None, str | None] = ("Syrian insurgents", "Civilians"),
    event_type: str = "remote.airstrike",
    when: Interval | None = None,
) -> Event:
    return Event(
        source="test",
        source_row_id=f"{lon}-{lat}-{radius}-{day}",
        adapter="test.v1",
        when=when or local_days_interval(day, day, DAMASCUS),
        date_precision=DatePrecision.DAY,
        where=Location(lat, lon, radius, LocationPrecision.EXACT),
        event_type=event_type,
        actors=Actors(*sides),
        timezone=DAMASCUS,
    )


def judge(events: list[Event], agreements: list[Agreement] | None = None, **kw) -> PairColumns:
    columns = EventColumns.from_events(events)
    packed = AgreementColumns.from_agreements(agreements or [calm()], columns.names)
    return classify(columns, packed, **kw)


def row(pairs: PairColumns, window: int = 0, event: int = 0) -> dict[str, object]:
    (k,) = np.flatnonzero((pairs.event_idx == event) & (pairs.window_idx == window))
    return {
        "space": codes.SPACE_CODES[pairs.space[k]],
        "time": codes.TIME_CODES[pairs.time[k]],
        "a": codes.STATUS_CODES[pairs.side_a_status[k]],
        "b": codes.STATUS_CODES[pairs.side_b_status[k]],
        "verdict": codes.VERDICT_CODES[pairs.verdict[k]],
        "d": float(pairs.distance_km[k]),
    }


@pytest.mark.parametrize(
    ("lon", "lat", "radius", "space"),
    [
        (37.03, 36.13, 0.0, Space.INSIDE),  # inside the shell, far from the hole
        (37.03, 36.13, 1.0, Space.INSIDE),  # its disc stays inside (about 2.7 km to the edge)
        (37.03, 36.13, 5.0, Space.UNCERTAIN),  # its disc crosses the edge
        (36.9, 36.13, 0.0, Space.OUTSIDE),
        (37.10, 36.20, 0.0, Space.OUTSIDE),  # in the hole
        (37.10, 36.20, 1.0, Space.OUTSIDE),  # in the hole, disc within it (2.2 km to its edge)
        (37.0, 36.2, 0.0, Space.INSIDE),  # on the shell's west edge, zero radius
        (37.0, 36.1, 0.0, Space.INSIDE),  # on a vertex
        (37.08, 36.2, 0.0, Space.INSIDE),  # on the hole's edge
        (37.55, 36.15, 0.0, Space.INSIDE),  # on the island of the multipolygon
        (37.0, 36.2, 0.5, Space.UNCERTAIN),  # on the edge with a radius
    ],
)
def test_space_of_points_and_discs_against_a_multipolygon_with_a_hole(lon, lat, radius, space):
    pairs = judge([event(lon, lat, radius)], include_outside=True)
    assert row(pairs)["space"] is space


def test_a_point_on_the_edge_has_distance_zero():
    assert row(judge([event(37.0, 36.2)]))["d"] == 0.0


def test_a_disc_touching_the_edge_from_outside_is_outside():
    # 0.5 degrees of latitude south of the shell's south edge (x of the point = x of a vertex)
    pairs = judge([event(37.0, 36.05)], include_outside=True)
    d = row(pairs)["d"]
    touching = judge([event(37.0, 36.05, radius=d)], include_outside=True)  # type: ignore[arg-type]
    assert row(touching)["space"] is Space.OUTSIDE


def test_outside_pairs_are_left_out_unless_asked_for():
    far = [event(30.0, 30.0)]
    assert len(judge(far)) == 0
    assert len(judge(far, include_outside=True)) == 3


def test_pairs_are_sorted_by_event_then_window():
    pairs = judge([event(), event(36.9, 36.13), event(37.55, 36.15)], include_outside=True)
    keys = list(zip(pairs.event_idx.tolist(), pairs.window_idx.tolist(), strict=True))
    assert keys == sorted(keys) and len(keys) == 9


@pytest.mark.parametrize(
    ("day", "windows"),
    [
        # base [4 May 22:00Z, 6 May 22:00Z), ext [6 May 22:00Z, 9 May 22:00Z), decl open from 3 May
        (date(2016, 5, 3), (TimeRelation.BEFORE, TimeRelation.BEFORE, TimeRelation.BEFORE)),
        (date(2016, 5, 5), (TimeRelation.UNCERTAIN, TimeRelation.BEFORE, TimeRelation.DURING)),
        (date(2016, 5, 8), (TimeRelation.AFTER, TimeRelation.DURING, TimeRelation.DURING)),
        (date(2016, 5, 10), (TimeRelation.AFTER, TimeRelation.UNCERTAIN, TimeRelation.DURING)),
        (date(2016, 12, 1), (TimeRelation.AFTER, TimeRelation.AFTER, TimeRelation.DURING)),
    ],
)
def test_time_against_base_extension_and_open_ended_declaration(day, windows):
    pairs = judge([event(day=day)])
    assert tuple(row(pairs, w)["time"] for w in range(3)) == windows


def dst_agreement(start: datetime) -> Agreement:
    base = Window("base", "dst", "base", Interval(start, start + timedelta(days=2)), DAMASCUS, "x")
    return Agreement("dst", "DST", DAMASCUS, base, scope=SCOPE)


@pytest.mark.parametrize(
    ("day", "start", "time"),
    [
        # 25 Mar 2016 in Damascus has 23 hours: [24 Mar 22:00Z, 25 Mar 21:00Z)
        (date(2016, 3, 25), datetime(2016, 3, 26, 0, tzinfo=PLUS3), TimeRelation.BEFORE),
        (date(2016, 3, 25), datetime(2016, 3, 25, 21, 30, tzinfo=UTC), TimeRelation.BEFORE),
        (date(2016, 3, 25), datetime(2016, 3, 25, 20, 59, tzinfo=UTC), TimeRelation.UNCERTAIN),
        # 27 Oct 2016 has 25 hours: [26 Oct 21:00Z, 27 Oct 22:00Z)
        (date(2016, 10, 27), datetime(2016, 10, 27, 21, 30, tzinfo=UTC), TimeRelation.UNCERTAIN),
        (date(2016, 10, 27), datetime(2016, 10, 27, 22, 0, tzinfo=UTC), TimeRelation.BEFORE),
        (date(2016, 10, 27), datetime(2016, 10, 26, 21, 0, tzinfo=UTC), TimeRelation.DURING),
    ],
)
def test_time_on_daylight_saving_days_in_damascus(day, start, time):
    pairs = judge([event(day=day)], [dst_agreement(start)])
    assert row(pairs)["time"] is time


@pytest.mark.parametrize(
    ("sides", "expected"),
    [
        (("Syrian insurgents", None), (SideStatus.PARTY, SideStatus.ABSENT)),
        (("Syrian army", "SDF"), (SideStatus.NOT_YET_PARTY, SideStatus.UNKNOWN)),
        (("IS", "Islamic State, Syrian insurgents"), (SideStatus.EXCLUDED, SideStatus.MIXED)),
    ],
)
def test_side_statuses_before_the_accession(sides, expected):
    pairs = judge([event(day=date(2016, 5, 5), sides=sides)])
    assert (row(pairs, 2)["a"], row(pairs, 2)["b"]) == expected


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2016, 5, 5), SideStatus.NOT_YET_PARTY),  # accession 6 May 12:00Z after the day
        (date(2016, 5, 6), SideStatus.ACCESSION_UNCERTAIN),  # during the day
        (date(2016, 5, 7), SideStatus.PARTY),
    ],
)
def test_accession_over_the_event_interval(day, status):
    pairs = judge([event(day=day, sides=("Government of Syria", None))])
    assert row(pairs, 2)["a"] is status


@pytest.mark.parametrize(
    ("kw", "verdict"),
    [
        ({"lon": 36.9}, VerdictKind.OUTSIDE_SCOPE),  # rule 1
        ({"day": date(2016, 5, 1)}, VerdictKind.OUTSIDE_WINDOW),  # rule 2
        ({"event_type": "unrest.protest"}, VerdictKind.NOT_COVERED),  # rule 3
        ({"sides": ("Syrian insurgents", "IS")}, VerdictKind.NOT_COVERED),  # rule 4
        ({"sides": ("Syrian army", None), "day": date(2016, 5, 5)}, VerdictKind.NOT_COVERED),  # 5
        ({"sides": ("SDF", None)}, VerdictKind.POSSIBLE_VIOLATION),  # rule 6
        ({"radius": 5.0}, VerdictKind.POSSIBLE_VIOLATION),  # rule 7: space uncertain
        ({"sides": ("Syrian insurgents", "IS, SDF")}, VerdictKind.POSSIBLE_VIOLATION),  # 7: mixed
        ({}, VerdictKind.VIOLATION),  # rule 8
    ],
)
def test_each_verdict_rule(kw, verdict):
    pairs = judge([event(**kw)], include_outside=True)
    assert row(pairs, 2)["verdict"] is verdict  # the open-ended declaration, from 4 May


def test_a_window_without_scope_covers_everywhere_with_no_distance():
    pairs = judge([event(10.0, 10.0)], [calm(scope=None)])
    assert len(pairs) == 3
    assert row(pairs)["space"] is Space.INSIDE and math.isnan(row(pairs)["d"])  # type: ignore[arg-type]


def test_the_reference_agrees_on_every_hand_case():
    reference = pytest.importorskip("trucewatch.verdicts.reference")
    events = [
        event(lon, lat, r, day)
        for lon, lat in [(37.0, 36.2), (37.1, 36.2), (37.55, 36.1), (36.99, 36.3), (37.03, 36.13)]
        for r in (0.0, 0.7, 3.0)
        for day in (date(2016, 5, 5), date(2016, 5, 8))
    ]
    pairs = judge(events, include_outside=True)
    verdicts = reference.judge_reference(events, [calm()], include_outside=True)
    assert len(verdicts) == len(pairs)
    for k, v in enumerate(verdicts):
        assert codes.SPACE_CODES[pairs.space[k]] is v.space
        assert codes.VERDICT_CODES[pairs.verdict[k]] is v.verdict
        assert float(pairs.distance_km[k]) == v.distance_km


def test_empty_inputs_give_no_pairs():
    empty = EventColumns.from_events([])
    assert len(classify(empty, AgreementColumns.from_agreements([calm()], ()))) == 0
    some = EventColumns.from_events([event()])
    assert len(classify(some, AgreementColumns.from_agreements([], some.names))) == 0


def columns(**changes) -> dict[str, object]:
    good: dict[str, object] = {
        "lon": [37.0],
        "lat": [36.0],
        "radius_km": [1.0],
        "lo_ns": [0],
        "hi_ns": [10],
        "violent": [True],
        "side_a": [0],
        "side_b": [-1],
        "names": ("Syrian army",),
    }
    return good | changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"lat": [95.2]}, "latitude 95.2 is outside"),
        ({"lon": [float("nan")]}, "longitude nan"),
        ({"radius_km": [-1.0]}, "radius_km -1.0"),
        ({"hi_ns": [0]}, "not after its start"),
        ({"side_a": [3]}, "side_a 3"),
        ({"lat": [1.0, 2.0]}, "lat has 2 values, expected 1"),
    ],
)
def test_event_columns_refuse_impossible_values(changes, message):
    with pytest.raises(ValidationError, match=message):
        EventColumns.from_arrays(**columns(**changes))  # type: ignore[arg-type]


def test_classify_refuses_agreements_packed_for_other_names():
    events = EventColumns.from_arrays(**columns())  # type: ignore[arg-type]
    packed = AgreementColumns.from_agreements([calm()], ("someone else",))
    with pytest.raises(ValidationError, match="another table of side names"):
        classify(events, packed)


def test_unresolved_admin_scopes_are_refused():
    admin = Scope.make("admin", {"admin1": "Aleppo"}, None)
    with pytest.raises(AgreementError, match="not resolved"):
        AgreementColumns.from_agreements([calm(scope=admin)], ())


def test_codes_round_trip():
    assert codes.code_of(Space.OUTSIDE) == codes.SPACE_CODES.index(Space.OUTSIDE)
    assert codes.decode(VerdictKind, [0, 4]) == [VerdictKind.VIOLATION, VerdictKind.OUTSIDE_WINDOW]
    with pytest.raises(ValidationError, match="must be in"):
        codes.decode(Space, [7])


def _star(lon: float, lat: float, size: float, n: int, rng: np.random.Generator) -> list:
    angles = np.sort(rng.uniform(0, 2 * math.pi, n))
    r = size * rng.uniform(0.6, 1.0, n)
    return list(zip(lon + r * np.cos(angles), lat + r * np.sin(angles), strict=True))


def _random_discs(
    rng: np.random.Generator,
    n: int,
    box: tuple[float, float, float, float],
    radii: list[float],
    names: tuple[str, ...],
) -> EventColumns:
    """n random one-day discs over ``box`` (lon0, lat0, lon1, lat1) in May 2016, sides drawn."""
    lo = rng.integers(1_462_300_000, 1_463_100_000, n) * 1_000_000_000
    return EventColumns.from_arrays(
        lon=rng.uniform(box[0], box[2], n),
        lat=rng.uniform(box[1], box[3], n),
        radius_km=rng.choice(np.array(radii), n),
        lo_ns=lo,
        hi_ns=lo + 86_400_000_000_000,
        violent=rng.random(n) < 0.9,
        side_a=rng.integers(-1, len(names), n).astype(np.int32),
        side_b=rng.integers(-1, len(names), n).astype(np.int32),
        names=names,
    )


def test_options_give_the_same_rows_on_many_random_discs_over_several_blocks():
    """300 k discs around star scopes (one with a hole): the distance-free space and the
    verdict filter give exactly the default rows (spatially ordered blocks put back in order)."""
    rng = np.random.default_rng(7)
    holed = Polygon(_star(37.1, 36.2, 0.15, 200, rng), [_star(37.1, 36.2, 0.04, 40, rng)])
    other = MultiPolygon([Polygon(_star(37.4, 36.3, 0.1, 90, rng)), ISLAND])
    agreements = [calm(Scope.make("geojson", {"k": k}, g)) for k, g in enumerate((holed, other))]
    names = ("Syrian insurgents", "Government of Syria", "IS", "Civilians")
    box = (36.8, 35.95, 37.7, 36.5)
    columns = _random_discs(rng, 300_000, box, [0.0, 0.0, 0.5, 2.0, 10.0], names)
    packed = AgreementColumns.from_agreements(agreements, columns.names)
    full = classify(columns, packed)
    keys = full.event_idx * 100 + full.window_idx
    assert np.all(np.diff(keys) > 0) and len(full) > 50_000
    plain = classify(columns, packed, with_distance=False)
    for name in ("event_idx", "window_idx", "space", "time", "verdict", "side_a_status"):
        assert np.array_equal(getattr(plain, name), getattr(full, name)), name
    assert np.isnan(plain.distance_km).all()
    wanted = {VerdictKind.VIOLATION, VerdictKind.POSSIBLE_VIOLATION}
    monitor = classify(columns, packed, with_distance=False, kinds=wanted)
    keep = np.isin(full.verdict, [codes.code_of(k) for k in wanted])
    assert 0 < len(monitor) < len(full)
    for name in ("event_idx", "window_idx", "space", "time", "verdict", "side_b_status"):
        assert np.array_equal(getattr(monitor, name), getattr(full, name)[keep]), name


def test_scope_by_scope_loop_gives_the_event_by_event_rows_over_blocks_and_growth(monkeypatch):
    """The default call runs scope by scope; with include_outside it runs event by event: the
    rows that are not outside are the same, over several blocks and with the output arrays
    grown many times (resumed at the scope that did not fit)."""
    from trucewatch.verdicts import kernel

    rng = np.random.default_rng(5)
    holed = Polygon(_star(37.1, 36.2, 0.15, 200, rng), [_star(37.1, 36.2, 0.04, 40, rng)])
    near = Polygon(_star(37.2, 36.25, 0.1, 90, rng))  # overlaps the first
    agreements = [calm(Scope.make("geojson", {"k": k}, g)) for k, g in enumerate((holed, near))]
    names = ("Syrian insurgents", "Government of Syria", "IS")
    columns = _random_discs(rng, 60_000, (36.8, 35.95, 37.5, 36.5), [0.0, 1.0, 5.0, 10.0], names)
    packed = AgreementColumns.from_agreements(agreements, columns.names)
    monkeypatch.setattr(kernel, "_SCOPE_BLOCK", 1 << 14)
    monkeypatch.setattr(kernel, "_BLOCK", 1 << 13)
    monkeypatch.setattr(kernel, "_MAX_ROWS", 500)
    every = classify(columns, packed, include_outside=True)
    inside = every.space != codes.code_of(Space.OUTSIDE)
    for kw in ({}, {"with_distance": False}):
        by_scope = classify(columns, packed, **kw)
        assert len(by_scope) == inside.sum() > 10_000
        for name in PairColumns.__dataclass_fields__:
            if name != "distance_km" or kw == {}:
                expected = getattr(every, name)[inside]
                assert np.array_equal(getattr(by_scope, name), expected), name


def test_distances_beyond_the_fine_grid_equal_shapely_over_many_vertex_scopes():
    """Far discs (beyond each scope's fine grid) scan the segments chunk by chunk, skipping
    chunks whose box is further than the best so far: the distance is still shapely's, to the
    bit, and the distance-free space code agrees."""
    from trucewatch.verdicts.rules import space_of

    rng = np.random.default_rng(11)
    holed = Polygon(_star(37.1, 36.2, 0.1, 300, rng), [_star(37.1, 36.2, 0.03, 70, rng)])
    multi = MultiPolygon([Polygon(_star(37.5, 36.3, 0.08, 150, rng)), ISLAND])
    geometries = (holed, multi)
    agreements = [calm(Scope.make("geojson", {"k": k}, g)) for k, g in enumerate(geometries)]
    n = 1500
    lo = np.full(n, 1_462_500_000 * 1_000_000_000)
    names = ("Government of Syria",)
    columns = EventColumns.from_arrays(
        lon=rng.uniform(36.6, 38.0, n),
        lat=rng.uniform(35.8, 36.7, n),
        radius_km=rng.choice(np.array([0.0, 5.0, 10.0, 20.0, 40.0]), n),
        lo_ns=lo,
        hi_ns=lo + 3_600_000_000_000,
        violent=np.ones(n, dtype=np.bool_),
        side_a=np.zeros(n, dtype=np.int32),
        side_b=np.full(n, -1, dtype=np.int32),
        names=names,
    )
    packed = AgreementColumns.from_agreements(agreements, columns.names)
    full = classify(columns, packed, include_outside=True)
    plain = classify(columns, packed, with_distance=False)
    scope_of_window = packed.window_scope[full.window_idx]
    expected_space, expected_d = [], []
    for e, s in zip(full.event_idx, scope_of_window, strict=True):
        space, d = space_of(columns.lon[e], columns.lat[e], columns.radius_km[e], geometries[s])
        expected_space.append(codes.code_of(space))
        expected_d.append(d)
    assert np.array_equal(full.distance_km, np.array(expected_d))
    assert np.array_equal(full.space, np.array(expected_space, dtype=np.int8))
    inside = full.space != codes.code_of(Space.OUTSIDE)
    assert np.array_equal(plain.space, full.space[inside])
    assert np.array_equal(plain.event_idx, full.event_idx[inside])


def test_raster_bounds_never_misjudge_discs_whose_radius_is_within_a_hair_of_the_distance():
    """Distance bounds from the raster (sub-cells, and the outer raster beyond the fine grid)
    decide most pairs without segments; for discs whose radius equals shapely's distance,
    or misses it by a metre or a micrometre either way, the distance-free answer is still
    exactly shapely's (the bounds' margins are far above rounding, far below a metre)."""
    from trucewatch.verdicts.rules import space_of

    rng = np.random.default_rng(23)
    holed = Polygon(_star(37.1, 36.2, 0.1, 300, rng), [_star(37.1, 36.2, 0.03, 70, rng)])
    multi = MultiPolygon([Polygon(_star(37.5, 36.3, 0.08, 150, rng)), ISLAND])
    geometries = (holed, multi)
    agreements = [calm(Scope.make("geojson", {"k": k}, g)) for k, g in enumerate(geometries)]
    n = 3000
    lon = np.concatenate([rng.uniform(36.9, 37.3, n // 2), rng.uniform(37.3, 37.75, n // 2)])
    lat = np.concatenate([rng.uniform(36.0, 36.4, n // 2), rng.uniform(36.1, 36.5, n // 2)])
    scope = np.repeat([0, 1], n // 2)
    points = zip(lon, lat, scope, strict=True)
    d = np.array([space_of(x, y, 0.0, geometries[s])[1] for x, y, s in points])
    nudge = rng.choice(np.array([0.0, 1e-3, -1e-3, 1e-9, -1e-9]), n)
    radius = np.maximum(d + nudge, 0.0)
    lo = np.full(n, 1_462_500_000 * 1_000_000_000)
    columns = EventColumns.from_arrays(
        lon=lon,
        lat=lat,
        radius_km=radius,
        lo_ns=lo,
        hi_ns=lo + 3_600_000_000_000,
        violent=np.ones(n, dtype=np.bool_),
        side_a=np.zeros(n, dtype=np.int32),
        side_b=np.full(n, -1, dtype=np.int32),
        names=("Government of Syria",),
    )
    packed = AgreementColumns.from_agreements(agreements, columns.names)
    plain = classify(columns, packed, with_distance=False)
    got = {(e, packed.window_scope[w]): s for e, w, s in
           zip(plain.event_idx, plain.window_idx, plain.space, strict=True)}  # fmt: skip
    expected = {}
    for e in range(n):
        for s, geometry in enumerate(geometries):
            space, _ = space_of(lon[e], lat[e], radius[e], geometry)
            if space is not Space.OUTSIDE:
                expected[(e, s)] = codes.code_of(space)
    assert len(expected) > 1000
    assert got == expected
