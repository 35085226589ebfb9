"""Helpers for the alert tests: hand-made events, a real HTTP receiver, a real SMTP server
(aiosmtpd), and their pytest fixtures (re-exported by conftest.py)."""

from __future__ import annotations

import email
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from live_server import fill_store, free_port, handmade_event
from trucewatch.model import Event, Fatalities
from trucewatch.publish.alerts import (
    DeliverySettings,
    allow_webhook_network,
    run_alerts,
    subscribe,
)
from trucewatch.store import Store

FIRST_DAY = date(2016, 2, 1)
#: The network of the tests' receivers, allowed explicitly in every test store.
LOOPBACK = "127.0.0.0/8"
N_EVENTS = 60


def make_event(serial: int, first: date = FIRST_DAY, label: str = "handmade") -> Event:
    """Event ``serial``: one every two days from ``first``, around Aleppo or Damascus, with
    ``serial % 7`` people killed (best estimate)."""
    killed = serial % 7
    return handmade_event(
        serial, first, label, Fatalities(low=killed, best=killed, high=killed + 1)
    )


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the shipped agreements, the hand-made events and their verdicts, whose
    webhooks may reach the loopback network (the receivers of these tests are on 127.0.0.1;
    docs/alerts.md, "Where webhooks may go")."""
    path = tmp_path_factory.mktemp("alerts") / "template.duckdb"
    with Store.open(path) as store:
        fill_store(
            store, [make_event(i) for i in range(N_EVENTS)], label="handmade", adapter="handmade.v1"
        )
        allow_webhook_network(store, LOOPBACK)
    return path


@pytest.fixture
def db(template_store: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template store for one test."""
    target = tmp_path / "alerts.duckdb"
    shutil.copy(template_store, target)
    return target


@dataclass
class Received:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """A real HTTP server on 127.0.0.1 recording POSTs and answering ``status``."""

    port: int
    status: int = 200
    received: list[Received] = field(default_factory=list)
    on_request: Callable[[Received], None] | None = None
    answer: bytes = b"ok"
    answer_headers: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            got = Received(self.path, {k.lower(): v for k, v in self.headers.items()},
                           self.rfile.read(length))  # fmt: skip
            receiver.received.append(got)
            if receiver.on_request is not None:
                receiver.on_request(got)
            try:
                self.send_response(receiver.status)
                for name, value in receiver.answer_headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(receiver.answer)))
                self.end_headers()
                self.wfile.write(receiver.answer)
            except OSError:  # the sender died before reading the answer (a crash test)
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def start_receiver(port: int | None = None) -> tuple[Receiver, ThreadingHTTPServer]:
    """Start a receiver (on ``port``, else a free one) in a thread."""
    receiver = Receiver(port or free_port())
    server = ThreadingHTTPServer(("127.0.0.1", receiver.port), _handler(receiver))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver, server


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    got, server = start_receiver()
    try:
        yield got
    finally:
        server.shutdown()
        server.server_close()


class _Sink:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@dataclass
class Smtp:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and the envelopes it accepted."""

    port: int
    sink: _Sink

    @property
    def messages(self) -> list[Any]:
        return self.sink.messages


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    sink = _Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Smtp(port, sink)
    finally:
        controller.stop()


def email_digest(path: Path, smtp: Smtp, agreement_id: str, now: datetime) -> str:
    """Subscribe an e-mail digest of every stored verdict of ``agreement_id``, run the alerts
    at ``now`` and a day later (when the digest is due), and return the one message's text."""
    settings = DeliverySettings(smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_from="t@x.org")
    with Store.open(path) as store:
        subscribe(
            store,
            name="desk",
            channel="email",
            target="desk@example.org",
            agreement_ids=[agreement_id],
            mode="digest",
            include_existing=True,
        )
        run_alerts(store, settings, now=now)
        run_alerts(store, settings, now=now + timedelta(days=1))
    (message,) = smtp.messages
    return email.message_from_bytes(message.content).get_payload(decode=True).decode()
