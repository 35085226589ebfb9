"""Queueing alerts into the outbox (``alert_outbox``, :mod:`trucewatch.store.outbox`), and what
a subscription was not alerted of.

Queueing (:func:`enqueue_alerts`) matches the stored verdicts against every active
subscription and inserts the new matches in ONE transaction. The key (subscription, event,
agreement) is UNIQUE and matches already queued are skipped, so running it again queues
nothing twice. When an event has verdicts for several windows of one agreement, the most
severe is queued (:data:`SEVERITY`: the order of the map and the report).
Verdicts are re-judged (and rewritten) whenever their window changes or gets new events, so
"new" does not mean "rewritten": a verdict is new to a subscription when, at or after the
subscription's ``since``, its event was stored, or its window was judged from nothing (a new
agreement or window), or it was judged again to a kind more severe than before (recorded by
the update, :mod:`trucewatch.store.verdict_news`). A new version of an agreement that leaves a
verdict's kind as it was, or makes it less severe, does not make it new.
Only verdicts judged with the store's location threshold (``trucewatch settings``) are queued
or counted: those judged otherwise wait for the update that judges them again.
Each row keeps a JSON snapshot of the verdict and its event (with the event's local day), so the
alert can be delivered even if the verdict is later re-judged: the matches are read as typed
rows (:class:`AlertMatch`) and the snapshot is made from them in Python
(:meth:`AlertMatch.payload`). The verdicts that may be new to the subscriptions with a
``since`` are read once per queueing, with their events, into small temporary tables
(:mod:`trucewatch.store.alert_candidates`), and each such subscription is matched there; the
explanations are rendered from the same rows' columns. :func:`left_out_unlocated` counts what a
subscription was not alerted of because it is ``unlocated``, for its messages to say so.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from trucewatch.errors import StoreError
from trucewatch.model.verdict import SEVERITY as VERDICT_SEVERITY
from trucewatch.store.alert_candidates import drop_stage, listing_of_keys, stage
from trucewatch.store.connect import Db, conn_of, transaction
from trucewatch.store.rows import paused_gc
from trucewatch.store.settings import current_rules_version
from trucewatch.store.subscriptions import Subscription

__all__ = [
    "SEVERITY",
    "AlertMatch",
    "Explainer",
    "LeftOutDay",
    "enqueue_alerts",
    "left_out_unlocated",
    "local_day",
    "new_matches",
]

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
_ISO = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class AlertMatch:
    """A stored verdict new to a subscription, with what its alert shows of the event:
    ``time_start`` and ``time_end`` in UTC, ``day`` the event's day in its own time zone."""

    event_id: str
    agreement_id: str
    window_id: str
    verdict: str
    time_start: datetime
    time_end: datetime
    day: date
    timezone: str
    lat: float
    lon: float
    place: str | None
    country: str | None
    admin1: str | None
    event_type: str
    side_a: str | None
    side_b: str | None
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    source: str
    url: str | None
    headline: str | None
    confidence: float | None  # of an event read from a news article (None: a coded row)
    guessed: list[str] | None

    @property
    def key(self) -> tuple[str, str, str]:
        """(event_id, agreement_id, window_id): the verdict's key."""
        return self.event_id, self.agreement_id, self.window_id

    def payload(self, explanation: str) -> dict[str, Any]:
        """The JSON snapshot an outbox row keeps (``OutboxRow.payload``): the verdict with its
        ``explanation`` and the event, times as ``YYYY-MM-DDTHH:MM:SSZ``, ``day`` as a date."""
        return {
            "event_id": self.event_id,
            "agreement_id": self.agreement_id,
            "window_id": self.window_id,
            "verdict": self.verdict,
            "explanation": explanation,
            "time_start": self.time_start.strftime(_ISO),
            "time_end": self.time_end.strftime(_ISO),
            "day": self.day.isoformat(),
            "timezone": self.timezone,
            "lat": self.lat,
            "lon": self.lon,
            "place": self.place,
            "country": self.country,
            "admin1": self.admin1,
            "event_type": self.event_type,
            "side_a": self.side_a,
            "side_b": self.side_b,
            "fatalities_low": self.fatalities_low,
            "fatalities_best": self.fatalities_best,
            "fatalities_high": self.fatalities_high,
            "source": self.source,
            "url": self.url,
            "headline": self.headline,
            "confidence": self.confidence,
            "guessed": list(self.guessed or ()),
        }


