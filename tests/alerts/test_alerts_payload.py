"""An alert's payload is made in Python from the typed rows of the match
(store/alert_queue.py): each field is the stored event's and verdict's, times in UTC to the
second, the event's local day."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from zoneinfo import ZoneInfo

from trucewatch.publish.alerts import queue_alerts, subscribe
from trucewatch.store import Store
from trucewatch.store.outbox import outbox_rows


def test_a_queued_payload_holds_the_stored_event_and_verdict_field_by_field(db: Path) -> None:
    with Store.open(db) as store:
        subscribe(store, name="all", channel="email", target="a@b.org", include_existing=True)
        assert queue_alerts(store) > 0
        rows = outbox_rows(store)
        events = store.events_by_id(sorted({r.event_id for r in rows}))
    assert rows
    for row in rows:
        event, payload = events[row.event_id], row.payload
        start = event.when.start.astimezone(UTC)
        local = event.when.start.astimezone(ZoneInfo(event.timezone))
        assert payload == {
            "event_id": row.event_id,
            "agreement_id": row.agreement_id,
            "window_id": row.window_id,
            "verdict": row.verdict,
            "explanation": payload["explanation"],
            "time_start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "time_end": event.when.end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "day": local.date().isoformat(),
            "timezone": event.timezone,
            "lat": event.where.lat,
            "lon": event.where.lon,
            "place": event.where.place,
            "country": event.where.country,
            "admin1": event.where.admin1,
            "event_type": event.event_type,
            "side_a": event.actors.side_a,
            "side_b": event.actors.side_b,
            "fatalities_low": event.fatalities.low,
            "fatalities_best": event.fatalities.best,
            "fatalities_high": event.fatalities.high,
            "source": event.source,
            "url": event.provenance.url,
            "headline": event.provenance.headline,
            "confidence": event.confidence,
            "guessed": list(event.guessed),
        }
        assert isinstance(payload["explanation"], str) and payload["explanation"]


def test_a_payload_is_the_same_whether_its_verdict_was_staged_or_read_from_the_store(
    db: Path,
) -> None:
    """A subscription with a start is matched on the verdicts staged for the queueing
    (store/alert_candidates.py), one with --include-existing on the store's tables: the same
    verdicts give the same payloads, explanations as the stored verdicts render them."""
    from datetime import date

    from alerts_fixture import make_event

    from trucewatch.catalog import load_agreements
    from trucewatch.verdicts.stored import stored_verdicts
    from trucewatch.verdicts.update import update_verdicts

    with Store.open(db) as store:
        new = subscribe(store, name="new", channel="email", target="a@b.org")
        old = subscribe(store, name="all", channel="email", target="b@b.org", include_existing=True)
        later = [make_event(i, date(2016, 4, 1), label="later") for i in range(12)]
        store.ingest_events(later, label="later", adapter="later.v1")
        update_verdicts(store, load_agreements(store))
        assert queue_alerts(store) > 0
        rows = outbox_rows(store)
        texts = {
            (v.event_id, v.agreement_id, v.window_id): v.explanation for v in stored_verdicts(store)
        }
    staged = {
        (r.event_id, r.agreement_id): r.payload
        for r in rows
        if r.subscription_id == new.subscription_id
    }
    read = {
        (r.event_id, r.agreement_id): r.payload
        for r in rows
        if r.subscription_id == old.subscription_id
    }
    assert staged and set(staged) < set(read)
    assert all(staged[k] == read[k] for k in staged)
    for payload in staged.values():
        key = (payload["event_id"], payload["agreement_id"], payload["window_id"])
        assert payload["explanation"] == texts[key]
