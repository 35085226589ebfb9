"""A first monitoring summary: per agreement and window, violent events before vs during.

This is a plain count by the event's point and UTC interval, the figure a monitor writes in a
daily note. An event whose interval contains the window start is counted as ``uncertain``,
never as before or during; the outer edges of the compared period go by the interval's
midpoint. Events whose side is an excluded group are counted apart: fighting
them is not covered by the truce.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import shapely

from trucewatch.agreements.render import end_text
from trucewatch.model import Event, is_violent
from trucewatch.model.agreement import Agreement, Window
from trucewatch.store import EventQuery, Store

__all__ = ["WindowSummary", "summarize", "summarize_events"]

DEFAULT_HORIZON = timedelta(days=28)


@dataclass(frozen=True, slots=True)
class WindowSummary:
    """Counts for one window of one agreement (one link of its chain, or one declaration)."""

    agreement_id: str
    window_id: str
    kind: str
    declared_by: str | None
    start: datetime
    end: datetime  # the end of the period compared (the window's end, or start + horizon)
    open_ended: bool  # no end stated or recorded: the period is the horizon
    how_ended: str  # "open-ended (no end recorded)", "... (stated end)" or the recorded end
    days: float
    events_before: int
    events_during: int
    events_uncertain: int
    deaths_before: int
    deaths_during: int
    excluded_during: int  # events during whose side is an excluded group
    top_sides_during: tuple[tuple[str, int], ...]

    @property
    def rate_before(self) -> float:
        return self.events_before / self.days

    @property
    def rate_during(self) -> float:
        return self.events_during / self.days

    @property
    def percent_change(self) -> float | None:
        if self.events_before == 0:
            return None
        return 100.0 * (self.rate_during - self.rate_before) / self.rate_before


def _period(window: Window, horizon: timedelta) -> tuple[datetime, datetime, bool]:
    start = window.interval.start
    if window.interval.end is None:
        return start, start + horizon, True
    return start, window.interval.end, False


def summarize_events(
    agreement: Agreement,
    events: Sequence[Event],
    *,
    horizon: timedelta = DEFAULT_HORIZON,
) -> list[WindowSummary]:
    """Summarize ``events`` against every window of ``agreement`` (violent events only)."""
    violent = [e for e in events if is_violent(e.event_type)]
    lon = np.array([e.where.lon for e in violent], dtype=float)
    lat = np.array([e.where.lat for e in violent], dtype=float)
    out = []
    for window in agreement.windows():
        scope = agreement.scope_of(window)
        geometry = None if scope is None else scope.geometry
        if geometry is None:
            continue
        shapely.prepare(geometry)
        inside = shapely.contains_xy(geometry, lon, lat) if len(violent) else np.array([])
        start, end, open_ended = _period(window, horizon)
        before_start = start - (end - start)
        counts = Counter[str]()
        deaths: Counter[str] = Counter()
        sides: Counter[str] = Counter()
        excluded = 0
        for event, is_in in zip(violent, inside, strict=True):
            if not is_in:
                continue
            phase = _phase(event, before_start, start, end)
            if phase is None:
                continue
            counts[phase] += 1
            deaths[phase] += event.fatalities.best or 0
            if phase == "during":
                for side in (event.actors.side_a, event.actors.side_b):
                    if side:
                        sides[side] += 1
                if _involves_excluded(agreement, event):
                    excluded += 1
        out.append(
            WindowSummary(
                agreement_id=agreement.id,
                window_id=window.id,
                kind=window.kind,
                declared_by=window.declared_by,
                start=start,
                end=end,
                open_ended=open_ended,
                how_ended=end_text(window),
                days=(end - start).total_seconds() / 86400,
                events_before=counts["before"],
                events_during=counts["during"],
                events_uncertain=counts["uncertain"],
                deaths_before=deaths["before"],
                deaths_during=deaths["during"],
                excluded_during=excluded,
                top_sides_during=tuple(sides.most_common(3)),
            )
        )
    return out


def _phase(event: Event, before_start: datetime, start: datetime, end: datetime) -> str | None:
    """before / during / uncertain relative to ``start``; None outside the compared period.

    The start is judged strictly: an interval that contains it is uncertain. The outer edges
    of the compared period are judged by the interval's midpoint, so that a day-dated event is
    not lost because the period begins at 01:00 local time.
    """
    lo, hi = event.when.start, event.when.end
    assert hi is not None  # events always have a closed interval
    mid = lo + (hi - lo) / 2
    if not before_start <= mid < end:
        return None
    if hi <= start:
        return "before"
    if lo >= start:
        return "during"
    return "uncertain"


def _involves_excluded(agreement: Agreement, event: Event) -> bool:
    on = event.when.start
    return any(
        agreement.excluded_group_for(side, on) is not None
        for side in (event.actors.side_a, event.actors.side_b)
        if side
    )


def summarize(
    store: Store,
    agreements: Iterable[Agreement],
    *,
    horizon: timedelta = DEFAULT_HORIZON,
) -> list[WindowSummary]:
    """Summarize the events in ``store`` against each agreement's windows."""
    out: list[WindowSummary] = []
    for agreement in agreements:
        windows = agreement.windows()
        bounds = _union_bounds(agreement, windows)
        if bounds is None or not windows:
            continue
        starts = [w.interval.start for w in windows]
        ends = [_period(w, horizon)[1] for w in windows]
        span = max(ends) - min(starts)
        query = EventQuery(
            bbox=bounds,
            start=min(starts) - span,
            end=max(ends),
        )
        events = list(store.iter_events(query))
        out.extend(summarize_events(agreement, events, horizon=horizon))
    return out


def _union_bounds(
    agreement: Agreement, windows: Sequence[Window]
) -> tuple[float, float, float, float] | None:
    scopes = [agreement.scope_of(w) for w in windows]
    geoms = [s.geometry for s in scopes if s is not None and s.geometry is not None]
    if not geoms:
        return None
    min_lon, min_lat, max_lon, max_lat = shapely.union_all(geoms).bounds
    return (min_lon, min_lat, max_lon, max_lat)
