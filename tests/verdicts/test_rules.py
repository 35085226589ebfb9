"""The verdict rules one by one: space, share, time, rules 1-8 and every reason code."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np
import pytest
from shapely.geometry import MultiPolygon, Point, Polygon

from trucewatch.model.agreement import Agreement, ExcludedGroup, GroupName, Party, Window
from trucewatch.model.event import Actors, DatePrecision, Event, Location, LocationPrecision
from trucewatch.model.time import Interval, local_days_interval
from trucewatch.model.verdict import SideJudgement, SideStatus, Space, TimeRelation, VerdictKind
from trucewatch.verdicts import reasons as R
from trucewatch.verdicts.parties import judge_sides
from trucewatch.verdicts.plane import to_plane
from trucewatch.verdicts.rules import (
    decide,
    location_of,
    project_scope,
    reasons_for,
    scope_area,
    share_inside,
    space_of,
    time_of,
)

DAMASCUS = "Asia/Damascus"
PLUS2 = timezone(timedelta(hours=2))
PLUS3 = timezone(timedelta(hours=3))

# A 0.2 x 0.2 degree square around Aleppo with a 0.04-degree square hole in the middle.
SQUARE = Polygon([(37.0, 36.1), (37.2, 36.1), (37.2, 36.3), (37.0, 36.3)])
HOLED = Polygon(
    SQUARE.exterior.coords,
    [[(37.08, 36.18), (37.12, 36.18), (37.12, 36.22), (37.08, 36.22)]],
)
FAR = Polygon([(38.0, 36.1), (38.2, 36.1), (38.2, 36.3), (38.0, 36.3)])
MULTI = MultiPolygon([SQUARE, FAR])


def window(start: datetime, end: datetime | None = None, wid: str = "base") -> Window:
    kind = "base" if wid == "base" else "extension"
    return Window(
        wid,
        "test",
        kind,
        Interval(start, end),
        DAMASCUS,
        start.isoformat(),
        parent_id=None if kind == "base" else "base",
    )


def agreement(start: datetime = datetime(2016, 2, 27, tzinfo=PLUS2)) -> Agreement:
    return Agreement(
        id="test",
        name="Test truce",
        timezone=DAMASCUS,
        base=window(start),
        parties=(
            Party("gov", "Government of Syria"),
            Party("late", "Late Brigade", accession=datetime(2016, 3, 10, 12, tzinfo=PLUS2)),
        ),
        excluded_groups=(
            ExcludedGroup("is", (GroupName("Islamic State"), GroupName("IS"))),
            ExcludedGroup(
                "nusra",
                (
                    GroupName("Jabhat al-Nusra"),
                    GroupName("Jabhat Fateh al-Sham", valid_from=date(2016, 7, 28)),
                ),
            ),
        ),
    )


def event(
    *,
    day: date = date(2016, 3, 1),
    last: date | None = None,
    side_a: str | None = "Government of Syria",
    side_b: str | None = "Syrian insurgents",
    perpetrator: str | None = None,
    event_type: str = "battle.state_based",
    precision: LocationPrecision = LocationPrecision.EXACT,
    lon: float = 37.05,
    lat: float = 36.15,
    radius: float = 0.0,
) -> Event:
    return Event(
        source="test",
        source_row_id="1",
        adapter="test.v1",
        when=local_days_interval(day, last or day, DAMASCUS),
        date_precision=DatePrecision.DAY,
        where=Location(lat, lon, radius, precision, admin1="Aleppo Governorate"),
        event_type=event_type,
        actors=Actors(side_a, side_b, perpetrator=perpetrator),
        timezone=DAMASCUS,
    )


def side(letter: str, status: SideStatus) -> SideJudgement:
    return SideJudgement(letter, None if status is SideStatus.ABSENT else "x", status)


P, X, N, U, M = (
    SideStatus.PARTY,
    SideStatus.EXCLUDED,
    SideStatus.NOT_YET_PARTY,
    SideStatus.UNKNOWN,
    SideStatus.MIXED,
)
AU, AB = SideStatus.ACCESSION_UNCERTAIN, SideStatus.ABSENT
IN, OUT, UNC = Space.INSIDE, Space.OUTSIDE, Space.UNCERTAIN
BEF, DUR, AFT, TUN = (
    TimeRelation.BEFORE,
    TimeRelation.DURING,
    TimeRelation.AFTER,
    TimeRelation.UNCERTAIN,
)


# ---------------------------------------------------------------- decide: rules 1-9


@pytest.mark.parametrize(
    ("rule", "space", "time", "a", "b", "violent", "expected"),
    [
        (1, OUT, DUR, P, P, True, VerdictKind.OUTSIDE_SCOPE),
        (1, OUT, BEF, X, P, False, VerdictKind.OUTSIDE_SCOPE),  # 1 wins over 2, 3, 4
        (2, IN, BEF, P, P, True, VerdictKind.OUTSIDE_WINDOW),
        (2, UNC, AFT, P, P, True, VerdictKind.OUTSIDE_WINDOW),
        (2, IN, AFT, X, N, False, VerdictKind.OUTSIDE_WINDOW),  # 2 wins over 3, 4, 5
        (3, IN, DUR, P, P, False, VerdictKind.NOT_COVERED),
        (4, IN, DUR, P, X, True, VerdictKind.NOT_COVERED),
        (4, UNC, TUN, X, M, True, VerdictKind.NOT_COVERED),
        (5, IN, DUR, N, P, True, VerdictKind.NOT_COVERED),
        (5, IN, DUR, P, N, True, VerdictKind.NOT_COVERED),
        (7, IN, DUR, U, U, True, VerdictKind.POSSIBLE_VIOLATION),
        (7, IN, DUR, M, AB, True, VerdictKind.POSSIBLE_VIOLATION),
        (7, IN, DUR, AB, AB, True, VerdictKind.POSSIBLE_VIOLATION),
        (8, UNC, DUR, P, P, True, VerdictKind.POSSIBLE_VIOLATION),
        (8, IN, TUN, P, U, True, VerdictKind.POSSIBLE_VIOLATION),
        (8, IN, DUR, P, M, True, VerdictKind.POSSIBLE_VIOLATION),
        (8, IN, DUR, AU, U, True, VerdictKind.POSSIBLE_VIOLATION),
        (8, IN, DUR, AU, AU, True, VerdictKind.POSSIBLE_VIOLATION),
        (9, IN, DUR, P, P, True, VerdictKind.VIOLATION),
        (9, IN, DUR, P, U, True, VerdictKind.VIOLATION),
        (9, IN, DUR, AB, P, True, VerdictKind.VIOLATION),
    ],
)
def test_decide_applies_the_first_rule_that_holds(rule, space, time, a, b, violent, expected):
    assert decide(space, time, (side("a", a), side("b", b)), violent) is expected


@pytest.mark.parametrize(
    ("space", "time", "a", "b", "violent", "expected"),
    [
        (UNC, DUR, P, P, True, VerdictKind.UNLOCATED),  # 6 wins over 8
        (UNC, TUN, U, U, True, VerdictKind.UNLOCATED),  # 6 wins over 7
        (UNC, BEF, P, P, True, VerdictKind.OUTSIDE_WINDOW),  # 2 wins over 6
        (UNC, DUR, P, X, True, VerdictKind.NOT_COVERED),  # 4 wins over 6
        (UNC, DUR, P, P, False, VerdictKind.NOT_COVERED),  # 3 wins over 6
        (UNC, DUR, N, P, True, VerdictKind.NOT_COVERED),  # 5 wins over 6
    ],
)
@pytest.mark.parametrize("location", ["location_coarser_than_scope", "mostly_outside_scope"])
def test_decide_rule_6_unlocated_takes_only_would_be_possible_violations(
    space, time, a, b, violent, expected, location
):
    assert decide(space, time, (side("a", a), side("b", b)), violent, location) is expected


def test_decide_a_located_uncertain_event_stays_a_possible_violation():
    sides = (side("a", P), side("b", P))
    assert decide(UNC, DUR, sides, True, None) is VerdictKind.POSSIBLE_VIOLATION


# ---------------------------------------------------------------- space


@pytest.mark.parametrize(
    ("lon", "lat", "radius", "expected"),
    [
        (37.1, 36.3, 0.0, IN),  # on the top edge, zero radius: inside
        (37.0, 36.1, 0.0, IN),  # on a corner
        (37.05, 36.15, 0.0, IN),
        (37.05, 36.15, 1.0, IN),  # about 4.5 km from the edge
        (37.05, 36.15, 10.0, UNC),
        (37.1, 36.35, 0.0, OUT),
        (37.1, 36.35, 2.0, OUT),  # 5.6 km north of the edge
        (37.1, 36.35, 8.0, UNC),
        (37.1, 36.3, 0.5, UNC),  # on the edge with a radius: across it
    ],
)
def test_space_of_square(lon, lat, radius, expected):
    assert space_of(lon, lat, radius, SQUARE)[0] is expected


def test_space_point_on_the_edge_is_at_distance_zero():
    assert space_of(37.1, 36.3, 0.0, SQUARE) == (IN, 0.0)


@pytest.mark.parametrize(("lat", "expected"), [(36.32, OUT), (36.28, IN)])
def test_space_disc_touching_the_edge_counts_on_its_centre_side(lat, expected):
    _, d = space_of(37.1, lat, 0.0, SQUARE)
    assert d > 0
    assert space_of(37.1, lat, d, SQUARE) == (expected, d)  # r == d: touching
    assert space_of(37.1, lat, d * 1.000001, SQUARE)[0] is UNC


@pytest.mark.parametrize(
    ("lon", "lat", "radius", "expected"),
    [
        (37.1, 36.2, 0.0, OUT),  # centre of the hole
        (37.1, 36.2, 1.0, OUT),  # the hole is 2.2 km from its centre to its edges
        (37.1, 36.2, 3.0, UNC),
        (37.08, 36.2, 0.0, IN),  # on the hole's edge: the closed scope covers it
        (37.04, 36.2, 1.0, IN),  # between the hole and the outer ring
    ],
)
def test_space_of_polygon_with_hole(lon, lat, radius, expected):
    assert space_of(lon, lat, radius, HOLED)[0] is expected


def test_space_distance_is_to_the_nearest_ring_holes_included():
    _, to_hole = space_of(37.07, 36.2, 0.0, HOLED)
    _, without_hole = space_of(37.07, 36.2, 0.0, SQUARE)
    assert to_hole < without_hole


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [(38.1, 36.2, IN), (37.1, 36.2, IN), (37.6, 36.2, OUT), (38.2, 36.3, IN)],
)
def test_space_of_multipolygon_counts_every_part(lon, lat, expected):
    assert space_of(lon, lat, 0.0, MULTI)[0] is expected


def test_space_of_multipolygon_measures_the_nearest_part():
    # both parts project in the multipolygon's own plane; the point is nearer FAR
    _, d = space_of(37.9, 36.2, 0.0, MULTI)
    _, d_square = space_of(37.9, 36.2, 0.0, Polygon(MULTI.geoms[0].exterior.coords))
    assert d < d_square


def test_share_inside_is_about_half_on_a_straight_edge():
    assert share_inside(37.1, 36.3, 2.0, SQUARE) == pytest.approx(0.5, abs=1e-9)


def test_share_inside_is_whole_or_nothing_far_from_the_edge():
    assert share_inside(37.1, 36.2, 0.5, SQUARE) == pytest.approx(1.0)
    assert share_inside(37.6, 36.2, 0.5, SQUARE) == 0.0


def test_share_inside_excludes_the_hole():
    hole = share_inside(37.1, 36.2, 20.0, HOLED)
    full = share_inside(37.1, 36.2, 20.0, SQUARE)
    assert 0 < hole < full < 1


@pytest.mark.parametrize("scope", ["square", "holed", "multi"])
@pytest.mark.parametrize("radius", [0.3, 2.0, 9.0, 40.0, 400.0])
def test_share_inside_is_the_circle_share_shapely_approximates(scope, radius):
    """The exact circle against shapely's 4,096-gon disc, in the same plane."""
    geometry = {"square": SQUARE, "holed": HOLED, "multi": MULTI}[scope]
    origin, planar, _ = project_scope(geometry)
    rng = np.random.default_rng(int(radius * 10))
    minx, miny, maxx, maxy = geometry.bounds
    lons, lats = rng.uniform(minx - 0.2, maxx + 0.2, 25), rng.uniform(miny - 0.2, maxy + 0.2, 25)
    for lon, lat in zip(lons, lats, strict=True):
        x, y = to_plane(lon, lat, origin)
        disc = Point(float(x), float(y)).buffer(radius, quad_segs=1024)
        want = disc.intersection(planar).area / disc.area
        assert share_inside(float(lon), float(lat), radius, geometry) == pytest.approx(
            want, abs=2e-6
        )


