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
        }
        assert isinstance(payload["explanation"], str) and payload["explanation"]
