"""Idempotent, transactional ingest of events: :class:`IngestReport` and the steps behind it.

The whole file is read first (bad rows collected, never dropped: :func:`read_file`, which
needs no store); then ONE transaction writes the events (bulk, from a pyarrow Table,
``ON CONFLICT DO NOTHING``), the bad rows and the ingest row (:func:`write_file`). A process
killed at any moment leaves the store as it was before the file, or with the whole file in it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from trucewatch.errors import BadRowsError, RowError, SourceError, StoreError
from trucewatch.model.event import Event
from trucewatch.store.rows import EVENT_COLUMNS, event_to_row, events_to_table, paused_gc

__all__ = [
    "PROGRESS_EVERY",
    "FileRead",
    "IngestReport",
    "already_ingested",
    "content_sha256",
    "file_sha256",
    "find_ingest",
    "read_file",
    "read_records",
    "write_batch",
    "write_file",
]

#: The progress callback is called every this many records (and once at the end).
PROGRESS_EVERY = 1_000

_BAD_ROWS_SCHEMA = pa.schema(
    [
        ("file", pa.string()),
        ("line", pa.int64()),
        ("field", pa.string()),
        ("value", pa.string()),
        ("reason", pa.string()),
    ]
)


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did.

    ``rows`` records were read: ``stored`` new events, ``duplicates`` events whose id was
    already stored (or repeated in the file), and ``errors`` bad rows. ``already_ingested`` is
    True when the same file (same sha256) went through the same adapter before; then nothing
    was read and ``ingest_id`` is the earlier ingest.
    """

    file: str
    adapter: str
    sha256: str
    rows: int
    stored: int
    duplicates: int
    errors: tuple[RowError, ...]
    already_ingested: bool
    ingest_id: int | None
    seconds: float

    @property
    def bad(self) -> int:
        return len(self.errors)

    def __str__(self) -> str:
        if self.already_ingested:
            return (
                f"{self.file}: already ingested with {self.adapter} "
                f"(ingest #{self.ingest_id}); nothing added"
            )
        return (
            f"{self.file}: {self.rows} rows read with {self.adapter}: {self.stored} stored, "
            f"{self.duplicates} duplicates, {self.bad} bad rows ({self.seconds:.2f} s)"
        )


@dataclass(frozen=True)
class FileRead:
    """A file read through an adapter, not yet written: what :func:`write_file` stores.

    ``file`` is what the ingest records as the file (and, when ``label`` was given to
    :func:`read_file`, what the events and bad rows name as theirs).
    """

    file: str
    adapter: str
    sha256: str
    events: list[Event]
    errors: list[RowError]
    label: str | None
    started_at: datetime
    clock: float
    table: pa.Table | None = None  # the events' rows, built before the writing turn


def find_ingest(
    conn: duckdb.DuckDBPyConnection, sha256: str, adapter: str
) -> tuple[int, int] | None:
    """(ingest id, rows) of the earlier ingest of the same bytes with the same adapter."""
    rows = conn.execute(
        "SELECT ingest_id, rows FROM ingests WHERE sha256 = ? AND adapter = ?", [sha256, adapter]
    ).fetchall()
    return (int(rows[0][0]), int(rows[0][1])) if rows else None


def already_ingested(
    file: str, adapter: str, sha256: str, earlier: tuple[int, int], clock: float
) -> IngestReport:
    """The report of a file that an earlier ingest stored (nothing read, nothing added)."""
    ingest_id, rows = earlier
    return IngestReport(
        file, adapter, sha256, rows, 0, 0, (), True, ingest_id, time.perf_counter() - clock
    )


def read_file(
    adapter: Any,
    path: Path,
    *,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    sha256: str | None = None,
    label: str | None = None,
) -> FileRead:
    """Read every record of ``path`` with ``adapter`` (no store needed).

    With ``strict``, a bad row raises :class:`BadRowsError`. ``label`` (e.g. the name of an
    uploaded file) stands for the path in the ingest, the events' provenance and the bad rows.
    """
    started, clock = datetime.now(UTC), time.perf_counter()
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{label or path}: no such file (or it is a directory)")
    sha = sha256 or file_sha256(path)
    try:
        events, errors = read_records(adapter, path, progress)
    except BadRowsError:
        raise
    except SourceError as exc:
        if label is None or str(path) not in str(exc):
            raise
        # an upload's temporary path means nothing to its sender: name the file as they did
        raise SourceError(str(exc).replace(str(path), label)) from exc
    if label is not None:
        errors = [replace(e, file=label) for e in errors]
    if strict and errors:
        raise BadRowsError(label or str(path), errors)
    table = events_to_table(_unique(events))
    if label is not None:
        column = table.schema.get_field_index("prov_file")
        table = table.set_column(
            column, table.schema.field(column), pa.array([label] * table.num_rows, pa.string())
        )
    file = label if label is not None else str(path.resolve())
    return FileRead(file, str(adapter.name), sha, events, errors, label, started, clock, table)


