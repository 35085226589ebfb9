"""The verdict rules, one plain function per question (docs/verdicts.md is the contract).

- :func:`space_of`: is the event's uncertainty disc inside, outside or across a scope's edge?
- :func:`share_inside`: which share of the disc lies inside the scope?
- :func:`location_of`: for an uncertain space, is the event located in the scope at all?
- :func:`time_of`: is the event's UTC interval before, during, after or across a window?
- :func:`decide`: rules 1-9, the first that applies gives the verdict.
- :func:`reasons_for`: every reason code that applies, in the documented order.

Space is measured in the scope's local plane (:mod:`trucewatch.verdicts.plane`): the scope's
vertices and the event's point are projected there and edges are straight segments. These
functions are the slow, obviously correct definition; the fast engine must return the same.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

import numpy as np
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from trucewatch.model.agreement import Agreement, Window
from trucewatch.model.event import Event
from trucewatch.model.taxonomy import is_violent
from trucewatch.model.verdict import SideJudgement, SideStatus, Space, TimeRelation, VerdictKind
from trucewatch.verdicts import _disc
from trucewatch.verdicts import reasons as R
from trucewatch.verdicts.parties import excluded_on_event_date
from trucewatch.verdicts.plane import plane_origin, to_plane

__all__ = [
    "PARTY_LIKE",
    "SPACE_REASON",
    "decide",
    "location_of",
    "project_scope",
    "reasons_for",
    "reasons_from_parts",
    "rings_of",
    "share_inside",
    "side_code",
    "space_of",
    "time_of",
    "time_reason",
]

_CACHE_SIZE = 64


def project_scope(
    geometry: BaseGeometry,
) -> tuple[tuple[float, float, float], BaseGeometry, BaseGeometry]:
    """(origin, scope in the plane, its boundary in the plane) for a WGS84 scope geometry.

    A memo of a pure function of the geometry's WKB (equal geometries share one entry; ids are
    never used), like every memo of the engine: ``functools.lru_cache``, bounded.
    """
    return _projected(shapely.to_wkb(geometry))


@lru_cache(maxsize=_CACHE_SIZE)
def _projected(wkb: bytes) -> tuple[tuple[float, float, float], BaseGeometry, BaseGeometry]:
    geometry = shapely.from_wkb(wkb)
    origin = plane_origin(geometry.bounds)

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = to_plane(coords[:, 0], coords[:, 1], origin)
        return np.column_stack([x, y])

    planar = shapely.transform(geometry, project)
    return origin, planar, planar.boundary


def _point(lon: float, lat: float, origin: tuple[float, float, float]) -> Point:
    x, y = to_plane(lon, lat, origin)
    return Point(float(x), float(y))


def space_of(
    lon: float, lat: float, radius_km: float, geometry: BaseGeometry
) -> tuple[Space, float]:
    """The event's disc (centre ``lon, lat``, radius ``radius_km``) against a scope geometry.

    Returns the space and ``d``, the plane distance in km from the point to the scope's boundary
    (every ring, holes included). With ``c`` = the closed scope covers the point (``d == 0``
    counts as covered): INSIDE iff ``c and d >= r``, OUTSIDE iff ``not c and d >= r``, else
    UNCERTAIN. ``geometry`` is required: a window without a scope is handled by the caller
    (it covers everywhere).
    """
    origin, planar, boundary = project_scope(geometry)
    point = _point(lon, lat, origin)
    d = float(boundary.distance(point))
    covered = d == 0.0 or bool(planar.covers(point))
    if d >= radius_km:
        return (Space.INSIDE if covered else Space.OUTSIDE), d
    return Space.UNCERTAIN, d


def rings_of(geometry: BaseGeometry) -> tuple[list[tuple[np.ndarray, np.ndarray, float]], float]:
    return _rings_of_wkb(shapely.to_wkb(geometry))


@lru_cache(maxsize=_CACHE_SIZE)
def _rings_of_wkb(wkb: bytes) -> tuple[list[tuple[np.ndarray, np.ndarray, float]], float]:
    return _disc.rings_of(_projected(wkb)[1])


def scope_area(geometry: BaseGeometry) -> float:
    """The scope's area in its plane (km², shells minus holes, summed exactly)."""
    return rings_of(geometry)[1]


def share_inside(lon: float, lat: float, radius_km: float, geometry: BaseGeometry) -> float:
    """Share of the event's disc (a true circle in the scope's plane) inside the scope.

    The area of circle ∩ scope is summed edge by edge (:mod:`trucewatch.verdicts._disc`) and
    divided by pi r²; the ratio is clamped to [0, 1] against rounding. A zero radius gives 1.0
    if the scope covers the point, else 0.0.
    """
    origin, planar, _ = project_scope(geometry)
    point = _point(lon, lat, origin)
    if radius_km <= 0:
        return 1.0 if planar.covers(point) else 0.0
    rings, _ = rings_of(geometry)
    return _disc.share_of_rings(rings, point.x, point.y, float(radius_km))


def location_of(
    radius_km: float, geometry: BaseGeometry, share: float, min_share_inside: float
) -> str | None:
    """For an uncertain space: ``location_coarser_than_scope`` if the disc is too large for
    ``min_share_inside`` of it to fit in the scope (pi r² * min_share_inside > the scope's
    area), else ``mostly_outside_scope`` if ``share < min_share_inside``, else None (the event
    is located in the scope)."""
    code = _disc.location_code(radius_km, scope_area(geometry), share, min_share_inside)
    return (None, R.LOCATION_COARSER_THAN_SCOPE, R.MOSTLY_OUTSIDE_SCOPE)[code]


