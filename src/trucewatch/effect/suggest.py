"""A breakdown detected in the events, offered as a suggested end an analyst may accept.

For each window with no recorded end, the first change point (:func:`~trucewatch.effect.
breakdown.change_points`) after the window's start day from which the daily events in its
scope rise back to at least their level of the 28 days before the start is a candidate
collapse. It is only a suggestion: nothing is recorded until an analyst
accepts it with ``trucewatch agreements end`` (or ``POST /agreements/{id}/end``), which cites
the detection as its evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from trucewatch.effect.breakdown import change_points
from trucewatch.effect.series import DailySeries, daily_series, local_day
from trucewatch.model import Event, is_violent
from trucewatch.model.agreement import BASE_WINDOW_ID, Agreement
from trucewatch.model.verdict import Verdict
from trucewatch.verdicts.outcomes import Outcome

__all__ = ["BASELINE_DAYS", "SuggestedEnd", "suggest_end", "suggested_ends", "suggested_ends_of"]

#: the days before the window start whose mean daily events a breakdown must reach again
BASELINE_DAYS = 28


@dataclass(frozen=True, slots=True)
class SuggestedEnd:
    """A rise in the scope's daily events from ``day`` on: the window may have collapsed.

    ``at`` is the suggested end (the end of the local day before ``day``); ``before`` is the
    mean events per day from the window's start day to the change point, ``after`` in the
    segment from it, ``baseline`` in the BASELINE_DAYS before the start.
    """

    agreement_id: str
    window_id: str
    day: date
    before: float
    after: float
    baseline: float

    @property
    def at(self) -> date:
        return self.day - timedelta(days=1)

    @property
    def evidence(self) -> str:
        return (
            f"breakdown detected by trucewatch effect: change point on {self.day.isoformat()}; "
            f"events in scope per day {self.before:.2f} from the start, {self.after:.2f} from "
            f"that day, {self.baseline:.2f} in the {BASELINE_DAYS} days before the start "
            "(PELT, Poisson cost); accepted by an analyst"
        )

    def command(self) -> str:
        """The ``trucewatch agreements end`` command that accepts the suggestion."""
        window = "" if self.window_id == BASE_WINDOW_ID else f" --window {self.window_id}"
        return (
            f"trucewatch agreements end {self.agreement_id}{window} --at {self.at.isoformat()} "
            f'--kind collapsed --evidence "{self.evidence}"'
        )


def suggest_end(series: DailySeries) -> SuggestedEnd | None:
    """The first change point after the window's start day from which the scope's daily events
    rise back to at least their level in the BASELINE_DAYS before the start."""
    y = np.asarray(series.scope_events, dtype=float)
    start = series.start_index
    if not 0 < start < len(y):
        return None
    baseline = float(y[max(0, start - BASELINE_DAYS) : start].mean())
    points = [series.days.index(d) for d in change_points(series)]
    bounds = [0, *points, len(y)]
    last = None if series.end is None else local_day(series.end, series.timezone)
    for k, cut in enumerate(points, start=1):
        if cut <= start:
            continue
        if last is not None and series.days[cut] >= last:
            return None
        before = float(y[start:cut].mean())  # the level while the window held
        after = float(y[cut : bounds[k + 1]].mean())
        if after > before and after >= baseline:
            day = series.days[cut]
            return SuggestedEnd(series.agreement_id, series.window_id, day, before, after, baseline)
    return None


def suggested_ends(
    events: Iterable[Event], verdicts: Iterable[Verdict | Outcome], agreement: Agreement
) -> list[SuggestedEnd]:
    """A suggested end for each window with no recorded end (where the events show one)."""
    events, verdicts = list(events), list(verdicts)
    days = [local_day(e.when.start, agreement.timezone) for e in events if is_violent(e.event_type)]
    if not days:
        return []
    out = []
    for window in agreement.windows():
        if window.ended is not None:
            continue
        series = daily_series(
            events, verdicts, agreement, window, first_day=min(days), last_day=max(days)
        )
        found = suggest_end(series)
        if found is not None:
            out.append(found)
    return out


def suggested_ends_of(series: Iterable[DailySeries], agreement: Agreement) -> list[SuggestedEnd]:
    """:func:`suggested_ends` from the windows' series already made (control ``country``,
    over the days of the violent events): one per window with no recorded end."""
    ended = {w.id for w in agreement.windows() if w.ended is not None}
    out = []
    for one in series:
        if one.window_id in ended:
            continue
        found = suggest_end(one)
        if found is not None:
            out.append(found)
    return out
