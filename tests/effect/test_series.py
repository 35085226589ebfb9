from datetime import date

import numpy as np
import pytest
import shapely

from trucewatch.agreements import load_examples
from trucewatch.effect.series import daily_series
from trucewatch.errors import ValidationError
from trucewatch.model import (
    Actors,
    DatePrecision,
    Event,
    Fatalities,
    Location,
    LocationPrecision,
    Provenance,
    local_days_interval,
)
from trucewatch.verdicts.judge import judge

ALEPPO_IN = (36.2, 37.16)  # inside the Aleppo outline
HOMS = (34.73, 36.72)  # in Syria, outside Aleppo


def agreement(agreement_id):
    return next(a for a in load_examples() if a.id == agreement_id)


def event(n, day, where=ALEPPO_IN, *, side_b="Syrian insurgents", deaths=(1, 2, 4), radius=1.0,
          kind="remote.airstrike", publisher="SOHR"):  # fmt: skip
    return Event(
        source="test",
        source_row_id=str(n),
        adapter="test.v1",
        when=local_days_interval(day, day, "Asia/Damascus"),
        date_precision=DatePrecision.DAY,
        where=Location(where[0], where[1], radius, LocationPrecision.EXACT, country="Syria"),
        event_type=kind,
        actors=Actors("Government of Syria", side_b),
        fatalities=Fatalities(*deaths),
        provenance=Provenance(publisher=publisher),
        timezone="Asia/Damascus",
    )


def series_of(events, window_id="ext-72h-2016-05-07", **kw):
    a = agreement("aleppo-calm-2016-05")
    verdicts = judge(events, [a], include_outside=True)
    kw.setdefault("first_day", date(2016, 5, 1))
    kw.setdefault("last_day", date(2016, 5, 12))
    return daily_series(events, verdicts, a, a.window(window_id), **kw)


def test_series_counts_events_and_deaths_on_their_local_day_in_scope_and_control():
    events = [
        event(1, date(2016, 5, 2), deaths=(1, 2, 4)),
        event(2, date(2016, 5, 2), deaths=(0, 3, 3), publisher="Waha Report;SOHR"),
        event(3, date(2016, 5, 8)),
        event(4, date(2016, 5, 8), HOMS, deaths=(5, 5, 9)),
        event(5, date(2016, 5, 8), kind="unrest.protest"),  # not violent: not counted
    ]
    s = series_of(events)
    i2, i8 = s.days.index(date(2016, 5, 2)), s.days.index(date(2016, 5, 8))
    assert s.scope_events[i2] == 2 and s.scope_events[i8] == 1 and s.scope_events.sum() == 3
    assert (s.scope_deaths_low[i2], s.scope_deaths_best[i2], s.scope_deaths_high[i2]) == (1, 5, 7)
    assert s.control_events[i8] == 1 and s.control_deaths_high[i8] == 9
    assert s.sources_per_day[i2] == 2  # SOHR and Waha Report
    assert s.start_day == date(2016, 5, 7) and s.start_index == 6
    assert [label for label, _ in s.marks] == [
        w.id for w in agreement("aleppo-calm-2016-05").windows()
    ]


def test_event_on_the_start_day_of_a_0100_window_is_uncertain_not_counted():
    # the 72 h extension starts 7 May 01:00 local: the 7 May day straddles it
    s = series_of([event(1, date(2016, 5, 7)), event(2, date(2016, 5, 6), radius=9.0)])
    assert s.scope_events.sum() == 0
    assert s.scope_uncertain[s.days.index(date(2016, 5, 7))] == 1
    assert s.scope_uncertain[s.days.index(date(2016, 5, 6))] == 1  # space uncertain (9 km)


def test_events_that_cannot_be_placed_in_the_scope_are_left_out_by_reason():
    near_edge = (36.27, 37.16)  # about 1 km inside the northern edge of the Aleppo outline
    events = [
        event(1, date(2016, 5, 8), radius=40.0),  # 2,513 km² against the 243 km² outline
        event(2, date(2016, 5, 8), near_edge, radius=9.0),  # under half of the disc inside
        event(3, date(2016, 5, 8), radius=9.0, side_b="Islamic State"),  # excluded, located
    ]
    s = series_of(events)
    i8 = s.days.index(date(2016, 5, 8))
    assert (s.scope_coarser[i8], s.scope_mostly_outside[i8], s.scope_excluded[i8]) == (1, 1, 1)
    assert s.scope_events.sum() == 0 and s.scope_uncertain.sum() == 0
    assert s.control_events.sum() == 0  # left out of the control area too


def test_fighting_an_excluded_group_is_the_control_when_control_is_excluded():
    events = [event(1, date(2016, 5, 3), side_b="Islamic State"), event(2, date(2016, 5, 3))]
    s = series_of(events, control="excluded")
    assert s.scope_events.sum() == 1 and s.control_events.sum() == 1
    assert series_of(events).control_events.sum() == 0  # country control: not outside


def test_a_geometry_control_counts_only_events_inside_it():
    box = shapely.box(36.5, 34.5, 37.0, 35.0)  # around Homs
    events = [event(1, date(2016, 5, 3), HOMS), event(2, date(2016, 5, 3), (35.93, 36.63))]
    s = series_of(events, control=box)
    assert s.control_events.sum() == 1 and s.control == "geometry"


def test_volume_must_cover_every_day():
    with pytest.raises(ValidationError, match="reporting volume for 2016-05-01"):
        series_of([event(1, date(2016, 5, 3))], volume={date(2016, 5, 2): 10.0})
    vol = {date(2016, 5, d): float(d) for d in range(1, 13)}
    s = series_of([event(1, date(2016, 5, 3))], volume=vol)
    assert s.volume is not None and np.array_equal(s.volume, np.arange(1.0, 13.0))
