"""trucewatch watch: pull the followed feeds on their schedules, refresh, alert (docs/watch.md)."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import FrameType
from typing import Annotated

import typer

from trucewatch.cli._common import (
    EXIT_ROWS_REFUSED,
    DbOption,
    err_console,
    fails_cleanly,
    open_store,
    shared_store,
)
from trucewatch.cli._spool import SpoolOption, spool_beside
from trucewatch.store import default_db_path
from trucewatch.store.feed_state import feed_state
from trucewatch.watch.loop import watch as watch_loop
from trucewatch.watch.runner import WatchRun, run_once


@fails_cleanly
def watch(
    once: Annotated[
        bool, typer.Option("--once", help="One round of the feeds due, then exit.")
    ] = False,
    feed: Annotated[
        list[str] | None,
        typer.Option(help="Only this feed (repeat it); with --once it is pulled even if not due."),
    ] = None,
    spool: SpoolOption = None,
    deliver: Annotated[
        bool,
        typer.Option(help="Deliver the alerts due after each round (SMTP: TRUCEWATCH_SMTP_*)."),
    ] = True,
    db: DbOption = None,
) -> None:
    """Pull the followed feeds on their schedules, refresh verdicts, queue and deliver alerts.

    It runs until stopped: Ctrl-C or SIGTERM stop it between steps. Everything is kept in the
    store (each feed's cursor and state), so a restart resumes where it stopped; a source that
    is down or refuses the credentials is retried with back-off, and its state is shown by
    trucewatch status. --once runs one round and exits 1 if a feed failed.
    """
    path = db or default_db_path()
    with open_store(path) as store:  # made and migrated now; feed names checked now
        for name in feed or ():
            feed_state(store, name)
    folder = spool or spool_beside(path)
    target = shared_store(path)
    if once:
        run = run_once(
            target, spool=folder, feeds=feed, force=bool(feed), deliver=deliver, catch_up=True
        )
        typer.echo(str(run))
        failed = [f for f in run.feeds if f.state != "ok"]
        if failed or run.messages_failed:
            raise typer.Exit(EXIT_ROWS_REFUSED)
        return
    _log_to_stderr()
    with _stopped_by_signals() as stop:
        err_console.print(f"watching the feeds of {path} (Ctrl-C stops)", highlight=False)
        rounds = watch_loop(target, spool=folder, stop=stop, feeds=feed, deliver=deliver,
                            on_run=_say)  # fmt: skip
    err_console.print(f"stopped after {rounds} round(s)", highlight=False)


def _say(run: WatchRun) -> None:
    if not run.feeds and not run.messages_sent and not run.messages_failed:
        return
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    for line in str(run).splitlines():
        typer.echo(f"{stamp} {line}")


def _log_to_stderr() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ("trucewatch.watch", "trucewatch.alerts"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


@contextmanager
def _stopped_by_signals() -> Iterator[threading.Event]:
    """An event set by SIGTERM or SIGINT (the loop stops between steps); a second signal
    interrupts at once."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        err_console.print("stopping after the step in progress (again: at once)", highlight=False)

    before = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for s, old in before.items():
            signal.signal(s, old)
