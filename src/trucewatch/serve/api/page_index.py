"""Sorted start times of the events a filter matches, cached per store state: fast paging.

DuckDB has no index it can walk in ``ORDER BY time_start, event_id`` order, and the events
table is in ingest order, so ``LIMIT 100 OFFSET 500000`` sorts half a million rows and even
the first page scans and sorts every match. This module keeps, per filter, the sorted
``time_start`` of every match (8 bytes an event, in microseconds) in memory:

- the total is its length (no ``count(*)`` per request);
- page k starts at the start ``lo = starts[k]`` and its last row starts at or before
  ``hi = starts[k + limit - 1]``, so the page query reads only rows with
  ``lo <= time_start <= hi`` (a scan with a cheap filter and a sort of a few rows) and skips
  the rows tied at ``lo`` that come before position k (``OFFSET k - first position of lo``);
- after a cursor ``(t, id)`` the page's rows start at or before ``starts[right(t)+limit-1]``.

An entry is valid for one store state: the number of events and the latest ingest id (events
are only ever added by ingests). The cache holds at most :data:`MAX_ENTRIES` filters and
:data:`MAX_VALUES` start times in all (the least recently used go first).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt

from trucewatch.serve.api.build_cache import BuildCache

__all__ = ["MAX_ENTRIES", "MAX_VALUES", "from_micros", "sorted_starts", "state_of"]

MAX_ENTRIES = 32
MAX_VALUES = 8_000_000  # 64 MB of start times

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CACHE: BuildCache[npt.NDArray[np.int64]] = BuildCache(MAX_ENTRIES, MAX_VALUES)


def from_micros(value: int) -> datetime:
    """The UTC instant ``value`` microseconds after 1970 (exact, unlike a float)."""
    return _EPOCH + timedelta(microseconds=int(value))


def state_of(conn: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(number of events, latest ingest id): changes whenever events are added or removed."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM events), (SELECT coalesce(max(ingest_id), 0) FROM ingests)"
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def sorted_starts(
    conn: duckdb.DuckDBPyConnection, path: str, where: str, params: Sequence[Any]
) -> npt.NDArray[np.int64]:
    """The sorted ``time_start`` (µs since 1970, UTC) of the events matching ``where``."""

    def build() -> npt.NDArray[np.int64]:
        column = conn.execute(
            f"SELECT epoch_us(time_start) AS t FROM events WHERE {where}", list(params)
        ).fetchnumpy()["t"]
        return np.sort(np.asarray(column, dtype=np.int64))

    return _CACHE.get_or_build((path, state_of(conn), where, tuple(params)), build)
