"""What an alert says: the webhook's JSON body and the e-mail, for one alert or a digest.

A delivery is one message: a single alert (``immediate`` subscriptions) or every alert of one
local day (``digest`` subscriptions). Its ``delivery_id`` is the idempotency key receivers use
to drop a duplicate: the outbox row id for a single alert, a hash of the row ids for a digest.
Each message also says what of its days was left out as unlocated (:mod:`.left_out`).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from trucewatch.publish.alerts.left_out import LeftOut
from trucewatch.store.outbox import OutboxRow
from trucewatch.store.subscriptions import Subscription

__all__ = ["Delivery", "email_message", "event_day", "one_line", "webhook_body"]

_CONTROLS = re.compile("\0+")
_KIND_WORDS = {
    "violation": "Violation",
    "possible_violation": "Possible violation",
    "unlocated": "Unlocated (cannot be placed inside the area)",
    "not_covered": "Not covered",
    "outside_scope": "Outside the scope",
    "outside_window": "Outside the window",
}


def one_line(text: object) -> str:
    """``text`` for a header or a line of a message: every run of control characters (CR, LF,
    NUL, the Unicode line separators ...) becomes one space."""
    flat = "".join("\0" if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in str(text))
    return _CONTROLS.sub(" ", flat)


def event_day(row: OutboxRow) -> date:
    """The local day an alert's event starts on (rows queued before it was kept: the UTC day)."""
    return date.fromisoformat(str(row.payload.get("day") or row.payload["time_start"])[:10])


@dataclass(frozen=True)
class Delivery:
    """One message to send: the subscription, its alerts, the day of a digest, and what of the
    alerts' days was left out as unlocated (None: not counted)."""

    subscription: Subscription
    rows: tuple[OutboxRow, ...]
    day: date | None = None
    left_out: LeftOut | None = None

    @property
    def event_days(self) -> tuple[date, date]:
        """The first and last local day of the alerts' events."""
        days = [event_day(r) for r in self.rows]
        return min(days), max(days)

    @property
    def delivery_id(self) -> str:
        """The idempotency key: the row id of a single alert, a hash of a digest's row ids."""
        if self.day is None and len(self.rows) == 1:
            return self.rows[0].delivery_id
        ids = "\n".join(sorted(r.delivery_id for r in self.rows))
        return "digest-" + hashlib.sha256(ids.encode()).hexdigest()[:32]

    @property
    def kind(self) -> str:
        """``alert`` or ``digest``."""
        return "alert" if self.day is None else "digest"


def _alert(row: OutboxRow) -> dict[str, Any]:
    return {**row.payload, "queued_at": row.created_at.isoformat()}


def webhook_body(delivery: Delivery, sent_at: datetime) -> bytes:
    """The JSON body POSTed to a webhook (UTF-8 bytes: the exact bytes that are signed)."""
    sub = delivery.subscription
    body = {
        "type": f"trucewatch.{delivery.kind}",
        "delivery_id": delivery.delivery_id,
        "sent_at": sent_at.astimezone(UTC).isoformat(),
        "subscription": {"id": sub.subscription_id, "name": sub.name},
        "day": None if delivery.day is None else delivery.day.isoformat(),
        "timezone": sub.timezone,
        "alerts": [_alert(r) for r in delivery.rows],
        "left_out": None if delivery.left_out is None else delivery.left_out.as_json(),
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def _fatalities(p: dict[str, Any]) -> str:
    best, low, high = p.get("fatalities_best"), p.get("fatalities_low"), p.get("fatalities_high")
    if best is None and low is None:
        return "fatalities unknown"
    if low is not None and high is not None and low != high:
        return f"{best if best is not None else low} killed (range {low}-{high})"
    return f"{best if best is not None else low} killed"


def _lines(row: OutboxRow) -> list[str]:
    p = row.payload
    place = ", ".join(str(x) for x in (p.get("place"), p.get("country")) if x) or "unnamed place"
    lines = [
        f"{_KIND_WORDS.get(row.verdict, row.verdict)} of {row.agreement_id} "
        f"(window {row.window_id})",
        f"  {event_day(row)}  {place} ({p.get('lat')}, {p.get('lon')})",
        f"  {p.get('event_type')}, {_fatalities(p)}; event {row.event_id}",
        f"  {p.get('explanation', '')}",
    ]
    if p.get("url"):
        lines.append(f"  source: {p['url']}")
    return [one_line(line) for line in lines]


def _subject(delivery: Delivery) -> str:
    """The Subject, on one line whatever the names and places hold (a newline in a place
    name would end the header and start another)."""
    return one_line(_subject_text(delivery))


def _subject_text(delivery: Delivery) -> str:
    if delivery.day is not None:
        n = len(delivery.rows)
        return f"[trucewatch] {delivery.subscription.name}: {n} alert(s) on {delivery.day}"
    row = delivery.rows[0]
    place = row.payload.get("place") or row.payload.get("country") or "unnamed place"
    day = event_day(row)
    kind = _KIND_WORDS.get(row.verdict, row.verdict)
    return f"[trucewatch] {kind}: {row.agreement_id}, {place}, {day}"


def email_message(delivery: Delivery, sender: str, sent_at: datetime) -> EmailMessage:
    """The plain-text e-mail of a delivery; its Message-ID carries the delivery id."""
    sub = delivery.subscription
    intro = (
        f"{len(delivery.rows)} alert(s) of {delivery.day} ({sub.timezone})"
        if delivery.day is not None
        else "a new alert"
    )
    parts: list[str] = [
        f'trucewatch subscription "{one_line(sub.name)}" ({sub.subscription_id}): {intro}.',
        "",
    ]
    for row in _sorted(delivery.rows):
        parts += [*_lines(row), ""]
    if delivery.left_out is not None and delivery.left_out.total:
        parts += [*delivery.left_out.lines(), ""]
    parts.append(
        f"Delivery {delivery.delivery_id}. To stop these alerts: "
        f"trucewatch subscriptions remove {sub.subscription_id}"
    )
    message = EmailMessage()
    message["Subject"] = _subject(delivery)
    message["From"] = sender
    message["To"] = sub.target
    message["Date"] = format_datetime(sent_at.astimezone(UTC))
    message["Message-ID"] = f"<{delivery.delivery_id}@trucewatch>"
    message["X-Trucewatch-Delivery"] = delivery.delivery_id
    message.set_content("\n".join(parts) + "\n")
    return message


def _sorted(rows: Sequence[OutboxRow]) -> list[OutboxRow]:
    return sorted(
        rows, key=lambda r: (str(r.payload.get("time_start")), r.agreement_id, r.event_id)
    )
