"""A file read as columns (an adapter's ``read_columns``), made ready for the ingest transaction.

The adapter gives its good events as columns plus the events and bad rows it built one by one,
each with an order key (:class:`~trucewatch.sources._vector.ColumnBatch`). Here they become
what :func:`~trucewatch.store.ingest.read_file` makes of the records of ``adapter.read``: one
Arrow table of the events in record order (the store's :data:`~trucewatch.store.rows.
EVENT_SCHEMA`), the bad rows in the order the adapter reports them, the ``max_bad_rows`` limit
with the same message, and ids repeated within the file (:func:`~trucewatch.store.conflicts.
table_conflicts`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.errors import RowError, SourceError
from trucewatch.sources._vector import ColumnBatch
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits
from trucewatch.store.conflicts import table_conflicts
from trucewatch.store.rows import EVENT_COLUMNS, EVENT_SCHEMA, events_to_table

__all__ = ["ColumnRead", "batch_table", "insert_events", "may_conflict", "read_batch"]


class ColumnRead:
    """Events (a table, each id once, not in record order), bad rows and exact repeats."""

    def __init__(
        self, table: pa.Table, errors: list[RowError], conflicts: list[RowError], repeats: int
    ):
        self.table = table
        self.errors = errors
        self.conflicts = conflicts
        self.repeats = repeats


def read_batch(
    adapter: Any,
    path: Path,
    name: str,
    progress: Callable[[int], None] | None,
    too_many: Callable[[int, list[RowError], Limits], SourceError],
) -> ColumnRead | None:
    """``path`` through ``adapter.read_columns`` (None if the adapter has none or declines the
    file). ``too_many(count, errors, limits)`` makes the error of a file over ``max_bad_rows``
    (``count`` records read when the limit was passed, as the record-by-record reading
    counts them)."""
    read_columns = getattr(adapter, "read_columns", None)
    if read_columns is None:
        return None
    batch = read_columns(path)
    if batch is None:
        return None
    limits: Limits = getattr(adapter, "limits", None) or DEFAULT_LIMITS
    error_keys = np.asarray(batch.error_keys, dtype=np.int64)
    order = np.argsort(error_keys, kind="stable")
    errors = [batch.errors[i] for i in order.tolist()]
    if len(errors) > limits.max_bad_rows:
        key = int(error_keys[order[limits.max_bad_rows]])
        events_before = int(np.count_nonzero(batch.keys < key)) + sum(
            1 for k in batch.event_keys if k < key
        )
        raise too_many(
            events_before + limits.max_bad_rows + 1, errors[: limits.max_bad_rows + 1], limits
        )
    table, keys = batch_table(batch)
    if progress is not None:
        progress(batch.rows)
    unique, conflicts, repeats = table_conflicts(table, name, keys)
    return ColumnRead(unique, errors, conflicts, repeats)


def batch_table(batch: ColumnBatch) -> tuple[pa.Table, np.ndarray]:
    """The events of ``batch`` as one table (the store's :data:`~trucewatch.store.rows.
    EVENT_SCHEMA`; the ones built one by one last) and each row's order key."""
    rows = len(batch.keys)
    table = pa.Table.from_arrays(
        [batch.columns[c] if c in batch.columns else _absent(c, rows) for c in EVENT_COLUMNS],
        schema=EVENT_SCHEMA,
    )
    keys = batch.keys
    if batch.events:  # appended, not sorted in: the order of rows in the store means nothing
        keys = np.concatenate([keys, np.asarray(batch.event_keys, dtype=np.int64)])
        table = pa.concat_tables([table, events_to_table(batch.events)])
    return table, keys


def _absent(column: str, rows: int) -> pa.Array:
    """A column a coded source's column builder does not make: no extraction confidence
    (null) and nothing guessed (empty lists), the values an :class:`Event` of it has."""
    if column == "guessed":
        return pa.array([[]] * rows, EVENT_SCHEMA.field(column).type)
    if column == "confidence":
        return pa.nulls(rows, EVENT_SCHEMA.field(column).type)
    raise KeyError(f"the column builder made no column {column!r}")


def insert_events(
    conn: duckdb.DuckDBPyConnection,
    incoming: str,
    ingest_id: int,
    now: datetime,
    *,
    skip_stored: bool = True,
) -> int:
    """Insert the events of the registered relation ``incoming`` (each id once: the caller
    has resolved repeats) into ``events``; the number inserted.

    With ``skip_stored`` an event whose id is stored already is left out (an anti-join on
    the ids: ``events`` has no key, its ids are kept unique here), as ``ON CONFLICT DO
    NOTHING`` did when ``event_id`` was the primary key; without it every row is inserted
    (the caller knows no stored id can clash: :func:`may_conflict`)."""
    cols = ", ".join(EVENT_COLUMNS)
    unseen = (
        " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = i.event_id)"
        if skip_stored
        else ""
    )
    result = conn.execute(
        f"INSERT INTO events ({cols}, ingest_id, ingested_at) "
        f"SELECT {', '.join('i.' + c for c in EVENT_COLUMNS)}, ?, ? FROM {incoming} i{unseen}",
        [ingest_id, now],
    ).fetchall()
    return int(result[0][0]) if result else 0


def may_conflict(conn: duckdb.DuckDBPyConnection, table: pa.Table) -> bool:
    """Whether a row of ``events`` (stored before, or by an earlier piece of this ingest) may
    have an id of ``table``: one has an id between the smallest and the largest of ``table``.

    When none has, a plain INSERT stores exactly what the insert that leaves out the stored
    ids stores, without its anti-join over every stored id. Arrow
    and DuckDB both order strings by their UTF-8 bytes (a test holds them to it), so every id
    of ``table`` lies in the range DuckDB is asked about."""
    bounds = pc.min_max(table.column("event_id"))
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    if low is None or high is None:
        return True
    found = conn.execute(
        "SELECT 1 FROM events WHERE event_id BETWEEN ? AND ? LIMIT 1", [low, high]
    ).fetchall()
    return bool(found)
