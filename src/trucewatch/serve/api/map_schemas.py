"""The shapes of the map dashboard's answers (pydantic), as published in /openapi.json."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = [
    "BoundaryCollection",
    "BoundaryFeature",
    "BoundaryProperties",
    "EventFeature",
    "EventProperties",
    "HeadlineCounts",
    "MapEvents",
    "PeriodCounts",
    "PointGeometry",
    "ScopeCollection",
    "ScopeFeature",
    "ScopeProperties",
    "SeriesAnswer",
    "WindowMark",
]


class ScopeProperties(BaseModel):
    agreement_id: str
    agreement_name: str
    label: str | None
    kind: str = Field(description="admin, geojson, file or point (a disc drawn as a polygon)")
    windows: list[str] = Field(description="The ids of the windows this scope applies to.")


class ScopeFeature(BaseModel):
    type: Literal["Feature"]
    geometry: dict[str, Any] = Field(description="A GeoJSON Polygon or MultiPolygon (WGS84).")
    properties: ScopeProperties


class ScopeCollection(BaseModel):
    """A GeoJSON FeatureCollection of agreement scopes."""

    type: Literal["FeatureCollection"]
    features: list[ScopeFeature]


class BoundaryProperties(BaseModel):
    code: str = Field(description="The unit's code (e.g. an OCHA pcode such as SY02).")
    name: str
    layer: str = Field(description="The stored layer it belongs to (trucewatch boundaries load).")
    level: int = Field(description="Its admin level, 0 (country) to 3.")


class BoundaryFeature(BaseModel):
    type: Literal["Feature"]
    geometry: dict[str, Any] = Field(description="A GeoJSON Polygon or MultiPolygon (WGS84).")
    properties: BoundaryProperties


class BoundaryCollection(BaseModel):
    """A GeoJSON FeatureCollection of the stored admin units of one level."""

    type: Literal["FeatureCollection"]
    features: list[BoundaryFeature]
    level: int | None = Field(description="The level given; null when no boundary is stored.")
    levels: list[int] = Field(description="Every admin level stored, coarsest first.")


class PointGeometry(BaseModel):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="[lon, lat] in degrees (WGS84).")


class EventProperties(BaseModel):
    event_id: str
    time_start: str = Field(description="UTC instant of the event's earliest start.")
    time_end: str
    day: str = Field(description="The local day (YYYY-MM-DD) of the start, in the event's zone.")
    kind: str = Field(
        description="The most serious stored verdict of the event (see docs/dashboard.md), or none."
    )
    agreement_id: str | None
    window_id: str | None
    n_verdicts: int = Field(description="How many stored verdicts the event has (all windows).")
    event_type: str
    fatalities_best: int | None
    place: str | None
    source: str
    radius_km: float
    confidence: float | None = Field(
        description="The extraction confidence of an event read from a news article (0-1); "
        "null for a coded dataset row."
    )
    guessed: list[str] = Field(
        description="The parts of an event read from text that were guessed (place, date, "
        "type, actors, toll); empty for a coded dataset row."
    )


class EventFeature(BaseModel):
    type: Literal["Feature"]
    geometry: PointGeometry
    properties: EventProperties


class MapEvents(BaseModel):
    """A GeoJSON FeatureCollection of events, with the count of every match."""

    type: Literal["FeatureCollection"]
    features: list[EventFeature]
    total: int = Field(description="How many events match the filters in all.")
    limit: int
    truncated: bool = Field(description="True when total > limit: only the first are given.")
    agreement: list[str] = Field(description="The agreements whose verdicts were used (all: []).")


class WindowMark(BaseModel):
    window_id: str
    start_utc: str


class PeriodCounts(BaseModel):
    """One period (before or during) of a headline count: what is counted, what is not."""

    first_day: str | None = Field(description="Its first local day (null: no day).")
    days: int = Field(description="How many local days it has.")
    events: int = Field(description="Events counted (see SeriesAnswer.counted).")
    deaths_best: int = Field(description="Deaths (best estimates) of the counted events.")
    uncertain: int = Field(
        description="Not counted: located in the scope, but space or time uncertain."
    )
    excluded: int = Field(description="Counted apart: in the scope, a side an excluded group.")
    coarser: int = Field(
        description="Left out as unlocated: located too coarsely for the scope (e.g. coded to "
        "a whole province or country)."
    )
    mostly_outside: int = Field(
        description="Left out as unlocated: most of the event's uncertainty disc is outside "
        "the scope."
    )
    left_out: int = Field(description="coarser + mostly_outside.")


class HeadlineCounts(BaseModel):
    """The headline count of one horizon: the numbers summary, effect and the report print."""

    horizon_days: int | None = Field(description="Days on each side (null: the whole window).")
    before: PeriodCounts
    during: PeriodCounts


class SeriesAnswer(BaseModel):
    """Daily counts of violent events in a window's scope and in its control area."""

    agreement_id: str
    window_id: str
    timezone: str
    control: str
    start_utc: str
    end_utc: str | None
    start_day: str = Field(description="The local day that holds the window start.")
    verdicts: str = Field(
        description="stored: the stored verdicts were current and used; judged: judged now."
    )
    min_share_inside: float = Field(
        description="The store's location threshold the events were judged with (GET /settings)."
    )
    days: list[str] = Field(description="Local days, one per value of each series.")
    scope_events: list[float] = Field(description="Events counted per day (see counted).")
    scope_uncertain: list[float] = Field(
        description="Per day: located in the scope, space or time uncertain (not counted)."
    )
    scope_violations: list[float]
    scope_possible: list[float]
    scope_deaths_best: list[float]
    scope_excluded: list[float] = Field(
        description="Per day: in the scope with a side an excluded group (counted apart)."
    )
    scope_coarser: list[float] = Field(
        description="Per day: left out as unlocated, located too coarsely for the scope."
    )
    scope_mostly_outside: list[float] = Field(
        description="Per day: left out as unlocated, mostly outside the scope."
    )
    control_events: list[float]
    control_uncertain: list[float]
    control_deaths_best: list[float]
    marks: list[WindowMark]
    counted: str = Field(
        description="What scope_events and the headlines' events count, in words (the "
        "headline count of trucewatch summary, effect and the report)."
    )
    headlines: list[HeadlineCounts] = Field(
        description="Per horizon: events counted before and during, and those not counted."
    )
    effects: list[dict[str, Any]] = Field(
        description="Before vs during at each horizon, as the records of GET "
        "/agreements/{id}/effect (rate ratios with 95 % intervals)."
    )
