"""A file streamed into the store piece by piece, inside the one transaction of its ingest.

:meth:`Store.ingest <trucewatch.store.store.Store.ingest>` takes this path when the adapter
reads a file in pieces (``read_column_pieces``: UCDP GED and ACLED CSV). Each piece (about
:data:`~trucewatch.sources._columns.PIECE_BYTES` of the file) is read as columns (by worker
threads, :func:`~trucewatch.sources._parallel.in_order`), its repeated ids resolved as
:func:`~trucewatch.store.conflicts.table_conflicts` does, and inserted into ``events``
(:func:`~trucewatch.store.ingest_columns.insert_events`: the ids stored already left out, or a
plain INSERT when no stored id can clash: :func:`may_conflict`); memory is bounded by the
pieces in flight, not the file, and the next pieces are read in threads while the one before
is inserted (:func:`read_ahead`). Only
when a piece stored fewer rows than it has are its ids looked up: an id an earlier piece
stored is a repeat in the file (an exact one counts as a duplicate, another content is a bad
row naming the earlier line, as :func:`~trucewatch.store.conflicts.file_conflicts` says it),
an id an earlier ingest stored is checked as :func:`~trucewatch.store.conflicts.
stored_conflicts` does. The bad rows and the ingest row are written last, then the one COMMIT:
a process killed at any moment leaves the store as it was before the file, or with all of it.
The counts, bad rows, messages and ``strict`` refusals are those of the read-then-write path
(:func:`~trucewatch.store.ingest.read_file`, :func:`~trucewatch.store.ingest.write_file`).
"""

from __future__ import annotations

import gc
import queue
import threading
import time
from collections.abc import Callable, Generator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.errors import BadRowsError, RowError, StoreError
from trucewatch.sources import _columns
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits
from trucewatch.store.conflicts import earlier_piece_conflicts, stored_differences, table_conflicts
from trucewatch.store.event_changes import Edits, drop_unread, log_restored, store_new_versions
from trucewatch.store.ingest import INGEST_COLUMNS, too_many_bad_rows
from trucewatch.store.ingest_columns import batch_table, insert_events, may_conflict
from trucewatch.store.ingest_report import IngestReport, bad_rows_table, settings_of
from trucewatch.store.rows import EVENT_COLUMNS

__all__ = ["may_conflict", "read_ahead", "stream_file"]

_T = TypeVar("_T")


class _Totals:
    """What the pieces of one file added up to."""

    def __init__(self) -> None:
        self.records = 0  # records read (events, repeats and bad rows)
        self.events = 0  # events read (before repeats were taken out)
        self.unique = 0  # rows offered to the store (each id once per piece)
        self.stored = 0
        self.repeats = 0  # exact repeats within the file
        self.errors: list[RowError] = []  # the adapter's bad rows, in its order
        self.file_conflicts: list[RowError] = []
        self.clashing = 0  # ids stored by an earlier ingest with other content
        self.stored_conflicts: list[RowError] = []
        self.replaced = 0  # ids stored by an earlier ingest, replaced by their new version
        self.restored = 0  # ids deleted at the source before, stored again
        self.readings: tuple[int, ...] = ()  # earlier readings of the file (other settings)
        self.ids: list[pa.Array] = []  # every id read, when there are earlier readings


