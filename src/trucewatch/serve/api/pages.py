"""Pages of stored events and verdicts as JSON: filters, limit, offset or cursor, and the total.

Events are ordered by ``(time_start, event_id)``; a cursor is that pair of the last event of a
page (URL-safe base64 of JSON), so that the next page is a range scan however deep it is
(:mod:`trucewatch.store.event_pages`). Verdicts are ordered as
:func:`trucewatch.store.verdicts.read_verdicts` orders them (:mod:`trucewatch.store.verdict_pages`).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from trucewatch.serve.api.errors import ApiError
from trucewatch.store import EventQuery, Store, event_pages, verdict_pages
from trucewatch.verdicts.stored import render_records

__all__ = ["decode_cursor", "encode_cursor", "event_page", "event_row", "verdict_page"]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _rows(table: pa.Table) -> list[dict[str, Any]]:
    """``table.to_pylist()``, but UTC timestamps made aware here: pyarrow's own conversion of a
    time-zoned timestamp imports pandas (~0.3 s, most of a first page's time)."""
    columns: dict[str, list[Any]] = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        kind = column.type
        if pa.types.is_timestamp(kind) and kind.tz is not None:
            if kind.tz != "UTC":
                raise ValueError(f"column {name} is in {kind.tz}, not UTC")
            naive = column.cast(pa.timestamp(kind.unit)).to_pylist()
            columns[name] = [None if v is None else v.replace(tzinfo=UTC) for v in naive]
        else:
            columns[name] = column.to_pylist()
    rows = zip(*columns.values(), strict=True)
    return [dict(zip(columns, values, strict=True)) for values in rows]


def _records(table: pa.Table) -> list[dict[str, Any]]:
    return [{n: _plain(v) for n, v in row.items()} for row in _rows(table)]


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


def event_row(store: Store, event_id: str) -> dict[str, Any]:
    """One stored event as a JSON-ready record; an unknown id is a NotFoundError."""
    return _records(event_pages.event_record(store, event_id))[0]


def event_page(
    store: Store, query: EventQuery, *, limit: int, offset: int, cursor: str | None
) -> dict[str, Any]:
    """A page of events matching ``query`` with the total count and the next cursor."""
    after = None if cursor is None else decode_cursor(cursor)
    page = event_pages.event_page(store, query, limit=limit, offset=offset, after=after)
    items = _records(page.rows)
    following = None
    if len(items) == limit and items:
        following = encode_cursor(items[-1]["time_start"], items[-1]["event_id"])
    return {
        "items": items,
        "total": page.total,
        "limit": limit,
        "offset": offset,
        "next_cursor": following,
        "truncated": page.truncated,
    }


def verdict_page(
    store: Store,
    *,
    agreement_ids: Sequence[str],
    kinds: Sequence[str],
    event_id: str | None,
    limit: int,
    offset: int,
    min_confidence: float | None = None,
) -> dict[str, Any]:
    """A page of stored verdicts (with the event's lon, lat and time_start), their parties and
    explanation rendered, and the total; ``min_confidence``: the verdicts of events read from
    news articles with a lower extraction confidence left out."""
    page = verdict_pages.verdict_page(
        store,
        agreement_ids=agreement_ids,
        kinds=kinds,
        event_id=event_id,
        limit=limit,
        offset=offset,
        min_confidence=min_confidence,
    )
    items = []
    for record in render_records(store, _rows(page.rows)):
        record["parties"] = json.loads(record["parties"])
        items.append({n: _plain(v) for n, v in record.items()})
    return {
        "items": items,
        "total": page.total,
        "limit": limit,
        "offset": offset,
        "truncated": offset + len(items) < page.total,
    }
