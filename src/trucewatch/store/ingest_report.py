"""What an ingest is and says: :class:`IngestReport`, :class:`FileRead` (a file read, not yet
written), the earlier ingest of the same bytes, and the digests that name a file's content.

:mod:`trucewatch.store.ingest` (a file read whole, then written) and
:mod:`trucewatch.store.ingest_stream` (a file streamed in pieces) both report with these.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from trucewatch.errors import RowError
from trucewatch.model.event import Event
from trucewatch.sources.base import adapter_settings, settings_fingerprint
from trucewatch.store.event_changes import Edits
from trucewatch.store.rows import event_to_row, row_to_event

__all__ = [
    "FileRead",
    "IngestCounts",
    "IngestReport",
    "already_ingested",
    "bad_rows_table",
    "content_sha256",
    "earlier_readings",
    "file_sha256",
    "find_ingest",
    "prior_reading",
    "settings_of",
]

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
class IngestCounts:
    """What an ingest counted in one file: the file (its path, or ``upload:<name>``), the
    adapter, the file's SHA-256, the records read, the events stored and the duplicates (what
    :class:`IngestReport` says and :class:`~trucewatch.store.event_reads.StoredIngest` keeps)."""

    file: str
    adapter: str
    sha256: str
    rows: int
    stored: int
    duplicates: int


@dataclass(frozen=True)
class IngestReport(IngestCounts):
    """What one ingest did.

    ``rows`` records were read: ``stored`` events written, ``duplicates`` events stored
    already with the same content (or repeated so in the file), and ``errors`` bad rows (among
    them ids repeated with different content: the first record stays). ``already_ingested`` is
    True when the same file (same sha256) went through the same adapter before; then nothing
    was read and ``ingest_id`` is the earlier ingest. With ``edits="replace"``, ``replaced`` of
    the events stored are new versions of stored events (edited at the source: the earlier
    version is in ``event_history``); ``restored`` of them had been deleted at the source
    (:mod:`trucewatch.store.event_changes`). ``added``: the events new to the store.
    ``reread_of``: the file's latest earlier ingest when this one read the same bytes with the
    same adapter but other settings (docs/store.md "Readings"): its events that this reading
    gives with other content were replaced (counted in ``replaced``), and ``dropped`` of them,
    which this reading no longer gives, left the store (to ``event_history``, ``deleted``).
    """

    errors: tuple[RowError, ...]
    already_ingested: bool
    ingest_id: int | None
    seconds: float
    replaced: int = 0
    restored: int = 0
    reread_of: int | None = None
    dropped: int = 0

    @property
    def bad(self) -> int:
        return len(self.errors)

    @property
    def added(self) -> int:
        """Events stored that were not stored before (``stored`` less ``replaced``)."""
        return self.stored - self.replaced

    @property
    def changes(self) -> str:
        """``, N replaced (edited at the source)`` and the like; empty when none."""
        why = "edited at the source" if self.reread_of is None else "read otherwise now"
        text = f", {self.replaced:,} replaced ({why})" if self.replaced else ""
        if self.restored:
            text += f", {self.restored:,} restored (deleted before, sent again)"
        if self.reread_of is not None:
            text += (
                f", read again with other settings than ingest #{self.reread_of} "
                f"({self.dropped:,} events it had no longer read: removed)"
            )
        return text

    def __str__(self) -> str:
        if self.already_ingested:
            return (
                f"{self.file}: already ingested with {self.adapter} "
                f"(ingest #{self.ingest_id}); nothing added"
            )
        return (
            f"{self.file}: {self.rows} rows read with {self.adapter}: {self.stored} stored"
            f"{self.changes}, {self.duplicates} duplicates, {self.bad} bad rows "
            f"({self.seconds:.2f} s)"
        )


@dataclass(frozen=True)
class FileRead:
    """A file read through an adapter, not yet written: what :func:`write_file` stores.

    ``file`` is what the ingest records as the file (and, when ``label`` was given to
    :func:`read_file`, what the events and bad rows name as theirs). ``events`` holds each id
    once; ``repeats`` counts the exact repeats left out. With ``strict``, the write refuses
    the file if an event conflicts with a stored one; with ``edits="replace"`` such an event is
    the stored one's new version (:func:`~trucewatch.store.ingest.write_file` sets it).
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
    edits: Edits = "refuse"  # an id stored with other content: a bad row, or a new version
    settings: str = ""  # the adapter's settings as canonical JSON (sources.base)
    settings_hash: str = ""  # their SHA-256: the store keys a file's readings by it
    readings: tuple[int, ...] = ()  # earlier ingests of the file, with other settings

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


def settings_of(adapter: Any) -> tuple[str, str]:
    """The settings ``adapter`` reads a file with, as canonical JSON, and their SHA-256
    (:func:`~trucewatch.sources.base.adapter_settings`): what the store keys a reading by."""
    return settings_fingerprint(adapter_settings(adapter))


def find_ingest(
    conn: duckdb.DuckDBPyConnection, sha256: str, adapter: str, settings_hash: str
) -> tuple[int, int] | None:
    """(ingest id, rows) of the reading of the same bytes with the same adapter that the store
    holds (the latest), when it was read with the same settings (``settings_hash``); None when
    there is none or it was read otherwise (then :func:`earlier_readings` names them)."""
    rows = conn.execute(
        "SELECT ingest_id, rows, settings_hash FROM ingests WHERE sha256 = ? AND adapter = ? "
        "ORDER BY ingest_id DESC LIMIT 1",
        [sha256, adapter],
    ).fetchall()
    if not rows or rows[0][2] != settings_hash:
        return None
    return int(rows[0][0]), int(rows[0][1])


def prior_reading(
    conn: duckdb.DuckDBPyConnection, sha256: str, adapter: Any
) -> tuple[tuple[int, int] | None, tuple[int, ...]]:
    """For a file about to be read with ``adapter``: the reading the store holds with the same
    settings (:func:`find_ingest`, then nothing is read), and every earlier reading (which a
    new one replaces: :func:`earlier_readings`)."""
    name = str(adapter.name)
    held = find_ingest(conn, sha256, name, settings_of(adapter)[1])
    return held, () if held is not None else earlier_readings(conn, sha256, name)


def earlier_readings(conn: duckdb.DuckDBPyConnection, sha256: str, adapter: str) -> tuple[int, ...]:
    """The ingests that read the same bytes with the same adapter before, oldest first (a new
    reading with other settings replaces what they stored)."""
    rows = conn.execute(
        "SELECT ingest_id FROM ingests WHERE sha256 = ? AND adapter = ? ORDER BY ingest_id",
        [sha256, adapter],
    ).fetchall()
    return tuple(int(r[0]) for r in rows)


def already_ingested(
    file: str, adapter: str, sha256: str, earlier: tuple[int, int], clock: float
) -> IngestReport:
    """The report of a file that an earlier ingest stored (nothing read, nothing added)."""
    ingest_id, rows = earlier
    return IngestReport(
        file, adapter, sha256, rows, 0, 0, (), True, ingest_id, time.perf_counter() - clock
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


def bad_rows_table(errors: list[RowError]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"file": e.file, "line": e.line, "field": e.field, "value": e.value, "reason": e.reason}
            for e in errors
        ],
        schema=_BAD_ROWS_SCHEMA,
    )
