"""A real store built with the library and a real uvicorn serving it on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn

from trucewatch.agreements import example_paths
from trucewatch.catalog import add_agreement_file, load_agreements
from trucewatch.model import (
    Actors,
    DatePrecision,
    Event,
    Fatalities,
    Location,
    LocationPrecision,
    local_days_interval,
)
from trucewatch.publish.api import create_app
from trucewatch.store import Store
from trucewatch.verdicts.update import update_verdicts

FIRST_DAY = date(2016, 2, 1)
N_EVENTS = 60
#: writes a key may make at once before the rate limit (then one per 20 s)
WRITE_BURST = 40


def make_event(serial: int) -> Event:
    """Event ``serial``: one every two days from 1 Feb 2016, around Aleppo or Damascus."""
    day = FIRST_DAY + timedelta(days=2 * serial)
    aleppo = serial % 3 != 0
    lat, lon = (36.2 + serial * 0.001, 37.16) if aleppo else (33.51, 36.29)
    return Event(
        source="handmade",
        source_row_id=f"{serial:03d}",
        adapter="handmade.v1",
        when=local_days_interval(day, day, "Asia/Damascus"),
        date_precision=DatePrecision.DAY,
        where=Location(
            lat,
            lon,
            2.0,
            LocationPrecision.EXACT,
            place="Aleppo" if aleppo else "Damascus",
            country="Syria",
            admin1="Aleppo" if aleppo else "Damascus",
        ),
        event_type="remote.airstrike" if serial % 2 else "battle.armed_clash",
        actors=Actors(
            side_a="Government of Syria", side_b="IS" if serial % 5 == 0 else "Syrian insurgents"
        ),
        fatalities=Fatalities(low=1, best=2, high=3),
        timezone="Asia/Damascus",
    )


@dataclass(frozen=True)
class Served:
    """A running server: its base URL, the store path and the keys made before it started."""

    url: str
    db: Path
    keys: dict[str, str]
    burst: int

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30.0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A store with the shipped agreements, the hand-made events, verdicts and keys."""
    path = tmp_path_factory.mktemp("api") / "api.duckdb"
    keys: dict[str, str] = {}
    with Store.open(path) as store:
        for agreement_file in example_paths():
            add_agreement_file(store, agreement_file)
        store.ingest_events(
            [make_event(i) for i in range(N_EVENTS)], label="handmade", adapter="handmade.v1"
        )
        update_verdicts(store, load_agreements(store))
        for role in ("reader", "analyst", "admin"):
            keys[role] = store.create_api_key(role, f"test {role}")[1]
        keys["limited"] = store.create_api_key("analyst", "rate limited")[1]
        revoked, keys["revoked"] = store.create_api_key("admin", "revoked")
        store.revoke_api_key(revoked.key_id)
    return path, keys


@pytest.fixture(scope="session")
def server(store_path: tuple[Path, dict[str, str]]) -> Iterator[Served]:
    """uvicorn serving the store on a free port of 127.0.0.1, in a thread."""
    path, keys = store_path
    app = create_app(path, write_rate=0.05, write_burst=WRITE_BURST)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", ws="none")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.02)
    try:
        yield Served(f"http://127.0.0.1:{port}", path, keys, WRITE_BURST)
    finally:
        uv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def client(server: Served) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c
