"""Actor filters match whole names and their aliases, never a name that merely contains them."""

from __future__ import annotations

import dataclasses

import pytest

from trucewatch.agreements import example_paths, load_agreement
from trucewatch.errors import NotFoundError
from trucewatch.store import EventQuery, Store
from trucewatch.store.query import actor_names, name_keys

SIDES = {
    "is": ("IS", "Civilians"),
    "isis": ("ISIS", None),
    "acled": ("Islamic State (Syria)", "Military Forces of Syria (2000-)"),
    "coalition": ("Jabhat Fateh al-Sham, IS", "SDF"),
    "jaysh": ("Jaysh al-Islam", "Rahman Corps"),
    "hawar": ("Hawar Kilis Operations Room", "SDF"),
    "against": ("Global Coalition Against Daesh", "IS-affiliated tribe"),
    "israel": ("Government of Israel", "Hezbollah"),
}


@pytest.fixture
def sides(filled: Store) -> Store:
    """The tiny store plus one event per entry of SIDES (its key as source_row_id)."""
    event = next(filled.iter_events(EventQuery(limit=1)))
    events = [
        dataclasses.replace(
            event,
            source_row_id=key,
            actors=dataclasses.replace(event.actors, side_a=a, side_b=b, associated_a=()),
        )
        for key, (a, b) in SIDES.items()
    ]
    filled.ingest_events(events, label="sides", adapter="test.v1")
    return filled


@pytest.fixture(scope="module")
def agreements():
    return [load_agreement(path) for path in example_paths()]


def _rows(store: Store, query: EventQuery) -> set[str]:
    return {e.source_row_id for e in store.iter_events(query) if e.source_row_id in SIDES}


def test_actor_is_matches_the_side_and_coalition_part_named_is_only(sides: Store) -> None:
    assert _rows(sides, EventQuery(actor="IS")) == {"is", "coalition"}


def test_actor_is_with_the_agreements_aliases_matches_every_name_of_the_group(
    sides: Store, agreements
) -> None:
    names = actor_names("IS", agreements)
    assert {"IS", "Islamic State", "ISIS", "Daesh"} <= set(names)
    query = EventQuery(actor="IS", actor_aliases=names[1:])
    assert _rows(sides, query) == {"is", "isis", "acled", "coalition"}


def test_actor_alias_lookup_works_from_any_of_the_group_names(agreements) -> None:
    assert set(actor_names("daesh", agreements)) >= {"IS", "Islamic State"}
    assert actor_names("Jaysh al-Islam", agreements) == ("Jaysh al-Islam",)


def test_actor_contains_keeps_the_substring_match(sides: Store) -> None:
    assert _rows(sides, EventQuery(actor_contains="is")) == set(SIDES)


def test_a_qualified_acled_name_matches_its_bare_name() -> None:
    assert "islamic state" in name_keys("Islamic State (Syria)")
    assert "military forces of syria" in name_keys("Military Forces of Syria (2000-)")
    assert name_keys("Jaysh al-Islam") == {"jaysh al islam"}


def test_an_actor_no_side_has_matches_nothing(sides: Store) -> None:
    assert sides.count_events(EventQuery(actor="Army of Islam")) == 0


def test_unknown_source_is_an_error_with_a_guess(filled: Store) -> None:
    with pytest.raises(NotFoundError, match="did you mean tiny"):
        filled.count_events(EventQuery(sources=("tinyy",)))


def test_known_adapter_without_events_is_not_an_error(filled: Store) -> None:
    assert filled.count_events(EventQuery(sources=("ucdp-ged",))) == 0
