"""What a store holds, counted: :class:`StoreStats` (``Store.stats()``, ``trucewatch info``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from trucewatch.store.connect import Db, conn_of

__all__ = ["StoreStats", "events_read_from_text", "store_stats"]


@dataclass(frozen=True)
class StoreStats:
    """What a store holds. ``first_event``/``last_event`` are the earliest and latest start."""

    path: Path
    schema_version: int
    size_bytes: int
    events_total: int
    events_by_source: dict[str, int]
    first_event: datetime | None
    last_event: datetime | None
    ingests: int
    bad_rows: int
    agreements: int
    boundary_units: int


def events_read_from_text(db: Db) -> int:
    """How many stored events were read from text (news articles: with an extraction
    confidence) rather than coded."""
    row = conn_of(db).execute("SELECT count(*) FROM events WHERE confidence IS NOT NULL").fetchone()
    return int(row[0]) if row else 0


def store_stats(conn: duckdb.DuckDBPyConnection, path: Path, schema_version: int) -> StoreStats:
    """Counts and extent of what the store at ``path`` (open on ``conn``) holds."""

    def one(sql: str) -> Any:
        row = conn.execute(sql).fetchone()
        return row[0] if row else None

    by_source = dict(
        conn.execute(
            "SELECT source, count(*) FROM events GROUP BY source ORDER BY source"
        ).fetchall()
    )
    first, last = conn.execute(
        "SELECT min(time_start), max(time_start) FROM events"
    ).fetchone() or (None, None)
    size = sum(p.stat().st_size for p in (path, Path(f"{path}.wal")) if p.exists())
    return StoreStats(
        path=path,
        schema_version=schema_version,
        size_bytes=size,
        events_total=int(sum(by_source.values())),
        events_by_source={str(k): int(v) for k, v in by_source.items()},
        first_event=None if first is None else first.astimezone(UTC),
        last_event=None if last is None else last.astimezone(UTC),
        ingests=int(one("SELECT count(*) FROM ingests")),
        bad_rows=int(one("SELECT count(*) FROM bad_rows")),
        agreements=int(one("SELECT count(DISTINCT agreement_id) FROM agreements")),
        boundary_units=int(one("SELECT count(*) FROM boundary_units")),
    )
