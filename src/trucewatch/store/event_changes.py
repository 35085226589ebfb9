"""Events edited and deleted at the source, and the log of those changes.

A source such as ACLED edits its events in place and deletes some. An ingest with
``edits="replace"`` (:meth:`Store.ingest <trucewatch.store.store.Store.ingest>`) stores a
record whose id is stored with other content as the event's new version:
:func:`replace_edited` moves the stored row to ``event_history`` (change ``edited``) and drops
its verdicts, and the ingest inserts the new row with its own ingest id, so the next verdict
update judges it as a new event. :func:`delete_events` moves rows to ``event_history``
(change ``deleted``), drops their verdicts and withdraws their alerts not yet sent: a deleted
event leaves the verdicts, the map, the counts, the effect and the exports because it leaves
``events``. An id deleted and sent again later is stored again (change ``restored``,
:func:`log_restored`). Every change is a row of ``event_changes`` (:func:`event_changes`).

Verdicts of other events that name a changed event in their ``contested_with`` list lose that
id (and their ``contested`` reason with the last one): an edited event judged again marks
them again if its new version still contests them, as the update marks any new event.
An edited event's alerts not yet sent are dropped from the outbox (never delivered: the
update queues the new version again if it still matches); a deleted event's are ``withdrawn``.
Everything here runs inside the caller's transaction but :func:`delete_events`, which is one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.errors import StoreError, ValidationError
from trucewatch.store.conflicts import StoredDifference
from trucewatch.store.connect import Db, conn_of, transaction
from trucewatch.store.ingest_columns import insert_events
from trucewatch.store.rows import EVENT_COLUMNS
from trucewatch.suggest import not_one_of

__all__ = [
    "CHANGES",
    "CONTESTED_BIT",
    "EDITS",
    "DeleteReport",
    "Edits",
    "EventChange",
    "check_edits",
    "count_event_changes",
    "delete_events",
    "drop_unread",
    "event_changes",
    "log_restored",
    "replace_edited",
    "store_new_versions",
]

#: What an ingest does with a record whose id is stored with other content.
Edits = Literal["refuse", "replace"]
EDITS: tuple[str, ...] = ("refuse", "replace")
#: The changes the log records.
CHANGES: tuple[str, ...] = ("edited", "deleted", "restored")
#: The bit of reason ``contested`` in ``verdict_codes.reason_bits`` (the store's reason list,
#: migration 8; a test holds it to ``trucewatch.verdicts.encode.BIT``).
CONTESTED_BIT = 31

_STORED = ", ".join((*EVENT_COLUMNS, "ingest_id", "ingested_at"))


@dataclass(frozen=True)
class EventChange:
    """One row of the log: an event ``edited``, ``deleted`` or ``restored``, by what
    (``origin``: the file ingested, or what the caller of :func:`delete_events` named), in
    which ingest (None for a deletion), when, and in a few words (``detail``)."""

    change_id: int
    event_id: str
    change: str
    origin: str
    ingest_id: int | None
    changed_at: datetime
    detail: str | None


@dataclass(frozen=True)
class DeleteReport:
    """What :func:`delete_events` did: events ``deleted``, ids ``unknown`` (not stored, or
    deleted already: nothing done) and alerts ``withdrawn`` (queued, not yet sent)."""

    deleted: int
    unknown: int
    withdrawn: int

    def __str__(self) -> str:
        return (
            f"{self.deleted:,} events deleted, {self.unknown:,} ids not stored (nothing to "
            f"delete), {self.withdrawn:,} alerts not yet sent withdrawn"
        )


def check_edits(edits: str) -> Edits:
    """``edits`` if it is one of :data:`EDITS`, else a ValidationError with a guess."""
    if edits == "refuse":
        return "refuse"
    if edits == "replace":
        return "replace"
    raise not_one_of("edits", edits, EDITS)


def replace_edited(
    conn: duckdb.DuckDBPyConnection,
    differences: Sequence[StoredDifference],
    *,
    ingest_id: int,
    origin: str,
    now: datetime,
) -> int:
    """Within the ingest's transaction: move the stored rows of ``differences`` to
    ``event_history`` (``edited``), drop their verdicts and unsent alerts, log the changes; the
    caller then inserts the new rows. The number of events replaced."""
    if not differences:
        return 0
    ids = [d.event_id for d in differences]
    _move_to_history(conn, ids, "edited", now, ingest_id)
    conn.execute(
        "DELETE FROM alert_outbox WHERE event_id IN (SELECT unnest($1::VARCHAR[])) "
        "AND status IN ('pending', 'failed')",
        [ids],
    )
    _log(conn, [(d.event_id, "edited", d.detail) for d in differences], origin, ingest_id, now)
    return len(ids)


def store_new_versions(
    conn: duckdb.DuckDBPyConnection,
    differences: Sequence[StoredDifference],
    rows: pa.Table,
    *,
    ingest_id: int,
    origin: str,
    now: datetime,
) -> int:
    """:func:`replace_edited`, then the rows of ``rows`` (each id once) with the ids of
    ``differences`` inserted as those events' new versions; the number replaced."""
    replaced = replace_edited(conn, differences, ingest_id=ingest_id, origin=origin, now=now)
    if not replaced:
        return 0
    ids = pa.array([d.event_id for d in differences], pa.string())
    conn.register("_tw_edited", rows.filter(pc.is_in(rows.column("event_id"), value_set=ids)))
    try:
        stored = insert_events(conn, "_tw_edited", ingest_id, now, skip_stored=False)
    finally:
        conn.unregister("_tw_edited")
    if stored != replaced:  # each id once in rows and stored once before: never
        raise AssertionError(f"{origin}: {replaced} events replaced but {stored} stored")
    return replaced


