"""The alert outbox: one row per (subscription, event, agreement), queued once, sent once.

Queueing (:func:`enqueue_alerts`) matches the stored verdicts against every active
subscription and inserts the new matches in ONE transaction. The key (subscription, event,
agreement) is UNIQUE and matches already queued are skipped, so running it again queues
nothing twice. When an event has verdicts for several windows of one agreement, the most
severe is queued (:data:`SEVERITY`: the order of the map and the report).
Verdicts are re-judged (and rewritten) whenever their window changes or gets new events, so
"new" does not mean "rewritten": a verdict is new to a subscription when its event was stored,
or the latest version of its agreement was stored, at or after the subscription's ``since``.
Only verdicts judged with the store's location threshold (``trucewatch settings``) are queued
or counted: those judged otherwise wait for the update that judges them again.
Each row keeps a JSON snapshot of the verdict and its event (with the event's local day), so the
alert can be delivered even if the verdict is later re-judged. :func:`left_out_unlocated` counts
what a subscription was not alerted of because it is ``unlocated``, for its messages to say so.

A row is ``pending`` (never tried), ``failed`` (tried, will be retried at ``next_attempt_at``,
with exponential backoff), ``sent`` or ``dead`` (gave up after the last attempt, or its
subscription was removed). Delivery marks a row sent only after the receiver accepted it.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa

from trucewatch.model.verdict import SEVERITY as VERDICT_SEVERITY
from trucewatch.store.connect import transaction
from trucewatch.store.settings import current_rules_version
from trucewatch.store.subscriptions import Subscription, get_subscription
from trucewatch.suggest import not_one_of

__all__ = [
    "SEVERITY",
    "STATUSES",
    "LeftOutDay",
    "OutboxRow",
    "due_rows",
    "enqueue_alerts",
    "left_out_unlocated",
    "local_day",
    "mark_dead",
    "mark_failed",
    "mark_sent",
    "outbox_counts",
    "outbox_rows",
    "outbox_total",
    "postpone",
]

#: The states of an outbox row.
STATUSES = ("pending", "failed", "sent", "dead")

#: Verdict kinds, most severe first (``model.verdict.SEVERITY``): an event judged in several
#: windows of one agreement is alerted once, with its most severe verdict of a kind the
#: subscription gets.
SEVERITY = tuple(k.value for k in VERDICT_SEVERITY)
_SEVERITY = (
    "CASE v.verdict "
    + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(SEVERITY))
    + f" ELSE {len(SEVERITY)} END"
)
_LOCAL_DAY = "CAST(timezone(e.timezone, e.time_start) AS DATE)"
_ISO = "'%Y-%m-%dT%H:%M:%SZ'"
_PAYLOAD = f"""to_json({{
    'event_id': v.event_id, 'agreement_id': v.agreement_id, 'window_id': v.window_id,
    'verdict': v.verdict, 'explanation': NULL::VARCHAR,
    'time_start': strftime(timezone('UTC', e.time_start), {_ISO}),
    'time_end': strftime(timezone('UTC', e.time_end), {_ISO}),
    'day': strftime({_LOCAL_DAY}, '%Y-%m-%d'), 'timezone': e.timezone,
    'lat': e.lat, 'lon': e.lon, 'place': e.place, 'country': e.country, 'admin1': e.admin1,
    'event_type': e.event_type, 'side_a': e.side_a, 'side_b': e.side_b,
    'fatalities_low': e.fatalities_low, 'fatalities_best': e.fatalities_best,
    'fatalities_high': e.fatalities_high, 'source': e.source, 'url': e.url,
    'headline': e.headline}})::VARCHAR"""
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


def _match(sub: Subscription, current: str, *, kinds: bool = True) -> tuple[str, list[Any]]:
    """The SQL condition (verdicts ``v`` joined with events ``e``) of a subscription (without
    its verdict kinds if ``kinds`` is False), on verdicts of the rules version ``current``
    only: verdicts judged with another location threshold than the store's setting wait for
    the update that judges them again."""
    where: list[str] = ["v.rules_version = ?"]
    params: list[Any] = [current]
    if kinds:
        where.append(f"v.verdict IN ({', '.join('?' * len(sub.kinds))})")
        params += list(sub.kinds)
    if sub.agreement_ids:
        where.append(f"v.agreement_id IN ({', '.join('?' * len(sub.agreement_ids))})")
        params += list(sub.agreement_ids)
    if sub.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = sub.bbox
        where.append("e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?")
        params += [min_lon, max_lon, min_lat, max_lat]
    if sub.min_fatalities > 0:
        where.append("coalesce(e.fatalities_best, e.fatalities_low, 0) >= ?")
        params.append(sub.min_fatalities)
    if sub.since is not None:  # new to it: the event, or its agreement's version, is newer
        where.append(
            "(e.ingested_at >= ? OR v.agreement_id IN (SELECT agreement_id FROM agreements "
            "GROUP BY agreement_id HAVING max(added_at) >= ?))"
        )
        params += [sub.since, sub.since]
    return " AND ".join(where), params


def local_day(sub: Subscription, instant: datetime) -> date:
    """The day ``instant`` falls on in the subscription's time zone."""
    return instant.astimezone(ZoneInfo(sub.timezone)).date()


