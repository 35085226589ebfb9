"""Daily series of violent events and deaths, in the scope of a window and in a control area.

One value per local calendar day of the agreement's time zone, each event on the local day of
its start. Semantics (what is in scope, what is uncertain, what the control area is) are written
down in docs/effect.md; the estimates (:mod:`trucewatch.effect.estimates`) and the breakdown
(:mod:`trucewatch.effect.breakdown`) are computed from these series.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from trucewatch.errors import ValidationError
from trucewatch.model import Event, is_violent, zone
from trucewatch.model.agreement import Agreement, Window
from trucewatch.model.verdict import SideStatus, Space, TimeRelation, Verdict, VerdictKind
from trucewatch.verdicts.outcomes import Outcome, location_from
from trucewatch.verdicts.reasons import LOCATION_COARSER_THAN_SCOPE, MOSTLY_OUTSIDE_SCOPE

__all__ = [
    "BUCKETS",
    "CONTROLS",
    "DailySeries",
    "EventRecords",
    "bucket_of",
    "daily_series",
    "local_day",
    "volume_array",
]

#: the named control areas; a shapely geometry (WGS84) may be given instead
CONTROLS = ("country", "excluded")


def local_day(instant: datetime, timezone: str) -> date:
    """The local calendar day of ``instant`` in ``timezone``."""
    return instant.astimezone(zone(timezone)).date()


def _frozen(values: np.ndarray) -> np.ndarray:
    values.setflags(write=False)
    return values


@dataclass(frozen=True, eq=False)
class EventRecords:
    """One row per counted event: its day index in the series, deaths and whether uncertain.

    Deaths are UCDP-style low/best/high; a missing best counts as 0, a missing low or high as
    the best. ``uncertain`` marks events whose space or time against the window is uncertain.
    """

    day: np.ndarray  # int, index into DailySeries.days
    low: np.ndarray
    best: np.ndarray
    high: np.ndarray
    uncertain: np.ndarray  # bool

    def __post_init__(self) -> None:
        n = len(self.day)
        for name in ("low", "best", "high", "uncertain"):
            if len(getattr(self, name)) != n:
                raise ValidationError(f"EventRecords.{name} has {len(getattr(self, name))} rows")
        if n and not (np.all(self.low <= self.best) and np.all(self.best <= self.high)):
            raise ValidationError("EventRecords: deaths must satisfy low <= best <= high")
        for name in ("day", "low", "best", "high", "uncertain"):
            _frozen(getattr(self, name))
        # the sums by day asked for so far (the records are read-only: they stay true); the
        # estimates ask for the same ones per horizon and measure
        object.__setattr__(self, "_sums", {})

    @classmethod
    def build(cls, rows: Sequence[tuple[int, float, float, float, bool]]) -> EventRecords:
        """Records from (day index, low, best, high, uncertain) tuples."""
        if not rows:
            empty = np.zeros(0)
            return cls(np.zeros(0, dtype=int), empty, empty.copy(), empty.copy(), np.zeros(0, bool))
        day, low, best, high, unc = zip(*rows, strict=True)
        return cls(
            np.asarray(day, dtype=int),
            np.asarray(low, dtype=float),
            np.asarray(best, dtype=float),
            np.asarray(high, dtype=float),
            np.asarray(unc, dtype=bool),
        )

    def daily(self, n_days: int, what: str = "events", *, uncertain: bool = False) -> np.ndarray:
        """Per-day sums of ``what`` (events, low, best, high) over certain (or uncertain) rows
        (read-only: computed once per arguments)."""
        key = (n_days, what, uncertain)
        found: np.ndarray | None = self._sums.get(key)  # type: ignore[attr-defined]
        if found is None:
            mask = self.uncertain if uncertain else ~self.uncertain
            weights = None if what == "events" else getattr(self, what)[mask]
            found = np.bincount(self.day[mask], weights=weights, minlength=n_days).astype(float)
            self._sums[key] = _frozen(found)  # type: ignore[attr-defined]
        return found


@dataclass(frozen=True, eq=False)
class DailySeries:
    """Daily counts for one window of one agreement (arrays: one value per day of ``days``).

    ``scope_*`` count violent events inside the window's scope that involve no excluded group
    (deaths are the sums of low / best / high); ``scope_uncertain`` the events whose space or
    time is uncertain (not in the other scope counts). Left apart (:func:`bucket_of`):
    ``scope_excluded`` (in the scope, a side is an excluded group), ``scope_coarser`` and
    ``scope_mostly_outside`` (the space is uncertain and the event not located in the scope,
    docs/verdicts.md "Location"). ``scope_violations`` and ``scope_possible`` count the
    verdicts ``violation`` and ``possible_violation`` by day.
    ``control_*`` are the same for the control area (``control`` names it).
    ``sources_per_day``: distinct publishers reporting violent events in scope that day.
    ``marks``: the start of every window of the agreement, as (window id, UTC instant).
    """

    agreement_id: str
    window_id: str
    timezone: str
    days: tuple[date, ...]
    start: datetime
    end: datetime | None
    start_day: date
    control: str
    scope_events: np.ndarray
    scope_deaths_low: np.ndarray
    scope_deaths_best: np.ndarray
    scope_deaths_high: np.ndarray
    scope_uncertain: np.ndarray
    scope_violations: np.ndarray
    scope_possible: np.ndarray
    scope_excluded: np.ndarray
    scope_coarser: np.ndarray
    scope_mostly_outside: np.ndarray
    control_events: np.ndarray
    control_deaths_low: np.ndarray
    control_deaths_best: np.ndarray
    control_deaths_high: np.ndarray
    control_uncertain: np.ndarray
    sources_per_day: np.ndarray
    volume: np.ndarray | None
    marks: tuple[tuple[str, datetime], ...]
    scope_records: EventRecords
    control_records: EventRecords

    def __post_init__(self) -> None:
        n = len(self.days)
        for name, value in vars(self).items():
            if isinstance(value, np.ndarray):
                if len(value) != n:
                    raise ValidationError(f"DailySeries.{name} has {len(value)} values, not {n}")
                _frozen(value)

    @property
    def start_index(self) -> int:
        """The index of the local day that contains the window start (may be out of range)."""
        return (self.start_day - self.days[0]).days


def _excluded(verdict: Verdict | Outcome | None, agreement: Agreement, event: Event) -> bool:
    if isinstance(verdict, Outcome):
        return SideStatus.EXCLUDED in verdict.statuses
    if verdict is not None:
        return any(s.status is SideStatus.EXCLUDED for s in verdict.parties)
    return any(
        agreement.excluded_group_for(side, event.when.start) is not None
        for side in (event.actors.side_a, event.actors.side_b)
        if side
    )


#: where :func:`bucket_of` puts a violent event against a window
BUCKETS = ("scope", "excluded", "coarser", "mostly_outside", "outside")


def bucket_of(verdict: Verdict | Outcome | None, agreement: Agreement, event: Event) -> str:
    """Where a violent event counts against a window (the one definition, docs/effect.md):

    ``outside`` (no verdict, or space outside: the control area's candidates); else
    ``coarser`` / ``mostly_outside`` (space uncertain, not located in the scope: left out);
    else ``excluded`` (a side is an excluded group: counted apart); else ``scope``.
    """
    if verdict is None or verdict.space is Space.OUTSIDE:
        return "outside"
    location = location_from(verdict)
    if location == LOCATION_COARSER_THAN_SCOPE:
        return "coarser"
    if location == MOSTLY_OUTSIDE_SCOPE:
        return "mostly_outside"
    return "excluded" if _excluded(verdict, agreement, event) else "scope"


def _time_uncertain(event: Event, window: Window) -> bool:
    lo, hi = event.when.start, event.when.end
    assert hi is not None
    s, e = window.interval.start, window.interval.end
    return (lo < s < hi) or (e is not None and lo < e < hi)


def _deaths(event: Event) -> tuple[float, float, float]:
    f = event.fatalities
    best = float(f.best or 0)
    low = float(f.low) if f.low is not None else best
    high = float(f.high) if f.high is not None else best
    return min(low, best), best, max(high, best)


def _publishers(event: Event) -> set[str]:
    text = event.provenance.publisher
    if not text:
        return {event.source}
    return {p.strip() for p in text.split(";") if p.strip()} or {event.source}


def volume_array(volume: Mapping[date, float] | None, days: Sequence[date]) -> np.ndarray | None:
    """The reporting volume of each of ``days`` as an array, or None for no volume; a day
    missing or not a number > 0 is a ValidationError."""
    if volume is None:
        return None
    out = np.empty(len(days))
    for i, day in enumerate(days):
        value = volume.get(day)
        if value is None or not np.isfinite(value) or value <= 0:
            raise ValidationError(
                f"reporting volume for {day.isoformat()} is {value!r}: give a number > 0 for "
                f"every day from {days[0].isoformat()} to {days[-1].isoformat()}"
            )
        out[i] = float(value)
    return out


def daily_series(
    events: Iterable[Event],
    verdicts: Iterable[Verdict | Outcome],
    agreement: Agreement,
    window: Window,
    *,
    first_day: date,
    last_day: date,
    control: str | BaseGeometry = "country",
    volume: Mapping[date, float] | None = None,
) -> DailySeries:
    """The daily series of ``window`` from ``first_day`` to ``last_day`` (local days).

    ``verdicts`` are those of ``judge(events, [agreement], include_outside=True)`` or their
    outcomes (:func:`~trucewatch.verdicts.outcomes.judge_outcomes`: the same counts, much
    faster to make). Pairs of other agreements or windows are ignored; an event with no
    verdict for the window counts as outside its scope. ``control``: ``"country"`` (outside
    the scope, in the country of the scope's events), ``"excluded"`` (inside the scope,
    fighting that involves an excluded group) or a shapely geometry in WGS84 (outside the
    scope, inside the geometry).
    """
    if last_day < first_day:
        raise ValidationError(f"last_day {last_day} is before first_day {first_day}")
    if isinstance(control, str) and control not in CONTROLS:
        raise ValidationError(
            f"control {control!r} is not one of {', '.join(CONTROLS)} or a shapely geometry"
        )
    tz = agreement.timezone
    n = (last_day - first_day).days + 1
    days = tuple(first_day + timedelta(days=i) for i in range(n))
    mine = {
        v.event_id: v
        for v in verdicts
        if v.agreement_id == agreement.id and v.window_id == window.id
    }
    scope_rows: list[tuple[int, float, float, float, bool]] = []
    excluded_rows: list[tuple[int, float, float, float, bool]] = []
    control_candidates: list[tuple[Event, int, bool]] = []
    violations = np.zeros(n)
    possible = np.zeros(n)
    left_out = {"coarser": np.zeros(n), "mostly_outside": np.zeros(n)}
    publishers: list[set[str]] = [set() for _ in range(n)]
    countries: Counter[str] = Counter()
    for event in events:
        if not is_violent(event.event_type):
            continue
        index = (local_day(event.when.start, tz) - first_day).days
        if not 0 <= index < n:
            continue
        verdict = mine.get(event.event_id)
        if verdict is not None and verdict.verdict is VerdictKind.VIOLATION:
            violations[index] += 1
        elif verdict is not None and verdict.verdict is VerdictKind.POSSIBLE_VIOLATION:
            possible[index] += 1
        bucket = bucket_of(verdict, agreement, event)
        if bucket == "outside":
            control_candidates.append((event, index, _excluded(verdict, agreement, event)))
            continue
        if bucket in left_out:
            left_out[bucket][index] += 1
            continue
        assert verdict is not None
        uncertain = verdict.space is Space.UNCERTAIN or verdict.time is TimeRelation.UNCERTAIN
        if bucket == "excluded":
            excluded_rows.append((index, *_deaths(event), uncertain))
            continue
        scope_rows.append((index, *_deaths(event), uncertain))
        publishers[index] |= _publishers(event)
        if event.where.country:
            countries[event.where.country] += 1
    if isinstance(control, str) and control == "excluded":
        control_rows = excluded_rows
    else:
        control_rows = _control_rows(control_candidates, control, countries, window)
    scope = EventRecords.build(scope_rows)
    ctrl = EventRecords.build(control_rows)
    excl = EventRecords.build(excluded_rows)
    label = control if isinstance(control, str) else "geometry"
    return DailySeries(
        agreement_id=agreement.id,
        window_id=window.id,
        timezone=tz,
        days=days,
        start=window.interval.start,
        end=window.interval.end,
        start_day=local_day(window.interval.start, tz),
        control=label,
        scope_events=scope.daily(n),
        scope_deaths_low=scope.daily(n, "low"),
        scope_deaths_best=scope.daily(n, "best"),
        scope_deaths_high=scope.daily(n, "high"),
        scope_uncertain=scope.daily(n, uncertain=True),
        scope_violations=violations,
        scope_possible=possible,
        scope_excluded=excl.daily(n) + excl.daily(n, uncertain=True),
        scope_coarser=left_out["coarser"],
        scope_mostly_outside=left_out["mostly_outside"],
        control_events=ctrl.daily(n),
        control_deaths_low=ctrl.daily(n, "low"),
        control_deaths_best=ctrl.daily(n, "best"),
        control_deaths_high=ctrl.daily(n, "high"),
        control_uncertain=ctrl.daily(n, uncertain=True),
        sources_per_day=np.array([len(p) for p in publishers], dtype=float),
        volume=volume_array(volume, days),
        marks=tuple((w.id, w.interval.start) for w in agreement.windows()),
        scope_records=scope,
        control_records=ctrl,
    )


def _control_rows(
    candidates: list[tuple[Event, int, bool]],
    control: str | BaseGeometry,
    countries: Counter[str],
    window: Window,
) -> list[tuple[int, float, float, float, bool]]:
    """Rows of the control area among the events outside the scope (event, day, excluded)."""
    kept = [(e, i) for e, i, excl in candidates if not excl]
    if isinstance(control, str):
        country = countries.most_common(1)[0][0] if countries else None
        kept = [(e, i) for e, i in kept if country is not None and e.where.country == country]
    else:
        if kept:
            shapely.prepare(control)
            lon = np.array([e.where.lon for e, _ in kept])
            lat = np.array([e.where.lat for e, _ in kept])
            inside = shapely.contains_xy(control, lon, lat)
            kept = [pair for pair, ok in zip(kept, inside, strict=True) if ok]
    return [(i, *_deaths(e), _time_uncertain(e, window)) for e, i in kept]
