"""The embedded DuckDB store: :class:`Store` and :class:`StoreStats`.

A store is one DuckDB file holding events, ingests, bad rows, agreement texts and boundary
units, with a versioned schema (:mod:`trucewatch.store.migrations`). An open store holds a turn
(:mod:`trucewatch.store.lock`): many readers, or one writer, at a time; openers wait their turn.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from trucewatch.errors import RowError, SourceError, StoreError
from trucewatch.model.event import Event
from trucewatch.store import catalog, event_changes, event_reads, keys
from trucewatch.store import verdicts as verdict_store
from trucewatch.store.cache import StoreCache
from trucewatch.store.connect import check_path, connect, default_db_path, transaction
from trucewatch.store.event_changes import DeleteReport, Edits, EventChange, check_edits
from trucewatch.store.event_reads import StoredIngest
from trucewatch.store.ingest import (
    FileRead,
    IngestReport,
    already_ingested,
    content_sha256,
    file_sha256,
    prior_reading,
    read_file,
    write_file,
)
from trucewatch.store.ingest_stream import stream_file
from trucewatch.store.lock import DEFAULT_WAIT, StoreLock
from trucewatch.store.migrations import LATEST_VERSION, applied_version, check_compatible, migrate
from trucewatch.store.query import EventQuery
from trucewatch.store.state import state_token
from trucewatch.store.stats import StoreStats, store_stats
from trucewatch.store.verdict_update import VerdictUpdate

__all__ = ["Store", "StoreStats"]

log = logging.getLogger("trucewatch.store")


class Store:
    """One trucewatch store file. Open it with :meth:`Store.open`; use it as a context manager."""

    def __init__(
        self,
        conn: duckdb.DuckDBPyConnection,
        path: Path,
        read_only: bool,
        lock: StoreLock | None = None,
        cache: StoreCache | None = None,
    ):
        self._conn: duckdb.DuckDBPyConnection | None = conn
        self.path = path
        self.read_only = read_only
        self._lock = lock
        #: Values computed from the store's content, keyed by it (:mod:`trucewatch.store.cache`).
        self.cache = StoreCache() if cache is None else cache

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        read_only: bool = False,
        wait: float | None = DEFAULT_WAIT,
        on_wait: Callable[[str], None] | None = None,
        cache: StoreCache | None = None,
    ) -> Store:
        """Open (or create) the store at ``path`` (default :func:`default_db_path`).

        The store is held until :meth:`close`: read-only, along with other readers; else alone
        (see docs/store.md, "Who may open a store when"). An opener waits its turn for at
        most ``wait`` seconds (None: no limit), then raises
        :class:`~trucewatch.errors.StoreBusyError`; ``on_wait`` gets one message when the
        wait lasts (default: logged by the ``trucewatch.store`` logger).

        Pending schema migrations are applied, unless ``read_only``; a read-only store that
        needs migrating is refused with the fix. ``cache``: the :class:`StoreCache` to keep
        values computed from the store in (default: one of its own), so that several opens
        share it (:class:`~trucewatch.store.shared.SharedStore` does).
        """
        target = default_db_path() if path is None else Path(path).expanduser()
        check_path(target, read_only=read_only)
        say = on_wait or log.info
        started = time.monotonic()
        lock = StoreLock.acquire(target, write=not read_only, wait=wait, on_wait=say)
        try:
            left = None if wait is None else max(0.0, wait - (time.monotonic() - started))
            conn = connect(target, read_only=read_only, wait=left, on_wait=say)
            try:
                if read_only:
                    version = check_compatible(conn, str(target))
                    if version < LATEST_VERSION:
                        raise StoreError(
                            f"store {target} has schema {version} and this trucewatch needs "
                            f"{LATEST_VERSION}: open it once for writing (e.g. trucewatch "
                            "ingest) to upgrade it"
                        )
                else:
                    migrate(conn, str(target))
            except BaseException:
                conn.close()
                raise
        except BaseException:
            lock.release()
            raise
        return cls(conn, target, read_only, lock, cache)

    def close(self) -> None:
        """Close the store and give its turn back (safe to call twice)."""
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None
                if self._lock is not None:
                    self._lock.release()
                    self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else ("read-only" if self.read_only else "open")
        return f"<Store {self.path} ({state})>"

    @property
    def conn(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection: for the modules of ``store/`` (no other module of trucewatch
        holds it: ``tests/test_architecture.py``) and read-only SQL by advanced users."""
        if self._conn is None:
            raise StoreError(f"store {self.path} is closed: open it again with Store.open()")
        return self._conn

    def _writable(self, what: str) -> duckdb.DuckDBPyConnection:
        if self.read_only:
            raise StoreError(f"cannot {what}: store {self.path} was opened read-only")
        return self.conn

    def schema_version(self) -> int:
        """The schema version of the store (the last migration applied)."""
        return applied_version(self.conn)

    # -- ingest --------------------------------------------------------------------------------

    def ingest(
        self,
        adapter: Any,
        path: Path,
        *,
        strict: bool = False,
        progress: Callable[[int], None] | None = None,
        edits: Edits = "refuse",
    ) -> IngestReport:
        """Read ``path`` with ``adapter`` and store its events; see :class:`IngestReport`.

        The same file with the same adapter and settings again adds nothing
        (``already_ingested``); other settings read it again (docs/store.md "Readings").
        With ``strict``, any bad row raises :class:`BadRowsError` and nothing is written.
        ``progress`` gets the running count of records read, every 1,000 records.
        (:meth:`trucewatch.store.shared.SharedStore.ingest` reads the file before it takes
        the writing turn.) A file the adapter reads in pieces is streamed into the store in
        its one transaction (:mod:`trucewatch.store.ingest_stream`: memory bounded by a piece).
        ``edits``: an event id stored with other content is a bad row (``"refuse"``) or the
        event's new version, replacing it (``"replace"``: :mod:`trucewatch.store.event_changes`).
        """
        edits = check_edits(edits)
        conn = self._writable("ingest")
        clock = time.perf_counter()
        path = Path(path)
        if not path.is_file():
            raise SourceError(f"{path}: no such file (or it is a directory)")
        sha = file_sha256(path)
        earlier, readings = prior_reading(conn, sha, adapter)
        if earlier is not None:
            return already_ingested(str(path.resolve()), str(adapter.name), sha, earlier, clock)
        streamed = stream_file(
            conn,
            adapter,
            path,
            sha256=sha,
            strict=strict,
            progress=progress,
            clock=clock,
            edits=edits,
            readings=readings,
        )
        if streamed is not None:
            return streamed
        read = read_file(adapter, path, strict=strict, progress=progress, sha256=sha)
        return write_file(conn, replace(read, clock=clock), edits)

    def ingest_events(
        self,
        events: Iterable[Event],
        *,
        label: str,
        adapter: str,
        errors: Iterable[RowError] = (),
    ) -> IngestReport:
        """Store in-memory events (simulations, demos) as one ingest named ``label``.

        Idempotent: events whose id is stored already are counted as duplicates, and the very
        same batch again is reported as ``already_ingested``.
        """
        conn = self._writable("ingest events")
        started, clock = datetime.now(UTC), time.perf_counter()
        batch, bad = list(events), list(errors)
        for item in batch:
            if not isinstance(item, Event):
                raise StoreError(f"{label}: ingest_events got a {type(item).__name__}, not Event")
        sha = content_sha256(batch, bad)
        return write_file(conn, FileRead(label, adapter, sha, batch, bad, None, started, clock))

    # -- events edited and deleted at the source (store/event_changes.py) -------------------

    def delete_events(
        self, ids: Iterable[str], *, origin: str, now: datetime | None = None
    ) -> DeleteReport:
        """Delete events the source deleted, in one transaction: they leave ``events`` (kept
        in ``event_history``), their verdicts are dropped and their alerts not yet sent
        withdrawn; ids not stored are counted, not an error
        (:func:`~trucewatch.store.event_changes.delete_events`)."""
        return event_changes.delete_events(
            self._writable("delete events"), ids, origin=origin, now=now
        )

    def event_changes(
        self,
        since: datetime | None = None,
        *,
        change: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[EventChange]:
        """The log of events edited, deleted and restored at the source, oldest first (at
        most ``limit`` from ``offset`` on; ``since``: changed at or after it)."""
        return event_changes.event_changes(
            self.conn, since=since, change=change, limit=limit, offset=offset
        )

    def count_event_changes(
        self, since: datetime | None = None, *, change: str | None = None
    ) -> int:
        """How many changes :meth:`event_changes` would list without a limit."""
        return event_changes.count_event_changes(self.conn, since=since, change=change)

    # -- reading events (store/event_reads.py) ---------------------------------------------

    def events(self, query: EventQuery | None = None) -> list[dict[str, Any]]:
        """Matching events as plain dicts (the ``events`` columns), by time_start, event_id."""
        return event_reads.event_rows(self.conn, query)

    def iter_events(self, query: EventQuery | None = None) -> Iterator[Event]:
        """Matching events rebuilt as :class:`Event` objects, streamed in time order."""
        return event_reads.iter_events(self.conn, query)

    def event(self, event_id: str) -> Event:
        """One stored event by its id; NotFoundError naming the id if there is none."""
        return event_reads.event(self.conn, event_id)

    def count_events(self, query: EventQuery | None = None) -> int:
        """How many events match (``limit`` caps the count)."""
        return event_reads.count_events(self.conn, query)

    def export_events(self, out: Path, fmt: str, query: EventQuery | None = None) -> int:
        """Write matching events to ``out`` as csv, geojson or parquet; return rows written.

        The file appears only when complete (temp file in the same folder, then ``os.replace``).
        """
        return event_reads.export_events(self.conn, Path(out), fmt, query)

    # -- bookkeeping ---------------------------------------------------------------------------

    def stats(self) -> StoreStats:
        """Counts and extent of what the store holds."""
        return store_stats(self.conn, self.path, self.schema_version())

    def bad_rows(self, ingest_id: int | None = None) -> list[RowError]:
        """Bad rows recorded by one ingest (or all), in ingest and line order."""
        return event_reads.bad_rows(self.conn, ingest_id)

    def ingests(self) -> list[StoredIngest]:
        """Every ingest (:class:`~trucewatch.store.event_reads.StoredIngest`), oldest first."""
        return event_reads.ingests(self.conn)

    # -- agreements and boundaries (stored as data) ---------------------------------------------

    def put_agreement(self, agreement_id: str, name: str, text: str, origin: str) -> int:
        """Store an agreement's text; return its version (unchanged text keeps the version)."""
        return catalog.put_agreement(
            self._writable("store an agreement"), agreement_id, name, text, origin
        )

    def agreement_texts(self) -> list[catalog.AgreementText]:
        """The latest version of every stored agreement text (ordered by id)."""
        return catalog.agreement_texts(self.conn)

    def put_boundaries(self, layer: str, records: list[dict[str, Any]]) -> int:
        """Replace boundary layer ``layer`` by ``records``; return how many were stored."""
        return catalog.put_boundaries(self._writable("store boundaries"), layer, records)

    def boundary_records(self, layer: str | None = None) -> list[dict[str, Any]]:
        """Stored boundary units, of one layer or all."""
        return catalog.boundary_records(self.conn, layer)

    # -- verdicts --------------------------------------------------------------------------------

    def state_token(self) -> tuple[Any, ...]:
        """A token that changes whenever events, agreements, boundaries or verdicts change
        (:func:`trucewatch.store.state.state_token`): for caches kept outside the store."""
        return state_token(self.conn)

    def last_ingest_id(self) -> int:
        """The id of the latest ingest (0 for an empty store)."""
        row = self.conn.execute("SELECT coalesce(max(ingest_id), 0) FROM ingests").fetchone()
        return int(row[0]) if row else 0

    def verdict_window_states(self) -> dict[tuple[str, str], tuple[str, int]]:
        """(agreement_id, window_id) -> (window_key, judged_through) of every judged window."""
        return verdict_store.window_states(self.conn)

    @contextmanager
    def verdict_update(self) -> Iterator[VerdictUpdate]:
        """The writes of one verdict update, in ONE transaction (committed at the end of the
        block, rolled back on any exception; see :mod:`trucewatch.store.verdicts`)."""
        conn = self._writable("store verdicts")
        with transaction(conn):
            yield VerdictUpdate(conn)

    def verdict_code_rows(
        self,
        *,
        agreement_ids: Sequence[str] = (),
        kinds: Sequence[str] = (),
        event_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """Stored verdicts as rows of codes decoded (the view ``verdicts``), with the event's
        lon, lat and time_start; no parties nor explanation (those are rendered by
        :func:`trucewatch.verdicts.stored.verdict_records`)."""
        return verdict_store.read_verdicts(
            self.conn, agreement_ids=agreement_ids, kinds=kinds, event_id=event_id
        )

    def verdict_code_chunks(
        self,
        *,
        agreement_ids: Sequence[str] = (),
        kinds: Sequence[str] = (),
        chunk: int = 50_000,
    ) -> Iterator[list[dict[str, Any]]]:
        """:meth:`verdict_code_rows` in lists of at most ``chunk`` rows."""
        return verdict_store.iter_verdicts(
            self.conn, agreement_ids=agreement_ids, kinds=kinds, chunk=chunk
        )

    def events_by_id(self, event_ids: Sequence[str]) -> dict[str, Event]:
        """The stored events of ``event_ids`` by id (ids not stored are left out)."""
        return event_reads.events_by_id(self.conn, event_ids)

    # -- keys ------------------------------------------------------------------------------------

    def create_api_key(self, role: str, name: str = "") -> tuple[keys.ApiKey, str]:
        """Create an API key with ``role``; return it and its whole text (shown only once)."""
        return keys.create_key(self._writable("create an API key"), role, name)

    def api_keys(self) -> list[keys.ApiKey]:
        """Every API key (revoked ones too), without secrets."""
        return keys.list_keys(self.conn)

    def revoke_api_key(self, key_id: str) -> keys.ApiKey:
        """Revoke the API key ``key_id``; NotFoundError if there is none."""
        return keys.revoke_key(self._writable("revoke an API key"), key_id)

    def verify_api_key(self, text: str) -> keys.ApiKey | None:
        """The active key whose text is ``text``, else None."""
        return keys.verify_key(self.conn, text)
