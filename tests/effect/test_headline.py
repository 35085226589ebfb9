"""One headline count: summary, effect and the series count the same events for a window.

On the real UCDP GED 2016 Syria file: issue 12 found ``summary`` saying 476 → 438 for the
nationwide truce's first 28 days while ``effect`` said 261 → 144 (summary counted fighting of
excluded groups and every event whose point fell in the outline).
"""

from __future__ import annotations

import pytest

from trucewatch.agreements import example_paths, load_examples, parse_agreement
from trucewatch.agreements._yaml import load_yaml
from trucewatch.agreements.edit import add_end
from trucewatch.effect.estimates import estimate_effect
from trucewatch.effect.headline import COUNTED, left_out_words
from trucewatch.effect.summary import summarize_events
from trucewatch.model.event import Event
from trucewatch.sources.base import adapter_for
from trucewatch.verdicts.outcomes import judge_outcomes

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def ucdp(shared_data):
    path = shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv"
    return [r for r in adapter_for("ucdp-ged").read(path) if isinstance(r, Event)]


def _agreement(agreement_id):
    return next(a for a in load_examples() if a.id == agreement_id)


def test_summary_and_effect_give_the_same_numbers_for_the_coh_at_28_days(ucdp):
    coh = _agreement("syria-coh-2016")
    summary = summarize_events(coh, ucdp)[0]
    outcomes = judge_outcomes(ucdp, [coh], include_outside=True)
    (effect,) = estimate_effect(ucdp, outcomes, coh, horizons=(28,))
    events = effect.estimate("events", "scope", "excluded")
    deaths = effect.estimate("deaths", "scope", "excluded")
    assert (summary.events_before, summary.events_during) == (events.before, events.during)
    assert (summary.events_before, summary.events_during) == (261, 144)
    assert (summary.deaths_before, summary.deaths_during) == (deaths.before, deaths.during)
    assert (summary.before_days, summary.days) == (events.before_days, events.during_days)
    assert not summary.cut
    head = effect.headline
    assert head is not None
    assert (head.before.events, head.during.events) == (261, 144)
    assert head.during.excluded == summary.excluded_during > 0  # excluded groups apart
    assert head.during.coarser == summary.coarser_during
    assert head.during.mostly_outside == summary.mostly_outside_during


@pytest.mark.parametrize("agreement_id", ["syria-coh-2016", "aleppo-calm-2016-05"])
def test_every_window_summary_is_the_effect_headline_for_the_same_days(ucdp, agreement_id):
    agreement = _agreement(agreement_id)
    outcomes = judge_outcomes(ucdp, [agreement], include_outside=True)
    for summary in summarize_events(agreement, ucdp, outcomes=outcomes):
        (effect,) = [
            we
            for we in estimate_effect(ucdp, outcomes, agreement, horizons=(summary.horizon_days,))
            if we.window_id == summary.window_id
        ]
        head = effect.headline
        assert head is not None
        assert (summary.events_before, summary.events_during) == (
            head.before.events,
            head.during.events,
        )
        assert summary.coarser_during + summary.mostly_outside_during == head.during.left_out


def test_each_output_names_what_it_counts(ucdp):
    coh = _agreement("syria-coh-2016")
    summary = summarize_events(coh, ucdp)[0]
    outcomes = judge_outcomes(ucdp, [coh], include_outside=True)
    (effect,) = estimate_effect(ucdp, outcomes, coh, horizons=(28,))
    assert summary.counted == COUNTED
    assert effect.headline is not None and effect.headline.counted == COUNTED
    assert "excluded group" in COUNTED and "located in the scope" in COUNTED


def test_left_out_words_say_how_many_and_why():
    words = left_out_words(70, 3)
    assert words.startswith("73 events left out: 70 located too coarsely for the scope")
    assert "3 mostly outside the scope" in words
    assert left_out_words(0, 0) == ""


def test_summary_of_a_window_longer_than_the_data_before_it_is_the_effect_headline(ucdp):
    # the CoH with the end trucewatch effect suggests (collapsed 26 May 2016): its 90 days reach
    # back before the file's first day (1 January 2016), so effect compares 57 days each side;
    # summary compared 90 days during with the 57 days of data before (565 -> 525, -7 %)
    text = add_end(
        next(p for p in example_paths() if p.name.startswith("syria-coh")).read_text(),
        {"kind": "collapsed", "at": "2016-05-26", "evidence": ["test: the suggested end"]},
    )
    document, node = load_yaml(text)
    ended = parse_agreement(document, node=node, source="coh-ended.yaml")
    outcomes = judge_outcomes(ucdp, [ended], include_outside=True)
    (summary,) = summarize_events(ended, ucdp, outcomes=outcomes)
    (effect,) = estimate_effect(ucdp, outcomes, ended, horizons=(None,))
    events = effect.estimate("events", "scope", "excluded")
    assert (summary.before_days, summary.days) == (events.before_days, events.during_days)
    assert (summary.events_before, summary.events_during) == (events.before, events.during)
    assert summary.before_days == summary.days < summary.window_days == 90
    assert summary.cut
