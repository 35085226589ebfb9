"""What the report shows first (the day, the change, the cases pending), the map's clusters and
boundaries, and the word on an empty control area."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime

import numpy as np
import pytest
from shapely.geometry import box

from trucewatch.effect.series import daily_series
from trucewatch.model.verdict import VerdictKind
from trucewatch.publish import Report, build_report
from trucewatch.publish._content import day_events, per_event, until, worst
from trucewatch.publish._glance import PERIOD_DAYS, pending, period_change
from trucewatch.publish._map import Boundary, MapPoint, cluster_points, map_png
from trucewatch.publish._stats_sections import did

FIRST_DAY = date(2016, 1, 30)


@pytest.fixture(scope="module")
def report(sim_events, sim_verdicts, coh) -> Report:
    return build_report(
        sim_events, sim_verdicts, coh, generated_at=datetime(2016, 3, 11, 6, tzinfo=UTC)
    )


@pytest.fixture(scope="module")
def series(sim_events, sim_verdicts, coh, report_day):
    return daily_series(
        sim_events, sim_verdicts, coh, coh.base, first_day=FIRST_DAY, last_day=report_day
    )


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}">(.*?)</section>', html, re.S)
    assert match, section_id
    return match.group(1)


def test_report_opens_with_the_glance_then_the_days_violations_then_the_rest(report: Report):
    order = [m.group(1) for m in re.finditer(r'<section id="([a-z]+)">', report.html)]
    assert order[:3] == ["glance", "day", "summary"]
    assert order.index("map") > order.index("day")


def test_glance_counts_the_days_violations_as_the_day_section_lists_them(
    report: Report, sim_events, sim_verdicts, coh, report_day
):
    by_id = {e.event_id: e for e in sim_events}
    judged = per_event(sim_verdicts, coh.id)
    shown, _ = day_events(report_day, by_id, judged, coh.timezone)
    violations = sum(d.verdict is VerdictKind.VIOLATION for d in shown)
    possible = sum(d.verdict is VerdictKind.POSSIBLE_VIOLATION for d in shown)
    assert violations > 0
    glance = _section(report.html, "glance")
    assert f"{violations} violation(s), {possible} possible" in glance
    assert _section(report.html, "day").count("<tr>") - 1 == len(shown)


def test_glance_pending_cases_are_the_possible_violations_so_far(report: Report, sim_verdicts, coh):
    judged = per_event(sim_verdicts, coh.id)
    waiting = pending(judged)
    assert sum(waiting.values()) == sum(
        worst(vs) is VerdictKind.POSSIBLE_VIOLATION for vs in judged.values()
    )
    # the report's day is the simulation's last: every judged event began by its end
    total = sum(pending(until(judged, {}, None)).values())
    assert f"{total} possible violation(s) since the start" in _section(report.html, "glance")


def test_period_change_sums_the_last_days_against_the_days_before(series, report_day):
    counts = np.arange(len(series.days), dtype=float)
    changed = dataclasses.replace(series, scope_events=counts)
    last = len(series.days) - 1
    now, before = period_change(changed, report_day)
    assert now == sum(range(last - PERIOD_DAYS + 1, last + 1))
    assert before == sum(range(last - 2 * PERIOD_DAYS + 1, last - PERIOD_DAYS + 1))
    assert period_change(changed, series.days[3]) is None  # not enough days before


def test_did_says_why_the_control_area_is_empty(series):
    empty = dataclasses.replace(series, control_events=np.zeros(len(series.days)))
    text = str(did([], empty))
    assert "control area is empty" in text and "--control excluded" in text
    assert "control area is empty" not in str(
        did([], dataclasses.replace(series, control_events=np.ones(len(series.days))))
    )


def test_nine_hundred_events_on_one_point_are_one_marker_with_their_count():
    points = [MapPoint(37.16, 36.2, "not_covered")] * 900 + [MapPoint(37.16, 36.2, "violation")]
    clusters = cluster_points(points, (37.0, 36.0, 37.4, 36.4), 0.8)
    assert sorted((c.verdict, c.count) for c in clusters) == [
        ("not_covered", 900),
        ("violation", 1),
    ]
    a, b = clusters
    assert (a.lon, a.lat) != (b.lon, b.lat)  # two verdicts in a cell do not hide each other


def test_clusters_leave_out_points_beyond_the_frame_and_keep_distant_points_apart():
    points = [
        MapPoint(37.05, 36.1, "violation"),
        MapPoint(37.35, 36.35, "violation"),
        MapPoint(40.0, 36.2, "violation"),  # beyond the frame
    ]
    clusters = cluster_points(points, (37.0, 36.0, 37.4, 36.4), 0.8)
    assert sorted(c.count for c in clusters) == [1, 1]


def test_map_draws_boundaries_and_the_report_says_so(sim_events, sim_verdicts, coh):
    units = [
        Boundary("Jabal Saman", 2, box(36.9, 36.0, 37.3, 36.4)),
        Boundary("Aleppo", 1, box(36.5, 35.6, 38.5, 36.8)),
    ]
    png = map_png([("box", box(37.0, 36.1, 37.3, 36.3))], [], title="t", boundaries=units)
    assert png.startswith(b"\x89PNG")
    with_units = build_report(sim_events, sim_verdicts, coh, boundaries=units)
    assert "Admin boundaries from the store are drawn" in _section(with_units.html, "map")
    without = build_report(sim_events, sim_verdicts, coh)
    assert "No admin boundaries are stored" in _section(without.html, "map")
