"""Benchmark: p50 / p99 latency of GET /events and GET /verdicts (pages of 100) over HTTP.

Builds a store of ``--events`` N synthetic events (default 1 M; around five Syrian cities,
one local day each in 2016, dated in Asia/Damascus, stored in random time order as ingests
of real files are) with the four shipped Syria 2016 agreements and a verdict for every event
against ``syria-coh-2016`` plus one against ``aleppo-calm-2016-05`` for events near Aleppo,
then serves it with uvicorn on 127.0.0.1 (one process, in a thread of this one) and times
``--requests`` sequential requests per case with httpx (keep-alive).

The store is filled in bulk by SQL straight into the ``events`` and ``verdicts`` tables, NOT
through ``Store.ingest_events`` and ``update_verdicts``: building a million ``Event`` objects
and judging them with explanations takes many minutes, and what is measured here is reading.
The verdict rows are synthetic (kind from the side and the date, a short template
explanation); their shape is that of real rows. Target (issue 6): p99 < 50 ms at N = 1 M.

    python benchmarks/api.py                        # N = 1 M, about a minute
    python benchmarks/api.py --events 100000 --db /tmp/api.duckdb   # keeps the store
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import httpx
import uvicorn

from trucewatch.agreements import example_paths
from trucewatch.catalog import add_agreement_file
from trucewatch.model.verdict import RULES_VERSION
from trucewatch.serve.api import create_app
from trucewatch.serve.api.pages import encode_cursor
from trucewatch.store import Store

# id, side_b, event type and location are functions of i; the day of hash(i)
_EVENTS_SQL = """
INSERT INTO events
SELECT
    'bench:' || i, 'bench', i::VARCHAR, 'bench.v1',
    timezone('Asia/Damascus', (DATE '2016-01-01' + (hash(i) % 366)::INTEGER)::TIMESTAMP),
    timezone('Asia/Damascus', (DATE '2016-01-02' + (hash(i) % 366)::INTEGER)::TIMESTAMP),
    'day', 'Asia/Damascus',
    round([36.20, 33.51, 34.73, 35.52, 35.93][(i % 5)::BIGINT + 1]
          + (hash(i + 1) % 6000) / 10000.0 - 0.3, 4),
    round([37.16, 36.29, 36.71, 35.79, 36.63][(i % 5)::BIGINT + 1]
          + (hash(i + 2) % 6000) / 10000.0 - 0.3, 4),
    2.0, 'exact', NULL, 'Syria', NULL, NULL, NULL,
    'Government of Syria',
    ['Syrian insurgents', 'IS', 'Jabhat al-Nusra', 'SDF'][(hash(i + 3) % 4)::BIGINT + 1],
    NULL, NULL, []::VARCHAR[], []::VARCHAR[],
    ['remote.airstrike', 'remote.shelling', 'battle.armed_clash', 'civilians.attack']
        [(i % 4)::BIGINT + 1],
    NULL, 0, 1, 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    1, now()
FROM range(?, ?) t(i)
"""

_VERDICTS_SQL = """
INSERT INTO verdicts
SELECT
    event_id, ?, 'base',
    CASE WHEN time_end <= ?::TIMESTAMPTZ THEN 'outside_window'
         WHEN side_b IN ('IS', 'Jabhat al-Nusra') THEN 'not_covered'
         WHEN time_start < ?::TIMESTAMPTZ THEN 'possible_violation'
         ELSE 'violation' END,
    'inside',
    CASE WHEN time_end <= ?::TIMESTAMPTZ THEN 'before'
         WHEN time_start < ?::TIMESTAMPTZ THEN 'uncertain' ELSE 'during' END,
    '[{"side": "a", "name": "Government of Syria", "status": "party", "matched": '
        || '"government-of-syria", "role": null}]',
    ['synthetic'],
    'A ' || replace(event_type, '.', ' ') || ' by Government of Syria against ' || side_b
        || ' near ' || lat || ', ' || lon || ' (synthetic benchmark verdict).',
    NULL, NULL, []::VARCHAR[], ?, now()
