"""The headline count of a window: violent events in its scope before vs during, and what was
left out (docs/effect.md, "The headline count").

One definition for every output that gives "N → M events": the demo and ``trucewatch
summary`` (:mod:`trucewatch.effect.summary`), ``trucewatch effect`` and the report (their
``events / scope / uncertain excluded`` estimate is :attr:`Headline.before` →
:attr:`Headline.during`), and the dashboard's series. It is read off a
:class:`~trucewatch.effect.series.DailySeries` over the days of :func:`periods` (the before and
during periods of every estimate):

- counted: violent events in the scope, located in it, with no side an excluded group, whose
  space and time against the window are certain (the parties' fighting the truce covers);
- apart: events whose space or time is uncertain (located), events with an excluded side,
  and events left out because they cannot be placed in the scope (coarser than the scope, or
  mostly outside it; docs/verdicts.md "Location").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from trucewatch.effect.series import DailySeries
from trucewatch.errors import ValidationError

__all__ = [
    "COUNTED",
    "MAX_WHOLE_DAYS",
    "Headline",
    "PeriodCount",
    "headline",
    "left_out_words",
    "periods",
]

#: the longest "whole window" compared, in days on each side
MAX_WHOLE_DAYS = 365

#: what the headline counts, in words every output prints beside it
COUNTED = (
    "violent events located in the scope, certain in space and time, no side an excluded group"
)


@dataclass(frozen=True, slots=True)
class PeriodCount:
    """One period (before or during) of a headline: days and counts of events."""

    first: date | None
    days: int
    events: int  # counted (see COUNTED)
    deaths_best: int  # deaths (best) of the counted events
    uncertain: int  # located, but space or time uncertain: not counted
    excluded: int  # in the scope with a side an excluded group: counted apart
    coarser: int  # left out: location coarser than the scope
    mostly_outside: int  # left out: mostly outside the scope

    @property
    def left_out(self) -> int:
        return self.coarser + self.mostly_outside


@dataclass(frozen=True, slots=True)
class Headline:
    """The headline count of one window at one horizon (None: the whole window)."""

    agreement_id: str
    window_id: str
    horizon_days: int | None
    before: PeriodCount
    during: PeriodCount
    counted: str = COUNTED

    @property
    def percent_change(self) -> float | None:
        """Change of the daily rate, during vs before (None without events or days before)."""
        b, d = self.before, self.during
        if b.events == 0 or b.days == 0 or d.days == 0:
            return None
        return 100.0 * ((d.events / d.days) / (b.events / b.days) - 1.0)


def periods(series: DailySeries, horizon: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Day indices of the before and during periods of ``series`` at ``horizon`` days.

    During: the first h days from the local day holding the window start; before: the h days
    just before it. None: the whole closed window (its length in days, rounded up), or up to
    the series' last day for an open window, at most MAX_WHOLE_DAYS. Either side is cut where
    the series ends, so the two may differ in length.
    """
    start = series.start_index
    n = len(series.days)
    if horizon is None:
        if series.end is not None:
            h = math.ceil((series.end - series.start).total_seconds() / 86400)
        else:
            h = n - start
        h = min(h, MAX_WHOLE_DAYS)
        h = max(1, min(h, start))  # a whole window compares equal lengths where data allow
    elif horizon < 1:
        raise ValidationError(f"horizon {horizon} must be a number of days >= 1, or None")
    else:
        h = horizon
    before = np.arange(max(0, start - h), max(0, min(start, n)))
    during = np.arange(max(0, start), max(0, min(start + h, n)))
    return before, during


def _period(series: DailySeries, days: np.ndarray) -> PeriodCount:
    def total(values: np.ndarray) -> int:
        return round(float(values[days].sum()))

    return PeriodCount(
        first=series.days[int(days[0])] if len(days) else None,
        days=len(days),
        events=total(series.scope_events),
        deaths_best=total(series.scope_deaths_best),
        uncertain=total(series.scope_uncertain),
        excluded=total(series.scope_excluded),
        coarser=total(series.scope_coarser),
        mostly_outside=total(series.scope_mostly_outside),
    )


def headline(series: DailySeries, horizon: int | None) -> Headline:
    """The headline count of ``series`` at ``horizon`` days (the periods of the estimates)."""
    before, during = periods(series, horizon)
    return Headline(
        series.agreement_id,
        series.window_id,
        horizon,
        _period(series, before),
        _period(series, during),
    )


def left_out_words(coarser: int, mostly_outside: int) -> str:
    """ "N events left out: M coded to a whole province or country (unlocated), K mostly outside
    the scope" ("" when none was left out)."""
    n = coarser + mostly_outside
    if n == 0:
        return ""
    parts = []
    if coarser:
        parts.append(
            f"{coarser} located too coarsely for the scope, e.g. coded to a whole province or "
            "country (unlocated)"
        )
    if mostly_outside:
        parts.append(f"{mostly_outside} mostly outside the scope (unlocated)")
    return f"{n} event{'s' if n != 1 else ''} left out: " + ", ".join(parts)
