"""A real `trucewatch serve` (with its alert loop) and real command-line processes on one store:
reads work beside the server, writes take their turn, the API ingests and refreshes while the
dashboard reads, two writers at once both succeed (one waits, saying for whom), and a writer
killed with SIGKILL frees its turn and leaves the store whole."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from live_server import create_keys, fill_store, free_port, handmade_event, holding, wait_until
from machine import scaled
from trucewatch.store import Store
from trucewatch.store.lock import LOCK_SUFFIX

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "ucdp_ged_good.csv"
#: rows of the big file: its write takes long enough to be caught holding the store
BIG_ROWS = 40_000


@pytest.fixture
def store_file(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    db = tmp_path / "monitor.duckdb"
    with Store.open(db) as store:
        fill_store(store, [handmade_event(i) for i in range(30)], label="h", adapter="h.v1")
        keys = create_keys(store)
    return db, keys


def _cli(*args: str, db: Path, wait: str = "120") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trucewatch", "--wait", wait, *args, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=scaled(300),
    )


@contextmanager
def started(*args: str, db: Path) -> Iterator[subprocess.Popen[str]]:
    """A command running in the background (killed at the end if it still runs)."""
    with subprocess.Popen(
        [sys.executable, "-m", "trucewatch", "--wait", "300", *args, "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            yield process
        finally:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGCONT)
                process.kill()
                process.communicate(timeout=scaled(60))


@contextmanager
def serving(db: Path) -> Iterator[httpx.Client]:
    """`trucewatch serve` on a free port over ``db`` (alerts every half second)."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "trucewatch",
            "serve",
            "--port",
            str(port),
            "--db",
            str(db),
            "--alerts-every",
            "0.5",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=scaled(120)) as client:
            deadline = time.monotonic() + scaled(120)
            while True:
                try:
                    client.get("/health")
                    break
                except httpx.TransportError:
                    assert server.poll() is None, server.stderr.read() if server.stderr else ""
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.3)
            yield client
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=scaled(60))
        assert "Traceback" not in errors, errors


@pytest.fixture
def big_ged(write_ged, ged_row) -> Path:
    """A UCDP GED file of BIG_ROWS events (ids from 100000), none of them in GOOD."""
    rows = [ged_row(100_000 + i, "36.2", f"2016-05-{1 + i % 28:02d}") for i in range(BIG_ROWS)]
    return write_ged(rows, "big.csv")


def _holds_the_turn(db: Path, pid: int) -> bool:
    lock = Path(f"{db}{LOCK_SUFFIX}")
    return lock.exists() and lock.read_text().startswith(f"{pid} ")


def _total(client: httpx.Client, url: str, **params: str) -> int:
    reply = client.get(url, params={"limit": 1, **params})
    assert reply.status_code == 200, reply.text
    return int(reply.json()["total"])


def test_cli_reads_and_writes_work_while_serve_runs(store_file) -> None:
    db, _ = store_file
    with serving(db) as client:
        assert _total(client, "/events") == 30  # the server has read the store (its lease)
        verdicts_before = _total(client, "/verdicts")
        listed = _cli("events", "list", "-f", "json", db=db)
        assert listed.returncode == 0, listed.stderr
        assert len(listed.stdout.splitlines()) == 30
        agreements = _cli("agreements", "list", "-f", "json", db=db)
        assert agreements.returncode == 0, agreements.stderr
        assert "aleppo-calm-2016-05" in agreements.stdout
        judged = _cli("verdicts", "--no-update", "-f", "json", db=db)
        assert judged.returncode == 0, judged.stderr
        assert judged.stdout.strip()
        ingested = _cli("ingest", "ucdp-ged", str(GOOD), db=db)
        assert ingested.returncode == 0, ingested.stderr
        stored = _total(client, "/events", source="ucdp_ged")
        assert stored > 0 and _total(client, "/events") == 30 + stored  # no stale page index
        updated = _cli("verdicts", "-f", "json", db=db)
        assert updated.returncode == 0, updated.stderr
        assert _total(client, "/verdicts") > verdicts_before  # no stale verdict index
        assert client.get("/health").status_code == 200