def time_of(lo: datetime, hi: datetime, start: datetime, end: datetime | None) -> TimeRelation:
    """The event's interval ``[lo, hi)`` against the window ``[start, end)`` (None: open)."""
    if hi <= start:
        return TimeRelation.BEFORE
    if end is not None and lo >= end:
        return TimeRelation.AFTER
    if lo >= start and (end is None or hi <= end):
        return TimeRelation.DURING
    return TimeRelation.UNCERTAIN


def _status(sides: tuple[SideJudgement, SideJudgement]) -> set[SideStatus]:
    return {s.status for s in sides}


def decide(
    space: Space,
    time: TimeRelation,
    sides: tuple[SideJudgement, SideJudgement],
    violent: bool,
    location: str | None = None,
) -> VerdictKind:
    """The verdict: rules 1-9 of docs/verdicts.md, the first that applies.

    ``location``: the location code of an uncertain space (:func:`location_of`), None when the
    event is located in the scope.
    """
    statuses = _status(sides)
    if space is Space.OUTSIDE:  # 1
        return VerdictKind.OUTSIDE_SCOPE
    if time in (TimeRelation.BEFORE, TimeRelation.AFTER):  # 2
        return VerdictKind.OUTSIDE_WINDOW
    if not violent:  # 3
        return VerdictKind.NOT_COVERED
    if SideStatus.EXCLUDED in statuses:  # 4
        return VerdictKind.NOT_COVERED
    if SideStatus.NOT_YET_PARTY in statuses:  # 5
        return VerdictKind.NOT_COVERED
    if space is Space.UNCERTAIN and location is not None:  # 6
        return VerdictKind.UNLOCATED
    if not statuses & {SideStatus.PARTY, SideStatus.ACCESSION_UNCERTAIN}:  # 7
        return VerdictKind.POSSIBLE_VIOLATION
    if (  # 8
        space is Space.UNCERTAIN
        or time is TimeRelation.UNCERTAIN
        or statuses & {SideStatus.MIXED, SideStatus.ACCESSION_UNCERTAIN}
    ):
        return VerdictKind.POSSIBLE_VIOLATION
    return VerdictKind.VIOLATION  # 9


SPACE_REASON = {
    Space.INSIDE: R.INSIDE_SCOPE,
    Space.OUTSIDE: R.OUTSIDE_SCOPE,
    Space.UNCERTAIN: R.STRADDLES_SCOPE_EDGE,
}
_TIME_REASON = {
    TimeRelation.BEFORE: R.BEFORE_WINDOW,
    TimeRelation.AFTER: R.AFTER_WINDOW,
    TimeRelation.DURING: R.DURING_WINDOW,
}


def time_reason(lo: datetime, start: datetime, time: TimeRelation) -> str:
    """The time code; an uncertain interval containing the start straddles the start."""
    if time is TimeRelation.UNCERTAIN:
        return R.STRADDLES_WINDOW_START if lo < start else R.STRADDLES_WINDOW_END
    return _TIME_REASON[time]


def side_code(agreement: Agreement, event: Event, side: SideJudgement) -> str:
    """The reason code of one side (``side_a_party``, ``side_b_excluded_by_later_name``...)."""
    suffix = side.status.value
    if side.status is SideStatus.EXCLUDED:
        assert side.name is not None
        if not excluded_on_event_date(agreement, side.name, event):
            suffix = "excluded_by_later_name"
    return R.side_reason(side.side, suffix)


def reasons_for(
    event: Event,
    agreement: Agreement,
    window: Window,
    space: Space,
    time: TimeRelation,
    sides: tuple[SideJudgement, SideJudgement],
    verdict: VerdictKind,
    *,
    scope_everywhere: bool,
    location: str | None = None,
) -> tuple[str, ...]:
    """Every reason code that applies, in the order of docs/verdicts.md ("Reason codes").

    ``not_violent`` is given whenever the event type is not violent (even if an earlier rule
    decided), the location code whenever the space is uncertain and the event not located in
    the scope; ``no_party_identified`` only when rule 7 decided the verdict.
    """
    return reasons_from_parts(
        R.SCOPE_EVERYWHERE if scope_everywhere else SPACE_REASON[space],
        location,
        event.where.coded_admin_level is not None,
        time_reason(event.when.start, window.start, time),
        is_violent(event.event_type),
        [side_code(agreement, event, s) for s in sides],
        event.actors.perpetrator is None,
        verdict is VerdictKind.POSSIBLE_VIOLATION and not _status(sides) & PARTY_LIKE,
    )


PARTY_LIKE = frozenset({SideStatus.PARTY, SideStatus.ACCESSION_UNCERTAIN})


def reasons_from_parts(
    space_code: str,
    location: str | None,
    coded: bool,
    time_code: str,
    violent: bool,
    side_codes: list[str],
    undirected: bool,
    no_party: bool,
) -> tuple[str, ...]:
    """The codes from their parts, in the documented order (the one list of
    :func:`reasons_for`)."""
    out = [space_code]
    if location is not None:
        out.append(location)
    if coded:
        out.append(R.CODED_TO_ADMIN_UNIT)
    out.append(time_code)
    if not violent:
        out.append(R.NOT_VIOLENT)
    out.extend(side_codes)
    if undirected:
        out.append(R.DIRECTION_UNKNOWN)
    if no_party:
        out.append(R.NO_PARTY_IDENTIFIED)
    return tuple(out)
