"""Delivering alerts for real: a webhook receiver and an SMTP server on 127.0.0.1."""

from __future__ import annotations

import email
import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alerts_fixture import Receiver, Smtp, start_receiver

from live_server import free_port
from trucewatch.agreements import example_paths
from trucewatch.catalog import load_agreements
from trucewatch.publish.alerts import DeliverySettings, run_alerts, subscribe, unsubscribe
from trucewatch.store import Store
from trucewatch.store.outbox import outbox_counts, outbox_rows
from trucewatch.verdicts.stored import verdict_records
from trucewatch.verdicts.update import update_verdicts

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _webhook(store: Store, receiver: Receiver, **filters) -> str:
    sub = subscribe(
        store,
        name="newsroom",
        channel="webhook",
        target=receiver.url,
        include_existing=True,
        **filters,
    )
    assert sub.secret is not None
    return sub.secret


def _email(store: Store, **filters) -> None:
    subscribe(
        store,
        name="desk",
        channel="email",
        target="desk@example.org",
        include_existing=True,
        **filters,
    )


def _smtp_settings(smtp: Smtp) -> DeliverySettings:
    return DeliverySettings(smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_from="tw@example.org")


def test_webhook_alerts_are_signed_with_the_subscription_secret(db: Path, receiver) -> None:
    with Store.open(db) as store:
        secret = _webhook(store, receiver, agreement_ids=["aleppo-calm-2016-05"])
        run = run_alerts(store, now=NOW)
        rows = outbox_rows(store.conn)
    assert run.queued == len(rows) == run.messages_sent == len(receiver.received) > 0
    for got in receiver.received:
        expected = "sha256=" + hmac.new(secret.encode(), got.body, hashlib.sha256).hexdigest()
        assert got.headers["x-trucewatch-signature"] == expected
        assert got.headers["content-type"] == "application/json"
        assert int(got.headers["x-trucewatch-timestamp"]) == int(NOW.timestamp())
        body = got.json()
        assert body["delivery_id"] == got.headers["x-trucewatch-delivery"]
        assert body["type"] == "trucewatch.alert" and len(body["alerts"]) == 1
        assert body["alerts"][0]["agreement_id"] == "aleppo-calm-2016-05"
    assert {g.headers["x-trucewatch-delivery"] for g in receiver.received} == {
        r.delivery_id for r in rows
    }
    assert all(r.status == "sent" and r.attempts == 1 for r in rows)


def test_a_signature_with_another_secret_does_not_verify(db: Path, receiver) -> None:
    from trucewatch.publish.alerts import verify_signature

    with Store.open(db) as store:
        secret = _webhook(store, receiver, agreement_ids=["aleppo-calm-2016-05"])
        run_alerts(store, now=NOW)
    got = receiver.received[0]
    assert verify_signature(got.body, secret, got.headers["x-trucewatch-signature"])
    assert not verify_signature(got.body, secret + "x", got.headers["x-trucewatch-signature"])
    assert not verify_signature(got.body + b" ", secret, got.headers["x-trucewatch-signature"])


def test_running_twice_sends_each_alert_once(db: Path, receiver) -> None:
    with Store.open(db) as store:
        _webhook(store, receiver)
        first = run_alerts(store, now=NOW)
        second = run_alerts(store, now=NOW + timedelta(hours=1))
    assert first.messages_sent == len(receiver.received) > 0
    assert second.queued == 0 and second.messages_sent == 0
    ids = [g.headers["x-trucewatch-delivery"] for g in receiver.received]
    keys = [
        (a["event_id"], a["agreement_id"]) for g in receiver.received for a in g.json()["alerts"]
    ]
    assert len(ids) == len(set(ids)) and len(keys) == len(set(keys))


def _keep_us_declaration_open(store: Store) -> None:
    """Store the Aleppo agreement with its US declaration open-ended (no recorded end), so
    that it overlaps the army's 72 h extension, and bring the verdicts up to date."""
    text = next(p for p in example_paths() if p.name.startswith("aleppo")).read_text()
    start = text.index("    ended:", text.index("open: true"))
    text = text[:start] + text[text.index("    note: >-", start) :]
    store.put_agreement("aleppo-calm-2016-05", "Aleppo, open US declaration", text, "test")
    update_verdicts(store, load_agreements(store))


