"""The live feeds a store follows and where each stopped (table ``feed_state``).

One row per feed: what it is (kind, version, options, schedule), its cursor (JSON, saved only
after the data it covers is committed: :func:`save_feed_success`), and its health as
``trucewatch status`` shows it: the state of the last attempt (``never``, ``ok`` or a
:data:`~trucewatch.errors.FEED_STATES` value with its detail), consecutive failures, the times of
the last attempt, success and change, and when it is due again. Credentials are never here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from trucewatch.errors import FEED_STATES, StoreError, ValidationError
from trucewatch.store.connect import Db, conn_of, transaction
from trucewatch.suggest import unknown

__all__ = [
    "FeedState",
    "LastIngest",
    "add_feed",
    "feed_state",
    "feed_states",
    "last_ingest",
    "remove_feed",
    "save_feed_failure",
    "save_feed_success",
]

_COLUMNS = (
    "name, kind, version, options, every_s, enabled, cursor, state, detail, failures, "
    "last_attempt_at, last_success_at, last_change_at, next_due_at, events_added, "
    "events_deleted, added_at"
)


@dataclass(frozen=True)
class FeedState:
    """One followed feed as stored: what it is, its cursor and its health."""

    name: str
    kind: str
    version: str
    options: dict[str, Any]
    every_s: int
    enabled: bool
    cursor: dict[str, Any] | None
    state: str
    detail: str | None
    failures: int
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_change_at: datetime | None
    next_due_at: datetime | None
    events_added: int
    events_deleted: int
    added_at: datetime


def _row(row: tuple[Any, ...]) -> FeedState:
    values = list(row)
    values[3] = json.loads(values[3])
    values[6] = None if values[6] is None else json.loads(values[6])
    for i in (10, 11, 12, 13, 16):
        if values[i] is not None and values[i].tzinfo is not None:
            values[i] = values[i].astimezone(UTC)
    return FeedState(*values)


def _check_name(name: str) -> None:
    # the name is also a folder of the spool (watch/): no path separator, and no leading dot
    # (".." would be the spool's parent)
    allowed = all(c.isascii() and (c.isalnum() or c in "-_.") for c in name)
    if not name or len(name) > 64 or not allowed or name.startswith("."):
        raise ValidationError(
            f"feed name {name!r}: use 1 to 64 letters, digits, '-', '_' or '.', not starting "
            "with '.' (e.g. acled-syria)"
        )


def add_feed(
    db: Db,
    name: str,
    kind: str,
    version: str,
    options: dict[str, Any],
    every_s: int,
    *,
    now: datetime | None = None,
) -> FeedState:
    """Follow a new feed (no cursor yet: its first pull starts from the feed's beginning). A
    name already followed is a :class:`~trucewatch.errors.ValidationError`."""
    _check_name(name)
    if every_s < 1:
        raise ValidationError(f"feed {name}: the interval must be at least 1 second")
    try:
        text = json.dumps(dict(options), sort_keys=True)
    except TypeError as exc:
        raise ValidationError(f"feed {name}: options must be JSON values: {exc}") from exc
    conn = conn_of(db)
    with transaction(conn):
        found = conn.execute("SELECT 1 FROM feed_state WHERE name = ?", [name]).fetchall()
        if found:
            raise ValidationError(
                f"a feed named {name!r} is followed already: remove it first "
                "(trucewatch feeds remove) or choose another name"
            )
        conn.execute(
            f"INSERT INTO feed_state ({_COLUMNS}) VALUES "
            "(?, ?, ?, ?, ?, true, NULL, 'never', NULL, 0, NULL, NULL, NULL, NULL, 0, 0, ?)",
            [name, kind, version, text, every_s, now or datetime.now(UTC)],
        )
    return feed_state(db, name)


def remove_feed(db: Db, name: str) -> FeedState:
    """Stop following ``name`` (its events stay); the removed feed's last state is returned."""
    state = feed_state(db, name)
    conn = conn_of(db)
    with transaction(conn):
        conn.execute("DELETE FROM feed_state WHERE name = ?", [name])
    return state


def feed_states(db: Db) -> list[FeedState]:
    """Every followed feed, by name."""
    rows = conn_of(db).execute(f"SELECT {_COLUMNS} FROM feed_state ORDER BY name").fetchall()
    return [_row(r) for r in rows]


def feed_state(db: Db, name: str) -> FeedState:
    """The feed ``name``; a :class:`~trucewatch.errors.NotFoundError` (with a guess) if the
    store does not follow it."""
    rows = conn_of(db).execute(f"SELECT {_COLUMNS} FROM feed_state WHERE name = ?", [name])
    found = rows.fetchall()
    if not found:
        known = [r[0] for r in conn_of(db).execute("SELECT name FROM feed_state").fetchall()]
        raise unknown("feed", name, known, listing="trucewatch feeds list shows them")
    return _row(found[0])


def save_feed_success(
    db: Db,
    name: str,
    cursor: dict[str, Any],
    *,
    now: datetime,
    next_due_at: datetime | None,
    added: int = 0,
    deleted: int = 0,
    replaced: int = 0,
) -> FeedState:
    """Record a pull whose data is committed: its cursor, state ``ok``, failures reset, and
    the counts it added and deleted (``replaced``, events the source edited, counts as a change
    too). Call it only after the pull's files and deletions are stored."""
    conn = conn_of(db)
    changed = added > 0 or deleted > 0 or replaced > 0
    with transaction(conn):
        updated = conn.execute(
            "UPDATE feed_state SET cursor = ?, state = 'ok', detail = NULL, failures = 0, "
            "last_attempt_at = ?, last_success_at = ?, "
            "last_change_at = CASE WHEN ? THEN ? ELSE last_change_at END, next_due_at = ?, "
            "events_added = events_added + ?, events_deleted = events_deleted + ? "
            "WHERE name = ? RETURNING name",
            [
                json.dumps(cursor, sort_keys=True),
                now,
                now,
                changed,
                now,
                next_due_at,
                added,
                deleted,
                name,
            ],
        ).fetchall()
    if not updated:
        raise StoreError(f"feed {name!r} is no longer followed: its pull was not recorded")
    return feed_state(db, name)


def save_feed_failure(
    db: Db,
    name: str,
    state: str,
    detail: str,
    *,
    now: datetime,
    next_due_at: datetime | None,
) -> FeedState:
    """Record a failed attempt: ``state`` (a :data:`~trucewatch.errors.FEED_STATES` value),
    its detail (never a secret), one more consecutive failure, when to try again. The cursor
    is kept."""
    if state not in FEED_STATES:
        raise ValidationError(f"feed state {state!r} is not one of {', '.join(FEED_STATES)}")
    conn = conn_of(db)
    with transaction(conn):
        updated = conn.execute(
            "UPDATE feed_state SET state = ?, detail = ?, failures = failures + 1, "
            "last_attempt_at = ?, next_due_at = ? WHERE name = ? RETURNING name",
            [state, detail, now, next_due_at, name],
        ).fetchall()
    if not updated:
        raise StoreError(f"feed {name!r} is no longer followed: its failure was not recorded")
    return feed_state(db, name)


@dataclass(frozen=True)
class LastIngest:
    """The latest ingest of the store (by any path: a command, the API, a feed), for
    ``trucewatch status``: its id, file, adapter, the events it stored, when it finished."""

    ingest_id: int
    file: str
    adapter: str
    stored: int
    finished_at: datetime


def last_ingest(db: Db) -> LastIngest | None:
    """The latest ingest, or None when nothing was ever ingested."""
    found = (
        conn_of(db)
        .execute(
            "SELECT ingest_id, file, adapter, stored, finished_at FROM ingests "
            "ORDER BY ingest_id DESC LIMIT 1"
        )
        .fetchall()
    )
    if not found:
        return None
    ingest_id, file, adapter, stored, finished = found[0]
    return LastIngest(int(ingest_id), str(file), str(adapter), int(stored), _utc(finished))


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
