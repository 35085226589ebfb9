"""Adding, listing and removing subscriptions on a Store (or the API server's hold on one),
and the networks webhooks may reach besides public addresses."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from trucewatch.errors import DeliveryError, ValidationError
from trucewatch.publish.alerts.destinations import resolve_destination
from trucewatch.publish.alerts.runner import StoreAccess, as_access
from trucewatch.publish.alerts.sealing import SecretBox, log_new_key
from trucewatch.store import Store
from trucewatch.store.networks import (
    Network,
    allow_network,
    allowed_networks,
    disallow_network,
)
from trucewatch.store.subscriptions import (
    DEFAULT_KINDS,
    Subscription,
    create_subscription,
    get_subscription,
    list_subscriptions,
    revoke_subscription,
)
from trucewatch.store.webhook_urls import check_plain_text, check_webhook_url

__all__ = [
    "allow_webhook_network",
    "disallow_webhook_network",
    "subscribe",
    "subscription",
    "subscriptions",
    "unsubscribe",
    "webhook_networks",
]


def _check_destination(target: str, allowed: Sequence[Network]) -> None:
    """A webhook URL refused at creation: its form, or an address its host resolves to."""
    try:
        resolve_destination(target, allowed)
    except DeliveryError as exc:  # does not resolve now: refused, the user checks the name
        raise ValidationError(f"webhook URL {target!r}: {exc}") from None


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
    on_new_key: Callable[[Path], None] | None = None,
    min_confidence: float | None = None,
) -> Subscription:
    """Store a new subscription and return it (a webhook's secret is in ``.secret``).

    ``channel`` is ``email`` (``target`` an address) or ``webhook`` (``target`` an http(s)
    URL; a random ``secret`` is made unless given). Filters: ``agreement_ids`` (stored
    agreements; empty: any), ``bbox`` (MIN_LON, MIN_LAT, MAX_LON, MAX_LAT), verdict ``kinds``,
    ``min_fatalities``, ``min_confidence`` (events read from news articles with a lower
    extraction confidence are not alerted; coded rows always are). ``mode``: ``immediate``
    or ``digest`` (one message per day in ``timezone``). Only verdicts of events or agreement
    versions stored from now on are alerted, unless ``include_existing``.

    A webhook URL must be http(s), without credentials, and its host must resolve, now, only
    to public addresses or to networks the store allows (:func:`allow_webhook_network`); it
    is checked again at every delivery. The secret is stored encrypted (``sealing.py``);
    ``on_new_key`` is told the path of the key file when this creates it (default: a log
    warning).
    """
    access = as_access(store)
    sealed: str | None = None
    if channel == "webhook":
        check_plain_text("subscription name", name)  # the forms first, then the network
        check_webhook_url(target)
        with access.reading() as held:
            allowed = allowed_networks(held)
            path = held.path
        _check_destination(target, allowed)
        secret = secret if secret is not None else secrets.token_urlsafe(32)
        sealed = SecretBox.of(path, create=True, on_new_key=on_new_key or log_new_key).seal(secret)
    with access.writing() as held:
        created = create_subscription(
            held,
            name=name,
            channel=channel,
            target=target,
            agreement_ids=agreement_ids,
            bbox=bbox,
            kinds=kinds,
            min_fatalities=min_fatalities,
            min_confidence=min_confidence,
            mode=mode,
            timezone=timezone,
            include_existing=include_existing,
            secret=sealed if channel == "webhook" else secret,
        )
    return created if sealed is None else replace(created, secret=secret)


def subscriptions(
    store: Store | StoreAccess, *, include_removed: bool = False
) -> list[Subscription]:
    """The subscriptions, oldest first (removed ones too with ``include_removed``)."""
    with as_access(store).reading() as held:
        return list_subscriptions(held, include_removed=include_removed)


def subscription(store: Store | StoreAccess, subscription_id: str) -> Subscription:
    """One subscription by id; NotFoundError if there is none."""
    with as_access(store).reading() as held:
        return get_subscription(held, subscription_id)


def unsubscribe(store: Store | StoreAccess, subscription_id: str) -> Subscription:
    """Remove a subscription: nothing more is queued or sent to it. Return it."""
    with as_access(store).writing() as held:
        return revoke_subscription(held, subscription_id)


def webhook_networks(store: Store | StoreAccess) -> tuple[Network, ...]:
    """The networks webhooks may reach besides public addresses (none by default)."""
    with as_access(store).reading() as held:
        return allowed_networks(held)


def allow_webhook_network(store: Store | StoreAccess, network: str) -> tuple[Network, ...]:
    """Allow webhooks to reach ``network`` (CIDR: ``127.0.0.0/8``, ``10.20.0.0/16``,
    ``fd00::/8``), for new subscriptions and every delivery; return the allowed networks."""
    with as_access(store).writing() as held:
        return allow_network(held, network)


def disallow_webhook_network(
    store: Store | StoreAccess, network: str | None
) -> tuple[Network, ...]:
    """Take ``network`` off the allowed ones (None: all of them); return what stays. The
    deliveries to it that wait are refused (dead) at their next attempt."""
    with as_access(store).writing() as held:
        return disallow_network(held, network)
