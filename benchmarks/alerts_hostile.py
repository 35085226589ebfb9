"""Benchmark: how long hostile webhook targets can hold an alerts run, beside plain httpx.

Four targets on 127.0.0.1 (allowed explicitly with ``allow_webhook_network``):

* ``hangs``: accepts the connection and never answers;
* ``drips``: answers a status line, then one header byte every ``--drip`` seconds, for ever;
* ``refuses``: a closed port;
* ``healthy``: answers 200.

First each hostile target gets one POST from ``post_webhook`` (one deadline per message,
``timeout`` 10 s, ``connect_timeout`` 5 s by default) and, beside it, from the obvious
alternative, ``httpx.post(url, timeout=10)`` (what deliveries used before issue 13): its
time-out applies to each socket operation, so the dripping target holds it until
``--cap`` seconds, when the benchmark gives up on it. Then one ``run_alerts`` with a
subscription to each target on the seeded demo store: how long it took, what the healthy
target got, and what each bad one's rows say.

Run: ``python benchmarks/alerts_hostile.py [--drip 0.5] [--cap 60]``.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from trucewatch.demo import run_demo
from trucewatch.errors import DeliveryError
from trucewatch.publish.alerts import allow_webhook_network, run_alerts, subscribe
from trucewatch.publish.alerts.deliver import post_webhook
from trucewatch.store import Store
from trucewatch.store.networks import parse_network
from trucewatch.store.outbox import outbox_rows


def _silent(drip: float | None, done: threading.Event) -> int:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)

    def talk(conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            if drip is None:
                done.wait()
                return
            conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            while not done.wait(drip):
                conn.sendall(b"a")
        except OSError:
            pass
        finally:
            conn.close()

    def serve() -> None:
        while not done.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=talk, args=(conn,), daemon=True).start()
        listener.close()

    threading.Thread(target=serve, daemon=True).start()
    return int(listener.getsockname()[1])


def _healthy() -> tuple[ThreadingHTTPServer, list[bytes]]:
    got: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            got.append(self.rfile.read(int(self.headers.get("content-length", "0"))))
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, got


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _one_post(url: str, cap: float) -> tuple[str, float, str, float]:
    allowed = [parse_network("127.0.0.0/8")]
    started = time.perf_counter()
    try:
        post_webhook(url, b"{}", secret="x" * 16, delivery_id="bench",
                     sent_at=datetime.now(UTC), allowed=allowed)  # fmt: skip
        ours = "200"
    except DeliveryError as exc:
        ours = str(exc).split(": ", 1)[-1]
    ours_s = time.perf_counter() - started
    result: list[str] = []

    def plain() -> None:
        try:
            result.append(str(httpx.post(url, content=b"{}", timeout=10).status_code))
        except httpx.HTTPError as exc:
            result.append(type(exc).__name__)

    started = time.perf_counter()
    thread = threading.Thread(target=plain, daemon=True)
    thread.start()
    thread.join(cap)
    plain_s = time.perf_counter() - started
    return ours, ours_s, (result[0] if result else f"still waiting after {cap:g} s"), plain_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drip", type=float, default=0.5, help="seconds between dripped bytes")
    parser.add_argument("--cap", type=float, default=60.0, help="give up on httpx after this")
    args = parser.parse_args()
    done = threading.Event()
    healthy, got = _healthy()
    targets = {
        "hangs": f"http://127.0.0.1:{_silent(None, done)}/hook",
        "drips": f"http://127.0.0.1:{_silent(args.drip, done)}/hook",
        "refuses": f"http://127.0.0.1:{_closed_port()}/hook",
        "healthy": f"http://127.0.0.1:{healthy.server_address[1]}/hook",
    }
    print(f"{'target':<9} {'post_webhook':<40} {'s':>6}   {'httpx.post(timeout=10)':<28} {'s':>6}")
    for name, url in targets.items():
        ours, ours_s, plain, plain_s = _one_post(url, args.cap)
        print(f"{name:<9} {ours[:40]:<40} {ours_s:6.2f}   {plain[:28]:<28} {plain_s:6.2f}")

    with (
        tempfile.TemporaryDirectory() as folder,
        Store.open(Path(folder) / "bench.duckdb") as store,
    ):
        run_demo(store)
        allow_webhook_network(store, "127.0.0.0/8")
        ids = {}
        for name, url in targets.items():
            sub = subscribe(store, name=name, channel="webhook", target=url,
                            include_existing=True, kinds=["violation"])  # fmt: skip
            ids[sub.subscription_id] = name
        got.clear()
        started = time.perf_counter()
        run = run_alerts(store)
        seconds = time.perf_counter() - started
        rows = outbox_rows(store.conn)
    print(f"\nrun_alerts over the demo store, one subscription per target: {seconds:.2f} s")
    print(f"  {run}")
    print(f"  healthy target received {len(got)} message(s)")
    for sid, name in ids.items():
        mine = [r for r in rows if r.subscription_id == sid]
        states = {s: sum(1 for r in mine if r.status == s) for s in ("sent", "failed", "pending")}
        errors = {r.last_error for r in mine if r.last_error}
        print(f"  {name:<8} {states}  {'; '.join(sorted(errors))}")
    done.set()
    healthy.shutdown()


if __name__ == "__main__":
    main()
