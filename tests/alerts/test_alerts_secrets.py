"""Webhook secrets are encrypted in the store with a key kept beside it (0600) or given in the
environment; deliveries are signed with the secret itself."""

from __future__ import annotations

import logging
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alerts_fixture import Receiver

from trucewatch.errors import StoreError
from trucewatch.publish.alerts import run_alerts, subscribe, verify_signature
from trucewatch.publish.alerts.sealing import KEY_ENV, KEY_FILE_ENV, SecretBox, key_path
from trucewatch.store import Store
from trucewatch.store.outbox import outbox_rows
from trucewatch.store.subscriptions import webhook_secrets

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _hook(store: Store, url: str, **options) -> str:
    sub = subscribe(
        store,
        name="feed",
        channel="webhook",
        target=url,
        agreement_ids=["aleppo-calm-2016-05"],
        kinds=["violation"],
        include_existing=True,
        **options,
    )
    assert sub.secret is not None
    return sub.secret


def _store_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*") if p != key_path(db))


def test_the_store_file_never_holds_a_webhook_secret_in_clear(
    db: Path, receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    given = "a-secret-the-receiver-knows-0123456789"
    with caplog.at_level(logging.WARNING, "trucewatch.alerts"), Store.open(db) as store:
        made = _hook(store, receiver.url)
        assert _hook(store, receiver.url, secret=given) == given
        stored = webhook_secrets(store.conn)
        run_alerts(store, now=NOW)
    key = key_path(db)
    assert key.exists() and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert f"created {key}" in caplog.text  # said once, when the first secret was stored
    assert caplog.text.count("created") == 1
    assert all(v.startswith("fernet:") for v in stored.values()) and len(stored) == 2
    data = _store_bytes(db)
    assert made.encode() not in data and given.encode() not in data
    signed = receiver.received
    assert signed and all(
        verify_signature(g.body, made, g.headers["x-trucewatch-signature"])
        or verify_signature(g.body, given, g.headers["x-trucewatch-signature"])
        for g in signed
    )


def test_a_key_from_the_environment_leaves_no_key_file(
    db: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cryptography.fernet import Fernet

    monkeypatch.setenv(KEY_ENV, Fernet.generate_key().decode())
    with Store.open(db) as store:
        secret = _hook(store, receiver.url)
        run = run_alerts(store, now=NOW)
    assert not key_path(db).exists() and run.messages_sent > 0
    assert verify_signature(
        receiver.received[0].body, secret, receiver.received[0].headers["x-trucewatch-signature"]
    )


def test_a_key_file_others_may_read_is_refused_and_deliveries_wait(
    db: Path, receiver: Receiver
) -> None:
    with Store.open(db) as store:
        _hook(store, receiver.url)
        key_path(db).chmod(0o644)
        run = run_alerts(store, now=NOW)
        rows = outbox_rows(store.conn)
    assert receiver.received == [] and run.messages_failed == 1
    assert f"chmod 600 {key_path(db)}" in run.errors[0]
    assert {r.status for r in rows} == {"failed", "pending"}  # retried once the key is fixed


def test_a_missing_key_says_where_it_was_looked_for(db: Path, receiver: Receiver) -> None:
    with Store.open(db) as store:
        _hook(store, receiver.url)
        key_path(db).unlink()
        run = run_alerts(store, now=NOW)
    assert receiver.received == []
    assert f"the key of the webhook secrets {key_path(db)} is missing" in run.errors[0]


def test_a_key_file_named_in_the_environment_is_used(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "keys" / "alerts.key"
    elsewhere.parent.mkdir()
    monkeypatch.setenv(KEY_FILE_ENV, str(elsewhere))
    box = SecretBox.of(db, create=True)
    assert elsewhere.exists() and not db.with_name(db.name + ".key").exists()
    assert box.open(box.seal("s3cret-value")) == "s3cret-value"
    monkeypatch.delenv(KEY_FILE_ENV)
    with pytest.raises(StoreError, match="is missing"):
        SecretBox.of(db)


def test_a_secret_stored_in_clear_by_an_older_version_is_sealed_at_the_next_run(
    db: Path, receiver: Receiver
) -> None:
    with Store.open(db) as store:
        _hook(store, receiver.url)
        old = "an-old-secret-stored-in-clear-0123"
        store.conn.execute("UPDATE subscriptions SET secret = ?", [old])
        run = run_alerts(store, now=NOW)
        stored = webhook_secrets(store.conn)
    assert run.messages_sent > 0
    assert verify_signature(
        receiver.received[0].body, old, receiver.received[0].headers["x-trucewatch-signature"]
    )
    assert all(v.startswith("fernet:") for v in stored.values())
    assert old.encode() not in _store_bytes(db)
