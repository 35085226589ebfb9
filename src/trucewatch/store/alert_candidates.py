"""The verdicts that may be new to the alert subscriptions, read once per queueing (for
:mod:`trucewatch.store.alert_queue`), so that a batch landing on a large store costs what the
batch costs, not what the store holds.

A subscription with a ``since`` is alerted only of verdicts judged at or after it (their event
stored, their window judged from nothing, or their kind changed: each is a verdict written
then), so every verdict it can be new to has ``computed_at >= since``. :func:`stage` reads
those verdicts once for all such subscriptions (the earliest ``since``, the kinds and
agreements any of them gets) into a temporary table ``_tw_v`` (the columns of the view
``verdicts``), and their events into ``_tw_e`` (the columns of ``events``) in two steps: the
row ids of the events by id (a scan of one column), then those rows. One join of the verdicts
with every column of 10 M events took seconds per subscription; a batch's verdicts are a few
thousand rows. The queue then matches each subscription against these small tables, with the
same conditions. Subscriptions without a ``since`` (``--include-existing``) read the store's
tables, as they may be new to any verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from trucewatch.store.connect import Db, conn_of
from trucewatch.store.subscriptions import Subscription
from trucewatch.store.verdicts import CODE_COLUMNS, LISTING_COLUMNS

__all__ = ["STAGED", "drop_stage", "listing_of_keys", "stage"]

#: the staged tables (verdicts, events), named in the queries as the tables they stand for
STAGED = ("_tw_v", "_tw_e")

_LISTING = ", ".join(
    f"array_to_string(v.{c}, ' ') AS {c}"
    if c in ("reasons", "contested_with")
    else f"v.{c}"
    if c in CODE_COLUMNS
    else f"epoch_us(e.{c}) AS {c}"
    if c.startswith("time_")
    else f"e.{c}"
    for c in LISTING_COLUMNS
)


def stage(db: Db, subscriptions: Sequence[Subscription], current: str) -> bool:
    """Stage the verdicts (of the rules version ``current``) that may be new to
    ``subscriptions`` (each with a ``since``) and their events, in the caller's transaction.
    False (nothing staged) when there is no such subscription."""
    subs = [s for s in subscriptions if s.since is not None]
    if not subs:
        return False
    conn = conn_of(db)
    since = min(s.since for s in subs if s.since is not None)
    kinds = sorted({k for s in subs for k in s.kinds})
    where = ["v.rules_version = ?", "v.computed_at >= ?", "v.verdict = ANY(?)"]
    params: list[Any] = [current, since, kinds]
    if all(s.agreement_ids for s in subs):
        where.append("v.agreement_id = ANY(?)")
        params.append(sorted({a for s in subs for a in s.agreement_ids}))
    conn.execute(
        "CREATE OR REPLACE TEMP TABLE _tw_v AS SELECT v.* FROM verdicts v "
        f"WHERE {' AND '.join(where)}",
        params,
    )
    rows = conn.execute(
        "SELECT e.rowid FROM events e SEMI JOIN _tw_v v ON v.event_id = e.event_id"
    ).fetchall()
    conn.execute(
        "CREATE OR REPLACE TEMP TABLE _tw_e AS SELECT * FROM events WHERE rowid = ANY(?)",
        [[int(r[0]) for r in rows]],
    )
    return True


def drop_stage(db: Db) -> None:
    """Drop the staged tables (if any)."""
    conn = conn_of(db)
    for name in STAGED:
        conn.execute(f"DROP TABLE IF EXISTS temp.{name}")


def listing_of_keys(
    db: Db, keys: Sequence[tuple[str, str, str]], *, staged: bool
) -> list[list[Any]]:
    """The columns of :data:`~trucewatch.store.verdicts.LISTING_COLUMNS` of the verdicts of
    ``keys`` (event_id, agreement_id, window_id), in their order: read from the staged tables
    when ``staged`` (every key must be there), else from the store's."""
    if not keys:
        return [[] for _ in LISTING_COLUMNS]
    conn = conn_of(db)
    source = "_tw_v v JOIN _tw_e e USING (event_id)"
    if not staged:  # the events filtered by id first: a few row groups read
        source = (
            "verdicts v JOIN (SELECT * FROM events WHERE event_id = ANY($1)) e USING (event_id)"
        )
    rows = conn.execute(
        f"SELECT {_LISTING} FROM {source} "
        "JOIN (SELECT unnest($1) AS event_id, unnest($2) AS agreement_id, "
        "unnest($3) AS window_id, unnest(range($4)) AS k) want "
        "USING (event_id, agreement_id, window_id) ORDER BY want.k",
        [[k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys], len(keys)],
    ).fetchall()
    return [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in LISTING_COLUMNS]
