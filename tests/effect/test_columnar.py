"""The effect and the series from columns (stored verdicts read as arrays) equal, figure for
figure, what today's object path gives (Event and Verdict objects: the reference)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest
import shapely

from trucewatch.agreements import load_examples
from trucewatch.analysis import effect_for, effects_from_columns
from trucewatch.catalog import save_agreement
from trucewatch.effect.columnar import series_from_columns
from trucewatch.effect.estimates import estimate_effect
from trucewatch.effect.series import DailySeries, daily_series
from trucewatch.effect.simulate import SimulationConfig, simulate
from trucewatch.effect.stored import AgreementColumns
from trucewatch.effect.suggest import suggested_ends
from trucewatch.settings import change_setting
from trucewatch.sources.base import adapter_for
from trucewatch.store import Store
from trucewatch.workspace import columns_of, workspace

AGREEMENTS = [a.id for a in load_examples()]
#: a control area given as a geometry: around Aleppo and Idlib (WGS84)
AROUND = shapely.box(35.5, 35.0, 38.5, 37.0)


def _filled(path: Path, shared_data: Path | None) -> Store:
    store = Store.open(path)
    if shared_data is not None:
        store.ingest(adapter_for("ucdp-ged"), shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv")
    else:
        store.ingest_events(simulate(SimulationConfig()), label="sim", adapter="simulation.v1")
    for agreement in load_examples():
        save_agreement(store, agreement)
    return store


@pytest.fixture(scope="module")
def ucdp_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with _filled(tmp_path_factory.mktemp("ucdp") / "s.duckdb", shared_data) as store:
        yield store


@pytest.fixture(scope="module")
def sim_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with _filled(tmp_path_factory.mktemp("sim") / "s.duckdb", None) as store:
        yield store


def assert_same_series(got: DailySeries, want: DailySeries) -> None:
    for name, value in vars(want).items():
        mine = getattr(got, name)
        if isinstance(value, np.ndarray):
            assert mine.dtype.kind == value.dtype.kind, name
            np.testing.assert_array_equal(mine, value, err_msg=name)
        elif name.endswith("_records"):
            for field in ("day", "low", "best", "high", "uncertain"):
                np.testing.assert_array_equal(
                    getattr(mine, field), getattr(value, field), err_msg=f"{name}.{field}"
                )
        else:
            assert mine == value, name


def _same_float(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        return True
    return a == b


def assert_same_effects(got: list, want: list) -> None:
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        dg, dw = asdict(g), asdict(w)
        assert dg.keys() == dw.keys()
        for key in dw:
            if key in ("estimates", "did", "volume_adjusted"):
                for eg, ew in zip(dg[key], dw[key], strict=True):
                    assert all(_same_float(eg[k], ew[k]) for k in ew), (key, eg, ew)
            else:
                assert dg[key] == dw[key], key


def _compare(store: Store, agreement_id: str) -> None:
    columns = columns_of(store, agreement_id)
    assert isinstance(columns, AgreementColumns)
    ws = workspace(store, agreement_id, update=False)
    agreement = ws.agreement
    span = columns.days.first_last()
    assert span is not None
    for control in ("country", "excluded", AROUND):
        for window in agreement.windows():
            want = daily_series(
                ws.events, ws.verdicts, agreement, window,
                first_day=span[0], last_day=span[1], control=control,
            )  # fmt: skip
            got = series_from_columns(
                columns.table, columns.days, columns.verdicts[window.id], agreement, window,
                min_share_inside=columns.rules.min_share_inside,
                first_day=span[0], last_day=span[1], control=control,
            )  # fmt: skip
            assert_same_series(got, want)
        want_effects = estimate_effect(ws.events, ws.verdicts, agreement, control=control)
        got_effects, found = effects_from_columns(columns, control=control)
        assert_same_effects(got_effects, want_effects)
        assert found == suggested_ends(ws.events, ws.verdicts, agreement)


@pytest.mark.shared_data
@pytest.mark.slow
@pytest.mark.parametrize("agreement_id", AGREEMENTS)
def test_effect_from_columns_equals_the_object_path_on_ucdp_ged_2016(
    ucdp_store: Store, agreement_id: str
) -> None:
    _compare(ucdp_store, agreement_id)


@pytest.mark.parametrize("agreement_id", AGREEMENTS)
def test_effect_from_columns_equals_the_object_path_on_the_simulation(
    sim_store: Store, agreement_id: str
) -> None:
    _compare(sim_store, agreement_id)


@pytest.mark.shared_data
@pytest.mark.slow
def test_effect_from_columns_equals_the_object_path_at_another_threshold(
    shared_data: Path, tmp_path: Path
) -> None:
    with _filled(tmp_path / "s.duckdb", shared_data) as store:
        change_setting(store, "min_share_inside", 0.8)
        for agreement_id in AGREEMENTS:
            _compare(store, agreement_id)


def test_effect_for_a_store_behind_an_ingest_judges_in_memory_with_the_same_numbers(
    tmp_path: Path,
) -> None:
    with _filled(tmp_path / "s.duckdb", None) as store:
        stored = effect_for(store, "syria-coh-2016")
        assert stored.verdicts == "stored"
        store.ingest_events(
            simulate(SimulationConfig(seed=7)), label="sim 7", adapter="simulation.v1"
        )
        judged = effect_for(store, "syria-coh-2016", update=False)
        assert judged.verdicts == "judged"
        updated = effect_for(store, "syria-coh-2016")
        assert updated.verdicts == "stored"
        assert_same_effects(updated.effects, judged.effects)
        assert updated.suggested == judged.suggested
        assert updated.effects != stored.effects  # the new events count


def _draws_reference(records, before, during, seed: int, draws: int = 200):
    """The deaths draws as first written: every event drawn, (draws, n) at once."""
    import math

    from trucewatch.effect.ratios import Z95, RateRatio, rate_ratio

    day, low, best, high = records.day, records.low, records.best, records.high
    daily = np.bincount(day, weights=best, minlength=int(day.max()) + 1)
    sampling = rate_ratio(daily[before], daily[during], seed=seed)
    in_b, in_d = np.isin(day, before), np.isin(day, during)
    u = np.random.default_rng(seed).random((draws, len(day)))
    spread = high - low
    cut = np.divide(best - low, spread, out=np.zeros_like(spread), where=spread > 0)
    left = low + np.sqrt(u * spread * (best - low))
    right = high - np.sqrt((1 - u) * spread * (high - best))
    values = np.where(u < cut, left, right)
    tb, td = values[:, in_b].sum(axis=1), values[:, in_d].sum(axis=1)
    d = float(np.std(np.log(td / tb), ddof=1))
    s = (math.log(sampling.ci_high) - math.log(sampling.ci_low)) / (2 * Z95)
    total, b = math.sqrt(s * s + d * d), math.log(sampling.ratio)
    return RateRatio(
        sampling.ratio,
        math.exp(b - Z95 * total),
        math.exp(b + Z95 * total),
        f"{sampling.method}+draws",
        f"{draws} draws, spread {d:.3f} on the log scale",
    )


@pytest.mark.parametrize("block", [2_000_000, 5_000])
@pytest.mark.parametrize("in_day_order", [True, False])
def test_deaths_draws_of_the_compared_days_only_give_the_figures_of_drawing_all(
    block: int, in_day_order: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trucewatch.effect import ratios
    from trucewatch.effect.series import EventRecords

    monkeypatch.setattr(ratios, "_BLOCK", block)
    rng = np.random.default_rng(1)
    n = 20_000
    best = rng.integers(1, 30, n).astype(float)
    exact = rng.random(n) < 0.9  # most events: low == best == high (drawn as their best)
    days = rng.integers(0, 200, n)
    records = EventRecords(
        np.sort(days) if in_day_order else days,  # store order: days before and during mixed
        np.where(exact, best, np.maximum(0, best - rng.integers(0, 5, n))),
        best,
        np.where(exact, best, best + rng.integers(0, 9, n)),
        np.zeros(n, bool),
    )
    for before, during in (
        (np.arange(80, 100), np.arange(100, 120)),
        (np.arange(0, 100), np.arange(100, 200)),
    ):
        got = ratios.deaths_ratio(records, before, during, include_uncertain=False, seed=3)
        assert got == _draws_reference(records, before, during, seed=3)


def _map_series_reference(store: Store, agreement, window, first, last, control) -> DailySeries:
    """The dashboard's series as first written: stored verdicts read as Outcome objects."""
    from trucewatch.model import local_days_interval
    from trucewatch.store import EventQuery
    from trucewatch.verdicts.outcomes import Outcome
    from trucewatch.verdicts.stored import stored_verdicts

    span = local_days_interval(first, last, agreement.timezone)
    events = list(store.iter_events(EventQuery(start=span.start, end=span.end)))
    outcomes = [
        Outcome.of(v)
        for v in stored_verdicts(store, agreement_ids=(agreement.id,))
        if v.window_id == window.id
    ]
    return daily_series(
        events, outcomes, agreement, window, first_day=first, last_day=last, control=control
    )


