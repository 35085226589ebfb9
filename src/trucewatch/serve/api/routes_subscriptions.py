"""GET/POST /subscriptions, GET/DELETE /subscriptions/{id}: alert subscriptions, and GET /alerts:
the alert outbox (as ``trucewatch alerts list``). Admin only.

Subscriptions hold people's addresses and webhook URLs, so even reading them needs an admin
key. A webhook's secret is answered once, by the POST that creates it, and never again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from trucewatch.publish.alerts.subscribe import subscribe, subscription, subscriptions, unsubscribe
from trucewatch.serve.api.errors import ApiError
from trucewatch.serve.api.routes_data import MAX_LIMIT, MAX_OFFSET, access_of
from trucewatch.store.keys import ApiKey
from trucewatch.store.outbox import OutboxRow
from trucewatch.store.outbox_pages import outbox_page
from trucewatch.store.subscriptions import Subscription

__all__ = ["router"]

router = APIRouter(tags=["subscriptions"])

SubscriptionId = Annotated[str, Path(min_length=1, max_length=100)]
Kind = Literal[
    "violation", "possible_violation", "unlocated", "not_covered", "outside_scope", "outside_window"
]
# trucewatch.store.outbox.STATUSES
Status = Literal["pending", "failed", "sent", "dead", "withdrawn"]


def _default_kinds() -> list[Kind]:
    return ["violation", "possible_violation"]


class SubscriptionIn(BaseModel):
    """A new subscription: the delivery and the filter (every filter optional)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    channel: Literal["email", "webhook"]
    target: str = Field(
        min_length=3, max_length=2000, description="An e-mail address, or an http(s) URL."
    )
    agreement_ids: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=100, description="Stored agreements; empty: any."
    )
    bbox: list[float] | None = Field(
        default=None,
        min_length=4,
        max_length=4,
        description="[min_lon, min_lat, max_lon, max_lat]; null: anywhere.",
    )
    kinds: list[Kind] = Field(default_factory=_default_kinds, min_length=1)
    min_fatalities: int = Field(default=0, ge=0, le=1_000_000)
    min_confidence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Only events read from news articles with at least this extraction "
        "confidence; coded dataset rows always. Null: any.",
    )
    mode: Literal["immediate", "digest"] = "immediate"
    timezone: str = Field(default="UTC", min_length=1, max_length=64)
    include_existing: bool = Field(
        default=False, description="Also alert the verdicts stored before now."
    )
    secret: str | None = Field(
        default=None,
        min_length=16,
        max_length=200,
        description="The webhook's signing secret; made for you when absent.",
    )


class SubscriptionOut(BaseModel):
    subscription_id: str
    name: str
    channel: str
    target: str
    agreement_ids: list[str]
    bbox: list[float] | None
    kinds: list[str]
    min_fatalities: int
    min_confidence: float | None = None
    mode: str
    timezone: str
    since: datetime | None
    created_at: datetime
    revoked_at: datetime | None
    defect: str | None = Field(
        default=None,
        description="Why it is never delivered (stored by an older trucewatch with a value "
        "refused today); null when it is fine.",
    )


class SubscriptionCreated(SubscriptionOut):
    secret: str | None = Field(
        description="The webhook's signing secret, shown only in this answer (null for e-mail)."
    )


class OutboxRowOut(BaseModel):
    """One queued alert, as ``trucewatch alerts list`` shows it."""

    delivery_id: str = Field(description="Also the idempotency key of its message.")
    subscription_id: str
    event_id: str
    agreement_id: str
    verdict: Kind
    status: Status
    attempts: int
    next_attempt_at: datetime = Field(description="When a pending or failed row is tried next.")
    last_error: str | None
    sent_at: datetime | None


class OutboxPage(BaseModel):
    items: list[OutboxRowOut]
    total: int = Field(description="How many outbox rows match the filters (all pages).")
    limit: int
    offset: int
    truncated: bool = Field(description="More rows match after this page (offset=...).")


def _admin(request: Request, what: str = "subscriptions") -> ApiKey:
    """An admin key on the request (reads of ``what`` too): else 401 or 403."""
    key = access_of(request).key_of(request)
    if key is None:
        raise ApiError(
            401,
            f"{what} need an admin API key: send 'Authorization: Bearer <key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not key.allows("admin"):
        raise ApiError(403, f"key {key.key_id} has role {key.role}; {what} need admin")
    return key


def _out(sub: Subscription) -> dict[str, Any]:
    return sub.public()


@router.get("/subscriptions", response_model=list[SubscriptionOut])
def list_subscriptions(request: Request, all: bool = False) -> list[dict[str, Any]]:
    """The subscriptions, oldest first (``all=true``: removed ones too). Admin; no secrets."""
    _admin(request)
    access = access_of(request)
    return [_out(s) for s in subscriptions(access, include_removed=all)]


@router.get("/subscriptions/{subscription_id}", response_model=SubscriptionOut)
def get_subscription(request: Request, subscription_id: SubscriptionId) -> dict[str, Any]:
    """One subscription. Admin; no secret."""
    _admin(request)
    return _out(subscription(access_of(request), subscription_id))


@router.post("/subscriptions", status_code=201, response_model=SubscriptionCreated)
def create_subscription(request: Request, body: SubscriptionIn) -> dict[str, Any]:
    """Subscribe an e-mail address or a webhook to alerts. Admin.

    The answer carries the webhook's secret: keep it, it is not shown again.
    """
    access = access_of(request)
    access.require_write(request, "admin")
    bbox = None if body.bbox is None else (body.bbox[0], body.bbox[1], body.bbox[2], body.bbox[3])
    sub = subscribe(
        access,
        name=body.name,
        channel=body.channel,
        target=body.target,
        agreement_ids=body.agreement_ids,
        bbox=bbox,
        kinds=list(body.kinds),
        min_fatalities=body.min_fatalities,
        min_confidence=body.min_confidence,
        mode=body.mode,
        timezone=body.timezone,
        include_existing=body.include_existing,
        secret=body.secret,
    )
    return {**_out(sub), "secret": sub.secret}


@router.delete("/subscriptions/{subscription_id}", response_model=SubscriptionOut)
def delete_subscription(request: Request, subscription_id: SubscriptionId) -> dict[str, Any]:
    """Remove a subscription: nothing more is queued or sent to it. Admin."""
    access = access_of(request)
    access.require_write(request, "admin")
    return _out(unsubscribe(access, subscription_id))


def _outbox_out(row: OutboxRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in OutboxRowOut.model_fields}


@router.get("/alerts", response_model=OutboxPage, tags=["alerts"])
def list_alerts(
    request: Request,
    subscription: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    status: Annotated[list[Status] | None, Query(max_length=5)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """The alert outbox (as ``trucewatch alerts list``), oldest first, a page at a time:
    ``subscription`` (an id), ``status`` (repeatable). Admin; read-only."""
    _admin(request, "alerts")
    statuses = tuple(status or ())
    with access_of(request).reading() as store:
        page = outbox_page(
            store, subscription_id=subscription, statuses=statuses, limit=limit, offset=offset
        )
    return {
        "items": [_outbox_out(r) for r in page.rows],
        "total": page.total,
        "limit": limit,
        "offset": offset,
        "truncated": page.truncated,
    }
