"""Places a sentence names for something other than its event (``PlaceMatch.elsewhere``): where
people came from, an earlier event; and places glued to a direction."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.pipeline import (
    extract,
    incidents,
    main_place,
)
from trucewatch.text.places import find_places

PUBLISHED = datetime(2016, 5, 6, 12, 0, tzinfo=ZoneInfo("Asia/Damascus"))


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


def test_where_a_speaker_was_is_not_where_the_event_is() -> None:
    gaz = default_gazetteer()
    for sentence, speaker_at in (
        ("In Damascus, state media said rebel shells killed five people in Aleppo", "Damascus"),
        ("The minister told reporters in Damascus that shelling hit Aleppo", "Damascus"),
        ("Speaking in Damascus, the governor said shelling hit Aleppo", "Damascus"),
        ("At a news conference in Damascus, he said shelling hit Aleppo", "Damascus"),
    ):
        found = find_places(sentence, gaz)
        assert [(m.place.name, m.elsewhere) for m in found] == [
            (speaker_at, True),
            ("Aleppo", False),
        ], sentence
        chosen = main_place(found)
        assert chosen is not None and chosen.place.name == "Aleppo"
    # where the event is, with its source after it: not a speaker's place
    (own,) = find_places("In Aleppo, rebel shelling killed five people, state media said", gaz)
    assert not own.elsewhere


def test_a_city_after_of_and_before_said_is_the_city_not_its_government() -> None:
    gaz = default_gazetteer()
    assert [m.place.name for m in find_places("Damascus said rebels shelled Aleppo", gaz)] == [
        "Aleppo"
    ]  # the government
    for sentence in (
        "The governor of Aleppo said the city had been shelled for a second day",
        "Residents of Aleppo said air strikes hit the eastern districts overnight",
        "Residents of Aleppo reported heavy shelling on Saturday evening",
    ):
        found = find_places(sentence, gaz)
        assert [(m.place.name, m.elsewhere) for m in found] == [("Aleppo", False)], sentence
    # residents of a place who died elsewhere came from it
    died = find_places("Residents of Aleppo died in shelling of Idlib", gaz)
    assert [(m.place.name, m.elsewhere) for m in died] == [("Aleppo", True), ("Idlib", False)]
