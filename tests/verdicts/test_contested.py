from datetime import date

import pytest

from trucewatch.model import (
    Actors,
    DatePrecision,
    Event,
    Location,
    LocationPrecision,
    local_days_interval,
)
from trucewatch.model.verdict import SideJudgement, SideStatus, Space, TimeRelation, Verdict
from trucewatch.verdicts.contested import CONTESTED, mark_contested


def report(source: str, row: str, perpetrator: str, *, lat=36.2, day=date(2016, 5, 8)) -> Event:
    return Event(
        source=source,
        source_row_id=row,
        adapter=f"{source}.v1",
        when=local_days_interval(day, day, "Asia/Damascus"),
        date_precision=DatePrecision.DAY,
        where=Location(lat, 37.16, 2.0, LocationPrecision.EXACT),
        event_type="remote.airstrike",
        actors=Actors(perpetrator, "Civilians", perpetrator=perpetrator, target="Civilians"),
    )


def verdict_for(event: Event) -> Verdict:
    return Verdict(
        event_id=event.event_id,
        agreement_id="aleppo-calm-2016-05",
        window_id="ext-72h",
        verdict="violation",
        space=Space.INSIDE,
        time=TimeRelation.DURING,
        parties=(
            SideJudgement("a", event.actors.side_a, SideStatus.PARTY),
            SideJudgement("b", "Civilians", SideStatus.UNKNOWN),
        ),
        reasons=("inside_scope",),
        explanation="x",
    )


def test_two_sources_blaming_different_sides_are_both_kept_and_marked():
    a = report("ucdp_ged", "1", "Government of Syria")
    b = report("news", "7", "Syrian insurgents")
    out = mark_contested([verdict_for(a), verdict_for(b)], {e.event_id: e for e in (a, b)})
    assert len(out) == 2
    assert out[0].contested_with == (b.event_id,)
    assert out[1].contested_with == (a.event_id,)
    assert all(CONTESTED in v.reasons for v in out)


@pytest.mark.parametrize(
    "other",
    [
        report("news", "2", "Government of Syria"),  # agrees
        report("ucdp_ged", "3", "Syrian insurgents"),  # same source
        report("news", "4", "Syrian insurgents", lat=35.0),  # far away
        report("news", "5", "Syrian insurgents", day=date(2016, 5, 10)),  # another day
    ],
)
def test_reports_that_agree_or_differ_in_source_place_or_day_are_not_contested(other):
    a = report("ucdp_ged", "1", "Government of Syria")
    out = mark_contested(
        [verdict_for(a), verdict_for(other)], {a.event_id: a, other.event_id: other}
    )
    assert all(v.contested_with == () for v in out)
