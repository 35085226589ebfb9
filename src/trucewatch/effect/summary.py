"""The monitoring summary: per agreement and window, the headline count before vs during.

The demo's table and ``trucewatch summary``. The numbers are the headline count of
:mod:`trucewatch.effect.headline` (the one definition shared with ``trucewatch effect``, the
report and the dashboard): violent events located in the scope, certain in space and time,
with no side an excluded group, on the local days of the compared periods — for an open window
the first ``horizon`` days (28 by default) and as many before; for a closed window its whole
length (rounded up to days) and as many before; both cut to the days the events cover
(``WindowSummary.cut``), as ``trucewatch effect`` cuts them. Apart: events whose space or time
is uncertain, events involving an excluded group, and events left out because they cannot be
placed in the scope (docs/verdicts.md "Location").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import shapely

from trucewatch.agreements.render import end_text
from trucewatch.effect.columnar import buckets, excluded_sides_of, series_from_columns
from trucewatch.effect.headline import COUNTED, Headline, headline
from trucewatch.effect.series import bucket_of, daily_series, local_day
from trucewatch.effect.stored import AgreementColumns, columns_for
from trucewatch.model import Event, is_violent, local_days_interval
from trucewatch.model.agreement import Agreement, Window
from trucewatch.model.verdict import DEFAULT_MIN_SHARE_INSIDE, Space, TimeRelation
from trucewatch.store import EventQuery, Store
from trucewatch.verdicts.outcomes import Outcome, judge_outcomes
from trucewatch.verdicts.store_rules import rules_of

__all__ = ["WindowSummary", "summarize", "summarize_events"]

DEFAULT_HORIZON = timedelta(days=28)


@dataclass(frozen=True, slots=True)
class WindowSummary:
    """Counts for one window of one agreement (one link of its chain, or one declaration).

    ``events_before`` / ``events_during``: the headline count (``counted`` says what it
    counts); ``events_uncertain``: events of the two periods whose space or time is uncertain;
    ``excluded_*``: events with a side an excluded group; ``coarser_*`` and
    ``mostly_outside_*``: events left out as unlocated; ``days`` the length of the during
    period in days.
    """

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
    excluded_during: int  # events during with a side an excluded group
    top_sides_during: tuple[tuple[str, int], ...]
    before_days: int = 0
    excluded_before: int = 0
    coarser_before: int = 0
    coarser_during: int = 0
    mostly_outside_before: int = 0
    mostly_outside_during: int = 0
    horizon_days: int | None = None
    counted: str = COUNTED
    window_days: int = 0  # the days asked for (the window's length, or the horizon)

    @property
    def cut(self) -> bool:
        """The events cover fewer days than asked for (before the window or in it): both
        periods are cut to the days they cover, as trucewatch effect cuts them."""
        return self.days < self.window_days

    @property
    def rate_before(self) -> float:
        return self.events_before / self.before_days if self.before_days else 0.0

    @property
    def rate_during(self) -> float:
        return self.events_during / self.days if self.days else 0.0

    @property
    def percent_change(self) -> float | None:
        if self.events_before == 0 or not self.days:
            return None
        return 100.0 * (self.rate_during - self.rate_before) / self.rate_before

    @property
    def left_out_during(self) -> int:
        return self.coarser_during + self.mostly_outside_during


def _horizon(window: Window, horizon: timedelta) -> int | None:
    """Days compared: None (the whole window) for a closed window, else the horizon."""
    if window.interval.end is not None:
        return None
    return max(1, round(horizon / timedelta(days=1)))


def _days(window: Window, h: int | None) -> int:
    if h is not None:
        return h
    assert window.interval.end is not None
    length = (window.interval.end - window.interval.start).total_seconds() / 86400
    return max(1, int(-(-length // 1)))


def summarize_events(
    agreement: Agreement,
    events: Sequence[Event],
    *,
    horizon: timedelta = DEFAULT_HORIZON,
    outcomes: Sequence[Outcome] | None = None,
    min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE,
) -> list[WindowSummary]:
    """Summarize ``events`` against every window of ``agreement`` (violent events only).

    ``outcomes``: the pairs of ``judge_outcomes(events, [agreement], include_outside=True)``
    when already made (else they are judged here with ``min_share_inside``).
    """
    violent = [e for e in events if is_violent(e.event_type)]
    if outcomes is None:
        outcomes = judge_outcomes(
            violent, [agreement], include_outside=True, min_share_inside=min_share_inside
        )
    tz = agreement.timezone
    # the days the events cover, as trucewatch effect takes them: a period reaching before the
    # first (or after the last) is cut there, not counted as days without fighting (a first
    # day within the window says nothing of the days before it: then nothing is cut)
    days = [local_day(e.when.start, tz) for e in violent]
    out = []
    for window in agreement.windows():
        scope = agreement.scope_of(window)
        if scope is None or scope.geometry is None:
            continue
        h = _horizon(window, horizon)
        n = _days(window, h)
        start_day = local_day(window.interval.start, tz)
        first, last = start_day - timedelta(days=n), start_day + timedelta(days=n - 1)
        if days and min(days) < start_day:  # events before the window: they start there
            first = max(first, min(days))
        if days:
            last = max(min(last, max(days)), start_day)
        series = daily_series(
            violent, outcomes, agreement, window, first_day=first, last_day=last,
            control="excluded",
        )  # fmt: skip
        head = headline(series, h)
        out.append(_summary(agreement, window, head, violent, outcomes, n))
    return out


def _summary(
    agreement: Agreement,
    window: Window,
    head: Headline,
    events: Sequence[Event],
    outcomes: Sequence[Outcome],
    window_days: int,
) -> WindowSummary:
    tz = agreement.timezone
    mine = {o.event_id: o for o in outcomes if o.window_id == window.id}
    sides: Counter[str] = Counter()
    first = head.during.first
    for event in events:
        outcome = mine.get(event.event_id)
        if first is None or outcome is None or bucket_of(outcome, agreement, event) != "scope":
            continue
        if outcome.space is Space.UNCERTAIN or outcome.time is TimeRelation.UNCERTAIN:
            continue
        day = local_day(event.when.start, tz)
        if 0 <= (day - first).days < head.during.days:
            for side in (event.actors.side_a, event.actors.side_b):
                if side:
                    sides[side] += 1
    return _window_summary(agreement, window, head, sides, window_days)


def _window_summary(
    agreement: Agreement,
    window: Window,
    head: Headline,
    sides: Counter[str],
    window_days: int,
) -> WindowSummary:
    before, during = head.before, head.during
    tz = agreement.timezone
    first = during.first
    end_day = first + timedelta(days=max(during.days - 1, 0)) if first else None
    end = window.interval.start
    if end_day is not None:
        end = local_days_interval(end_day, end_day, tz).end or end
    return WindowSummary(
        agreement_id=agreement.id,
        window_id=window.id,
        kind=window.kind,
        declared_by=window.declared_by,
        start=window.interval.start,
        end=end,
        open_ended=window.interval.end is None,
        how_ended=end_text(window),
        days=float(during.days),
        events_before=before.events,
        events_during=during.events,
        events_uncertain=before.uncertain + during.uncertain,
        deaths_before=before.deaths_best,
        deaths_during=during.deaths_best,
        excluded_during=during.excluded,
        top_sides_during=tuple(sides.most_common(3)),
        before_days=before.days,
        excluded_before=before.excluded,
        coarser_before=before.coarser,
        coarser_during=during.coarser,
        mostly_outside_before=before.mostly_outside,
        mostly_outside_during=during.mostly_outside,
        horizon_days=head.horizon_days,
        window_days=window_days,
    )


def summarize(
    store: Store,
    agreements: Iterable[Agreement],
    *,
    horizon: timedelta = DEFAULT_HORIZON,
) -> list[WindowSummary]:
    """Summarize the events in ``store`` against each agreement's windows (every stored event
    of the compared days, wherever it lies: the verdicts decide what is in the scope), judged
    at the store's location threshold (:func:`~trucewatch.verdicts.store_rules.rules_of`)."""
    threshold = rules_of(store).min_share_inside
    out: list[WindowSummary] = []
    for agreement in agreements:
        windows = agreement.windows()
        if _union_bounds(agreement, windows) is None or not windows:
            continue
        tz = agreement.timezone
        spans = []
        for w in windows:
            n = _days(w, _horizon(w, horizon))
            day = local_day(w.interval.start, tz)
            spans.append(local_days_interval(day - timedelta(days=n), day + timedelta(days=n), tz))
        query = EventQuery(start=min(s.start for s in spans), end=max(s.end for s in spans))  # type: ignore[type-var]
        columns = columns_for(store, agreement, start=query.start, end=query.end)
        if columns is not None:  # the stored verdicts are current: from their columns
            out.extend(_from_columns(columns, horizon))
            continue
        events = list(store.iter_events(query))
        out.extend(summarize_events(agreement, events, horizon=horizon, min_share_inside=threshold))
    return out


