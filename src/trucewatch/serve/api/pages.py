"""Pages of stored events and verdicts: filters, limit, offset or cursor, and the total count.

Events are ordered by ``(time_start, event_id)``; a cursor is that pair of the last event of a
page (URL-safe base64 of JSON), so that the next page is a range scan however deep it is.
Verdicts are ordered as :func:`trucewatch.store.verdicts.read_verdicts` orders them.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import duckdb
import numpy as np

from trucewatch.serve.api.errors import ApiError
from trucewatch.serve.api.page_index import from_micros, sorted_starts
from trucewatch.serve.api.verdict_index import (
    ORDER_BY,
    forget,
    read_slice,
    verdict_order,
    verdict_state,
)
from trucewatch.store import EventQuery, Store
from trucewatch.store.query import where_clause
from trucewatch.store.rows import EVENT_COLUMNS, STORE_ONLY_COLUMNS
from trucewatch.store.verdicts import CODE_COLUMNS, check_verdict_filter, verdict_filter
from trucewatch.verdicts.stored import render_records

__all__ = ["decode_cursor", "encode_cursor", "event_page", "event_row", "verdict_page"]

#: the most rows a page may have (the routes' limit); DuckDB fetches a page's other columns
#: after sorting its keys only when the page has at most this many rows
MAX_PAGE = 1000
_COLUMNS = (*EVENT_COLUMNS, *STORE_ONLY_COLUMNS)
_TIMES = ("time_start", "time_end", "ingested_at")
_SELECT = ", ".join(f"timezone('UTC', {c}) AS {c}" if c in _TIMES else c for c in _COLUMNS)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC).isoformat()
    return value


def _record(names: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    return {n: _plain(v) for n, v in zip(names, values, strict=True)}


def encode_cursor(time_start: str, event_id: str) -> str:
    """The cursor after the event starting at ``time_start`` with id ``event_id``."""
    raw = json.dumps([time_start, event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The (time_start, event_id) a cursor stands for; 400 if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        start, event_id = json.loads(raw)
        when = datetime.fromisoformat(start)
        if when.tzinfo is None or not isinstance(event_id, str):
            raise ValueError("naive instant or bad id")
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise ApiError(400, f"cursor {cursor[:60]!r} is not a cursor from a previous page") from exc
    return when, event_id


def event_row(store: Store, event_id: str) -> dict[str, Any] | None:
    """One stored event as a JSON-ready record, or None."""
    cursor = store.conn.execute(f"SELECT {_SELECT} FROM events WHERE event_id = ?", [event_id])
    values = cursor.fetchone()
    return None if values is None else _record(_COLUMNS, values)


def event_page(
    store: Store, query: EventQuery, *, limit: int, offset: int, cursor: str | None
) -> dict[str, Any]:
    """A page of events matching ``query`` with the total count and the next cursor.

    The total and the page's range of start times come from the cached sorted starts of the
    filter (:mod:`trucewatch.serve.api.page_index`), so a page reads only the rows that
    start in its range, however deep it is.
    """
    where, params = where_clause(query, store.conn)
    conn = store.conn
    starts = sorted_starts(conn, str(store.path), where, params)
    total = len(starts)
    page_where, page_params = where, list(params)
    if cursor is not None:
        when, last_id = decode_cursor(cursor)
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
    rows: list[Any] = []
    if cursor is not None or offset < total:
        conn.execute(f"SET late_materialization_max_rows = {MAX_PAGE}")
        rows = conn.execute(
            f"SELECT {_SELECT} FROM events WHERE {page_where} "
            f"ORDER BY time_start, event_id LIMIT {int(limit)} OFFSET {int(skip)}",
            page_params,
        ).fetchall()
    items = [_record(_COLUMNS, values) for values in rows]
    following = None
    if len(items) == limit and items:
        following = encode_cursor(items[-1]["time_start"], items[-1]["event_id"])
    return {
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_cursor": following,
        "truncated": first + len(items) < total,
    }


def _micros(when: datetime) -> int:
    delta = when - from_micros(0)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def verdict_page(
    store: Store,
    *,
    agreement_ids: Sequence[str],
    kinds: Sequence[str],
    event_id: str | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    """A page of stored verdicts (with the event's lon, lat and time_start) and the total.

    The order is that of :func:`~trucewatch.store.verdicts.read_verdicts`. Without an event
    id, the total and the page's rows come from the cached order of the filter
    (:mod:`trucewatch.serve.api.verdict_index`), read in one snapshot of the store, so a
    page costs the same however deep it is; for one event, the plain query is small.
    """
    check_verdict_filter(store.conn, agreement_ids, kinds, event_id)
    condition, params = verdict_filter(agreement_ids, kinds, event_id)
    conn = store.conn
    if event_id is not None:
        total, names, rows = _plain_verdicts(conn, condition, params, limit, offset)
    else:
        conn.execute("BEGIN TRANSACTION")
        try:
            total, names, rows = _indexed_verdicts(store, condition, params, limit, offset)
        finally:
            conn.execute("ROLLBACK")
    coded = [dict(zip(names, values, strict=True)) for values in rows]
    items = []
    for record in render_records(store, coded):
        record["parties"] = json.loads(record["parties"])
        items.append({n: _plain(v) for n, v in record.items()})
    return {
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        "truncated": offset + len(items) < total,
    }


_Rows = tuple[int, list[str], list[tuple[Any, ...]]]


def _indexed_verdicts(
    store: Store, condition: str, params: list[Any], limit: int, offset: int
) -> _Rows:
    conn, path = store.conn, str(store.path)
    state = verdict_state(conn)
    for _ in range(2):  # a second time after rebuilding an entry whose row ids moved
        order = verdict_order(conn, path, condition, params, state=state)
        found = read_slice(conn, order, offset, offset + limit)
        if found is not None:
            return len(order), *found
        forget(path, condition, params, state=state)
    return _plain_verdicts(conn, condition, params, limit, offset)


def _plain_verdicts(
    conn: duckdb.DuckDBPyConnection, condition: str, params: list[Any], limit: int, offset: int
) -> _Rows:
    total_row = conn.execute(
        f"SELECT count(*) FROM verdicts v WHERE {condition}", params
    ).fetchone()
    cols = ", ".join(f"v.{c}" for c in CODE_COLUMNS)
    cursor = conn.execute(
        f"SELECT {cols}, e.lon, e.lat, timezone('UTC', e.time_start) AS time_start "
        f"FROM verdicts v JOIN events e USING (event_id) WHERE {condition} "
        f"ORDER BY {ORDER_BY} LIMIT {int(limit)} OFFSET {int(offset)}",
        params,
    )
    names = [d[0] for d in cursor.description or ()]
    return int(total_row[0]) if total_row else 0, names, cursor.fetchall()
