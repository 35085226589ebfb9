"""Sending one delivery: an e-mail over SMTP (stdlib smtplib), or a signed webhook POST (httpx).

A webhook request carries::

    Content-Type: application/json
    X-Trucewatch-Delivery: <delivery id>          the idempotency key: drop a repeat
    X-Trucewatch-Timestamp: <unix seconds>        when it was sent (also "sent_at" in the body)
    X-Trucewatch-Signature: sha256=<hex>          HMAC-SHA256 of the raw body with the secret

Any 2xx answer is success; anything else (another status, a redirect, a refused connection,
a time-out) raises :class:`DeliveryError` with the reason, and the alert is retried later.
"""

from __future__ import annotations

import hashlib
import hmac
import smtplib
import ssl
from datetime import datetime
from email.message import EmailMessage

import httpx

from trucewatch.errors import DeliveryError
from trucewatch.publish.alerts.settings import DeliverySettings

__all__ = [
    "SIGNATURE_HEADER",
    "DeliveryError",
    "post_webhook",
    "send_email",
    "sign_body",
    "verify_signature",
]

SIGNATURE_HEADER = "X-Trucewatch-Signature"
DELIVERY_HEADER = "X-Trucewatch-Delivery"
TIMESTAMP_HEADER = "X-Trucewatch-Timestamp"


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
    timeout: float = 10.0,
    client: httpx.Client | None = None,
) -> int:
    """POST ``body`` to ``url``, signed; return the status; DeliveryError unless 2xx."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "trucewatch-alerts",
        DELIVERY_HEADER: delivery_id,
        TIMESTAMP_HEADER: str(int(sent_at.timestamp())),
        SIGNATURE_HEADER: sign_body(body, secret),
    }
    own = client is None
    http = client if client is not None else httpx.Client(timeout=timeout, follow_redirects=False)
    try:
        response = http.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"webhook {url}: {type(exc).__name__}: {exc}") from exc
    finally:
        if own:
            http.close()
    if not 200 <= response.status_code < 300:
        snippet = response.text[:200].replace("\n", " ")
        raise DeliveryError(f"webhook {url} answered {response.status_code}: {snippet}")
    return response.status_code


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
