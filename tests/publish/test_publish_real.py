"""The report on the real UCDP GED 2016 Syria data (skipped where ../shared/data is absent)."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest

from trucewatch import Event, load_examples
from trucewatch.publish import build_report
from trucewatch.sources.base import adapter_for
from trucewatch.verdicts.judge import judge

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]


@pytest.fixture(scope="module")
def ucdp_events(shared_data: Path) -> list[Event]:
    path = shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv"
    return [r for r in adapter_for("ucdp-ged").read(path) if isinstance(r, Event)]


def test_aleppo_report_on_9_may_lists_ucdp_318694_with_its_explanation(ucdp_events):
    aleppo = next(a for a in load_examples() if a.id == "aleppo-calm-2016-05")
    verdicts = judge(ucdp_events, [aleppo], include_outside=True)
    report = build_report(ucdp_events, verdicts, aleppo, day=date(2016, 5, 9))
    day = report.html.split('<section id="day">')[1].split("</section>")[0]
    assert "ucdp_ged:318694" in day
    explanation = next(
        v.explanation
        for v in verdicts
        if v.event_id == "ucdp_ged:318694" and v.window_id == "ext-72h-2016-05-07"
    )
    assert "during the 72-hour extension that began 7 May 01:00 Damascus time" in explanation
    assert html.escape(explanation) in day
    assert "UCDP Georeferenced Event Dataset" in report.html
    assert "ucdp_ged.v1" in report.html.split("<footer>")[1]
