"""A real store built with the library and a real uvicorn serving it on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest

from live_server import create_keys, fill_store, handmade_event, running
from machine import scaled
from trucewatch.model import Event
from trucewatch.serve.api import create_app
from trucewatch.store import Store

FIRST_DAY = date(2016, 2, 1)
N_EVENTS = 60
#: writes a key may make at once before the rate limit (then one per 20 s)
WRITE_BURST = 40


def make_event(serial: int) -> Event:
    """Event ``serial``: one every two days from 1 Feb 2016, around Aleppo or Damascus."""
    return handmade_event(serial, FIRST_DAY)


@dataclass(frozen=True)
class Served:
    """A running server: its base URL, the store path and the keys made before it started."""

    url: str
    db: Path
    keys: dict[str, str]
    burst: int

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=scaled(30))


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A store with the shipped agreements, the hand-made events, verdicts and keys."""
    path = tmp_path_factory.mktemp("api") / "api.duckdb"
    with Store.open(path) as store:
        fill_store(
            store, [make_event(i) for i in range(N_EVENTS)], label="handmade", adapter="handmade.v1"
        )
        keys = create_keys(store)
        keys["limited"] = store.create_api_key("analyst", "rate limited")[1]
        revoked, keys["revoked"] = store.create_api_key("admin", "revoked")
        store.revoke_api_key(revoked.key_id)
    return path, keys


@pytest.fixture(scope="session")
def server(store_path: tuple[Path, dict[str, str]]) -> Iterator[Served]:
    """uvicorn serving the store on a free port of 127.0.0.1, in a thread."""
    path, keys = store_path
    with running(create_app(path, write_rate=0.05, write_burst=WRITE_BURST)) as url:
        yield Served(url, path, keys, WRITE_BURST)


@pytest.fixture(scope="session")
def client(server: Served) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c