_UTC_TIMES = ("time_start", "time_end")


def _column(name: str) -> str:
    """The SQL of :class:`AlertMatch`'s field ``name`` (verdicts ``v`` joined with events
    ``e``): times as naive UTC (faster to Python than TIMESTAMPTZ), the local day in SQL as
    :func:`left_out_unlocated` counts it."""
    if name in ("event_id", "agreement_id", "window_id", "verdict"):
        return f"v.{name}"
    if name == "day":
        return _LOCAL_DAY
    return f"timezone('UTC', e.{name})" if name in _UTC_TIMES else f"e.{name}"


_MATCH_SELECT = ", ".join(_column(f.name) for f in fields(AlertMatch))
_UTC_AT = [i for i, f in enumerate(fields(AlertMatch)) if f.name in _UTC_TIMES]


def _alert_match(values: tuple[Any, ...]) -> AlertMatch:
    row = list(values)
    for i in _UTC_AT:  # read as naive UTC: UTC attached here
        row[i] = row[i].replace(tzinfo=UTC)
    return AlertMatch(*row)


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
    if sub.min_confidence is not None:  # news events of a lower extraction confidence: none
        where.append("(e.confidence IS NULL OR e.confidence >= ?)")
        params.append(sub.min_confidence)
    if sub.since is not None:  # new to it: the event, the window, or the verdict's kind
        # each is judged at or after since: a filter on the verdicts' column that skips the
        # blocks of older verdicts before any join (the condition below decides)
        where.append("v.computed_at >= ?")
        params.append(sub.since)
        where.append(
            "(e.ingested_at >= ? OR v.window_no IN (SELECT window_no FROM "
            "verdict_window_numbers WHERE first_judged_at >= ?) OR EXISTS (SELECT 1 FROM "
            "verdict_kind_changes k WHERE k.event_id = v.event_id "
            "AND k.window_no = v.window_no AND k.changed_at >= ?))"
        )
        params += [sub.since, sub.since, sub.since]
    return " AND ".join(where), params


def local_day(sub: Subscription, instant: datetime) -> date:
    """The day ``instant`` falls on in the subscription's time zone."""
    return instant.astimezone(ZoneInfo(sub.timezone)).date()


#: the columns of :data:`~trucewatch.store.verdicts.LISTING_COLUMNS` of stored verdicts ->
#: their explanations, in order
Explainer = Callable[[Sequence[Sequence[Any]]], list[str]]


def new_matches(
    db: Db, sub: Subscription, current: str, *, staged: bool = False
) -> list[AlertMatch]:
    """The matches of ``sub`` not queued for it yet (verdicts of the rules version
    ``current``), the most severe verdict of each (event, agreement). ``staged``: read from
    the tables :func:`~trucewatch.store.alert_candidates.stage` made (which hold every verdict
    that may be new to ``sub``), not from the store's."""
    conn = conn_of(db)
    condition, params = _match(sub, current)
    source = "_tw_v v JOIN _tw_e e" if staged else "verdicts v JOIN events e"
    with paused_gc():  # many long-lived objects: the collector would rescan them
        rows = conn.execute(
            f"SELECT {_MATCH_SELECT} FROM {source} ON e.event_id = v.event_id "
            f"WHERE {condition} AND NOT EXISTS (SELECT 1 FROM alert_outbox o "
            "WHERE o.subscription_id = ? AND o.event_id = v.event_id "
            "AND o.agreement_id = v.agreement_id) "
            "QUALIFY row_number() OVER (PARTITION BY v.event_id, v.agreement_id "
            f"ORDER BY {_SEVERITY}, v.window_id) = 1",
            [*params, sub.subscription_id],
        ).fetchall()
        return [_alert_match(r) for r in rows]