def test_share_inside_of_a_disc_over_the_whole_scope_is_the_area_ratio():
    area = scope_area(SQUARE)
    assert share_inside(37.1, 36.2, 400.0, SQUARE) == pytest.approx(
        area / (math.pi * 400.0**2), rel=1e-12
    )


# ---------------------------------------------------------------- location (rule 6)


def test_location_of_a_disc_too_large_for_the_scope_is_coarser():
    area = scope_area(SQUARE)
    r = math.sqrt(area / math.pi) * 1.5  # pi r^2 * 0.5 = 1.125 area
    assert location_of(r, SQUARE, 0.44, 0.5) == "location_coarser_than_scope"
    # at t = 0.3 the same disc could fit: only its share decides
    assert location_of(r, SQUARE, 0.25, 0.3) == "mostly_outside_scope"
    assert location_of(r, SQUARE, 0.44, 0.3) is None


@pytest.mark.parametrize(("share", "expected"), [(0.49, "mostly_outside_scope"), (0.5, None)])
def test_location_of_compares_the_share_with_the_threshold(share, expected):
    assert location_of(2.0, SQUARE, share, 0.5) == expected


def test_location_threshold_zero_never_leaves_an_event_out():
    assert location_of(5000.0, SQUARE, 0.0, 0.0) is None


