"""Fixtures of the watch tests: a store with the shipped agreements and an e-mail subscription,
a real SMTP server (aiosmtpd) on 127.0.0.1 (re-exported by conftest.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from live_server import free_port
from trucewatch.agreements import example_paths
from trucewatch.catalog import add_agreement_file
from trucewatch.publish.alerts import DeliverySettings, subscribe
from trucewatch.store import Store


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the shipped agreements and an e-mail subscription to every violation."""
    path = tmp_path_factory.mktemp("watch") / "template.duckdb"
    with Store.open(path) as store:
        for agreement in example_paths():
            add_agreement_file(store, agreement)
        subscribe(store, name="desk", channel="email", target="desk@example.org")
    return path


@pytest.fixture
def watch_db(template_store: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template store for one test."""
    target = tmp_path / "watch.duckdb"
    shutil.copy(template_store, target)
    return target


class _Sink:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@dataclass
class Smtp:
    """A real SMTP server on 127.0.0.1, the envelopes it accepted, and the settings to use it."""

    port: int
    sink: _Sink

    @property
    def messages(self) -> list[Any]:
        return self.sink.messages

    @property
    def settings(self) -> DeliverySettings:
        return DeliverySettings(smtp_host="127.0.0.1", smtp_port=self.port, smtp_from="t@x.org")

    @property
    def env(self) -> dict[str, str]:
        return {
            "TRUCEWATCH_SMTP_HOST": "127.0.0.1",
            "TRUCEWATCH_SMTP_PORT": str(self.port),
            "TRUCEWATCH_SMTP_FROM": "t@x.org",
        }


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
