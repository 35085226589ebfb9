"""Did violence fall? Rate ratios before vs during each window, with 95 % intervals.

Events: a negative binomial regression of the daily counts on a period indicator (statsmodels,
log link, NB2 with its dispersion estimated by maximum likelihood), with a fallback to the exact
Poisson interval (conditional binomial) when the counts are tiny or the fit fails. Deaths: the
same on the daily best counts, widened by the spread of ``draws`` triangular(low, best, high)
draws per event. Difference in differences: the interaction of period and area in the same
regression on the stacked scope and control series. Semantics: docs/effect.md.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from scipy.stats import binomtest, norm
from shapely.geometry.base import BaseGeometry

from trucewatch.effect.series import DailySeries, EventRecords, daily_series, local_day
from trucewatch.errors import ValidationError
from trucewatch.model import Event, is_violent, local_days_interval
from trucewatch.model.agreement import Agreement
from trucewatch.model.verdict import Verdict

__all__ = [
    "METHODS",
    "DidEstimate",
    "Estimate",
    "RateRatio",
    "WindowEffect",
    "deaths_ratio",
    "did_ratio",
    "estimate_effect",
    "exact_poisson_ratio",
    "periods",
    "rate_ratio",
    "window_effect",
]

METHODS = ("negative_binomial", "exact_poisson", "block_bootstrap")
Z95 = float(norm.ppf(0.975))
#: below this many events in both periods together, the exact Poisson interval is used
MIN_NB_TOTAL = 10
#: the longest "whole window" compared, in days on each side
MAX_WHOLE_DAYS = 365
BLOCK_DAYS = 7
BOOTSTRAP_REPS = 999


@dataclass(frozen=True, slots=True)
class RateRatio:
    """A rate ratio with its 95 % interval (None where it cannot be estimated)."""

    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    method: str
    note: str = ""


def exact_poisson_ratio(
    before: int, during: int, before_exposure: float, during_exposure: float
) -> RateRatio:
    """The exact (conditional binomial, Clopper-Pearson) interval for a Poisson rate ratio.

    Given n = before + during, ``during`` is binomial(n, p) with p = R t1 / (R t1 + t0); the
    interval for p maps to one for R = p / (1 - p) * t0 / t1.
    """
    before, during = round(float(before)), round(float(during))
    n = before + during
    scale = before_exposure / during_exposure
    if n == 0:
        return RateRatio(None, None, None, "exact_poisson", "no events in either period")
    ci = binomtest(during, n).proportion_ci(confidence_level=0.95, method="exact")
    low = ci.low / (1 - ci.low) * scale
    high = None if ci.high >= 1 else ci.high / (1 - ci.high) * scale
    ratio = None if before == 0 else during / before * scale
    return RateRatio(ratio, low, high, "exact_poisson")


def _fit_nb(
    y: np.ndarray, x: np.ndarray, offset: np.ndarray, cov_type: str = "nonrobust"
) -> tuple[np.ndarray, np.ndarray]:
    """NB2 coefficients and their standard errors (BFGS, then Newton); raises if both fail."""
    error: Exception = ValueError("no fit attempted")
    for optimizer in ("bfgs", "newton"):
        try:
            return _fit_nb_once(y, x, offset, cov_type, optimizer)
        except Exception as exc:  # statsmodels raises many kinds and warns; try the next one
            error = exc
    raise error


def _fit_nb_once(
    y: np.ndarray, x: np.ndarray, offset: np.ndarray, cov_type: str, optimizer: str
) -> tuple[np.ndarray, np.ndarray]:
    from statsmodels.discrete.discrete_model import NegativeBinomial

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = NegativeBinomial(y, x, offset=offset, loglike_method="nb2")
        result = model.fit(disp=0, maxiter=200, method=optimizer, cov_type=cov_type)
    params = np.asarray(result.params)
    se = np.asarray(result.bse)
    alpha = params[-1]
    if not result.mle_retvals.get("converged", False):
        raise ValueError("the negative binomial fit did not converge")
    if not (np.all(np.isfinite(params)) and np.all(np.isfinite(se))) or alpha <= 1e-8:
        raise ValueError(f"no overdispersion to estimate (alpha {alpha:.3g})")
    return params[:-1], se[:-1]


def _offsets(n: int, offset: np.ndarray | None) -> np.ndarray:
    return np.zeros(n) if offset is None else np.asarray(offset, dtype=float)


def rate_ratio(
    before: np.ndarray,
    during: np.ndarray,
    *,
    method: str = "negative_binomial",
    offset_before: np.ndarray | None = None,
    offset_during: np.ndarray | None = None,
    seed: int = 0,
) -> RateRatio:
    """The rate ratio during / before of daily counts, with its 95 % interval.

    ``offset_*`` are log exposures per day (e.g. log reporting volume); None means one day each.
    ``negative_binomial`` falls back to ``exact_poisson`` when the counts are tiny
    (fewer than MIN_NB_TOTAL in all, or none in a period) or the fit fails; the method used and
    the reason are in the answer.
    """
    if method not in METHODS:
        raise ValidationError(f"method {method!r} is not one of {', '.join(METHODS)}")
    before, during = np.asarray(before, dtype=float), np.asarray(during, dtype=float)
    ob, od = _offsets(len(before), offset_before), _offsets(len(during), offset_during)
    if len(before) == 0 or len(during) == 0:
        return RateRatio(None, None, None, method, "a period has no days")
    exact = exact_poisson_ratio(
        before.sum(), during.sum(), float(np.exp(ob).sum()), float(np.exp(od).sum())
    )
    if method == "exact_poisson":
        return exact
    if method == "block_bootstrap":
        return _bootstrap(before, during, ob, od, seed)
    if before.sum() + during.sum() < MIN_NB_TOTAL or before.sum() == 0 or during.sum() == 0:
        return _fallback(exact, "counts too small for the negative binomial")
    y = np.concatenate([before, during])
    x = np.column_stack([np.ones(len(y)), np.r_[np.zeros(len(before)), np.ones(len(during))]])
    try:
        params, se = _fit_nb(y, x, np.concatenate([ob, od]))
    except Exception as exc:  # statsmodels raises many kinds; any failure means: fall back
        return _fallback(exact, f"negative binomial fit failed: {exc}")
    b, s = float(params[1]), float(se[1])
    return RateRatio(math.exp(b), math.exp(b - Z95 * s), math.exp(b + Z95 * s), "negative_binomial")


def _fallback(exact: RateRatio, why: str) -> RateRatio:
    return RateRatio(exact.ratio, exact.ci_low, exact.ci_high, exact.method, why)


def _bootstrap(
    before: np.ndarray, during: np.ndarray, ob: np.ndarray, od: np.ndarray, seed: int
) -> RateRatio:
    """Moving-block bootstrap (blocks of BLOCK_DAYS days) within each period; percentile CI."""
    rng = np.random.default_rng(seed)

    def resample(y: np.ndarray, o: np.ndarray) -> np.ndarray:
        n = len(y)
        block = min(BLOCK_DAYS, n)
        starts = rng.integers(0, n - block + 1, size=(BOOTSTRAP_REPS, -(-n // block)))
        idx = (starts[:, :, None] + np.arange(block)).reshape(BOOTSTRAP_REPS, -1)[:, :n]
        return y[idx].sum(axis=1) / np.exp(o)[idx].sum(axis=1)

    rate_b, rate_d = before.sum() / np.exp(ob).sum(), during.sum() / np.exp(od).sum()
    if rate_b == 0:
        return RateRatio(None, None, None, "block_bootstrap", "no events before")
    rb, rd = resample(before, ob), resample(during, od)
    ok = rb > 0
    ratios = rd[ok] / rb[ok]
    low, high = np.quantile(ratios, [0.025, 0.975])
    return RateRatio(float(rate_d / rate_b), float(low), float(high), "block_bootstrap")


def did_ratio(
    scope_before: np.ndarray,
    scope_during: np.ndarray,
    control_before: np.ndarray,
    control_during: np.ndarray,
) -> RateRatio:
    """Difference in differences: exp of the period x area interaction of a NB2 regression.

    The stacked daily counts ``count ~ period * area``; the ratio is the scope's rate ratio over
    the control's. Its standard error is the sandwich (HC0) one, because the two areas need
    not share one dispersion. Falls back to the Poisson (Woolf) interval on the four totals
    when the fit fails; None when a total is zero.
    """
    cells = [np.asarray(c, dtype=float) for c in (scope_before, scope_during)]
    cells += [np.asarray(c, dtype=float) for c in (control_before, control_during)]
    totals = [c.sum() for c in cells]
    if min(len(c) for c in cells) == 0 or min(totals) == 0:
        return RateRatio(None, None, None, "negative_binomial", "a period or area has no events")
    y = np.concatenate(cells)
    period = np.concatenate([np.full(len(c), p) for c, p in zip(cells, (0, 1, 0, 1), strict=True)])
    area = np.concatenate([np.full(len(c), a) for c, a in zip(cells, (1, 1, 0, 0), strict=True)])
    x = np.column_stack([np.ones(len(y)), period, area, period * area])
    try:
        params, se = _fit_nb(y, x, np.zeros(len(y)), cov_type="HC0")
        b, s, method, note = float(params[3]), float(se[3]), "negative_binomial", ""
    except Exception as exc:  # any failure: the Poisson interval on the totals
        rates = [t / len(c) for t, c in zip(totals, cells, strict=True)]
        b = math.log(rates[1] / rates[0]) - math.log(rates[3] / rates[2])
        s = math.sqrt(sum(1 / t for t in totals))
        method, note = "poisson_wald", f"negative binomial fit failed: {exc}"
    return RateRatio(math.exp(b), math.exp(b - Z95 * s), math.exp(b + Z95 * s), method, note)


def deaths_ratio(
    records: EventRecords,
    before_days: np.ndarray,
    during_days: np.ndarray,
    *,
    include_uncertain: bool,
    method: str = "negative_binomial",
    draws: int = 200,
    seed: int = 0,
) -> RateRatio:
    """The rate ratio of deaths (best) with UCDP's low/high spread propagated by draws.

    The sampling interval comes from ``rate_ratio`` on the daily best counts (log scale,
    standard error s = width / 2z); each draw gives every event triangular(low, best, high)
    deaths and the log ratio of the draw's totals; the spread d (standard deviation over draws)
    widens the interval to exp(log R +- z sqrt(s^2 + d^2)).
    """
    keep = np.ones(len(records.day), bool) if include_uncertain else ~records.uncertain
    day, low, best, high = (
        records.day[keep],
        records.low[keep],
        records.best[keep],
        records.high[keep],
    )
    n_days = int(max(before_days.max(initial=-1), during_days.max(initial=-1), day.max(initial=-1)))
    daily = np.bincount(day, weights=best, minlength=n_days + 1)
    sampling = rate_ratio(daily[before_days], daily[during_days], method=method, seed=seed)
    if (
        sampling.ratio is None
        or sampling.ratio == 0
        or sampling.ci_low is None
        or sampling.ci_low <= 0
        or sampling.ci_high is None
        or draws < 2
    ):
        return sampling
    in_b, in_d = np.isin(day, before_days), np.isin(day, during_days)
    rng = np.random.default_rng(seed)
    spread = high - low
    u = rng.random((draws, len(day)))
    cut = np.divide(best - low, spread, out=np.zeros_like(spread), where=spread > 0)
    # inverse CDF of triangular(low, best, high); a point mass where low == high
    left = low + np.sqrt(u * spread * (best - low))
    right = high - np.sqrt((1 - u) * spread * (high - best))
    values = np.where(u < cut, left, right)
    tb, td = values[:, in_b].sum(axis=1), values[:, in_d].sum(axis=1)
    ok = (tb > 0) & (td > 0)
    if ok.sum() < 2:
        return sampling
    d = float(np.std(np.log(td[ok] / tb[ok]), ddof=1))
    s = (math.log(sampling.ci_high) - math.log(sampling.ci_low)) / (2 * Z95)
    total = math.sqrt(s * s + d * d)
    b = math.log(sampling.ratio)
    note = f"{draws} draws, spread {d:.3f} on the log scale" + (
        f"; {sampling.note}" if sampling.note else ""
    )
    return RateRatio(
        sampling.ratio,
        math.exp(b - Z95 * total),
        math.exp(b + Z95 * total),
        f"{sampling.method}+draws",
        note,
    )


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

    def estimate(
        self, measure: str = "events", area: str = "scope", uncertain: str = "excluded"
    ) -> Estimate:
        """The estimate for one measure, area and treatment of uncertain events."""
        for e in self.estimates:
            if (e.measure, e.area, e.uncertain) == (measure, area, uncertain):
                return e
        raise ValidationError(f"no estimate for {measure}/{area}/{uncertain}")


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
        note=rr.note,
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
        did.append(
            DidEstimate(measure, horizon, r.ratio, r.ci_low, r.ci_high, r.method, unc, r.note)
        )
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
    )


def datetime_of_day_end(series: DailySeries, day: date) -> datetime:
    """The UTC instant at which local ``day`` of the series' time zone ends."""
    return local_days_interval(day, day, series.timezone).end  # type: ignore[return-value]


def estimate_effect(
    events: Iterable[Event],
    verdicts: Iterable[Verdict],
    agreement: Agreement,
    *,
    horizons: Sequence[int | None] = (7, 14, 28, None),
    control: str | BaseGeometry = "country",
    volume: Mapping[date, float] | None = None,
    method: str = "negative_binomial",
    draws: int = 200,
    seed: int = 0,
    first_day: date | None = None,
    last_day: date | None = None,
) -> list[WindowEffect]:
    """Before vs during for every window of ``agreement`` at every horizon (days; None = whole).

    ``verdicts``: from ``judge(events, [agreement], include_outside=True)``. The series run
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