def test_event_judged_in_two_windows_of_one_agreement_is_alerted_once(db: Path, receiver) -> None:
    with Store.open(db) as store:
        _keep_us_declaration_open(store)
        _webhook(store, receiver, agreement_ids=["aleppo-calm-2016-05"], kinds=["violation"])
        windows = verdict_records(store, agreement_ids=["aleppo-calm-2016-05"], kinds=["violation"])
        run_alerts(store, now=NOW)
    by_event = {r["event_id"] for r in windows}
    assert len(windows) > len(by_event)  # handmade:049 is a violation of two windows
    assert sorted(a["event_id"] for g in receiver.received for a in g.json()["alerts"]) == sorted(
        by_event
    )


def test_failing_receiver_keeps_the_alert_and_a_later_run_delivers_it(db: Path, receiver) -> None:
    receiver.status = 500
    with Store.open(db) as store:
        _webhook(store, receiver, agreement_ids=["aleppo-calm-2016-05"])
        failed = run_alerts(store, now=NOW)
        rows = outbox_rows(store.conn)
        assert failed.messages_failed == 1 and failed.messages_sent == 0  # one try per run
        assert "answered 500" in failed.errors[0]
        tried = [r for r in rows if r.attempts == 1]
        assert len(tried) == 1 and tried[0].status == "failed"
        assert tried[0].next_attempt_at == NOW + timedelta(minutes=1)
        assert "answered 500" in (tried[0].last_error or "")
        assert all(r.next_attempt_at == NOW + timedelta(minutes=1) for r in rows)
        too_early = run_alerts(store, now=NOW + timedelta(seconds=30))
        assert too_early.messages_sent == too_early.messages_failed == 0
        receiver.status = 200
        later = run_alerts(store, now=NOW + timedelta(minutes=1, seconds=1))
        assert later.messages_sent == len(rows) and later.waiting == 0
        assert outbox_counts(store.conn)["sent"] == len(rows)
    accepted = receiver.received[1:]  # the first request was answered 500
    assert sorted(g.headers["x-trucewatch-delivery"] for g in accepted) == sorted(
        r.delivery_id for r in rows
    )


def test_closed_port_is_retried_with_exponential_backoff_until_the_receiver_is_up(
    db: Path,
) -> None:
    port = free_port()
    target = Receiver(port)
    with Store.open(db) as store:
        _webhook(store, target, agreement_ids=["aleppo-calm-2016-05"], kinds=["violation"])
        first = run_alerts(store, now=NOW)
        assert first.messages_failed == 1 and "connection refused" in first.errors[0]
        second = run_alerts(store, now=NOW + timedelta(minutes=1))
        assert second.messages_failed == 1
        tried = max(outbox_rows(store.conn), key=lambda r: r.attempts)
        assert tried.attempts == 2 and tried.next_attempt_at == NOW + timedelta(minutes=3)
        receiver, server = start_receiver(port)
        try:
            assert run_alerts(store, now=NOW + timedelta(minutes=2)).messages_sent == 0
            done = run_alerts(store, now=NOW + timedelta(minutes=3))
        finally:
            server.shutdown()
            server.server_close()
        assert done.waiting == 0 and done.messages_sent == first.queued
    assert len(receiver.received) == first.queued


def test_alert_is_dead_after_the_last_attempt(db: Path, receiver) -> None:
    receiver.status = 503
    settings = DeliverySettings(max_attempts=2, backoff=timedelta(seconds=10))
    with Store.open(db) as store:
        _webhook(store, receiver, agreement_ids=["eastern-ghouta-2016-04"])
        run_alerts(store, settings, now=NOW)
        run_alerts(store, settings, now=NOW + timedelta(seconds=10))
        rows = outbox_rows(store.conn)
    assert [r.status for r in rows] == ["dead"] and rows[0].attempts == 2


def test_removed_subscription_gets_nothing_more(db: Path, receiver) -> None:
    receiver.status = 500
    with Store.open(db) as store:
        _webhook(store, receiver)
        run_alerts(store, now=NOW)
        sub_id = outbox_rows(store.conn)[0].subscription_id
        unsubscribe(store, sub_id)
        receiver.status = 200
        after = run_alerts(store, now=NOW + timedelta(days=1))
        statuses = {r.status for r in outbox_rows(store.conn)}
    assert after.queued == after.messages_sent == 0 and statuses == {"dead"}
    assert len(receiver.received) == 1


