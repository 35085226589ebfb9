"""trucewatch.watch.run_once: feeds pulled when due, their files ingested, the cursor saved only
after the data, verdicts refreshed and alerts delivered by a real SMTP server; failures saved
with back-off, a bug in one feed never stopping the others, a crash adding nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fake_feed import KIND, fail_with, ged_page, heal
from watch_fixture import Smtp

from trucewatch.store import Store
from trucewatch.store.feed_state import feed_state
from trucewatch.store.outbox import outbox_rows
from trucewatch.store.shared import SharedStore
from trucewatch.watch import backoff, follow, run_once
from trucewatch.watch import runner as runner_module

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _follow(db: Path, source: Path, name: str = KIND, every_s: int | None = None) -> None:
    with Store.open(db) as store:
        follow(store, KIND, name=name, every_s=every_s, options={"source": str(source)}, now=NOW)


def _events(db: Path) -> int:
    with Store.open(db, read_only=True) as store:
        return store.count_events()


def test_a_round_pulls_every_page_ingests_saves_the_cursor_and_mails_the_alerts(
    watch_db: Path, tmp_path: Path, smtp: Smtp
) -> None:
    source, spool = tmp_path / "source", tmp_path / "spool"
    ged_page(source, 1, 910_001)
    ged_page(source, 2, 910_101)
    _follow(watch_db, source)
    with Store.open(watch_db) as store:
        run = run_once(store, spool=spool, now=NOW, settings=smtp.settings)
        (feed,) = run.feeds
        assert (feed.state, feed.pulls, feed.files, feed.stored) == ("ok", 2, 2, 4)
        assert run.refreshed is not None and run.refreshed.queued > 0
        assert len(smtp.messages) == run.messages_sent == run.alerts_sent == run.refreshed.queued
        assert {r.status for r in outbox_rows(store)} == {"sent"}
        state = feed_state(store, KIND)
        assert state.cursor == {"pages": 2} and state.state == "ok"
        assert state.events_added == 4 and state.last_success_at == NOW
        assert state.next_due_at == NOW + timedelta(minutes=15)
        assert not [p for p in spool.rglob("*") if p.is_file()]  # nothing left in the spool
        # a minute later it is not due: nothing is pulled, nothing refreshed
        later = run_once(store, spool=spool, now=NOW + timedelta(minutes=1), settings=smtp.settings)
        assert later.feeds == () and later.refreshed is None
        # when due, it pulls from its cursor: nothing new
        due = run_once(store, spool=spool, now=NOW + timedelta(minutes=15), settings=smtp.settings)
        assert [(f.state, f.pulls, f.files, f.stored) for f in due.feeds] == [("ok", 1, 0, 0)]
    assert _events(watch_db) == 4  # the template holds no event: the 4 pulled
    assert len(smtp.messages) == run.messages_sent  # nothing sent twice


def test_a_new_page_is_pulled_at_the_next_due_round_and_alerted(
    watch_db: Path, tmp_path: Path, smtp: Smtp
) -> None:
    source, spool = tmp_path / "source", tmp_path / "spool"
    ged_page(source, 1, 910_201)
    _follow(watch_db, source)
    with Store.open(watch_db) as store:
        first = run_once(store, spool=spool, now=NOW, settings=smtp.settings)
        ged_page(source, 2, 910_301)
        second = run_once(
            store, spool=spool, now=NOW + timedelta(minutes=15), settings=smtp.settings
        )
        assert [f.stored for f in second.feeds] == [2]
        assert feed_state(store, KIND).cursor == {"pages": 2}
        events = {r.event_id for r in outbox_rows(store)}
    assert {"ucdp_ged:910301", "ucdp_ged:910302"} <= events
    assert len(smtp.messages) == first.messages_sent + second.messages_sent
    assert second.messages_sent > 0


def test_a_feed_error_is_saved_and_backs_off_while_the_other_feeds_run(
    watch_db: Path, tmp_path: Path, smtp: Smtp
) -> None:
    broken, good, spool = tmp_path / "broken", tmp_path / "good", tmp_path / "spool"
    ged_page(broken, 1, 920_001)
    ged_page(good, 1, 920_101)
    fail_with(broken, state="token expired")
    _follow(watch_db, broken, name="broken")
    _follow(watch_db, good, name="good")
    with Store.open(watch_db) as store:
        run = run_once(store, spool=spool, now=NOW, settings=smtp.settings)
        runs = {f.name: f for f in run.feeds}
        assert (runs["good"].state, runs["good"].stored) == ("ok", 2)
        assert runs["broken"].state == "token expired"
        assert "set TRUCEWATCH_FAKE_TOKEN again" in (runs["broken"].detail or "")
        state = feed_state(store, "broken")
        assert (state.state, state.failures, state.cursor, state.last_success_at) == (
            "token expired", 1, None, None)  # fmt: skip
        assert state.next_due_at == NOW + timedelta(seconds=30)
        # not due before its back-off is over; then 60 s, doubled
        assert run_once(store, spool=spool, now=NOW + timedelta(seconds=20)).feeds == ()
        at = NOW + timedelta(seconds=31)
        again = run_once(store, spool=spool, now=at, settings=smtp.settings)
        assert [f.name for f in again.feeds] == ["broken"]
        assert feed_state(store, "broken").next_due_at == at + timedelta(seconds=60)
        # a source that says how long to wait (Retry-After) is believed
        fail_with(broken, state="rate limited", retry_after=600)
        at += timedelta(seconds=60)
        run_once(store, spool=spool, now=at, settings=smtp.settings)
        state = feed_state(store, "broken")
        assert (state.state, state.failures) == ("rate limited", 3)
        assert state.next_due_at == at + timedelta(seconds=600)
        heal(broken)
        at += timedelta(seconds=600)
        healed = run_once(store, spool=spool, now=at, settings=smtp.settings)
        assert [(f.name, f.state, f.stored) for f in healed.feeds] == [("broken", "ok", 2)]
        state = feed_state(store, "broken")
        assert (state.state, state.failures, state.detail) == ("ok", 0, None)


def test_a_bug_in_a_feed_is_recorded_as_unavailable_and_the_other_feeds_still_run(
    watch_db: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    buggy, good, spool = tmp_path / "buggy", tmp_path / "good", tmp_path / "spool"
    ged_page(good, 1, 930_001)
    fail_with(buggy, bug="list index out of range")
    _follow(watch_db, buggy, name="a-buggy")  # first by name: runs before the good one
    _follow(watch_db, good, name="b-good")
    with Store.open(watch_db) as store:
        run = run_once(store, spool=spool, now=NOW, deliver=False)
        runs = {f.name: f for f in run.feeds}
        assert runs["b-good"].state == "ok" and runs["b-good"].stored == 2
        assert runs["a-buggy"].state == "unavailable"
        assert "RuntimeError: list index out of range" in (runs["a-buggy"].detail or "")
        assert feed_state(store, "a-buggy").state == "unavailable"
    assert "Traceback" in caplog.text or any(r.exc_info for r in caplog.records)


class Killed(BaseException):
    """The process dying (as a kill would) between the ingest and the cursor's save."""


