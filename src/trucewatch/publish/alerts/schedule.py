"""Running the alerts every N seconds inside the API server (``trucewatch serve``).

The runner goes through the server's :class:`~trucewatch.publish.alerts.runner.StoreAccess`
(its shared reading lease and its writing turns), so it holds the store only while it reads
the outbox or marks a message: never while a message is on the wire, and never between runs
(other processes read and write the store meanwhile: docs/store.md). A run that cannot get its
turn in time fails with the holder named in the log and is tried again at the next interval.
Each run happens in a worker thread; shutdown waits for the run in progress to finish the
message it is sending (nothing is lost either way: see docs/alerts.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from trucewatch.errors import TrucewatchError
from trucewatch.publish.alerts.runner import StoreAccess, run_alerts
from trucewatch.publish.alerts.settings import DeliverySettings
from trucewatch.store import Store

__all__ = ["alerts_every"]

log = logging.getLogger("trucewatch.alerts")


async def _loop(
    access: StoreAccess,
    seconds: float,
    settings: DeliverySettings | None,
    stopping: asyncio.Event,
    halt: threading.Event,
    refresh: Callable[[Store], object | None] | None,
) -> None:
    while not stopping.is_set():
        try:
            run = await asyncio.to_thread(
                run_alerts, access, settings, stop=halt.is_set, refresh=refresh
            )
            if run.queued or run.messages_sent or run.messages_failed:
                log.info("alerts: %s", run)
        except TrucewatchError as exc:
            log.error("alerts run failed (retried in %s s): %s", seconds, exc)
        except Exception:  # a bug must not stop the schedule, but it must be seen
            log.exception("alerts run failed unexpectedly (retried in %s s)", seconds)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=seconds)


@asynccontextmanager
async def alerts_every(
    access: StoreAccess,
    seconds: float | None,
    settings: DeliverySettings | None = None,
    *,
    refresh: Callable[[Store], object | None] | None = None,
) -> AsyncIterator[None]:
    """While the context is open, run the alerts every ``seconds`` (None or 0: never).

    ``settings`` default to :meth:`DeliverySettings.from_env` (read at each run). ``refresh``
    (the server gives :func:`trucewatch.jobs.refresh_if_needed`) brings the verdicts up to
    date before each run queues (:func:`~trucewatch.publish.alerts.runner.run_alerts`).
    """
    if not seconds:
        yield
        return
    if seconds < 0:
        raise ValueError(f"alerts interval {seconds} s must be >= 0")
    stopping, halt = asyncio.Event(), threading.Event()
    task = asyncio.create_task(_loop(access, seconds, settings, stopping, halt, refresh))
    try:
        yield
    finally:
        stopping.set()
        halt.set()
        await task