@pytest.mark.shared_data
@pytest.mark.slow
@pytest.mark.parametrize("agreement_id", AGREEMENTS)
def test_dashboard_series_from_columns_equals_the_stored_outcomes_on_ucdp_ged_2016(
    ucdp_store: Store, agreement_id: str
) -> None:
    from datetime import timedelta

    from trucewatch.effect.series import local_day
    from trucewatch.serve.api.map_data import window_series

    columns = columns_of(ucdp_store, agreement_id)
    assert columns is not None
    agreement = columns.agreement
    for window in agreement.windows():
        start = local_day(window.interval.start, agreement.timezone)
        first, last = start - timedelta(days=60), start + timedelta(days=60)
        for control in ("country", "excluded"):
            got, origin, _ = window_series(
                ucdp_store, agreement, window, first=first, last=last, control=control
            )
            assert origin == "stored"
            want = _map_series_reference(ucdp_store, agreement, window, first, last, control)
            assert_same_series(got, want)


def _summary_compare(store: Store) -> None:
    from trucewatch.effect.summary import summarize, summarize_events
    from trucewatch.verdicts.store_rules import rules_of

    agreements = list(load_examples())
    got = summarize(store, agreements)  # from the columns (the stored verdicts are current)
    want = []
    threshold = rules_of(store).min_share_inside
    for agreement in agreements:
        events = list(store.iter_events())
        want.extend(summarize_events(agreement, events, min_share_inside=threshold))
    assert got == want
    assert any(s.events_during for s in got)


