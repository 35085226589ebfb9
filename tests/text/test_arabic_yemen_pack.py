"""The Yemeni Arabic pack (text/packs/arabic/YE.json): its places are places of the Yemeni
gazetteer, its city names are GeoNames' Arabic names where GeoNames has one, and its sides are
read in Yemeni news only, under the names a stored agreement gives them."""

from __future__ import annotations

import re

from trucewatch.text.actors import actor_table, with_sides
from trucewatch.text.arabic.actors import find_actors
from trucewatch.text.arabic.letters import fold
from trucewatch.text.arabic.names import arabic_pack, pack_entries
from trucewatch.text.embedded import country_rows
from trucewatch.text.gazetteer import default_gazetteer

_ARABIC = re.compile(r"[\u0620-\u064a]")


def _folded(name: str) -> str:
    return " ".join(fold(name.removeprefix("مدينة ")).text.split())


def test_every_place_of_the_yemeni_arabic_pack_is_a_place_of_the_yemeni_gazetteer() -> None:
    pack = arabic_pack("YE")
    gaz = default_gazetteer(countries=["YE"])
    resolved = list(pack_entries(gaz, "YE"))
    expected = sum(len(pack[k]) for k in ("governorates", "admin1_names", "cities", "regions"))
    assert len(resolved) == expected + 1  # the country
    assert all(place.country == "Yemen" for place, _names in resolved)
    assert gaz.lookup("الحديدة")[0].name == "Al Ḩudaydah"
    assert [p.kind for p in gaz.lookup("محافظة الحديدة")] == ["admin1"]


def test_the_pack_names_a_city_as_geonames_does_where_geonames_has_an_arabic_name() -> None:
    rows = {r["geonameid"]: r for r in country_rows("YE")}
    checked = 0
    for place, names in pack_entries(default_gazetteer(countries=["YE"]), "YE"):
        row = rows.get(place.geonameid) if place.kind == "city" else None
        arabic = [a for a in (row or {}).get("alternatenames", ()) if _ARABIC.search(a)]
        if arabic:
            checked += 1
            assert {_folded(n) for n in names} & {_folded(a) for a in arabic}, place.name
    assert checked >= 25


def test_arabic_sides_are_read_by_the_country_of_the_news() -> None:
    sentence = "قصف مسلحو الحوثي مواقع القوات الحكومية قبل غارات التحالف"
    yemen = [(a.canonical, a.text) for a in find_actors(sentence, actor_table(("YE",)))]
    assert yemen == [
        ("Ansar Allah", "مسلحو الحوثي"),
        ("Government of Yemen", "القوات الحكومية"),
        ("Saudi-led coalition", "غارات التحالف"),
    ]
    syria = [a.canonical for a in find_actors(sentence, actor_table(("SY",)))]
    assert syria == ["Government of Syria", "International coalition"]
    assert [a.canonical for a in find_actors(sentence)] == syria  # the default country


def test_an_agreements_name_for_a_side_renames_its_arabic_aliases_too() -> None:
    table = with_sides(actor_table(("YE",)), [("Houthis", ("Houthis", "Ansarullah"))])
    found = find_actors("اشتباكات بين الجيش الوطني وجماعة أنصار الله", table)
    assert [a.canonical for a in found] == ["Government of Yemen", "Houthis"]