def enqueue_alerts(
    db: Db,
    subscriptions: Sequence[Subscription],
    now: datetime,
    *,
    explain: Explainer,
) -> dict[str, int]:
    """Queue every new match of the active ``subscriptions``, all in ONE transaction.

    The payload's explanation is rendered by ``explain`` from the listing columns of the
    verdicts queued now (the store keeps verdicts as codes:
    :func:`trucewatch.verdicts.stored.explain_columns`).

    Returns how many alerts were queued per subscription id. Matches queued before (same
    subscription, event and agreement) are skipped by an anti-join; the UNIQUE key backs it
    up (a duplicate would roll the whole transaction back, never be queued). ``ON CONFLICT DO
    NOTHING`` is not used: it made queueing 10x slower on a large outbox.
    """
    conn = conn_of(db)
    queued: dict[str, int] = {}
    active = [s for s in subscriptions if s.active and s.defect is None]  # a defect: none
    with transaction(conn):
        current = current_rules_version(conn)
        staged = stage(conn, active, current)  # (made in the transaction: a rollback drops it)
        found: list[tuple[Subscription, list[AlertMatch]]] = []
        for sub in active:
            matches = new_matches(conn, sub, current, staged=sub.since is not None)
            queued[sub.subscription_id] = len(matches)
            found.append((sub, matches))
        if any(matches for _, matches in found):
            _insert(conn, found, _explained(conn, found, staged, explain), now)
        drop_stage(conn)
    return queued


def _explained(
    db: Db, found: list[tuple[Subscription, list[AlertMatch]]], staged: bool, explain: Explainer
) -> dict[tuple[str, str, str], str]:
    """The explanation of every verdict matched, rendered by ``explain`` from its columns
    (read from the staged tables for the subscriptions matched there)."""
    inside = sorted({m.key for s, ms in found if staged and s.since is not None for m in ms})
    outside = sorted({m.key for _, ms in found for m in ms} - set(inside))
    texts: dict[tuple[str, str, str], str] = {}
    for keys, from_stage in ((inside, True), (outside, False)):
        if keys:
            with paused_gc():
                columns = listing_of_keys(db, keys, staged=from_stage)
            read = list(zip(*columns[:3], strict=True))
            if read != keys:
                gone = sorted(set(keys) - set(read))
                raise StoreError(
                    f"{len(gone)} verdicts matched are no longer stored (first {gone[:1]}): "
                    "the store changed while alerts were queued; queue them again"
                )
            texts.update(zip(keys, explain(columns), strict=True))
    return texts


def _insert(
    db: Db,
    found: list[tuple[Subscription, list[AlertMatch]]],
    texts: dict[tuple[str, str, str], str],
    now: datetime,
) -> None:
    """Insert the outbox rows of the matches (one statement), their payloads made here."""
    with paused_gc():  # many objects made and kept: the collector would rescan them
        table = _queued_table(found, texts, now)
    conn = conn_of(db)
    conn.register("_tw_queued", table)
    try:
        conn.execute(
            "INSERT INTO alert_outbox (delivery_id, subscription_id, event_id, agreement_id, "
            "window_id, verdict, payload, digest_day, status, attempts, next_attempt_at, "
            "last_error, created_at, sent_at) "
            "SELECT uuid()::VARCHAR, subscription_id, event_id, agreement_id, window_id, "
            "verdict, payload, digest_day, 'pending', 0, ?, NULL, ?, NULL FROM _tw_queued",
            [now, now],
        )
    finally:
        conn.unregister("_tw_queued")


def _queued_table(
    found: list[tuple[Subscription, list[AlertMatch]]],
    texts: dict[tuple[str, str, str], str],
    now: datetime,
) -> pa.Table:
    """The outbox rows of the matches as an Arrow table, their payloads made here."""
    columns: dict[str, list[Any]] = {
        k: [] for k in ("subscription_id", "event_id", "agreement_id", "window_id", "verdict")
    }
    payloads: list[str] = []
    days: list[date | None] = []
    for sub, matches in found:
        day = local_day(sub, now) if sub.mode == "digest" else None
        for m in matches:
            for name, value in zip(columns, (sub.subscription_id, *m.key, m.verdict), strict=True):
                columns[name].append(value)
            payloads.append(json.dumps(m.payload(texts[m.key]), ensure_ascii=False))
            days.append(day)
    return pa.table(
        {
            **{k: pa.array(v, pa.string()) for k, v in columns.items()},
            "payload": pa.array(payloads, pa.string()),
            "digest_day": pa.array(days, pa.date32()),
        }
    )


@dataclass(frozen=True)
class LeftOutDay:
    """Unlocated events of one agreement and one local day that a subscription was not alerted
    of: ``coarser`` located too coarsely for the scope, ``mostly_outside`` mostly outside it."""

    agreement_id: str
    day: date
    coarser: int
    mostly_outside: int


def left_out_unlocated(
    db: Db, sub: Subscription, first_day: date, last_day: date
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
    conn = conn_of(db)
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