# ---------------------------------------------------------------- time

COH_START = datetime(2016, 2, 27, 0, 0, tzinfo=PLUS2)  # = 26 Feb 22:00 UTC
ALEPPO_START = datetime(2016, 5, 5, 1, 0, tzinfo=PLUS3)  # = 4 May 22:00 UTC
ALEPPO_END = ALEPPO_START + timedelta(hours=48)


def days(first: date, last: date | None = None) -> tuple[datetime, datetime]:
    iv = local_days_interval(first, last or first, DAMASCUS)
    assert iv.end is not None
    return iv.start, iv.end


@pytest.mark.parametrize(
    ("first", "last", "start", "end", "expected"),
    [
        (date(2016, 2, 26), None, COH_START, None, BEF),  # ends exactly at the start
        (date(2016, 2, 27), None, COH_START, None, DUR),  # begins exactly at the start
        (date(2016, 12, 31), None, COH_START, None, DUR),  # open-ended window
        (date(2016, 2, 1), date(2016, 2, 29), COH_START, None, TUN),  # a month: uncertain
        (date(2016, 5, 5), None, ALEPPO_START, ALEPPO_END, TUN),  # starts 1 h before 01:00
        (date(2016, 5, 4), None, ALEPPO_START, ALEPPO_END, BEF),  # 4 May ends 4 May 21:00Z
        (date(2016, 5, 6), None, ALEPPO_START, ALEPPO_END, DUR),
        (date(2016, 5, 7), None, ALEPPO_START, ALEPPO_END, TUN),  # straddles 7 May 01:00
        (date(2016, 5, 8), None, ALEPPO_START, ALEPPO_END, AFT),
        (date(2016, 5, 1), date(2016, 5, 31), ALEPPO_START, ALEPPO_END, TUN),
    ],
)
def test_time_of_syria_examples(first, last, start, end, expected):
    lo, hi = days(first, last)
    assert time_of(lo, hi, start, end) is expected


