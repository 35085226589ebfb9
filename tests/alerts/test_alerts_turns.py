"""Alert runs of several processes on one store (now that a running server no longer locks
the command line out): one delivers at a time, so no message is ever sent twice."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from alerts_fixture import Receiver

from machine import scaled
from trucewatch.publish.alerts import subscribe
from trucewatch.store import Store


def test_two_alert_runs_at_once_send_each_message_once(db: Path, receiver: Receiver) -> None:
    with Store.open(db) as store:
        subscribe(
            store, name="newsroom", channel="webhook", target=receiver.url, include_existing=True
        )
    receiver.on_request = lambda _got: time.sleep(0.05)  # deliveries overlap in time
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "trucewatch", "--wait", "300", "alerts", "run", "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=scaled(600)) for run in runs]
    for run, (_out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
    sent = Counter(got.headers["x-trucewatch-delivery"] for got in receiver.received)
    assert sent and max(sent.values()) == 1, sent.most_common(3)
    with Store.open(db, read_only=True) as store:
        statuses = Counter(
            row[0] for row in store.conn.execute("SELECT status FROM alert_outbox").fetchall()
        )
    assert set(statuses) == {"sent"}
    assert sum(statuses.values()) == len(sent)
