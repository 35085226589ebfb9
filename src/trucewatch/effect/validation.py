"""Do the 95 % intervals cover the truth? Repeated runs of the seeded simulator.

Each run simulates :mod:`trucewatch.effect.simulate` with its own seed and a known true rate
ratio ``effect`` for the covered cities (the control cities, held by an excluded group, keep
their rate, so the true difference-in-differences ratio is ``effect`` too). Daily counts are
taken straight from the simulated events by the simulator's ``covered`` flag (no verdicts: the
scope of the demo covers every city) and fed to the same estimators as real data
(:func:`~trucewatch.effect.estimates.rate_ratio`, :func:`~trucewatch.effect.estimates.did_ratio`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import timedelta

import numpy as np

from trucewatch.effect.ratios import did_ratio, rate_ratio
from trucewatch.effect.series import local_day
from trucewatch.effect.simulate import SimulationConfig, simulate
from trucewatch.errors import ValidationError

__all__ = ["Coverage", "coverage", "simulated_counts"]


@dataclass(frozen=True, slots=True)
class Coverage:
    """How often the 95 % intervals covered the true ratio over ``runs`` simulations."""

    runs: int
    effect: float
    horizon_days: int
    method: str
    events_covered: int
    did_covered: int
    events_methods: tuple[tuple[str, int], ...]  # method actually used -> runs
    did_methods: tuple[tuple[str, int], ...]
    median_ratio: float
    median_did: float

    @property
    def events_share(self) -> float:
        return self.events_covered / self.runs

    @property
    def did_share(self) -> float:
        return self.did_covered / self.runs


def simulated_counts(config: SimulationConfig, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Daily counts (covered, control) of ``horizon`` days before and after the truce start.

    The config's days are replaced by the 2 x ``horizon`` local days around the start.
    """
    start_day = local_day(config.truce_start, config.timezone)
    first = start_day - timedelta(days=horizon)
    config = replace(config, first_day=first, last_day=start_day + timedelta(days=horizon - 1))
    covered = {c.name: c.covered for c in config.cities}
    scope, control = np.zeros(2 * horizon), np.zeros(2 * horizon)
    for event in simulate(config):
        index = (local_day(event.when.start, config.timezone) - first).days
        target = scope if covered[event.where.place or ""] else control
        target[index] += 1
    return scope, control


def coverage(
    runs: int = 1000,
    *,
    effect: float = 0.35,
    horizon: int = 28,
    method: str = "negative_binomial",
    first_seed: int = 1,
    config: SimulationConfig | None = None,
) -> Coverage:
    """Simulate ``runs`` times (seeds first_seed, first_seed + 1, ...) and count coverage."""
    if runs < 1:
        raise ValidationError(f"runs {runs} must be >= 1")
    base = replace(config or SimulationConfig(), effect=effect)
    hit = did_hit = 0
    methods: Counter[str] = Counter()
    did_methods: Counter[str] = Counter()
    ratios, dids = [], []
    for seed in range(first_seed, first_seed + runs):
        scope, control = simulated_counts(replace(base, seed=seed), horizon)
        rr = rate_ratio(scope[:horizon], scope[horizon:], method=method, seed=seed)
        methods[rr.method] += 1
        if rr.ci_low is not None and rr.ci_high is not None and rr.ci_low <= effect <= rr.ci_high:
            hit += 1
        did = did_ratio(scope[:horizon], scope[horizon:], control[:horizon], control[horizon:])
        did_methods[did.method] += 1
        if did.ci_low is not None and did.ci_high is not None:
            did_hit += did.ci_low <= effect <= did.ci_high
        ratios.append(np.nan if rr.ratio is None else rr.ratio)
        dids.append(np.nan if did.ratio is None else did.ratio)
    return Coverage(
        runs=runs,
        effect=effect,
        horizon_days=horizon,
        method=method,
        events_covered=hit,
        did_covered=int(did_hit),
        events_methods=tuple(methods.most_common()),
        did_methods=tuple(did_methods.most_common()),
        median_ratio=float(np.nanmedian(ratios)),
        median_did=float(np.nanmedian(dids)),
    )
