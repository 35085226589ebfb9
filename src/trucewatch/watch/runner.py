"""One round of the feeds: every feed due pulled, its files ingested, its cursor saved, then the
verdicts refreshed, the alerts queued and delivered (:func:`run_once`).

Exactly once without one big transaction (docs/watch.md): each step is idempotent (the same
file again adds nothing, the same event again is a duplicate, deleting a deleted id does
nothing, an alert's outbox key is unique) and a feed's cursor is saved only after the data it
covers is committed, so a process killed at any moment pulls again at most one pull, which adds
nothing twice. A feed that cannot be pulled (:class:`~trucewatch.errors.FeedError`) has its
state saved and is tried again after a back-off; any other exception from a feed is recorded
as ``unavailable`` with the exception named, and never stops the other feeds.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trucewatch.errors import FeedError, StoreBusyError, StoreError, TrucewatchError
from trucewatch.feeds.base import Pull, feed_for
from trucewatch.jobs import Refreshed, after_write, ingest_file
from trucewatch.publish.alerts.runner import as_access, deliver_due
from trucewatch.publish.alerts.settings import DeliverySettings
from trucewatch.store import IngestReport, Store
from trucewatch.store.feed_state import (
    FeedState,
    feed_state,
    feed_states,
    save_feed_failure,
    save_feed_success,
)
from trucewatch.store.lock import DEFAULT_WAIT, job_turn
from trucewatch.store.shared import SharedStore

__all__ = [
    "FIRST_BACKOFF",
    "MAX_PULLS",
    "FeedRun",
    "WatchRun",
    "backoff",
    "run_once",
    "utc_now",
]

log = logging.getLogger("trucewatch.watch")

#: seconds to wait after a first failure; doubled after each further one, up to the interval
FIRST_BACKOFF = 30.0
#: pulls of one feed in one round while it says more remains (then it is due again at once)
MAX_PULLS = 50

Target = Store | SharedStore


def utc_now() -> datetime:
    """The clock (UTC)."""
    return datetime.now(UTC)


def backoff(failures: int, every_s: int, retry_after: float | None = None) -> float:
    """Seconds to wait before trying a feed again after a failure: what the source asked
    (``retry_after``, from HTTP Retry-After) if it said, else 30 s doubled for each earlier
    consecutive failure (``failures``), at most the feed's interval."""
    if retry_after is not None:
        return max(float(retry_after), 1.0)
    return float(min(FIRST_BACKOFF * 2 ** min(failures, 30), max(every_s, 1)))


@dataclass(frozen=True)
class FeedRun:
    """What one feed did in a round: its state after it (``ok`` or a
    :data:`~trucewatch.errors.FEED_STATES` value, with ``detail``), the pulls, the files
    ingested and what they stored (new events; ``replaced``: events the source edited, their
    new versions stored), the events deleted, and when it is due again."""

    name: str
    kind: str
    state: str
    detail: str | None
    pulls: int
    files: int
    stored: int
    duplicates: int
    bad_rows: int
    deleted: int
    next_due_at: datetime | None
    notes: tuple[str, ...] = ()
    replaced: int = 0

    def __str__(self) -> str:
        done = (
            f"{self.pulls} pull(s), {self.files} file(s): {self.stored:,} events stored, "
            f"{self.replaced:,} replaced (edited at the source), "
            f"{self.duplicates:,} duplicates, {self.bad_rows:,} bad rows, "
            f"{self.deleted:,} deleted"
        )
        if self.notes:
            done += f" ({'; '.join(self.notes)})"
        if self.state == "ok":
            return f"{self.name}: ok, {done}"
        return f"{self.name}: {self.state}: {self.detail} ({done})"


@dataclass(frozen=True)
class WatchRun:
    """What one round did: each feed pulled (``feeds``), the refresh after them (None when no
    feed was pulled and none was asked for), and the alerts delivered."""

    at: datetime
    feeds: tuple[FeedRun, ...]
    refreshed: Refreshed | None
    messages_sent: int = 0
    alerts_sent: int = 0
    messages_failed: int = 0
    delivery_errors: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        lines = [str(f) for f in self.feeds] or ["no feed due"]
        if self.refreshed is not None:
            lines.append(str(self.refreshed))
        lines.append(
            f"alerts: {self.messages_sent} message(s) sent ({self.alerts_sent} alert(s)), "
            f"{self.messages_failed} failed"
        )
        return "\n".join(lines)


