"""Stored verdicts stay current and only what changed is re-judged."""

from datetime import date
from operator import attrgetter

import pytest

from trucewatch.agreements import example_paths, load_agreement, load_examples
from trucewatch.catalog import save_agreement
from trucewatch.model import (
    Actors,
    DatePrecision,
    Event,
    Location,
    LocationPrecision,
    local_days_interval,
)
from trucewatch.store import Store
from trucewatch.store.settings import write_setting
from trucewatch.store.verdicts import row_to_verdict
from trucewatch.verdicts.judge import judge
from trucewatch.verdicts.stored import stored_verdicts, verdict_records
from trucewatch.verdicts.update import update_verdicts


def event(row: str, lat: float, lon: float, day: date, side_b="Syrian insurgents") -> Event:
    return Event(
        source="test",
        source_row_id=row,
        adapter="test.v1",
        when=local_days_interval(day, day, "Asia/Damascus"),
        date_precision=DatePrecision.DAY,
        where=Location(lat, lon, 1.0, LocationPrecision.EXACT, place="somewhere"),
        event_type="remote.airstrike",
        actors=Actors("Government of Syria", side_b),
        timezone="Asia/Damascus",
    )


ALEPPO = (36.2, 37.16)
DOUMA = (33.57, 36.40)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as s:
        s.ingest_events(
            [event("1", *ALEPPO, date(2016, 5, 8)), event("2", *DOUMA, date(2016, 4, 30))],
            label="first",
            adapter="test.v1",
        )
        yield s


def test_first_update_judges_every_window_and_a_second_changes_nothing(store):
    agreements = load_examples()
    first = update_verdicts(store, agreements)
    assert first.windows_rejudged == first.windows_total > 0
    assert first.verdicts_written > 0
    second = update_verdicts(store, agreements)
    assert second.windows_rejudged == 0
    assert second.verdicts_written == 0
    assert len(store.verdict_code_rows()) == first.verdicts_written


def test_new_events_are_judged_alone_and_their_verdicts_appended(store):
    agreements = load_examples()
    update_verdicts(store, agreements)
    before = store.verdict_code_rows()
    store.ingest_events([event("3", *DOUMA, date(2016, 4, 30))], label="more", adapter="test.v1")
    report = update_verdicts(store, agreements)
    rows = store.verdict_code_rows()
    touched = {(r["agreement_id"], r["window_id"]) for r in rows if r["event_id"] == "test:3"}
    assert touched  # Douma is in the Eastern Ghouta scope and in Syria
    assert not any(a == "aleppo-calm-2016-05" for a, _ in touched)
    assert report.windows_rejudged == 0  # no window changed: only the new event was judged
    assert report.events == 1
    assert report.verdicts_written == len(touched) == len(rows) - len(before)
    assert [r for r in rows if r["event_id"] != "test:3"] == before


def test_a_new_extension_rejudges_only_that_extension(store, tmp_path):
    agreements = load_examples()
    update_verdicts(store, agreements)
    source = next(p for p in example_paths() if p.name.startswith("aleppo"))
    text = source.read_text().replace(
        "declarations:",
        "  - id: ext-24h-2016-05-12\n"
        "    start: 2016-05-12T01:00:00+03:00\n"
        "    duration: 24h\n\n"
        "declarations:",
    )
    edited = tmp_path / "aleppo.yaml"
    edited.write_text(text)
    aleppo = load_agreement(edited)
    others = [a for a in agreements if a.id != aleppo.id]
    report = update_verdicts(store, [*others, aleppo])
    assert report.windows_rejudged == 1
    assert report.windows_total == sum(len(a.windows()) for a in [*others, aleppo])


def test_dropping_an_agreement_removes_its_verdicts(store):
    agreements = load_examples()
    update_verdicts(store, agreements)
    kept = [a for a in agreements if a.id != "aleppo-calm-2016-05"]
    report = update_verdicts(store, kept)
    assert report.windows_removed == 4
    assert {r["agreement_id"] for r in store.verdict_code_rows()} <= {a.id for a in kept}


def test_stored_verdicts_read_back_equal(store):
    agreements = load_examples()
    for agreement in agreements:
        save_agreement(store, agreement)  # verdict_records renders with the stored agreements
    verdicts = judge(list(store.iter_events()), agreements)
    assert verdicts
    update_verdicts(store, agreements)
    key = attrgetter("event_id", "agreement_id", "window_id")
    assert sorted(stored_verdicts(store, agreements), key=key) == sorted(verdicts, key=key)
    assert sorted(map(row_to_verdict, verdict_records(store)), key=key) == sorted(verdicts, key=key)


def test_a_changed_location_setting_rejudges_every_window_and_is_stored(store):
    agreements = load_examples()
    # an event on the Aleppo outline's northern edge: its 1 km disc is about half inside
    store.ingest_events(
        [event("3", 36.2805, 37.16, date(2016, 5, 8))], label="edge", adapter="test.v1"
    )
    first = update_verdicts(store, agreements)
    assert {r["rules_version"] for r in store.verdict_code_rows()} == {"trucewatch.rules/2"}
    before = [(r["event_id"], r["verdict"]) for r in store.verdict_code_rows()]
    write_setting(store.conn, "min_share_inside", 0.99)  # the threshold is the store's
    strict = update_verdicts(store, agreements)
    assert strict.windows_rejudged == strict.windows_total == first.windows_total
    rows = store.verdict_code_rows()
    assert {r["rules_version"] for r in rows} == {"trucewatch.rules/2;min_share_inside=0.99"}
    edge = [r for r in rows if r["event_id"] == "test:3" and r["space"] == "uncertain"]
    assert edge and all(r["verdict"] in ("unlocated", "outside_window") for r in edge)
    assert update_verdicts(store, agreements).windows_rejudged == 0
    write_setting(store.conn, "min_share_inside", 0.5)  # back to the default: as before
    assert update_verdicts(store, agreements).windows_rejudged == first.windows_total
    assert [(r["event_id"], r["verdict"]) for r in store.verdict_code_rows()] == before