@pytest.mark.shared_data
@pytest.mark.slow
def test_summary_from_columns_equals_the_object_path_on_ucdp_ged_2016(ucdp_store: Store) -> None:
    for agreement_id in AGREEMENTS:
        assert columns_of(ucdp_store, agreement_id) is not None
    _summary_compare(ucdp_store)


def test_summary_from_columns_equals_the_object_path_on_the_simulation(sim_store: Store) -> None:
    for agreement_id in AGREEMENTS:
        assert columns_of(sim_store, agreement_id) is not None
    _summary_compare(sim_store)


@pytest.mark.parametrize(("n", "share"), [(5000, 0.05), (100_000, 0.01), (2000, 0.9)])
def test_deaths_draws_skip_unused_numbers_and_keep_the_stream(n: int, share: float) -> None:
    from trucewatch.effect.ratios import _Uniforms

    used = np.random.default_rng(99).random(n) < share
    used[-1] = True
    want = np.random.default_rng(3).random((7, n))[:, used]
    stream = _Uniforms(3, n, used)
    assert np.array_equal(np.vstack([stream.rows(3), stream.rows(4)]), want)


def test_effect_option_misspelt_is_an_error_not_a_default() -> None:
    from trucewatch.analysis import EffectInput, effect_of

    with pytest.raises(TypeError, match="unexpected option 'horizon'"):
        effect_of(EffectInput.__new__(EffectInput), horizon=(7,))