def run_once(
    target: Target,
    *,
    spool: Path,
    feeds: Sequence[str] | None = None,
    force: bool = False,
    now: datetime | None = None,
    clock: Callable[[], datetime] = utc_now,
    settings: DeliverySettings | None = None,
    deliver: bool = True,
    stop: Callable[[], bool] | None = None,
    catch_up: bool = False,
) -> WatchRun:
    """One round: every enabled feed that is due (never pulled, or its ``next_due_at`` passed)
    pulled until it has nothing more (at most :data:`MAX_PULLS` pulls), then, if any feed was
    pulled, :func:`trucewatch.jobs.after_write` (verdicts of what changed, alerts queued), then
    (unless ``deliver`` is False) the alerts due delivered as ``trucewatch alerts run`` does.

    ``target``: a :class:`~trucewatch.store.Store` opened for writing, or a
    :class:`~trucewatch.store.shared.SharedStore` (the command line's and the server's: the
    store is held only for each step). ``spool``: the folder the feeds write their files in
    (one folder per feed inside it; files are removed once ingested). ``feeds``: only these
    names (unknown ones are an error); ``force``: pull them even if they are not due.
    ``now`` fixes the clock for the whole round (tests), else ``clock`` is asked at each step.
    The feeds are pulled in the store's ``watch`` turn (``<store>.watch``), so that two
    watchers of one store (``trucewatch watch`` beside ``serve --watch``) take turns rather
    than pull the same feed at once; a turn not had within the store's wait is
    :class:`~trucewatch.errors.StoreBusyError`.
    ``stop`` is asked between feeds and pulls: when it says True the round ends early (the
    cursor of what was stored is saved; nothing is lost). ``catch_up``: refresh and queue even
    if no feed is pulled (the first round after a start: a process killed after storing a
    pull, before its refresh, left verdicts or alerts behind).
    """
    at = (lambda: now) if now is not None else clock
    halted = stop or (lambda: False)
    started = at()
    access = as_access(target)
    with access.reading() as store:
        states = (
            [feed_state(store, name) for name in feeds] if feeds is not None else feed_states(store)
        )
    due = [s for s in states if s.enabled and (force or _is_due(s, started))]
    runs: list[FeedRun] = []
    if due:  # one watcher pulls at a time (trucewatch watch beside serve --watch): <store>.watch
        wait = target.wait if isinstance(target, SharedStore) else DEFAULT_WAIT
        with job_turn(target.path, "watch", wait=wait):
            for state in due:
                if halted():
                    break
                runs.append(_run_feed(target, state, Path(spool), at, halted))
    refreshed = after_write(target, now=at()) if runs or catch_up else None
    if not deliver:
        return WatchRun(started, tuple(runs), refreshed)
    sent, alerts, failed, errors = deliver_due(target, settings, now=at(), stop=halted)
    return WatchRun(started, tuple(runs), refreshed, sent, alerts, failed, tuple(errors))


def _is_due(state: FeedState, now: datetime) -> bool:
    return state.next_due_at is None or state.next_due_at <= now


@dataclass
class _Tally:
    pulls: int = 0
    files: int = 0
    stored: int = 0
    duplicates: int = 0
    bad_rows: int = 0
    deleted: int = 0
    replaced: int = 0

    def run(self, state: FeedState, outcome: str, detail: str | None, due: datetime | None,
            notes: list[str]) -> FeedRun:  # fmt: skip
        return FeedRun(
            state.name, state.kind, outcome, detail, self.pulls, self.files, self.stored,
            self.duplicates, self.bad_rows, self.deleted, due, tuple(notes), self.replaced,
        )  # fmt: skip