def _from_columns(columns: AgreementColumns, horizon: timedelta) -> list[WindowSummary]:
    """:func:`summarize_events` over the analysis columns (the same summaries)."""
    agreement, table = columns.agreement, columns.table
    tz = agreement.timezone
    span = columns.days.first_last()
    excluded = excluded_sides_of(agreement, table)
    out = []
    for window in agreement.windows():
        scope = agreement.scope_of(window)
        if scope is None or scope.geometry is None:
            continue
        h = _horizon(window, horizon)
        n = _days(window, h)
        start_day = local_day(window.interval.start, tz)
        first, last = start_day - timedelta(days=n), start_day + timedelta(days=n - 1)
        if span is not None and span[0] < start_day:
            first = max(first, span[0])
        if span is not None:
            last = max(min(last, span[1]), start_day)
        verdicts = columns.verdicts[window.id]
        series = series_from_columns(
            table, columns.days, verdicts, agreement, window,
            min_share_inside=columns.rules.min_share_inside, first_day=first, last_day=last,
            control="excluded", excluded_sides=excluded, outside_judged=True,
        )  # fmt: skip
        head = headline(series, h)
        masks = buckets(
            table, verdicts, agreement, window, columns.rules.min_share_inside, excluded
        )
        sides: Counter[str] = Counter()
        during = head.during
        if during.first is not None:
            lo = during.first.toordinal()
            day = columns.days.ordinal
            rows = masks.scope & ~masks.uncertain & (day >= lo) & (day < lo + during.days)
            for k in np.flatnonzero(rows).tolist():
                for side in (table.side_a.value(k), table.side_b.value(k)):
                    if side:
                        sides[side] += 1
        out.append(_window_summary(agreement, window, head, sides, n))
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
