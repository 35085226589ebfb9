"""How fresh a store is: each followed feed's last sync and health, the last ingest, whether
the stored verdicts are current, and the alerts waiting: what ``trucewatch status``,
``GET /status``, the dashboard's freshness line and the report's show (docs/watch.md).

Never silent emptiness: a feed never pulled says so, a failing one says why (the state and the
detail its :class:`~trucewatch.errors.FeedError` gave, which names the fix), and a feed whose
last success is older than :data:`STALE_AFTER` times its interval is flagged stale, whatever its
state (a feed nobody pulls, because no ``trucewatch watch`` runs, goes stale too).

    >>> with Store.open("monitor.duckdb", read_only=True) as store:     # doctest: +SKIP
    ...     for line in freshness(store).lines():
    ...         print(line)              # acled: last synced 9 days ago (ok) ...
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from trucewatch.store import Store
from trucewatch.store.feed_state import FeedState, LastIngest, feed_states, last_ingest
from trucewatch.store.outbox import outbox_counts
from trucewatch.store.settings import read_settings
from trucewatch.store.verdicts import stale_verdicts

__all__ = [
    "STALE_AFTER",
    "FeedStatus",
    "Freshness",
    "ago",
    "feed_status",
    "feed_statuses",
    "freshness",
    "interval",
    "span",
]

#: a feed whose last success (or, never pulled, its adding) is older than this many intervals
#: is stale
STALE_AFTER = 3


def span(seconds: float) -> str:
    """A duration in words, rounded down: "45 s", "15 min", "3 h", "9 days"; an interval that
    is a whole number of days, hours or minutes is said exactly in that unit."""
    s = max(0, int(seconds))
    if s < 120:
        return f"{s} s"
    if s < 2 * 3600:
        return f"{s // 60} min"
    if s < 2 * 86400:
        return f"{s // 3600} h"
    days = s // 86400
    return f"{days} days"


def interval(seconds: int) -> str:
    """An interval in words, exactly: "1 day", "15 min", "90 s"."""
    for unit, name in ((86400, "day"), (3600, "h"), (60, "min")):
        if seconds % unit == 0:
            n = seconds // unit
            if name == "day":
                return "1 day" if n == 1 else f"{n} days"
            return f"{n} {name}"
    return f"{seconds} s"


def ago(then: datetime, now: datetime) -> str:
    """How long before ``now`` ``then`` was, in words ("just now", "5 min ago", "9 days ago")."""
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "just now" if seconds > -60 else f"in {span(-seconds)}"
    return f"{span(seconds)} ago"


@dataclass(frozen=True)
class FeedStatus:
    """One followed feed as ``trucewatch status`` shows it: the stored state
    (:class:`~trucewatch.store.feed_state.FeedState`), whether it is ``stale`` and ``line``,
    the sentence a person reads ("acled: last synced 9 days ago (ok)")."""

    name: str
    kind: str
    version: str
    state: str
    detail: str | None
    every_s: int
    enabled: bool
    failures: int
    added_at: datetime
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_change_at: datetime | None
    next_due_at: datetime | None
    events_added: int
    events_deleted: int
    stale: bool
    line: str

    @property
    def ok(self) -> bool:
        """The last attempt succeeded and the feed is not stale."""
        return self.state == "ok" and not self.stale


def feed_status(state: FeedState, now: datetime) -> FeedStatus:
    """The status of one stored feed at ``now``."""
    since = state.last_success_at or state.added_at
    stale = (now - since).total_seconds() > STALE_AFTER * state.every_s
    return FeedStatus(
        name=state.name,
        kind=state.kind,
        version=state.version,
        state=state.state,
        detail=state.detail,
        every_s=state.every_s,
        enabled=state.enabled,
        failures=state.failures,
        added_at=state.added_at,
        last_attempt_at=state.last_attempt_at,
        last_success_at=state.last_success_at,
        last_change_at=state.last_change_at,
        next_due_at=state.next_due_at,
        events_added=state.events_added,
        events_deleted=state.events_deleted,
        stale=stale,
        line=_line(state, stale, now),
    )


def _next(state: FeedState, now: datetime) -> str:
    if not state.enabled:
        return "disabled"
    if state.next_due_at is None or state.next_due_at <= now:
        return "due now"
    return f"next pull in {span((state.next_due_at - now).total_seconds())}"


def _line(state: FeedState, stale: bool, now: datetime) -> str:
    name, every = state.name, interval(state.every_s)
    if state.last_success_at is None:
        synced = "never synced"
    else:
        synced = f"last synced {ago(state.last_success_at, now)}"
    if state.state == "never":
        line = f"{name}: never pulled (followed since {_when(state.added_at)}, every {every})"
    elif state.state == "ok":
        line = f"{name}: {synced} (ok)"
    else:
        attempts = (
            "1 failed attempt" if state.failures == 1 else f"{state.failures} failed attempts"
        )
        last = (
            "" if state.last_attempt_at is None else f", the last {ago(state.last_attempt_at, now)}"
        )
        line = f"{name}: {state.state} — {synced}; {attempts}{last}: {state.detail or 'no detail'}"
    line += f"; {_next(state, now)}"
    if stale:
        line += (
            f" — STALE: no successful pull for more than {STALE_AFTER} × its interval of "
            f"{every}"
            + (" (is trucewatch watch running?)" if state.state in ("ok", "never") else "")
        )
    return line


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def feed_statuses(store: Store, now: datetime | None = None) -> list[FeedStatus]:
    """Every followed feed's status at ``now`` (default: the clock), by name."""
    at = now or datetime.now(UTC)
    return [feed_status(state, at) for state in feed_states(store)]


