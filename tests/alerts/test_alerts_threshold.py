"""Alerts follow the store's location threshold (``trucewatch settings``).

The template store's hand-made events, plus one violent event on 9 May 2016 whose 8 km disc
lies 31 % inside the Aleppo city outline (east of it): unlocated in the 72-hour extension at
the default threshold (0.5) and at 0.4, a possible violation at 0.2.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alerts_fixture import Receiver, Smtp, email_digest

from live_server import day_event
from trucewatch.catalog import load_agreements
from trucewatch.publish.alerts import run_alerts, subscribe
from trucewatch.settings import change_setting
from trucewatch.store import Store
from trucewatch.store.outbox import outbox_rows
from trucewatch.verdicts.update import update_verdicts

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALEPPO = "aleppo-calm-2016-05"
EAST = "east:9may"


@pytest.fixture
def with_east(db: Path) -> Path:
    """The template store with the event east of the outline, judged at the default."""
    with Store.open(db) as store:
        event = day_event("east", "9may", date(2016, 5, 9), 36.2, 37.27, radius_km=8)
        store.ingest_events([event], label="east", adapter="east.v1")
        update_verdicts(store, load_agreements(store))
    return db


def _subscribe(store: Store, receiver: Receiver, mode: str = "immediate") -> None:
    subscribe(
        store,
        name="desk",
        channel="webhook",
        target=receiver.url,
        agreement_ids=[ALEPPO],
        mode=mode,
        include_existing=True,
    )


def test_a_lower_threshold_alerts_the_event_it_no_longer_leaves_out(
    with_east: Path, receiver: Receiver
) -> None:
    with Store.open(with_east) as store:
        change_setting(store, "min_share_inside", 0.2)
        _subscribe(store, receiver)
        run_alerts(store, now=NOW)
    by_event = {r.json()["alerts"][0]["event_id"]: r.json() for r in receiver.received}
    assert by_event[EAST]["alerts"][0]["verdict"] == "possible_violation"
    assert by_event[EAST]["left_out"]["unlocated"] == 0


def test_a_message_says_a_threshold_that_is_not_the_default(with_east: Path, smtp: Smtp) -> None:
    with Store.open(with_east) as store:
        change_setting(store, "min_share_inside", 0.4)
    text = email_digest(with_east, smtp, ALEPPO, NOW)
    assert (
        f"  {ALEPPO}: 1 event: 1 less than 40 % inside the agreement's area (the store's "
        "threshold; default 50 %)."
    ) in text


def test_the_webhook_says_the_threshold_its_counts_were_made_with(
    with_east: Path, receiver: Receiver
) -> None:
    with Store.open(with_east) as store:
        change_setting(store, "min_share_inside", 0.4)
        _subscribe(store, receiver, mode="digest")
        run_alerts(store, now=NOW)
        run_alerts(store, now=NOW + timedelta(days=1))
    (body,) = [r.json() for r in receiver.received]
    left = body["left_out"]
    assert left["min_share_inside"] == 0.4
    assert left["agreements"][0]["mostly_outside_scope"] == 1
    assert "less than 40 % inside" in left["text"]


def test_verdicts_judged_with_another_threshold_wait_for_their_update(
    with_east: Path, receiver: Receiver
) -> None:
    with Store.open(with_east) as store:
        change = change_setting(store, "min_share_inside", 0.2, update=False)
        assert change.update is None and change.stale is not None
        _subscribe(store, receiver)
        assert run_alerts(store, now=NOW).queued == 0  # every stored verdict is of 0.5
        update_verdicts(store, load_agreements(store))
        assert run_alerts(store, now=NOW).queued > 0
        rows = outbox_rows(store.conn)
    assert (EAST, "possible_violation") in {(r.event_id, r.verdict) for r in rows}
