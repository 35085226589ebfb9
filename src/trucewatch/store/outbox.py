"""The alert outbox: one row per (subscription, event, agreement), queued once, sent once.

Rows are queued by :func:`trucewatch.store.alert_queue.enqueue_alerts` (which also says what
"new" means and what the payload holds). This module reads them and records deliveries.

A row is ``pending`` (never tried), ``failed`` (tried, will be retried at ``next_attempt_at``,
with exponential backoff), ``sent``, ``dead`` (gave up after the last attempt, or its
subscription was removed) or ``withdrawn`` (its event was deleted at the source before it was
sent: never delivered, :func:`trucewatch.store.event_changes.delete_events`). Delivery
marks a row sent only after the receiver accepted it.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb

from trucewatch.store.connect import Db, conn_of
from trucewatch.store.subscriptions import get_subscription
from trucewatch.suggest import not_one_of

__all__ = [
    "STATUSES",
    "OutboxRow",
    "due_rows",
    "mark_dead",
    "mark_failed",
    "mark_sent",
    "outbox_counts",
    "outbox_rows",
    "outbox_total",
    "postpone",
]

#: The states of an outbox row.
STATUSES = ("pending", "failed", "sent", "dead", "withdrawn")

_ROW_COLUMNS = (
    "delivery_id, subscription_id, event_id, agreement_id, window_id, verdict, payload, "
    "digest_day, status, attempts, next_attempt_at, last_error, created_at, sent_at"
)


@dataclass(frozen=True)
class OutboxRow:
    """One queued alert. ``payload`` is the verdict and its event as queued."""

    delivery_id: str
    subscription_id: str
    event_id: str
    agreement_id: str
    window_id: str
    verdict: str
    payload: dict[str, Any]
    digest_day: date | None
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


def _row(values: Sequence[Any]) -> OutboxRow:
    (did, sid, event, agreement, window, verdict, payload, day, status, attempts, next_at,
     error, created, sent) = values  # fmt: skip
    return OutboxRow(
        did,
        sid,
        event,
        agreement,
        window,
        verdict,
        json.loads(payload),
        day,
        status,
        int(attempts),
        next_at.astimezone(UTC),
        error,
        created.astimezone(UTC),
        None if sent is None else sent.astimezone(UTC),
    )


def due_rows(db: Db, now: datetime) -> list[OutboxRow]:
    """Rows waiting to be (re)tried whose time has come, oldest first."""
    conn = conn_of(db)
    rows = conn.execute(
        f"SELECT {_ROW_COLUMNS} FROM alert_outbox "
        "WHERE status IN ('pending', 'failed') AND next_attempt_at <= ? "
        "ORDER BY created_at, subscription_id, agreement_id, event_id",
        [now],
    ).fetchall()
    return [_row(r) for r in rows]


def _filters(
    conn: duckdb.DuckDBPyConnection, subscription_id: str | None, statuses: Sequence[str]
) -> tuple[str, list[Any]]:
    """The filter of a listing; an unknown subscription id or state is an error, not 0 rows."""
    for status in statuses:
        if status not in STATUSES:
            raise not_one_of("alert state", status, STATUSES)
    if subscription_id is not None:
        get_subscription(conn, subscription_id)
    where, params = ["TRUE"], []
    if subscription_id is not None:
        where.append("subscription_id = ?")
        params.append(subscription_id)
    if statuses:
        where.append(f"status IN ({', '.join('?' * len(statuses))})")
        params += list(statuses)
    return " AND ".join(where), params


def outbox_rows(
    db: Db,
    *,
    subscription_id: str | None = None,
    statuses: Sequence[str] = (),
    limit: int | None = None,
    offset: int = 0,
) -> list[OutboxRow]:
    """Outbox rows, of one subscription or all, in some states or all, oldest first
    (``limit`` rows from ``offset`` on; ``limit`` None: all of them)."""
    conn = conn_of(db)
    where, params = _filters(conn, subscription_id, statuses)
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    rows = conn.execute(
        f"SELECT {_ROW_COLUMNS} FROM alert_outbox WHERE {where} "
        f"ORDER BY created_at, subscription_id, agreement_id, event_id{page}",
        params,
    ).fetchall()
    return [_row(r) for r in rows]


def outbox_total(
    db: Db,
    *,
    subscription_id: str | None = None,
    statuses: Sequence[str] = (),
) -> int:
    """How many outbox rows :func:`outbox_rows` would list with the same filters (all pages)."""
    conn = conn_of(db)
    where, params = _filters(conn, subscription_id, statuses)
    row = conn.execute(f"SELECT count(*) FROM alert_outbox WHERE {where}", params).fetchone()
    return int(row[0]) if row else 0


def outbox_counts(db: Db) -> dict[str, int]:
    """How many outbox rows are in each state."""
    conn = conn_of(db)
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in conn.execute(
        "SELECT status, count(*) FROM alert_outbox GROUP BY status"
    ).fetchall():
        counts[str(status)] = int(n)
    return counts


def _ids(delivery_ids: Sequence[str]) -> tuple[str, list[str]]:
    return ", ".join("?" * len(delivery_ids)), list(delivery_ids)


def mark_sent(db: Db, delivery_ids: Sequence[str], now: datetime) -> None:
    """Record rows as delivered (one transaction)."""
    conn = conn_of(db)
    if not delivery_ids:
        return
    marks, ids = _ids(delivery_ids)
    conn.execute(
        "UPDATE alert_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
        f"last_error = NULL WHERE delivery_id IN ({marks})",
        [now, *ids],
    )


def mark_failed(
    db: Db,
    delivery_ids: Sequence[str],
    error: str,
    now: datetime,
    *,
    max_attempts: int,
    backoff: timedelta,
    backoff_max: timedelta,
) -> None:
    """Record a failed attempt: retry after ``backoff * 2**(attempts - 1)`` (at most
    ``backoff_max``), or ``dead`` once ``max_attempts`` attempts have failed."""
    conn = conn_of(db)
    if not delivery_ids:
        return
    marks, ids = _ids(delivery_ids)
    conn.execute(
        "UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, "
        "status = CASE WHEN attempts + 1 >= ? THEN 'dead' ELSE 'failed' END, "
        "next_attempt_at = ? + to_microseconds(CAST(least(? * pow(2, attempts), ?) AS BIGINT)) "
        f"WHERE delivery_id IN ({marks})",
        [
            _one_line(error),
            max_attempts,
            now,
            int(backoff.total_seconds() * 1e6),
            int(backoff_max.total_seconds() * 1e6),
            *ids,
        ],
    )


def _one_line(error: str, limit: int = 500) -> str:
    """An error as stored in ``last_error``: control characters as spaces, at most ``limit``
    characters (listings show it on one line)."""
    flat = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in error)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def mark_dead(db: Db, delivery_ids: Sequence[str], error: str) -> None:
    """Give up on rows that can never be delivered as they are (a message that cannot be
    built, a destination refused): ``dead`` at once, with ``error`` as the reason."""
    conn = conn_of(db)
    if not delivery_ids:
        return
    marks, ids = _ids(delivery_ids)
    conn.execute(
        "UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, status = 'dead' "
        f"WHERE delivery_id IN ({marks}) AND status IN ('pending', 'failed')",
        [_one_line(error), *ids],
    )


def postpone(db: Db, delivery_ids: Sequence[str], until: datetime) -> None:
    """Move waiting rows' next attempt to ``until`` without counting an attempt (used when
    an earlier message to the same subscription failed in this run)."""
    conn = conn_of(db)
    if not delivery_ids:
        return
    marks, ids = _ids(delivery_ids)
    conn.execute(
        "UPDATE alert_outbox SET next_attempt_at = greatest(next_attempt_at, ?) "
        f"WHERE delivery_id IN ({marks}) AND status IN ('pending', 'failed')",
        [until, *ids],
    )
