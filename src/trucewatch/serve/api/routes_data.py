"""GET /health, /events, /events/{id} and /verdicts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import StringConstraints

from trucewatch.catalog import with_actor_aliases
from trucewatch.model.verdict import VerdictKind
from trucewatch.serve.api.access import Access
from trucewatch.serve.api.pages import event_page, event_row, verdict_page
from trucewatch.serve.api.schemas import EventPage, Health, VerdictPage
from trucewatch.store import EventQuery
from trucewatch.store.query import parse_bbox, parse_instant

__all__ = ["BboxParam", "SinceParam", "UntilParam", "access_of", "event_query", "router"]

router = APIRouter()

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000_000
Name = Annotated[str, StringConstraints(min_length=1, max_length=100)]
#: the place and time filters of event listings (GET /events, GET /map/events)
BboxParam = Annotated[
    str | None, Query(max_length=100, description="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT in degrees")
]
SinceParam = Annotated[
    str | None, Query(max_length=40, description="Events that may have happened from then")
]
UntilParam = Annotated[
    str | None, Query(max_length=40, description="Events that may have happened before")
]
MinConfidenceParam = Annotated[
    float | None,
    Query(
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="Leave out events read from news articles whose extraction confidence is "
        "below this; coded dataset rows are always kept",
    ),
]


def access_of(request: Request) -> Access:
    """The app's :class:`Access`."""
    access: Access = request.app.state.access
    return access


def event_query(
    bbox: str | None,
    since: str | None,
    until: str | None,
    *,
    sources: tuple[str, ...] = (),
    actor: str | None = None,
    actor_contains: str | None = None,
    event_types: tuple[str, ...] = (),
    min_confidence: float | None = None,
) -> EventQuery:
    """The :class:`EventQuery` of the ``bbox``, ``since`` and ``until`` query parameters (as
    given; a bad one is a ValidationError naming it) and the other filters."""
    return EventQuery(
        bbox=parse_bbox(bbox),
        start=parse_instant(since, "since"),
        end=parse_instant(until, "until"),
        sources=sources,
        actor=actor,
        actor_contains=actor_contains,
        event_types=event_types,
        min_confidence=min_confidence,
    )


@router.get("/health", response_model=Health, tags=["service"])
def health(request: Request) -> dict[str, Any]:
    """Whether the server and its store answer."""
    from trucewatch._version import __version__

    access = access_of(request)
    with access.reading() as store:
        version = store.schema_version()
    return {
        "status": "ok",
        "version": __version__,
        "schema_version": version,
        "public_read": access.public_read,
        "read_only": access.read_only,
    }


@router.get("/events", response_model=EventPage, tags=["events"])
def list_events(
    request: Request,
    bbox: BboxParam = None,
    since: SinceParam = None,
    until: UntilParam = None,
    source: Annotated[list[Name] | None, Query(max_length=20)] = None,
    actor: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="A side's whole name, or another name of the party or excluded group "
            "it names in the stored agreements (IS: also Islamic State, ISIS...)",
        ),
    ] = None,
    actor_contains: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Part of a side's name (any case)"),
    ] = None,
    type: Annotated[list[Name] | None, Query(max_length=20)] = None,
    min_confidence: MinConfidenceParam = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> dict[str, Any]:
    """Stored events matching the filters, by start time, a page at a time.

    An unknown source is a 404 and an unknown type a 422, each with a guess; ``truncated``
    says that more events match than this page holds (ask for the next with ``cursor``).
    """
    access = access_of(request)
    access.require_read(request)
    query = event_query(
        bbox,
        since,
        until,
        sources=tuple(source or ()),
        actor=actor,
        actor_contains=actor_contains,
        event_types=tuple(type or ()),
        min_confidence=min_confidence,
    )
    with access.reading() as store:
        query = with_actor_aliases(store, query)
        return event_page(store, query, limit=limit, offset=offset, cursor=cursor)


@router.get("/events/{event_id}", tags=["events"])
def get_event(request: Request, event_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """One stored event by its id (e.g. ucdp_ged:214797)."""
    access = access_of(request)
    access.require_read(request)
    with access.reading() as store:
        return event_row(store, event_id)


@router.get("/verdicts", response_model=VerdictPage, tags=["verdicts"])
def list_verdicts(
    request: Request,
    agreement: Annotated[list[Name] | None, Query(max_length=50)] = None,
    kind: Annotated[list[VerdictKind] | None, Query(max_length=len(VerdictKind))] = None,
    event_id: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    min_confidence: MinConfidenceParam = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Stored verdicts, by agreement, event start and id, a page at a time.

    An unknown agreement or event id is a 404 with a guess and the known ids, never an empty
    page; ``truncated`` says that more verdicts match than this page holds;
    ``min_confidence`` leaves out the verdicts of events read from news articles with a lower
    extraction confidence (those of coded dataset rows are kept).
    """
    access = access_of(request)
    access.require_read(request)
    with access.reading() as store:
        return verdict_page(
            store,
            agreement_ids=tuple(agreement or ()),
            kinds=tuple(k.value for k in kind or ()),
            event_id=event_id,
            limit=limit,
            offset=offset,
            min_confidence=min_confidence,
        )