def test_api_ingest_and_refresh_while_the_dashboard_reads(store_file) -> None:
    db, keys = store_file
    analyst = {"Authorization": f"Bearer {keys['analyst']}"}
    with serving(db) as client:
        statuses: list[int] = []
        stop = threading.Event()

        def dashboard() -> None:
            while not stop.is_set():
                for url in ("/events", "/agreements", "/map/events", "/verdicts"):
                    statuses.append(client.get(url, params={"limit": 100}).status_code)

        reader = threading.Thread(target=dashboard)
        reader.start()
        try:
            wait_until(lambda: len(statuses) >= 8, "the dashboard's first reads")
            verdicts_before = _total(client, "/verdicts")
            upload = client.post(
                "/ingest/ucdp-ged",
                params={"filename": GOOD.name},
                content=GOOD.read_bytes(),
                headers=analyst,
            )
            assert upload.status_code == 201, upload.text
            refresh = client.post("/verdicts/refresh", headers=analyst)
            assert refresh.status_code == 200, refresh.text
            reads = len(statuses)
            wait_until(lambda: len(statuses) >= reads + 8, "reads after the writes")
        finally:
            stop.set()
            reader.join(timeout=scaled(120))
        assert set(statuses) == {200}, statuses
        assert _total(client, "/events", source="ucdp_ged") == upload.json()["stored"] > 0
        # the new events judged, by the ingest's own refresh or — between the write's turn
        # and the refresh's — by the server's alert schedule (it then wrote them, and the
        # ingest's refresh found them up to date): nothing left after
        assert upload.json()["refresh"]["judged"] is True
        assert _total(client, "/verdicts") > verdicts_before
        assert refresh.json()["verdicts_written"] == 0
    listed = _cli("events", "list", "--source", "ucdp_ged", "-f", "json", db=db, wait="0")
    assert listed.returncode == 0, listed.stderr  # the server let the store go when it stopped
    assert {json.loads(line)["prov_file"] for line in listed.stdout.splitlines()} == {
        f"upload:{GOOD.name}"
    }


def test_two_cli_writers_at_once_both_succeed_one_waiting_with_the_message(
    store_file, big_ged: Path
) -> None:
    db, _ = store_file
    with (
        serving(db) as client,
        started("ingest", "ucdp-ged", str(big_ged), db=db) as first,
    ):
        wait_until(lambda: _holds_the_turn(db, first.pid), "the first writer's turn", 300)
        os.kill(first.pid, signal.SIGSTOP)  # caught holding the store: it keeps it, stopped
        assert _holds_the_turn(db, first.pid)
        with started("ingest", "ucdp-ged", str(GOOD), db=db) as second:
            assert second.stderr is not None
            message = second.stderr.readline()
            os.kill(first.pid, signal.SIGCONT)
            out_second, err_second = second.communicate(timeout=scaled(300))
        out_first, err_first = first.communicate(timeout=scaled(300))
        # it waits for the first writer, or behind the server's alert run that waits for it
        assert re.search(
            rf"store {re.escape(str(db))} is busy \((written by PID {first.pid}, trucewatch "
            r"ingest|PID \d+, trucewatch serve, is waiting to write)\): waiting up to 300 s",
            message,
        ), message
        assert first.returncode == 0, err_first
        assert second.returncode == 0, err_second
        assert f"{BIG_ROWS:,} events added" in out_first
        assert "events added" in out_second
        ged = _total(client, "/events", source="ucdp_ged")
        assert ged > BIG_ROWS and _total(client, "/events") == 30 + ged


def test_a_cli_writer_killed_holding_the_store_frees_it_and_leaves_it_whole(
    store_file, big_ged: Path
) -> None:
    db, _ = store_file
    with serving(db) as client:
        with started("ingest", "ucdp-ged", str(big_ged), db=db) as writer:
            wait_until(lambda: _holds_the_turn(db, writer.pid), "the writer's turn", 300)
            writer.send_signal(signal.SIGKILL)
            writer.communicate(timeout=scaled(60))
        total = _total(client, "/events")
        assert total in (30, 30 + BIG_ROWS)  # none or all of the file
        with Store.open(db, read_only=True, wait=60) as store:
            ingests = store.ingests()
            assert sum(i.stored for i in ingests) == store.count_events() == total
        again = _cli("ingest", "ucdp-ged", str(GOOD), db=db)
        assert again.returncode == 0, again.stderr
        assert _total(client, "/events") > total


def test_a_command_that_waits_too_long_stops_with_the_holder_and_the_fix(store_file) -> None:
    db, _ = store_file
    with holding(db, "write") as writer:
        result = _cli("events", "list", db=db, wait="0.5")
    assert result.returncode == 2
    program = Path(sys.executable).name  # "python", or "python3" when run by .venv/bin/pytest
    assert f"is busy (written by PID {writer.pid}, {program} -c): waiting up to 0.5 s..." in (
        result.stderr
    )
    assert f"still busy after 0.5 s (written by PID {writer.pid}" in result.stderr
    assert "(trucewatch --wait SECONDS, or TRUCEWATCH_WAIT)" in result.stderr
    assert "Traceback" not in result.stderr
