"""A month in the life of a monitor: 30 simulated days of an ACLED-like source (new events,
edits in place, deletions) pulled every day through the real ACLED feed from a fake ACLED API
on 127.0.0.1, by the watch runner, into a store with the shipped agreements and two webhook
subscriptions (immediate and a daily digest) served by a real receiver.

At the end the store equals a one-shot ingest of the source's final data (events and verdicts),
every alert was sent exactly once, alerts of deleted events not yet sent were withdrawn, and a
process killed at random moments (``trucewatch watch --once`` killed with SIGKILL and run again)
loses nothing and duplicates nothing (over fewer days: each day is a new process)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_apis import ACLED_PASSWORD, ACLED_USER, FakeAcled

from alerts.alerts_fixture import Receiver, start_receiver
from live_server import running
from machine import scaled
from month_world import DAYS, World, export_csv
from trucewatch.agreements import example_paths
from trucewatch.catalog import add_agreement_file
from trucewatch.jobs import after_write, ingest_file
from trucewatch.publish.alerts import DeliverySettings, allow_webhook_network, subscribe
from trucewatch.store import Store
from trucewatch.store.feed_state import add_feed, feed_state
from trucewatch.store.outbox import outbox_rows
from trucewatch.watch.runner import run_once

pytestmark = pytest.mark.slow

#: the columns two stores must agree on (not when or from which file an event was stored)
EVENT_COLUMNS = (
    "event_id, source, source_row_id, adapter, time_start, time_end, date_precision, timezone, "
    "lat, lon, radius_km, location_precision, place, country, admin1, admin2, admin3, side_a, "
    "side_b, perpetrator, target, associated_a, associated_b, event_type, source_event_type, "
    "fatalities_low, fatalities_best, fatalities_high, notes"
)
VERDICT_COLUMNS = (
    "event_id, agreement_id, window_id, verdict, space, time, side_a_status, side_b_status, "
    "reasons, distance_km, share_inside, contested_with"
)


@pytest.fixture
def acled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[tuple[FakeAcled, str]]:
    """The fake ACLED API, running, and the account's credentials in the environment."""
    fake = FakeAcled([])
    monkeypatch.setenv("TRUCEWATCH_ACLED_USERNAME", ACLED_USER)
    monkeypatch.setenv("TRUCEWATCH_ACLED_PASSWORD", ACLED_PASSWORD)
    monkeypatch.setenv("TRUCEWATCH_FEEDS_CACHE", str(tmp_path / "tokens"))
    (tmp_path / "tokens").mkdir(mode=0o700)
    with running(fake.app) as url:
        yield fake, url


@pytest.fixture
def hook() -> Iterator[Receiver]:
    receiver, server = start_receiver()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def _publish(fake: FakeAcled, world: World) -> None:
    """The source as of the world's day: its live events and its deletions."""
    fake.events = {row.event_id: row.record() for row in world.rows.values()}
    fake.deleted = [
        {"event_id_cnty": event_id, "deleted_timestamp": str(at)}
        for event_id, at in sorted(world.deleted.items())
    ]


def _monitor(path: Path, url: str, hook: Receiver, *, digest: bool = True) -> None:
    """A store with the shipped agreements, the ACLED feed and the desk's subscriptions."""
    with Store.open(path) as store:
        for agreement in example_paths():
            add_agreement_file(store, agreement)
        allow_webhook_network(store, "127.0.0.0/8")
        subscribe(store, name="desk", channel="webhook", target=hook.url)
        if digest:
            subscribe(
                store,
                name="daily",
                channel="webhook",
                target=hook.url.replace("/hook", "/daily"),
                agreement_ids=["syria-coh-2016"],
                mode="digest",
            )
        add_feed(store, "acled", "acled", "acled_api.v1", {"base_url": url}, 86_400)


def _one_shot(path: Path, world: World, folder: Path) -> None:
    """The source's final data ingested at once, then judged."""
    with Store.open(path) as store:
        for agreement in example_paths():
            add_agreement_file(store, agreement)
        records = [row.record() for row in world.rows.values()]
        ingest_file(store, "acled", export_csv(records, folder / "final.csv"))
        after_write(store)


def _rows(path: Path, sql: str) -> Counter[tuple[Any, ...]]:
    with Store.open(path, read_only=True) as store:
        return Counter(tuple(map(repr, row)) for row in store.conn.execute(sql).fetchall())


def _assert_same_store(month: Path, once: Path) -> None:
    events = f"SELECT {EVENT_COLUMNS} FROM events"
    verdicts = f"SELECT {VERDICT_COLUMNS} FROM verdicts"
    for sql in (events, verdicts):
        got, want = _rows(month, sql), _rows(once, sql)
        assert sum(want.values()) > 0
        assert got - want == Counter() and want - got == Counter(), sql


