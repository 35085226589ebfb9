"""The monitoring report: its sections, figures, escaping, the day's violations, no network."""

from __future__ import annotations

import base64
import html
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import matplotlib
import pytest

from trucewatch.effect.breakdown import ConditionResult, change_points, evaluate_conditions
from trucewatch.effect.estimates import estimate_effect
from trucewatch.effect.headline import COUNTED
from trucewatch.effect.series import daily_series
from trucewatch.model.verdict import RULES_VERSION, VerdictKind
from trucewatch.publish import Report, build_report
from trucewatch.publish._content import per_event, worst
from trucewatch.publish._map import MapPoint, map_png
from trucewatch.publish._sections import SECTION_IDS

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


CONDITION_DETAIL = "<script>alert('calm')</script>"
FIRST_DAY = date(2016, 1, 30)  # 28 days before the start, as the report does


@pytest.fixture(scope="module")
def statistics(sim_events, sim_verdicts, coh, report_day):
    series = daily_series(
        sim_events, sim_verdicts, coh, coh.base, first_day=FIRST_DAY, last_day=report_day
    )
    effects = estimate_effect(
        sim_events,
        sim_verdicts,
        coh,
        horizons=(7, None),
        first_day=FIRST_DAY,
        last_day=report_day,
    )
    nasty = ConditionResult("seven-days", "continuous_calm", False, None, CONDITION_DETAIL)
    conditions = [*evaluate_conditions(coh, series), nasty]
    return series, effects, change_points(series), conditions


@pytest.fixture(scope="module")
def report(sim_events, sim_verdicts, coh, statistics) -> Report:
    series, effects, points, conditions = statistics
    return build_report(
        sim_events,
        sim_verdicts,
        coh,
        series=series,
        effects=effects,
        change_points=points,
        conditions=conditions,
        generated_at=datetime(2016, 3, 11, 6, 0, tzinfo=UTC),
    )


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_report_has_each_section(report: Report, section_id: str):
    assert f'<section id="{section_id}">' in report.html


def test_report_title_names_the_agreement(report: Report, coh):
    assert f"<title>Monitoring report: {html.escape(coh.name)}</title>" in report.html


@pytest.mark.parametrize("figure_id", ["fig-map", "fig-series"])
def test_report_embeds_map_and_series_as_png_data_uris(report: Report, figure_id: str):
    match = re.search(
        rf'<figure id="{figure_id}"><img alt="[^"]+" src="data:image/png;base64,([A-Za-z0-9+/=]+)"',
        report.html,
    )
    assert match, figure_id
    png = base64.b64decode(match.group(1))
    assert png.startswith(PNG_MAGIC)
    assert len(png) > 10_000  # a real plot, not an empty canvas


def test_report_windows_table_gives_utc_and_local_start(report: Report):
    assert "2016-02-26 22:00Z" in report.html
    assert "2016-02-27 00:00 +02:00" in report.html


def test_report_windows_table_says_the_coh_is_open_ended(report: Report):
    assert "open-ended (no end recorded)" in report.html


def test_report_windows_rows_say_how_each_aleppo_window_ended_with_its_evidence():
    from trucewatch.agreements import load_examples
    from trucewatch.publish import _content, _sections

    aleppo = next(a for a in load_examples() if a.id == "aleppo-calm-2016-05")
    how = {row[0]: row[7] for row in _content.window_rows(aleppo)}
    assert how == {
        "base": "stated end",
        "ext-72h-2016-05-07": "expired",
        "ext-48h-2016-05-10": "expired",
        "us-coh-extended-to-aleppo": "lapsed, replaced by ext-72h-2016-05-07",
    }
    html = str(_sections.windows(aleppo))
    assert "us-coh-extended-to-aleppo, lapsed: ETH/PRIO ceasefire 652064" in html


def test_report_escapes_text_from_data(report: Report, nasty_side: str):
    assert nasty_side not in report.html
    assert html.escape(nasty_side) in report.html
    assert CONDITION_DETAIL not in report.html
    assert "<script" not in report.html


def test_report_day_defaults_to_last_day_with_data_in_window(report: Report, report_day: date):
    assert report.day == report_day
    assert f"The day&#x27;s violations: {report_day.isoformat()}" in report.html


