from datetime import date

from trucewatch.agreements import load_examples
from trucewatch.effect.simulate import SimulationConfig, simulate
from trucewatch.effect.summary import summarize_events
from trucewatch.model import (
    Actors,
    DatePrecision,
    Event,
    Location,
    LocationPrecision,
    local_days_interval,
)


def agreement(agreement_id):
    return next(a for a in load_examples() if a.id == agreement_id)


def aleppo_event(n: int, day: date, side_b: str = "Syrian insurgents") -> Event:
    return Event(
        source="test",
        source_row_id=str(n),
        adapter="test.v1",
        when=local_days_interval(day, day, "Asia/Damascus"),
        date_precision=DatePrecision.DAY,
        where=Location(36.2, 37.16, 1.0, LocationPrecision.EXACT),
        event_type="remote.airstrike",
        actors=Actors("Government of Syria", side_b),
    )


def test_summary_counts_the_start_day_as_uncertain_and_the_next_day_as_during():
    events = [
        aleppo_event(1, date(2016, 5, 3)),  # before the 48 h base window
        aleppo_event(2, date(2016, 5, 5)),  # start day (01:00 local): uncertain
        aleppo_event(3, date(2016, 5, 6)),  # during
    ]
    rows = {s.window_id: s for s in summarize_events(agreement("aleppo-calm-2016-05"), events)}
    base = rows["base"]
    assert (base.events_before, base.events_uncertain, base.events_during) == (1, 1, 1)


def test_summary_ignores_non_violent_events_and_events_outside_the_scope():
    may6 = local_days_interval(date(2016, 5, 6), date(2016, 5, 6), "Asia/Damascus")
    damascus = Location(33.51, 36.29, 1.0, LocationPrecision.EXACT)
    aleppo = Location(36.2, 37.16, 1.0, LocationPrecision.EXACT)
    common = {"adapter": "test.v1", "when": may6, "date_precision": DatePrecision.DAY}
    outside = Event("test", "far", where=damascus, event_type="remote.airstrike", **common)
    protest = Event("test", "protest", where=aleppo, event_type="unrest.protest", **common)
    rows = summarize_events(agreement("aleppo-calm-2016-05"), [outside, protest])
    assert all(r.events_during == 0 and r.events_uncertain == 0 for r in rows)


def test_summary_counts_fighting_with_an_excluded_group_apart():
    events = [aleppo_event(1, date(2016, 5, 6), side_b="IS"), aleppo_event(2, date(2016, 5, 6))]
    base = summarize_events(agreement("aleppo-calm-2016-05"), events)[0]
    assert base.events_during == 1  # covered parties only
    assert base.excluded_during == 1


def test_summary_of_the_simulated_truce_shows_the_drop_in_covered_areas():
    config = SimulationConfig(seed=9, effect=0.2)
    events = list(simulate(config))
    coh = summarize_events(agreement("syria-coh-2016"), events)[0]
    # IS-held places keep their rate, so the drop over all Syria is less than the true 80 %
    assert coh.events_during < 0.6 * coh.events_before
    assert coh.percent_change is not None and coh.percent_change < -40