def _alerts(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The alerts of one webhook message (one, or a digest's)."""
    return list(body["alerts"])


def _key(alert: dict[str, Any]) -> tuple[str, str]:
    return alert["event_id"], alert["agreement_id"]


def test_a_month_of_daily_pulls_equals_one_ingest_and_alerts_each_verdict_once(
    acled: tuple[FakeAcled, str], hook: Receiver, tmp_path: Path
) -> None:
    fake, url = acled
    world = World(seed=16)
    month = tmp_path / "month.duckdb"
    _monitor(month, url, hook)
    withdrawn_seen = 0
    for _ in range(DAYS):
        world.advance()
        _publish(fake, world)
        with Store.open(month) as store:
            run = run_once(store, spool=tmp_path / "spool", now=world.now(),
                           settings=DeliverySettings())  # fmt: skip
            assert [r.state for r in run.feeds] == ["ok"], str(run)
            withdrawn_seen = sum(1 for row in outbox_rows(store) if row.status == "withdrawn")
    once = tmp_path / "once.duckdb"
    _one_shot(once, world, tmp_path)
    _assert_same_store(month, once)

    with Store.open(month, read_only=True) as store:
        state = feed_state(store, "acled")
        rows = outbox_rows(store)
    assert state.state == "ok" and state.events_deleted > 0
    deleted = {f"acled:{event_id}" for event_id in world.deleted}
    # every alert sent exactly once, each with its own delivery id
    immediate = [_alerts(r.json()) for r in hook.received if r.path == "/hook"]
    keys = Counter(_key(a) for message in immediate for a in message)
    assert keys and max(keys.values()) == 1
    ids = Counter(r.headers["x-trucewatch-delivery"] for r in hook.received)
    assert max(ids.values()) == 1
    sent = {(r.event_id, r.agreement_id) for r in rows if r.status == "sent"}
    assert set(keys) <= sent
    # the daily digest: alerts of events deleted before it went out were withdrawn, not sent
    digests = [a for r in hook.received if r.path == "/daily" for a in _alerts(r.json())]
    assert digests and max(Counter(_key(a) for a in digests).values()) == 1
    withdrawn = {r.event_id for r in rows if r.status == "withdrawn"}
    assert (
        withdrawn
        and withdrawn <= deleted
        and withdrawn_seen == len([r for r in rows if r.status == "withdrawn"])
    )
    assert not {_key(a)[0] for a in digests} & withdrawn
    # nothing is left pending but the last day's digest
    assert all(r.digest_day is not None for r in rows if r.status == "pending")


_KILL_SEED = 1606
#: days of the killed run: each is a new process (~3 s of start-up), so fewer than a month
KILLED_DAYS = 10


def _watch(db: Path, env: dict[str, str], kill_after: float | None) -> int:
    """``trucewatch watch --once --feed acled`` in a new process, killed (SIGKILL) after
    ``kill_after`` seconds if it is still running; its exit code."""
    command = [sys.executable, "-m", "trucewatch", "watch", "--once", "--feed", "acled",
               "--db", str(db)]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if kill_after is not None:
        try:
            process.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
    out, err = process.communicate(timeout=scaled(300))
    if process.returncode not in (0, -signal.SIGKILL):
        raise AssertionError(f"watch exited {process.returncode}: {err.decode()}{out.decode()}")
    return process.returncode


def test_a_month_killed_at_random_moments_loses_nothing_and_sends_nothing_twice(
    acled: tuple[FakeAcled, str], hook: Receiver, tmp_path: Path
) -> None:
    fake, url = acled
    world = World(seed=17)
    month = tmp_path / "month.duckdb"
    _monitor(month, url, hook, digest=False)
    env = dict(os.environ)  # the test's home, the account and the token cache
    chance = random.Random(_KILL_SEED)  # seeded: the kills are the same every run
    kills = 0
    for _ in range(KILLED_DAYS):
        world.advance()
        _publish(fake, world)
        if chance.random() < 0.6:  # killed somewhere from start-up to delivery
            kills += _watch(month, env, chance.uniform(0.3, 5.0)) == -signal.SIGKILL
        while _watch(month, env, None) != 0:  # the run after a kill finishes the day
            time.sleep(0.1)
    assert kills > 0
    once = tmp_path / "once.duckdb"
    _one_shot(once, world, tmp_path)
    _assert_same_store(month, once)
    with Store.open(month, read_only=True) as store:
        rows = outbox_rows(store)
    # every queued alert was delivered; a repeat only after a kill between sending and marking,
    # and then with the same delivery id (the receiver's idempotency key)
    assert rows and all(r.status in ("sent", "withdrawn") for r in rows)
    by_id: dict[str, set[tuple[str, str]]] = {}
    for received in hook.received:
        for alert in _alerts(received.json()):
            by_id.setdefault(received.headers["x-trucewatch-delivery"], set()).add(_key(alert))
    assert all(len(keys) == 1 for keys in by_id.values())
    delivered = Counter(next(iter(keys)) for keys in by_id.values())
    assert max(delivered.values()) == 1
    assert {(r.event_id, r.agreement_id) for r in rows if r.status == "sent"} == set(delivered)
    assert json.dumps(sorted(delivered)) != "[]"