@dataclass(frozen=True)
class Freshness:
    """What ``trucewatch status`` and ``GET /status`` show: the feeds, the last ingest (any
    path), whether the stored verdicts are ``current`` (judged through the last ingest with the
    store's settings; ``stale`` with the reason; ``none``: no agreement stored), and the alert
    outbox by state."""

    checked_at: datetime
    feeds: tuple[FeedStatus, ...]
    last_ingest: LastIngest | None
    verdicts: str
    verdicts_detail: str
    alerts: dict[str, int]

    def lines(self) -> list[str]:
        """The status as sentences, one per line: the feeds first."""
        now = self.checked_at
        feeds = [f.line for f in self.feeds] or [
            "feeds: none followed (trucewatch feeds add KIND follows one)"
        ]
        if self.last_ingest is None:
            ingest = "last ingest: none (the store holds no events)"
        else:
            last = self.last_ingest
            ingest = (
                f"last ingest: #{last.ingest_id} with {last.adapter}, {last.stored:,} events "
                f"stored, {ago(last.finished_at, now)} ({_when(last.finished_at)})"
            )
        counts = ", ".join(f"{n:,} {status}" for status, n in self.alerts.items())
        return [*feeds, ingest, f"verdicts: {self.verdicts_detail}", f"alerts: {counts}"]


def _verdicts(store: Store) -> tuple[str, str]:
    agreements = {t.agreement_id for t in store.agreement_texts()}
    windows = store.verdict_window_states()
    if not agreements and not windows:
        return "none", "none (no agreement stored)"
    last = store.last_ingest_id()
    judged = {a for a, _ in windows}
    fix = "trucewatch verdicts, or the next write or alerts run, brings them up to date"
    unjudged = sorted(agreements - judged)
    if unjudged:
        return "stale", f"stale: agreements never judged: {', '.join(unjudged)} ({fix})"
    if judged - agreements:
        return "stale", f"stale: verdicts of agreements no longer stored are kept ({fix})"
    behind = [through for _, through in windows.values() if through < last]
    if behind:
        return "stale", (
            f"stale: {len(behind)} of {len(windows)} windows judged only through ingest "
            f"#{min(behind)}, the last is #{last} ({fix})"
        )
    otherwise = stale_verdicts(store, read_settings(store).min_share_inside)
    if otherwise is not None:
        return "stale", f"stale: {otherwise}"
    return "current", f"current (every window judged through the last ingest, #{last})"


def freshness(store: Store, now: datetime | None = None) -> Freshness:
    """The freshness of ``store`` at ``now`` (default: the clock); reads only (the verdict
    engine is not imported)."""
    at = now or datetime.now(UTC)
    state, detail = _verdicts(store)
    return Freshness(
        checked_at=at,
        feeds=tuple(feed_statuses(store, at)),
        last_ingest=last_ingest(store),
        verdicts=state,
        verdicts_detail=detail,
        alerts=outbox_counts(store),
    )
