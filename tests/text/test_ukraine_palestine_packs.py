"""The packs of places of Ukraine (UA) and Palestine (PS), with their Arabic names: they load
with their sides files merged in, every GeoNames admin-1 unit is there, and hand-written
sentences of their news find the places and units a reader finds, in English and Arabic."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from trucewatch.text import Article
from trucewatch.text.arabic.letters import fold
from trucewatch.text.arabic.names import arabic_pack, pack_entries
from trucewatch.text.arabic.places import find_places as find_arabic_places
from trucewatch.text.embedded import country_rows
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.packs import pack, shipped_packs
from trucewatch.text.places import find_places
from trucewatch.text.statements import find_statements
from trucewatch.text.truce_drafts import draft_truces

_ARABIC = re.compile(r"[\u0620-\u064a]")
_PERSIAN = re.compile(r"[\u067e\u0686\u0698\u06a9\u06af\u06cc]")
KYIV_DAY = datetime.fromisoformat("2017-06-24T12:00:00+03:00")
GAZA_DAY = datetime.fromisoformat("2014-07-20T12:00:00+03:00")


@pytest.mark.parametrize("code", ["UA", "PS"])
def test_the_pack_ships_with_its_sides_merged_in(code: str) -> None:
    found = pack(code)
    assert code in shipped_packs()
    assert found.files == (f"{code}.json", f"{code}.sides.json")
    assert found.actors and found.warring  # from the sides file: the pack itself has none


@pytest.mark.parametrize("code", ["UA", "PS"])
def test_every_geonames_admin1_unit_of_the_country_is_in_its_pack(
    code: str, shared_data: Path
) -> None:
    world = shared_data / "geonames_syria" / "geonames_admin1CodesASCII_world.txt"
    rows = [line.split("\t") for line in world.read_text(encoding="utf-8").splitlines()]
    codes = {r[0].split(".")[1] for r in rows if r[0].startswith(f"{code}.")}
    units = pack(code).admin1
    assert {u.code for u in units} == codes
    assert all(u.area_km2 and u.lat and u.lon for u in units)


@pytest.mark.parametrize(
    ("code", "text", "places"),
    [
        (
            "UA",
            "Shelling hit Horlivka and Sloviansk in the Donetsk region.",
            [
                ("Horlivka", "city", "Donetsk"),
                ("Slovyansk", "city", "Donetsk"),
                ("Donetsk", "admin1", "Donetsk"),
            ],
        ),
        (
            "UA",
            "Fighting near Debaltseve and at the Donetsk airport.",
            [("Debaltseve", "city", "Donetsk"), ("Donetsk Airport", "city", "Donetsk")],
        ),
        (
            "UA",
            "Monitors said Kiev region and Crimea were quiet.",
            [("Kyiv", "admin1", "Kyiv"), ("Crimea", "admin1", "Crimea")],
        ),
        # first names and foreign cities that are also Ukrainian villages in GeoNames
        ("UA", "Vladimir Putin met Volodymyr Zelensky in Paris.", []),
        (
            "PS",
            "Israeli strikes hit Khan Younis, Shejaiya and the Rafah crossing.",
            [
                ("Khān Yūnis", "city", "Gaza Strip"),
                ("Shuja'iyya", "city", "Gaza Strip"),
                ("Rafah crossing", "city", "Gaza Strip"),
            ],
        ),
        (
            "PS",
            "Raids on the Jenin refugee camp in the occupied West Bank.",
            [("Jenin refugee camp", "city", "West Bank"), ("West Bank", "admin1", "West Bank")],
        ),
        ("PS", "Khalil al-Hayya spoke to mediators in Doha.", []),
    ],
)
def test_english_news_finds_the_countrys_places(
    code: str, text: str, places: list[tuple[str, str, str]]
) -> None:
    gaz = default_gazetteer(countries=(code,))
    found = [(m.place.name, m.place.kind, m.place.admin1) for m in find_places(text, gaz)]
    assert found == places


def test_a_press_spelling_names_its_place_before_a_larger_one_of_the_same_alternate_name() -> None:
    # GeoNames gives Nikopol (Dnipropetrovsk) the alternate name "Slov'iansk" too
    gaz = default_gazetteer(countries=("UA",))
    assert gaz.lookup("Sloviansk")[0].name == "Slovyansk"


@pytest.mark.parametrize(
    ("code", "text", "places"),
    [
        ("UA", "قصف على دونيتسك ولوغانسك", ["Donetsk", "Luhansk"]),
        (
            "UA",
            "اشتباكات في مقاطعة زابوريجيا قرب محطة زابوريجيا النووية",
            ["Zaporizhzhia", "Zaporizhzhia Nuclear Power Plant"],
        ),
        (
            "PS",
            "غارات على خان يونس وحي الشجاعية في قطاع غزة",
            ["Khān Yūnis", "Shuja'iyya", "Gaza Strip"],
        ),
        ("PS", "اقتحام مخيم جنين في الضفة الغربية", ["Jenin refugee camp", "West Bank"]),
    ],
)
def test_arabic_news_finds_the_countrys_places(code: str, text: str, places: list[str]) -> None:
    gaz = default_gazetteer(countries=(code,))
    assert [m.place.name for m in find_arabic_places(text, gaz)] == places


@pytest.mark.parametrize("code", ["UA", "PS", "LY", "SD"])
def test_every_place_of_the_arabic_pack_is_a_place_of_the_gazetteer(code: str) -> None:
    names = arabic_pack(code)
    gaz = default_gazetteer(countries=(code,))
    resolved = list(pack_entries(gaz, code))
    keys = ("governorates", "admin1_names", "cities", "regions")
    expected = sum(len(names.get(k, ())) for k in keys)
    assert len(resolved) == expected + 1  # the country
    assert {place.country for place, _names in resolved} == {pack(code).country}


#: how each pack's Arabic city names are compared with GeoNames': whether Persian forms are
#: left out, whether the article ال is dropped (GeoNames writes "خرطوم" for Khartoum), and the
#: cities GeoNames misnames (it gives Kosti only "ربك", Rabak's name across the White Nile)
_GEONAMES_ARABIC = {
    "UA": (True, False, frozenset()),
    "PS": (True, False, frozenset()),
    "LY": (False, False, frozenset()),
    "SD": (False, True, frozenset({"Kosti"})),
}


@pytest.mark.parametrize("code", list(_GEONAMES_ARABIC))
def test_the_arabic_pack_names_a_city_as_geonames_does_where_geonames_has_an_arabic_name(
    code: str,
) -> None:
    no_persian, no_article, misnamed = _GEONAMES_ARABIC[code]

    def folded(name: str) -> str:
        key = " ".join(fold(name.removeprefix("مدينة ")).text.split())
        return key.removeprefix("ال") if no_article else key

    rows = {r["geonameid"]: r for r in country_rows(code)}
    checked = 0
    for place, names in pack_entries(default_gazetteer(countries=(code,)), code):
        row = rows.get(place.geonameid) if place.kind == "city" else None
        alternates = (row or {}).get("alternatenames", ())
        arabic = [
            a for a in alternates if _ARABIC.search(a) and not (no_persian and _PERSIAN.search(a))
        ]
        if arabic and place.name not in misnamed:
            checked += 1
            assert {folded(n) for n in names} & {folded(a) for a in arabic}, place.name
    assert checked >= 15


def _drafts(text: str, code: str, published: datetime) -> list[tuple[tuple[str, ...], bool]]:
    article = Article("t", text, published)
    gaz = default_gazetteer(countries=(code,))
    drafts = draft_truces(article, find_statements(article, gaz, country=code))
    return [(d.scope, d.nationwide) for d in drafts]


@pytest.mark.parametrize(
    ("text", "code", "published", "scope"),
    [
        (
            "Ukraine and the separatists agreed on Wednesday to a ceasefire across the Donetsk "
            "and Luhansk regions from midnight on Saturday, the OSCE said.",
            "UA",
            KYIV_DAY,
            ("Donetsk", "Luhansk"),
        ),
        (
            "A truce came into force at midnight in eastern Ukraine, the army said.",
            "UA",
            KYIV_DAY,
            ("Donetsk", "Luhansk"),  # the sides file's Donbas until 2022
        ),
        (
            "Israel agreed to a two-hour humanitarian pause in Shejaiya on Sunday.",
            "PS",
            GAZA_DAY,
            ("Shuja'iyya",),
        ),
        (
            "Egypt said Israel and Hamas had accepted a 72-hour truce in the Gaza Strip.",
            "PS",
            GAZA_DAY,
            ("Gaza",),  # the theatre's name for the unit
        ),
        (
            "غزة — أعلنت الفصائل في قطاع غزة التزامها بالتهدئة التي رعتها مصر مساء الثلاثاء.",
            "PS",
            GAZA_DAY,
            ("Gaza",),
        ),
        (
            "كييف، 20 يونيو (وكالات) — أعلن الرئيس الأوكراني وقف إطلاق النار في منطقتي دونيتسك "
            "ولوغانسك اعتباراً من العاشرة مساء اليوم.",
            "UA",
            KYIV_DAY,
            ("Donetsk", "Luhansk"),
        ),
    ],
)
def test_a_truce_statement_gets_its_scope_from_the_countrys_places(
    text: str, code: str, published: datetime, scope: tuple[str, ...]
) -> None:
    assert _drafts(text, code, published) == [(scope, False)]


def test_a_capital_that_speaks_after_and_is_no_arabic_truce_scope() -> None:
    text = "بدء هدنة الحصاد في منطقة دونباس وكييف تتحدث عن خروقات"
    article = Article("t", text, datetime.fromisoformat("2018-07-01T12:00:00+03:00"))
    (found,) = find_statements(article, default_gazetteer(countries=("UA",)), country="UA")
    assert found.scope == ("Donbas",)


def test_a_capital_named_for_its_government_is_no_claims_area() -> None:
    from trucewatch.text.claims import find_claims

    text = (
        "The truce held in the Donetsk region overnight, with both Kiev's forces and the "
        "separatists reporting a quiet night."
    )
    article = Article("t", text, datetime.fromisoformat("2015-09-01T12:00:00+03:00"))
    claims = find_claims(article, default_gazetteer(countries=("UA",)), country="UA")
    assert claims
    assert all("Kyiv" not in c.scope for c in claims)
    assert any("Donetsk" in c.scope for c in claims)