def stream_file(
    conn: duckdb.DuckDBPyConnection,
    adapter: Any,
    path: Path,
    *,
    sha256: str,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    clock: float | None = None,
    piece_bytes: int | None = None,
    edits: Edits = "refuse",
    readings: tuple[int, ...] = (),
) -> IngestReport | None:
    """Ingest ``path`` in pieces in one transaction (None if ``adapter`` does not read it in
    pieces: then use :func:`~trucewatch.store.ingest.read_file` and ``write_file``). The
    caller has checked that the same bytes were not ingested with this adapter before.
    ``piece_bytes``: the size of a piece (default :data:`~trucewatch.sources._columns.
    PIECE_BYTES`). ``edits``: what an id stored with other content is (``"refuse"``: a bad
    row; ``"replace"``: the event's new version, :mod:`trucewatch.store.event_changes`).
    ``readings``: earlier ingests of the file with other settings, replaced as write_file does."""
    clock = time.perf_counter() if clock is None else clock
    started = datetime.now(UTC)
    read_pieces = getattr(adapter, "read_column_pieces", None)
    size = piece_bytes or _columns.PIECE_BYTES
    pieces = read_pieces(Path(path), size) if read_pieces is not None else None
    if pieces is None:
        return None
    name, file = str(path), str(Path(path).resolve())
    limits: Limits = getattr(adapter, "limits", None) or DEFAULT_LIMITS
    totals = _Totals()
    totals.readings = tuple(readings)
    settings, settings_hash = settings_of(adapter)
    pool = _retaining_pool()
    # each piece made one table, its repeated ids found, in the reading thread
    ahead = read_ahead(_Piece(batch, name) for batch in pieces)
    # the objects alive now (modules, mostly) are left out of the collector's full passes,
    # which otherwise rescan them many times over an ingest
    gc.freeze()
    try:
        conn.execute("BEGIN TRANSACTION")
        try:
            rows = conn.execute("SELECT coalesce(max(ingest_id), 0) + 1 FROM ingests").fetchall()
            ingest_id = int(rows[0][0])
            now = datetime.now(UTC)
            cols = ", ".join(EVENT_COLUMNS)
            conn.execute(
                f"CREATE OR REPLACE TEMP TABLE _tw_seen AS SELECT {cols} FROM events LIMIT 0"
            )
            for piece in ahead:
                _check_bad_rows(
                    piece.batch,
                    totals,
                    limits,
                    lambda n, e: too_many_bad_rows(path, adapter, n, e, limits),
                )
                totals.records += piece.batch.rows
                totals.events += piece.table.num_rows
                _write_piece(conn, piece, (name, file), ingest_id, now, totals, edits)
                if progress is not None:
                    progress(totals.records)
            conn.execute("DROP TABLE _tw_seen")
            ids, earlier = pa.chunked_array(totals.ids, pa.string()), totals.readings
            dropped = drop_unread(conn, earlier, ids, ingest_id=ingest_id, origin=file, now=now)
            errors = _all_errors(totals)
            if strict and (totals.errors or totals.file_conflicts):
                raise BadRowsError(name, _all_errors(totals, stored=False))
            if strict and totals.stored_conflicts:
                raise BadRowsError(name, totals.stored_conflicts)
            duplicates = totals.unique - totals.stored - totals.clashing + totals.repeats
            conn.register("_tw_bad", bad_rows_table(errors))
            try:
                conn.execute(
                    "INSERT INTO bad_rows SELECT ?, file, line, field, value, reason FROM _tw_bad",
                    [ingest_id],
                )
            finally:
                conn.unregister("_tw_bad")
            conn.execute(
                f"INSERT INTO ingests ({INGEST_COLUMNS}) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    ingest_id,
                    file,
                    str(adapter.name),
                    sha256,
                    totals.records,
                    totals.stored,
                    duplicates,
                    len(errors),
                    started,
                    datetime.now(UTC),
                    settings,
                    settings_hash,
                ],
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except duckdb.Error as exc:
        raise StoreError(f"{file}: writing to the store failed, nothing was stored: {exc}") from exc
    finally:
        ahead.close()
        gc.unfreeze()
        if pool is not None:
            pa.set_memory_pool(pool)
    return IngestReport(
        file,
        str(adapter.name),
        sha256,
        totals.records,
        totals.stored,
        duplicates,
        tuple(errors),
        False,
        ingest_id,
        time.perf_counter() - clock,
        totals.replaced,
        totals.restored,
        totals.readings[-1] if totals.readings else None,
        dropped,
    )


