"""Outcomes (kind, space, time, side statuses) give the same counts as full verdicts.

The effect series and the dashboard's series count from :func:`judge_outcomes` (straight from
the fast engine's columns) or from the stored verdicts' narrow columns; both must give exactly
the series that full :class:`Verdict` objects give.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from test_build import cases

from trucewatch.agreements import example_paths, load_examples
from trucewatch.catalog import add_agreement_file, load_agreements
from trucewatch.effect.series import daily_series, local_day
from trucewatch.model import Actors, DatePrecision, Event, Location, LocationPrecision
from trucewatch.model.time import local_days_interval
from trucewatch.serve.api.map_data import series_answer
from trucewatch.sources.base import adapter_for
from trucewatch.store import Store
from trucewatch.verdicts.judge import judge
from trucewatch.verdicts.outcomes import Outcome, judge_outcomes
from trucewatch.verdicts.update import update_verdicts

SERIES_ARRAYS = (
    "scope_events",
    "scope_deaths_low",
    "scope_deaths_best",
    "scope_deaths_high",
    "scope_uncertain",
    "scope_violations",
    "scope_possible",
    "control_events",
    "control_deaths_low",
    "control_deaths_best",
    "control_deaths_high",
    "control_uncertain",
    "sources_per_day",
)


def assert_same_series(a, b) -> None:
    assert a.days == b.days
    for name in SERIES_ARRAYS:
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for records in ("scope_records", "control_records"):
        for column in ("day", "low", "best", "high", "uncertain"):
            got = getattr(getattr(a, records), column)
            assert np.array_equal(got, getattr(getattr(b, records), column))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_outcomes_are_the_verdicts_decisions(case):
    event_list, agreement_list = case
    for include_outside in (False, True):
        verdicts = judge(event_list, agreement_list, include_outside=include_outside)
        got = judge_outcomes(event_list, agreement_list, include_outside=include_outside)
        assert got == [Outcome.of(v) for v in verdicts]


@pytest.fixture(scope="module")
def ucdp(shared_data):
    path = shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv"
    return [r for r in adapter_for("ucdp-ged").read(path) if isinstance(r, Event)]


@pytest.mark.shared_data
@pytest.mark.parametrize("agreement_id", ["syria-coh-2016", "aleppo-calm-2016-05"])
@pytest.mark.parametrize("control", ["country", "excluded"])
def test_ucdp_2016_series_from_outcomes_equal_series_from_verdicts(ucdp, agreement_id, control):
    agreement = next(a for a in load_examples() if a.id == agreement_id)
    verdicts = judge(ucdp, [agreement], include_outside=True)
    outcomes = judge_outcomes(ucdp, [agreement], include_outside=True)
    for window in agreement.windows():
        first = local_day(window.start, agreement.timezone) - timedelta(days=30)
        kw = {"first_day": first, "last_day": first + timedelta(days=60), "control": control}
        assert_same_series(
            daily_series(ucdp, outcomes, agreement, window, **kw),
            daily_series(ucdp, verdicts, agreement, window, **kw),
        )


def synthetic_events(n: int) -> list[Event]:
    """Events around five Syrian cities over 2016, as benchmarks/api.py stores them."""
    rng = np.random.default_rng(3)
    cities = [(36.20, 37.16), (33.51, 36.29), (34.73, 36.71), (35.52, 35.79), (35.93, 36.63)]
    sides = ["Syrian insurgents", "IS", "Jabhat al-Nusra", "SDF"]
    types = ["remote.airstrike", "remote.shelling", "battle.armed_clash", "civilians.attack"]
    out = []
    for i in range(n):
        lat, lon = cities[i % 5]
        day = date(2016, 1, 1) + timedelta(days=int(rng.integers(0, 366)))
        out.append(
            Event(
                source="bench",
                source_row_id=str(i),
                adapter="bench.v1",
                when=local_days_interval(day, day, "Asia/Damascus"),
                date_precision=DatePrecision.DAY,
                where=Location(
                    round(lat + rng.uniform(-0.3, 0.3), 4),
                    round(lon + rng.uniform(-0.3, 0.3), 4),
                    float(rng.choice([0.0, 2.0, 25.0])),
                    LocationPrecision.EXACT,
                    country="Syria",
                ),
                event_type=types[i % 4],
                actors=Actors("Government of Syria", sides[int(rng.integers(0, 4))]),
                timezone="Asia/Damascus",
            )
        )
    return out


def test_series_answer_judged_and_stored_equal_the_answer_from_full_verdicts(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        for path in example_paths():
            add_agreement_file(store, path)
        store.ingest_events(synthetic_events(1500), label="synthetic", adapter="bench.v1")
        agreements = load_agreements(store)
        kw = {"days_before": 20, "days_after": 20, "control": "country", "horizons": (7, 14)}
        answers = {}
        for agreement in agreements:
            for window in agreement.windows():
                answers[(agreement.id, window.id)] = series_answer(
                    store, agreement, window.id, **kw
                )
        assert {a["verdicts"] for a in answers.values()} == {"judged"}
        update_verdicts(store, agreements)
        events = list(store.iter_events())
        for agreement in agreements:
            verdicts = judge(events, [agreement], include_outside=True)
            for window in agreement.windows():
                stored = series_answer(store, agreement, window.id, **kw)
                assert stored["verdicts"] == "stored"
                judged = answers[(agreement.id, window.id)]
                assert {**stored, "verdicts": "judged"} == judged
                start = local_day(window.start, agreement.timezone)
                full = daily_series(
                    events,
                    verdicts,
                    agreement,
                    window,
                    first_day=start - timedelta(days=20),
                    last_day=start + timedelta(days=20),
                )
                assert judged["scope_events"] == [float(v) for v in full.scope_events]
                assert judged["scope_violations"] == [float(v) for v in full.scope_violations]
                assert judged["control_events"] == [float(v) for v in full.control_events]
