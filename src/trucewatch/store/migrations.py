"""The store's schema as an ordered list of migrations, and the code that applies them.

Each migration is ``(version, description, SQL)``, written in
:mod:`trucewatch.store.schema_sql`. A store records the migrations applied to it
in ``schema_migrations``; opening a store applies the pending ones in order, each in its own
transaction, so a crash leaves the store at the last fully applied version. Never edit a
migration that has shipped: append a new one.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from trucewatch.errors import StoreError
from trucewatch.store.schema_sql import LATEST_VERSION, MIGRATIONS

__all__ = ["LATEST_VERSION", "MIGRATIONS", "applied_version", "check_compatible", "migrate"]

_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    description VARCHAR NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL
)
"""


def _has_ledger(conn: duckdb.DuckDBPyConnection) -> bool:
    found = conn.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_name = 'schema_migrations'"
    ).fetchone()
    return bool(found and found[0])


def applied_version(conn: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to the store behind ``conn`` (0 for an empty file)."""
    if not _has_ledger(conn):
        return 0
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def check_compatible(conn: duckdb.DuckDBPyConnection, where: str) -> int:
    """The store's version; a :class:`StoreError` if it is newer than this code or foreign."""
    if not _has_ledger(conn):
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
        if tables:
            names = ", ".join(sorted(t[0] for t in tables)[:5])
            raise StoreError(
                f"{where} is a DuckDB file but not a trucewatch store (it has tables {names} "
                "and no schema_migrations): give another store path"
            )
        return 0
    version = applied_version(conn)
    if version > LATEST_VERSION:
        raise StoreError(
            f"{where} was created by a newer trucewatch "
            f"(schema {version} > {LATEST_VERSION}): upgrade trucewatch"
        )
    return version


def migrate(
    conn: duckdb.DuckDBPyConnection, where: str = "store", *, upto: int | None = None
) -> int:
    """Apply the pending migrations (up to ``upto``, default all); return the new version.

    Each migration runs in one transaction together with its ledger row.
    """
    current = check_compatible(conn, where)
    target = LATEST_VERSION if upto is None else upto
    if current == 0:
        conn.execute(_LEDGER)
    for version, description, sql in MIGRATIONS:
        if version <= current or version > target:
            continue
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(sql)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [version, description, datetime.now(UTC)],
            )
            conn.execute("COMMIT")
        except duckdb.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(
                f"{where}: migration {version} ({description}) failed and was rolled back: {exc}"
            ) from exc
        current = version
    return current
