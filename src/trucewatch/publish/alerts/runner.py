"""One run of the alerts: queue the new matches, then deliver what is due.

:func:`run_alerts` is what ``trucewatch alerts run`` and the schedule of ``trucewatch serve``
call. It works on a :class:`~trucewatch.store.Store` or on anything with ``reading()`` and
``writing()`` context managers yielding one (the API server's hold on its store), so that the
server's single connection is shared and its writes stay serialised; no lock is held while a
message is on the wire.

Guarantees (see docs/alerts.md): queueing is one transaction and the outbox key is unique, so
an alert is queued exactly once; a row is marked sent only after the receiver accepted it, so
a crash between sending and marking can make the next run send that message again (with the
same ``X-Trucewatch-Delivery`` id) but never lose it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol

from trucewatch.errors import DeliveryError, StoreError
from trucewatch.publish.alerts.deliver import UndeliverableError, post_webhook, send_email
from trucewatch.publish.alerts.left_out import LeftOut
from trucewatch.publish.alerts.render import Delivery, email_message, webhook_body
from trucewatch.publish.alerts.sealing import SecretBox, is_sealed, log_new_key, seal_stored
from trucewatch.publish.alerts.settings import DeliverySettings
from trucewatch.store import Store
from trucewatch.store.alert_queue import LeftOutDay, enqueue_alerts, left_out_unlocated, local_day
from trucewatch.store.lock import DEFAULT_WAIT, job_turn
from trucewatch.store.networks import Network, allowed_networks
from trucewatch.store.outbox import (
    OutboxRow,
    due_rows,
    mark_dead,
    mark_failed,
    mark_sent,
    outbox_counts,
    postpone,
)
from trucewatch.store.settings import read_settings
from trucewatch.store.subscriptions import Subscription, list_subscriptions

__all__ = ["AlertRun", "StoreAccess", "as_access", "deliver_due", "queue_alerts", "run_alerts"]

log = logging.getLogger("trucewatch.alerts")


class StoreAccess(Protocol):
    """A hold on a store with separate reading and (serialised) writing views."""

    def reading(self) -> AbstractContextManager[Store]: ...

    def writing(self) -> AbstractContextManager[Store]: ...


class _Direct:
    """A plain Store as a :class:`StoreAccess`."""

    def __init__(self, store: Store):
        self.store = store

    @contextmanager
    def reading(self) -> Iterator[Store]:
        yield self.store

    @contextmanager
    def writing(self) -> Iterator[Store]:
        if self.store.read_only:
            raise StoreError(f"cannot run alerts: store {self.store.path} was opened read-only")
        yield self.store


def as_access(target: Store | StoreAccess) -> StoreAccess:
    """``target`` itself, or a plain Store wrapped as a :class:`StoreAccess`."""
    return _Direct(target) if isinstance(target, Store) else target


@dataclass(frozen=True)
class AlertRun:
    """What a run did: alerts queued, messages sent and failed, what is left waiting."""

    queued: int
    messages_sent: int
    alerts_sent: int
    messages_failed: int
    errors: tuple[str, ...]
    waiting: int
    dead: int
    seconds: float
    refreshed: str | None = None  # what the verdict update before queueing did, if one ran
    withdrawn: int = 0  # never sent: their events were deleted at the source

    def __str__(self) -> str:
        before = ""
        if self.refreshed is not None:
            before = f"verdicts brought up to date: {self.refreshed}; "
        withdrawn = f", {self.withdrawn} withdrawn" if self.withdrawn else ""
        return (
            f"{before}{self.queued} alert(s) queued; {self.messages_sent} message(s) sent "
            f"({self.alerts_sent} alert(s)), {self.messages_failed} failed; "
            f"{self.waiting} waiting, {self.dead} dead{withdrawn} in {self.seconds:.2f} s"
        )


def _seal_clear_secrets(store: Store) -> None:
    """Encrypt the webhook secrets an older trucewatch stored in clear; if the key cannot be
    made, say so and go on (they keep working, in clear)."""
    try:
        sealed = seal_stored(store, on_new_key=log_new_key)
    except StoreError as exc:
        log.warning("webhook secrets stored in clear stay so: %s", exc)
        return
    if sealed:
        log.warning("encrypted %d webhook secret(s) an older trucewatch stored in clear", sealed)


def queue_alerts(target: Store | StoreAccess, *, now: datetime | None = None) -> int:
    """Queue the new matches of every active subscription (one transaction); return how many."""
    clock = now or datetime.now(UTC)
    with as_access(target).writing() as store:
        _seal_clear_secrets(store)
        subs = list_subscriptions(store)
        from trucewatch.verdicts.stored import explain_columns  # imported on use

        queued = enqueue_alerts(
            store, subs, clock, explain=lambda columns: explain_columns(store, columns)
        )
    return sum(queued.values())


def _deliveries(
    rows: list[OutboxRow], subs: dict[str, Subscription], now: datetime
) -> list[Delivery]:
    singles: list[Delivery] = []
    digests: dict[tuple[str, object], list[OutboxRow]] = {}
    for row in rows:
        sub = subs.get(row.subscription_id)
        if sub is None:
            continue
        if row.digest_day is None:
            singles.append(Delivery(sub, (row,)))
        elif row.digest_day < local_day(sub, now):  # the day is over: its digest is due
            digests.setdefault((sub.subscription_id, row.digest_day), []).append(row)
    grouped = [
        Delivery(subs[sid], tuple(group), group[0].digest_day)
        for (sid, _), group in digests.items()
    ]
    return singles + grouped


def _with_left_out(store: Store, deliveries: list[Delivery]) -> list[Delivery]:
    """Each delivery with what of its events' days was left out as unlocated (one query per
    subscription, over the days of all its deliveries)."""
    spans: dict[str, tuple[date, date]] = {}
    for delivery in deliveries:
        first, last = delivery.event_days
        sid = delivery.subscription.subscription_id
        a, b = spans.get(sid, (first, last))
        spans[sid] = (min(a, first), max(b, last))
    subs = {d.subscription.subscription_id: d.subscription for d in deliveries}
    threshold = read_settings(store).min_share_inside  # what left_out_unlocated counts at
    by_day: dict[tuple[str, date], list[LeftOutDay]] = {}
    for sid, span in spans.items():
        for day in left_out_unlocated(store, subs[sid], *span):
            by_day.setdefault((sid, day.day), []).append(day)
    out = []
    for delivery in deliveries:
        sid = delivery.subscription.subscription_id
        first, last = delivery.event_days
        if first == last:  # one alert, or a digest of one day: no scan over every day
            days = by_day.get((sid, first), [])
        else:
            days = [d for (s, _), ds in by_day.items() if s == sid for d in ds]
        out.append(replace(delivery, left_out=LeftOut.of(first, last, days, threshold)))
    return out


def _send(
    delivery: Delivery,
    settings: DeliverySettings,
    destinations: _Destinations,
    now: datetime,
) -> None:
    sub = delivery.subscription
    if sub.channel == "webhook":
        assert sub.secret is not None  # a webhook subscription always has one
        post_webhook(
            sub.target,
            webhook_body(delivery, now),
            secret=destinations.secret(sub.secret),
            delivery_id=delivery.delivery_id,
            sent_at=now,
            allowed=destinations.allowed,
            timeout=settings.timeout,
            connect_timeout=settings.connect_timeout,
        )
    else:
        send_email(email_message(delivery, settings.smtp_from or "", now), settings)


@dataclass
class _Destinations:
    """What webhook deliveries need from the store: the allowed networks and the key of the
    secrets (looked for at the first sealed secret)."""

    allowed: tuple[Network, ...]
    store_path: Path
    box: SecretBox | None = None

    def secret(self, stored: str) -> str:
        if not is_sealed(stored):
            return stored
        try:
            if self.box is None:
                self.box = SecretBox.of(self.store_path)
            return self.box.open(stored)
        except StoreError as exc:  # the key is missing or wrong: retried when it is back
            raise DeliveryError(str(exc)) from exc


def deliver_due(
    target: Store | StoreAccess,
    settings: DeliverySettings | None = None,
    *,
    now: datetime | None = None,
    stop: Callable[[], bool] | None = None,
) -> tuple[int, int, int, list[str]]:
    """Send every due message; return (messages sent, alerts sent, messages failed, errors).

    Each message is marked sent (or failed, with its next attempt) right after it is tried.
    After a failure, the other messages of that subscription wait for the same retry time
    (without counting an attempt), so a receiver that is down is tried once per run.
    A message that can never go out as it is (its destination refused, a subscription stored
    with a defect, a message that cannot be built) is marked dead at once with the reason;
    one bad message never stops the others.
    ``stop`` is asked between messages; when it says True the run ends early (nothing lost).
    One delivery at a time per store, whatever the process (the ``<store>.alerts`` turn), so
    that two runs never send the same message.
    """
    path = target.path if isinstance(target, Store) else getattr(target, "path", None)
    wait, on_wait = getattr(target, "wait", DEFAULT_WAIT), getattr(target, "on_wait", None)
    turn = nullcontext() if path is None else job_turn(path, "alerts", wait=wait, on_wait=on_wait)
    with turn:
        return _deliver_due(as_access(target), settings, now=now, stop=stop)


def _dead_defects(
    access: StoreAccess, rows: list[OutboxRow], subs: dict[str, Subscription]
) -> list[str]:
    """Mark dead the rows of subscriptions stored with a defect; return the errors."""
    errors: list[str] = []
    for sid, sub in subs.items():
        ids = [r.delivery_id for r in rows if r.subscription_id == sid]
        if sub.defect is not None and ids:
            with access.writing() as store:
                mark_dead(store, ids, sub.defect)
            errors.append(f"subscription {sid}: {len(ids)} alert(s) dead: {sub.defect}")
    return errors


def _deliver_due(
    access: StoreAccess,
    settings: DeliverySettings | None,
    *,
    now: datetime | None,
    stop: Callable[[], bool] | None,
) -> tuple[int, int, int, list[str]]:
    settings = settings or DeliverySettings.from_env()
    clock = now or datetime.now(UTC)
    with access.reading() as store:
        subs = {s.subscription_id: s for s in list_subscriptions(store)}
        due = due_rows(store, clock)
        destinations = _Destinations(allowed_networks(store), store.path)
        usable = {sid: s for sid, s in subs.items() if s.defect is None}
        deliveries = _with_left_out(store, _deliveries(due, usable, clock))
    errors = _dead_defects(access, due, subs)
    sent = alerts = 0
    failed = len(errors)  # each subscription with a defect: its messages given up
    held_back: dict[str, datetime] = {}  # subscriptions that failed in this run: retry when
    waiting: dict[str, list[str]] = {}  # their other rows, postponed together at the end
    for delivery in deliveries:
        if stop is not None and stop():
            break
        sid = delivery.subscription.subscription_id
        if sid in held_back:  # its receiver just failed: do not hammer it
            waiting.setdefault(sid, []).extend(r.delivery_id for r in delivery.rows)
            continue
        error, retry_at = _attempt(access, delivery, settings, destinations, clock)
        if error is None:
            sent += 1
            alerts += len(delivery.rows)
            continue
        failed += 1
        errors.append(f"subscription {sid}: {error}")
        if retry_at is not None:
            held_back[sid] = retry_at
    for sid, ids in waiting.items():
        with access.writing() as store:
            postpone(store, ids, held_back[sid])
    return sent, alerts, failed, errors


def _attempt(
    access: StoreAccess,
    delivery: Delivery,
    settings: DeliverySettings,
    destinations: _Destinations,
    clock: datetime,
) -> tuple[str | None, datetime | None]:
    """Send one message and mark its rows: (None, None) when sent; else the error and, for a
    failure to retry, when (None: the rows are dead, never tried again)."""
    ids = [r.delivery_id for r in delivery.rows]
    try:
        _send(delivery, settings, destinations, clock)
    except UndeliverableError as exc:
        log.info("alert delivery %s refused: %s", delivery.delivery_id, exc)
        with access.writing() as store:
            mark_dead(store, ids, str(exc))
        return f"{len(ids)} alert(s) dead: {exc}", None
    except DeliveryError as exc:
        log.info("alert delivery %s failed: %s", delivery.delivery_id, exc)
        attempts = max(r.attempts for r in delivery.rows)
        with access.writing() as store:
            mark_failed(
                store,
                ids,
                str(exc),
                clock,
                max_attempts=settings.max_attempts,
                backoff=settings.backoff,
                backoff_max=settings.backoff_max,
            )
        return str(exc), clock + min(settings.backoff * 2**attempts, settings.backoff_max)
    except Exception as exc:  # one message that cannot be built or sent: dead, not all
        reason = f"the message cannot be built or sent: {type(exc).__name__}: {exc}"
        log.exception("alert delivery %s: %s", delivery.delivery_id, reason)
        with access.writing() as store:
            mark_dead(store, ids, reason)
        return f"{len(ids)} alert(s) dead: {reason}", None
    with access.writing() as store:
        mark_sent(store, ids, clock)
    return None, None


def run_alerts(
    target: Store | StoreAccess,
    settings: DeliverySettings | None = None,
    *,
    now: datetime | None = None,
    deliver: bool = True,
    stop: Callable[[], bool] | None = None,
    refresh: Callable[[Store], object | None] | None = None,
) -> AlertRun:
    """Queue new matches, then (unless ``deliver`` is False) send what is due.

    ``now`` (default: the clock) decides what is due: retries whose time has come, and
    digests of local days that are over. ``refresh`` (``trucewatch alerts run`` and the
    server's schedule give :func:`trucewatch.jobs.refresh_if_needed`) is called first, in a
    writing turn, to bring the stored verdicts up to date: alerts are then never queued from
    stale verdicts (docs/alerts.md, "Verdicts are brought up to date first"); what it returns
    (None: nothing was judged) is summed up in :attr:`AlertRun.refreshed`.
    """
    started = time.perf_counter()
    refreshed = None
    if refresh is not None:
        with as_access(target).writing() as store:
            done = refresh(store)
        refreshed = None if done is None else str(done)
    queued = queue_alerts(target, now=now)
    sent = alerts = failed = 0
    errors: list[str] = []
    if deliver:
        sent, alerts, failed, errors = deliver_due(target, settings, now=now, stop=stop)
    with as_access(target).reading() as store:
        counts = outbox_counts(store)
    return AlertRun(
        queued=queued,
        messages_sent=sent,
        alerts_sent=alerts,
        messages_failed=failed,
        errors=tuple(errors),
        waiting=counts["pending"] + counts["failed"],
        dead=counts["dead"],
        seconds=time.perf_counter() - started,
        refreshed=refreshed,
        withdrawn=counts["withdrawn"],
    )
