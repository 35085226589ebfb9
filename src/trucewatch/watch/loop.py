"""``trucewatch watch`` and ``serve --watch``: rounds of :func:`~trucewatch.watch.runner.run_once`
on the feeds' schedules until stopped (:func:`watch`), and the same loop in a thread of the
API server (:func:`watch_in_server`).

Everything the loop knows is in the store (each feed's cursor, state and next due time), so a
restart resumes where it stopped. A stop (SIGTERM or Ctrl-C in the command, the server shutting
down) is seen between steps: the pull in progress is stored and its cursor saved, or dropped
whole and pulled again.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

from trucewatch.errors import TrucewatchError
from trucewatch.publish.alerts.runner import as_access
from trucewatch.publish.alerts.settings import DeliverySettings
from trucewatch.store.feed_state import feed_states
from trucewatch.watch.runner import FIRST_BACKOFF, Target, WatchRun, run_once, utc_now

__all__ = ["IDLE", "next_wake", "watch", "watch_in_server"]

log = logging.getLogger("trucewatch.watch")

#: the longest sleep between rounds (seconds): alerts due for a retry are delivered and feeds
#: added meanwhile are seen at least this often
IDLE = 60.0


def next_wake(target: Target, now: datetime, *, feeds: Sequence[str] | None = None) -> float:
    """Seconds until the next feed is due (0: one is due now), at most :data:`IDLE`."""
    with as_access(target).reading() as store:
        states = [s for s in feed_states(store) if s.enabled]
    if feeds is not None:
        states = [s for s in states if s.name in feeds]
    wait = IDLE
    for state in states:
        if state.next_due_at is None:
            return 0.0
        wait = min(wait, (state.next_due_at - now).total_seconds())
    return max(0.0, wait)


def watch(
    target: Target,
    *,
    spool: Path,
    stop: threading.Event,
    feeds: Sequence[str] | None = None,
    clock: Callable[[], datetime] = utc_now,
    sleep: Callable[[float], object] | None = None,
    settings: DeliverySettings | None = None,
    deliver: bool = True,
    on_run: Callable[[WatchRun], None] | None = None,
) -> int:
    """Run rounds (:func:`~trucewatch.watch.runner.run_once`) on the feeds' schedules until
    ``stop`` is set; return how many rounds ran. A round that fails (the store busy past its
    wait, a bug) is logged and the next is tried after :data:`FIRST_BACKOFF` seconds.
    ``sleep`` (default: waiting on ``stop``) and ``clock`` are for tests; ``on_run`` is told
    each round's :class:`~trucewatch.watch.runner.WatchRun`."""
    pause = sleep if sleep is not None else stop.wait
    rounds = 0
    while not stop.is_set():
        try:
            run = run_once(
                target,
                spool=spool,
                feeds=feeds,
                clock=clock,
                settings=settings,
                deliver=deliver,
                stop=stop.is_set,
                catch_up=rounds == 0,  # what a process killed before us left unrefreshed
            )
            rounds += 1
            if on_run is not None:
                on_run(run)
            wait = next_wake(target, clock(), feeds=feeds)
        except TrucewatchError as exc:
            log.error("watch round failed (tried again in %s s): %s", FIRST_BACKOFF, exc)
            wait = FIRST_BACKOFF
        except Exception:  # a bug must not end the watch, but it must be seen
            log.exception("watch round failed unexpectedly (tried again in %s s)", FIRST_BACKOFF)
            wait = FIRST_BACKOFF
        if stop.is_set():
            break
        pause(max(wait, 0.5))  # never a busy loop: a feed due "now" again waits half a second
    return rounds


def _log_run(run: WatchRun) -> None:
    for feed in run.feeds:
        if feed.state == "ok":
            log.info("watch: %s", feed)
        else:
            log.warning("watch: %s", feed)
    if run.messages_sent or run.messages_failed:
        log.info("watch: alerts: %d message(s) sent, %d failed", run.messages_sent,
                 run.messages_failed)  # fmt: skip


@asynccontextmanager
async def watch_in_server(
    target: Target, spool: Path | None, settings: DeliverySettings | None = None
) -> AsyncIterator[None]:
    """While the context is open, run :func:`watch` over ``target`` in a worker thread
    (``spool`` None: not at all). Closing it stops the loop between steps and waits for it."""
    if spool is None:
        yield
        return
    stop = threading.Event()
    task = asyncio.create_task(
        asyncio.to_thread(watch, target, spool=spool, stop=stop, settings=settings, on_run=_log_run)
    )
    try:
        yield
    finally:
        stop.set()
        await task
