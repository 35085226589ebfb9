"""Pages of stored events in ``(time_start, event_id)`` order, fast however deep: the sorted
start times of the events a filter matches, cached per store state.

DuckDB has no index it can walk in ``ORDER BY time_start, event_id`` order, and the events
table is in ingest order, so ``LIMIT 100 OFFSET 500000`` sorts half a million rows and even
the first page scans and sorts every match. This module keeps, per filter, the sorted
``time_start`` of every match (8 bytes an event, in microseconds) in memory:

- the total is its length (no ``count(*)`` per request);
- page k starts at the start ``lo = starts[k]`` and its last row starts at or before
  ``hi = starts[k + limit - 1]``, so the page query reads only rows with
  ``lo <= time_start <= hi`` (a scan with a cheap filter and a sort of a few rows) and skips
  the rows tied at ``lo`` that come before position k (``OFFSET k - first position of lo``);
- after a key ``(t, id)`` (the last event of the previous page) the page's rows start at or
  before ``starts[right(t)+limit-1]``.

An entry is valid for one store state: the number of events and the latest ingest id (events
are only ever added by ingests). The cache (the store holder's,
:func:`~trucewatch.store.page_cache.build_cache_of`) holds at most :data:`MAX_ENTRIES` filters
and :data:`MAX_VALUES` start times in all (the least recently used go first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa

from trucewatch.errors import ValidationError
from trucewatch.store.page_cache import build_cache_of
from trucewatch.store.query import EventQuery, unknown_event, where_clause
from trucewatch.store.rows import ALL_COLUMNS

if TYPE_CHECKING:
    from trucewatch.store.store import Store

__all__ = [
    "MAX_ENTRIES",
    "MAX_PAGE",
    "MAX_VALUES",
    "RECORD_COLUMNS",
    "EventPage",
    "event_page",
    "event_record",
    "events_state",
    "from_micros",
    "select_table",
]

MAX_ENTRIES = 32
MAX_VALUES = 8_000_000  # 64 MB of start times
#: the most rows a page may have; DuckDB fetches a page's other columns after sorting its keys
#: only when the page has at most this many rows
MAX_PAGE = 1000

#: the columns of an event record: every stored column of the event, then the store's own
RECORD_COLUMNS: tuple[str, ...] = ALL_COLUMNS
_TIMES = ("time_start", "time_end", "ingested_at")
# naive UTC timestamps (read faster than TIMESTAMPTZ); UTC is attached in Arrow after
_SELECT = ", ".join(f"timezone('UTC', {c}) AS {c}" if c in _TIMES else c for c in RECORD_COLUMNS)
_UTC = pa.timestamp("us", tz="UTC")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class EventPage:
    """A page of events: ``rows`` (:data:`RECORD_COLUMNS`, times as UTC timestamps) in
    ``(time_start, event_id)`` order, ``total`` events matching the filter, and ``first``,
    the position of the page's first row among them."""

    rows: pa.Table
    total: int
    first: int

    def __post_init__(self) -> None:
        if tuple(self.rows.column_names) != RECORD_COLUMNS:
            raise ValueError(f"an event page has the columns {RECORD_COLUMNS}")
        if self.first < 0 or self.total < 0:
            raise ValueError(f"an event page from {self.first} of {self.total} events")

    @property
    def truncated(self) -> bool:
        """More events match than this page and the ones before it hold."""
        return self.first + self.rows.num_rows < self.total


def select_table(conn: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]) -> pa.Table:
    """The result of the query ``sql`` as an Arrow table."""
    return conn.sql(sql, params=list(params)).to_arrow_table()


def from_micros(value: int) -> datetime:
    """The UTC instant ``value`` microseconds after 1970 (exact, unlike a float)."""
    return _EPOCH + timedelta(microseconds=int(value))


def _micros(when: datetime) -> int:
    delta = when - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _utc(table: pa.Table) -> pa.Table:
    for name in _TIMES:
        i = table.schema.get_field_index(name)
        table = table.set_column(i, name, table.column(i).cast(_UTC))
    return table


def events_state(store: Store) -> tuple[int, int]:
    """(number of events, latest ingest id): changes whenever events are added or removed."""
    row = store.conn.execute(
        "SELECT (SELECT count(*) FROM events), (SELECT coalesce(max(ingest_id), 0) FROM ingests)"
    ).fetchall()[0]
    return int(row[0]), int(row[1])


def event_record(store: Store, event_id: str) -> pa.Table:
    """The stored event ``event_id`` as one row of :data:`RECORD_COLUMNS`; an unknown id is a
    NotFoundError with a guess."""
    table = select_table(store.conn, f"SELECT {_SELECT} FROM events WHERE event_id = ?", [event_id])
    if table.num_rows == 0:
        raise unknown_event(store.conn, event_id)
    return _utc(table)


def _sorted_starts(store: Store, where: str, params: list[object]) -> npt.NDArray[np.int64]:
    """The sorted ``time_start`` (µs since 1970, UTC) of the events matching ``where``."""
    conn = store.conn

    def build() -> npt.NDArray[np.int64]:
        column = conn.execute(
            f"SELECT epoch_us(time_start) AS t FROM events WHERE {where}", params
        ).fetchnumpy()["t"]
        return np.sort(np.asarray(column, dtype=np.int64))

    key = (str(store.path), events_state(store), where, tuple(params))
    starts: npt.NDArray[np.int64] = build_cache_of(
        store, "event starts", MAX_ENTRIES, MAX_VALUES
    ).get_or_build(key, build)
    return starts


def event_page(
    store: Store,
    query: EventQuery,
    *,
    limit: int,
    offset: int = 0,
    after: tuple[datetime, str] | None = None,
) -> EventPage:
    """The events matching ``query`` from position ``offset``, or those after the event
    ``after`` = (its time_start, its id), at most ``limit`` (1 to :data:`MAX_PAGE`).

    The total and the page's range of start times come from the cached sorted starts of the
    filter, so a page reads only the rows that start in its range, however deep it is.
    """
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValidationError(
            f"a page of {limit} events from {offset}: the limit is 1 to {MAX_PAGE}, "
            "the offset at least 0"
        )
    conn = store.conn
    where, params = where_clause(query, conn)
    starts = _sorted_starts(store, where, params)
    total = len(starts)
    page_where, page_params = where, list(params)
    if after is not None:
        when, last_id = after
        page_where += " AND time_start >= ? AND (time_start > ? OR event_id > ?)"
        page_params += [when, when, last_id]
        first = int(np.searchsorted(starts, _micros(when), side="right"))
        skip = 0
    else:
        first = offset
        skip = 0 if offset >= total else offset - int(np.searchsorted(starts, starts[offset]))
        if offset < total:
            page_where += " AND time_start >= ?"
            page_params.append(from_micros(starts[offset]))
    last = first + limit - 1
    if last < total:
        page_where += " AND time_start <= ?"
        page_params.append(from_micros(starts[last]))
    if after is None and offset >= total:
        page_where, page_params = "FALSE", []
    conn.execute(f"SET late_materialization_max_rows = {MAX_PAGE}")
    rows = select_table(
        conn,
        f"SELECT {_SELECT} FROM events WHERE {page_where} "
        f"ORDER BY time_start, event_id LIMIT {int(limit)} OFFSET {int(skip)}",
        page_params,
    )
    return EventPage(_utc(rows), total, first)
