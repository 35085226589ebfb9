"""Benchmark: what a server that does not hold its store costs per request, beside one that does.

Serves a store with ``trucewatch serve`` (a real process, the ``--trucewatch`` given: this
checkout's by default, or an older one such as ``../main/.venv/bin/trucewatch``, whose server
held the store read-write for its lifetime) and prints:

* requests/s and p50/p99 latency of ``GET /events?limit=100`` and ``GET /agreements`` with httpx
  (keep-alive), ``--requests`` sequential requests, then the same spread over 4 threads;
* a command-line read beside the server (``trucewatch events list --limit 5``): seconds and
  whether it worked;
* reads during a command-line ingest of a generated UCDP GED file of ``--ingest-rows`` rows:
  how many reads, their worst latency, and whether the ingest worked;
* in this process, the obvious alternative to the server's lease: a read-only
  ``Store.open`` + ``close`` per request (what opening the store per request would add).

The store is built once at ``--db`` (kept; ``--events`` synthetic events, as benchmarks/api.py
builds them) and copied for each run, so both servers see the same bytes::

    python benchmarks/api_turns.py --db /tmp/turns.duckdb
    python benchmarks/api_turns.py --db /tmp/turns.duckdb --trucewatch ../main/.venv/bin/trucewatch
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
UCDP_HEADER = (
    "id,year,active_year,type_of_violence,conflict_new_id,conflict_name,dyad_new_id,dyad_name,"
    "side_a_new_id,side_a,side_b_new_id,gwnob,side_b,number_of_sources,source_article,"
    "source_office,source_date,source_headline,source_original,where_prec,where_coordinates,"
    "adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,"
    "event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,"
    "deaths_unknown,low,best,high"
)


def _build(path: Path, events: int) -> None:
    spec = importlib.util.spec_from_file_location("bench_api", HERE / "api.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(path, events)


def _ged_file(path: Path, rows: int) -> Path:
    lines = [UCDP_HEADER]
    for i in range(rows):
        day = f"2016-{1 + i % 12:02d}-{1 + i % 28:02d}"
        lat = f"{36.0 + (i % 500) / 1000:.3f}"
        lines.append(
            f"{700_000 + i},2016,1,1,299,Syria: Government,11973,x,118,Government of Syria,4456,,"
            f"Syrian insurgents,1,article,SOHR,{day},headline,SOHR,1,Aleppo city,Aleppo "
            f"Governorate,Jabal Saman district,{lat},37.16,POINT (37.16 {lat}),1,Syria,652,"
            f"Middle East,1,1,{day},{day},0,0,1,0,1,1,2"
        )
    path.write_text("\n".join(lines) + "\n")
    return path


def _serve(trucewatch: str, db: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [trucewatch, "serve", "--port", str(port), "--alerts-every", "0", "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
            return server
        except httpx.TransportError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start") from None
            time.sleep(0.2)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _loop(client: httpx.Client, url: str, n: int, out: list[float], errors: list[int]) -> None:
    for _ in range(n):
        t0 = time.perf_counter()
        reply = client.get(url)
        out.append(time.perf_counter() - t0)
        if reply.status_code != 200:
            errors.append(reply.status_code)


def _requests(base: str, url: str, n: int, threads: int) -> str:
    samples: list[float] = []
    errors: list[int] = []
    clients = [httpx.Client(base_url=base, timeout=60) for _ in range(threads)]
    try:
        for client in clients:  # warm up: connections, the server's caches and lease
            for _ in range(5):
                client.get(url)
        started = time.perf_counter()
        workers = [
            threading.Thread(target=_loop, args=(c, url, n // threads, samples, errors))
            for c in clients
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        seconds = time.perf_counter() - started
    finally:
        for client in clients:
            client.close()
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (
        f"{len(samples) / seconds:8.0f} req/s   p50 {statistics.median(ordered) * 1000:6.1f} ms"
        f"   p99 {p99 * 1000:6.1f} ms   errors {len(errors)}"
    )


def _cli_read(trucewatch: str, db: Path) -> str:
    t0 = time.perf_counter()
    run = subprocess.run(
        [trucewatch, "events", "list", "--limit", "5", "-f", "json", "--db", str(db)],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - t0
    said = "ok" if run.returncode == 0 else run.stderr.strip().splitlines()[-1][:110]
    return f"exit {run.returncode} in {seconds:.2f} s ({said})"


def _reads_during_ingest(trucewatch: str, db: Path, base: str, ged: Path) -> str:
    samples: list[float] = []
    errors: list[int] = []
    stop = threading.Event()

    def read() -> None:
        with httpx.Client(base_url=base, timeout=120) as client:
            while not stop.is_set():
                _loop(client, "/events?limit=100", 1, samples, errors)

    reader = threading.Thread(target=read)
    reader.start()
    t0 = time.perf_counter()
    run = subprocess.run(
        [trucewatch, "ingest", "ucdp-ged", str(ged), "--db", str(db)],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - t0
    stop.set()
    reader.join()
    said = "ok" if run.returncode == 0 else run.stderr.strip().splitlines()[-1][:110]
    worst = max(samples) * 1000 if samples else float("nan")
    return (
        f"ingest exit {run.returncode} in {seconds:.1f} s ({said}); "
        f"{len(samples)} reads meanwhile, "
        f"worst {worst:.0f} ms, errors {len(errors)}"
    )


def _open_per_request(db: Path, n: int) -> str:
    from trucewatch.store import Store

    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        Store.open(db, read_only=True).close()
        samples.append(time.perf_counter() - t0)
    return f"read-only Store.open + close: median {statistics.median(samples) * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="Store to build once and copy")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--ingest-rows", type=int, default=20_000)
    parser.add_argument("--trucewatch", default=str(Path(sys.executable).parent / "trucewatch"))
    args = parser.parse_args()
    if not args.db.exists():
        print(f"building {args.events:,} events at {args.db} ...", flush=True)
        _build(args.db, args.events)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "served.duckdb"
        shutil.copy(args.db, db)
        ged = _ged_file(Path(tmp) / "ged_bench.csv", args.ingest_rows)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        print(f"\n{args.trucewatch} serve, {args.events:,} events")
        server = _serve(args.trucewatch, db, port)
        try:
            for url in ("/events?limit=100", "/agreements"):
                for threads in (1, 4):
                    line = _requests(base, url, args.requests, threads)
                    print(f"GET {url:20} {threads} thread(s) {line}", flush=True)
            print(f"CLI read beside the server: {_cli_read(args.trucewatch, db)}", flush=True)
            print(f"reads during a CLI ingest of {args.ingest_rows:,} rows: ", flush=True)
            print("  " + _reads_during_ingest(args.trucewatch, db, base, ged), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=60)
        print(f"in this process, per request instead of a lease: {_open_per_request(db, 30)}")


if __name__ == "__main__":
    main()
