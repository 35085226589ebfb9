"""When did a truce break down? Change points in the daily series, and the agreement's conditions.

Change points: ruptures' exact PELT search with a Poisson deviance cost on the daily counts,
divided by the series' dispersion (quasi-Poisson), so that overdispersed conflict counts do not
yield a change point every few days. Conditions: ``continuous_calm`` is met on the first day
that completes N consecutive calm days from the window start; a ``deadline`` for a political
step cannot be judged from events. Semantics in docs/effect.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

import numpy as np

from trucewatch.effect.series import DailySeries, local_day
from trucewatch.errors import ValidationError
from trucewatch.model.agreement import Agreement

__all__ = [
    "ConditionResult",
    "change_points",
    "default_penalty",
    "dispersion",
    "evaluate_conditions",
]

MIN_SEGMENT_DAYS = 3
#: the default penalty per change point, in units of log(n) on the dispersion-scaled deviance
PENALTY_LOG_N = 3.0


@cache
def _poisson_cost() -> type[Any]:
    """The class :class:`PoissonCost`, defined on first use: it derives from ruptures' cost
    class, and importing ruptures imports scipy.stats (~0.6 s), which most importers of this
    module (the API, ``trucewatch effect -f json``) never need."""
    from ruptures.base import BaseCost
    from ruptures.exceptions import NotEnoughPoints

    class PoissonCost(BaseCost):  # type: ignore[misc]
        """Poisson deviance of a segment around its own mean, over a dispersion factor."""

        model = "poisson"
        min_size = MIN_SEGMENT_DAYS

        def __init__(self, phi: float = 1.0) -> None:
            self.phi = phi
            self.signal = np.zeros((0, 1))
            self.cumsum = np.zeros(1)
            self.cumylogy = np.zeros(1)

        def fit(self, signal: np.ndarray) -> PoissonCost:
            y = np.asarray(signal, dtype=float).reshape(-1)
            self.signal = y.reshape(-1, 1)
            ylogy = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0)), 0.0)
            self.cumsum = np.r_[0.0, np.cumsum(y)]
            self.cumylogy = np.r_[0.0, np.cumsum(ylogy)]
            return self

        def error(self, start: int, end: int) -> float:
            if end - start < self.min_size:
                raise NotEnoughPoints
            total = self.cumsum[end] - self.cumsum[start]
            mean = total / (end - start)
            fitted = total * math.log(mean) if mean > 0 else 0.0
            # deviance 2 * sum(y log(y / mean) - (y - mean)); the second sum is zero
            return 2.0 * (self.cumylogy[end] - self.cumylogy[start] - fitted) / self.phi

    PoissonCost.__module__ = __name__
    return PoissonCost


def __getattr__(name: str) -> Any:
    """``PoissonCost``: the Poisson deviance cost of a segment around its own mean, over a
    dispersion factor (a ruptures cost; the class is made on first use)."""
    if name == "PoissonCost":
        return _poisson_cost()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def dispersion(y: np.ndarray) -> float:
    """The dispersion factor (variance over mean, at least 1) from first differences.

    Differences remove level shifts: for independent counts Var(y_t - y_t-1) = 2 Var(y).
    """
    y = np.asarray(y, dtype=float)
    if len(y) < 3 or y.mean() <= 0:
        return 1.0
    return max(1.0, float(np.var(np.diff(y), ddof=1) / (2.0 * y.mean())))


def default_penalty(n_days: int) -> float:
    """The default PELT penalty: PENALTY_LOG_N * log(n) (a BIC-like penalty, a little stiffer)."""
    return PENALTY_LOG_N * math.log(max(n_days, 2))


def change_points(
    series: DailySeries, *, measure: str = "events", penalty: float | None = None
) -> list[date]:
    """The days on which the scope's daily ``measure`` (events or deaths) changes level.

    Each date is the first day of a new segment. PELT (ruptures) with :class:`PoissonCost`,
    segments of at least MIN_SEGMENT_DAYS days, ``penalty`` default :func:`default_penalty`.
    """
    if measure == "events":
        y = np.asarray(series.scope_events)
    elif measure == "deaths":
        y = np.asarray(series.scope_deaths_best)
    else:
        raise ValidationError(f"measure {measure!r} is not events or deaths")
    if len(y) < 2 * MIN_SEGMENT_DAYS or y.sum() == 0:
        return []
    pen = default_penalty(len(y)) if penalty is None else float(penalty)
    from ruptures import Pelt

    algo = Pelt(custom_cost=_poisson_cost()(dispersion(y)), min_size=MIN_SEGMENT_DAYS, jump=1)
    breaks = algo.fit(y.reshape(-1, 1)).predict(pen=pen)
    return [series.days[b] for b in breaks if b < len(y)]


@dataclass(frozen=True, slots=True)
class ConditionResult:
    """Whether one condition of the agreement was met, and on which day (None: cannot say)."""

    condition_id: str
    kind: str
    met: bool | None
    on: date | None
    detail: str


def _by_day(by: date | datetime, timezone: str) -> date:
    return local_day(by, timezone) if isinstance(by, datetime) else by


def evaluate_conditions(agreement: Agreement, series: DailySeries) -> list[ConditionResult]:
    """Evaluate each condition of ``agreement`` on ``series`` (the window it was built for).

    ``continuous_calm`` (N days): a calm day has no ``violation`` verdict in the scope; met on
    the first day that completes N consecutive calm days counted from the local day holding
    the window start, else not met by the series' last day. Possible violations on the calm
    days are reported in the detail. ``deadline``: events cannot show a political step, so
    ``met`` is None; the detail gives the violations before and from the date. ``other``: None.
    """
    out = []
    start = max(series.start_index, 0)
    days = series.days
    for c in agreement.conditions:
        if c.kind == "continuous_calm":
            assert c.days is not None
            out.append(_calm(c.id, c.days, series, start))
        elif c.kind == "deadline":
            assert c.by is not None
            by = _by_day(c.by, series.timezone)
            cut = (by - days[0]).days if days else 0
            cut = min(max(cut, 0), len(days))
            before = int(series.scope_violations[:cut].sum())
            after = int(series.scope_violations[cut:].sum())
            out.append(
                ConditionResult(
                    c.id,
                    c.kind,
                    None,
                    by,
                    f"deadline {by.isoformat()} for a step events cannot show ({c.text.strip()}); "
                    f"violations in scope: {before} before that day, {after} from it on "
                    f"(data {days[0].isoformat()} to {days[-1].isoformat()})",
                )
            )
        else:
            out.append(
                ConditionResult(
                    c.id, c.kind, None, None, "not evaluated: a condition of kind other"
                )
            )
    return out


def _calm(cid: str, need: int, series: DailySeries, start: int) -> ConditionResult:
    run = best = 0
    possible = 0
    for i in range(start, len(series.days)):
        if series.scope_violations[i] == 0:
            run += 1
            possible += int(series.scope_possible[i])
            best = max(best, run)
            if run == need:
                day = series.days[i]
                first = day - timedelta(days=need - 1)
                return ConditionResult(
                    cid,
                    "continuous_calm",
                    True,
                    day,
                    f"{need} days without violations in scope from {first.isoformat()} to "
                    f"{day.isoformat()} ({possible} possible violations on those days)",
                )
        else:
            run = possible = 0
    last = series.days[-1].isoformat() if series.days else "the end of the data"
    return ConditionResult(
        cid,
        "continuous_calm",
        False,
        None,
        f"no {need} consecutive days without violations in scope from "
        f"{series.start_day.isoformat()} to {last} (longest run: {best} days)",
    )
