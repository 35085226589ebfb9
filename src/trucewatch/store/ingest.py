"""Idempotent, transactional ingest of events: a file read whole, then written.

The whole file is read first (bad rows collected, never dropped: :func:`read_file`, which
needs no store); then ONE transaction writes the events (bulk, from a pyarrow Table, those
whose id is stored already left out: :func:`~trucewatch.store.ingest_columns.insert_events`),
the bad rows and the ingest row (:func:`write_file`). A process
killed at any moment leaves the store as it was before the file, or with the whole file in it.
An id repeated with different content, in the file or against the store, is a bad row
(:mod:`trucewatch.store.conflicts`); an exact repeat is a duplicate. What an ingest reports
(:class:`IngestReport`, :class:`FileRead`, the digests) is in :mod:`trucewatch.store.
ingest_report` and named here too; a file read in pieces is streamed by
:mod:`trucewatch.store.ingest_stream`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.errors import BadRowsError, RowError, SourceError, StoreError
from trucewatch.model.event import Event
from trucewatch.sources.base import settings_fingerprint
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits
from trucewatch.store.conflicts import file_conflicts, stored_differences
from trucewatch.store.event_changes import Edits, drop_unread, log_restored, replace_edited
from trucewatch.store.ingest_columns import insert_events, may_conflict, read_batch
from trucewatch.store.ingest_report import (
    FileRead,
    IngestReport,
    already_ingested,
    bad_rows_table,
    content_sha256,
    earlier_readings,
    file_sha256,
    find_ingest,
    prior_reading,
    settings_of,
)
from trucewatch.store.rows import (
    events_to_table,
    paused_gc,
)

__all__ = [
    "INGEST_COLUMNS",
    "PROGRESS_EVERY",
    "FileRead",
    "IngestReport",
    "already_ingested",
    "content_sha256",
    "earlier_readings",
    "file_sha256",
    "find_ingest",
    "prior_reading",
    "read_file",
    "read_records",
    "settings_of",
    "write_batch",
    "write_file",
]

#: The columns of ``ingests``, in the order its rows are written.
INGEST_COLUMNS = (
    "ingest_id, file, adapter, sha256, rows, stored, duplicates, bad, started_at, finished_at, "
    "settings, settings_hash"
)

#: The progress callback is called every this many records (and once at the end).
PROGRESS_EVERY = 1_000


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
            adapter,
            path,
            name,
            progress,
            lambda n, e, lim: too_many_bad_rows(path, adapter, n, e, lim),
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
    settings, settings_hash = settings_of(adapter)
    return FileRead(
        file,
        str(adapter.name),
        sha,
        unique,
        errors,
        label,
        started,
        clock,
        table,
        repeats,
        strict,
        settings=settings,
        settings_hash=settings_hash,
    )


def write_file(
    conn: duckdb.DuckDBPyConnection, read: FileRead, edits: Edits = "refuse"
) -> IngestReport:
    """Store a file read by :func:`read_file` in one transaction (nothing if the store holds
    a reading of the same bytes with the same adapter and settings: ``already_ingested``).

    Events whose id is stored already with different content are bad rows (the stored event
    is kept); with ``read.strict`` they refuse the file (:class:`BadRowsError`, nothing stored).
    With ``edits="replace"`` they are the events' new versions instead: each replaces the
    stored one, which is kept in ``event_history`` (:mod:`trucewatch.store.event_changes`).
    The same bytes read with the same adapter but other settings are a new reading that
    replaces the earlier ones (``reread_of``, docs/store.md "Readings"): their events it gives
    with other content are replaced as edits (whatever ``edits`` says), those it no longer
    gives removed (``dropped``).
    """
    if not read.settings_hash:  # events made in memory: the adapter's name is its settings
        fingerprint = settings_fingerprint({"adapter": read.adapter})
        read = replace(read, settings=fingerprint[0], settings_hash=fingerprint[1])
    earlier = find_ingest(conn, read.sha256, read.adapter, read.settings_hash)
    if earlier is not None:
        return already_ingested(read.file, read.adapter, read.sha256, earlier, read.clock)
    readings = earlier_readings(conn, read.sha256, read.adapter)
    if read.table is None:  # events made in memory (Store.ingest_events): not yet unique
        read = _deduplicated(read)
    ingest_id, stored, duplicates, errors, changed = _write(
        conn, replace(read, edits=edits, readings=readings)
    )
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
        *changed[:2],
        readings[-1] if readings else None,
        changed[2],
    )


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
                    raise too_many_bad_rows(path, adapter, count + 1, errors, limits)
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


def too_many_bad_rows(
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
    fingerprint = settings_fingerprint({"adapter": adapter})
    read = replace(
        _deduplicated(read), table=table, settings=fingerprint[0], settings_hash=fingerprint[1]
    )
    ingest_id, stored, duplicates, _, _ = _write(conn, read)
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


def _write(
    conn: duckdb.DuckDBPyConnection, read: FileRead
) -> tuple[int, int, int, list[RowError], tuple[int, int, int]]:
    """The transaction of :func:`write_file`: ``(ingest_id, stored, duplicates, bad rows,
    (replaced, restored, dropped))``; ``read.edits`` says what an id stored with other content
    is; an id stored by one of the earlier ``read.readings`` of the file is a new version."""
    edits, readings = read.edits, read.readings
    incoming = events_to_table(read.events) if read.table is None else read.table
    if incoming.num_rows and len(pc.unique(incoming.column("event_id"))) != incoming.num_rows:
        # events has no key on event_id: its ids are unique because what comes here is
        raise AssertionError(f"{read.file}: an id twice among the events to store")
    errors = list(read.errors)
    bad_registered = False
    conn.register("_tw_incoming", incoming)
    try:
        conn.execute("BEGIN TRANSACTION")
        try:
            # no stored id in the range of the incoming ids (a zone-map lookup, not a scan):
            # no conflict to look for and nothing to leave out of the insert
            overlaps = may_conflict(conn, incoming)
            name = read.label or read.file
            differences = stored_differences(conn) if overlaps else []
            # with edits="replace" they are new versions of stored events: stored, not refused;
            # so are those of an earlier reading of the same file with other settings
            edited = [d for d in differences if edits == "replace" or d.ingest_id in readings]
            edited_ids = {d.event_id for d in edited}
            differences = [d for d in differences if d.event_id not in edited_ids]
            clashing = {d.event_id for d in differences}
            conflicts = [d.as_row_error(name) for d in differences]
            if conflicts:
                if read.strict:
                    raise BadRowsError(read.label or read.file, [*errors, *conflicts])
                errors = sorted([*errors, *conflicts], key=lambda e: e.line)
            conn.register("_tw_bad", bad_rows_table(errors))
            bad_registered = True
            row = conn.execute("SELECT coalesce(max(ingest_id), 0) + 1 FROM ingests").fetchone()
            ingest_id = int(row[0]) if row else 1
            now = datetime.now(UTC)
            # (restored first: an edited id is out of events once its stored row is replaced)
            restored = log_restored(conn, incoming, ingest_id=ingest_id, origin=read.file, now=now)
            replaced = replace_edited(conn, edited, ingest_id=ingest_id, origin=read.file, now=now)
            stored = insert_events(conn, "_tw_incoming", ingest_id, now, skip_stored=overlaps)
            dropped = drop_unread(
                conn,
                readings,
                incoming.column("event_id"),
                ingest_id=ingest_id,
                origin=read.file,
                now=now,
            )
            changed = (replaced, restored, dropped)
            conn.execute(
                "INSERT INTO bad_rows SELECT ?, file, line, field, value, reason FROM _tw_bad",
                [ingest_id],
            )
            duplicates = read.count - stored - len(clashing) + read.repeats
            conn.execute(
                f"INSERT INTO ingests ({INGEST_COLUMNS}) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    read.settings,
                    read.settings_hash,
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
    return ingest_id, stored, duplicates, errors, changed
