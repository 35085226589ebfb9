"""One bad message never stops the others: it is marked with its reason and the rest go out in
the same run; header values are on one line; a target that hangs is given up in time."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alerts_fixture import Receiver, Smtp

from live_server import free_port
from trucewatch.errors import ValidationError
from trucewatch.publish.alerts import (
    DeliverySettings,
    queue_alerts,
    run_alerts,
    subscribe,
    subscriptions,
)
from trucewatch.store import Store
from trucewatch.store.outbox import outbox_rows

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALEPPO = "aleppo-calm-2016-05"
INJECTED = "Aleppo\r\nBcc: spy@example.org\r\nX-Injected: yes"


def _sub(store: Store, target: str, name: str, **options) -> str:
    channel = "email" if "@" in target and "://" not in target else "webhook"
    sub = subscribe(
        store,
        name=name,
        channel=channel,
        target=target,
        agreement_ids=[ALEPPO],
        kinds=["violation"],
        include_existing=True,
        **options,
    )
    return sub.subscription_id


def _settings(smtp: Smtp | None = None, **options) -> DeliverySettings:
    if smtp is None:
        return DeliverySettings(**options)
    return DeliverySettings(
        smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_from="tw@example.org", **options
    )


@contextmanager
def _hanging_target(drip: bool = False) -> Iterator[str]:
    """A TCP server on 127.0.0.1 that accepts and then never answers (or, with ``drip``,
    answers a status line and then one header byte every 0.1 s, for ever)."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    done = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        listener.settimeout(0.1)
        while not done.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            held.append(conn)
            if drip:
                threading.Thread(target=_drip, args=(conn, done), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/hook"
    finally:
        done.set()
        thread.join(5)
        for conn in held:
            conn.close()
        listener.close()


def _drip(conn: socket.socket, done: threading.Event) -> None:
    try:
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not done.wait(0.1):
            conn.sendall(b"a")
    except OSError:
        pass


def test_a_newline_in_a_place_name_never_reaches_a_header(db: Path, smtp: Smtp) -> None:
    with Store.open(db) as store:
        _sub(store, "desk@example.org", "desk")
        store.conn.execute("UPDATE events SET place = ? WHERE place = 'Aleppo'", [INJECTED])
        run = run_alerts(store, _settings(smtp), now=NOW)
        rows = outbox_rows(store.conn)
    assert run.messages_sent == len(rows) == len(smtp.messages) > 0 and not run.errors
    for envelope in smtp.messages:
        assert envelope.rcpt_tos == ["desk@example.org"]
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert message["X-Injected"] is None and message["Bcc"] is None
        assert "Aleppo Bcc: spy@example.org X-Injected: yes" in message["Subject"]
        assert "\n" not in message["Subject"] and "\r" not in message["Subject"]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("name", "desk\nBcc: spy@example.org", "subscription name"),
        ("name", "desk\u2028more", "U\\+2028"),
        ("target", "desk@example.org\nBcc: spy@example.org", "e-mail address"),
    ],
)
def test_fields_that_reach_headers_are_refused_with_control_characters(
    db: Path, field: str, value: str, words: str
) -> None:
    fields = {"name": "desk", "target": "desk@example.org", field: value}
    with Store.open(db) as store, pytest.raises(ValidationError, match=words):
        _sub(store, fields["target"], fields["name"], mode="digest")


def test_an_smtp_from_with_a_newline_is_refused() -> None:
    with pytest.raises(ValidationError, match="control character U\\+000A"):
        DeliverySettings(smtp_host="127.0.0.1", smtp_from="tw@example.org\nBcc: x@y.org")


@pytest.mark.parametrize(
    ("column", "value", "channel"),
    [
        ("name", "desk\nBcc: spy@example.org", "email"),
        ("target", "http://127.0.0.1:{port}/ho\x00ok", "webhook"),
        ("target", "desk@example.org\r\nBcc: spy@example.org", "email"),
    ],
)
def test_a_subscription_stored_with_a_defect_is_dead_and_the_others_go_out(
    db: Path, smtp: Smtp, receiver: Receiver, column: str, value: str, channel: str
) -> None:
    # stored by an older trucewatch, before these values were refused
    with Store.open(db) as store:
        bad = _sub(store, receiver.url if channel == "webhook" else "desk@example.org", "bad",
                   mode="digest")  # fmt: skip
        good_mail = _sub(store, "news@example.org", "good-mail")
        good_hook = _sub(store, receiver.url, "good-hook")
        assert queue_alerts(store, now=NOW) > 0  # queued while the subscription was still valid
        store.conn.execute(
            f"UPDATE subscriptions SET {column} = ? WHERE subscription_id = ?",
            [value.format(port=receiver.port), bad],
        )
        listed = {s.subscription_id: s for s in subscriptions(store)}
        first = run_alerts(store, _settings(smtp), now=NOW)
        run_alerts(store, _settings(smtp), now=NOW + timedelta(days=1))  # digests due
        rows = outbox_rows(store.conn)
    assert listed[bad].defect is not None and "subscriptions remove" in listed[bad].defect
    assert listed[good_mail].defect is None
    by_sub = {sid: {r.status for r in rows if r.subscription_id == sid} for sid in listed}
    assert by_sub == {bad: {"dead"}, good_mail: {"sent"}, good_hook: {"sent"}}
    assert all(
        "refused by today's checks" in (r.last_error or "")
        for r in rows
        if r.subscription_id == bad
    )
    assert any(bad in e and "dead" in e for e in first.errors) and first.messages_failed >= 1
    assert len(receiver.received) == sum(1 for r in rows if r.subscription_id == good_hook)


def test_a_hanging_and_a_refusing_target_do_not_stop_the_others(
    db: Path, receiver: Receiver
) -> None:
    with _hanging_target() as hanging, Store.open(db) as store:
        hang = _sub(store, hanging, "hangs")
        refuse = _sub(store, f"http://127.0.0.1:{free_port()}/hook", "refuses")
        good = _sub(store, receiver.url, "good")
        run = run_alerts(store, _settings(timeout=1, connect_timeout=0.5), now=NOW)
        rows = outbox_rows(store.conn)
    status = {
        sid: {r.status for r in rows if r.subscription_id == sid} for sid in (hang, refuse, good)
    }
    # the first message of each bad target failed; its others wait for the retry (pending)
    assert status == {hang: {"failed", "pending"}, refuse: {"failed", "pending"}, good: {"sent"}}
    assert len(receiver.received) == sum(1 for r in rows if r.subscription_id == good) > 0
    errors = {r.subscription_id: r.last_error for r in rows if r.attempts == 1 and r.last_error}
    assert "no complete answer within 1 s" in errors[hang]
    assert "connection refused" in errors[refuse]
    assert run.messages_failed == 2  # one try per target per run, the rest wait for it


def test_a_target_that_answers_a_byte_at_a_time_is_given_up_at_the_deadline(db: Path) -> None:
    with _hanging_target(drip=True) as dripping, Store.open(db) as store:
        _sub(store, dripping, "drips")
        run = run_alerts(store, _settings(timeout=1, connect_timeout=0.5), now=NOW)
        rows = outbox_rows(store.conn)
    # every byte came within the read time-out: only the deadline of the message ends it
    assert run.messages_failed == 1 and "no complete answer within 1 s" in run.errors[0]
    assert {r.status for r in rows} == {"failed", "pending"}
