"""Reading stored events, bad rows and ingests (what :class:`~trucewatch.store.Store`'s
``events``, ``iter_events``, ``event``, ``count_events``, ``export_events``, ``events_by_id``,
``bad_rows`` and ``ingests`` run).

Events are read with every column of the table ``events`` (:data:`ALL_COLUMNS`, the list of
:mod:`trucewatch.store.rows`), ordered by ``time_start, event_id``; rebuilt as
:class:`~trucewatch.model.event.Event` objects, or as plain rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from trucewatch.errors import RowError
from trucewatch.model.event import Event
from trucewatch.store.export import export_rows
from trucewatch.store.ingest_report import IngestCounts
from trucewatch.store.query import EventQuery, unknown_event, where_clause
from trucewatch.store.rows import ALL_COLUMNS, row_to_event

__all__ = [
    "ALL_COLUMNS",
    "StoredIngest",
    "bad_rows",
    "count_events",
    "event",
    "event_rows",
    "events_by_id",
    "export_events",
    "ingests",
    "iter_events",
]

_TIME_COLUMNS = ("time_start", "time_end", "ingested_at")
_TIME_INDEXES = [ALL_COLUMNS.index(c) for c in _TIME_COLUMNS]
# naive UTC timestamps convert to Python ~8x faster than TIMESTAMPTZ; UTC is attached after
_SELECT = ", ".join(
    f"timezone('UTC', {c}) AS {c}" if c in _TIME_COLUMNS else c for c in ALL_COLUMNS
)
_FETCH = 5_000


def _as_dict(values: tuple[Any, ...]) -> dict[str, Any]:
    row = dict(zip(ALL_COLUMNS, values, strict=True))
    for i in _TIME_INDEXES:
        name = ALL_COLUMNS[i]
        row[name] = row[name].replace(tzinfo=UTC)
    return row


def _select(
    conn: duckdb.DuckDBPyConnection, query: EventQuery | None
) -> tuple[str, list[Any], str]:
    where, params = where_clause(query, conn)
    order = "ORDER BY time_start, event_id"
    if query is not None and query.limit is not None:
        order += f" LIMIT {int(query.limit)}"
    return where, params, order


def _cursor(conn: duckdb.DuckDBPyConnection, query: EventQuery | None) -> duckdb.DuckDBPyConnection:
    where, params, order = _select(conn, query)
    cursor = conn.cursor()
    cursor.execute(f"SELECT {_SELECT} FROM events WHERE {where} {order}", params)
    return cursor


def event_rows(conn: duckdb.DuckDBPyConnection, query: EventQuery | None) -> list[dict[str, Any]]:
    """Matching events as plain dicts (the ``events`` columns), by time_start, event_id."""
    cursor = _cursor(conn, query)
    try:
        return [_as_dict(values) for values in cursor.fetchall()]
    finally:
        cursor.close()


def iter_events(conn: duckdb.DuckDBPyConnection, query: EventQuery | None) -> Iterator[Event]:
    """Matching events rebuilt as :class:`Event` objects, streamed in time order."""
    cursor = _cursor(conn, query)
    try:
        while batch := cursor.fetchmany(_FETCH):
            for values in batch:
                yield row_to_event(_as_dict(values))
    finally:
        cursor.close()


def event(conn: duckdb.DuckDBPyConnection, event_id: str) -> Event:
    """One stored event by its id; NotFoundError naming the id if there is none."""
    cursor = conn.cursor()
    try:
        cursor.execute(f"SELECT {_SELECT} FROM events WHERE event_id = ?", [event_id])
        values = cursor.fetchone()
    finally:
        cursor.close()
    if values is None:
        raise unknown_event(conn, event_id)
    return row_to_event(_as_dict(values))


def count_events(conn: duckdb.DuckDBPyConnection, query: EventQuery | None) -> int:
    """How many events match (``limit`` caps the count)."""
    where, params, order = _select(conn, query)
    sql = f"SELECT count(*) FROM (SELECT 1 FROM events WHERE {where} {order})"
    row = conn.execute(sql, params).fetchone()
    return int(row[0]) if row else 0


def export_events(
    conn: duckdb.DuckDBPyConnection, out: Path, fmt: str, query: EventQuery | None
) -> int:
    """Write matching events to ``out`` as csv, geojson or parquet; return rows written."""
    where, params, order = _select(conn, query)
    return export_rows(conn, list(ALL_COLUMNS), where, params, order, Path(out), fmt)


def events_by_id(conn: duckdb.DuckDBPyConnection, event_ids: Sequence[str]) -> dict[str, Event]:
    """The stored events of ``event_ids`` by id (ids not stored are left out)."""
    if not event_ids:
        return {}
    cursor = conn.cursor()
    try:
        cursor.execute(
            f"SELECT {_SELECT} FROM events WHERE event_id IN (SELECT unnest(?))",
            [list(event_ids)],
        )
        out = {}
        while batch := cursor.fetchmany(_FETCH):
            for values in batch:
                found = row_to_event(_as_dict(values))
                out[found.event_id] = found
        return out
    finally:
        cursor.close()


def bad_rows(conn: duckdb.DuckDBPyConnection, ingest_id: int | None) -> list[RowError]:
    """Bad rows recorded by one ingest (or all), in ingest and line order."""
    where, params = ("WHERE ingest_id = ?", [ingest_id]) if ingest_id is not None else ("", [])
    rows = conn.execute(
        f"SELECT file, line, field, value, reason FROM bad_rows {where} ORDER BY ingest_id, line",
        params,
    ).fetchall()
    return [
        RowError(file, int(line), field, value, reason) for file, line, field, value, reason in rows
    ]


@dataclass(frozen=True)
class StoredIngest(IngestCounts):
    """One ingest as the store recorded it (a row of ``ingests``): its id, what it counted
    (:class:`~trucewatch.store.ingest_report.IngestCounts`), its bad rows, and when it started
    and finished (UTC)."""

    ingest_id: int
    bad: int
    started_at: datetime
    finished_at: datetime


_INGEST_COLUMNS = ", ".join(f.name for f in fields(StoredIngest))


def ingests(conn: duckdb.DuckDBPyConnection) -> list[StoredIngest]:
    """Every ingest, oldest first."""
    found = conn.execute(f"SELECT {_INGEST_COLUMNS} FROM ingests ORDER BY ingest_id").fetchall()
    return [
        StoredIngest(
            file=str(f),
            adapter=str(a),
            sha256=str(s),
            rows=int(r),
            stored=int(st),
            duplicates=int(d),
            ingest_id=int(i),
            bad=int(b),
            started_at=started.astimezone(UTC),
            finished_at=finished.astimezone(UTC),
        )
        for f, a, s, r, st, d, i, b, started, finished in found
    ]
