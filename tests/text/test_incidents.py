"""One event per sentence, and one per incident when a sentence reports several places."""

from __future__ import annotations

from datetime import datetime

import pytest

from trucewatch.text import Article, default_gazetteer, extract
from trucewatch.text.pipeline import incidents

PUBLISHED = datetime.fromisoformat("2016-05-04T14:00:00+03:00")  # a Wednesday


def test_sentences_about_incidents_at_different_places_give_one_event_each() -> None:
    text = (
        "Airstrikes hit Douma on Monday, killing 12 people. "
        "Rebels shelled Homs, killing three. "
        "Clashes broke out in Daraa."
    )
    found = extract(Article("a", text, PUBLISHED))
    assert [(x.event.source_row_id, x.event.where.admin1) for x in found] == [
        ("a-s0", "Rif Dimashq"),
        ("a-s1", "Homs"),
        ("a-s2", "Daraa"),
    ]
    for x in found:
        assert text[x.start : x.end] == x.sentence
        assert x.event.provenance.notes.endswith(x.sentence)


def test_a_sentence_with_two_incidents_at_two_places_gives_two_events() -> None:
    text = "On Monday warplanes bombed Douma while rebel shelling killed three people in Homs."
    (whole,) = extract(Article("b", text, PUBLISHED))  # off by default
    assert whole.sentence == text
    first, second = extract(Article("b", text, PUBLISHED), split_incidents=True)
    assert (first.event.source_row_id, second.event.source_row_id) == ("b-s0", "b-s0-1")
    assert (first.event.where.admin1, second.event.where.admin1) == ("Rif Dimashq", "Homs")
    assert (first.event.event_type, second.event.event_type) == (
        "remote.airstrike",
        "remote.shelling",
    )
    assert (first.event.fatalities.best, second.event.fatalities.best) == (None, 3)
    assert first.event.when == second.event.when  # "on Monday" is said once for both
    for x in (first, second):
        assert text[x.start : x.end] == x.sentence
        assert "incident" in (x.event.provenance.notes or "")


@pytest.mark.parametrize(
    "sentence",
    [
        "Regime barrel bombs struck Aleppo and Idlib, killing 5.",  # one raid, two places
        "Airstrikes hit Douma and more airstrikes hit Douma again.",  # one place
        "Clashes in Jabal al-Akrad and Jabal al-Turkman killed 9 fighters.",
    ],
)
def test_a_sentence_is_not_cut_without_two_keyworded_incidents_at_two_places(
    sentence: str,
) -> None:
    assert incidents(sentence, default_gazetteer()) == []
    assert len(extract(Article("c", sentence, PUBLISHED), split_incidents=True)) == 1
