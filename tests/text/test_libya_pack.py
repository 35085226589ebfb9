"""The Libyan pack (text/packs/LY.json, arabic/LY.json, with LY.sides.json merged in): its
districts, regions, sites and spellings are found in Libyan news, English and Arabic, and a
truce statement of Libya gets its places as scope. Sentences written for these tests."""

from __future__ import annotations

from datetime import datetime

import pytest

from trucewatch.text import Article
from trucewatch.text.arabic.places import find_places as find_arabic_places
from trucewatch.text.gazetteer import Gazetteer, default_gazetteer
from trucewatch.text.pack_sides import warring_sides
from trucewatch.text.packs import pack, shipped_packs
from trucewatch.text.places import find_places
from trucewatch.text.statements import find_statements
from trucewatch.text.truce_drafts import draft_truces

MONDAY = datetime.fromisoformat("2020-01-13T12:00:00+02:00")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer(countries=["LY"])


def _places(sentence: str, gaz: Gazetteer) -> list[tuple[str, str, str | None]]:
    return [(m.place.name, m.place.kind, m.place.admin1) for m in find_places(sentence, gaz)]


def test_the_libyan_pack_has_every_district_of_geonames_and_keeps_its_sides() -> None:
    libya = pack("LY")
    assert "LY" in shipped_packs() and libya.timezone == "Africa/Tripoli"
    assert sorted(u.code for u in libya.admin1) == [str(c) for c in range(63, 85)]
    assert all(u.area_km2 and u.area_km2 > 0 for u in libya.admin1)
    assert libya.files == ("LY.json", "LY.sides.json")  # the sides file merged in
    assert "Libyan National Army" in libya.actors
    assert warring_sides("LY", MONDAY.date()) == (
        "Government of National Accord",
        "Libyan National Army",
    )


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        (
            "Shells fell on Abu Salim and Ain Zara in southern Tripoli.",
            [
                ("Abu Salim", "city", "Tripoli"),
                ("Ain Zara", "city", "Tripoli"),
                ("Tripoli", "city", "Tripoli"),
            ],
        ),
        (
            "Flights at Mitiga were suspended.",
            [("Mitiga International Airport", "city", "Tripoli")],
        ),
        (
            "Fighters advanced from Tarhouna towards Gharyan.",
            [("Tarhuna", "city", "Murqub"), ("Gharyan", "city", "Jabal al Gharbi")],
        ),
        (
            "Forces massed near Tajoura and Sirte.",
            [("Tājūrā’", "city", "Tripoli"), ("Sirte", "city", "Sirte")],
        ),
        ("Reinforcements reached the Jufra air base.", [("Al-Jufra Air Base", "city", "Jufra")]),
        ("Drones struck targets in Jufra district.", [("Jufra", "admin1", "Jufra")]),
        ("Oil exports from the oil crescent resumed.", []),  # lower case: no name
        ("Exports from the Oil Crescent resumed.", [("Oil Crescent", "region", "Sirte")]),
    ],
)
def test_english_libyan_news_finds_its_places(
    gaz: Gazetteer, sentence: str, places: list[tuple[str, str, str | None]]
) -> None:
    assert _places(sentence, gaz) == places


def test_libya_and_its_fighters_names_are_no_places(gaz: Gazetteer) -> None:
    assert _places("Libya's Haftar met Libyan officials and Misratan fighters.", gaz) == []


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("The rival armed groups agreed to a ceasefire in Tripoli on Monday.", ("Tripoli",)),
        (
            "The Libyan National Army announced a ceasefire in the western region of the "
            "country from midnight.",
            ("Tripolitania",),
        ),
        ("The two sides agreed a truce in Sirte and Jufra on Monday.", ("Sirte", "Jufra")),
        # where it was signed, what it reopens and whom an offensive targets are no scope
        (
            "The deal, signed in the town of Zawiya, calls for a ceasefire and the reopening of "
            "Mitiga.",
            (),
        ),
        (
            "The LNA said it rejected the ceasefire and would press on with its campaign against "
            "Tripoli.",
            (),
        ),
    ],
)
def test_a_libyan_truce_statement_gets_its_places(text: str, scope: tuple[str, ...]) -> None:
    (found,) = find_statements(Article("t", text, MONDAY), country="LY")
    assert found.scope == scope


def test_a_brigade_from_a_town_does_not_make_that_town_the_scope() -> None:
    text = (
        "TRIPOLI, Jan 13 — The Seventh Brigade, a group from the town of Tarhouna, and forces "
        "of the Government of National Accord agreed to a ceasefire in Tripoli on Monday."
    )
    (draft,) = draft_truces(
        article := Article("t", text, MONDAY), find_statements(article, country="LY")
    )
    assert draft.scope == ("Tripoli",)


@pytest.mark.parametrize(
    ("sentence", "place", "kind"),
    [
        ("اشتباكات عنيفة في عين زارة جنوب العاصمة", "Ain Zara", "city"),
        ("سقطت قذائف على مطار معيتيقة", "Mitiga International Airport", "city"),
        ("قصفت الطائرات مواقع في الجفرة", "Jufra", "admin1"),
        ("تقدمت القوات في المنطقة الغربية", "Tripolitania", "region"),
        ("وصلت تعزيزات إلى ترهونة", "Tarhuna", "city"),
    ],
)
def test_arabic_libyan_news_finds_its_places(
    gaz: Gazetteer, sentence: str, place: str, kind: str
) -> None:
    found = find_arabic_places(sentence, gaz)
    assert [(m.place.name, m.place.kind) for m in found] == [(place, kind)]


def test_sirte_is_taken_only_after_a_word_for_a_place_in_arabic(gaz: Gazetteer) -> None:
    assert [m.place.name for m in find_arabic_places("وصلت القوات إلى مدينة سرت", gaz)] == ["Sirte"]


def test_an_arabic_libyan_truce_gets_its_place_but_not_its_dateline() -> None:
    text = (
        "بنغازي، 13 يناير (وكالات) — أعلنت قوات الجيش الوطني الليبي وقف إطلاق النار في "
        "طرابلس اعتباراً من منتصف الليل."
    )
    (found,) = find_statements(Article("t", text, MONDAY), country="LY")
    assert found.scope == ("Tripoli",)


def test_an_arabic_brigade_coming_from_a_town_does_not_make_it_the_scope() -> None:
    text = "أعلن اللواء السابع القادم من ترهونة التزامه بوقف إطلاق النار في طرابلس."
    (found,) = find_statements(Article("t", text, MONDAY), country="LY")
    assert found.scope == ("Tripoli",)
