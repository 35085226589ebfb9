"""Where the store file lives, opening it with errors that say the cause and the fix, and
transactions."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import platformdirs

from trucewatch.errors import StoreError

__all__ = ["ENV_VAR", "connect", "default_db_path", "transaction"]

#: Environment variable naming the store file; overrides the per-user default.
ENV_VAR = "TRUCEWATCH_DB"


def default_db_path() -> Path:
    """``$TRUCEWATCH_DB`` if set, else ``<user data dir>/trucewatch/trucewatch.duckdb``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("trucewatch")) / "trucewatch.duckdb"


def _explain(path: Path, exc: duckdb.Error) -> str:
    text = str(exc)
    if "lock" in text.lower():
        pid = re.search(r"PID (\d+)", text)
        holder = f" (process {pid.group(1)})" if pid else ""
        return (
            f"store {path} is in use by another process{holder}: wait for it to finish or "
            "close it, or give another store path (--db / TRUCEWATCH_DB)"
        )
    if "not a valid DuckDB database file" in text:
        return (
            f"{path} is not a trucewatch store (not a DuckDB file): give another store path "
            "(--db / TRUCEWATCH_DB) or move that file away"
        )
    if "Is a directory" in text:
        return f"{path} is a directory: give a file path such as {path / 'trucewatch.duckdb'}"
    if "version" in text.lower() and "storage" in text.lower():
        return f"{path} was written by an incompatible DuckDB version: {text}"
    return f"cannot open store {path}: {text}"


def connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to ``path`` in UTC; :class:`StoreError` if it cannot be opened."""
    if path.is_dir():
        raise StoreError(
            f"{path} is a directory: give a file path such as {path / 'trucewatch.duckdb'}"
        )
    if read_only and not path.exists():
        raise StoreError(
            f"no store at {path}: ingest some events first (trucewatch ingest) "
            "or give another store path (--db / TRUCEWATCH_DB)"
        )
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder {path.parent} for the store: {exc.strerror or exc}; "
                "give a writable store path (--db / TRUCEWATCH_DB)"
            ) from exc
    try:
        conn = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(_explain(path, exc)) from exc
    try:
        conn.execute("SET TimeZone = 'UTC'")
    except duckdb.Error as exc:
        conn.close()
        raise StoreError(f"cannot set the store's session time zone to UTC: {exc}") from exc
    return conn


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the block in one transaction: committed at its end, rolled back on any exception
    (which is raised again)."""
    conn.execute("BEGIN TRANSACTION")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
