"""Verdicts in page order, cached per filter and store state: fast paging of GET /verdicts.

Verdicts are listed in the order of :func:`trucewatch.store.verdicts.read_verdicts`: agreement,
the event's start, event id, window. The event's start lives in the ``events`` table, so even
the first page of the plain query joins every matching verdict with its event and sorts them
(about 0.5 s for 1 M verdicts), and a deep page more. This module keeps, per filter, the
matching verdicts in that order in memory as three arrays (24 bytes a verdict):

- the verdict's DuckDB row id and its event's row id, so that a page of 100 is read by
  ``rowid = ANY(?)`` from both tables (a few milliseconds, however deep the page);
- a 64-bit hash of the verdict's key (agreement, event, window), to check that the row ids
  still point at the same rows. DuckDB row ids are physical positions: a checkpoint that
  vacuums deleted rows may move rows without any other visible change. A page whose rows do
  not match is re-read after rebuilding the entry.

The total is the number of entries. An entry is valid for one store state
(:func:`verdict_state`): the number of verdicts and the latest ``computed_at`` (every write
of verdicts inserts rows stamped with the time of writing, and deletions change the count),
and the events' state (a re-ingest may move an event's start). The cache holds at most
:data:`MAX_ENTRIES` filters and :data:`MAX_ROWS` verdicts in all (the least recently used go
first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt

from trucewatch.serve.api.build_cache import BuildCache
from trucewatch.serve.api.page_index import state_of
from trucewatch.store.verdicts import CODE_COLUMNS

__all__ = [
    "MAX_ENTRIES",
    "MAX_ROWS",
    "ORDER_BY",
    "VerdictOrder",
    "forget",
    "read_slice",
    "verdict_order",
    "verdict_state",
]

MAX_ENTRIES = 32
MAX_ROWS = 3_000_000  # 72 MB of row ids and key hashes

#: the order of verdict listings (:func:`trucewatch.store.verdicts.read_verdicts`)
ORDER_BY = "v.agreement_id, e.time_start, v.event_id, v.window_id"
_KEY_HASH = "hash(v.agreement_id, v.event_id, v.window_id)"


@dataclass(frozen=True)
class VerdictOrder:
    """The verdicts a filter matches, in listing order: row ids and key hashes."""

    verdict_rows: npt.NDArray[np.int64]
    event_rows: npt.NDArray[np.int64]
    key_hashes: npt.NDArray[np.uint64]

    def __post_init__(self) -> None:
        sizes = {len(self.verdict_rows), len(self.event_rows), len(self.key_hashes)}
        if len(sizes) != 1:
            raise ValueError(f"VerdictOrder arrays differ in length: {sorted(sizes)}")

    def __len__(self) -> int:
        return len(self.verdict_rows)


_CACHE: BuildCache[VerdictOrder] = BuildCache(MAX_ENTRIES, MAX_ROWS)


def verdict_state(conn: duckdb.DuckDBPyConnection) -> tuple[int, ...]:
    """(verdicts, latest computed_at in µs, events, latest ingest id): changes on any write
    of verdicts or events."""
    row = conn.execute(
        "SELECT count(*), coalesce(epoch_us(max(computed_at)), 0) FROM verdict_codes"
    ).fetchone()
    verdicts = (int(row[0]), int(row[1])) if row else (0, 0)
    return (*verdicts, *state_of(conn))


def _key(
    path: str, state: tuple[int, ...], condition: str, params: Sequence[Any]
) -> tuple[Any, ...]:
    return (path, state, condition, tuple(params))


def verdict_order(
    conn: duckdb.DuckDBPyConnection,
    path: str,
    condition: str,
    params: Sequence[Any],
    *,
    state: tuple[int, ...],
) -> VerdictOrder:
    """The verdicts matching ``condition`` (on ``verdicts v``, as from
    :func:`~trucewatch.store.verdicts.verdict_filter`) in listing order, cached for ``state``."""

    def build() -> VerdictOrder:
        arrays = conn.execute(
            f"SELECT v.row_no AS vr, e.rowid AS er, {_KEY_HASH} AS h "
            f"FROM verdicts v JOIN events e USING (event_id) WHERE {condition} "
            f"ORDER BY {ORDER_BY}",
            list(params),
        ).fetchnumpy()
        return VerdictOrder(
            np.asarray(arrays["vr"], dtype=np.int64),
            np.asarray(arrays["er"], dtype=np.int64),
            np.asarray(arrays["h"], dtype=np.uint64),
        )

    return _CACHE.get_or_build(_key(path, state, condition, params), build)


def forget(path: str, condition: str, params: Sequence[Any], *, state: tuple[int, ...]) -> None:
    """Drop the cached entry of a filter (its row ids no longer point at its rows)."""
    _CACHE.forget(_key(path, state, condition, params))


def read_slice(
    conn: duckdb.DuckDBPyConnection, order: VerdictOrder, start: int, stop: int
) -> tuple[list[str], list[tuple[Any, ...]]] | None:
    """Column names and rows ``start:stop`` of ``order`` (verdict columns, then the event's
    lon, lat and UTC time_start), in order; None if the row ids no longer match the keys."""
    vrows = order.verdict_rows[start:stop]
    names = [*CODE_COLUMNS, "lon", "lat", "time_start"]
    if len(vrows) == 0:
        return names, []
    cols = ", ".join(f"v.{c}" for c in CODE_COLUMNS)
    fetched = conn.execute(
        f"SELECT v.vr, {_KEY_HASH}, {cols}, e.lon, e.lat, "
        "timezone('UTC', e.time_start) AS time_start "
        "FROM (SELECT row_no AS vr, * FROM verdicts WHERE row_no = ANY(?)) v "
        "JOIN (SELECT event_id, lon, lat, time_start FROM events WHERE rowid = ANY(?)) e "
        "USING (event_id)",
        [vrows.tolist(), order.event_rows[start:stop].tolist()],
    ).fetchall()
    if len(fetched) != len(vrows):
        return None
    place = {int(r): i for i, r in enumerate(vrows.tolist())}
    rows: list[tuple[Any, ...] | None] = [None] * len(vrows)
    hashes = order.key_hashes[start:stop].tolist()
    for values in fetched:
        i = place.get(int(values[0]))
        if i is None or rows[i] is not None or int(values[1]) != hashes[i]:
            return None
        rows[i] = tuple(values[2:])
    return names, [r for r in rows if r is not None]
