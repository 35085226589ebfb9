"""Benchmark: p50 / p99 latency of GET /events and GET /verdicts (a page of 100) over HTTP.

Builds a store of ``--events`` N synthetic events (spread over Syria and 2016, dated in
Asia/Damascus), adds the four shipped Syria 2016 agreements and computes the verdicts, then
serves it with uvicorn on 127.0.0.1 (one process, in a thread of this one) and times
``--requests`` sequential requests per case with httpx (keep-alive). Beside each HTTP case it
times the same page read in-process (``Store.events`` / ``Store.verdict_rows``-like SQL), the
floor the API adds to. Target (issue 6): p99 < 50 ms at N = 1 M.

    python benchmarks/api.py                      # N = 100 k, about a minute
    python benchmarks/api.py --events 1000000 --db /tmp/api-1m.duckdb   # keeps the store
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx
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
from trucewatch.publish.api.pages import event_page, verdict_page
from trucewatch.store import EventQuery, Store
from trucewatch.verdicts.update import update_verdicts

TYPES = ("remote.airstrike", "remote.shelling", "battle.armed_clash", "civilians.attack")
SIDES = ("Syrian insurgents", "IS", "Jabhat al-Nusra", "SDF")
CITIES = ((36.20, 37.16), (33.51, 36.29), (34.73, 36.71), (35.52, 35.79), (35.93, 36.63))


def synthetic(n: int, first: int = 0) -> list[Event]:
    """``n`` events (ids from ``first``) around five Syrian cities, over the days of 2016."""
    rng = random.Random(first)
    days = [local_days_interval(d, d, "Asia/Damascus") for d in _days()]
    out = []
    for i in range(first, first + n):
        lat, lon = CITIES[i % len(CITIES)]
        out.append(
            Event(
                source="bench",
                source_row_id=str(i),
                adapter="bench.v1",
                when=days[rng.randrange(len(days))],
                date_precision=DatePrecision.DAY,
                where=Location(
                    round(lat + rng.uniform(-0.3, 0.3), 4),
                    round(lon + rng.uniform(-0.3, 0.3), 4),
                    2.0,
                    LocationPrecision.EXACT,
                    country="Syria",
                ),
                event_type=TYPES[i % len(TYPES)],
                actors=Actors(side_a="Government of Syria", side_b=SIDES[rng.randrange(4)]),
                fatalities=Fatalities(low=0, best=1, high=2),
                timezone="Asia/Damascus",
            )
        )
    return out


def _days() -> list[date]:
    return [date(2016, 1, 1) + timedelta(days=k) for k in range(366)]


def build(path: Path, n: int) -> None:
    """Fill the store at ``path`` with ``n`` events, the examples and their verdicts."""
    with Store.open(path) as store:
        if store.count_events() >= n:
            return
        for agreement in example_paths():
            add_agreement_file(store, agreement)
        chunk = 200_000
        for first in range(0, n, chunk):
            batch = synthetic(min(chunk, n - first), first)
            store.ingest_events(batch, label=f"bench {first}", adapter="bench.v1")
            print(f"  stored {first + len(batch):,} events", flush=True)
        print(f"  {update_verdicts(store, load_agreements(store))}", flush=True)


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--db", type=Path, help="Store to build or reuse (default: temporary)")
    args = parser.parse_args()
    with TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        clock = time.perf_counter()
        print(f"building a store of {args.events:,} events at {path} ...", flush=True)
        build(path, args.events)
        print(f"  ready in {time.perf_counter() - clock:.0f} s", flush=True)
        run(path, args.requests)


def run(path: Path, requests: int) -> None:
    app = create_app(path)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    rng = random.Random(1)
    access = app.state.access
    cases = {
        "GET /events?limit=100": lambda: ("/events", {"limit": 100}),
        "GET /events?limit=100&offset=random": lambda: (
            "/events",
            {"limit": 100, "offset": rng.randrange(0, 10_000)},
        ),
        "GET /events?bbox=Aleppo&since&until (100)": lambda: (
            "/events",
            {
                "limit": 100,
                "bbox": "36.8,35.9,37.5,36.5",
                "since": "2016-03-01",
                "until": "2016-06-01",
            },
        ),
        "GET /verdicts?limit=100": lambda: ("/verdicts", {"limit": 100}),
        "GET /verdicts?agreement&kind (100)": lambda: (
            "/verdicts",
            {"limit": 100, "agreement": "syria-coh-2016", "kind": "violation"},
        ),
    }
    try:
        with access.reading() as store:
            total = store.count_events()
        print(f"\n{total:,} events; {requests} sequential requests per case\n")
        print(f"{'case':45} {'p50 ms':>8} {'p99 ms':>8}  {'in-process p50/p99 ms':>22}")
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for name, make in cases.items():
                for _ in range(10):
                    url, params = make()
                    client.get(url, params=params).raise_for_status()
                samples, floor = [], []
                for _ in range(requests):
                    url, params = make()
                    t0 = time.perf_counter()
                    client.get(url, params=params).raise_for_status()
                    samples.append(time.perf_counter() - t0)
                    t0 = time.perf_counter()
                    _in_process(access, url, params)
                    floor.append(time.perf_counter() - t0)
                p50, p99 = percentiles(samples)
                f50, f99 = percentiles(floor)
                print(f"{name:45} {p50:8.1f} {p99:8.1f}  {f50:10.1f} / {f99:.1f}", flush=True)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _in_process(access, url: str, params: dict) -> None:  # type: ignore[no-untyped-def]
    with access.reading() as store:
        if url == "/events":
            query = EventQuery(
                bbox=tuple(map(float, params["bbox"].split(","))) if "bbox" in params else None,
                start=None,
            )
            event_page(store, query, limit=100, offset=params.get("offset", 0), cursor=None)
        else:
            verdict_page(
                store,
                agreement_ids=[params["agreement"]] if "agreement" in params else [],
                kinds=[params["kind"]] if "kind" in params else [],
                event_id=None,
                limit=100,
                offset=0,
            )


if __name__ == "__main__":
    main()
