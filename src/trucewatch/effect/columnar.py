"""The daily series of a window computed from columns: the events' columns and the window's
stored verdicts (:mod:`trucewatch.store.analysis`), no Event or Verdict objects.

The same :class:`~trucewatch.effect.series.DailySeries` as
:func:`~trucewatch.effect.series.daily_series` gives from objects, value for value and in the
same row order (the deaths draws depend on it); tests hold the two to it. The rules of
:func:`~trucewatch.effect.series.bucket_of` are applied over arrays:

- outside: no verdict for the window, or its space outside;
- coarser / mostly outside: the space uncertain and the event not located in the scope, from
  the stored share inside, the event's radius and the scope's area at the store's threshold
  (:func:`trucewatch.verdicts._disc.location_code`, the rule the engine applies);
- excluded: a side whose name is an excluded group's (the side status ``excluded`` of the
  verdict, :func:`~trucewatch.verdicts.parties.classify_name`);
- else in the scope.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from trucewatch.effect.series import (
    CONTROLS,
    DailySeries,
    EventRecords,
    local_day,
    volume_array,
)
from trucewatch.errors import ValidationError
from trucewatch.model.agreement import Agreement, Window
from trucewatch.store.analysis import EventTable, WindowVerdicts, microseconds
from trucewatch.verdicts.parties import NameKind, classify_name
from trucewatch.verdicts.rules import scope_area

__all__ = [
    "Buckets",
    "LocalDays",
    "buckets",
    "excluded_sides_of",
    "local_days",
    "series_from_columns",
]

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_US_PER_DAY = 86_400_000_000
_EVER = date(1, 1, 1)


@dataclass(frozen=True, eq=False)
class LocalDays:
    """The local calendar day (proleptic ordinal) of each event's start in one time zone."""

    timezone: str
    ordinal: npt.NDArray[np.int64]

    def first_last(self) -> tuple[date, date] | None:
        """The first and last day (None without events)."""
        if not len(self.ordinal):
            return None
        return date.fromordinal(int(self.ordinal.min())), date.fromordinal(int(self.ordinal.max()))


