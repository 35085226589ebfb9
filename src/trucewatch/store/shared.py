"""A store shared by the threads of one process that reads it often: the API server.

:class:`SharedStore` gives ``reading()`` and ``writing()`` views of a store (the
:class:`~trucewatch.publish.alerts.runner.StoreAccess` protocol) without holding the store
against other processes:

- readers share one read-only :class:`~trucewatch.store.Store`, the *lease*, opened on the
  first read (starting DuckDB costs about ten milliseconds, too much for every request) and
  each read works on a cursor of its own;
- the lease is closed as soon as a writer waits for its turn (one of this process, or one of
  another process seen through the queue file, checked every :data:`POLL` seconds), once the
  reads in progress are over, and after ``linger`` idle seconds; the next read opens it again
  (after the writer: readers wait for it);
- a writer opens the store for writing when its turn comes, works, and closes it; the writers
  of this process go one at a time.

With ``linger=0`` nothing is kept between reads: each read opens and closes the store (what the
command line does). See docs/store.md, "Who may open a store when".
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from trucewatch.errors import StoreBusyError, StoreError
from trucewatch.sources._columns import PIECE_BYTES
from trucewatch.store.cache import StoreCache
from trucewatch.store.event_changes import DeleteReport, Edits, check_edits
from trucewatch.store.ingest import (
    IngestReport,
    already_ingested,
    earlier_readings,
    file_sha256,
    find_ingest,
    read_file,
    write_file,
)
from trucewatch.store.ingest_report import settings_of
from trucewatch.store.ingest_stream import stream_file
from trucewatch.store.lock import busy_reason, writer_waiting
from trucewatch.store.store import Store

__all__ = ["POLL", "SharedStore"]

#: How often (seconds) a kept lease looks for a writer waiting in another process.
POLL = 0.02

log = logging.getLogger("trucewatch.store")


class SharedStore:
    """Reading and writing views of the store at ``path`` for many threads (see the module).

    ``wait``: seconds a read or a write waits for its turn before
    :class:`~trucewatch.errors.StoreBusyError` (None: no limit); ``linger``: idle seconds the
    lease is kept; ``read_only``: refuse every write; ``on_wait``: told when a wait lasts.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool = False,
        wait: float | None = 30.0,
        linger: float = 1.0,
        on_wait: Callable[[str], None] | None = None,
    ):
        self.path = Path(path)
        self.read_only = read_only
        self.wait = wait
        self.linger = linger
        self.on_wait = on_wait or log.info
        self._cond = threading.Condition()
        self._lease: Store | None = None
        self._users = 0
        self._opening = False
        self._draining = False
        self._writers = 0
        self._last_used = time.monotonic()
        self._keeper: threading.Thread | None = None
        self._closed = False
        self._reading = threading.local()
        self._write_turn = threading.Lock()
        self._cache = StoreCache()  # shared by every store opened here (store/cache.py)

    def __repr__(self) -> str:
        state = "not held" if self._lease is None else "leased"
        state += ", draining" if self._draining else ""
        return f"<SharedStore {self.path} ({state}, {self._users} reading)>"

    # -- reading ---------------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A read-only view (its own cursor on the lease) for the block."""
        lease = self._enter()
        self._reading.depth = getattr(self._reading, "depth", 0) + 1
        try:
            cursor = lease.conn.cursor()
            view = Store(cursor, lease.path, read_only=True, cache=self._cache)
            try:
                cursor.execute("SET TimeZone = 'UTC'")
                yield view
            finally:
                view.close()
        finally:
            self._reading.depth -= 1
            self._leave()

    def _deadline(self) -> float | None:
        return None if self.wait is None else time.monotonic() + self.wait

    def _enter(self) -> Store:
        deadline = self._deadline()
        nested = getattr(self._reading, "depth", 0) > 0  # never wait for one's own read
        with self._cond:
            while True:
                if self._closed:
                    raise StoreError(f"store {self.path} was closed by the server shutting down")
                free = not self._draining and self._writers == 0
                if self._lease is not None and (free or nested):
                    self._users += 1
                    return self._lease
                if self._lease is None and not self._opening and self._writers == 0:
                    self._opening = True
                    break
                self._wait_turn(deadline)
        try:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            store = Store.open(
                self.path, read_only=True, wait=left, on_wait=self.on_wait, cache=self._cache
            )
        except BaseException:
            with self._cond:
                self._opening = False
                self._cond.notify_all()
            raise
        with self._cond:
            self._opening = False
            self._lease, self._draining = store, False
            self._users += 1
            self._cond.notify_all()
            if self.linger > 0 and self._keeper is None:
                self._keeper = threading.Thread(
                    target=self._keep, name=f"trucewatch lease {self.path.name}", daemon=True
                )
                self._keeper.start()
        return store

    def _wait_turn(self, deadline: float | None) -> None:
        """Wait on the condition (held) a little; StoreBusyError once ``deadline`` passed."""
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            raise StoreBusyError(
                f"store {self.path} is still busy after {self.wait:g} s "
                f"({busy_reason(self.path)}): try again when it has finished, or wait longer",
                store=self.path,
            )
        self._cond.wait(0.1 if left is None else min(left, 0.1))

    def _leave(self) -> None:
        with self._cond:
            self._users -= 1
            self._last_used = time.monotonic()
            if self._users == 0 and (self._draining or self._writers or self.linger <= 0):
                self._drop_lease()
            self._cond.notify_all()

    def _drop_lease(self) -> None:
        """Close the lease (the condition is held and nobody reads)."""
        if self._lease is not None:
            try:
                self._lease.close()
            finally:
                self._lease, self._draining = None, False

    def _keep(self) -> None:
        """The lease's keeper: closes it when a writer waits or it has been idle ``linger`` s."""
        with self._cond:
            while True:
                if self._lease is None or self._closed:
                    self._keeper = None
                    return
                if not self._draining and writer_waiting(self.path):
                    self._draining = True
                idle = time.monotonic() - self._last_used >= self.linger
                if self._users == 0 and (self._draining or idle):
                    self._drop_lease()
                    self._keeper = None
                    self._cond.notify_all()
                    return
                self._cond.wait(POLL)

    # -- writing ---------------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The store opened for writing, alone, for the block (readers wait for it)."""
        if self.read_only:
            raise StoreError(f"store {self.path} is served read-only: writes are refused")
        if getattr(self._reading, "depth", 0):
            raise RuntimeError(
                "writing() inside reading() in the same thread would wait for itself: "
                "leave the read first"
            )
        deadline = self._deadline()
        with self._cond:
            self._writers += 1
            if self._lease is not None:
                self._draining = True
                if self._users == 0:
                    self._drop_lease()
        try:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not self._write_turn.acquire(timeout=-1 if left is None else left):
                raise StoreBusyError(
                    f"store {self.path} is still busy after {self.wait:g} s (another write of "
                    "this process): try again when it has finished, or wait longer",
                    store=self.path,
                )
            try:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                with Store.open(
                    self.path, wait=left, on_wait=self.on_wait, cache=self._cache
                ) as store:
                    yield store
            finally:
                self._write_turn.release()
        finally:
            with self._cond:
                self._writers -= 1
                self._cond.notify_all()

    def ingest(
        self,
        adapter: Any,
        path: Path,
        *,
        strict: bool = False,
        progress: Callable[[int], None] | None = None,
        label: str | None = None,
        edits: Edits = "refuse",
    ) -> IngestReport:
        """:meth:`Store.ingest`, but the file is read before the writing turn is taken, so
        readers wait only for the write itself. ``label`` (an uploaded file's name) stands for
        the path in the ingest, the events' provenance and the bad rows. A file larger than
        one piece (:data:`~trucewatch.sources._columns.PIECE_BYTES`) that the adapter reads in
        pieces is streamed into the store in its writing turn instead (memory bounded by a
        piece, readers wait for the whole ingest). ``edits`` as for :meth:`Store.ingest`."""
        edits = check_edits(edits)
        path = Path(path)
        sha = file_sha256(path) if path.is_file() else None
        name = str(adapter.name)
        _, settings_hash = settings_of(adapter)
        earlier = None if sha is None else self._earlier(sha, name, settings_hash)
        if sha is not None and earlier is not None:
            file = label if label is not None else str(path.resolve())
            return already_ingested(file, name, sha, earlier, time.perf_counter())
        if label is None and sha is not None and path.stat().st_size > PIECE_BYTES:
            # larger than one piece: streamed in its writing turn, memory bounded by a piece
            clock = time.perf_counter()
            with self.writing() as store:
                earlier = find_ingest(store.conn, sha, name, settings_hash)
                if earlier is not None:
                    return already_ingested(str(path.resolve()), name, sha, earlier, clock)
                streamed = stream_file(
                    store.conn,
                    adapter,
                    path,
                    sha256=sha,
                    strict=strict,
                    progress=progress,
                    edits=edits,
                    readings=earlier_readings(store.conn, sha, name),
                )
                if streamed is not None:
                    return streamed
        read = read_file(adapter, path, strict=strict, progress=progress, sha256=sha, label=label)
        with self.writing() as store:
            return write_file(store.conn, read, edits)

    def delete_events(
        self, ids: Iterable[str], *, origin: str, now: datetime | None = None
    ) -> DeleteReport:
        """:meth:`Store.delete_events` in a writing turn."""
        with self.writing() as store:
            return store.delete_events(ids, origin=origin, now=now)

    def _earlier(self, sha: str, adapter: str, settings_hash: str) -> tuple[int, int] | None:
        """The reading of these bytes with this adapter and settings, if the store says so at once
        (when it is busy, the file is read anyway and the write looks again)."""
        if not self.path.exists():
            return None
        try:
            with Store.open(self.path, read_only=True, wait=0) as store:
                return find_ingest(store.conn, sha, adapter, settings_hash)
        except StoreBusyError:
            return None
        except StoreError:
            if self.read_only:
                raise
        # an older schema, which a read-only open cannot upgrade, or no store at all: opening
        # it for writing upgrades it, or says what is wrong, before the file is read
        with self.writing() as store:
            return find_ingest(store.conn, sha, adapter, settings_hash)

    # -- closing ---------------------------------------------------------------------------------

    def close(self) -> None:
        """Let the lease go (now, or when the reads in progress end); refuse new reads."""
        with self._cond:
            self._closed = True
            if self._users == 0:
                self._drop_lease()
            else:
                self._draining = True
            self._cond.notify_all()
