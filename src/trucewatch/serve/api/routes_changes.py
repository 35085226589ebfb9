"""GET /events/changes: the log of events edited, deleted and restored at their source
(:mod:`trucewatch.store.event_changes`), as ``trucewatch events changes`` lists it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from trucewatch.serve.api.routes_data import MAX_LIMIT, MAX_OFFSET, access_of
from trucewatch.store.query import parse_instant

__all__ = ["router"]

#: registered before ``/events/{event_id}`` (``app.py``), which would take ``changes`` as an id
router = APIRouter(tags=["events"])


class EventChangeItem(BaseModel):
    change_id: int
    event_id: str
    change: Literal["edited", "deleted", "restored"]
    origin: str = Field(description="The file ingested, or what deleted the event (a feed).")
    ingest_id: int | None = Field(description="The ingest that made the change (null: deleted).")
    changed_at: str = Field(description="UTC, YYYY-MM-DDTHH:MM:SSZ")
    detail: str | None = Field(description="An edit's first changed field, before -> after.")


class EventChangePage(BaseModel):
    items: list[EventChangeItem]
    total: int = Field(description="How many changes match the filters (all pages).")
    limit: int
    offset: int
    truncated: bool = Field(description="More changes match after this page (offset=...).")


@router.get("/events/changes", response_model=EventChangePage)
def list_event_changes(
    request: Request,
    since: Annotated[
        str | None, Query(max_length=40, description="Changes made from then (a day or instant)")
    ] = None,
    change: Annotated[Literal["edited", "deleted", "restored"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Events edited, deleted or restored at their source, oldest first, a page at a time:
    an ingest with ``edits=replace`` logs the events it replaced, a feed the deletions."""
    access = access_of(request)
    access.require_read(request)
    after = parse_instant(since, "since")
    with access.reading() as store:
        rows = store.event_changes(after, change=change, limit=limit, offset=offset)
        total = store.count_event_changes(after, change=change)
    items = [
        {
            "change_id": c.change_id,
            "event_id": c.event_id,
            "change": c.change,
            "origin": c.origin,
            "ingest_id": c.ingest_id,
            "changed_at": c.changed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "detail": c.detail,
        }
        for c in rows
    ]
    return {
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        "truncated": offset + len(items) < total,
    }
