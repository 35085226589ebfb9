"""A process killed (SIGKILL) in the middle of a run loses no alert and repeats at most one."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from alerts_fixture import Received

from machine import scaled
from trucewatch.publish.alerts import run_alerts, subscribe
from trucewatch.store import Store
from trucewatch.store.outbox import outbox_counts, outbox_rows

_QUEUE_THEN_DIE = """
import os, signal, sys
from trucewatch.publish.alerts import queue_alerts
from trucewatch.store import Store
store = Store.open(sys.argv[1])
print(queue_alerts(store), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""

_RUN = """
import sys
from trucewatch.publish.alerts import run_alerts
from trucewatch.store import Store
with Store.open(sys.argv[1]) as store:
    run_alerts(store)
"""


def _subscribe(db: Path, url: str) -> None:
    with Store.open(db) as store:
        subscribe(
            store,
            name="crash",
            channel="webhook",
            target=url,
            agreement_ids=["aleppo-calm-2016-05"],
            include_existing=True,
        )


def test_killed_after_queueing_loses_nothing(db: Path, receiver) -> None:
    _subscribe(db, receiver.url)
    done = subprocess.run(
        [sys.executable, "-c", _QUEUE_THEN_DIE, str(db)], capture_output=True, timeout=scaled(120)
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    queued = int(done.stdout)
    with Store.open(db) as store:
        assert outbox_counts(store.conn)["pending"] == queued > 0
        run = run_alerts(store)
    assert run.queued == 0 and run.messages_sent == queued == len(receiver.received)


def test_killed_between_sending_and_marking_resends_once_with_the_same_delivery_id(
    db: Path, receiver
) -> None:
    _subscribe(db, receiver.url)
    started = threading.Event()
    holder: list[subprocess.Popen[bytes]] = []

    def kill_the_sender(got: Received) -> None:
        if len(receiver.received) == 1:  # the first message arrived: kill before answering
            started.wait(10)
            holder[0].send_signal(signal.SIGKILL)
            holder[0].wait(10)

    receiver.on_request = kill_the_sender
    with subprocess.Popen(
        [sys.executable, "-c", _RUN, str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as proc:
        holder.append(proc)
        started.set()
        _, err = proc.communicate(timeout=scaled(120))
    assert proc.returncode == -signal.SIGKILL, err.decode()
    receiver.on_request = None
    with Store.open(db) as store:
        rows = outbox_rows(store.conn)
        assert [r.status for r in rows] == ["pending"] * len(rows)  # none marked sent
        run = run_alerts(store)
        assert {r.status for r in outbox_rows(store.conn)} == {"sent"}
    ids = Counter(g.headers["x-trucewatch-delivery"] for g in receiver.received)
    assert set(ids) == {r.delivery_id for r in rows} and run.messages_sent == len(rows)
    assert sorted(ids.values()) == [1] * (len(rows) - 1) + [2]  # one repeat, same id
