"""Did violence fall? Rate ratios before vs during each window, with 95 % intervals.

Events: a negative binomial regression of the daily counts on a period indicator (statsmodels,
log link, NB2 with its dispersion estimated by maximum likelihood), with a fallback to the exact
Poisson interval (conditional binomial) when the counts are tiny or the fit fails. Deaths: the
same on the daily best counts, widened by the spread of ``draws`` triangular(low, best, high)
draws per event. Difference in differences: the interaction of period and area in the same
regression on the stacked scope and control series. Semantics: docs/effect.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
from shapely.geometry.base import BaseGeometry

from trucewatch.effect.headline import Headline, headline, periods
from trucewatch.effect.horizons import DEFAULT_HORIZONS
from trucewatch.effect.ratios import (
    METHODS,
    deaths_ratio,
    did_ratio,
    rate_ratio,
)
from trucewatch.effect.series import DailySeries, daily_series, local_day
from trucewatch.errors import ValidationError
from trucewatch.model import Event, is_violent, local_days_interval
from trucewatch.model.agreement import Agreement
from trucewatch.model.verdict import Verdict
from trucewatch.verdicts.outcomes import Outcome

__all__ = [
    "DidEstimate",
    "Estimate",
    "WindowEffect",
    "effect_records",
    "empty_control_note",
    "estimate_effect",
    "periods",
    "window_effect",
]


@dataclass(frozen=True, slots=True)
class Estimate:
    """Before vs during for one measure in one area (counts; deaths are best counts)."""

    measure: str  # events | deaths
    area: str  # scope | control
    horizon_days: int | None
    before: float
    during: float
    before_days: int
    during_days: int
    rate_ratio: float | None
    percent_change: float | None
    ci_low: float | None
    ci_high: float | None
    method: str
    uncertain: str  # excluded | included
    note: str = ""
    volume_adjusted: bool = False

    def __post_init__(self) -> None:
        if self.measure not in ("events", "deaths"):
            raise ValidationError(f"measure {self.measure!r} is not events or deaths")
        if self.area not in ("scope", "control"):
            raise ValidationError(f"area {self.area!r} is not scope or control")
        if self.uncertain not in ("excluded", "included"):
            raise ValidationError(f"uncertain {self.uncertain!r} is not excluded or included")


@dataclass(frozen=True, slots=True)
class DidEstimate:
    """Difference in differences: the scope's rate ratio over the control's."""

    measure: str
    horizon_days: int | None
    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    method: str
    uncertain: str = "excluded"
    note: str = ""


@dataclass(frozen=True, slots=True)
class WindowEffect:
    """Every estimate for one window at one horizon (None = the whole window)."""

    agreement_id: str
    window_id: str
    horizon_days: int | None
    before_first: date | None
    during_first: date | None
    during_last: date | None
    beyond_window: bool  # the compared days run past the end of a closed window
    estimates: tuple[Estimate, ...]
    did: tuple[DidEstimate, ...]
    n_uncertain: int
    volume_adjusted: tuple[Estimate, ...]
    control: str
    headline: Headline | None = None  # the headline count (its before/during are the
    # events / scope / uncertain-excluded estimate's)

    def estimate(
        self, measure: str = "events", area: str = "scope", uncertain: str = "excluded"
    ) -> Estimate:
        """The estimate for one measure, area and treatment of uncertain events."""
        for e in self.estimates:
            if (e.measure, e.area, e.uncertain) == (measure, area, uncertain):
                return e
        raise ValidationError(f"no estimate for {measure}/{area}/{uncertain}")


def empty_control_note(control: str) -> str:
    """Why a control area with no event in the compared days gives no ratio, in words."""
    if control == "country":
        return (
            "no event in the control area: it is the rest of the country outside the scope, "
            "and a scope that covers the whole country leaves none (for a nationwide truce, "
            "compare with the fighting it does not cover: control excluded)"
        )
    if control == "excluded":
        return "no event in the control area: none involving an excluded group in the scope"
    return "no event in the control area in these days"


def _estimate(
    series: DailySeries,
    measure: str,
    area: str,
    uncertain: str,
    horizon: int | None,
    before: np.ndarray,
    during: np.ndarray,
    *,
    method: str,
    draws: int,
    seed: int,
    volume: bool = False,
) -> Estimate:
    records = series.scope_records if area == "scope" else series.control_records
    include = uncertain == "included"
    n = len(series.days)
    what = "events" if measure == "events" else "best"
    daily = records.daily(n, what)
    if include:
        daily = daily + records.daily(n, what, uncertain=True)
    if measure == "events":
        offset = np.log(series.volume) if volume and series.volume is not None else None
        rr = rate_ratio(
            daily[before],
            daily[during],
            method=method,
            offset_before=None if offset is None else offset[before],
            offset_during=None if offset is None else offset[during],
            seed=seed,
        )
    else:
        rr = deaths_ratio(
            records,
            before,
            during,
            include_uncertain=include,
            method=method,
            draws=draws,
            seed=seed,
        )
    pct = None if rr.ratio is None else 100.0 * (rr.ratio - 1.0)
    note = rr.note
    if area == "control" and not daily[before].sum() and not daily[during].sum():
        note = empty_control_note(series.control)
    return Estimate(
        measure=measure,
        area=area,
        horizon_days=horizon,
        before=float(daily[before].sum()),
        during=float(daily[during].sum()),
        before_days=len(before),
        during_days=len(during),
        rate_ratio=rr.ratio,
        percent_change=pct,
        ci_low=rr.ci_low,
        ci_high=rr.ci_high,
        method=rr.method,
        uncertain=uncertain,
        note=note,
        volume_adjusted=volume,
    )


def window_effect(
    series: DailySeries,
    horizon: int | None,
    *,
    method: str = "negative_binomial",
    draws: int = 200,
    seed: int = 0,
) -> WindowEffect:
    """Every estimate of one window's series at one horizon (see :func:`estimate_effect`)."""
    before, during = periods(series, horizon)
    estimates = tuple(
        _estimate(
            series,
            measure,
            area,
            unc,
            horizon,
            before,
            during,
            method=method,
            draws=draws,
            seed=seed,
        )
        for measure in ("events", "deaths")
        for area in ("scope", "control")
        for unc in ("excluded", "included")
    )
    did = []
    for measure, unc in (("events", "excluded"), ("events", "included"), ("deaths", "excluded")):
        what = "events" if measure == "events" else "best"
        n = len(series.days)
        s = series.scope_records.daily(n, what)
        c = series.control_records.daily(n, what)
        if unc == "included":
            s = s + series.scope_records.daily(n, what, uncertain=True)
            c = c + series.control_records.daily(n, what, uncertain=True)
        r = did_ratio(s[before], s[during], c[before], c[during])
        note = r.note
        if not c[before].sum() and not c[during].sum():
            note = empty_control_note(series.control)
        did.append(DidEstimate(measure, horizon, r.ratio, r.ci_low, r.ci_high, r.method, unc, note))
    volume: tuple[Estimate, ...] = ()
    if series.volume is not None:
        volume = tuple(
            _estimate(
                series,
                "events",
                "scope",
                unc,
                horizon,
                before,
                during,
                method=method,
                draws=draws,
                seed=seed,
                volume=True,
            )
            for unc in ("excluded", "included")
        )
    unc_days = np.concatenate([before, during])
    last = series.days[during[-1]] if len(during) else None
    return WindowEffect(
        agreement_id=series.agreement_id,
        window_id=series.window_id,
        horizon_days=horizon,
        before_first=series.days[before[0]] if len(before) else None,
        during_first=series.days[during[0]] if len(during) else None,
        during_last=last,
        beyond_window=bool(
            series.end is not None
            and last is not None
            and datetime_of_day_end(series, last) > series.end
        ),
        estimates=estimates,
        did=tuple(did),
        n_uncertain=int(series.scope_uncertain[unc_days].sum()),
        volume_adjusted=volume,
        control=series.control,
        headline=headline(series, horizon),
    )