def _check_bad_rows(
    batch: Any,
    totals: _Totals,
    limits: Limits,
    too_many: Callable[[int, list[RowError]], Exception],
) -> None:
    """Add the piece's bad rows (in the adapter's order); past ``max_bad_rows``, the error of
    :func:`~trucewatch.store.ingest_columns.read_batch`, counting the pieces before."""
    error_keys = np.asarray(batch.error_keys, dtype=np.int64)
    order = np.argsort(error_keys, kind="stable")
    before = len(totals.errors)
    totals.errors.extend(batch.errors[i] for i in order.tolist())
    if len(totals.errors) > limits.max_bad_rows:
        key = int(error_keys[order[limits.max_bad_rows - before]])
        events_before = (
            totals.events
            + int(np.count_nonzero(batch.keys < key))
            + sum(1 for k in batch.event_keys if k < key)
        )
        raise too_many(
            events_before + limits.max_bad_rows + 1, totals.errors[: limits.max_bad_rows + 1]
        )


class _Piece:
    """A piece's batch, its events as one table with their order keys, and that table's ids
    repeated within the piece resolved (:func:`~trucewatch.store.conflicts.table_conflicts`):
    made in the reading thread, off the writer's path."""

    def __init__(self, batch: Any, name: str):
        self.batch = batch
        self.table, self.keys = batch_table(batch)
        self.unique, self.conflicts, self.repeats = table_conflicts(self.table, name, self.keys)


def _write_piece(
    conn: duckdb.DuckDBPyConnection,
    piece: _Piece,
    names: tuple[str, str],
    ingest_id: int,
    now: datetime,
    totals: _Totals,
    edits: Edits,
) -> None:
    """Insert a piece's events (each id once, the first in record order); when some were not
    inserted, resolve them against the earlier pieces and the store (with ``edits="replace"``
    an id an earlier ingest stored with other content is replaced by its new version).
    ``names``: the file as its bad rows name it, and as the ingest (and the log) does."""
    name, file = names
    table, keys = piece.table, piece.keys
    unique, conflicts, repeats = piece.unique, piece.conflicts, piece.repeats
    if totals.readings:  # read again with other settings: what it no longer gives leaves
        totals.ids.extend(table.column("event_id").chunks)
    if unique.num_rows == 0:
        return
    cols = ", ".join(EVENT_COLUMNS)
    skip_stored = may_conflict(conn, unique)
    totals.restored += log_restored(conn, unique, ingest_id=ingest_id, origin=file, now=now)
    # a reader that lets go of each batch once read: DuckDB keeps what is registered alive
    # until the transaction ends, and a table would hold every piece's memory until then
    conn.register("_tw_incoming", _one_pass(unique))
    try:
        stored = insert_events(conn, "_tw_incoming", ingest_id, now, skip_stored=skip_stored)
    finally:
        conn.unregister("_tw_incoming")
    totals.stored += stored
    if stored < unique.num_rows:  # rare (repeats, re-ingests): the table is registered
        conn.register("_tw_incoming", unique)
    try:
        if stored < unique.num_rows:  # the ids that were there before this piece
            before = conn.sql(
                "SELECT i.event_id FROM _tw_incoming i JOIN events e USING (event_id) "
                "WHERE NOT (e.ingest_id = ? AND e.prov_line IS NOT DISTINCT FROM i.prov_line)",
                params=[ingest_id],
            ).to_arrow_table()
    finally:
        if stored < unique.num_rows:
            conn.unregister("_tw_incoming")
    if stored < unique.num_rows:
        ids = before.column(0).combine_chunks()
        again = pc.is_in(table.column("event_id"), value_set=ids)
        order = np.argsort(keys, kind="stable")  # every occurrence, in record order
        rows = table.take(pa.array(order)).filter(pc.take(again, pa.array(order)))
        conn.register("_tw_incoming", rows)
        try:  # ids an earlier piece had: every occurrence is compared with that first record
            seen, exact, earlier = earlier_piece_conflicts(conn, rows, name, ingest_id)
        finally:
            conn.unregister("_tw_incoming")
        if seen:
            seen_ids = pa.array(sorted(seen), pa.string())
            new = pc.invert(pc.is_in(table.column("event_id"), value_set=seen_ids))
            rest_keys = keys[new.to_numpy(zero_copy_only=False)]
            unique, conflicts, repeats = table_conflicts(table.filter(new), name, rest_keys)
            totals.file_conflicts.extend(earlier)
            totals.repeats += exact
            stored_before = unique.filter(pc.is_in(unique.column("event_id"), value_set=ids))
        else:
            stored_before = unique.filter(pc.is_in(unique.column("event_id"), value_set=ids))
        conn.register("_tw_incoming", stored_before)
        try:  # first records of ids an earlier ingest stored: checked, kept for later pieces
            found = stored_differences(conn, ingest_id)
            # new versions: stored, the stored rows moved to history (an earlier reading's
            # events are, whatever ``edits`` says)
            edited = [d for d in found if edits == "replace" or d.ingest_id in totals.readings]
            replaced = store_new_versions(
                conn, edited, stored_before, ingest_id=ingest_id, origin=file, now=now
            )
            totals.stored += replaced
            totals.replaced += replaced
            edited_ids = {d.event_id for d in edited}
            differences = [d for d in found if d.event_id not in edited_ids]
            totals.clashing += len(differences)
            totals.stored_conflicts.extend(d.as_row_error(name) for d in differences)
            conn.execute(f"INSERT INTO _tw_seen SELECT {cols} FROM _tw_incoming")
        finally:
            conn.unregister("_tw_incoming")
    totals.unique += unique.num_rows
    totals.file_conflicts.extend(conflicts)
    totals.repeats += repeats


