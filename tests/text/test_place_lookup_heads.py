"""Skipping the longer name lookups that cannot succeed never changes the places found
(text/places.py ``_may_begin_longer``, Gazetteer.heads)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.text import places
from trucewatch.text.gazetteer import Gazetteer, default_gazetteer
from trucewatch.text.names import Place, head_keys, skeleton
from trucewatch.text.places import find_places

SENTENCES = [
    "Warplanes bombed Deir ez-Zor and Deir Ezzor airport on Tuesday.",
    "Shelling hit Aleppo's Bab Touma, Jisr al-Shughour and Khan Shaykhun.",
    "Rebels in Tall Rifaat and Ras al-Ain said the Syrian Observatory for Human Rights lied.",
    "Clashes in Eastern Ghouta, East Ghouta and Rif Dimashq; Al Bab, al-Bab, El Bab.",
    "Strikes near Aleppo`s airport and Hama™ Homs, Idlib–Latakia, Москва Aleppo.",
    "The Idlib Army and the Army of Islam fought in Douma Damascus Countryside.",
]


def _without_skipping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(places, "_may_begin_longer", lambda *_args: True)


def _spans(sentence: str, gazetteer: Gazetteer) -> list[tuple[str, int, int, str]]:
    return [(m.place.name, m.start, m.end, m.text) for m in find_places(sentence, gazetteer)]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_skipping_lookups_finds_the_same_places(
    sentence: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    gaz = default_gazetteer()
    fast = _spans(sentence, gaz)
    assert fast  # each sentence names places
    _without_skipping(monkeypatch)
    assert _spans(sentence, gaz) == fast


_PIECES = st.sampled_from(
    [
        "Deir", "ez-Zor", "Ezzor", "Al", "al-", "Bab", "Tall", "Tal", "Rifaat", "Aleppo",
        "Aleppo's", "Jisr", "Shughour", "Khan", "Shaykhun", "Ras", "Ain", "Eastern", "Ghouta",
        "Rif", "Dimashq", "Damascus", "Hama", "Homs", "Douma", "Army", "said", "the", " ",
        " ", ", ", "-", "`", "’", "™", "Москва", "Kafr", "Nabl", "Syrian", "Idlib",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12).map(" ".join))
def test_skipping_lookups_never_changes_a_random_sentence(text: str) -> None:
    gaz = default_gazetteer()
    fast = _spans(text, gaz)
    with pytest.MonkeyPatch.context() as patch:
        _without_skipping(patch)
        assert _spans(text, gaz) == fast


def test_a_name_indexed_after_a_lookup_is_found_by_its_several_words() -> None:
    town = Place("Tell Abyad", 36.7, 38.95, "city", "Ar-Raqqa", timezone="UTC", country="Syria")
    gaz = Gazetteer.from_places([(town, [])])
    assert [m.place for m in find_places("Clashes in Tell Abyad.", gaz)] == [town]
    gaz.heads()  # read once, then a name is added
    quarter = Place("Sheikh Maqsoud", 36.2, 37.2, "city", "Aleppo", timezone="UTC", country="Syria")
    gaz.add(quarter, ["Sheikh Maksoud"])
    gaz.sort()
    assert [m.place for m in find_places("Shells hit Sheikh Maksoud.", gaz)] == [quarter]


def test_a_word_gives_the_first_word_and_skeleton_any_name_beginning_with_it_has() -> None:
    assert head_keys("Deir") == ("deir", "dair")
    assert head_keys("al-Bab") == ("al", "bab")
    assert head_keys("Al") == ("al", "")  # an article alone: the skeleton begins later
    assert head_keys("Москва") is None
    gaz = default_gazetteer()
    for key in gaz.by_norm:  # every indexed name begins as its first word says
        first, skel = head_keys(key.split()[0]) or ("", "")
        assert first == key.split()[0] and skeleton(key).startswith(skel), key
