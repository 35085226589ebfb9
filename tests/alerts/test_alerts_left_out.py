"""Messages say what of their days was left out as unlocated, and why (issue 12).

The template store's hand-made events, plus three violent events around Aleppo that cannot be
placed inside the city's truce area: one with a 50 km disc (too coarse for the city, 7 May),
two with 8 km discs mostly east of the outline (7 and 9 May). The Aleppo alerts of the
template: UCDP-like airstrikes on 5 May (a violation) and 9 May (a violation).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alerts_fixture import Receiver, Smtp, email_digest

from live_server import day_event
from trucewatch.catalog import load_agreements
from trucewatch.publish.alerts import run_alerts, subscribe
from trucewatch.store import Store
from trucewatch.store.outbox import outbox_rows
from trucewatch.verdicts.stored import verdict_records
from trucewatch.verdicts.update import update_verdicts

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALEPPO = "aleppo-calm-2016-05"


@pytest.fixture
def with_unlocated(db: Path) -> Path:
    """The template store with the three unlocated events, judged."""
    events = [
        day_event("leftout", "c1", date(2016, 5, 7), 36.2, 37.16, radius_km=50),
        day_event("leftout", "m1", date(2016, 5, 7), 36.2, 37.30, radius_km=8),
        day_event("leftout", "m2", date(2016, 5, 9), 36.2, 37.27, radius_km=8),
    ]
    with Store.open(db) as store:
        store.ingest_events(events, label="leftout", adapter="leftout.v1")
        update_verdicts(store, load_agreements(store))
        kinds = {
            r["event_id"]: r["verdict"]
            for r in verdict_records(store, agreement_ids=[ALEPPO])
            if r["event_id"].startswith("leftout:") and r["window_id"] == "ext-72h-2016-05-07"
        }
    assert kinds == dict.fromkeys(("leftout:c1", "leftout:m1", "leftout:m2"), "unlocated")
    return db


def _digest(store: Store, receiver: Receiver, **filters) -> None:
    subscribe(
        store,
        name="daily",
        channel="webhook",
        target=receiver.url,
        mode="digest",
        include_existing=True,
        **filters,
    )
    run_alerts(store, now=NOW)
    run_alerts(store, now=NOW + timedelta(days=1))


def test_digest_says_how_many_unlocated_events_of_its_days_were_left_out_and_why(
    with_unlocated: Path, receiver: Receiver
) -> None:
    with Store.open(with_unlocated) as store:
        _digest(store, receiver, agreement_ids=[ALEPPO])
    (body,) = [r.json() for r in receiver.received]
    assert {a["event_id"] for a in body["alerts"]} == {"handmade:047", "handmade:049"}
    left = body["left_out"]
    assert (left["unlocated"], left["first_day"], left["last_day"]) == (
        3,
        "2016-05-05",
        "2016-05-09",
    )
    assert left["agreements"] == [
        {
            "agreement_id": ALEPPO,
            "unlocated": 3,
            "location_coarser_than_scope": 1,
            "mostly_outside_scope": 2,
        }
    ]
    assert "cannot be placed inside the agreement's area" in left["text"]
    assert "not counted as violations or possible violations" in left["text"]


def test_email_digest_explains_what_was_left_out_in_words(with_unlocated: Path, smtp: Smtp) -> None:
    text = email_digest(with_unlocated, smtp, ALEPPO, NOW)
    assert "Left out: 3 events from 2016-05-05 to 2016-05-09" in text
    assert f"  {ALEPPO}: 3 events: 1 located only to a wider area" in text
    assert "2 mostly outside the agreement's area." in text
    assert 'subscribe to the kind "unlocated"' in text
    # each alert is dated by the local day of its event (5 May in Aleppo began 4 May 21:00 UTC)
    assert "  2016-05-05  Aleppo, Syria" in text and "  2016-05-04  " not in text


def test_single_alert_counts_the_left_out_events_of_its_own_day(
    with_unlocated: Path, receiver: Receiver
) -> None:
    with Store.open(with_unlocated) as store:
        subscribe(
            store,
            name="now",
            channel="webhook",
            target=receiver.url,
            agreement_ids=[ALEPPO],
            include_existing=True,
        )
        run_alerts(store, now=NOW)
    by_event = {r.json()["alerts"][0]["event_id"]: r.json()["left_out"] for r in receiver.received}
    assert by_event["handmade:047"]["unlocated"] == 0  # 5 May: none left out
    assert by_event["handmade:047"]["text"] == ""
    nine = by_event["handmade:049"]  # 9 May: m2
    assert (nine["unlocated"], nine["first_day"], nine["last_day"]) == (
        1,
        "2016-05-09",
        "2016-05-09",
    )
    assert nine["agreements"][0]["mostly_outside_scope"] == 1


def test_subscription_to_unlocated_gets_them_as_alerts_and_leaves_nothing_out(
    with_unlocated: Path, receiver: Receiver
) -> None:
    with Store.open(with_unlocated) as store:
        _digest(store, receiver, agreement_ids=[ALEPPO], kinds=["violation", "unlocated"])
    (body,) = [r.json() for r in receiver.received]
    unlocated = {a["event_id"] for a in body["alerts"] if a["verdict"] == "unlocated"}
    assert unlocated == {"leftout:c1", "leftout:m1", "leftout:m2"}
    assert body["left_out"]["unlocated"] == 0 and body["left_out"]["agreements"] == []


def test_left_out_count_keeps_to_the_subscription_area(
    with_unlocated: Path, receiver: Receiver
) -> None:
    # a box around the city's centre: the 50 km disc's point (37.16 E) is in it, the two
    # events east of the city (37.27 E and 37.30 E) are not
    with Store.open(with_unlocated) as store:
        _digest(store, receiver, agreement_ids=[ALEPPO], bbox=(37.1, 36.1, 37.2, 36.3))
    (body,) = [r.json() for r in receiver.received]
    assert body["left_out"]["agreements"] == [
        {
            "agreement_id": ALEPPO,
            "unlocated": 1,
            "location_coarser_than_scope": 1,
            "mostly_outside_scope": 0,
        }
    ]


def test_event_alerted_by_another_window_is_not_counted_as_left_out(
    with_unlocated: Path, receiver: Receiver
) -> None:
    # each of the three is unlocated in one window but outside another (c1 and m1, 7 May: the
    # 48-hour extension from 10 May; m2, 9 May: the base window): a subscription to
    # outside_window is alerted of all three, so none of them is "left out"
    with Store.open(with_unlocated) as store:
        _digest(store, receiver, agreement_ids=[ALEPPO], kinds=["violation", "outside_window"])
        rows = outbox_rows(store.conn)
    leftout = {(r.event_id, r.verdict) for r in rows if r.event_id.startswith("leftout:")}
    assert leftout == {
        ("leftout:c1", "outside_window"),
        ("leftout:m1", "outside_window"),
        ("leftout:m2", "outside_window"),
    }
    (body,) = [r.json() for r in receiver.received]
    assert body["left_out"]["first_day"] <= "2016-05-07" <= body["left_out"]["last_day"]
    assert body["left_out"]["unlocated"] == 0


def test_unlocated_outranks_outside_window_when_one_alert_is_chosen(
    with_unlocated: Path, receiver: Receiver
) -> None:
    # leftout:m2 (9 May) is outside the base window ("base" sorts first) and unlocated in the
    # 72-hour extension: the alert is the unlocated verdict, as on the map and in the report
    with Store.open(with_unlocated) as store:
        subscribe(
            store,
            name="all",
            channel="webhook",
            target=receiver.url,
            agreement_ids=[ALEPPO],
            kinds=["outside_window", "unlocated"],
            include_existing=True,
        )
        run_alerts(store, now=NOW, deliver=False)
        (m2,) = [r for r in outbox_rows(store.conn) if r.event_id == "leftout:m2"]
        stored = {
            r["window_id"]: r["verdict"]
            for r in verdict_records(store, agreement_ids=[ALEPPO], event_id="leftout:m2")
        }
    assert stored["base"] == "outside_window"
    assert (m2.verdict, m2.window_id) == ("unlocated", "ext-72h-2016-05-07")
