"""Sending one delivery: an e-mail over SMTP (stdlib smtplib), or a signed webhook POST (httpx).

A webhook request carries::

    Content-Type: application/json
    X-Trucewatch-Delivery: <delivery id>          the idempotency key: drop a repeat
    X-Trucewatch-Timestamp: <unix seconds>        when it was sent (also "sent_at" in the body)
    X-Trucewatch-Signature: sha256=<hex>          HMAC-SHA256 of the raw body with the secret

Any 2xx answer is success; anything else (another status, a redirect, a refused connection,
a time-out) raises :class:`DeliveryError` with the reason in our own words (never what the
target answered), and the alert is retried later. A destination that is refused (its URL, or
an address its host resolves to, see ``destinations.py``) raises :class:`UndeliverableError`:
the alert is dead at once. The request goes to the address checked (``http.py``).
"""

from __future__ import annotations

import hashlib
import hmac
import smtplib
import ssl
import time
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage

from trucewatch.errors import DeliveryError, ValidationError
from trucewatch.publish.alerts.destinations import resolve_destination
from trucewatch.publish.alerts.http import post_pinned
from trucewatch.publish.alerts.settings import DeliverySettings
from trucewatch.store.networks import Network

__all__ = [
    "SIGNATURE_HEADER",
    "DeliveryError",
    "UndeliverableError",
    "post_webhook",
    "send_email",
    "sign_body",
    "verify_signature",
]

SIGNATURE_HEADER = "X-Trucewatch-Signature"
DELIVERY_HEADER = "X-Trucewatch-Delivery"
TIMESTAMP_HEADER = "X-Trucewatch-Timestamp"


class UndeliverableError(DeliveryError):
    """A message that can never be delivered as it is (its destination is refused, it
    cannot be built): its alerts are marked dead at once, with the reason."""


def sign_body(body: bytes, secret: str) -> str:
    """The signature header value: ``sha256=`` and the hex HMAC-SHA256 of ``body``."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(body: bytes, secret: str, header: str | None) -> bool:
    """Whether ``header`` is the signature of ``body`` with ``secret`` (constant time)."""
    if not header:
        return False
    return hmac.compare_digest(sign_body(body, secret), header.strip())


def post_webhook(
    url: str,
    body: bytes,
    *,
    secret: str,
    delivery_id: str,
    sent_at: datetime,
    allowed: Sequence[Network] = (),
    timeout: float = 10.0,
    connect_timeout: float = 5.0,
    ssl_context: ssl.SSLContext | None = None,
) -> int:
    """POST ``body`` to ``url``, signed; return the status.

    The URL is checked again and its host resolved once (``allowed``: the networks the store
    allows besides public addresses); the request goes to the checked address, never follows
    a redirect and never reads the answer's body. An UndeliverableError if the URL or its
    address is refused (the message can never go out as it is); a DeliveryError (retried
    later) if the host does not resolve, no answer came within ``timeout`` seconds, or the
    status is not 2xx.
    """
    started = time.monotonic()
    try:
        destination = resolve_destination(url, allowed, timeout=connect_timeout)
    except ValidationError as exc:
        raise UndeliverableError(f"destination refused: {exc}") from exc
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "trucewatch-alerts",
        DELIVERY_HEADER: delivery_id,
        TIMESTAMP_HEADER: str(int(sent_at.timestamp())),
        SIGNATURE_HEADER: sign_body(body, secret),
    }
    status = post_pinned(
        destination,
        body,
        headers,
        timeout=timeout,
        connect_timeout=connect_timeout,
        ssl_context=ssl_context,
        started=started,
    )
    where = f"webhook {destination.host_header}"
    if 300 <= status < 400:
        raise DeliveryError(
            f"{where} answered {status}, a redirect: redirects are not followed; subscribe "
            "the URL it redirects to"
        )
    if not 200 <= status < 300:
        raise DeliveryError(f"{where} answered {status}, not 2xx")
    return status


def send_email(message: EmailMessage, settings: DeliverySettings) -> None:
    """Send ``message`` through the configured SMTP server; DeliveryError if it fails."""
    if settings.smtp_host is None or settings.smtp_from is None:
        raise DeliveryError(
            "no SMTP server configured: set TRUCEWATCH_SMTP_HOST and TRUCEWATCH_SMTP_FROM "
            "(or --smtp-host and --smtp-from)"
        )
    where = f"SMTP {settings.smtp_host}:{settings.smtp_port}"
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user is not None and settings.smtp_password is not None:
                smtp.login(settings.smtp_user, settings.smtp_password)
            refused = smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{where}: {type(exc).__name__}: {exc}") from exc
    if refused:
        raise DeliveryError(f"{where} refused {', '.join(refused)}: {refused}")