def test_time_4_may_local_day_ends_before_the_aleppo_start():
    # 4 May local = [3 May 21:00Z, 4 May 21:00Z); the start is 4 May 22:00Z
    _, hi = days(date(2016, 5, 4))
    assert hi == datetime(2016, 5, 4, 21, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2016, 3, 24), BEF), (date(2016, 3, 25), DUR)],
)
def test_time_spring_forward_midnight_is_the_same_instant_as_01_00(day, expected):
    # On 25 Mar 2016 Damascus clocks went from 00:00 +02 to 01:00 +03: a start written as
    # 01:00 +03 is the first instant of the (23-hour) local day 25 March.
    start = datetime(2016, 3, 25, 1, 0, tzinfo=PLUS3)
    lo, hi = days(day)
    assert time_of(lo, hi, start, None) is expected
    assert days(date(2016, 3, 25))[1] - days(date(2016, 3, 25))[0] == timedelta(hours=23)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2016, 10, 26), BEF),
        (date(2016, 10, 27), DUR),  # the 25-hour day fills the window exactly
        (date(2016, 10, 28), AFT),
    ],
)
def test_time_fall_back_day_is_25_hours(day, expected):
    # 28 Oct 2016 00:00 +03 became 27 Oct 23:00 +02: the local day 27 October lasted 25 hours.
    start = datetime(2016, 10, 27, 0, 0, tzinfo=PLUS3)  # 26 Oct 21:00Z
    end = datetime(2016, 10, 28, 0, 0, tzinfo=PLUS2)  # 27 Oct 22:00Z
    assert end - start == timedelta(hours=25)
    lo, hi = days(day)
    assert time_of(lo, hi, start, end) is expected


