"""The subscriptions and outbox tables: what is queued, once, and the settings."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from alerts_fixture import make_event

from trucewatch.catalog import load_agreements
from trucewatch.errors import ValidationError
from trucewatch.publish.alerts import DeliverySettings, queue_alerts, subscribe
from trucewatch.store import Store
from trucewatch.store.outbox import outbox_rows
from trucewatch.verdicts.stored import verdict_records
from trucewatch.verdicts.update import update_verdicts


def test_new_subscription_alerts_only_events_stored_after_it(db: Path) -> None:
    with Store.open(db) as store:
        subscribe(store, name="new", channel="email", target="desk@example.org")
        assert queue_alerts(store) == 0  # every stored verdict is older
        later = [make_event(i, date(2016, 4, 1), label="later") for i in range(10)]
        store.ingest_events(later, label="later", adapter="later.v1")
        update_verdicts(store, load_agreements(store))
        queued = queue_alerts(store)
        rows = outbox_rows(store.conn)
    assert queued == len(rows) > 0
    # the windows with new events were re-judged whole, yet old events are not alerted again
    assert {r.event_id.split(":")[0] for r in rows} == {"later"}


def test_new_subscription_alerts_verdicts_of_an_agreement_stored_after_it(db: Path) -> None:
    from trucewatch.agreements import example_paths
    from trucewatch.catalog import add_agreement_file

    aleppo = next(p for p in example_paths() if p.name.startswith("aleppo"))
    copy = db.parent / "copy.yaml"
    copy.write_text(aleppo.read_text().replace("aleppo-calm-2016-05", "aleppo-copy-2016-05", 1))
    with Store.open(db) as store:
        subscribe(store, name="new", channel="email", target="desk@example.org")
        add_agreement_file(store, copy)
        update_verdicts(store, load_agreements(store))
        queue_alerts(store)
        rows = outbox_rows(store.conn)
        expected = {
            r["event_id"]
            for r in verdict_records(
                store,
                agreement_ids=["aleppo-copy-2016-05"],
                kinds=["violation", "possible_violation"],
            )
        }
    assert {r.agreement_id for r in rows} == {"aleppo-copy-2016-05"}
    assert {r.event_id for r in rows} == expected and expected


def test_the_outbox_refuses_a_second_row_for_the_same_alert(db: Path) -> None:
    with Store.open(db) as store:
        subscribe(store, name="x", channel="email", target="a@b.org", include_existing=True)
        assert queue_alerts(store) > 0 and queue_alerts(store) == 0
        row = outbox_rows(store.conn)[0]
        with pytest.raises(duckdb.ConstraintException):
            store.conn.execute(
                "INSERT INTO alert_outbox SELECT 'other-id', subscription_id, event_id, "
                "agreement_id, window_id, verdict, payload, digest_day, status, attempts, "
                "next_attempt_at, last_error, created_at, sent_at FROM alert_outbox "
                "WHERE delivery_id = ?",
                [row.delivery_id],
            )


def test_a_read_only_store_cannot_run_alerts(db: Path) -> None:
    from trucewatch.errors import StoreError

    with Store.open(db, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        queue_alerts(store)


def test_settings_come_from_the_environment() -> None:
    env = {
        "TRUCEWATCH_SMTP_HOST": "mail.example.org",
        "TRUCEWATCH_SMTP_PORT": "587",
        "TRUCEWATCH_SMTP_FROM": "tw@example.org",
        "TRUCEWATCH_SMTP_STARTTLS": "true",
        "TRUCEWATCH_SMTP_USER": "tw",
        "TRUCEWATCH_SMTP_PASSWORD": "pw",
    }
    settings = DeliverySettings.from_env(env, max_attempts=3)
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_starttls) == (
        "mail.example.org",
        587,
        True,
    )
    assert settings.smtp_user == "tw" and settings.max_attempts == 3
    assert settings.backoff == timedelta(minutes=1)


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"TRUCEWATCH_SMTP_PORT": "smtp"}, "PORT 'smtp'"),
        ({"TRUCEWATCH_SMTP_STARTTLS": "maybe"}, "STARTTLS 'maybe'"),
        ({"TRUCEWATCH_SMTP_USER": "tw"}, "both a user and a password"),
    ],
)
def test_bad_settings_are_refused_with_the_variable(env, words) -> None:
    with pytest.raises(ValidationError, match=words):
        DeliverySettings.from_env(env)


def test_a_queued_alert_carries_the_explanation_judge_gives(db: Path) -> None:
    from trucewatch.verdicts.judge import judge

    with Store.open(db) as store:
        subscribe(store, name="all", channel="email", target="a@b.org", include_existing=True)
        assert queue_alerts(store) > 0
        rows = outbox_rows(store.conn)
        agreements = load_agreements(store)
        expected = {
            (v.event_id, v.agreement_id, v.window_id): v.explanation
            for v in judge(list(store.iter_events()), agreements)
        }
    assert rows
    for row in rows:
        assert (
            row.payload["explanation"] == expected[(row.event_id, row.agreement_id, row.window_id)]
        )
        assert list(row.payload)[:5] == [
            "event_id",
            "agreement_id",
            "window_id",
            "verdict",
            "explanation",
        ]
