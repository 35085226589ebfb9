"""Idempotent, transactional ingest of events: :class:`IngestReport` and the steps behind it.

The whole file is read first (bad rows collected, never dropped: :func:`read_file`, which
needs no store); then ONE transaction writes the events (bulk, from a pyarrow Table,
``ON CONFLICT DO NOTHING``), the bad rows and the ingest row (:func:`write_file`). A process
killed at any moment leaves the store as it was before the file, or with the whole file in it.
An id repeated with different content, in the file or against the store, is a bad row
(:mod:`trucewatch.store.conflicts`); an exact repeat is a duplicate.
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
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits
from trucewatch.store.conflicts import file_conflicts, stored_conflicts
from trucewatch.store.ingest_columns import read_batch
from trucewatch.store.rows import (
    EVENT_COLUMNS,
    event_to_row,
    events_to_table,
    paused_gc,
    row_to_event,
)

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

    ``rows`` records were read: ``stored`` new events, ``duplicates`` events stored already
    with the same content (or repeated so in the file), and ``errors`` bad rows (among them
    ids repeated with different content: the first record stays). ``already_ingested`` is
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
    :func:`read_file`, what the events and bad rows name as theirs). ``events`` holds each id
    once; ``repeats`` counts the exact repeats left out. With ``strict``, the write refuses
    the file if an event conflicts with a stored one.
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
    repeats: int = 0
    strict: bool = False

    @property
    def count(self) -> int:
        """The events to write (each id once): the table's rows once it is built."""
        return len(self.events) if self.table is None else self.table.num_rows

    def event_objects(self) -> list[Event]:
        """The events to write as :class:`Event` objects (a file read as columns keeps only
        its table: they are made from it, for tests and small files)."""
        if self.events or self.table is None:
            return list(self.events)
        return [row_to_event(row) for row in self.table.to_pylist()]


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
    name = label or str(path)
    try:
        columns = read_batch(
            adapter, path, name, progress, lambda n, e, lim: _too_many(path, adapter, n, e, lim)
        )
        if columns is None:
            events, errors = read_records(adapter, path, progress)
    except BadRowsError:
        raise
    except SourceError as exc:
        if label is None or str(path) not in str(exc):
            raise
        # an upload's temporary path means nothing to its sender: name the file as they did
        raise SourceError(str(exc).replace(str(path), label)) from exc
    if columns is not None:
        unique: list[Event] = []
        table, errors, conflicts, repeats = (
            columns.table,
            columns.errors,
            columns.conflicts,
            columns.repeats,
        )
    else:
        unique, conflicts = file_conflicts(events, name)
        repeats = len(events) - len(unique) - len(conflicts)
    if label is not None:
        errors = [replace(e, file=label) for e in errors]
    if conflicts:
        errors = sorted([*errors, *conflicts], key=lambda e: e.line)
    if strict and errors:
        raise BadRowsError(name, errors)
    if columns is None:
        table = events_to_table(unique)
    if label is not None:
        column = table.schema.get_field_index("prov_file")
        table = table.set_column(
            column, table.schema.field(column), pa.repeat(pa.scalar(label), table.num_rows)
        )
    file = label if label is not None else str(path.resolve())
    return FileRead(
        file, str(adapter.name), sha, unique, errors, label, started, clock, table, repeats, strict
    )