def _run_feed(
    target: Target,
    state: FeedState,
    spool: Path,
    at: Callable[[], datetime],
    halted: Callable[[], bool],
) -> FeedRun:
    """Pull one feed until it has nothing more; its failure recorded, never raised (but for
    a store busy past its wait, which ends the round: every feed would fail alike)."""
    folder = spool / state.name
    tally, notes = _Tally(), []
    cursor, failures = state.cursor, state.failures
    _clear(folder)  # what a process killed mid-pull left: pulled again from the saved cursor
    folder.mkdir(parents=True, exist_ok=True)
    try:
        feed = feed_for(state.kind, **state.options)
        while True:
            pull = feed.pull(cursor, folder)
            tally.pulls += 1
            if pull.note:
                notes.append(pull.note)
            stored, replaced, deleted = _store_pull(target, state.name, pull, folder, tally, at)
            cursor, failures = dict(pull.cursor), 0
            more = pull.more and tally.pulls < MAX_PULLS and not halted()
            when = at()
            due = when if pull.more else when + timedelta(seconds=state.every_s)
            with as_access(target).writing() as store:
                save_feed_success(
                    store,
                    state.name,
                    cursor,
                    now=when,
                    next_due_at=due,
                    added=stored,
                    deleted=deleted,
                    replaced=replaced,
                )
            if not more:
                return tally.run(state, "ok", None, due, notes)
    except StoreBusyError:
        raise
    except FeedError as exc:
        return _failed(target, state, tally, notes, at, failures, exc.state, str(exc),
                       exc.retry_after)  # fmt: skip
    except TrucewatchError as exc:  # a file the feed wrote that cannot be read, an option...
        return _failed(target, state, tally, notes, at, failures, "bad data",
                       f"{type(exc).__name__}: {exc}", None)  # fmt: skip
    except Exception as exc:  # a bug in a feed must not stop the other feeds, but is seen
        log.exception("feed %s (%s) failed unexpectedly", state.name, state.kind)
        detail = (
            f"{type(exc).__name__}: {exc} (an unexpected error of the {state.kind} feed: the "
            "traceback is in the log of trucewatch watch)"
        )
        return _failed(target, state, tally, notes, at, failures, "unavailable", detail, None)
    finally:
        _clear(folder)


def _store_pull(
    target: Target,
    name: str,
    pull: Pull,
    folder: Path,
    tally: _Tally,
    at: Callable[[], datetime],
) -> tuple[int, int, int]:
    """Ingest the pull's files in order, an event the source edited replacing the stored one
    (each file removed from the spool once its ingest is committed), then apply its deletions;
    return (events added, events replaced, events deleted)."""
    stored = replaced = 0
    for path in pull.files:
        report = _ingest(target, pull, path)
        tally.files += 1
        stored += report.added
        replaced += report.replaced
        tally.duplicates += report.duplicates
        tally.bad_rows += report.bad
        if _inside(path, folder):  # never a file the feed only pointed at
            path.unlink(missing_ok=True)
    tally.stored += stored
    tally.replaced += replaced
    deleted = _delete_events(target, pull.deletions, origin=name, now=at()) if pull.deletions else 0
    tally.deleted += deleted
    return stored, replaced, deleted


def _ingest(target: Target, pull: Pull, path: Path) -> IngestReport:
    """One file of a pull into the store, with the adapter and options the pull names; an
    event stored with other content is the source's edit and replaces it (docs/store.md,
    "Edits and deletions")."""
    return ingest_file(target, pull.adapter, path, options=pull.options, edits="replace")


def _delete_events(target: Target, ids: Sequence[str], *, origin: str, now: datetime) -> int:
    """The events the source deleted taken out of the store (their history and the change
    kept, their alerts not yet sent withdrawn: docs/store.md); return how many were stored."""
    with as_access(target).writing() as store:
        report = store.delete_events(list(ids), origin=origin, now=now)
    return int(report.deleted)


def _failed(
    target: Target,
    state: FeedState,
    tally: _Tally,
    notes: list[str],
    at: Callable[[], datetime],
    failures: int,
    outcome: str,
    detail: str,
    retry_after: float | None,
) -> FeedRun:
    """Record a failed pull: its state and detail, the next try after :func:`backoff`."""
    when = at()
    due = when + timedelta(seconds=backoff(failures, state.every_s, retry_after))
    log.warning("feed %s: %s: %s (next try %s)", state.name, outcome, detail, due.isoformat())
    try:
        with as_access(target).writing() as store:
            save_feed_failure(store, state.name, outcome, detail, now=when, next_due_at=due)
    except StoreBusyError:
        raise
    except StoreError as exc:  # the feed was removed meanwhile (trucewatch feeds remove)
        log.warning("feed %s: its failure was not recorded: %s", state.name, exc)
    return tally.run(state, outcome, detail, due, notes)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _clear(folder: Path) -> None:
    """Remove what a feed's spool folder holds (files pulled and not yet, or no longer, needed:
    the next pull writes them again from the saved cursor)."""
    if folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)
