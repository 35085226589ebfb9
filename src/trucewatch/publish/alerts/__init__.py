"""Alerts: subscriptions to verdicts, delivered by e-mail or signed webhook, through an outbox.

    >>> from trucewatch.store import Store
    >>> from trucewatch.publish.alerts import DeliverySettings, run_alerts, subscribe
    >>> with Store.open("monitor.duckdb") as store:                       # doctest: +SKIP
    ...     sub = subscribe(store, name="desk", channel="webhook",
    ...                     target="https://example.org/hook", agreement_ids=["syria-coh-2016"])
    ...     print(run_alerts(store, DeliverySettings.from_env()))

See docs/alerts.md for filters, delivery guarantees, signatures and settings.
"""

from trucewatch.publish.alerts.deliver import (
    DeliveryError,
    UndeliverableError,
    sign_body,
    verify_signature,
)
from trucewatch.publish.alerts.render import Delivery
from trucewatch.publish.alerts.runner import (
    AlertRun,
    StoreAccess,
    deliver_due,
    queue_alerts,
    run_alerts,
)
from trucewatch.publish.alerts.schedule import alerts_every
from trucewatch.publish.alerts.settings import DeliverySettings
from trucewatch.publish.alerts.subscribe import (
    allow_webhook_network,
    disallow_webhook_network,
    subscribe,
    subscription,
    subscriptions,
    unsubscribe,
    webhook_networks,
)
from trucewatch.store.subscriptions import Subscription

__all__ = [
    "AlertRun",
    "Delivery",
    "DeliveryError",
    "DeliverySettings",
    "StoreAccess",
    "Subscription",
    "UndeliverableError",
    "alerts_every",
    "allow_webhook_network",
    "deliver_due",
    "disallow_webhook_network",
    "queue_alerts",
    "run_alerts",
    "sign_body",
    "subscribe",
    "subscription",
    "subscriptions",
    "unsubscribe",
    "verify_signature",
    "webhook_networks",
]
