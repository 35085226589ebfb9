"""A breakdown the change points detect is offered as a suggested end, and accepting it records
a collapse with the detection as its evidence."""

from __future__ import annotations

from datetime import date, timedelta

from trucewatch.agreements import example_paths
from trucewatch.agreements._yaml import load_yaml
from trucewatch.agreements.edit import add_end
from trucewatch.agreements.loader import parse_agreement
from trucewatch.effect.suggest import suggested_ends
from trucewatch.model import (
    Actors,
    DatePrecision,
    Event,
    Location,
    LocationPrecision,
    local_days_interval,
)
from trucewatch.model.agreement import Agreement
from trucewatch.verdicts.judge import judge

COH = next(p for p in example_paths() if p.name.startswith("syria-coh")).read_text()
START = date(2016, 2, 27)  # the CoH's first local day
RISE = date(2016, 3, 28)


def coh(end: dict | None = None) -> Agreement:
    text = COH if end is None else add_end(COH, end)
    document, node = load_yaml(text)
    return parse_agreement(document, node=node, source="coh.yaml")


def events() -> list[Event]:
    """5 events a day for 28 days before the truce, 1 a day during it, 8 a day from RISE."""
    out = []
    for offset in range(-28, 60):
        day = START + timedelta(days=offset)
        count = 5 if day < START else (1 if day < RISE else 8)
        for k in range(count):
            out.append(
                Event(
                    source="test",
                    source_row_id=f"{day.isoformat()}-{k}",
                    adapter="test.v1",
                    when=local_days_interval(day, day, "Asia/Damascus"),
                    date_precision=DatePrecision.DAY,
                    where=Location(36.2, 37.16, 1.0, LocationPrecision.EXACT, place="Aleppo"),
                    event_type="remote.airstrike",
                    actors=Actors("Government of Syria", "Syrian insurgents"),
                    timezone="Asia/Damascus",
                )
            )
    return out


def test_a_return_to_the_pre_truce_level_is_suggested_as_the_end():
    agreement, evs = coh(), events()
    verdicts = judge(evs, [agreement], include_outside=True)
    (found,) = suggested_ends(evs, verdicts, agreement)
    assert found.window_id == "base" and found.day == RISE
    assert found.at == RISE - timedelta(days=1)
    assert (found.baseline, found.before, found.after) == (5.0, 1.0, 8.0)
    command = found.command()
    assert command.startswith("trucewatch agreements end syria-coh-2016 --at 2016-03-27 ")
    assert "--kind collapsed" in command and "--window" not in command


def test_accepting_the_suggestion_records_a_collapse_and_no_end_is_suggested_again():
    evs = events()
    (found,) = suggested_ends(evs, judge(evs, [coh()], include_outside=True), coh())
    ended = coh({"kind": "collapsed", "at": found.at.isoformat(), "evidence": [found.evidence]})
    assert ended.base.ended.evidence == (found.evidence,)
    assert ended.base.end == local_days_interval(found.at, found.at, "Asia/Damascus").end
    assert suggested_ends(evs, judge(evs, [ended], include_outside=True), ended) == []


def test_no_rise_no_suggestion():
    evs = [
        e for e in events() if local_days_interval(RISE, RISE, "Asia/Damascus").start > e.when.start
    ]
    assert suggested_ends(evs, judge(evs, [coh()], include_outside=True), coh()) == []