def datetime_of_day_end(series: DailySeries, day: date) -> datetime:
    """The UTC instant at which local ``day`` of the series' time zone ends."""
    return local_days_interval(day, day, series.timezone).end  # type: ignore[return-value]


def estimate_effect(
    events: Iterable[Event],
    verdicts: Iterable[Verdict | Outcome],
    agreement: Agreement,
    *,
    horizons: Sequence[int | None] = DEFAULT_HORIZONS,
    control: str | BaseGeometry = "country",
    volume: Mapping[date, float] | None = None,
    method: str = "negative_binomial",
    draws: int = 200,
    seed: int = 0,
    first_day: date | None = None,
    last_day: date | None = None,
) -> list[WindowEffect]:
    """Before vs during for every window of ``agreement`` at every horizon (days; None = whole).

    ``verdicts``: from ``judge(events, [agreement], include_outside=True)``, or their outcomes
    (:func:`~trucewatch.verdicts.outcomes.judge_outcomes`, same numbers). The series run
    from ``first_day`` to ``last_day`` (default: the first and last local day of the violent
    events given). Deterministic given ``seed``.
    """
    if method not in METHODS:
        raise ValidationError(f"method {method!r} is not one of {', '.join(METHODS)}")
    events, verdicts = list(events), list(verdicts)
    days = [local_day(e.when.start, agreement.timezone) for e in events if is_violent(e.event_type)]
    if not days and (first_day is None or last_day is None):
        raise ValidationError(f"no violent events to estimate the effect of {agreement.id!r} on")
    first = first_day or min(days)
    last = last_day or max(days)
    out = []
    for window in agreement.windows():
        series = daily_series(
            events,
            verdicts,
            agreement,
            window,
            first_day=first,
            last_day=last,
            control=control,
            volume=volume,
        )
        for horizon in horizons:
            out.append(window_effect(series, horizon, method=method, draws=draws, seed=seed))
    return out


def effect_records(effects: list[WindowEffect]) -> list[dict[str, Any]]:
    """One flat record per window, horizon, measure, area and treatment of uncertain events."""
    records = []
    for we in effects:
        common = {
            "agreement_id": we.agreement_id,
            "window_id": we.window_id,
            "horizon_days": we.horizon_days,
            "before_first": we.before_first,
            "during_first": we.during_first,
            "during_last": we.during_last,
            "n_uncertain": we.n_uncertain,
            "control": we.control,
        }
        for est in (*we.estimates, *we.volume_adjusted):
            records.append({**common, "kind": "rate_ratio", **asdict(est)})
        for did in we.did:
            records.append({**common, "kind": "difference_in_differences", **asdict(did)})
    return records