def test_time_window_starting_in_the_repeated_hour_makes_27_october_uncertain():
    start = datetime(2016, 10, 27, 23, 30, tzinfo=PLUS2)  # the second 23:30 that night
    lo, hi = days(date(2016, 10, 27))
    assert time_of(lo, hi, start, None) is TUN


# ---------------------------------------------------------------- reasons


def reasons(ev: Event, ag: Agreement | None = None, win: Window | None = None, **kw) -> tuple:
    ag = ag or agreement()
    win = win or ag.base
    space = kw.pop("space", IN)
    time = kw.pop("time", DUR)
    sides = judge_sides(ag, ev)
    verdict = kw.pop("verdict", None) or decide(space, time, sides, kw.pop("violent", True))
    return reasons_for(ev, ag, win, space, time, sides, verdict, scope_everywhere=False, **kw)


def test_reasons_of_a_plain_violation_in_order():
    assert reasons(event()) == (
        R.INSIDE_SCOPE,
        R.DURING_WINDOW,
        "side_a_party",
        "side_b_unknown",
        R.DIRECTION_UNKNOWN,
    )


@pytest.mark.parametrize(
    ("space", "code"),
    [(IN, R.INSIDE_SCOPE), (OUT, R.OUTSIDE_SCOPE), (UNC, R.STRADDLES_SCOPE_EDGE)],
)
def test_reasons_space_code(space, code):
    assert reasons(event(), space=space)[0] == code


def test_reasons_scope_everywhere_replaces_the_space_code():
    ag = agreement()
    ev = event()
    sides = judge_sides(ag, ev)
    got = reasons_for(ev, ag, ag.base, IN, DUR, sides, VerdictKind.VIOLATION, scope_everywhere=True)
    assert got[0] == R.SCOPE_EVERYWHERE and R.INSIDE_SCOPE not in got


@pytest.mark.parametrize(
    "precision", [LocationPrecision.ADMIN1, LocationPrecision.ADMIN2, LocationPrecision.COUNTRY]
)
def test_reasons_coded_to_admin_unit_follows_the_space_code(precision):
    got = reasons(event(precision=precision, radius=150.0), space=UNC)
    assert got[:2] == (R.STRADDLES_SCOPE_EDGE, R.CODED_TO_ADMIN_UNIT)


@pytest.mark.parametrize(
    "precision", [LocationPrecision.EXACT, LocationPrecision.NEAR, LocationPrecision.REGION]
)
def test_reasons_no_admin_code_for_places(precision):
    assert R.CODED_TO_ADMIN_UNIT not in reasons(event(precision=precision))


