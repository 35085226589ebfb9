from dataclasses import replace
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from test_series import agreement, event, series_of

from trucewatch.effect.breakdown import change_points, evaluate_conditions
from trucewatch.effect.series import EventRecords
from trucewatch.model.agreement import Condition


def with_counts(series, counts):
    """The same series with its scope events replaced by ``counts`` (one per day)."""
    n = len(counts)
    days = tuple(series.days[0] + timedelta(days=i) for i in range(n))
    zeros = np.zeros(n)
    empty = EventRecords.build([])
    return replace(
        series,
        days=days,
        **{
            name: zeros.copy()
            for name, value in vars(series).items()
            if isinstance(value, np.ndarray) and name not in ("volume", "scope_events")
        },
        scope_events=np.asarray(counts, dtype=float),
        volume=None,
        scope_records=empty,
        control_records=empty,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_change_point_is_found_near_a_known_break(seed):
    rng = np.random.default_rng(seed)
    k = 3.0
    counts = np.r_[
        rng.negative_binomial(k, k / (k + 3.0), 40), rng.negative_binomial(k, k / (k + 12.0), 30)
    ]
    s = with_counts(series_of([event(1, date(2016, 5, 3))]), counts)
    found = change_points(s)
    assert found, "no change point found"
    assert min(abs((d - s.days[40]).days) for d in found) <= 3
    assert len(found) <= 2


def test_no_change_point_in_a_flat_series():
    rng = np.random.default_rng(7)
    s = with_counts(series_of([event(1, date(2016, 5, 3))]), rng.poisson(5.0, 60))
    assert change_points(s) == []


def calm_agreement(days):
    a = agreement("aleppo-calm-2016-05")
    calm = Condition("calm", "continuous_calm", f"{days} calm days", days=days)
    deadline = Condition("talks", "deadline", "talks by 8 May", by=date(2016, 5, 8))
    return replace(a, conditions=(calm, deadline))


def test_continuous_calm_met_on_the_day_completing_the_run():
    # violations on 7 and 8 May inside the 72 h extension (starting 7 May 01:00, so 7 May is
    # only a possible violation); 9, 10, 11 May calm -> 3 calm days met on 11 May
    events = [event(1, date(2016, 5, 8)), event(2, date(2016, 5, 7))]
    a = calm_agreement(3)
    s = series_of(events)
    results = {r.condition_id: r for r in evaluate_conditions(a, s)}
    assert (results["calm"].met, results["calm"].on) == (True, date(2016, 5, 11))
    assert "2016-05-09 to 2016-05-11" in results["calm"].detail
    assert results["talks"].met is None and results["talks"].on == date(2016, 5, 8)
    assert "0 before that day, 1 from it on" in results["talks"].detail


def test_continuous_calm_not_met_when_the_data_end_first():
    a = calm_agreement(5)
    s = series_of([event(1, date(2016, 5, 8))])
    (calm, _) = evaluate_conditions(a, s)
    assert (calm.met, calm.on) == (False, None)
    assert "longest run: 4 days" in calm.detail


def test_a_deadline_given_as_an_instant_is_judged_on_its_local_day():
    a = agreement("syria-coh-2016")
    s = series_of([event(1, date(2016, 5, 8))])
    s = replace(s, timezone="Asia/Damascus")
    (r,) = evaluate_conditions(a, s)
    assert r.met is None and r.on == date(2016, 2, 26)
    assert isinstance(a.conditions[0].by, datetime)