def log_restored(
    conn: duckdb.DuckDBPyConnection,
    incoming: pa.Table,
    *,
    ingest_id: int,
    origin: str,
    now: datetime,
) -> int:
    """Within an ingest's transaction, before its insert: log as ``restored`` the ids of
    ``incoming`` that were deleted at the source and are not stored (the insert stores them
    again). The number logged (``incoming`` looked at only when ``event_history`` holds a
    deletion)."""
    if not conn.execute("SELECT 1 FROM event_history WHERE change = 'deleted' LIMIT 1").fetchall():
        return 0
    conn.register("_tw_restore", incoming.select(["event_id"]))
    try:
        rows = conn.execute(
            "SELECT DISTINCT i.event_id FROM _tw_restore i "
            "WHERE i.event_id IN (SELECT event_id FROM event_history WHERE change = 'deleted') "
            "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = i.event_id) "
            "ORDER BY i.event_id"
        ).fetchall()
    finally:
        conn.unregister("_tw_restore")
    _log(conn, [(r[0], "restored", "sent again after its deletion") for r in rows], origin,
         ingest_id, now)  # fmt: skip
    return len(rows)


def drop_unread(
    conn: duckdb.DuckDBPyConnection,
    readings: Sequence[int],
    read_ids: pa.Array | pa.ChunkedArray,
    *,
    ingest_id: int,
    origin: str,
    now: datetime,
) -> int:
    """Within the transaction of a file read again with other settings: the events its
    earlier ``readings`` (ingest ids) stored that the new reading (``read_ids``: every id it
    gives) no longer gives leave ``events`` as :func:`delete_events` deletes them (kept in
    ``event_history`` as ``deleted``, verdicts dropped, alerts not yet sent ``withdrawn``),
    logged with the new ingest. The number removed."""
    if not readings:
        return 0
    conn.register("_tw_read_ids", pa.table({"event_id": read_ids}))
    try:
        ids = [
            str(r[0])
            for r in conn.execute(
                "SELECT event_id FROM events WHERE ingest_id IN (SELECT unnest($1::BIGINT[])) "
                "AND event_id NOT IN (SELECT event_id FROM _tw_read_ids) ORDER BY event_id",
                [list(readings)],
            ).fetchall()
        ]
    finally:
        conn.unregister("_tw_read_ids")
    if not ids:
        return 0
    _move_to_history(conn, ids, "deleted", now, ingest_id)
    why = f"no longer read from {origin}, read again with other settings (ingest #{ingest_id})"
    conn.execute(
        "UPDATE alert_outbox SET status = 'withdrawn', last_error = $2 "
        "WHERE event_id IN (SELECT unnest($1::VARCHAR[])) AND status IN ('pending', 'failed')",
        [ids, f"event {why}"],
    )
    _log(conn, [(i, "deleted", why) for i in ids], origin, ingest_id, now)
    return len(ids)


def delete_events(
    db: Db, ids: Iterable[str], *, origin: str, now: datetime | None = None
) -> DeleteReport:
    """Delete the events ``ids`` (source-qualified, as stored: ``acled:SYR1234``) in ONE
    transaction: rows moved to ``event_history`` (``deleted``), their verdicts dropped, their
    alerts not yet sent ``withdrawn``, each deletion logged with ``origin`` (what deleted them:
    a feed's name, a file). Ids not stored, or deleted already, are counted ``unknown``."""
    conn = conn_of(db)
    wanted = list(dict.fromkeys(ids))
    for event_id in wanted:
        if not isinstance(event_id, str) or not event_id.strip():
            raise ValidationError(
                f"delete_events: {event_id!r} is not an event id; give the ids as stored, "
                "e.g. acled:SYR1234"
            )
    if not origin.strip():
        raise ValidationError("delete_events: name the origin of the deletions (a feed, a file)")
    when = datetime.now(UTC) if now is None else now
    try:
        with transaction(conn):
            found = [
                str(r[0])
                for r in conn.execute(
                    "SELECT DISTINCT event_id FROM events "
                    "WHERE event_id IN (SELECT unnest($1::VARCHAR[])) ORDER BY event_id",
                    [wanted],
                ).fetchall()
            ]
            withdrawn = 0
            if found:
                _move_to_history(conn, found, "deleted", when, None)
                rows = conn.execute(
                    "UPDATE alert_outbox SET status = 'withdrawn', "
                    "last_error = 'event deleted at the source (' || $2 || ')' "
                    "WHERE event_id IN (SELECT unnest($1::VARCHAR[])) "
                    "AND status IN ('pending', 'failed')",
                    [found, origin],
                ).fetchall()
                withdrawn = int(rows[0][0]) if rows else 0
                _log(conn, [(i, "deleted", None) for i in found], origin, None, when)
    except duckdb.Error as exc:
        raise StoreError(
            f"deleting {len(wanted):,} events failed, nothing was deleted: {exc}"
        ) from exc
    return DeleteReport(len(found), len(wanted) - len(found), withdrawn)


