import math
from datetime import date

import numpy as np
import pytest
from scipy.stats import binomtest
from test_series import HOMS, agreement, event, series_of

from trucewatch.effect.estimates import estimate_effect, periods
from trucewatch.effect.ratios import deaths_ratio, did_ratio, exact_poisson_ratio, rate_ratio
from trucewatch.effect.series import EventRecords
from trucewatch.effect.simulate import SimulationConfig
from trucewatch.effect.validation import simulated_counts
from trucewatch.errors import ValidationError
from trucewatch.verdicts.judge import judge


@pytest.mark.parametrize(("before", "during", "t0", "t1"), [(20, 5, 10, 10), (7, 3, 14, 7)])
def test_exact_poisson_interval_is_the_conditional_binomial_one(before, during, t0, t1):
    r = exact_poisson_ratio(before, during, t0, t1)
    ci = binomtest(during, before + during).proportion_ci(method="exact")
    assert r.ratio == pytest.approx(during / t1 / (before / t0))
    assert r.ci_low == pytest.approx(ci.low / (1 - ci.low) * t0 / t1)
    assert r.ci_high == pytest.approx(ci.high / (1 - ci.high) * t0 / t1)


def test_exact_poisson_known_values_20_before_5_during():
    # p = 5/25, Clopper-Pearson 95 % [0.0683, 0.4070] -> R in [0.0733, 0.6864]
    r = exact_poisson_ratio(20, 5, 10, 10)
    assert (r.ratio, round(r.ci_low, 4), round(r.ci_high, 4)) == (0.25, 0.0733, 0.6864)


def test_tiny_counts_fall_back_to_exact_poisson_and_say_why():
    r = rate_ratio(np.array([1, 0, 2, 0]), np.array([0, 1, 0, 0]))
    assert r.method == "exact_poisson" and "too small" in r.note
    assert r.ratio == pytest.approx(1 / 3)


def test_negative_binomial_interval_is_wider_than_poisson_on_overdispersed_counts():
    rng = np.random.default_rng(5)
    k = 1.5
    before = rng.negative_binomial(k, k / (k + 10.0), 28)
    during = rng.negative_binomial(k, k / (k + 5.0), 28)
    nb = rate_ratio(before, during)
    ex = rate_ratio(before, during, method="exact_poisson")
    assert nb.method == "negative_binomial"
    assert nb.ratio == pytest.approx(during.sum() / before.sum(), rel=1e-4)
    assert math.log(nb.ci_high / nb.ci_low) > 1.5 * math.log(ex.ci_high / ex.ci_low)
    boot = rate_ratio(before, during, method="block_bootstrap", seed=3)
    assert boot.ci_low < boot.ratio < boot.ci_high
    assert boot == rate_ratio(before, during, method="block_bootstrap", seed=3)


def test_did_sign_on_the_simulator_is_below_one_when_the_truce_works():
    scope, control = simulated_counts(SimulationConfig(seed=11, effect=0.3), 28)
    d = did_ratio(scope[:28], scope[28:], control[:28], control[28:])
    assert d.method == "negative_binomial" and d.ci_high < 1.0
    scope, control = simulated_counts(SimulationConfig(seed=11, effect=1.0), 28)
    d = did_ratio(scope[:28], scope[28:], control[:28], control[28:])
    assert d.ci_low < 1.0 < d.ci_high


def test_deaths_draws_widen_the_sampling_interval_and_are_seeded():
    rng = np.random.default_rng(2)
    day = np.repeat(np.arange(20), 4)
    best = rng.integers(1, 10, len(day)).astype(float)
    rec = EventRecords(day, best * 0.2, best, best * 4, np.zeros(len(day), bool))
    b, d = np.arange(10), np.arange(10, 20)
    r = deaths_ratio(rec, b, d, include_uncertain=False, draws=200, seed=1)
    daily = np.bincount(day, weights=best)
    sampling = rate_ratio(daily[b], daily[d])
    assert r.ratio == pytest.approx(sampling.ratio)
    assert r.ci_low < sampling.ci_low and r.ci_high > sampling.ci_high
    assert r.method.endswith("+draws")
    assert r == deaths_ratio(rec, b, d, include_uncertain=False, draws=200, seed=1)