def test_digest_groups_one_local_day_in_one_message(db: Path, receiver) -> None:
    # 20:30 UTC on 1 March 2026 is 23:30 in Damascus (UTC+3 since 2022): the day ends soon
    evening = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)
    with Store.open(db) as store:
        subscribe(
            store,
            name="daily",
            channel="webhook",
            target=receiver.url,
            agreement_ids=["syria-coh-2016"],
            mode="digest",
            timezone="Asia/Damascus",
            include_existing=True,
        )
        queued = run_alerts(store, now=evening)
        assert queued.queued > 1 and queued.messages_sent == 0  # the day is not over
        same_day = run_alerts(store, now=evening + timedelta(minutes=20))
        assert same_day.messages_sent == 0
        next_day = run_alerts(store, now=evening + timedelta(minutes=40))
        again = run_alerts(store, now=evening + timedelta(days=2))
    assert next_day.messages_sent == 1 and next_day.alerts_sent == queued.queued
    assert again.messages_sent == 0 and len(receiver.received) == 1
    body = receiver.received[0].json()
    assert body["type"] == "trucewatch.digest" and body["day"] == "2026-03-01"
    assert len(body["alerts"]) == queued.queued
    assert body["delivery_id"].startswith("digest-")


def test_email_alert_reaches_a_real_smtp_server(db: Path, smtp: Smtp) -> None:
    settings = _smtp_settings(smtp)
    with Store.open(db) as store:
        _email(store, agreement_ids=["aleppo-calm-2016-05"], kinds=["violation"], min_fatalities=3)
        run = run_alerts(store, settings, now=NOW)
        rows = outbox_rows(store.conn)
    assert run.messages_sent == len(smtp.messages) == len(rows) > 0
    for envelope in smtp.messages:
        assert envelope.mail_from == "tw@example.org"
        assert envelope.rcpt_tos == ["desk@example.org"]
        message = email.message_from_bytes(envelope.content)
        assert message["Subject"].startswith("[trucewatch] Violation: aleppo-calm-2016-05")
        assert message["X-Trucewatch-Delivery"] in {r.delivery_id for r in rows}
        assert "Violation: " in message.get_payload(decode=True).decode()


def test_email_digest_is_one_message(db: Path, smtp: Smtp) -> None:
    settings = _smtp_settings(smtp)
    with Store.open(db) as store:
        _email(store, mode="digest")
        queued = run_alerts(store, settings, now=NOW).queued
        sent = run_alerts(store, settings, now=NOW + timedelta(days=1))
    assert sent.messages_sent == len(smtp.messages) == 1
    text = email.message_from_bytes(smtp.messages[0].content).get_payload(decode=True).decode()
    assert f"{queued} alert(s) of 2026-03-02 (UTC)" in text
    assert text.count("Violation of ") + text.count("Possible violation of ") == queued


def test_email_without_an_smtp_server_configured_waits_with_a_clear_error(db: Path) -> None:
    with Store.open(db) as store:
        _email(store, agreement_ids=["eastern-ghouta-2016-04"])
        run = run_alerts(store, DeliverySettings(), now=NOW)
        rows = outbox_rows(store.conn)
    assert run.messages_failed == 1 and rows[0].status == "failed"
    assert "TRUCEWATCH_SMTP_HOST" in (rows[0].last_error or "")


@pytest.mark.parametrize(
    ("filters", "keep"),
    [
        ({"kinds": ["possible_violation"]}, lambda r: r["verdict"] == "possible_violation"),
        (
            {"kinds": ["violation"], "min_fatalities": 4},
            lambda r: r["verdict"] == "violation" and int(r["event_id"][-3:]) % 7 >= 4,
        ),
        (
            {"bbox": (36.0, 33.0, 36.5, 34.0)},  # Damascus only
            lambda r: r["lat"] < 34 and r["verdict"] in ("violation", "possible_violation"),
        ),
        (
            {"agreement_ids": ["aleppo-calm-2016-05", "eastern-ghouta-2016-04"]},
            lambda r: (
                r["agreement_id"] != "syria-coh-2016"
                and r["verdict"] in ("violation", "possible_violation")
            ),
        ),
        (
            {"kinds": ["not_covered", "violation"], "agreement_ids": ["syria-coh-2016"]},
            lambda r: (
                r["agreement_id"] == "syria-coh-2016"
                and r["verdict"] in ("not_covered", "violation")
            ),
        ),
    ],
)
def test_filters_queue_exactly_the_matching_verdicts(db: Path, filters, keep) -> None:
    with Store.open(db) as store:
        _webhook(store, Receiver(1), **filters)
        run = run_alerts(store, now=NOW, deliver=False)
        queued = {(r.event_id, r.agreement_id) for r in outbox_rows(store.conn)}
        expected = {(r["event_id"], r["agreement_id"]) for r in verdict_records(store) if keep(r)}
    assert queued == expected and run.queued == len(expected) > 0
