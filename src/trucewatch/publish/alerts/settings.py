"""How alerts are delivered: the SMTP server, time-outs and the retry policy.

Every setting can come from the environment (:meth:`DeliverySettings.from_env`):

=============================  ==========================================  =========
variable                       meaning                                     default
=============================  ==========================================  =========
``TRUCEWATCH_SMTP_HOST``       SMTP server (e-mail is off without it)      none
``TRUCEWATCH_SMTP_PORT``       its port                                    25
``TRUCEWATCH_SMTP_FROM``       the From address of alert e-mails           none
``TRUCEWATCH_SMTP_STARTTLS``   ``1``/``true``: upgrade with STARTTLS        off
``TRUCEWATCH_SMTP_USER``       log in with this user (after STARTTLS) ...  none
``TRUCEWATCH_SMTP_PASSWORD``   ... and this password                       none
=============================  ==========================================  =========
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from trucewatch.errors import ValidationError
from trucewatch.store.webhook_urls import check_plain_text

__all__ = ["ENV_PREFIX", "DeliverySettings"]

#: The prefix of the environment variables read by :meth:`DeliverySettings.from_env`.
ENV_PREFIX = "TRUCEWATCH_SMTP_"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


@dataclass(frozen=True)
class DeliverySettings:
    """SMTP server, time-outs and retry policy for delivering alerts.

    A webhook message gets at most ``timeout`` seconds in all (the host's lookup, the
    connection, TLS, sending and the answer's headers), of which ``connect_timeout`` at most
    to look the host up and to connect; an SMTP conversation gets ``timeout`` seconds per
    operation (the SMTP server is the administrator's own).

    A failed delivery is retried after ``backoff``, then twice that, four times... (at most
    ``backoff_max``); after ``max_attempts`` failed attempts the alert is ``dead``.
    """

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str | None = None
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = None
    timeout: float = 10.0
    connect_timeout: float = 5.0
    max_attempts: int = 8
    backoff: timedelta = timedelta(minutes=1)
    backoff_max: timedelta = timedelta(hours=6)

    def __post_init__(self) -> None:
        if not 1 <= self.smtp_port <= 65535:
            raise ValidationError(f"SMTP port {self.smtp_port} is outside [1, 65535]")
        if self.smtp_host is not None and not self.smtp_host.strip():
            raise ValidationError("SMTP host is empty: give a host name or leave it unset")
        if (self.smtp_user is None) != (self.smtp_password is None):
            raise ValidationError("SMTP login needs both a user and a password")
        if not 0 < self.timeout <= 300:
            raise ValidationError(f"timeout {self.timeout} s must be in (0, 300]")
        if not 0 < self.connect_timeout <= self.timeout:
            raise ValidationError(
                f"connect_timeout {self.connect_timeout} s must be > 0 and at most the "
                f"timeout ({self.timeout} s)"
            )
        for name in ("smtp_host", "smtp_from", "smtp_user"):
            value = getattr(self, name)
            if value is not None:
                check_plain_text(f"SMTP setting {name}", value)
        if self.max_attempts < 1:
            raise ValidationError(f"max_attempts {self.max_attempts} must be >= 1")
        if self.backoff <= timedelta(0) or self.backoff_max < self.backoff:
            raise ValidationError(
                f"backoff {self.backoff} must be > 0 and backoff_max {self.backoff_max} >= it"
            )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: Any
    ) -> DeliverySettings:
        """Settings from ``TRUCEWATCH_SMTP_*`` variables; ``overrides`` that are not None win."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(ENV_PREFIX + name)
            return value if value else None

        port_text = get("PORT") or "25"
        if not port_text.isdigit():
            raise ValidationError(f"{ENV_PREFIX}PORT {port_text!r} is not a port number")
        starttls_text = (get("STARTTLS") or "").lower()
        if starttls_text not in _TRUE + _FALSE:
            raise ValidationError(
                f"{ENV_PREFIX}STARTTLS {starttls_text!r} must be 1/true/yes or 0/false/no"
            )
        settings = cls(
            smtp_host=get("HOST"),
            smtp_port=int(port_text),
            smtp_from=get("FROM"),
            smtp_starttls=starttls_text in _TRUE,
            smtp_user=get("USER"),
            smtp_password=get("PASSWORD"),
        )
        chosen = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **chosen) if chosen else settings