#: (event_id, agreement_id, window_id) of stored verdicts -> their explanations
Explainer = Callable[[Sequence[tuple[str, str, str]]], dict[tuple[str, str, str], str]]


def enqueue_alerts(
    conn: duckdb.DuckDBPyConnection,
    subscriptions: Sequence[Subscription],
    now: datetime,
    *,
    explain: Explainer,
) -> dict[str, int]:
    """Queue every new match of the active ``subscriptions``, all in ONE transaction.

    The payload's explanation is rendered by ``explain`` (the store keeps verdicts as codes:
    :func:`trucewatch.verdicts.stored.explanations`) for the rows queued now.

    Returns how many alerts were queued per subscription id. Matches queued before (same
    subscription, event and agreement) are skipped by an anti-join; the UNIQUE key backs it
    up (a duplicate would roll the whole transaction back, never be queued). ``ON CONFLICT DO
    NOTHING`` is not used: it made queueing 10x slower on a large outbox.
    """
    queued: dict[str, int] = {}
    current = current_rules_version(conn)
    with transaction(conn):
        for sub in subscriptions:
            if not sub.active or sub.defect is not None:  # a defect: nothing is queued for it
                continue
            condition, params = _match(sub, current)
            day = local_day(sub, now) if sub.mode == "digest" else None
            before = _count(conn, sub.subscription_id)
            conn.execute(
                f"INSERT INTO alert_outbox ({_ROW_COLUMNS}) "
                f"SELECT uuid()::VARCHAR, ?, v.event_id, v.agreement_id, v.window_id, "
                f"v.verdict, {_PAYLOAD}, ?, 'pending', 0, ?, NULL, ?, NULL "
                "FROM verdicts v JOIN events e ON e.event_id = v.event_id "
                f"WHERE {condition} AND NOT EXISTS (SELECT 1 FROM alert_outbox o "
                "WHERE o.subscription_id = ? AND o.event_id = v.event_id "
                "AND o.agreement_id = v.agreement_id) "
                "QUALIFY row_number() OVER (PARTITION BY v.event_id, v.agreement_id "
                f"ORDER BY {_SEVERITY}, v.window_id) = 1",
                [sub.subscription_id, day, now, now, *params, sub.subscription_id],
            )
            queued[sub.subscription_id] = _count(conn, sub.subscription_id) - before
        _explain_queued(conn, now, explain)
    return queued


def _explain_queued(conn: duckdb.DuckDBPyConnection, now: datetime, explain: Explainer) -> None:
    """Put the rendered explanation into the payloads of the rows queued at ``now``."""
    rows = conn.execute(
        "SELECT delivery_id, event_id, agreement_id, window_id, payload FROM alert_outbox "
        "WHERE created_at = ? AND status = 'pending' AND attempts = 0",
        [now],
    ).fetchall()
    if not rows:
        return
    texts = explain(sorted({(e, a, w) for _, e, a, w, _ in rows}))
    updates = []
    for delivery_id, event_id, agreement_id, window_id, payload in rows:
        record = json.loads(payload)
        if record.get("explanation") is not None:
            continue
        record["explanation"] = texts[(event_id, agreement_id, window_id)]
        updates.append((delivery_id, json.dumps(record, ensure_ascii=False)))
    table = pa.table(
        {
            "delivery_id": pa.array([d for d, _ in updates], pa.string()),
            "payload": pa.array([p for _, p in updates], pa.string()),
        }
    )
    conn.register("_tw_payloads", table)
    try:
        conn.execute(
            "UPDATE alert_outbox SET payload = u.payload FROM _tw_payloads u "
            "WHERE alert_outbox.delivery_id = u.delivery_id"
        )
    finally:
        conn.unregister("_tw_payloads")


@dataclass(frozen=True)
class LeftOutDay:
    """Unlocated events of one agreement and one local day that a subscription was not alerted
    of: ``coarser`` located too coarsely for the scope, ``mostly_outside`` mostly outside it."""

    agreement_id: str
    day: date
    coarser: int
    mostly_outside: int