FROM events WHERE {where}
"""


def build(path: Path, n: int) -> None:
    """Fill the store at ``path`` with ``n`` events, the examples and verdicts, in bulk SQL."""
    with Store.open(path) as store:
        if store.count_events() >= n:
            return
        for agreement in example_paths():
            add_agreement_file(store, agreement)
        conn = store.conn
        conn.execute(
            "INSERT INTO ingests VALUES (1, 'synthetic', 'bench.v1', ?, ?, ?, 0, 0, now(), now())",
            [f"bench-{n}", n, n],
        )
        chunk = 250_000
        for first in range(0, n, chunk):
            conn.execute(_EVENTS_SQL, [first, min(n, first + chunk)])
            print(f"  stored {min(n, first + chunk):,} events", flush=True)
        coh = "2016-02-26 22:00:00+00"
        aleppo = "2016-05-04 22:00:00+00"
        for agreement, start, where in (
            ("syria-coh-2016", coh, "TRUE"),
            ("aleppo-calm-2016-05", aleppo, "abs(lat - 36.2) < 0.1 AND abs(lon - 37.16) < 0.1"),
        ):
            conn.execute(
                _VERDICTS_SQL.replace("{where}", where),
                [agreement, start, start, start, start, RULES_VERSION],
            )
        conn.execute("CHECKPOINT")
        count = conn.execute("SELECT count(*) FROM verdicts").fetchone()
        print(f"  stored {count[0] if count else 0:,} verdicts", flush=True)


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
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
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
        run_plain_sql(path, args.requests)


def _cursors(path: Path, k: int) -> list[str]:
    """Cursors after ``k`` random events (as the next_cursor of some page would be)."""
    with Store.open(path, read_only=True) as store:
        rows = store.conn.execute(
            "SELECT timezone('UTC', time_start), event_id FROM events USING SAMPLE 1000 ROWS"
        ).fetchall()
    rng = random.Random(2)
    return [
        encode_cursor(when.isoformat() + "+00:00", event_id)
        for when, event_id in rng.sample(rows, min(k, len(rows)))
    ]


def run(path: Path, requests: int) -> None:
    """Serve the store and print the latency table."""
    cursors = _cursors(path, 1000)
    app = create_app(path, read_only=True)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    rng = random.Random(1)
    with app.state.access.reading() as store:
        total = store.count_events()
    cases: dict[str, Callable[[], tuple[str, dict[str, Any]]]] = {
        "GET /events?limit=100 (first page)": lambda: ("/events", {"limit": 100}),
        "GET /events?limit=100&offset=random deep": lambda: (
            "/events",
            {"limit": 100, "offset": rng.randrange(0, max(1, total - 100))},
        ),
        "GET /events?limit=100&cursor=random": lambda: (
            "/events",
            {"limit": 100, "cursor": rng.choice(cursors)},
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
        "GET /verdicts?limit=100 (first page)": lambda: ("/verdicts", {"limit": 100}),
        "GET /verdicts?limit=100&offset=random deep": lambda: (
            "/verdicts",
            {"limit": 100, "offset": rng.randrange(0, 1_000_000)},
        ),
        "GET /verdicts?agreement&kind (100)": lambda: (
            "/verdicts",
            {"limit": 100, "agreement": "aleppo-calm-2016-05", "kind": "violation"},
        ),
    }
    try:
        print(f"\n{total:,} events; {requests} sequential requests per case\n")
        print(f"{'case':45} {'p50 ms':>8} {'p99 ms':>8}")
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for name, make in cases.items():
                for _ in range(10):
                    url, params = make()
                    client.get(url, params=params).raise_for_status()
                samples = []
                for _ in range(requests):
                    url, params = make()
                    t0 = time.perf_counter()
                    client.get(url, params=params).raise_for_status()
                    samples.append(time.perf_counter() - t0)
                p50, p99 = percentiles(samples)
                print(f"{name:45} {p50:8.1f} {p99:8.1f}", flush=True)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def run_plain_sql(path: Path, requests: int) -> None:
    """The obvious alternative in the same run: each page as one plain DuckDB query (the
    total by COUNT(*), the page by ORDER BY ... LIMIT 100 OFFSET k), in process, no HTTP."""
    rng = random.Random(1)
    with Store.open(path, read_only=True) as store:
        conn = store.conn
        total = conn.execute("SELECT count(*) FROM events").fetchone()[0]  # type: ignore[index]
        verdicts = conn.execute("SELECT count(*) FROM verdicts").fetchone()[0]  # type: ignore[index]
        cases = {
            "events, random deep offset": (
                "SELECT count(*) FROM events",
                "SELECT * FROM events ORDER BY time_start, event_id LIMIT 100 OFFSET {k}",
                total,
            ),
            "verdicts, random deep offset": (
                "SELECT count(*) FROM verdicts",
                "SELECT v.*, e.time_start FROM verdicts v JOIN events e USING (event_id) "
                "ORDER BY v.agreement_id, e.time_start, v.event_id, v.window_id "
                "LIMIT 100 OFFSET {k}",
                verdicts,
            ),
        }
        print("\nplain DuckDB queries (count + ORDER BY/LIMIT/OFFSET), in process, no HTTP")
        print(f"{'case':45} {'p50 ms':>8} {'p99 ms':>8}")
        for name, (count_sql, page_sql, n) in cases.items():
            samples = []
            for _ in range(min(requests, 50)):
                k = rng.randrange(0, max(1, n - 100))
                t0 = time.perf_counter()
                conn.execute(count_sql).fetchone()
                conn.execute(page_sql.format(k=k)).fetchall()
                samples.append(time.perf_counter() - t0)
            p50, p99 = percentiles(samples)
            print(f"{name:45} {p50:8.1f} {p99:8.1f}", flush=True)


if __name__ == "__main__":
    main()