def test_uncertain_events_counted_in_and_out_give_both_readings():
    days = [date(2016, 5, d) for d in range(1, 13)]
    events = [event(i, d) for i, d in enumerate(days)]
    events.append(event(99, date(2016, 5, 7)))  # start day of the 72 h extension: uncertain
    a = agreement("aleppo-calm-2016-05")
    v = judge(events, [a], include_outside=True)
    (w,) = [
        w for w in estimate_effect(events, v, a, horizons=(3,), draws=20)
        if w.window_id == "ext-72h-2016-05-07"
    ]  # fmt: skip
    out = w.estimate("events", "scope", "excluded")
    inc = w.estimate("events", "scope", "included")
    assert (out.before, out.during) == (3, 2)  # 7 May events are uncertain
    assert (inc.before, inc.during) == (3, 4)
    assert w.n_uncertain == 2 and inc.rate_ratio > out.rate_ratio
    assert w.beyond_window is False and w.during_last == date(2016, 5, 9)


def test_volume_offset_raises_the_ratio_when_reporting_falls():
    days = [date(2016, 5, d) for d in range(1, 13)]
    rng = np.random.default_rng(0)
    events, n = [], 0
    for d in days:
        for _ in range(int(rng.poisson(8 if d < date(2016, 5, 7) else 4))):
            n += 1
            events.append(event(n, d))
    volume = {d: (100.0 if d < date(2016, 5, 7) else 50.0) for d in days}
    a = agreement("aleppo-calm-2016-05")
    v = judge(events, [a], include_outside=True)
    (w,) = [
        w for w in estimate_effect(events, v, a, horizons=(6,), volume=volume, draws=10)
        if w.window_id == "ext-72h-2016-05-07"
    ]  # fmt: skip
    raw = w.estimate("events", "scope", "excluded")
    adj = next(e for e in w.volume_adjusted if e.uncertain == "excluded")
    assert adj.volume_adjusted and adj.rate_ratio == pytest.approx(2 * raw.rate_ratio, rel=1e-3)


def test_periods_of_a_whole_closed_window_are_its_length_in_days():
    s = series_of([event(1, date(2016, 5, 3)), event(2, date(2016, 5, 8), HOMS)])
    before, during = periods(s, None)
    assert len(before) == len(during) == 3
    with pytest.raises(ValidationError):
        periods(s, 0)


def test_unknown_method_is_refused():
    with pytest.raises(ValidationError, match="not one of"):
        rate_ratio(np.ones(3), np.ones(3), method="magic")


@pytest.fixture(scope="module")
def coh_real(shared_data):
    from trucewatch.model.event import Event
    from trucewatch.sources.base import adapter_for

    path = shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv"
    events = [r for r in adapter_for("ucdp-ged").read(path) if isinstance(r, Event)]
    a = agreement("syria-coh-2016")
    return events, judge(events, [a], include_outside=True), a


@pytest.mark.shared_data
def test_real_ucdp_2016_cessation_28_days_counts_match_a_direct_count(coh_real):
    from trucewatch.effect.series import local_day
    from trucewatch.model import is_violent
    from trucewatch.model.verdict import SideStatus, Space, TimeRelation

    events, verdicts, a = coh_real
    (w,) = estimate_effect(events, verdicts, a, horizons=(28,), control="excluded", draws=50)
    est = w.estimate("events", "scope", "excluded")
    assert est.rate_ratio is not None and est.ci_low <= est.rate_ratio <= est.ci_high
    assert (w.before_first, w.during_first) == (date(2016, 1, 30), date(2016, 2, 27))
    by_id = {e.event_id: e for e in events}
    counts = {"before": 0, "during": 0}
    for v in verdicts:
        e = by_id[v.event_id]
        if (
            v.space is Space.INSIDE
            and v.time is not TimeRelation.UNCERTAIN
            and is_violent(e.event_type)
            and not any(s.status is SideStatus.EXCLUDED for s in v.parties)
        ):
            day = local_day(e.when.start, "Asia/Damascus")
            if date(2016, 1, 30) <= day < date(2016, 2, 27):
                counts["before"] += 1
            elif date(2016, 2, 27) <= day < date(2016, 3, 26):
                counts["during"] += 1
    assert (est.before, est.during) == (counts["before"], counts["during"])
    for d in w.did:
        assert d.ratio is None or d.ci_low <= d.ratio <= d.ci_high


def test_z95_written_out_is_the_normal_quantile_scipy_gives():
    from scipy.stats import norm

    from trucewatch.effect.ratios import Z95

    assert float(norm.ppf(0.975)) == Z95
