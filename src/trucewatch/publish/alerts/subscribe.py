"""Adding, listing and removing subscriptions on a Store (or the API server's hold on one)."""

from __future__ import annotations

from collections.abc import Sequence

from trucewatch.publish.alerts.runner import StoreAccess, as_access
from trucewatch.store import Store
from trucewatch.store.subscriptions import (
    DEFAULT_KINDS,
    Subscription,
    create_subscription,
    get_subscription,
    list_subscriptions,
    revoke_subscription,
)

__all__ = ["subscribe", "subscription", "subscriptions", "unsubscribe"]


def subscribe(
    store: Store | StoreAccess,
    *,
    name: str,
    channel: str,
    target: str,
    agreement_ids: Sequence[str] = (),
    bbox: tuple[float, float, float, float] | None = None,
    kinds: Sequence[str] = DEFAULT_KINDS,
    min_fatalities: int = 0,
    mode: str = "immediate",
    timezone: str = "UTC",
    include_existing: bool = False,
    secret: str | None = None,
) -> Subscription:
    """Store a new subscription and return it (a webhook's secret is in ``.secret``).

    ``channel`` is ``email`` (``target`` an address) or ``webhook`` (``target`` an http(s)
    URL; a random ``secret`` is made unless given). Filters: ``agreement_ids`` (stored
    agreements; empty: any), ``bbox`` (MIN_LON, MIN_LAT, MAX_LON, MAX_LAT), verdict ``kinds``,
    ``min_fatalities``. ``mode``: ``immediate`` or ``digest`` (one message per day in
    ``timezone``). Only verdicts of events or agreement versions stored from now on are
    alerted, unless ``include_existing``.
    """
    with as_access(store).writing() as held:
        return create_subscription(
            held.conn,
            name=name,
            channel=channel,
            target=target,
            agreement_ids=agreement_ids,
            bbox=bbox,
            kinds=kinds,
            min_fatalities=min_fatalities,
            mode=mode,
            timezone=timezone,
            include_existing=include_existing,
            secret=secret,
        )


def subscriptions(
    store: Store | StoreAccess, *, include_removed: bool = False
) -> list[Subscription]:
    """The subscriptions, oldest first (removed ones too with ``include_removed``)."""
    with as_access(store).reading() as held:
        return list_subscriptions(held.conn, include_removed=include_removed)


def subscription(store: Store | StoreAccess, subscription_id: str) -> Subscription:
    """One subscription by id; NotFoundError if there is none."""
    with as_access(store).reading() as held:
        return get_subscription(held.conn, subscription_id)


def unsubscribe(store: Store | StoreAccess, subscription_id: str) -> Subscription:
    """Remove a subscription: nothing more is queued or sent to it. Return it."""
    with as_access(store).writing() as held:
        return revoke_subscription(held.conn, subscription_id)
