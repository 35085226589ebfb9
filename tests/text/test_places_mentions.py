"""Place mentions in press English: possessives, underscores, group names, "A in B"."""

from __future__ import annotations

import pytest

from trucewatch.model.event import LocationPrecision
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.places import find_places


@pytest.mark.parametrize(
    ("sentence", "mention", "admin1"),
    [
        ("Tens of casualties in the bombing on Aleppo’s neighborhoods", "Aleppo", "Aleppo"),
        ("Shells hit Hama's northern districts", "Hama", "Hama"),
        ("Aerial bombardment targets JEsr al_Shughour", "JEsr al_Shughour", "Idlib"),
        ("Warplanes bomb Deir Ezzor airport", "Deir Ezzor", "Deir ez-Zor"),
        ("Silence is taking over Barada Valley", "Barada Valley", "Rif Dimashq"),
    ],
)
def test_press_spellings_of_places_are_found(sentence: str, mention: str, admin1: str) -> None:
    first = find_places(sentence, default_gazetteer())[0]
    assert first.text == mention and first.place.admin1 == admin1


def test_possessive_keeps_the_countryside_reading() -> None:
    (match,) = find_places("Shelling on Idlib’s southern countryside", default_gazetteer())
    assert match.qualifier == "near:countryside" and match.place.name.startswith("southern")


@pytest.mark.parametrize(
    "sentence",
    [
        "Unknown militiamen attack Ahrar al-Sham HQs",
        "Mortars fell on Bab Touma",
        "Regime forces besiege Khan al-Wadi",
        "Shohadaa al-Yarmouk battalion clashes with rebels",
        "The Idlib Army fighters withdrew",
    ],
)
def test_group_names_gates_and_name_heads_are_not_places(sentence: str) -> None:
    assert find_places(sentence, default_gazetteer()) == []


def test_a_village_in_another_governorate_is_not_its_namesake_far_away() -> None:
    found = find_places("Israeli shells hit Hader in Quneitra", default_gazetteer())
    assert [m.text for m in found] == ["Quneitra"]


def test_a_place_in_its_own_governorate_is_kept() -> None:
    found = find_places("Airstrikes on Saraqib in Idlib province", default_gazetteer())
    assert found[0].place.admin1 == "Idlib" and found[0].precision is LocationPrecision.EXACT
    assert found[1].precision is LocationPrecision.ADMIN1


@pytest.mark.parametrize(
    ("sentence", "texts"),
    [
        (
            "The bomber blew himself up in the village of Tall Tawil in the Hassakeh province",
            ["Hassakeh province"],
        ),
        ("Shells hit Kafr Unknownah and Idlib city", ["Idlib"]),
        ("Clashes near Tall Hamis", ["Tall Hamis"]),  # the whole name is known: kept
    ],
)
def test_a_name_head_alone_is_not_the_place_when_the_name_goes_on(
    sentence: str, texts: list[str]
) -> None:
    """'Tall' alone is At Tall near Damascus; 'Tall Tawil' (unknown) is not."""
    assert [m.text for m in find_places(sentence, default_gazetteer())] == texts


@pytest.mark.parametrize(
    ("sentence", "texts"),
    [
        ("Bombs fell despite Damascus promises of a truce in Idlib", ["Idlib"]),
        ("Damascus said the strike on Aleppo was a lie", ["Aleppo"]),
        ("Shelling of the Damascus countryside went on", ["Damascus countryside"]),
    ],
)
def test_a_capital_named_for_its_government_is_not_the_place(
    sentence: str, texts: list[str]
) -> None:
    assert [m.text for m in find_places(sentence, default_gazetteer())] == texts
