"""Stored agreements are parsed once per version (``store.cache``), and a change is seen at once:
a new version, from this opener or another, and a boundary layer replaced under an admin scope."""

from __future__ import annotations

from pathlib import Path

import shapely
from shapely.geometry import box

from trucewatch.catalog import load_agreements
from trucewatch.store import Store
from trucewatch.store.cache import StoreCache
from trucewatch.store.shared import SharedStore

HEAD = (
    "format: trucewatch.agreement/1\nid: {id}\nname: {name}\ntimezone: Asia/Damascus\n"
    "start: 2016-05-05T01:00:00+03:00\nduration: 48h\n"
)
POINT = "scope:\n  point: {lat: 36.2, lon: 37.15}\n  radius_km: 10\n"
ADMIN = "scope:\n  admin: {code: XX01}\n"


def _put(store: Store, agreement_id: str, name: str, scope: str = POINT) -> int:
    text = HEAD.format(id=agreement_id, name=name) + scope
    return store.put_agreement(agreement_id, name, text, f"{agreement_id}.yaml")


def _layer(store: Store, geometry: shapely.Geometry) -> None:
    unit = {"code": "XX01", "name": "Box", "level": 1, "wkb": shapely.to_wkb(geometry)}
    store.put_boundaries("test", [unit])


def test_agreement_cache_parses_each_stored_version_once(store: Store) -> None:
    _put(store, "a", "A")
    _put(store, "b", "B")
    first, again = load_agreements(store), load_agreements(store)
    assert [a.id for a in first] == ["a", "b"]
    assert all(x is y for x, y in zip(first, again, strict=True))  # parsed once
    assert first is not again  # each caller gets a list of its own
    assert len(store.cache) == 2


def test_agreement_cache_sees_a_new_version_at_once(store: Store) -> None:
    _put(store, "a", "A")
    _put(store, "b", "B")
    before = load_agreements(store)
    assert _put(store, "a", "A renamed") == 2
    after = load_agreements(store)
    assert [a.name for a in after] == ["A renamed", "B"]
    assert after[1] is before[1]  # the agreement that did not change is not parsed again
    assert len(store.cache) == 2  # the new version took the place of the old one
    assert _put(store, "a", "A") == 3  # back to the first text: a new version
    assert load_agreements(store)[0].name == "A"


def test_agreement_cache_of_a_shared_store_sees_another_openers_write_at_once(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        _put(store, "a", "A")
    shared = SharedStore(db_path, linger=0)  # each read opens the store; the cache stays
    try:
        with shared.reading() as view:
            first = load_agreements(view)
        with shared.reading() as view:
            assert load_agreements(view)[0] is first[0]  # kept across opens of the store
        with Store.open(db_path) as other:  # another opener: its own cache, not the server's
            _put(other, "a", "A from elsewhere")
        with shared.reading() as view:
            assert load_agreements(view)[0].name == "A from elsewhere"
    finally:
        shared.close()


def test_agreement_cache_sees_a_replaced_boundary_layer_at_once(store: Store) -> None:
    _layer(store, box(37.0, 36.0, 37.5, 36.5))
    _put(store, "admin", "Admin", ADMIN)
    _put(store, "point", "Point")
    before = load_agreements(store)
    assert before[0].scope.geometry is not None
    assert before[0].scope.geometry.bounds == (37.0, 36.0, 37.5, 36.5)
    _layer(store, box(36.0, 35.0, 36.5, 35.5))  # the same unit, another shape
    after = load_agreements(store)
    assert after[0].scope.geometry is not None
    assert after[0].scope.geometry.bounds == (36.0, 35.0, 36.5, 35.5)
    assert after[1] is before[1]  # no admin scope: not parsed again


def test_store_cache_gives_a_value_back_only_for_the_content_it_was_built_from() -> None:
    cache = StoreCache(max_slots=2)
    built: list[str] = []

    def build(text: str) -> str:
        built.append(text)
        return text.upper()

    assert cache.get_or_build("a", "one", lambda: build("one")) == "ONE"
    assert cache.get_or_build("a", "one", lambda: build("one")) == "ONE"  # kept
    assert cache.get_or_build("a", "two", lambda: build("two")) == "TWO"  # other content
    assert cache.get_or_build("b", "x", lambda: build("x")) == "X"
    assert cache.get_or_build("a", "two", lambda: build("two")) == "TWO"  # kept: "b" is older
    assert cache.get_or_build("c", "y", lambda: build("y")) == "Y"  # "b" goes
    assert cache.get_or_build("b", "x", lambda: build("x")) == "X"
    assert built == ["one", "two", "x", "y", "x"]
    assert len(cache) == 2
