"""The map dashboard at ``/``, its static files, and the JSON it reads.

``GET /`` is the page (HTML, one JS file, one CSS file from ``serve/dashboard/``), Leaflet is
served from the ``xstatic-leaflet`` package under ``/static/leaflet/``: nothing comes from a CDN,
so the page works offline. The data endpoints are read-only and follow the same access rules
and error shape as the rest of the API. See docs/dashboard.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import xstatic.pkg.leaflet as xleaflet
from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from trucewatch.catalog import load_agreements
from trucewatch.effect.horizons import DEFAULT_HORIZONS
from trucewatch.errors import ValidationError
from trucewatch.model.agreement import Agreement
from trucewatch.serve.api.costly import Answers, json_answer
from trucewatch.serve.api.errors import ApiError
from trucewatch.serve.api.map_data import (
    MAP_KINDS,
    MapKind,
    boundary_features,
    boundary_levels,
    event_features,
    scope_features,
    series_answer,
)
from trucewatch.serve.api.map_schemas import (
    BoundaryCollection,
    MapEvents,
    ScopeCollection,
    SeriesAnswer,
)
from trucewatch.serve.api.routes_data import (
    BboxParam,
    MinConfidenceParam,
    Name,
    SinceParam,
    UntilParam,
    access_of,
    event_query,
)
from trucewatch.suggest import unknown, unknown_agreement

__all__ = ["DASHBOARD_DIR", "router"]

#: the page, its script and its style sheet
DASHBOARD_DIR = Path(__file__).resolve().parent.parent / "dashboard"
#: the most events one map answer holds
MAX_MAP_EVENTS = 50_000

# the expensive answers, by store state and parameters (docs/api.md, "Expensive answers")
_EVENTS = Answers("map events", 16)
_BOUNDARIES = Answers("map boundaries", 16)
_SERIES = Answers("series", 64)

router = APIRouter()
# leaflet.js, leaflet.css and images/ of the xstatic-leaflet package
router.mount("/static/leaflet", StaticFiles(directory=xleaflet.BASE_DIR), name="leaflet")
router.mount(
    "/static/dashboard", StaticFiles(directory=DASHBOARD_DIR, check_dir=False), name="dashboard"
)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def dashboard() -> HTMLResponse:
    """The map dashboard (it reads the JSON endpoints below)."""
    page = DASHBOARD_DIR / "index.html"
    if not page.is_file():
        raise ApiError(503, f"the dashboard's files are missing from this installation ({page})")
    return HTMLResponse(page.read_text(encoding="utf-8"))


def _agreements(request: Request, ids: list[str]) -> list[Agreement]:
    access = access_of(request)
    with access.reading() as store:
        agreements = load_agreements(store)
    known = {a.id for a in agreements}
    for agreement_id in ids:
        if agreement_id not in known:
            raise unknown_agreement(agreement_id, known)
    return [a for a in agreements if not ids or a.id in ids]


@router.get("/map/scopes", response_model=ScopeCollection, tags=["map"])
def map_scopes(
    request: Request,
    agreement: Annotated[
        list[Name] | None, Query(max_length=50, description="Only these agreements (repeatable).")
    ] = None,
    simplify: Annotated[
        float, Query(ge=0, le=0.1, description="Drawing tolerance in degrees (0: exact).")
    ] = 0.0,
) -> dict[str, Any]:
    """The scopes of the stored agreements as a GeoJSON FeatureCollection (one per scope)."""
    access_of(request).require_read(request)
    agreements = _agreements(request, list(agreement or ()))
    return {"type": "FeatureCollection", "features": scope_features(agreements, simplify=simplify)}


@router.get("/map/boundaries", response_model=BoundaryCollection, tags=["map"])
def map_boundaries(
    request: Request,
    level: Annotated[
        int | None, Query(ge=0, le=3, description="Admin level (default: the coarsest stored).")
    ] = None,
    simplify: Annotated[
        float, Query(ge=0, le=0.1, description="Drawing tolerance in degrees (0: exact).")
    ] = 0.005,
) -> Response:
    """The stored admin boundaries of one level as a GeoJSON FeatureCollection (a base layer).

    Empty when no boundary layer is stored (``trucewatch boundaries load``); a level that no
    stored unit has is a 404.
    """
    access = access_of(request)
    key = access.require_read(request)
    with access.reading() as store:
        levels = boundary_levels(store)
        if level is not None and level not in levels:
            stored = (
                ", ".join(map(str, levels)) or "none: load one with 'trucewatch boundaries load'"
            )
            raise ApiError(
                404,
                f"no boundary units of admin level {level} in the store (stored levels: {stored})",
            )
        chosen = level if level is not None else (levels[0] if levels else None)

        def compute() -> bytes:
            features = [] if chosen is None else boundary_features(store, chosen, simplify=simplify)
            answer = {"type": "FeatureCollection", "features": features, "level": chosen}
            return json_answer(BoundaryCollection, {**answer, "levels": levels})

        body = _BOUNDARIES.answer(access, request, key, store, (chosen, simplify), compute)
    return _BOUNDARIES.response(body)


@router.get("/map/events", response_model=MapEvents, tags=["map"])
def map_events(
    request: Request,
    agreement: Annotated[
        list[Name] | None,
        Query(max_length=50, description="Use the verdicts of these agreements (default: all)."),
    ] = None,
    kind: Annotated[
        list[MapKind] | None,
        Query(max_length=len(MAP_KINDS), description="Only events whose map kind is one of these."),
    ] = None,
    bbox: BboxParam = None,
    since: SinceParam = None,
    until: UntilParam = None,
    min_confidence: MinConfidenceParam = None,
    limit: Annotated[int, Query(ge=1, le=MAX_MAP_EVENTS)] = 5000,
) -> Response:
    """Events as GeoJSON points coloured by their most serious verdict, by start time.

    ``total`` counts every match; ``truncated`` says that only the first ``limit`` are given.
    An event read from a news article has its extraction ``confidence`` and the parts
    ``guessed``; ``min_confidence`` leaves out those below it.
    """
    access = access_of(request)
    key = access.require_read(request)
    kinds = [k.value for k in dict.fromkeys(kind or ())]
    ids = list(dict.fromkeys(agreement or ()))
    query = event_query(bbox, since, until, min_confidence=min_confidence)
    params = (tuple(ids), tuple(kinds), bbox, since, until, limit, min_confidence)
    with access.reading() as store:
        slot = _EVENTS.lookup(store, params)
        if slot.value is not None:  # known at this store state: its agreements exist
            return _EVENTS.response(slot.value)
        known = {a.id for a in load_agreements(store)}
        for agreement_id in ids:
            if agreement_id not in known:
                raise unknown_agreement(agreement_id, known)
        access.charge_anonymous(request, key, _EVENTS.what)

        def compute() -> bytes:
            features, total = event_features(
                store, query, agreement_ids=ids, kinds=kinds, limit=limit
            )
            answer = {"type": "FeatureCollection", "features": features, "total": total}
            truncated = total > len(features)
            answer.update(limit=limit, truncated=truncated, agreement=ids)
            return json_answer(MapEvents, answer)

        body = _EVENTS.fill(slot, compute)
    return _EVENTS.response(body)


@router.get("/agreements/{agreement_id}/series", response_model=SeriesAnswer, tags=["map"])
def agreement_series(
    request: Request,
    agreement_id: Annotated[str, PathParam(min_length=1, max_length=100)],
    window: Annotated[str, Query(min_length=1, max_length=100)] = "base",
    control: Annotated[str, Query(pattern="^(country|excluded)$")] = "country",
    days_before: Annotated[int, Query(ge=1, le=365)] = 60,
    days_after: Annotated[int, Query(ge=1, le=365)] = 60,
    horizon: Annotated[
        list[int] | None,
        Query(max_length=8, description="Days before vs during (repeatable); default 7, 14, 28."),
    ] = None,
    seed: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> Response:
    """Daily violent events in a window's scope and in the control area, around its start.

    The events of those days are judged in memory against the agreement (as the effect
    endpoint does); ``effects`` has the before/after rate ratios at each horizon.
    """
    access = access_of(request)
    key = access.require_read(request)
    horizons = list(dict.fromkeys(horizon or (h for h in DEFAULT_HORIZONS if h is not None)))
    if any(not 1 <= h <= 365 for h in horizons):
        raise ApiError(422, f"horizon {horizons} must be numbers of days 1..365")
    params = (agreement_id, window, control, days_before, days_after, tuple(horizons), seed)
    with access.reading() as store:  # the agreement and the answer of one store state
        slot = _SERIES.lookup(store, params)
        if slot.value is not None:  # known at this store state: agreement and window exist
            return _SERIES.response(slot.value)
        agreements = {a.id: a for a in load_agreements(store)}
        if agreement_id not in agreements:
            raise unknown_agreement(agreement_id, agreements)
        agreement = agreements[agreement_id]
        if window not in {w.id for w in agreement.windows()}:
            windows = [w.id for w in agreement.windows()]
            raise unknown("window", window, windows, where=f"in agreement {agreement_id!r}")
        access.charge_anonymous(request, key, _SERIES.what)

        def compute() -> bytes:
            try:
                answer = series_answer(
                    store,
                    agreement,
                    window,
                    days_before=days_before,
                    days_after=days_after,
                    control=control,
                    horizons=horizons,
                    seed=seed,
                )
            except ValidationError as exc:
                raise ApiError(422, str(exc)) from exc
            return json_answer(SeriesAnswer, answer)

        body = _SERIES.fill(slot, compute)
    return _SERIES.response(body)
