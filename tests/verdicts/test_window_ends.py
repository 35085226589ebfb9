"""A recorded end cuts a window: events after it are outside_window, in both engines, and the
stored verdicts are re-judged when an end is recorded or changed."""

from __future__ import annotations

from datetime import date

import pytest

from trucewatch.agreements import example_paths
from trucewatch.agreements._yaml import load_yaml
from trucewatch.agreements.edit import add_end
from trucewatch.agreements.loader import parse_agreement
from trucewatch.model import (
    Actors,
    DatePrecision,
    Event,
    Location,
    LocationPrecision,
    local_days_interval,
)
from trucewatch.model.agreement import Agreement
from trucewatch.store import Store
from trucewatch.verdicts.judge import judge
from trucewatch.verdicts.update import update_verdicts

COH = next(p for p in example_paths() if p.name.startswith("syria-coh")).read_text()
COLLAPSE = {"kind": "collapsed", "at": "2016-06-01", "evidence": ["a test citation"]}


def event(row: str, day: date) -> Event:
    return Event(
        source="test",
        source_row_id=row,
        adapter="test.v1",
        when=local_days_interval(day, day, "Asia/Damascus"),
        date_precision=DatePrecision.DAY,
        where=Location(36.2, 37.16, 1.0, LocationPrecision.EXACT, place="Aleppo"),
        event_type="remote.airstrike",
        actors=Actors("Government of Syria", "Syrian insurgents"),
        timezone="Asia/Damascus",
    )


def coh(end: dict | None = None) -> Agreement:
    text = COH if end is None else add_end(COH, end)
    document, node = load_yaml(text)
    return parse_agreement(document, node=node, source="coh.yaml")


EVENTS = [
    event("before", date(2016, 5, 31)),  # the last local day before the collapse
    event("on", date(2016, 6, 1)),  # the day of the collapse: `at` is the end of that day
    event("after", date(2016, 6, 2)),
]


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_events_after_a_recorded_collapse_are_outside_the_window(engine):
    verdicts = {v.event_id: v for v in judge(EVENTS, [coh(COLLAPSE)], engine=engine)}
    assert verdicts["test:before"].verdict.value == "violation"
    assert verdicts["test:on"].verdict.value == "violation"
    assert verdicts["test:after"].verdict.value == "outside_window"
    assert verdicts["test:after"].time.value == "after"
    assert "and collapsed at the end of 1 June" in verdicts["test:after"].explanation


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_without_an_end_the_same_events_are_violations(engine):
    verdicts = judge(EVENTS, [coh()], engine=engine)
    assert {v.verdict.value for v in verdicts} == {"violation"}


def test_recording_or_changing_an_end_rejudges_the_window(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest_events(EVENTS, label="events", adapter="test.v1")
        update_verdicts(store, [coh()])
        assert update_verdicts(store, [coh()]).windows_rejudged == 0
        report = update_verdicts(store, [coh(COLLAPSE)])
        assert report.windows_rejudged == 1
        after = {r["event_id"]: r["verdict"] for r in store.verdict_code_rows()}
        assert after["test:after"] == "outside_window"
        # the same instant, another kind: the explanation changes, so the window is re-judged
        terminated = {**COLLAPSE, "kind": "terminated"}
        assert update_verdicts(store, [coh(terminated)]).windows_rejudged == 1
        assert update_verdicts(store, [coh(terminated)]).windows_rejudged == 0