def write_file(conn: duckdb.DuckDBPyConnection, read: FileRead) -> IngestReport:
    """Store a file read by :func:`read_file` in one transaction (nothing if an earlier ingest
    stored the same bytes with the same adapter: ``already_ingested``)."""
    earlier = find_ingest(conn, read.sha256, read.adapter)
    if earlier is not None:
        return already_ingested(read.file, read.adapter, read.sha256, earlier, read.clock)
    ingest_id, stored, duplicates = write_batch(
        conn,
        file=read.file,
        adapter=read.adapter,
        sha256=read.sha256,
        events=read.events,
        errors=read.errors,
        started_at=read.started_at,
        table=read.table,
    )
    return IngestReport(
        read.file,
        read.adapter,
        read.sha256,
        len(read.events) + len(read.errors),
        stored,
        duplicates,
        tuple(read.errors),
        False,
        ingest_id,
        time.perf_counter() - read.clock,
    )


def file_sha256(path: Path) -> str:
    """The hex sha256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def content_sha256(events: Iterable[Event], errors: Iterable[RowError]) -> str:
    """A digest of in-memory events and errors, standing in for a file's sha256."""
    digest = hashlib.sha256()
    for event in events:
        digest.update(repr(sorted(event_to_row(event).items())).encode())
    for error in errors:
        digest.update(repr(error).encode())
    return digest.hexdigest()


def read_records(
    adapter: Any, path: Path, progress: Callable[[int], None] | None
) -> tuple[list[Event], list[RowError]]:
    """Every record of ``path`` through ``adapter``, split into events and row errors."""
    events: list[Event] = []
    errors: list[RowError] = []
    count = 0
    with paused_gc():
        for record in adapter.read(path):
            if isinstance(record, Event):
                events.append(record)
            elif isinstance(record, RowError):
                errors.append(record)
            else:
                raise SourceError(
                    f"{path}: adapter {adapter.name} yielded a {type(record).__name__}; "
                    "adapters must yield Event or RowError"
                )
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)
    if progress is not None and count % PROGRESS_EVERY:
        progress(count)
    return events, errors


def _unique(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    out = []
    for event in events:
        if event.event_id not in seen:
            seen.add(event.event_id)
            out.append(event)
    return out


def _bad_rows_table(errors: list[RowError]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"file": e.file, "line": e.line, "field": e.field, "value": e.value, "reason": e.reason}
            for e in errors
        ],
        schema=_BAD_ROWS_SCHEMA,
    )


def write_batch(
    conn: duckdb.DuckDBPyConnection,
    *,
    file: str,
    adapter: str,
    sha256: str,
    events: list[Event],
    errors: list[RowError],
    started_at: datetime,
    table: pa.Table | None = None,
) -> tuple[int, int, int]:
    """Write one ingest in ONE transaction; return ``(ingest_id, stored, duplicates)``.

    ``table``: the rows of ``events`` (without repeats) if they were built already.
    """
    incoming = events_to_table(_unique(events)) if table is None else table
    bad = _bad_rows_table(errors)
    cols = ", ".join(EVENT_COLUMNS)
    conn.register("_tw_incoming", incoming)
    conn.register("_tw_bad", bad)
    try:
        conn.execute("BEGIN TRANSACTION")
        try:
            row = conn.execute("SELECT coalesce(max(ingest_id), 0) + 1 FROM ingests").fetchone()
            ingest_id = int(row[0]) if row else 1
            now = datetime.now(UTC)
            result = conn.execute(
                f"INSERT INTO events ({cols}, ingest_id, ingested_at) "
                f"SELECT {cols}, ?, ? FROM _tw_incoming ON CONFLICT DO NOTHING",
                [ingest_id, now],
            ).fetchone()
            stored = int(result[0]) if result else 0
            conn.execute(
                "INSERT INTO bad_rows SELECT ?, file, line, field, value, reason FROM _tw_bad",
                [ingest_id],
            )
            duplicates = len(events) - stored
            conn.execute(
                "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    ingest_id,
                    file,
                    adapter,
                    sha256,
                    len(events) + len(errors),
                    stored,
                    duplicates,
                    len(errors),
                    started_at,
                    datetime.now(UTC),
                ],
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except duckdb.Error as exc:
        raise StoreError(f"{file}: writing to the store failed, nothing was stored: {exc}") from exc
    finally:
        conn.unregister("_tw_incoming")
        conn.unregister("_tw_bad")
    return ingest_id, stored, duplicates
