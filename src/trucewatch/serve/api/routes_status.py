"""GET /status: how fresh the store is (``trucewatch status``): each followed feed's last sync
and state, the last ingest, whether the stored verdicts are current, the alerts waiting."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from trucewatch.freshness import freshness
from trucewatch.serve.api.routes_data import access_of

__all__ = ["router"]

router = APIRouter(tags=["status"])


class FeedStatusOut(BaseModel):
    name: str
    kind: str
    version: str
    state: str = Field(
        description="never, ok, or why the last pull failed: token missing, token expired, "
        "forbidden, rate limited, unavailable, bad data."
    )
    detail: str | None = Field(description="What failed and what to do (null when ok).")
    every_s: int
    enabled: bool
    failures: int = Field(description="Consecutive failed pulls.")
    added_at: datetime
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_change_at: datetime | None = Field(description="The last pull that brought a change.")
    next_due_at: datetime | None
    events_added: int
    events_deleted: int
    stale: bool = Field(description="No successful pull for more than 3 times its interval.")
    line: str = Field(description="The sentence trucewatch status prints for it.")


class LastIngestOut(BaseModel):
    ingest_id: int
    file: str
    adapter: str
    stored: int
    finished_at: datetime


class StatusOut(BaseModel):
    """The store's freshness, as ``trucewatch status -f json`` gives it, with its lines."""

    checked_at: datetime
    feeds: list[FeedStatusOut]
    last_ingest: LastIngestOut | None
    verdicts: str = Field(description="current, stale or none (no agreement stored).")
    verdicts_detail: str
    alerts: dict[str, int] = Field(description="Outbox rows by state.")
    lines: list[str] = Field(description="The lines trucewatch status prints.")


@router.get("/status", response_model=StatusOut)
def get_status(request: Request) -> dict[str, Any]:
    """How fresh the store is: each followed feed's last sync and state (a feed never pulled,
    failing or stale says so), the last ingest, whether the verdicts are current, the alerts
    by state. Readers."""
    access = access_of(request)
    access.require_read(request)
    with access.reading() as store:
        found = freshness(store)
    return {**asdict(found), "lines": found.lines()}
