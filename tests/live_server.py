"""Helpers every test folder imports (``from live_server import ...``): a free port, a real
uvicorn on 127.0.0.1 in a thread, hand-made events, stores with agreements, verdicts and keys.

(A module of its own, not conftest.py: test folders each have a conftest, so importing from
"conftest" would pick whichever was imported first. tests/ is on sys.path because
tests/conftest.py lives there.)
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import uvicorn

from machine import scaled
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
from trucewatch.store import Store
from trucewatch.verdicts.update import update_verdicts

__all__ = [
    "Limited",
    "create_keys",
    "day_event",
    "fill_store",
    "free_port",
    "handmade_event",
    "holding",
    "limited_server",
    "running",
    "wait_until",
]


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(app: Any, port: int | None = None) -> Iterator[str]:
    """uvicorn serving ``app`` on ``port`` (else a free one) of 127.0.0.1, in a thread; yields
    its base URL once it has started and stops it on exit."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", ws="none")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + scaled(20)
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=scaled(20))


_HOLDER = textwrap.dedent(
    """
    import sys
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "duckdb":  # a process that does not take trucewatch's turns
        import duckdb
        held = duckdb.connect(path)
    else:
        from trucewatch.store import Store
        held = Store.open(path, read_only=mode == "read")
        if mode == "transaction":  # a write in progress, never committed
            held.conn.execute("BEGIN TRANSACTION")
            held.conn.execute(
                "INSERT INTO ingests (ingest_id, file, adapter, sha256, rows, stored, "
                "duplicates, bad, started_at, finished_at) "
                "VALUES (999, 'f', 'a', 'x', 1, 1, 0, 0, now(), now())"
            )
    print("ready", flush=True)
    sys.stdin.readline()
    held.close()
    """
)


@contextmanager
def holding(path: Any, mode: str) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the store at ``path`` until the block ends: ``mode`` "read" or
    "write" (a trucewatch Store), "transaction" (writing, mid-transaction) or "duckdb" (a plain
    DuckDB connection, which takes no turn). Yields the process once it holds the store."""
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDER, mode, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdin is not None
            assert holder.stdout.readline().strip() == "ready", f"the {mode} holder failed"
            yield holder
        finally:
            if holder.poll() is None:
                assert holder.stdin is not None
                holder.stdin.write("\n")
                holder.stdin.flush()
            holder.wait(timeout=scaled(60))


def wait_until(condition: Any, what: str, timeout: float = 60.0) -> None:
    """Poll ``condition()`` until it is true; fail naming ``what`` after ``timeout`` s (a bound
    on a hang, not a speed test)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.01)


def day_event(
    source: str,
    row_id: str,
    day: date,
    lat: float,
    lon: float,
    *,
    radius_km: float = 2.0,
    place: str | None = None,
    country: str | None = "Syria",
    admin1: str | None = None,
    event_type: str = "remote.airstrike",
    side_a: str = "Government of Syria",
    side_b: str = "Syrian insurgents",
    fatalities: Fatalities | None = None,
) -> Event:
    """An event of ``source`` (adapter ``<source>.v1``) on the local day ``day`` in Damascus
    time at (``lat``, ``lon``), exact to the day and place; 1 to 3 killed unless told."""
    return Event(
        source=source,
        source_row_id=row_id,
        adapter=f"{source}.v1",
        when=local_days_interval(day, day, "Asia/Damascus"),
        date_precision=DatePrecision.DAY,
        where=Location(
            lat,
            lon,
            radius_km,
            LocationPrecision.EXACT,
            place=place,
            country=country,
            admin1=admin1,
        ),
        event_type=event_type,
        actors=Actors(side_a=side_a, side_b=side_b),
        fatalities=Fatalities(low=1, best=2, high=3) if fatalities is None else fatalities,
        timezone="Asia/Damascus",
    )


def handmade_event(
    serial: int,
    first: date = date(2016, 2, 1),
    label: str = "handmade",
    fatalities: Fatalities | None = None,
) -> Event:
    """Event ``serial`` of source ``label``: one every two days from ``first``, around Aleppo
    (two in three) or Damascus; airstrikes and clashes, one in five against IS."""
    aleppo = serial % 3 != 0
    # the Damascus point's 2 km disc straddles the edge of the eastern Ghouta scope with 60 %
    # of it inside (located: a possible violation of that truce, not unlocated)
    lat, lon = (36.2 + serial * 0.001, 37.16) if aleppo else (33.513, 36.295)
    return day_event(
        label,
        f"{serial:03d}",
        first + timedelta(days=2 * serial),
        lat,
        lon,
        place="Aleppo" if aleppo else "Damascus",
        admin1="Aleppo" if aleppo else "Damascus",
        event_type="remote.airstrike" if serial % 2 else "battle.armed_clash",
        side_b="IS" if serial % 5 == 0 else "Syrian insurgents",
        fatalities=fatalities,
    )


def fill_store(store: Store, events: Iterable[Event], *, label: str, adapter: str) -> None:
    """Add the shipped agreements to ``store``, ingest ``events`` and compute the verdicts."""
    for agreement_file in example_paths():
        add_agreement_file(store, agreement_file)
    store.ingest_events(list(events), label=label, adapter=adapter)
    update_verdicts(store, load_agreements(store))


def create_keys(
    store: Store, roles: Sequence[str] = ("reader", "analyst", "admin")
) -> dict[str, str]:
    """One API key a role (named ``test <role>``): the secrets by role."""
    return {role: store.create_api_key(role, f"test {role}")[1] for role in roles}


@dataclass(frozen=True)
class Limited:
    """A server with rate limits of its own: its URL, a key per role, clients by address."""

    url: str
    keys: dict[str, str]
    timeout: float

    def client(self, address: str = "127.0.0.1") -> httpx.Client:
        """A client sending from ``address`` (127.0.0.x are all this machine)."""
        transport = httpx.HTTPTransport(local_address=address)
        return httpx.Client(base_url=self.url, timeout=self.timeout, transport=transport)


@contextmanager
def limited_server(
    path: Any, *, events: int, limits: Any, timeout: float, **options: Any
) -> Iterator[Limited]:
    """A store at ``path`` with ``events`` handmade events and a key per role, served with
    ``limits`` (a ``trucewatch.serve.api.Limits``), writes barely limited, and ``options``
    for ``create_app``."""
    from trucewatch.serve.api import create_app

    with Store.open(path) as store:
        fill_store(store, [handmade_event(i) for i in range(events)], label="h", adapter="h.v1")
        keys = create_keys(store)
    app = create_app(path, write_rate=100.0, write_burst=100, limits=limits, **options)
    with running(app) as url:
        yield Limited(url, keys, timeout)
