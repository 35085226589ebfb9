"""The watch loop: rounds on the schedule until stopped, `trucewatch watch --once` and `watch`
in real processes (SIGTERM stops it cleanly between steps), and `serve --watch`: the server
pulls the feeds by itself and the alerts go out by SMTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fake_feed import KIND, ged_page
from watch_fixture import Smtp

from live_server import running, wait_until
from machine import scaled
from trucewatch.serve.api import create_app
from trucewatch.store import Store
from trucewatch.store.feed_state import feed_state
from trucewatch.watch import follow, watch
from trucewatch.watch.loop import IDLE

HERE = Path(__file__).resolve().parent
#: the trucewatch command with the fake feed registered (it lives in the tests, not the package)
_CLI = (
    f"import sys; sys.path[:0] = [{str(HERE.parent)!r}, {str(HERE)!r}]; import fake_feed; "
    "from trucewatch.cli import main; sys.argv = ['trucewatch', *sys.argv[1:]]; main()"
)


def _follow(db: Path, source: Path) -> None:
    with Store.open(db) as store:
        follow(store, KIND, options={"source": str(source)})


def _state(db: Path) -> str:
    with Store.open(db, read_only=True, wait=scaled(30)) as store:
        return feed_state(store, KIND).state


def test_the_loop_runs_rounds_until_stopped_sleeping_until_the_next_feed_is_due(
    watch_db: Path, tmp_path: Path
) -> None:
    ged_page(tmp_path / "source", 1, 980_001)
    _follow(watch_db, tmp_path / "source")
    stop, slept = threading.Event(), []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 2:
            stop.set()

    with Store.open(watch_db) as store:
        rounds = watch(store, spool=tmp_path / "spool", stop=stop, sleep=sleep, deliver=False)
        state = feed_state(store, KIND)
    assert rounds == 2
    assert slept == [IDLE, IDLE]  # due again in 15 min: woken after IDLE to deliver retries
    assert state.state == "ok" and state.events_added == 2
    assert state.next_due_at is not None and state.last_success_at is not None
    assert state.next_due_at - state.last_success_at == timedelta(minutes=15)


def test_watch_once_in_a_process_pulls_ingests_and_mails_then_exits(
    watch_db: Path, tmp_path: Path, smtp: Smtp
) -> None:
    ged_page(tmp_path / "source", 1, 980_101)
    _follow(watch_db, tmp_path / "source")
    done = subprocess.run(
        [sys.executable, "-c", _CLI, "watch", "--once", "--db", str(watch_db)],
        env={**os.environ, **smtp.env},
        capture_output=True,
        text=True,
        timeout=scaled(120),
    )
    assert done.returncode == 0, done.stderr
    assert f"{KIND}: ok, 1 pull(s), 1 file(s): 2 events stored" in done.stdout
    assert "alerts queued:" in done.stdout and len(smtp.messages) > 0
    assert f"alerts: {len(smtp.messages)} message(s) sent" in done.stdout
    spool = watch_db.with_name(watch_db.name + ".spool")  # beside the store, emptied
    assert spool.is_dir() and not [p for p in spool.rglob("*") if p.is_file()]


def test_watch_once_exits_1_when_a_feed_fails(watch_db: Path, tmp_path: Path) -> None:
    from fake_feed import fail_with

    fail_with(tmp_path / "source", state="token missing")
    _follow(watch_db, tmp_path / "source")
    done = subprocess.run(
        [sys.executable, "-c", _CLI, "watch", "--once", "--no-deliver", "--db", str(watch_db)],
        capture_output=True,
        text=True,
        timeout=scaled(120),
    )
    assert done.returncode == 1, done.stderr
    assert f"{KIND}: token missing: {KIND}: token missing (401)" in done.stdout


def test_watch_stops_cleanly_on_sigterm(watch_db: Path, tmp_path: Path) -> None:
    ged_page(tmp_path / "source", 1, 980_201)
    _follow(watch_db, tmp_path / "source")
    process = subprocess.Popen(
        [sys.executable, "-c", _CLI, "watch", "--no-deliver", "--db", str(watch_db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: _state(watch_db) == "ok", "the first round", scaled(120))
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=scaled(60))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "stopped after 1 round(s)" in err
    assert f"{KIND}: ok, 1 pull(s)" in out


def test_serve_watch_pulls_the_feeds_by_itself_and_mails_the_alerts(
    watch_db: Path, tmp_path: Path, smtp: Smtp, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in smtp.env.items():
        monkeypatch.setenv(name, value)
    ged_page(tmp_path / "source", 1, 980_301)
    _follow(watch_db, tmp_path / "source")
    app = create_app(watch_db, watch_spool=tmp_path / "spool", alerts_every=None)
    with running(app) as url:

        def synced() -> bool:
            feeds = httpx.get(f"{url}/status").json()["feeds"]
            return feeds[0]["state"] == "ok"

        wait_until(synced, "the server's first pull", scaled(120))
        wait_until(lambda: len(smtp.messages) > 0, "the alerts by e-mail", scaled(60))
        answer = httpx.get(f"{url}/status").json()
    assert answer["feeds"][0]["events_added"] == 2
    assert answer["lines"][0].startswith(f"{KIND}: last synced just now (ok)")
