"""The Sudanese pack (text/packs/SD.json, arabic/SD.json, with SD.sides.json merged in): its
states, regions, sites and spellings are found in Sudanese news, English and Arabic, and a
truce statement of Sudan gets its places as scope. Sentences written for these tests."""

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

SATURDAY = datetime.fromisoformat("2023-05-20T18:00:00+02:00")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer(countries=["SD"])


def _places(sentence: str, gaz: Gazetteer) -> list[tuple[str, str, str | None]]:
    return [(m.place.name, m.place.kind, m.place.admin1) for m in find_places(sentence, gaz)]


def test_the_sudanese_pack_has_every_state_of_geonames_and_keeps_its_sides() -> None:
    sudan = pack("SD")
    assert "SD" in shipped_packs() and sudan.timezone == "Africa/Khartoum"
    codes = {"29", "36", "38", "39", "41", "42", "43", "47", "49", "50", "52", "53", "55", "56"}
    assert {u.code for u in sudan.admin1} == codes | {"58", "60", "61", "62"}
    assert all(u.area_km2 and u.area_km2 > 0 for u in sudan.admin1)
    assert sudan.files == ("SD.json", "SD.sides.json")  # the sides file merged in
    assert warring_sides("SD", SATURDAY.date()) == (
        "Sudanese Armed Forces",
        "Rapid Support Forces",
    )


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        (
            "Fighting spread from Omdurman to Bahri.",
            [("Omdurman", "city", "Khartoum"), ("Khartoum North", "city", "Khartoum")],
        ),
        (
            "The RSF shelled El Fasher and Zamzam camp.",
            [("El Fasher", "city", "North Darfur"), ("Zamzam camp", "city", "North Darfur")],
        ),
        (
            "Aid reached Kabkabiya and Ardamata.",
            [("Kabkābīyah", "city", "North Darfur"), ("'Ārdamatā", "city", "West Darfur")],
        ),
        ("Clashes were reported in North Darfur.", [("North Darfur", "admin1", "North Darfur")]),
        ("Shelling hit villages in Gezira state.", [("Gezira", "admin1", "Gezira")]),
        ("The war has spread across Darfur.", [("Darfur", "region", "North Darfur")]),
        ("Jets struck the Nuba Mountains.", [("Nuba Mountains", "region", "South Kordofan")]),
    ],
)
def test_english_sudanese_news_finds_its_places(
    gaz: Gazetteer, sentence: str, places: list[tuple[str, str, str | None]]
) -> None:
    assert _places(sentence, gaz) == places


def test_sudan_its_fighters_and_the_saudi_capital_are_no_places(gaz: Gazetteer) -> None:
    text = "Sudanese envoys met in Riyadh; the Janjaweed told Al Jazeera that Burhan lied."
    assert _places(text, gaz) == []


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        (
            "The army and the RSF agreed to a 72-hour ceasefire in Khartoum on Saturday.",
            ("Khartoum",),
        ),
        (
            "President Bashir declared a four-month ceasefire in South Kordofan and Blue Nile.",
            ("South Kordofan", "Blue Nile"),
        ),
        ("The rebels declared a truce across Darfur on Saturday.", ("Darfur",)),
    ],
)
def test_a_sudanese_truce_statement_gets_its_places(text: str, scope: tuple[str, ...]) -> None:
    (found,) = find_statements(Article("t", text, SATURDAY), country="SD")
    assert found.scope == scope


def test_where_a_declared_truce_was_broken_is_not_its_reach() -> None:
    text = (
        "The army and the RSF agreed to a ceasefire from Saturday evening. "
        "Within hours each side accused the other of breaching the truce in Omdurman."
    )
    article = Article("t", text, SATURDAY)
    (draft,) = draft_truces(article, find_statements(article, country="SD"))
    assert draft.nationwide and draft.scope == ()


@pytest.mark.parametrize(
    ("sentence", "place", "kind"),
    [
        ("اشتباكات عنيفة في أم درمان", "Omdurman", "city"),
        ("قصفت قوات الدعم السريع مدينة الفاشر", "El Fasher", "city"),
        ("تدهور الوضع الإنساني في ولاية شمال دارفور", "North Darfur", "admin1"),
        ("نزح الآلاف من مخيم زمزم", "Zamzam camp", "city"),
        ("تواصلت المعارك في إقليم دارفور", "Darfur", "region"),
    ],
)
def test_arabic_sudanese_news_finds_its_places(
    gaz: Gazetteer, sentence: str, place: str, kind: str
) -> None:
    found = find_arabic_places(sentence, gaz)
    assert [(m.place.name, m.place.kind) for m in found] == [(place, kind)]


def test_an_arabic_sudanese_truce_gets_its_places_but_not_its_dateline() -> None:
    text = (
        "الخرطوم، 20 مايو (سونا) — وقعت الحكومة والحركات المسلحة اتفاقاً لوقف إطلاق النار في "
        "جنوب كردفان والنيل الأزرق."
    )
    (found,) = find_statements(Article("t", text, SATURDAY), country="SD")
    assert found.scope == ("South Kordofan", "Blue Nile")
