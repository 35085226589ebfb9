"""Benchmark: the API server under a hostile client, beside another installation (the main
branch's, before issue 13): peak memory after huge bodies, key-check timing, and what
anonymous requests for new effects cost the server.

Each installation's Python (``--python``, default this one; ``--baseline-python``, default
``/work/main/.venv/bin/python``, ``''`` skips it) serves its own copy of one store (the shipped
agreements, ``--events`` hand-made events in 2016 and their verdicts, an admin key) with
uvicorn on 127.0.0.1 in a process of its own, and this process, as the client, measures:

* **bodies**: a 200 MB chunked body sent to every route that takes one (stopping as soon as
  an answer can be read): the bytes sent by then, the answer, and the server's peak resident
  memory (``VmHWM``) before, after the small bodies (agreements ... settings) and after the
  upload (``POST /ingest``, accepted up to 256 MiB and read by the adapter: one 200 MB line);
* **key checks**: the median time of ``GET /settings`` with an unknown key id and with a known
  id and a wrong secret (``--keys`` of each, interleaved); the server's failed-check limit is
  lifted where it has one, so that every guess is checked;
* **anonymous effects**: ``--effects`` requests for ``GET /agreements/{id}/effect`` without a
  key, each with a new ``seed``: how many were computed (200) or refused (429), and the CPU
  seconds the server spent on them (``/proc/<pid>/stat``).

Run: ``python benchmarks/hostile_api.py [--events 3000] [--effects 40]``.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

_SERVER = """
import inspect, sys, uvicorn
from trucewatch.serve.api import create_app
import trucewatch.serve.api as api
db, port = sys.argv[1], int(sys.argv[2])
wanted = {"write_rate": 1000.0, "write_burst": 10**6}
if hasattr(api, "Limits"):  # no failed-check limit: every guess is checked
    wanted["limits"] = api.Limits(key_failures=10**6, key_failure_rate=1000.0)
known = inspect.signature(create_app).parameters
app = create_app(db, **{k: v for k, v in wanted.items() if k in known})
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
"""
HOSTILE = 200 * 2**20
ALEPPO = "aleppo-calm-2016-05"
BODY_ROUTES = [
    ("POST", "/agreements", "application/yaml"),
    ("PUT", f"/agreements/{ALEPPO}", "application/yaml"),
    ("POST", f"/agreements/{ALEPPO}/extensions", "application/json"),
    ("POST", f"/agreements/{ALEPPO}/end", "application/json"),
    ("POST", "/subscriptions", "application/json"),
    ("PUT", "/settings", "application/json"),
    ("POST", "/ingest/ucdp-ged?filename=big.csv", "text/csv"),
]


def _build_store(path: Path, events: int) -> str:
    from live_server import fill_store, handmade_event
    from trucewatch.store import Store

    with Store.open(path) as store:
        fill_store(
            store, [handmade_event(i % 180) for i in range(events)], label="b", adapter="b.v1"
        )
        return store.create_api_key("admin", "bench")[1]


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])  # kB
    raise KeyError(field)


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _hostile_body(port: int, method: str, path: str, kind: str, key: str) -> tuple[int, str]:
    """Send a 200 MB chunked body until an answer can be read: (bytes sent, status line)."""
    chunk = b"x" * 65536
    frame = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=300) as sock:
        sock.sendall(
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {kind}\r\n"
            f"X-API-Key: {key}\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
        )
        sent, pending = 0, b""
        try:
            while sent < HOSTILE:
                readable, _, _ = select.select([sock], [sock], [], 300)
                if readable:
                    break
                if not pending:
                    pending, sent = frame, sent + len(chunk)
                pending = pending[sock.send(pending) :]
            else:
                sock.sendall(b"0\r\n\r\n")
            answer = sock.recv(200).split(b"\r\n")[0].decode()
        except OSError as exc:
            answer = f"connection error: {exc}"
    return sent, answer


def _measure(python: str, db: Path, key: str, args: argparse.Namespace) -> dict[str, str]:
    port = _free_port()
    server = subprocess.Popen([python, "-c", _SERVER, str(db), str(port)])
    out: dict[str, str] = {}
    try:
        url = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=url, timeout=600) as client:
            for _ in range(600):
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            client.get("/events")
            out["peak RSS before bodies, MB"] = f"{_status(server.pid, 'VmHWM') / 1024:.0f}"
            for method, path, kind in BODY_ROUTES:
                sent, answer = _hostile_body(port, method, path, kind, key)
                out[f"{method} {path.split('?')[0]}: MB sent, answer"] = (
                    f"{sent / 2**20:.1f}, {answer.removeprefix('HTTP/1.1 ')}"
                )
                if path.startswith("/settings"):  # the last of the small bodies
                    peak = _status(server.pid, "VmHWM") / 1024
                    out["peak RSS after the small bodies, MB"] = f"{peak:.0f}"
            peak = _status(server.pid, "VmHWM") / 1024
            out["peak RSS after the upload too, MB"] = f"{peak:.0f}"
            unknown = "tw_00000000_" + key.split("_", 2)[2]
            wrong = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
            times: dict[str, list[float]] = {"unknown key id": [], "known id, wrong secret": []}
            for _ in range(args.keys):
                for name, text in (("unknown key id", unknown), ("known id, wrong secret", wrong)):
                    start = time.perf_counter()
                    status = client.get("/settings", headers={"X-API-Key": text}).status_code
                    times[name].append(time.perf_counter() - start)
                    assert status == 401, status
            for name, values in times.items():
                out[f"key check, {name}: median ms"] = f"{statistics.median(values) * 1000:.1f}"
            statuses: dict[int, int] = {}
            cpu = _cpu(server.pid)
            start = time.perf_counter()
            for seed in range(args.effects):
                reply = client.get(f"/agreements/{ALEPPO}/effect", params={"seed": seed + 1})
                statuses[reply.status_code] = statuses.get(reply.status_code, 0) + 1
            out[f"{args.effects} anonymous effects, new seeds: answers"] = ", ".join(
                f"{n} × {s}" for s, n in sorted(statuses.items())
            )
            out["... server CPU s (wall s)"] = (
                f"{_cpu(server.pid) - cpu:.1f} ({time.perf_counter() - start:.1f})"
            )
    finally:
        server.terminate()
        server.wait(timeout=60)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--baseline-python", default="/work/main/.venv/bin/python")
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--effects", type=int, default=40)
    args = parser.parse_args()
    pythons = {"this": args.python}
    if args.baseline_python and Path(args.baseline_python).exists():
        pythons = {"baseline": args.baseline_python, **pythons}
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "hostile.duckdb"
        key = _build_store(store, args.events)
        results = {}
        for name, python in pythons.items():
            copy = Path(folder) / f"{name}.duckdb"
            shutil.copy(store, copy)
            results[name] = _measure(python, copy, key, args)
    print(f"load average {os.getloadavg()[0]:.1f}; {args.events} events")
    rows = list(next(iter(results.values())))
    width = max(len(r) for r in rows)
    print(f"{'':{width}}  " + "  ".join(f"{n:>28}" for n in results))
    for row in rows:
        print(f"{row:{width}}  " + "  ".join(f"{results[n].get(row, ''):>28}" for n in results))


if __name__ == "__main__":
    main()
