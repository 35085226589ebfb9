from collections import Counter

from trucewatch.effect.simulate import SYNTHETIC_NOTE, SimulationConfig, simulate


def test_simulation_is_reproducible_with_the_same_seed():
    a = [e.event_id for e in simulate(SimulationConfig(seed=3))]
    b = [e.event_id for e in simulate(SimulationConfig(seed=3))]
    c = [(e.where.lat, e.where.lon) for e in simulate(SimulationConfig(seed=4))]
    assert a == b
    assert c != [(e.where.lat, e.where.lon) for e in simulate(SimulationConfig(seed=3))]


def test_every_simulated_event_says_it_is_synthetic():
    events = list(simulate(SimulationConfig(seed=1)))
    assert events
    assert all(e.source == "sim" and SYNTHETIC_NOTE in (e.provenance.notes or "") for e in events)


def test_simulated_daily_counts_resemble_syria_2016():
    config = SimulationConfig(seed=11, effect=1.0)
    events = list(simulate(config))
    days = (config.last_day - config.first_day).days + 1
    assert 12 < len(events) / days < 22  # UCDP GED Syria 2016: about 17 a day


def test_simulated_truce_lowers_violence_only_where_it_applies():
    config = SimulationConfig(seed=5, effect=0.2)
    before, after = Counter(), Counter()
    for e in simulate(config):
        covered = e.actors.side_b != "IS"
        (after if e.when.start >= config.truce_start else before)[covered] += 1
    days_before = (config.truce_start.date() - config.first_day).days
    days_after = (config.last_day - config.first_day).days + 1 - days_before
    covered_ratio = (after[True] / days_after) / (before[True] / days_before)
    control_ratio = (after[False] / days_after) / (before[False] / days_before)
    assert covered_ratio < 0.4
    assert 0.7 < control_ratio < 1.4