@pytest.mark.parametrize(
    ("day", "start", "end", "code"),
    [
        (date(2016, 2, 26), COH_START, None, R.BEFORE_WINDOW),
        (date(2016, 2, 27), COH_START, None, R.DURING_WINDOW),
        (date(2016, 5, 8), ALEPPO_START, ALEPPO_END, R.AFTER_WINDOW),
        (date(2016, 5, 5), ALEPPO_START, ALEPPO_END, R.STRADDLES_WINDOW_START),
        (date(2016, 5, 7), ALEPPO_START, ALEPPO_END, R.STRADDLES_WINDOW_END),
    ],
)
def test_reasons_time_code(day, start, end, code):
    ev = event(day=day)
    win = window(start, end)
    lo, hi = days(day)
    got = reasons(ev, win=win, time=time_of(lo, hi, start, end))
    assert got[1] == code


def test_reasons_interval_containing_both_ends_straddles_the_start():
    start, end = ALEPPO_START, ALEPPO_END
    ev = event(day=date(2016, 5, 1), last=date(2016, 5, 31))
    got = reasons(ev, win=window(start, end), time=TUN)
    assert R.STRADDLES_WINDOW_START in got and R.STRADDLES_WINDOW_END not in got


def test_reasons_not_violent_is_given_even_when_an_earlier_rule_decided():
    ev = event(event_type="unrest.protest")
    assert R.NOT_VIOLENT in reasons(ev, violent=False)
    assert R.NOT_VIOLENT in reasons(ev, space=OUT, violent=False)
    assert R.NOT_VIOLENT not in reasons(event())


@pytest.mark.parametrize(
    ("side_a", "side_b", "day", "codes"),
    [
        ("Government of Syria", "Islamic State", date(2016, 3, 1), ("party", "excluded")),
        ("Late Brigade", None, date(2016, 3, 1), ("not_yet_party", "absent")),
        ("Late Brigade", "IS", date(2016, 3, 10), ("accession_uncertain", "excluded")),
        ("Late Brigade", "Jabhat al-Nusra", date(2016, 3, 20), ("party", "excluded")),
        (
            "Jabhat Fateh al-Sham",
            "Government of Syria",
            date(2016, 3, 1),
            ("excluded_by_later_name", "party"),
        ),
        ("Jabhat Fateh al-Sham", "SDF", date(2016, 8, 1), ("excluded", "unknown")),
        ("Ahrar al-Sham, Jabhat al-Nusra", "IS", date(2016, 3, 1), ("mixed", "excluded")),
        (None, "Government of Syria", date(2016, 3, 1), ("absent", "party")),
    ],
)
def test_reasons_side_codes(side_a, side_b, day, codes):
    got = reasons(event(side_a=side_a, side_b=side_b, day=day))
    assert tuple(c for c in got if c.startswith("side_")) == (
        f"side_a_{codes[0]}",
        f"side_b_{codes[1]}",
    )


def test_reasons_direction_known_when_the_source_names_the_perpetrator():
    ev = event(perpetrator="Government of Syria", event_type="civilians.one_sided")
    assert R.DIRECTION_UNKNOWN not in reasons(ev)
    assert reasons(event())[-1] == R.DIRECTION_UNKNOWN


def test_reasons_no_party_identified_only_when_rule_7_decided():
    unknown = event(side_a="SDF", side_b="Syrian insurgents")
    got = reasons(unknown)
    assert got[-2:] == (R.DIRECTION_UNKNOWN, R.NO_PARTY_IDENTIFIED)
    # the same sides outside the window: rule 2 decided, so no "no_party_identified"
    assert R.NO_PARTY_IDENTIFIED not in reasons(unknown, time=BEF)
    # a party is identified: rule 7 decided
    assert R.NO_PARTY_IDENTIFIED not in reasons(event(), space=UNC)


def test_every_reason_code_has_a_meaning_and_is_documented(repo_root):
    doc = (repo_root / "docs" / "verdicts.md").read_text()
    for code, meaning in R.REASONS.items():
        assert meaning and f"`{code}`" in doc, f"{code} is not in docs/verdicts.md"