def left_out_unlocated(
    conn: duckdb.DuckDBPyConnection, sub: Subscription, first_day: date, last_day: date
) -> list[LeftOutDay]:
    """What ``sub`` was not alerted of because it is ``unlocated``, per agreement and local day
    of the event from ``first_day`` to ``last_day`` (days with none are not listed).

    Counted: an (event, agreement) that matches the subscription but for its kinds (agreements,
    area, fatalities, new to it), whose most severe verdict over the agreement's windows is
    ``unlocated`` (so none is a violation or a possible violation) and none of whose verdicts
    is of a kind the subscription gets. Nothing when it gets ``unlocated`` itself.
    """
    if "unlocated" in sub.kinds or last_day < first_day:
        return []
    condition, params = _match(sub, current_rules_version(conn), kinds=False)
    rows = conn.execute(
        f"""
        SELECT agreement_id, day,
               count(*) FILTER (WHERE list_contains(reasons, 'location_coarser_than_scope')),
               count(*) FILTER (WHERE list_contains(reasons, 'mostly_outside_scope'))
        FROM (
            SELECT v.agreement_id, v.verdict, v.reasons, {_LOCAL_DAY} AS day,
                   bool_or(v.verdict IN ({", ".join("?" * len(sub.kinds))}))
                       OVER (PARTITION BY v.event_id, v.agreement_id) AS alerted
            FROM verdicts v JOIN events e ON e.event_id = v.event_id
            WHERE {condition} AND {_LOCAL_DAY} BETWEEN ? AND ?
            QUALIFY row_number() OVER (PARTITION BY v.event_id, v.agreement_id
                                       ORDER BY {_SEVERITY}, v.window_id) = 1
        )
        WHERE verdict = 'unlocated' AND NOT alerted
        GROUP BY agreement_id, day
        ORDER BY agreement_id, day
        """,
        [*sub.kinds, *params, first_day, last_day],
    ).fetchall()
    return [LeftOutDay(str(a), d, int(c), int(m)) for a, d, c, m in rows]


def _count(conn: duckdb.DuckDBPyConnection, subscription_id: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM alert_outbox WHERE subscription_id = ?", [subscription_id]
    ).fetchone()
    return int(row[0]) if row else 0


def due_rows(conn: duckdb.DuckDBPyConnection, now: datetime) -> list[OutboxRow]:
    """Rows waiting to be (re)tried whose time has come, oldest first."""
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
    conn: duckdb.DuckDBPyConnection,
    *,
    subscription_id: str | None = None,
    statuses: Sequence[str] = (),
    limit: int | None = None,
    offset: int = 0,
) -> list[OutboxRow]:
    """Outbox rows, of one subscription or all, in some states or all, oldest first
    (``limit`` rows from ``offset`` on; ``limit`` None: all of them)."""
    where, params = _filters(conn, subscription_id, statuses)
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    rows = conn.execute(
        f"SELECT {_ROW_COLUMNS} FROM alert_outbox WHERE {where} "
        f"ORDER BY created_at, subscription_id, agreement_id, event_id{page}",
        params,
    ).fetchall()
    return [_row(r) for r in rows]


def outbox_total(
    conn: duckdb.DuckDBPyConnection,
    *,
    subscription_id: str | None = None,
    statuses: Sequence[str] = (),
) -> int:
    """How many outbox rows :func:`outbox_rows` would list with the same filters (all pages)."""
    where, params = _filters(conn, subscription_id, statuses)
    row = conn.execute(f"SELECT count(*) FROM alert_outbox WHERE {where}", params).fetchone()
    return int(row[0]) if row else 0


def outbox_counts(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many outbox rows are in each state."""
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in conn.execute(
        "SELECT status, count(*) FROM alert_outbox GROUP BY status"
    ).fetchall():
        counts[str(status)] = int(n)
    return counts


def _ids(delivery_ids: Sequence[str]) -> tuple[str, list[str]]:
    return ", ".join("?" * len(delivery_ids)), list(delivery_ids)


def mark_sent(conn: duckdb.DuckDBPyConnection, delivery_ids: Sequence[str], now: datetime) -> None:
    """Record rows as delivered (one transaction)."""
    if not delivery_ids:
        return
    marks, ids = _ids(delivery_ids)
    conn.execute(
        "UPDATE alert_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
        f"last_error = NULL WHERE delivery_id IN ({marks})",
        [now, *ids],
    )


def mark_failed(
    conn: duckdb.DuckDBPyConnection,
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


def mark_dead(conn: duckdb.DuckDBPyConnection, delivery_ids: Sequence[str], error: str) -> None:
    """Give up on rows that can never be delivered as they are (a message that cannot be
    built, a destination refused): ``dead`` at once, with ``error`` as the reason."""
    if not delivery_ids:
        return
    marks, ids = _ids(delivery_ids)
    conn.execute(
        "UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, status = 'dead' "
        f"WHERE delivery_id IN ({marks}) AND status IN ('pending', 'failed')",
        [_one_line(error), *ids],
    )


def postpone(conn: duckdb.DuckDBPyConnection, delivery_ids: Sequence[str], until: datetime) -> None:
    """Move waiting rows' next attempt to ``until`` without counting an attempt (used when
    an earlier message to the same subscription failed in this run)."""
    if not delivery_ids:
        return
    marks, ids = _ids(delivery_ids)
    conn.execute(
        "UPDATE alert_outbox SET next_attempt_at = greatest(next_attempt_at, ?) "
        f"WHERE delivery_id IN ({marks}) AND status IN ('pending', 'failed')",
        [until, *ids],
    )