def read_ahead(items: Iterator[_T]) -> Generator[_T, None, None]:
    """``items`` in order, each made in a thread while the caller works on the one before.

    The file's next piece is read and checked (pyarrow, numpy, numba: they let go of the GIL)
    while DuckDB inserts the piece before (which lets go of it too), so on two cores the two
    overlap; one piece at most waits, made, for its turn. An error raised making an item is
    raised here, where that item would have come. Closing the generator (or leaving it before
    the end) stops the thread after the item it is making and closes ``items`` there."""
    ready: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def put(item: tuple[str, Any]) -> None:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def make() -> None:
        try:
            for item in items:
                if stop.is_set():
                    break
                put(("item", item))
            put(("end", None))
        except BaseException as exc:  # handed to the caller, raised there
            put(("error", exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=make, name="trucewatch-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = ready.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        thread.join()


def _retaining_pool() -> pa.MemoryPool | None:
    """Make jemalloc Arrow's default memory pool for the ingest (if pyarrow has it); the
    pool it replaces, to be set back after, or None.

    The pieces' Arrow buffers are made and let go of at a high rate; pyarrow's default,
    mimalloc, gives the pages of large buffers back to the system at once, and taking them
    again costs page faults: about 2 of the 15 CPU seconds of a 1,000,000-row GED file, which
    jemalloc (keeping freed pages a while) saves. Buffers remember their pool, so changing
    the default while other threads use Arrow is safe."""
    try:
        retaining = pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without jemalloc
        return None
    before = pa.default_memory_pool()
    pa.set_memory_pool(retaining)
    return before


def _one_pass(table: pa.Table) -> pa.RecordBatchReader:
    """``table`` as a reader that drops each batch once it is read."""
    batches = table.to_batches()

    def each() -> Iterator[pa.RecordBatch]:
        while batches:
            yield batches.pop(0)

    return pa.RecordBatchReader.from_batches(table.schema, each())


def _all_errors(totals: _Totals, stored: bool = True) -> list[RowError]:
    """Every bad row (with ``stored``, also the conflicts with stored events), as
    :func:`~trucewatch.store.ingest.read_file` and ``write_file`` order them."""
    conflicts = [*totals.file_conflicts, *(totals.stored_conflicts if stored else [])]
    if conflicts:
        return sorted([*totals.errors, *conflicts], key=lambda e: e.line)
    return list(totals.errors)
