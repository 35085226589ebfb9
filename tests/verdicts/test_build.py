"""Building Verdict objects from the fast engine's pairs gives exactly the reference's verdicts.

``judge`` (fast engine + :mod:`trucewatch.verdicts.build`, which caches the parts of reasons and
explanations) must return the very objects ``judge_reference`` returns, field for field: the
reasons, the explanation text, the distance and the share inside. The cases vary what the
cached parts depend on: directed and undirected sides, coalitions, excluded groups under a name
taken later, admin-coded places, exact times, months and years, several time zones, events in
another year than the window's start, non-violent and unclassified event types.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_kernel_vs_reference import DAYS, NAMES, T0, _vertices, agreements

from trucewatch.agreements import load_examples
from trucewatch.model.event import Actors, DatePrecision, Event, Location, LocationPrecision
from trucewatch.model.time import Interval, local_days_interval
from trucewatch.sources.base import adapter_for
from trucewatch.verdicts.build import shares_inside
from trucewatch.verdicts.judge import build_verdicts, judge, judge_pairs
from trucewatch.verdicts.reference import judge_reference
from trucewatch.verdicts.rules import share_inside

ZONES = ["Asia/Damascus", "UTC", "Europe/Istanbul", "America/Argentina/Buenos_Aires"]
TYPES = ["remote.airstrike", "battle.armed_clash", "unrest.protest", "strategic.arrest", "other"]
PRECISIONS = [
    LocationPrecision.EXACT,
    LocationPrecision.NEAR,
    LocationPrecision.ADMIN2,
    LocationPrecision.ADMIN1,
    LocationPrecision.COUNTRY,
]
LATER = [date(2015, 12, 31), date(2016, 8, 1)]  # the year before; after Nusra's renaming


@st.composite
def when(draw, tz: str) -> tuple[Interval, DatePrecision]:
    how = draw(st.sampled_from(["day", "days", "month", "year", "exact", "around_t0"]))
    day = draw(st.sampled_from([*DAYS, *LATER]))
    if how == "day":
        return local_days_interval(day, day, tz), DatePrecision.DAY
    if how == "days":
        return local_days_interval(day, day + timedelta(days=3), tz), DatePrecision.DAYS
    if how == "month":
        last = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return local_days_interval(day.replace(day=1), last, tz), DatePrecision.MONTH
    if how == "year":
        first, last = date(day.year, 1, 1), date(day.year, 12, 31)
        return local_days_interval(first, last, tz), DatePrecision.YEAR
    lo = T0 + timedelta(hours=draw(st.integers(-30, 30)), minutes=draw(st.integers(0, 59)))
    if how == "exact":
        return Interval(lo, lo + timedelta(minutes=1)), DatePrecision.EXACT
    return Interval(lo, lo + timedelta(hours=draw(st.sampled_from([1, 24, 25])))), DatePrecision.DAY


@st.composite
def events(draw, agreement_list, n: int) -> list[Event]:
    vertices = _vertices(agreement_list)
    out = []
    for k in range(n):
        vx, vy = draw(st.sampled_from(vertices))
        lon = vx + draw(st.sampled_from([0.0, 0.001, -0.01, 0.05, 0.3]))
        lat = vy + draw(st.sampled_from([0.0, 0.002, -0.02, 0.1]))
        tz = draw(st.sampled_from(ZONES))
        interval, precision = draw(when(tz))
        side_a, side_b = draw(st.sampled_from(NAMES)), draw(st.sampled_from(NAMES))
        direction = draw(st.sampled_from(["none", "a", "b"]))
        perpetrator = {"none": None, "a": side_a, "b": side_b}[direction]
        target = {"none": None, "a": side_b, "b": side_a}[direction]
        if perpetrator is None:
            target = None
        place = draw(st.sampled_from([None, "Aleppo", "Khan Shaykhun"]))
        admin1 = draw(st.sampled_from([None, "Idlib"]))
        out.append(
            Event(
                source=draw(st.sampled_from(["prop", "other"])),
                source_row_id=str(k),
                adapter="prop.v1",
                when=interval,
                date_precision=precision,
                where=Location(
                    lat,
                    lon,
                    draw(st.sampled_from([0.0, 0.5, 3.0, 20.0, 150.0])),
                    draw(st.sampled_from(PRECISIONS)),
                    place=place,
                    country=draw(st.sampled_from([None, "Syria"])),
                    admin1=admin1,
                ),
                event_type=draw(st.sampled_from(TYPES)),
                actors=Actors(side_a, side_b, perpetrator=perpetrator, target=target),
                timezone=tz,
            )
        )
    return out


@st.composite
def cases(draw):
    agreement_list = [draw(agreements(i)) for i in range(draw(st.integers(1, 3)))]
    return draw(events(agreement_list, draw(st.integers(1, 20)))), agreement_list


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.randoms(use_true_random=False), st.sampled_from([0.5, 0.5, 0.0, 0.8]))
def test_built_verdicts_equal_the_reference_verdicts(case, rng, threshold):
    event_list, agreement_list = case
    expected = judge_reference(
        event_list, agreement_list, include_outside=True, min_share_inside=threshold
    )
    got = judge(
        event_list,
        agreement_list,
        include_outside=True,
        contested=False,
        min_share_inside=threshold,
    )
    assert got == expected
    # a subset of rows (as update_verdicts asks for the dirty windows only)
    pairs = judge_pairs(
        event_list, agreement_list, include_outside=True, min_share_inside=threshold
    )
    rows = np.array(sorted(rng.sample(range(len(pairs)), len(pairs) // 2)), dtype=np.int64)
    subset = build_verdicts(
        pairs, event_list, agreement_list, rows=rows, min_share_inside=threshold
    )
    assert subset == [expected[int(k)] for k in rows]


@pytest.mark.parametrize("radius", [0.0, 0.5, 3.0, 25.0, 150.0])
def test_shares_inside_equals_share_inside_to_the_bit(radius):
    scope = load_examples()[0].scopes()[0].geometry
    minx, miny, maxx, maxy = scope.bounds
    rng = np.random.default_rng(7)
    lon = rng.uniform(minx - 0.5, maxx + 0.5, 200)
    lat = rng.uniform(miny - 0.5, maxy + 0.5, 200)
    radii = np.full(200, radius)
    got = shares_inside(lon, lat, radii, scope)
    want = [share_inside(float(x), float(y), radius, scope) for x, y in zip(lon, lat, strict=True)]
    assert got == want


@pytest.mark.shared_data
def test_ucdp_2016_sample_verdicts_equal_the_reference(shared_data):
    """Every 12th UCDP GED 2016 Syria event and the Aleppo and Idlib ones against the examples."""
    path = shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv"
    rows = [r for r in adapter_for("ucdp-ged").read(path) if isinstance(r, Event)]
    sample = [
        e
        for i, e in enumerate(rows)
        if i % 12 == 0 or (e.where.coded_admin_level is not None and i % 3 == 0)
    ]
    agreement_list = load_examples()
    expected = judge_reference(sample, agreement_list, include_outside=False)
    assert judge(sample, agreement_list, contested=False) == expected
    assert any(v.share_inside is not None for v in expected)
    assert any("coded_to_admin_unit" in v.reasons for v in expected)


def test_event_in_another_year_names_the_window_year():
    agreement = next(a for a in load_examples() if a.id == "syria-coh-2016")
    start = datetime(2017, 1, 10, 8, tzinfo=UTC)
    event = Event(
        source="x",
        source_row_id="1",
        adapter="x.v1",
        when=Interval(start, start + timedelta(hours=1)),
        date_precision=DatePrecision.EXACT,
        where=Location(36.2, 37.16, 1.0, LocationPrecision.EXACT, place="Aleppo"),
        event_type="remote.airstrike",
        actors=Actors("Government of Syria", "Syrian insurgents"),
        timezone="Asia/Damascus",
    )
    (verdict,) = judge([event], [agreement])
    assert verdict == judge_reference([event], [agreement])[0]
    assert "began 27 February 2016 00:00 Damascus time" in verdict.explanation
