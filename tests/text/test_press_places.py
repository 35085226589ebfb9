"""Hand-written places the embedded GeoNames table lacks, press spellings, and the sentence
rules of the same round: photo captions, "martyrs from X", "N martyrs", "strikes kill"."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from shapely.geometry import Point, shape

from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.numbers import death_toll
from trucewatch.text.pipeline import (
    article_death_toll,
    extract,
    incidents,
    is_caption,
    main_place,
    sentences,
)
from trucewatch.text.places import find_places
from trucewatch.text.press_places import REGIONS, SITES, SPELLINGS
from trucewatch.text.types import classify

PUBLISHED = datetime(2016, 5, 6, 12, 0, tzinfo=ZoneInfo("Asia/Damascus"))


@pytest.mark.parametrize(
    ("mention", "place", "governorate"),
    [
        ("Jobar", "Jobar", "Damascus"),
        ("Khan al-Shekh", "Khan al-Shih", "Rif Dimashq"),
        ("Sayyeda Zeinab", "Sayyida Zaynab", "Rif Dimashq"),
        ("Kweres", "Kuweires airbase", "Aleppo"),
        ("al_Fouaa", "Al-Fu'ah", "Idlib"),
        ("Kefraya", "Kafraya", "Idlib"),
        ("Tiyas", "T4 airbase", "Homs"),
        ("Shaer", "Shaer gas field", "Homs"),
        ("Khan Shekhon", "Khān Shaykhūn", "Idlib"),
        ("Kafrnabal", "Kafranbel", "Idlib"),
        ("al-Hol", "Al Ḩawl", "Al-Hasakah"),
        ("al-Rai", "Ar Rā‘ī", "Aleppo"),
    ],
)
def test_press_spellings_find_the_place_and_its_governorate(
    mention: str, place: str, governorate: str
) -> None:
    found = find_places(f"Clashes erupted in {mention} on Monday", default_gazetteer())
    assert [(m.place.name, m.place.admin1) for m in found] == [(place, governorate)]


def test_every_hand_spelling_resolves_to_its_own_place() -> None:
    gaz = default_gazetteer()
    wrong = []
    for name, _lat, _lon, admin1, spellings in (*SITES, *REGIONS):
        for spelling in (name, *spellings):
            best = gaz.lookup(spelling)[0]
            if (best.name, best.admin1) != (name, admin1):
                wrong.append((spelling, best.name))
    for (name, admin1), spellings in SPELLINGS.items():
        for spelling in spellings:
            best = gaz.lookup(spelling)[0]
            if (best.name, best.admin1) != (name, admin1):
                wrong.append((spelling, best.name))
    assert wrong == []


def test_hand_places_lie_in_their_governorate_polygon(shared_data: Path) -> None:
    """Each hand-written point falls inside (or within 2 km of) the OCHA polygon of the
    governorate it is filed under: a typo in a coordinate or a governorate fails here."""
    path = shared_data / "syria_admin_boundaries_ocha" / "syr_admin1.geojson"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    ocha = {
        "Al-Hasakeh": "Al-Hasakah",
        "Ar-Raqqa": "Ar-Raqqah",
        "As-Sweida": "As-Suwayda",
        "Dar'a": "Daraa",
        "Deir-ez-Zor": "Deir ez-Zor",
        "Idleb": "Idlib",
        "Lattakia": "Latakia",
        "Rural Damascus": "Rif Dimashq",
        "Tartous": "Tartus",
    }
    polygons = {
        ocha.get(f["properties"]["adm1_name"], f["properties"]["adm1_name"]): shape(f["geometry"])
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]
    }
    wrong = []
    for name, lat, lon, admin1, _spellings in (*SITES, *REGIONS):
        if polygons[admin1].distance(Point(lon, lat)) > 0.02:  # degrees, about 2 km
            wrong.append((name, admin1, round(polygons[admin1].distance(Point(lon, lat)), 3)))
    assert wrong == []


def test_a_photo_caption_is_its_own_sentence_and_gives_no_event() -> None:
    text = (
        "Russian military jets are seen at Hmeymim air base in Syria June 18 2016 "
        "(TRT World and Agencies) The death toll from air strikes in Deir Ezzor city has risen "
        "to 82 people, a monitor said."
    )
    parts = [s for _a, _b, s in sentences(text)]
    assert len(parts) == 2 and is_caption(parts[0]) and not is_caption(parts[1])
    found = extract(Article("a", text, PUBLISHED), default_gazetteer())
    assert [e.event.where.admin1 for e in found] == ["Deir ez-Zor"]
    assert found[0].sentence == parts[1]


def test_a_place_people_came_from_is_not_where_the_event_is() -> None:
    gaz = default_gazetteer()
    sentence = "51 martyrs from Kefraya and al-Fouaa escorted from Military Hospital in Aleppo"
    found = find_places(sentence, gaz)
    assert [(m.place.name, m.elsewhere) for m in found] == [
        ("Kafraya", True),
        ("Al-Fu'ah", True),
        ("Aleppo", False),
    ]
    chosen = main_place(found)
    assert chosen is not None and chosen.place.name == "Aleppo"
    # a place of origin alone is still the sentence's place
    alone = main_place(find_places("Fighters from Kefraya were killed", gaz))
    assert alone is not None and alone.place.name == "Kafraya"


def test_martyrs_count_as_deaths_and_bare_strikes_that_kill_are_airstrikes() -> None:
    toll = death_toll("51 martyrs from Kefraya escorted from the hospital")
    assert toll is not None and toll.best == 51
    match = classify("New strikes kill at least 25 civilians in Aleppo")
    assert match is not None and match.code == "remote.airstrike"
    assert classify("A general strike kills the economy") is None


def test_tag_lists_related_stories_and_read_also_are_left_out_of_the_sentences() -> None:
    text = (
        "So called Islamic State group has posted a new video. Tags Syria Islamic State "
        "activists murder video Palmyra The Islamic State group has released a video showing "
        "the killing of two activists in the militants stronghold of Raqqa."
    )
    (_first, (start, end, body)) = list(sentences(text))
    assert body.startswith("The Islamic State group has released") and text[start:end] == body
    places = find_places(body, default_gazetteer())
    assert [m.place.admin1 for m in places] == ["Ar-Raqqah"]  # not Palmyra of the tags
    sputnik = (
        "Three soldiers were killed in Homs. ... 91 Related US-Led Coalition Airstrikes Kill at "
        "Least 12 Civilians in Deir ez-Zor Tags shelling Damascus Community standardsDiscussion "
        "Comment via Facebook"
    )
    assert [s for _a, _b, s in sentences(sputnik)] == ["Three soldiers were killed in Homs."]
    new_arab = (
        "Rebels shelled western Aleppo on Monday a monitor said Tags Nusra Front Aleppo Syria "
        "war. A suicide bomber blew himself up in Idlib. Agencies contributed Read Also"
    )
    assert [s for _a, _b, s in sentences(new_arab)] == [
        "Rebels shelled western Aleppo on Monday a monitor said",
        "A suicide bomber blew himself up in Idlib.",
        "Agencies contributed",
    ]
    # without a determiner or number before the first verb the sentence is kept whole
    kept = "Tags Syria Idlib Syrian rebels launched an offensive."
    assert [s for _a, _b, s in sentences(kept)] == [kept]


def test_a_place_named_as_an_earlier_event_is_not_the_event() -> None:
    gaz = default_gazetteer()
    sentence = "Fighting in Deir Ezzor is the worst since the battle for eastern Aleppo last year"
    found = find_places(sentence, gaz)
    assert [(m.place.admin1, m.elsewhere) for m in found] == [
        ("Deir ez-Zor", False),
        ("Aleppo", True),
    ]
    worst = main_place(find_places("The worst fighting since the battle for Aleppo", gaz))
    assert worst is not None and worst.place.name == "Aleppo"  # alone, still its place
    residents = find_places("Many residents of Fuaa and Kafraya died west of Aleppo", gaz)
    assert [m.elsewhere for m in residents] == [True, True, False]
    man = main_place(find_places("A man from Daraa countryside died in al-Hasakeh city", gaz))
    assert man is not None and man.place.admin1 == "Al-Hasakah"


def test_a_place_glued_to_a_direction_and_a_place_of_last_year() -> None:
    gaz = default_gazetteer()
    (glued,) = find_places("Coalition raids near Kobaninorth Syria killed 35", gaz)
    assert (glued.place.admin1, glued.text) == ("Aleppo", "Kobani")
    assert find_places("Rebels took Northeast positions", gaz) == []
    past = find_places("Rebels used the same weapons in Aleppo last year, Idlib now", gaz)
    assert [(m.place.admin1, m.elsewhere) for m in past] == [("Aleppo", True), ("Idlib", False)]


def test_an_and_between_two_names_keeps_the_toll_but_other_ands_do_not() -> None:
    toll = death_toll("98 evacuees from the towns of Fuaa and Kafraya were killed on Saturday")
    assert toll is not None and toll.best == 98
    assert death_toll("One mother and her child have died in the strike") is None
    assert death_toll("12 people were wounded and 3 killed") is not None
    assert death_toll("12 people were wounded and 3 killed").best == 3  # type: ignore[union-attr]


def test_extract_places_an_event_named_only_by_an_earlier_one_at_the_articles_last_place() -> None:
    text = (
        "Air strikes hit Deir Ezzor city on Monday. "
        "The worst fighting since the battle for Aleppo killed 20 people, a monitor said."
    )
    events = extract(Article("a", text, PUBLISHED), default_gazetteer())
    assert [e.event.where.admin1 for e in events] == ["Deir ez-Zor", "Deir ez-Zor"]
    assert events[1].confidence < events[0].confidence
    alone = extract(Article("b", text.split(". ")[1], PUBLISHED), default_gazetteer())
    assert [e.event.where.admin1 for e in alone] == ["Aleppo"]  # no better guess
    assert alone[0].confidence == events[1].confidence  # as low as a borrowed place


def test_a_clause_whose_only_place_is_an_origin_does_not_start_an_incident() -> None:
    gaz = default_gazetteer()
    sentence = "Airstrikes hit Douma and fighters from Homs were killed in clashes"
    assert incidents(sentence, gaz) == []  # one incident: Douma
    two = incidents("Airstrikes hit Douma and shelling killed three in Homs", gaz)
    assert [p.place.name for _a, _b, p in two] == ["Dūmā", "Homs"]


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
