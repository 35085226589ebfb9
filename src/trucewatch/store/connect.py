"""Where the store file lives, opening it with errors that say the cause and the fix, and
transactions.

DuckDB refuses a second opener at once ("Could not set lock on file ..."): a process that does
not take trucewatch's turns (:mod:`trucewatch.store.lock`), such as the ``duckdb`` shell or an
older trucewatch, holds the file. :func:`connect` retries such refusals with growing pauses until
its ``wait`` is over, then raises :class:`~trucewatch.errors.StoreBusyError` naming the holder.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import duckdb
import platformdirs

from trucewatch.errors import StoreBusyError, StoreError

if TYPE_CHECKING:
    from trucewatch.store.store import Store

__all__ = [
    "DEFAULT_MEMORY_LIMIT",
    "ENV_VAR",
    "MAX_VACUUM_TASKS",
    "MEMORY_ENV_VAR",
    "Db",
    "check_path",
    "conn_of",
    "connect",
    "default_db_path",
    "memory_limit",
    "transaction",
]

#: Environment variable naming the store file; overrides the per-user default.
ENV_VAR = "TRUCEWATCH_DB"

#: Environment variable giving DuckDB's memory limit for a store's connection ("4GB", "500MB").
MEMORY_ENV_VAR = "TRUCEWATCH_MEMORY_LIMIT"

#: DuckDB's own default is 80 % of the machine's memory: a 10 M-event ingest then held 5.8 GB
#: and an effect 4.3 GB, where 2 GB makes DuckDB write what does not fit to its temporary
#: folder beside the store (``<store>.tmp``) at the same speed (docs/store.md, "Memory").
DEFAULT_MEMORY_LIMIT = "2GB"

#: DuckDB's vacuum tasks per checkpoint (its default is 100): none, so that a write does not
#: rewrite the row groups an ingest left part-filled.
MAX_VACUUM_TASKS = 0

_MEMORY = re.compile(r"\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*", re.IGNORECASE)


def memory_limit() -> str:
    """DuckDB's memory limit for a store's connection: ``$TRUCEWATCH_MEMORY_LIMIT`` if set,
    else :data:`DEFAULT_MEMORY_LIMIT`; :class:`StoreError` if the variable is not a size."""
    value = os.environ.get(MEMORY_ENV_VAR, "").strip() or DEFAULT_MEMORY_LIMIT
    if not _MEMORY.fullmatch(value):
        raise StoreError(
            f"{MEMORY_ENV_VAR}={value!r} is not a memory size: give a number and a unit, "
            f"e.g. {MEMORY_ENV_VAR}=4GB (the default is {DEFAULT_MEMORY_LIMIT})"
        )
    return value


def default_db_path() -> Path:
    """``$TRUCEWATCH_DB`` if set, else ``<user data dir>/trucewatch/trucewatch.duckdb``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("trucewatch")) / "trucewatch.duckdb"


def _conflict(exc: duckdb.Error) -> str | None:
    """The holder named by a DuckDB lock refusal ("PID 4321, /usr/bin/duckdb"), or None if
    ``exc`` is not one."""
    text = str(exc)
    if "different configuration" in text:  # this process has it open the other way
        return f"PID {os.getpid()} (this process), opened the other way (read-only or not)"
    if "Could not set lock" not in text and "Conflicting lock" not in text:
        return None
    match = re.search(r"held in (.+?) \(PID (\d+)\)", text)
    if match is None:
        return "another process"
    return f"PID {match.group(2)}, {Path(match.group(1)).name}"


def _explain(path: Path, exc: duckdb.Error) -> str:
    text = str(exc)
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


def check_path(path: Path, *, read_only: bool) -> None:
    """Refuse a directory, or a missing store for reading; make the folder for writing."""
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


def connect(
    path: Path,
    *,
    read_only: bool,
    wait: float | None = 0.0,
    on_wait: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to ``path`` in UTC; :class:`StoreError` if it cannot be opened.

    A refusal because another process holds the file is retried for ``wait`` seconds (None:
    no limit); ``on_wait`` gets one message when that happens.
    """
    check_path(path, read_only=read_only)
    limit = memory_limit()
    started, pause, announced = time.monotonic(), 0.005, False
    while True:
        try:
            conn = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.Error as exc:
            holder = _conflict(exc)
            if holder is None:
                raise StoreError(_explain(path, exc)) from exc
            waited = time.monotonic() - started
            if wait is not None and waited >= wait:
                raise StoreBusyError(
                    f"store {path} is in use by another process ({holder}) that does not wait "
                    f"its turn (gave up after {wait:g} s): close it or wait for it to finish, or "
                    "give another store path (--db / TRUCEWATCH_DB)",
                    store=path,
                ) from exc
            if not announced and on_wait is not None:
                announced = True
                on_wait(f"store {path} is busy (held by {holder}): waiting...")
            time.sleep(pause if wait is None else min(pause, max(wait - waited, 0.001)))
            pause = min(pause * 2, 0.2)
    try:
        conn.execute("SET TimeZone = 'UTC'")
    except duckdb.Error as exc:
        conn.close()
        raise StoreError(f"cannot set the store's session time zone to UTC: {exc}") from exc
    try:
        conn.execute(f"SET memory_limit = '{limit}'")  # checked by memory_limit(): a size
    except duckdb.Error as exc:
        conn.close()
        raise StoreError(
            f"cannot set the store's memory limit to {limit} ({MEMORY_ENV_VAR}): {exc}"
        ) from exc
    try:
        # A big ingest leaves a part-filled row group per piece; DuckDB's checkpoint would merge
        # them at the next write, whatever it is (an agreement added after a 10 M-event ingest
        # took 21 s, rewriting the events). Row groups are left as written (docs/store.md,
        # "Row groups").
        conn.execute(f"SET max_vacuum_tasks = {MAX_VACUUM_TASKS}")
    except duckdb.Error as exc:
        conn.close()
        raise StoreError(f"cannot set the store's vacuum tasks: {exc}") from exc
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


#: What the store's query functions take: a :class:`~trucewatch.store.Store`, which is all
#: that code outside ``store/`` ever passes (it holds no connection: ``tests/test_architecture.py``
#: says so), or, inside ``store/`` only, the connection of one. The bare connection is still
#: needed there: a Store's methods hand their module functions its connection (one per Store,
#: the one its transactions write through), and some of those connection-level functions reuse
#: the typed reads: :func:`~trucewatch.store.query.where_clause` asks
#: :func:`~trucewatch.store.query.matching_sides`, ``verdicts.check_verdict_filter`` asks
#: ``catalog.check_agreement_ids``, the outbox's filters ask ``subscriptions.get_subscription``
#: (about 25 such calls in ``store/``, ``mypy`` lists them when the alias is narrowed). Narrowing
#: ``Db`` to the Store means those functions taking the Store too; a new query function takes
#: the Store (docs/architecture.md, "Where each kind of change goes").
Db: TypeAlias = "Store | duckdb.DuckDBPyConnection"


def conn_of(db: Db) -> duckdb.DuckDBPyConnection:
    """The DuckDB connection of ``db`` (a Store's, or, inside ``store/``, ``db`` itself)."""
    return db if isinstance(db, duckdb.DuckDBPyConnection) else db.conn
