"""Rate ratios and their 95 % intervals, from daily counts: the statistics under the estimates.

Negative binomial regression (statsmodels, NB2, dispersion by maximum likelihood) of the daily
counts on a period indicator, with a fallback to the exact Poisson interval (conditional
binomial) when counts are tiny or the fit fails; a bootstrap over blocks of days; the
difference in differences as the period x area interaction; deaths widened by triangular
(low, best, high) draws. Semantics: docs/effect.md.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from trucewatch.effect._draws import triangular_values
from trucewatch.effect.series import EventRecords
from trucewatch.errors import ValidationError

__all__ = [
    "BLOCK_DAYS",
    "BOOTSTRAP_REPS",
    "METHODS",
    "MIN_NB_TOTAL",
    "Z95",
    "RateRatio",
    "deaths_ratio",
    "did_ratio",
    "exact_poisson_ratio",
    "rate_ratio",
]

METHODS = ("negative_binomial", "exact_poisson", "block_bootstrap")
#: ``scipy.stats.norm.ppf(0.975)``, written out: importing scipy.stats takes ~0.6 s, and most
#: importers of this module (the API, the report's imports) need no statistics until a fit
#: (a test holds the two equal)
Z95 = 1.959963984540054
#: below this many events in both periods together, the exact Poisson interval is used
MIN_NB_TOTAL = 10
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
    from scipy.stats import binomtest  # here: importing scipy.stats takes ~0.6 s

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


#: draws × events held at once by the deaths draws (values of 8 bytes)
_BLOCK = 2_000_000
#: unused numbers drawn rather than skipped between two used columns of the deaths draws
_GAP = 512


class _Uniforms:
    """The rows of ``np.random.default_rng(seed).random((draws, n))[:, used]``, drawn row by
    row without drawing the unused columns: the generator (PCG64, one 64-bit output per
    double) is advanced over them, so the numbers are the very same. Used columns closer than
    ``_GAP`` are drawn in one call (a call costs more than a few hundred numbers)."""

    def __init__(self, seed: int, n: int, used: np.ndarray) -> None:
        self.bits = np.random.PCG64(seed)  # what np.random.default_rng(seed) holds
        self.generator = np.random.Generator(self.bits)
        where = np.flatnonzero(used)
        cuts = np.flatnonzero(np.diff(where) > _GAP) + 1
        self.spans = [
            (int(part[0]), int(part[-1]) + 1, part - part[0])
            for part in np.split(where, cuts)
            if len(part)
        ]
        self.n, self.m = n, len(where)
        self.position = 0  # outputs drawn so far
        self.row = 0

    def rows(self, count: int) -> np.ndarray:
        out = np.empty((count, self.m))
        for k in range(count):
            base, at = self.row * self.n, 0
            for a, b, picks in self.spans:
                if base + a > self.position:
                    self.bits.advance(base + a - self.position)
                out[k, at : at + len(picks)] = self.generator.random(b - a)[picks]
                self.position, at = base + b, at + len(picks)
            self.row += 1
        return out


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
    used = in_b | in_d  # only these events' draws are summed (the others' are skipped over)
    low, best, high, in_b, in_d = low[used], best[used], high[used], in_b[used], in_d[used]
    spread = high - low
    # an event with low == best == high draws its best every time (the inverse CDF below gives
    # exactly ``high``): only the others need numbers drawn and the arithmetic
    vary = spread > 0
    drawn = np.zeros(len(day), dtype=bool)
    drawn[np.flatnonzero(used)[vary]] = True
    column = np.where(vary, np.cumsum(vary) - 1, -1)  # each event's column among the drawn
    tb, td = np.empty(draws), np.empty(draws)
    stream = _Uniforms(seed, len(day), drawn)
    block = max(1, _BLOCK // max(1, len(low)))
    for first in range(0, draws, block):  # rows of rng.random((draws, n))[:, used], by blocks
        u = stream.rows(min(block, draws - first))
        # inverse CDF of triangular(low, best, high), compiled (effect/_draws.py)
        values_b, values_d = triangular_values(u, column, in_b, in_d, low, best, high)
        rows = slice(first, first + len(u))
        tb[rows], td[rows] = values_b.sum(axis=1), values_d.sum(axis=1)
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