def test_report_lists_each_violation_of_the_day_with_its_explanation(
    report: Report, sim_events, sim_verdicts, coh, report_day: date
):
    judged = per_event(sim_verdicts, coh.id)
    by_id = {e.event_id: e for e in sim_events}
    day_section = _section(report, "day")
    zone = ZoneInfo(coh.timezone)
    expected = [
        eid
        for eid, vs in judged.items()
        if worst(vs) in (VerdictKind.VIOLATION, VerdictKind.POSSIBLE_VIOLATION)
        and by_id[eid].when.start.astimezone(zone).date() == report_day
    ]
    assert expected
    for eid in expected:
        assert html.escape(eid) in day_section
        for v in judged[eid]:
            assert html.escape(v.explanation) in day_section
    assert "sim:nasty-1" in day_section


def test_report_counts_violations_by_party_and_by_type(report: Report):
    parties = _section(report, "parties")
    types = _section(report, "types")
    assert "Government of Syria" in parties
    assert "party (government-of-syria)" in parties
    assert "remote.airstrike" in types


def _section(report: Report, section_id: str) -> str:
    return report.html.split(f'<section id="{section_id}">')[1].split("</section>")[0]


def test_report_shows_each_rate_ratio_interval_and_did(report: Report, statistics):
    _, effects, _, _ = statistics
    before_after = _section(report, "effects")
    did = _section(report, "did")
    bounds = _section(report, "bounds")
    for we in effects:
        for measure in ("events", "deaths"):
            est = we.estimate(measure, "scope", "excluded")
            assert f"{est.ci_low:.2f} – {est.ci_high:.2f}" in before_after
            inn = we.estimate(measure, "scope", "included")
            assert f"{inn.rate_ratio:.2f} ({inn.ci_low:.2f} – {inn.ci_high:.2f})" in bounds
        for d in we.did:
            if d.ratio is not None:
                assert f"{d.ratio:.2f}" in did


def test_report_shows_conditions_and_change_points(report: Report, statistics):
    _, _, points, conditions = statistics
    for cond in conditions:
        assert html.escape(cond.condition_id) in _section(report, "conditions")
    for point in points:
        assert point.isoformat() in _section(report, "changepoints")


def test_report_computes_the_statistics_when_not_given(sim_events, sim_verdicts, coh):
    report = build_report(sim_events, sim_verdicts, coh, day=date(2016, 3, 5))
    assert "whole window" in _section(report, "effects")
    assert "95 % interval" in _section(report, "did")


_REF = re.compile(r"""\b(src|href)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def test_report_has_no_external_references_outside_the_cited_sources(report: Report):
    sources_at = report.html.index('<section id="sources">')
    sources_end = report.html.index("</section>", sources_at)
    for match in _REF.finditer(report.html):
        attr, url = match.group(1).lower(), match.group(2)
        if attr == "src":
            assert url.startswith("data:image/png;base64,"), url
        else:
            assert sources_at < match.start() < sources_end, url
    lowered = report.html.lower()
    for banned in ("<link", "<script", "@import", "url(", "<iframe", "<object"):
        assert banned not in lowered, banned


def test_report_cites_data_sets_and_agreement_references(report: Report):
    sources = _section(report, "sources")
    assert "SYNTHETIC" in sources
    assert 'href="https://www.peaceagreements.org/view/1507"' in sources


def test_report_footer_names_versions_rules_and_adapters(report: Report):
    import trucewatch

    footer = report.html.split("<footer>")[1]
    assert f"trucewatch {trucewatch.__version__}" in footer
    assert RULES_VERSION in footer
    assert "simulation.v1" in footer
    assert "2016-03-11 06:00Z" in footer


def test_report_on_an_explicit_day_lists_that_day(sim_events, sim_verdicts, coh):
    day = date(2016, 3, 1)
    report = build_report(
        sim_events, sim_verdicts, coh, day=day, effects=[], change_points=[], conditions=[]
    )
    assert report.day == day
    assert report.stem == "syria-coh-2016-2016-03-01"
    assert "The day&#x27;s violations: 2016-03-01" in report.html


def test_drawing_the_map_leaves_matplotlib_settings_alone(coh):
    before = dict(matplotlib.rcParams)
    backend = matplotlib.get_backend()
    png = map_png([("x", coh.scope.geometry)], [MapPoint(37.1, 36.2, "violation")], title="t")
    assert png.startswith(PNG_MAGIC)
    assert dict(matplotlib.rcParams) == before
    assert matplotlib.get_backend() == backend


def test_report_names_what_it_counts_and_the_unlocated_left_out(report: Report, statistics):
    assert f"Events counted: {COUNTED}" in _section(report, "effects")
    summary = _section(report, "summary")
    assert "Unlocated, left out (events)" in summary
    _, effects, _, _ = statistics
    head = effects[0].headline
    assert head is not None
    if head.before.left_out + head.during.left_out:
        assert f"{head.before.left_out} → {head.during.left_out}" in _section(report, "effects")
