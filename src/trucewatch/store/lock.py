"""Whose turn it is to open a store: a readers-writer lock across processes, beside the file.

DuckDB lets one process open a file read-write, or any number of processes open it
read-only, never both at once; a second opener gets an error at once. trucewatch makes openers
wait their turn instead, with two small files beside the store (created on first use and left
in place: deleting them while a trucewatch process uses the store breaks the turns):

- ``<store>.lock``: readers hold a shared ``flock``, a writer an exclusive one (and writes its
  PID and command into the file, for the messages of those who wait);
- ``<store>.queue``: a writer holds it exclusively from the moment it asks until it has its
  turn, and readers pass through it (shared) before taking theirs, so a waiting writer is not
  starved by a stream of readers; a server that keeps a reader open between requests looks
  at it to know when to let go (:mod:`trucewatch.store.shared`).

``flock`` locks belong to open files: a process that dies, even by ``kill -9``, releases them.
Waits poll (non-blocking ``flock``, growing sleeps) so that they can end with a clear
:class:`~trucewatch.errors.StoreBusyError` after ``wait`` seconds. Where ``fcntl`` does not
exist (Windows) or a reader cannot create the lock file (a read-only folder), there is no
turn: DuckDB's own lock still protects the file and opening retries it until ``wait``.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from trucewatch.errors import StoreBusyError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "DEFAULT_WAIT",
    "LOCK_SUFFIX",
    "QUEUE_SUFFIX",
    "WAIT_MESSAGE_AFTER",
    "StoreLock",
    "busy_reason",
    "describe_command",
    "job_turn",
    "writer_waiting",
]

#: Seconds :meth:`trucewatch.store.Store.open` waits for its turn unless told otherwise.
DEFAULT_WAIT = 60.0
#: A wait is announced (``on_wait``) once it has lasted this long: a server letting go of its
#: reader takes a few hundredths of a second, which is not worth a message.
WAIT_MESSAGE_AFTER = 0.25
LOCK_SUFFIX = ".lock"
QUEUE_SUFFIX = ".queue"

OnWait = Callable[[str], None]


def describe_command(argv: list[str]) -> str:
    """A short name for a command line: ``trucewatch ingest``, ``python3 bench.py``."""
    args = [a for a in argv if a]
    if not args:
        return "unknown command"
    for i, arg in enumerate(args):
        if Path(arg).name == "trucewatch":
            words = iter(args[i + 1 :])
            for word in words:
                if word == "--wait":
                    next(words, None)
                elif not word.startswith("-"):
                    return f"trucewatch {word}"
            return "trucewatch"
    head, rest = Path(args[0]).name, args[1:]
    if rest[:1] == ["-m"] and len(rest) > 1:
        return f"{head} -m {rest[1]}"
    if rest[:1] == ["-c"]:
        return f"{head} -c"
    if rest and not rest[0].startswith("-"):
        return f"{head} {Path(rest[0]).name}"
    return head


def _command_of(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return describe_command(raw.decode(errors="replace").split("\0"))


@dataclass(frozen=True)
class _Holder:
    pid: int
    command: str | None
    writing: bool


def _holders(path: Path) -> list[_Holder]:
    """Who holds ``flock`` locks on ``path``, from /proc/locks (Linux); else []."""
    try:
        stat = path.stat()
        table = Path("/proc/locks").read_text()
    except OSError:
        return []
    device = f"{os.major(stat.st_dev):02x}:{os.minor(stat.st_dev):02x}:{stat.st_ino}"
    found: dict[int, _Holder] = {}
    for line in table.splitlines():
        parts = line.split()
        if "->" in parts or len(parts) < 6 or parts[1] != "FLOCK" or parts[5] != device:
            continue
        pid = int(parts[4])
        if pid > 0:
            found[pid] = _Holder(pid, _command_of(pid), parts[3] == "WRITE")
    return sorted(found.values(), key=lambda h: h.pid)


def _written_by(lock_file: Path) -> str | None:
    """What the writer holding ``lock_file`` wrote into it ("PID command"), if anything."""
    try:
        text = lock_file.read_text(errors="replace").strip()
    except OSError:
        return None
    match = re.fullmatch(r"(\d+) (.+)", text)
    return None if match is None else f"PID {match.group(1)}, {match.group(2)}"


def _who(holder: _Holder) -> str:
    me = " (this process)" if holder.pid == os.getpid() else ""
    return f"PID {holder.pid}{me}, {holder.command or 'unknown command'}"


def busy_reason(store: Path, *, queue: bool = False) -> str:
    """Why the store is busy, as the messages say it: ``written by PID 4321, trucewatch
    ingest``, ``read by PID 77, trucewatch serve``, or (``queue``: for one who waits behind a
    writer) ``PID 99, trucewatch ingest, is waiting to write``; ``in use by another process``
    when nothing more is known."""
    if queue:
        queued = _holders(Path(f"{store}{QUEUE_SUFFIX}"))
        if queued:
            return f"{_who(queued[0])}, is waiting to write"
    lock_file = Path(f"{store}{LOCK_SUFFIX}")
    holders = _holders(lock_file)
    writers = [h for h in holders if h.writing]
    if writers:
        return f"written by {_who(writers[0])}"
    if holders:
        shown = "; ".join(_who(h) for h in holders[:3])
        more = f" and {len(holders) - 3} more" if len(holders) > 3 else ""
        return f"read by {shown}{more}"
    written = _written_by(lock_file)
    return f"written by {written}" if written else "in use by another process"


def _open(path: Path, *, create: bool) -> int | None:
    flags = os.O_RDWR | (os.O_CREAT if create else 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags, 0o666)
    except OSError:
        pass
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None


class _Waiter:
    """One wait for a turn: the deadline, the growing sleeps, the message said once."""

    def __init__(self, store: Path, wait: float | None, on_wait: OnWait | None):
        self.store = store
        self.wait = wait
        self.on_wait = on_wait
        self.started = time.monotonic()
        self.announced = False
        self.sleep = 0.002

    def remaining(self) -> float | None:
        if self.wait is None:
            return None
        return max(0.0, self.wait - (time.monotonic() - self.started))

    def pause(self, reason: Callable[[], str]) -> None:
        """Sleep a little before the next try, or raise StoreBusyError when time is up."""
        waited = time.monotonic() - self.started
        if self.wait is not None and waited >= self.wait:
            raise StoreBusyError(
                f"store {self.store} is still busy after {self.wait:g} s ({reason()}): try "
                "again when it has finished, or wait longer",
                store=self.store,
            )
        if not self.announced and self.on_wait is not None and waited >= WAIT_MESSAGE_AFTER:
            self.announced = True
            limit = "" if self.wait is None else f" up to {self.wait:g} s"
            self.on_wait(f"store {self.store} is busy ({reason()}): waiting{limit}...")
        pause = self.sleep
        remaining = self.remaining()
        if remaining is not None:
            pause = min(pause, max(remaining, 0.001))
        time.sleep(pause)
        self.sleep = min(self.sleep * 2, 0.05)


def _take(fd: int, mode: int, waiter: _Waiter, reason: Callable[[], str]) -> None:
    assert fcntl is not None
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            waiter.pause(reason)
        except OSError as exc:  # e.g. a file system without flock: no turns there
            if exc.errno in (getattr(os, "ENOLCK", -1), getattr(os, "EOPNOTSUPP", -1)):
                return
            raise


@dataclass
class _Turn:
    fd: int
    count: int


#: The writing turns this process holds, by store: threads of one process that open the same
#: store for writing share the turn (and DuckDB one database instance, as before turns).
_WRITING: dict[str, _Turn] = {}
_WRITING_LOCK = threading.Lock()


class StoreLock:
    """A turn on a store, held until :meth:`release` (or the process ends)."""

    def __init__(self, store: Path, fd: int | None, write: bool, key: str):
        self.store = store
        self.write = write
        self._fd = fd
        self._key = key
        self._released = False

    @classmethod
    def acquire(
        cls,
        store: Path,
        *,
        write: bool,
        wait: float | None = DEFAULT_WAIT,
        on_wait: OnWait | None = None,
    ) -> StoreLock:
        """Wait for a turn to read (shared) or write (exclusive) ``store``, at most ``wait``
        seconds (None: no limit); ``on_wait`` gets one message if the wait lasts."""
        key = os.path.realpath(store)
        if fcntl is None:
            return cls(store, None, write, key)
        if write:
            with _WRITING_LOCK:
                held = _WRITING.get(key)
                if held is not None:
                    held.count += 1
                    return cls(store, None, write, key)
        lock_fd = _open(Path(f"{store}{LOCK_SUFFIX}"), create=True)
        if lock_fd is None:
            if write:
                raise StoreBusyError(
                    f"cannot create the lock file {store}{LOCK_SUFFIX} beside the store: "
                    "give a store path in a folder you can write (--db / TRUCEWATCH_DB)",
                    store=store,
                )
            return cls(store, None, write, key)  # a read-only folder: DuckDB's lock only
        queue_fd = _open(Path(f"{store}{QUEUE_SUFFIX}"), create=True)
        waiter = _Waiter(store, wait, on_wait)
        try:
            if queue_fd is not None:
                _take(
                    queue_fd,
                    fcntl.LOCK_EX if write else fcntl.LOCK_SH,
                    waiter,
                    lambda: busy_reason(store, queue=True),
                )
            try:
                _take(
                    lock_fd,
                    fcntl.LOCK_EX if write else fcntl.LOCK_SH,
                    waiter,
                    lambda: busy_reason(store),
                )
            finally:
                if queue_fd is not None:
                    os.close(queue_fd)  # closing the file releases its lock
        except BaseException:
            os.close(lock_fd)
            raise
        if write:
            _note_writer(lock_fd)
            with _WRITING_LOCK:
                _WRITING[key] = _Turn(lock_fd, 1)
            return cls(store, None, write, key)
        return cls(store, lock_fd, write, key)

    def release(self) -> None:
        """Give the turn back (safe to call twice)."""
        if self._released:
            return
        self._released = True
        if self.write and fcntl is not None:
            with _WRITING_LOCK:
                held = _WRITING.get(self._key)
                if held is None:
                    return
                held.count -= 1
                if held.count > 0:
                    return
                del _WRITING[self._key]
            _clear_writer(held.fd)
            os.close(held.fd)
        elif self._fd is not None:
            os.close(self._fd)
            self._fd = None


def writer_waiting(store: Path) -> bool:
    """True when a writer (of this process or another) waits for its turn on ``store``."""
    if fcntl is None:
        return False
    fd = _open(Path(f"{store}{QUEUE_SUFFIX}"), create=False)
    if fd is None:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
    return False


def _note_writer(fd: int) -> None:
    line = f"{os.getpid()} {describe_command(sys.argv)}\n".encode()
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, line, 0)
    except OSError:
        pass  # a lock file we may only read: the messages say less, the turn still holds


def _clear_writer(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)


@contextlib.contextmanager
def job_turn(
    store: Path, job: str, *, wait: float | None = DEFAULT_WAIT, on_wait: OnWait | None = None
) -> Iterator[None]:
    """The exclusive turn for one kind of job on ``store`` (an exclusive ``flock`` on
    ``<store>.<job>``), held for the block, apart from the turns to read and write: e.g. the
    delivery of alerts, which must not run twice at once, yet holds the store only now and then.
    Waits at most ``wait`` seconds (then :class:`~trucewatch.errors.StoreBusyError`)."""
    if fcntl is None:
        yield
        return
    path = Path(f"{store}.{job}")
    fd = _open(path, create=True)
    if fd is None:
        raise StoreBusyError(
            f"cannot create {path} beside the store: give a store path in a folder you can "
            "write (--db / TRUCEWATCH_DB)",
            store=store,
        )

    def reason() -> str:
        holders = _holders(path)
        return f"{job} by {_who(holders[0])}" if holders else f"{job} by another process"

    try:
        _take(fd, fcntl.LOCK_EX, _Waiter(store, wait, on_wait), reason)
        yield
    finally:
        os.close(fd)