def _move_to_history(
    conn: duckdb.DuckDBPyConnection,
    ids: list[str],
    change: str,
    now: datetime,
    ingest_id: int | None,
) -> None:
    """Copy the stored rows of ``ids`` to ``event_history``, drop their verdicts (and their
    id from other verdicts' contested lists), delete them from ``events``."""
    conn.execute(
        f"INSERT INTO event_history ({_STORED}, change, changed_at, change_ingest_id) "
        f"SELECT {_STORED}, $2, $3, $4 FROM events "
        "WHERE event_id IN (SELECT unnest($1::VARCHAR[]))",
        [ids, change, now, ingest_id],
    )
    conn.execute(
        "DELETE FROM verdict_codes WHERE event_id IN (SELECT unnest($1::VARCHAR[]))", [ids]
    )
    kept = "list_filter(contested_with, lambda x: NOT list_contains($1::VARCHAR[], x))"
    conn.execute(
        f"UPDATE verdict_codes SET "
        f"reason_bits = CASE WHEN len({kept}) = 0 "
        f"THEN reason_bits & ~({1 << CONTESTED_BIT}::UBIGINT) ELSE reason_bits END, "
        f"contested_with = CASE WHEN len({kept}) = 0 THEN NULL ELSE {kept} END "
        "WHERE contested_with IS NOT NULL AND list_has_any(contested_with, $1::VARCHAR[])",
        [ids],
    )
    conn.execute("DELETE FROM events WHERE event_id IN (SELECT unnest($1::VARCHAR[]))", [ids])


def _log(
    conn: duckdb.DuckDBPyConnection,
    changes: list[tuple[str, str, str | None]],
    origin: str,
    ingest_id: int | None,
    now: datetime,
) -> None:
    """Append ``changes`` ((event id, change, detail), in order) to ``event_changes``."""
    if not changes:
        return
    table = pa.table(
        {
            "event_id": pa.array([c[0] for c in changes], pa.string()),
            "change": pa.array([c[1] for c in changes], pa.string()),
            "detail": pa.array([c[2] for c in changes], pa.string()),
            "n": pa.array(range(1, len(changes) + 1), pa.int64()),
        }
    )
    conn.register("_tw_changes", table)
    try:
        conn.execute(
            "INSERT INTO event_changes (change_id, event_id, change, origin, ingest_id, "
            "changed_at, detail) "
            "SELECT (SELECT coalesce(max(change_id), 0) FROM event_changes) + n, event_id, "
            "change, $1, $2, $3, detail FROM _tw_changes ORDER BY n",
            [origin, ingest_id, now],
        )
    finally:
        conn.unregister("_tw_changes")


def _where(since: datetime | None, change: str | None) -> tuple[str, list[object]]:
    where: list[str] = ["TRUE"]
    params: list[object] = []
    if since is not None:
        if since.tzinfo is None:
            raise ValidationError(f"since {since.isoformat()}: give a time zone (UTC)")
        where.append("changed_at >= ?")
        params.append(since)
    if change is not None:
        if change not in CHANGES:
            raise not_one_of("change", change, CHANGES)
        where.append("change = ?")
        params.append(change)
    return " AND ".join(where), params


def event_changes(
    db: Db,
    *,
    since: datetime | None = None,
    change: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> list[EventChange]:
    """The log, oldest first: changes at or after ``since``, of one kind or all, at most
    ``limit`` from ``offset`` on (None: all; :func:`count_event_changes` counts them all)."""
    conn = conn_of(db)
    where, params = _where(since, change)
    page = "" if limit is None else f" LIMIT {int(limit)}"
    page += f" OFFSET {int(offset)}" if offset else ""
    rows = conn.execute(
        "SELECT change_id, event_id, change, origin, ingest_id, changed_at, detail "
        f"FROM event_changes WHERE {where} ORDER BY change_id{page}",
        params,
    ).fetchall()
    return [
        EventChange(
            int(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            None if r[4] is None else int(r[4]),
            r[5].astimezone(UTC),
            r[6],
        )
        for r in rows
    ]


def count_event_changes(db: Db, *, since: datetime | None = None, change: str | None = None) -> int:
    """How many changes :func:`event_changes` would list without a limit."""
    conn = conn_of(db)
    where, params = _where(since, change)
    row = conn.execute(f"SELECT count(*) FROM event_changes WHERE {where}", params).fetchone()
    return int(row[0]) if row else 0