def write_file(conn: duckdb.DuckDBPyConnection, read: FileRead) -> IngestReport:
    """Store a file read by :func:`read_file` in one transaction (nothing if an earlier ingest
    stored the same bytes with the same adapter: ``already_ingested``).

    Events whose id is stored already with different content are bad rows (the stored event
    is kept); with ``read.strict`` they refuse the file (:class:`BadRowsError`, nothing stored).
    """
    earlier = find_ingest(conn, read.sha256, read.adapter)
    if earlier is not None:
        return already_ingested(read.file, read.adapter, read.sha256, earlier, read.clock)
    if read.table is None:  # events made in memory (Store.ingest_events): not yet unique
        read = _deduplicated(read)
    ingest_id, stored, duplicates, errors = _write(conn, read)
    return IngestReport(
        read.file,
        read.adapter,
        read.sha256,
        read.count + read.repeats + len(read.errors),
        stored,
        duplicates,
        tuple(errors),
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
    """Every record of ``path`` through ``adapter``, split into events and row errors.

    Reading stops with a :class:`SourceError` once the bad rows outnumber the adapter's
    ``limits.max_bad_rows`` (:class:`~trucewatch.sources.limits.Limits`).
    """
    limits: Limits = getattr(adapter, "limits", None) or DEFAULT_LIMITS  # news has none
    events: list[Event] = []
    errors: list[RowError] = []
    count = 0
    with paused_gc():
        records = adapter.read(path)
        for record in records:
            if isinstance(record, Event):
                events.append(record)
            elif isinstance(record, RowError):
                errors.append(record)
                if len(errors) > limits.max_bad_rows:
                    close = getattr(records, "close", None)
                    if close is not None:
                        close()
                    raise _too_many(path, adapter, count + 1, errors, limits)
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


def _too_many(
    path: Path, adapter: Any, count: int, errors: list[RowError], limits: Limits
) -> SourceError:
    return SourceError(
        f"{path}: more than {limits.max_bad_rows:,} bad rows (the limit) among the first "
        f"{count:,} records (up to line {errors[-1].line:,}): reading stopped and nothing was "
        f"stored. The first bad row: {errors[0]}. A file this broken is often not "
        f"{adapter.name}'s format or not in the encoding given; to store its good rows and "
        "report the bad ones anyway, raise the limit (trucewatch ingest --max-bad-rows N, or "
        "Limits(max_bad_rows=N))"
    )


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

    ``table``: the rows of ``events`` (without repeats) if they were built already. An event
    whose id is stored with different content is added to the bad rows (see
    :func:`write_file`, which also returns them).
    """
    read = FileRead(file, adapter, sha256, events, errors, None, started_at, 0.0)
    read = replace(_deduplicated(read), table=table)
    ingest_id, stored, duplicates, _ = _write(conn, read)
    return ingest_id, stored, duplicates


def _deduplicated(read: FileRead) -> FileRead:
    """``read`` with each event id once; ids repeated with other content become bad rows."""
    unique, conflicts = file_conflicts(read.events, read.label or read.file)
    return replace(
        read,
        events=unique,
        errors=[*read.errors, *conflicts],
        repeats=read.repeats + len(read.events) - len(unique) - len(conflicts),
    )


def _write(conn: duckdb.DuckDBPyConnection, read: FileRead) -> tuple[int, int, int, list[RowError]]:
    """The transaction of :func:`write_file`: ``(ingest_id, stored, duplicates, bad rows)``."""
    incoming = events_to_table(read.events) if read.table is None else read.table
    cols = ", ".join(EVENT_COLUMNS)
    errors = list(read.errors)
    bad_registered = False
    conn.register("_tw_incoming", incoming)
    try:
        conn.execute("BEGIN TRANSACTION")
        try:
            clashing, conflicts = stored_conflicts(conn, incoming, read.label or read.file)
            if conflicts:
                if read.strict:
                    raise BadRowsError(read.label or read.file, [*errors, *conflicts])
                errors = sorted([*errors, *conflicts], key=lambda e: e.line)
            conn.register("_tw_bad", _bad_rows_table(errors))
            bad_registered = True
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
            duplicates = read.count - stored - len(clashing) + read.repeats
            conn.execute(
                "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    ingest_id,
                    read.file,
                    read.adapter,
                    read.sha256,
                    read.count + read.repeats + len(read.errors),
                    stored,
                    duplicates,
                    len(errors),
                    read.started_at,
                    datetime.now(UTC),
                ],
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except duckdb.Error as exc:
        raise StoreError(
            f"{read.file}: writing to the store failed, nothing was stored: {exc}"
        ) from exc
    finally:
        conn.unregister("_tw_incoming")
        if bad_registered:
            conn.unregister("_tw_bad")
    return ingest_id, stored, duplicates, errors
