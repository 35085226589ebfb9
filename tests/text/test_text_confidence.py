"""An extracted event keeps its confidence and says which of its parts were guessed
(``Event.confidence``, ``Event.guessed``: docs/news.md, "Each event")."""

from __future__ import annotations

from datetime import datetime

import pytest

from trucewatch.text import Article, extract

PUBLISHED = datetime.fromisoformat("2016-05-05T14:00:00+03:00")


def _events(text: str) -> list:
    return [x.event for x in extract(Article("c1", text, PUBLISHED))]


def test_confidence_of_the_event_is_the_extractions() -> None:
    found = extract(Article("c1", "Warplanes struck Douma on Monday. 9 people died.", PUBLISHED))
    assert [x.event.confidence for x in found] == [x.confidence for x in found]
    assert all(x.event.confidence is not None for x in found)


@pytest.mark.parametrize(
    ("text", "guessed"),
    [
        # everything read in the sentence itself
        ("An air strike hit a market in Aleppo on Thursday, killing 12 people.", [()]),
        # no date: the publication day stands for it
        ("Barrel bombs killed five people in Idlib.", [("date",)]),
        # a toll placed, typed and sided from the sentence before, undated
        (
            "An air strike hit a market in Aleppo on Thursday, killing 12 people. "
            "Five people were killed, a monitor said.",
            [(), ("place", "date", "type", "actors")],
        ),
        # a vague toll ("dozens") is a coded value, not a count
        (
            "Shelling killed three civilians in Homs yesterday. Dozens were killed in clashes.",
            [(), ("place", "date", "toll")],
        ),
    ],
)
def test_guessed_names_the_parts_not_read_from_the_sentence(
    text: str, guessed: list[tuple[str, ...]]
) -> None:
    assert [e.guessed for e in _events(text)] == guessed


def test_a_guessed_place_lowers_the_confidence() -> None:
    read, placed_before = _events(
        "An air strike hit a market in Aleppo on Thursday, killing 12 people. "
        "Five people were killed on Thursday, a monitor said."
    )
    assert "place" in placed_before.guessed and "place" not in read.guessed
    assert placed_before.confidence < read.confidence


def test_event_refuses_a_confidence_outside_0_1_and_an_unknown_guessed_part() -> None:
    from dataclasses import replace

    from trucewatch.errors import ValidationError

    (event,) = _events("Barrel bombs killed five people in Idlib.")
    with pytest.raises(ValidationError, match=r"confidence 1\.5 must be a number in \[0, 1\]"):
        replace(event, confidence=1.5)
    with pytest.raises(ValidationError, match="guessed 'weather' is not a part"):
        replace(event, guessed=("weather",))
    assert replace(event, guessed=("toll", "place", "place")).guessed == ("place", "toll")
