"""Turns on a store across processes: readers together, one writer alone, everyone else waits
(and says for whom), a writer killed with SIGKILL frees its turn and leaves the store whole."""

from __future__ import annotations

import re
import signal
import threading
from pathlib import Path

import pytest

from live_server import handmade_event, holding, wait_until
from machine import scaled
from trucewatch.errors import StoreBusyError
from trucewatch.store import Store
from trucewatch.store.lock import describe_command


@pytest.fixture
def made(db_path: Path) -> Path:
    """A closed store holding three events."""
    with Store.open(db_path) as store:
        store.ingest_events([handmade_event(i) for i in range(3)], label="h", adapter="h.v1")
    return db_path


def _open_in_thread(db: Path, **options: object) -> tuple[threading.Thread, list[str], list]:
    """Store.open(db, **options) in a thread that counts the events and closes; returns the
    thread, the wait messages and what it got (a count or the exception)."""
    messages: list[str] = []
    got: list = []

    def run() -> None:
        try:
            with Store.open(db, on_wait=messages.append, **options) as store:  # type: ignore[arg-type]
                got.append(store.count_events())
        except Exception as exc:
            got.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, messages, got


def test_turns_a_writer_waits_for_a_writer_and_says_who_holds_the_store(made: Path) -> None:
    with holding(made, "write") as holder:
        thread, messages, got = _open_in_thread(made, wait=60)
        wait_until(lambda: messages, "the wait message")
        assert not got, "the second writer got in while the first held the store"
    thread.join(timeout=scaled(60))
    assert got == [3]
    pattern = rf"store {re.escape(str(made))} is busy \(written by PID {holder.pid}, python\S* -c\)"
    assert re.fullmatch(pattern + r": waiting up to 60 s\.\.\.", messages[0]), messages


def test_turns_waiting_longer_than_allowed_is_a_busy_error_naming_the_holder(made: Path) -> None:
    with holding(made, "write") as writer:
        with pytest.raises(StoreBusyError, match=rf"after 0.3 s \(written by PID {writer.pid}"):
            Store.open(made, wait=0.3)
        with pytest.raises(StoreBusyError, match="wait longer"):
            Store.open(made, read_only=True, wait=0.3)
    with (
        holding(made, "read") as reader,
        pytest.raises(StoreBusyError, match=rf"\(read by PID {reader.pid}, python"),
    ):
        Store.open(made, wait=0.3)


def test_turns_readers_of_several_processes_read_together(made: Path) -> None:
    with holding(made, "read"), Store.open(made, read_only=True, wait=0) as store:
        assert store.count_events() == 3


def test_turns_a_waiting_writer_goes_before_new_readers(made: Path) -> None:
    with holding(made, "read") as reader:
        thread, messages, got = _open_in_thread(made, wait=60)
        wait_until(lambda: messages, "the writer to wait for the reader")
        with pytest.raises(StoreBusyError, match="is waiting to write"):
            Store.open(made, read_only=True, wait=0.3)
        assert f"read by PID {reader.pid}" in messages[0]
    thread.join(timeout=scaled(60))
    assert got == [3]
    with Store.open(made, read_only=True, wait=0) as store:
        assert store.count_events() == 3


def test_turns_threads_of_one_process_share_a_writing_turn(made: Path) -> None:
    with Store.open(made, wait=0) as first, Store.open(made, wait=0) as second:
        second.ingest_events([handmade_event(7)], label="more", adapter="h.v1")
        assert first.count_events() == 4
    with Store.open(made, wait=0) as again:  # the shared turn was given back whole
        assert again.count_events() == 4


def test_turns_a_writer_killed_mid_transaction_frees_the_store_and_leaves_it_whole(
    made: Path,
) -> None:
    with holding(made, "transaction") as writer:
        thread, messages, got = _open_in_thread(made, read_only=True, wait=60)
        wait_until(lambda: messages, "the reader to wait for the writer")
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=scaled(60))
    thread.join(timeout=scaled(60))
    assert got == [3]
    with Store.open(made, wait=0) as store:  # the turn is free at once
        assert store.count_events() == 3
        assert [i.ingest_id for i in store.ingests()] == [1]  # the transaction is gone


def test_turns_a_process_that_takes_no_turn_is_retried_then_named(made: Path) -> None:
    with holding(made, "duckdb") as foreign:
        with pytest.raises(StoreBusyError, match=rf"\(PID {foreign.pid}, python\S*\) that does"):
            Store.open(made, read_only=True, wait=0.3)
        thread, messages, got = _open_in_thread(made, wait=60)
        wait_until(lambda: messages, "the retry message")
        assert f"held by PID {foreign.pid}" in messages[0]
    thread.join(timeout=scaled(60))
    assert got == [3]


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["/venv/bin/trucewatch", "ingest", "ucdp-ged", "x.csv"], "trucewatch ingest"),
        (["/usr/bin/python3", "-m", "trucewatch", "--wait", "5", "serve"], "trucewatch serve"),
        (["python3", "bench.py", "--n", "3"], "python3 bench.py"),
        (["python3", "-c", "import x"], "python3 -c"),
        (["python3", "-m", "pytest", "tests"], "python3 -m pytest"),
        ([], "unknown command"),
    ],
)
def test_turns_holders_are_named_by_their_command(argv: list[str], name: str) -> None:
    assert describe_command(argv) == name
