"""Death tolls ("N martyrs", vague and group tolls of headlines, "A and B were killed") and the
type a toll sentence without a keyword takes from the sentence before."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.numbers import death_toll
from trucewatch.text.pipeline import (
    article_death_toll,
    extract,
)
from trucewatch.text.types import classify

PUBLISHED = datetime(2016, 5, 6, 12, 0, tzinfo=ZoneInfo("Asia/Damascus"))


def test_martyrs_count_as_deaths_and_bare_strikes_that_kill_are_airstrikes() -> None:
    toll = death_toll("51 martyrs from Kefraya escorted from the hospital")
    assert toll is not None and toll.best == 51
    match = classify("New strikes kill at least 25 civilians in Aleppo")
    assert match is not None and match.code == "remote.airstrike"
    assert classify("A general strike kills the economy") is None


def test_an_and_between_two_names_keeps_the_toll_but_other_ands_do_not() -> None:
    toll = death_toll("98 evacuees from the towns of Fuaa and Kafraya were killed on Saturday")
    assert toll is not None and toll.best == 98
    assert death_toll("One mother and her child have died in the strike") is None
    assert death_toll("12 people were wounded and 3 killed") is not None
    assert death_toll("12 people were wounded and 3 killed").best == 3  # type: ignore[union-attr]


def test_a_vague_headline_toll_gives_way_to_the_exact_one_of_the_lede() -> None:
    article = Article(
        "v",
        "Warplanes struck the city on Monday. At least 160 people were killed, a monitor said.",
        PUBLISHED,
        "Dozens killed in coalition airstrikes on Manbij",
    )
    toll = article_death_toll(article)
    assert toll is not None and (toll.best, toll.vague) == (160, False)
    fewer = Article("w", "Eight people were killed.", PUBLISHED, "Dozens killed in Manbij")
    kept = article_death_toll(fewer)  # an exact toll below "dozens" is another count
    assert kept is not None and (kept.best, kept.vague) == (12, True)


@pytest.mark.parametrize(
    ("sentence", "best"),
    [
        ("At least 10 die in barrel bomb attacks", 10),
        ("Syrian Army eliminates over 75 Nusra Front militants in Daraa", 75),
    ],
)
def test_die_and_eliminate_are_killing_words(sentence: str, best: int) -> None:
    toll = death_toll(sentence)
    assert toll is not None and toll.best == best


def test_a_headline_counting_one_group_gives_way_to_the_total_that_includes_it() -> None:
    article = Article(
        "t",
        "The death toll has reached at least 82 people including 58 civilians, a monitor said.",
        PUBLISHED,
        "Russian and Syrian strikes kill 58 civilians",
    )
    toll = article_death_toll(article)
    assert toll is not None and toll.best == 82
    other = Article("u", "Another 90 people were killed elsewhere.", PUBLISHED, "Strikes kill 58")
    kept = article_death_toll(other)  # a larger toll that does not include the first
    assert kept is not None and kept.best == 58


def test_a_toll_without_a_type_keyword_takes_the_type_of_the_sentence_before() -> None:
    text = "Barrel bombs hit Douma on Monday. Five people were killed, a monitor said."
    first, second = extract(Article("k", text, PUBLISHED), default_gazetteer())
    assert first.event.event_type == second.event.event_type == "remote.airstrike"
    assert second.event.source_event_type == "death toll; barrel bombs before"
    assert second.type_match is None and second.confidence < first.confidence
    assert second.event.actors == first.event.actors  # barrel bombs: the government
    assert first.event.actors.side_a == "Government of Syria"
    (alone,) = extract(Article("l", "Five people were killed in Douma.", PUBLISHED))
    assert alone.event.event_type == "other"


def test_a_toll_in_another_governorate_is_not_counted_under_the_type_before() -> None:
    text = (
        "Barrel bombs hit Douma on Monday. Five people were killed, including two children. "
        "51 martyrs were escorted from the Military Hospital in Aleppo."
    )
    _first, second, third = extract(Article("m", text, PUBLISHED), default_gazetteer())
    assert second.event.event_type == "remote.airstrike"  # Douma again, no place named
    assert (second.event.actors.side_a, second.event.actors.side_b) == (
        "Government of Syria",
        "Civilians",
    )
    assert (third.event.where.admin1, third.event.event_type) == ("Aleppo", "other")