def test_a_crash_after_the_ingest_before_the_cursor_adds_nothing_twice_and_alerts_once(
    watch_db: Path, tmp_path: Path, smtp: Smtp, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, spool = tmp_path / "source", tmp_path / "spool"
    ged_page(source, 1, 940_001, n=3)
    _follow(watch_db, source)
    shared = SharedStore(watch_db, linger=0)
    saved = runner_module.save_feed_success

    def dies(*args: object, **kwargs: object) -> None:
        raise Killed

    monkeypatch.setattr(runner_module, "save_feed_success", dies)
    with pytest.raises(Killed):
        run_once(shared, spool=spool, now=NOW, settings=smtp.settings)
    monkeypatch.setattr(runner_module, "save_feed_success", saved)
    with Store.open(watch_db, read_only=True) as store:
        assert store.count_events() == 3  # the data was committed ...
        state = feed_state(store, KIND)
        assert (state.cursor, state.state) == (None, "never")  # ... the cursor was not
    assert smtp.messages == []
    leftover = spool / KIND / "page-0001.csv"  # what a kill -9 leaves in the spool
    leftover.parent.mkdir(parents=True)
    leftover.write_text("left by the killed process")
    again = run_once(shared, spool=spool, now=NOW + timedelta(seconds=5), settings=smtp.settings)
    (feed,) = again.feeds
    assert (feed.state, feed.files, feed.stored) == ("ok", 1, 0)  # the same page: nothing new
    assert again.refreshed is not None and again.refreshed.queued > 0
    assert not leftover.exists()
    later = run_once(shared, spool=spool, now=NOW + timedelta(minutes=20), settings=smtp.settings)
    assert later.messages_sent == 0
    with Store.open(watch_db, read_only=True) as store:
        assert store.count_events() == 3
        assert feed_state(store, KIND).cursor == {"pages": 1}
        rows = outbox_rows(store)
    assert len(smtp.messages) == len(rows) == again.messages_sent > 0  # each alert sent once
    assert len({(r.subscription_id, r.event_id, r.agreement_id) for r in rows}) == len(rows)


def test_a_round_named_feeds_only_and_force_pulls_them_even_if_not_due(
    watch_db: Path, tmp_path: Path
) -> None:
    one, two, spool = tmp_path / "one", tmp_path / "two", tmp_path / "spool"
    ged_page(one, 1, 950_001)
    ged_page(two, 1, 950_101)
    _follow(watch_db, one, name="one")
    _follow(watch_db, two, name="two")
    with Store.open(watch_db) as store:
        run = run_once(store, spool=spool, now=NOW, feeds=["one"], deliver=False)
        assert [f.name for f in run.feeds] == ["one"]
        assert feed_state(store, "two").state == "never"
        assert run_once(store, spool=spool, now=NOW, feeds=["one"], deliver=False).feeds == ()
        forced = run_once(store, spool=spool, now=NOW, feeds=["one"], force=True, deliver=False)
        assert [(f.name, f.pulls) for f in forced.feeds] == [("one", 1)]


def test_back_off_doubles_from_30_seconds_up_to_the_interval_or_takes_retry_after() -> None:
    assert [backoff(n, 900) for n in range(6)] == [30, 60, 120, 240, 480, 900]
    assert backoff(3, 60) == 60
    assert backoff(0, 900, retry_after=3600) == 3600


def test_two_watchers_of_one_store_take_turns_to_pull(watch_db: Path, tmp_path: Path) -> None:
    from trucewatch.errors import StoreBusyError
    from trucewatch.store.lock import job_turn

    ged_page(tmp_path / "source", 1, 990_001)
    _follow(watch_db, tmp_path / "source")
    other = SharedStore(watch_db, linger=0, wait=0.2)
    with job_turn(watch_db, "watch"), pytest.raises(StoreBusyError, match="watch"):
        run_once(other, spool=tmp_path / "spool", now=NOW, deliver=False)
    with Store.open(watch_db, read_only=True) as store:
        assert feed_state(store, KIND).state == "never"  # nothing pulled meanwhile
    run = run_once(other, spool=tmp_path / "spool", now=NOW, deliver=False)
    assert [f.stored for f in run.feeds] == [2]