def local_days(table: EventTable, timezone: str) -> LocalDays:
    """Each event's local day in ``timezone``, computed once per distinct start instant."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    starts, inverse = np.unique(table.time_start, return_inverse=True)
    days = np.fromiter(
        (
            local_day(epoch + timedelta(microseconds=int(t)), timezone).toordinal()
            for t in starts.tolist()
        ),
        dtype=np.int64,
        count=len(starts),
    )
    return LocalDays(timezone, days[inverse].reshape(-1))


def excluded_sides_of(agreement: Agreement, table: EventTable) -> npt.NDArray[np.bool_]:
    """Whether a side of each event is wholly an excluded group (status ``excluded``)."""

    def excluded(name: str | None) -> bool:
        return classify_name(agreement, name).kind is NameKind.EXCLUDED

    return table.side_a.per_value(excluded) | table.side_b.per_value(excluded)


def _probe_days(agreement: Agreement) -> list[date]:
    days = {_EVER}
    for group in agreement.excluded_groups:
        for n in group.names:
            if n.valid_from is not None:
                days.update((n.valid_from, n.valid_from - timedelta(days=1)))
            if n.valid_until is not None:
                days.update((n.valid_until, n.valid_until + timedelta(days=1)))
    return sorted(days)


def _excluded_on_start(
    agreement: Agreement, table: EventTable, rows: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """For the events at ``rows``: a side names an excluded group on the (UTC) day of its start
    (``Agreement.excluded_group_for``), the test for events without a verdict."""
    out = np.zeros(len(rows), dtype=bool)
    if not len(rows) or not agreement.excluded_groups:
        return out
    probes = _probe_days(agreement)
    utc_day = table.time_start[rows] // _US_PER_DAY + _EPOCH_ORDINAL

    def ever(name: str | None) -> bool:
        return bool(name) and any(
            agreement.excluded_group_for(name, d) is not None  # type: ignore[arg-type]
            for d in probes
        )

    for column in (table.side_a, table.side_b):
        sides = column[rows]
        ask = np.flatnonzero(sides.per_value(ever) & ~out)
        if not len(ask):
            continue
        # once per distinct (name, day)
        pairs, inverse = np.unique(
            sides.codes[ask].astype(np.int64) * 10_000_000 + utc_day[ask], return_inverse=True
        )
        answers = np.array(
            [
                agreement.excluded_group_for(
                    column.values[int(p) // 10_000_000], date.fromordinal(int(p) % 10_000_000)
                )
                is not None
                for p in pairs.tolist()
            ],
            dtype=bool,
        )
        out[ask] = answers[inverse.reshape(-1)]
    return out


def _deaths(
    table: EventTable, rows: npt.NDArray[np.int64]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    best = np.nan_to_num(table.deaths_best[rows], nan=0.0)
    low = np.where(np.isnan(table.deaths_low[rows]), best, table.deaths_low[rows])
    high = np.where(np.isnan(table.deaths_high[rows]), best, table.deaths_high[rows])
    return np.minimum(low, best), best, np.maximum(high, best)


def _records(
    table: EventTable,
    rows: npt.NDArray[np.int64],
    day: npt.NDArray[np.int64],
    uncertain: npt.NDArray[np.bool_],
) -> EventRecords:
    low, best, high = _deaths(table, rows)
    return EventRecords(day[rows].astype(int), low, best, high, uncertain.astype(bool))


def _sources_per_day(
    table: EventTable, rows: npt.NDArray[np.int64], day: npt.NDArray[np.int64], n: int
) -> np.ndarray:
    """Distinct publishers per day among the events at ``rows`` (a missing publisher is the
    event's source), as :func:`trucewatch.effect.series._publishers` splits them."""
    publisher, source = table.publisher[rows], table.source[rows]
    if not len(publisher):
        return np.zeros(n)
    pair = (publisher.codes + 1) * (len(source.values) + 1) + (source.codes + 1)
    keys, codes = np.unique(pair, return_inverse=True)
    codes = codes.reshape(-1)
    ids: dict[str, int] = {}
    names: list[tuple[int, ...]] = []
    for key in keys.tolist():
        p, s = divmod(key, len(source.values) + 1)
        text = None if p == 0 else publisher.values[p - 1]
        src = "" if s == 0 else source.values[s - 1]
        parts = {x.strip() for x in text.split(";") if x.strip()} if text else set()
        names.append(tuple(ids.setdefault(x, len(ids)) for x in sorted(parts or {src})))
    lengths = np.array([len(t) for t in names], dtype=np.int64)
    flat = np.fromiter((i for t in names for i in t), dtype=np.int64, count=int(lengths.sum()))
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    counts = lengths[codes]
    row = np.repeat(np.arange(len(codes)), counts)
    within = np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts)
    name = flat[offsets[codes][row] + within]
    width = max(1, len(ids))
    pairs = np.unique(day[rows][row] * width + name)
    return np.bincount(pairs // width, minlength=n).astype(float)


def _main_country(table: EventTable, rows: npt.NDArray[np.int64]) -> int | None:
    """The code of the most frequent country of the events at ``rows`` (ties: the first
    seen, as ``Counter.most_common`` gives it); None when none has a country."""
    codes = table.country.codes[rows]
    named = np.array([bool(v) for v in table.country.values] + [False], dtype=bool)
    codes = codes[named[codes]]
    if not len(codes):
        return None
    found, first, counts = np.unique(codes, return_index=True, return_counts=True)
    top = counts == counts.max()
    return int(found[top][np.argmin(first[top])])


@dataclass(frozen=True, eq=False)
class Buckets:
    """Where each violent event counts against a window (:func:`~trucewatch.effect.series.
    bucket_of`), one boolean per event: ``scope``, ``excluded``, ``coarser``,
    ``mostly_outside`` (the rest is outside); ``uncertain``: its space or time is uncertain."""

    scope: npt.NDArray[np.bool_]
    excluded: npt.NDArray[np.bool_]
    coarser: npt.NDArray[np.bool_]
    mostly_outside: npt.NDArray[np.bool_]
    uncertain: npt.NDArray[np.bool_]


def buckets(
    table: EventTable,
    verdicts: WindowVerdicts,
    agreement: Agreement,
    window: Window,
    min_share_inside: float,
    excluded_sides: npt.NDArray[np.bool_],
) -> Buckets:
    """The :class:`Buckets` of the events of ``table`` against ``window``."""
    inside = verdicts.judged & ~verdicts.space_outside
    space_uncertain = verdicts.space_uncertain
    coarser = np.zeros(len(table), dtype=bool)
    mostly = np.zeros(len(table), dtype=bool)
    scope = agreement.scope_of(window)
    if space_uncertain.any() and scope is not None and scope.geometry is not None:
        area = scope_area(scope.geometry)
        r = table.radius_km
        coarser = space_uncertain & (math.pi * r * r * min_share_inside > area)
        mostly = space_uncertain & ~coarser & (verdicts.share_inside < min_share_inside)
    located = inside & ~coarser & ~mostly
    return Buckets(
        scope=located & ~excluded_sides,
        excluded=located & excluded_sides,
        coarser=coarser,
        mostly_outside=mostly,
        uncertain=verdicts.space_uncertain | verdicts.time_uncertain,
    )


def series_from_columns(
    table: EventTable,
    days: LocalDays,
    verdicts: WindowVerdicts,
    agreement: Agreement,
    window: Window,
    *,
    min_share_inside: float,
    first_day: date,
    last_day: date,
    control: str | BaseGeometry = "country",
    volume: Mapping[date, float] | None = None,
    excluded_sides: npt.NDArray[np.bool_] | None = None,
    outside_judged: bool = False,
) -> DailySeries:
    """The daily series of ``window`` from columns: what ``daily_series`` gives for the same
    violent events and the window's verdicts judged at ``min_share_inside``.

    ``outside_judged``: as ``daily_series`` with the outside pairs' verdicts too
    (``include_outside=True``, the report's): a side of an event outside the scope is then an
    excluded group by its status; without them (the stored verdicts), by the name in use on the
    day of its start. ``excluded_sides``: the sides' status test per event (computed here if
    not given).
    """
    if last_day < first_day:
        raise ValidationError(f"last_day {last_day} is before first_day {first_day}")
    if isinstance(control, str) and control not in CONTROLS:
        raise ValidationError(
            f"control {control!r} is not one of {', '.join(CONTROLS)} or a shapely geometry"
        )
    if days.timezone != agreement.timezone:
        raise ValidationError(
            f"local days in {days.timezone}, the agreement's time zone is {agreement.timezone}"
        )
    tz = agreement.timezone
    n = (last_day - first_day).days + 1
    day = days.ordinal - first_day.toordinal()
    in_range = (day >= 0) & (day < n)
    judged = verdicts.judged
    violations = np.bincount(day[in_range & verdicts.violation], minlength=n).astype(float)
    possible = np.bincount(day[in_range & verdicts.possible], minlength=n).astype(float)
    if excluded_sides is None:
        excluded_sides = excluded_sides_of(agreement, table)
    masks = buckets(table, verdicts, agreement, window, min_share_inside, excluded_sides)
    coarser, mostly = masks.coarser & in_range, masks.mostly_outside & in_range
    excl, in_scope = masks.excluded & in_range, masks.scope & in_range
    uncertain = masks.uncertain
    scope_rows = np.flatnonzero(in_scope)
    excl_rows = np.flatnonzero(excl)
    scope_rec = _records(table, scope_rows, day, uncertain[scope_rows])
    excl_rec = _records(table, excl_rows, day, uncertain[excl_rows])
    if isinstance(control, str) and control == "excluded":
        ctrl_rec = excl_rec
    else:
        candidates = np.flatnonzero(in_range & ~(judged & ~verdicts.space_outside))
        if isinstance(control, str):
            country = _main_country(table, scope_rows)
            if country is None:
                candidates = candidates[:0]
            else:
                candidates = candidates[table.country.codes[candidates] == country]
        if outside_judged:
            candidates = candidates[~excluded_sides[candidates]]
        else:
            candidates = candidates[~_excluded_on_start(agreement, table, candidates)]
        if not isinstance(control, str) and len(candidates):
            shapely.prepare(control)
            hit = shapely.contains_xy(control, table.lon[candidates], table.lat[candidates])
            candidates = candidates[np.asarray(hit, dtype=bool)]
        s = microseconds(window.interval.start)
        e = None if window.interval.end is None else microseconds(window.interval.end)
        lo, hi = table.time_start[candidates], table.time_end[candidates]
        straddles = (lo < s) & (s < hi)
        if e is not None:
            straddles |= (lo < e) & (e < hi)
        ctrl_rec = _records(table, candidates, day, straddles)
    label = control if isinstance(control, str) else "geometry"
    dates = tuple(first_day + timedelta(days=i) for i in range(n))
    return DailySeries(
        agreement_id=agreement.id,
        window_id=window.id,
        timezone=tz,
        days=dates,
        start=window.interval.start,
        end=window.interval.end,
        start_day=local_day(window.interval.start, tz),
        control=label,
        scope_events=scope_rec.daily(n),
        scope_deaths_low=scope_rec.daily(n, "low"),
        scope_deaths_best=scope_rec.daily(n, "best"),
        scope_deaths_high=scope_rec.daily(n, "high"),
        scope_uncertain=scope_rec.daily(n, uncertain=True),
        scope_violations=violations,
        scope_possible=possible,
        scope_excluded=excl_rec.daily(n) + excl_rec.daily(n, uncertain=True),
        scope_coarser=np.bincount(day[coarser], minlength=n).astype(float),
        scope_mostly_outside=np.bincount(day[mostly], minlength=n).astype(float),
        control_events=ctrl_rec.daily(n),
        control_deaths_low=ctrl_rec.daily(n, "low"),
        control_deaths_best=ctrl_rec.daily(n, "best"),
        control_deaths_high=ctrl_rec.daily(n, "high"),
        control_uncertain=ctrl_rec.daily(n, uncertain=True),
        sources_per_day=_sources_per_day(table, scope_rows, day, n),
        volume=volume_array(volume, dates),
        marks=tuple((w.id, w.interval.start) for w in agreement.windows()),
        scope_records=scope_rec,
        control_records=ctrl_rec,
    )
