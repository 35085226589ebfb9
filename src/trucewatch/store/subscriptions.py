"""Alert subscriptions kept in the store: who wants which verdicts, how and where.

A :class:`Subscription` validates itself at construction (channel, e-mail address or webhook
URL, verdict kinds, area, time zone). Creating one checks that the agreements it names are in
the store. A webhook subscription carries a secret used to sign each delivery (HMAC-SHA256);
it must be stored as is (not hashed) to sign, so it never appears in listings, only once when
the subscription is created. Removing a subscription revokes it: the row stays, with what was
delivered to it, and no new alerts are queued for it.
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from trucewatch.errors import ValidationError
from trucewatch.model.verdict import VerdictKind
from trucewatch.store.catalog import check_agreement_ids
from trucewatch.store.connect import Db, conn_of, transaction
from trucewatch.store.query import check_min_confidence
from trucewatch.store.webhook_urls import check_plain_text, check_webhook_url
from trucewatch.suggest import not_one_of, unknown

__all__ = [
    "CHANNELS",
    "DEFAULT_KINDS",
    "MODES",
    "Subscription",
    "create_subscription",
    "get_subscription",
    "list_subscriptions",
    "replace_secrets",
    "revoke_subscription",
    "webhook_secrets",
]

#: How alerts are delivered.
CHANNELS = ("email", "webhook")
#: ``immediate``: one message per alert; ``digest``: one message per local day.
MODES = ("immediate", "digest")
#: The verdict kinds a subscription gets unless told otherwise.
DEFAULT_KINDS = ("violation", "possible_violation")

_KINDS = tuple(k.value for k in VerdictKind)
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$")
_NAME_MAX = 100
_TARGET_MAX = 2000
_COLUMNS = (
    "subscription_id, name, channel, target, secret, agreement_ids, min_lon, min_lat, max_lon, "
    "max_lat, kinds, min_fatalities, mode, timezone, since, created_at, revoked_at, "
    "min_confidence"
)


def _check_target(channel: str, target: str) -> None:
    if channel == "email":
        if len(target) > _TARGET_MAX:
            raise ValidationError(f"e-mail target is {len(target)} characters; at most 2000")
        if not _EMAIL.fullmatch(target):
            raise ValidationError(f"e-mail address {target!r} is not of the form name@example.org")
        return
    check_webhook_url(target)


def _check_bbox(bbox: tuple[float, float, float, float]) -> None:
    if len(bbox) != 4 or not all(isinstance(v, int | float) and math.isfinite(v) for v in bbox):
        raise ValidationError(f"area {bbox!r} must be four numbers MIN_LON,MIN_LAT,MAX_LON,MAX_LAT")
    min_lon, min_lat, max_lon, max_lat = bbox
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ValidationError(
            f"area {','.join(str(v) for v in bbox)} must be MIN_LON,MIN_LAT,MAX_LON,MAX_LAT "
            "with min <= max, longitudes in [-180, 180] and latitudes in [-90, 90]"
        )


@dataclass(frozen=True)
class Subscription:
    """Who gets which alerts: the filter (every part optional) and the delivery.

    An alert matches when its verdict kind is in ``kinds``, its agreement is one of
    ``agreement_ids`` (empty: any), the event lies in ``bbox`` (None: anywhere) and the event's
    fatalities (best estimate, else the low one, else 0) are at least ``min_fatalities``; an
    event read from a news article matches only with an extraction confidence of at least
    ``min_confidence`` (None: any; coded dataset rows always match).
    Only verdicts new since ``since`` are alerted: their event, or the latest version of their
    agreement, was stored at or after it (None: every stored verdict too).
    Digests group the alerts of one local day in ``timezone``.

    ``defect`` is set only on a subscription read from the store that the checks of today
    refuse (stored by an older trucewatch: a webhook URL with a NUL byte, a name with a
    newline): it is listed with its defect, nothing is queued for it, and what it has waiting
    is marked dead with the defect as the reason.
    """

    subscription_id: str
    name: str
    channel: str
    target: str
    agreement_ids: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None
    kinds: tuple[str, ...] = DEFAULT_KINDS
    min_fatalities: int = 0
    mode: str = "immediate"
    timezone: str = "UTC"
    since: datetime | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    revoked_at: datetime | None = None
    secret: str | None = field(default=None, repr=False)
    defect: str | None = None
    min_confidence: float | None = None

    def __post_init__(self) -> None:
        if self.defect is not None:  # read from the store as it is, never delivered
            return
        if self.channel not in CHANNELS:
            raise ValidationError(f"channel {self.channel!r} is not one of {', '.join(CHANNELS)}")
        _check_target(self.channel, self.target)
        if self.mode not in MODES:
            raise ValidationError(f"mode {self.mode!r} is not one of {', '.join(MODES)}")
        if not self.name.strip() or len(self.name) > _NAME_MAX:
            raise ValidationError(f"subscription name {self.name!r} must be 1 to 100 characters")
        check_plain_text("subscription name", self.name)
        for name in ("agreement_ids", "kinds"):
            if isinstance(getattr(self, name), str):
                raise ValidationError(f"{name} must be a sequence of names, not a string")
            object.__setattr__(self, name, tuple(dict.fromkeys(getattr(self, name))))
        if not self.kinds:
            raise ValidationError(
                f"a subscription needs at least one verdict kind: {', '.join(_KINDS)}"
            )
        for kind in self.kinds:
            if kind not in _KINDS:
                raise not_one_of("verdict kind", kind, _KINDS)
        if self.bbox is not None:
            _check_bbox(self.bbox)
            object.__setattr__(self, "bbox", tuple(float(v) for v in self.bbox))
        if isinstance(self.min_fatalities, bool) or not isinstance(self.min_fatalities, int):
            raise ValidationError(f"min_fatalities {self.min_fatalities!r} must be an integer")
        if self.min_fatalities < 0:
            raise ValidationError(f"min_fatalities {self.min_fatalities} must be >= 0")
        check_min_confidence(self.min_confidence)
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(
                f"time zone {self.timezone!r} is not an IANA zone name (Asia/Damascus, UTC)"
            ) from None
        for name in ("since", "created_at", "revoked_at"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValidationError(f"subscription {name} {value} has no time zone")
        if self.channel == "webhook" and not self.secret:
            raise ValidationError("a webhook subscription needs a secret to sign its deliveries")
        if self.channel == "email" and self.secret is not None:
            raise ValidationError("an e-mail subscription has no secret")

    @property
    def active(self) -> bool:
        """Not removed."""
        return self.revoked_at is None

    def public(self) -> dict[str, Any]:
        """The subscription as a dict without its secret (for listings)."""
        return {
            "subscription_id": self.subscription_id,
            "name": self.name,
            "channel": self.channel,
            "target": self.target,
            "agreement_ids": list(self.agreement_ids),
            "bbox": None if self.bbox is None else list(self.bbox),
            "kinds": list(self.kinds),
            "min_fatalities": self.min_fatalities,
            "min_confidence": self.min_confidence,
            "mode": self.mode,
            "timezone": self.timezone,
            "since": self.since,
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
            "defect": self.defect,
        }


def _utc(value: Any) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def _row_to_subscription(row: Sequence[Any]) -> Subscription:
    (sid, name, channel, target, secret, agreements, x0, y0, x1, y1, kinds, fatal, mode, tz,
     since, created, revoked, least) = row  # fmt: skip
    values: dict[str, Any] = dict(
        subscription_id=sid,
        name=name,
        channel=channel,
        target=target,
        secret=secret,
        agreement_ids=tuple(agreements),
        bbox=None if x0 is None else (x0, y0, x1, y1),
        kinds=tuple(kinds),
        min_fatalities=int(fatal),
        min_confidence=least,
        mode=mode,
        timezone=tz,
        since=_utc(since),
        created_at=created.astimezone(UTC),
        revoked_at=_utc(revoked),
    )
    try:
        return Subscription(**values)
    except ValidationError as exc:
        defect = (
            f"subscription {sid} as stored is refused by today's checks ({exc}): remove it "
            f"(trucewatch subscriptions remove {sid}) and add it again"
        )
        return Subscription(**values, defect=defect)


def create_subscription(
    db: Db,
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
    min_confidence: float | None = None,
) -> Subscription:
    """Validate and store a subscription; return it (with its secret, for webhooks).

    Agreements must be in the store. A webhook without ``secret`` gets a random one.
    Unless ``include_existing``, only verdicts of events (or agreement versions) stored from
    now on are alerted.
    """
    conn = conn_of(db)
    now = datetime.now(UTC)
    if channel == "webhook" and secret is None:
        secret = secrets.token_urlsafe(32)
    while True:
        sid = secrets.token_hex(4)
        if (
            conn.execute("SELECT 1 FROM subscriptions WHERE subscription_id = ?", [sid]).fetchone()
            is None
        ):
            break
    sub = Subscription(
        subscription_id=sid,
        name=name,
        channel=channel,
        target=target,
        agreement_ids=tuple(agreement_ids),
        bbox=bbox,
        kinds=tuple(kinds),
        min_fatalities=min_fatalities,
        min_confidence=min_confidence,
        mode=mode,
        timezone=timezone,
        since=None if include_existing else now,
        created_at=now,
        secret=secret,
    )
    check_agreement_ids(conn, sub.agreement_ids, error=ValidationError)
    x0, y0, x1, y1 = sub.bbox if sub.bbox is not None else (None, None, None, None)
    conn.execute(
        f"INSERT INTO subscriptions ({_COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
        [
            sub.subscription_id,
            sub.name,
            sub.channel,
            sub.target,
            sub.secret,
            list(sub.agreement_ids),
            x0,
            y0,
            x1,
            y1,
            list(sub.kinds),
            sub.min_fatalities,
            sub.mode,
            sub.timezone,
            sub.since,
            sub.created_at,
            sub.min_confidence,
        ],
    )
    return sub


def list_subscriptions(db: Db, *, include_removed: bool = False) -> list[Subscription]:
    """Subscriptions, oldest first (the removed ones too with ``include_removed``)."""
    conn = conn_of(db)
    where = "" if include_removed else "WHERE revoked_at IS NULL"
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM subscriptions {where} ORDER BY created_at, subscription_id"
    ).fetchall()
    return [_row_to_subscription(r) for r in rows]


def get_subscription(db: Db, subscription_id: str) -> Subscription:
    """One subscription by id (removed ones too); NotFoundError naming the id if none."""
    conn = conn_of(db)
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM subscriptions WHERE subscription_id = ?", [subscription_id]
    ).fetchone()
    if row is None:
        known = [r[0] for r in conn.execute("SELECT subscription_id FROM subscriptions").fetchall()]
        raise unknown(
            "subscription",
            subscription_id,
            known,
            listing="trucewatch subscriptions list --all shows them",
        )
    return _row_to_subscription(row)


def revoke_subscription(db: Db, subscription_id: str) -> Subscription:
    """Remove a subscription: no alert is queued for it any more, and the ones it has waiting
    are dropped (marked dead). Removing twice keeps the first instant."""
    conn = conn_of(db)
    sub = get_subscription(conn, subscription_id)
    if sub.revoked_at is not None:
        return sub
    now = datetime.now(UTC)
    with transaction(conn):
        conn.execute(
            "UPDATE subscriptions SET revoked_at = ? WHERE subscription_id = ?",
            [now, subscription_id],
        )
        conn.execute(
            "UPDATE alert_outbox SET status = 'dead', last_error = 'subscription removed' "
            "WHERE subscription_id = ? AND status IN ('pending', 'failed')",
            [subscription_id],
        )
    return replace(sub, revoked_at=now)


def webhook_secrets(db: Db) -> dict[str, str]:
    """The stored secret of every webhook subscription (removed ones too), by id."""
    conn = conn_of(db)
    rows = conn.execute(
        "SELECT subscription_id, secret FROM subscriptions WHERE channel = 'webhook'"
    ).fetchall()
    return {str(sid): str(secret) for sid, secret in rows if secret is not None}


def replace_secrets(db: Db, stored: dict[str, str]) -> None:
    """Store new values of webhook secrets (by subscription id), in one transaction."""
    conn = conn_of(db)
    with transaction(conn):
        for sid, value in stored.items():
            conn.execute(
                "UPDATE subscriptions SET secret = ? WHERE subscription_id = ?", [value, sid]
            )
