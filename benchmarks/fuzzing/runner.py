"""Cases run in worker processes, each under a wall-clock and memory limit enforced from outside.

A worker (a spawned process) takes one :class:`Case` at a time, rebuilds its input from the
case's seed, runs it through the library and sends back an :class:`Outcome`. The parent waits at
most ``timeout`` seconds per case and watches the worker's resident memory: past either limit it
kills the worker (the case is a ``hang``) and starts a new one.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

#: the statuses a case can end with
STATUSES = ("clear error", "accepted", "traceback", "hang")


@dataclass(frozen=True)
class Case:
    """One fuzz case: which target, which kind of hostile input, and the seed that builds it."""

    target: str
    kind: str
    seed: int
    index: int


@dataclass
class Outcome:
    """What one case did. ``lost``: good rows (untouched by the mutation) not in the store as
    they were; ``silent``: a changed, repeated or cut row neither stored nor reported;
    ``disallowed``: requests that reached an address the server must not call; ``bypass``: a
    write answered 2xx without the role it needs."""

    case: Case
    status: str
    lost: int = 0
    silent: bool = False
    disallowed: int = 0
    bypass: int = 0
    detail: str = ""
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as stream:
            pages = int(stream.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _worker(conn: Connection, run: Callable[[Case], Outcome]) -> None:
    while True:
        case = conn.recv()
        if case is None:
            return
        start = time.perf_counter()
        try:
            outcome = run(case)
        except BaseException as exc:  # the harness's own failure: shown, never hidden
            outcome = Outcome(case, "traceback", detail="harness: " + _short(exc))
            outcome.extra["traceback"] = traceback.format_exc()
        outcome.seconds = time.perf_counter() - start
        conn.send(outcome)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}"


class _Slot:
    def __init__(self, ctx: Any, run: Callable[[Case], Outcome]) -> None:
        self.ctx, self.run = ctx, run
        self.case: Case | None = None
        self.started = 0.0
        self._start()

    def _start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.process = self.ctx.Process(target=_worker, args=(child, self.run), daemon=True)
        self.process.start()
        child.close()

    def give(self, case: Case) -> None:
        self.case, self.started = case, time.perf_counter()
        self.conn.send(case)

    def restart(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()
        self._start()

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.process.join(timeout=5)
        except (OSError, BrokenPipeError):
            pass
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def run_cases(
    cases: Iterable[Case],
    run: Callable[[Case], Outcome],
    *,
    jobs: int = 1,
    timeout: float = 30.0,
    memory_mb: float = 3000.0,
) -> Iterator[Outcome]:
    """Run ``cases`` with ``run`` in ``jobs`` worker processes; yields outcomes as they end."""
    ctx = mp.get_context("spawn")
    pending = list(cases)
    pending.reverse()
    slots = [_Slot(ctx, run) for _ in range(max(1, min(jobs, len(pending))))]
    try:
        for slot in slots:
            if pending:
                slot.give(pending.pop())
        while any(slot.case is not None for slot in slots):
            busy = [slot for slot in slots if slot.case is not None]
            ready = wait([slot.conn for slot in busy], timeout=0.2)
            for slot in busy:
                assert slot.case is not None
                outcome: Outcome | None = None
                if slot.conn in ready:
                    try:
                        outcome = slot.conn.recv()
                    except (EOFError, OSError):  # the worker died (a hard crash)
                        outcome = Outcome(slot.case, "traceback", detail="the worker died")
                        slot.restart()
                else:
                    elapsed = time.perf_counter() - slot.started
                    memory = _rss_mb(slot.process.pid)
                    if elapsed > timeout or memory > memory_mb:
                        why = (
                            f"killed after {elapsed:.0f} s"
                            if elapsed > timeout
                            else f"killed at {memory:.0f} MB resident"
                        )
                        outcome = Outcome(slot.case, "hang", detail=why, seconds=elapsed)
                        slot.restart()
                if outcome is not None:
                    slot.case = None
                    yield outcome
                    if pending:
                        slot.give(pending.pop())
    finally:
        for slot in slots:
            slot.stop()
