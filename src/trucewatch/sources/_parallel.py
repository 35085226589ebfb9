"""Work on the pieces of a file in worker threads, the results given in the pieces' order.

The heavy steps of reading a piece as columns (pyarrow's CSV parse, Arrow compute, numpy,
the compiled line scan) let go of the GIL, so two pieces worked on at once use two cores.
:func:`in_order` is the one place that does it: the caller sees exactly what a plain
``map`` gives, in the same order, with the same errors at the same place.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

__all__ = ["WORKERS", "in_order"]

_T = TypeVar("_T")
_R = TypeVar("_R")

#: worker threads of :func:`in_order` (at most four: each holds a piece in memory)
WORKERS = max(1, min(4, os.cpu_count() or 1))


def in_order(
    work: Callable[[_T], _R], items: Iterator[_T], workers: int = WORKERS
) -> Generator[_R, None, None]:
    """``work(item)`` of each of ``items``, in their order, made by ``workers`` threads.

    ``items`` is iterated in the caller's thread; at most ``workers`` items are worked on or
    wait, done, for their turn beyond the one given. An error raised by ``work`` is raised
    where its result would have come; one raised by ``items`` after the results of the items
    before it. Closing the generator (or leaving it early) cancels the items not started,
    waits for those running and closes ``items``."""
    if workers <= 1:
        try:
            for item in items:
                yield work(item)
        finally:
            _close(items)
        return
    pool = ThreadPoolExecutor(workers, thread_name_prefix="trucewatch-piece")
    pending: deque[Future[_R]] = deque()
    try:
        while True:
            try:
                item = next(items)
            except StopIteration:
                break
            except Exception:  # raised after the results of the items before it
                while pending:
                    yield pending.popleft().result()
                raise
            pending.append(pool.submit(work, item))
            while len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        _close(items)


def _close(items: Iterator[object]) -> None:
    close = getattr(items, "close", None)
    if close is not None:
        close()
