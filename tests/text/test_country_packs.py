"""Any country, as data: packs selected by country code, GeoNames dumps of any country filed
under their own admin-1 units, and the sides of the stored agreements read as actor aliases."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from trucewatch.errors import NotFoundError, SourceError, ValidationError
from trucewatch.model.event import LocationPrecision
from trucewatch.sources.news import NewsAdapter
from trucewatch.text import Article, default_gazetteer, extract, load_geonames
from trucewatch.text.actors import actor_table, find_actors, with_sides
from trucewatch.text.geonames import load_source
from trucewatch.text.packs import PACK_DIR, load_pack, pack, shipped_packs
from trucewatch.text.places import radius_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"
LEBANON = FIXTURES / "geonames_LB_sample.txt"
SYRIAN_UNITS = {u.name for u in pack("SY").admin1}


def test_packs_ship_syria_and_yemen_and_an_unknown_code_names_them() -> None:
    assert {"SY", "YE"} <= set(shipped_packs())
    assert (pack("ye").country, pack("YE").timezone, len(pack("YE").admin1)) == (
        "Yemen",
        "Asia/Aden",
        22,
    )
    with pytest.raises(NotFoundError, match=r"shipped packs are .*SY.*YE"):
        pack("XX")


def test_a_lebanese_dump_files_beirut_under_lebanon_not_a_syrian_governorate() -> None:
    gaz = load_geonames(LEBANON, country="LB")
    beirut = next(p for p in gaz.lookup("Beirut") if p.kind == "city")
    assert (beirut.admin1, beirut.country, beirut.timezone) == (
        "Beyrouth",
        "Lebanon",
        "Asia/Beirut",
    )
    assert beirut.admin1 not in SYRIAN_UNITS
    assert gaz.governorate("Beyrouth governorate").country == "Lebanon"
    # no ADM1 row for Mont-Liban in the file and no Lebanese pack: no unit rather than a wrong
    # one; its empty time zone is looked up at its point
    (aley,) = gaz.lookup("Aley")
    assert (aley.admin1, aley.timezone) == (None, "Asia/Beirut")
    assert gaz.lookup("Aleppo") == []  # the Syrian line of the file is left out


def test_a_loaded_lebanese_dump_places_news_of_lebanon(tmp_path: Path) -> None:
    load_source(LEBANON, directory=tmp_path, country="LB")
    gaz = default_gazetteer(tmp_path, countries=["LB"])
    published = datetime(2024, 10, 2, 12, tzinfo=ZoneInfo("Asia/Beirut"))
    (found,) = extract(Article("lb", "An air strike hit Beirut on Tuesday.", published), gaz)
    where = found.event.where
    assert (where.place, where.admin1, where.country) == ("Beirut", "Beyrouth", "Lebanon")
    assert found.event.timezone == "Asia/Beirut"
    with pytest.raises(NotFoundError, match="no country pack 'LB' and no place file of LB"):
        default_gazetteer(tmp_path / "empty", countries=["LB"])


def test_a_dump_of_another_country_than_asked_says_which_it_holds(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"no place of country YE .*places of LB, SY: give"):
        load_source(LEBANON, directory=tmp_path, country="YE")
    only_lb = tmp_path / "LB.txt"
    only_lb.write_text("".join(LEBANON.read_text().splitlines(True)[:3]))
    with pytest.raises(SourceError, match=r"no place of country SY .*places of LB: give"):
        load_source(only_lb, directory=tmp_path, country="SY")


def test_yemeni_places_are_filed_under_yemeni_governorates() -> None:
    gaz = default_gazetteer(countries=["YE"])
    for mention, unit in [
        ("Hodeidah", "Hodeidah"),
        ("Sanaa", "Amanat al-Asimah"),
        ("Taiz", "Taiz"),
        ("Mukalla", "Hadramawt"),
        ("al-Jawf", "Al Jawf"),
        ("Seiyun", "Hadramawt"),
    ]:
        best = gaz.lookup(mention)[0]
        assert (best.admin1, best.country) == (unit, "Yemen"), mention
    assert gaz.lookup("Aleppo") == [] and gaz.lookup("Ghouta") == []  # no Syrian place


def test_each_pack_reads_its_own_aliases() -> None:
    yemen = actor_table(("YE",))
    assert [a.canonical for a in find_actors("Houthi rebels shelled Taiz", yemen)] == [
        "Ansar Allah"
    ]
    assert [a.canonical for a in find_actors("regime forces shelled Douma")] == [
        "Government of Syria"
    ]
    assert find_actors("regime forces shelled Douma", yemen) == []


def test_agreement_sides_join_the_aliases_renaming_a_pack_side_they_name() -> None:
    table = with_sides(
        actor_table(("YE",)),
        [
            ("Houthis", ("Houthis", "Ansarullah")),
            ("Government of Yemen", ("Government of Yemen", "Hadi government")),
            ("Tihama Resistance", ("Tihama Resistance", "TR")),
        ],
    )
    found = find_actors(
        "Ansar Allah fighters and the Hadi government clashed; the Tihama Resistance and TR "
        "units joined, not tr",
        table,
    )
    assert [a.canonical for a in found] == [
        "Houthis",
        "Government of Yemen",
        "Tihama Resistance",
        "Tihama Resistance",
    ]


def test_a_names_file_beside_a_pack_adds_names(tmp_path: Path) -> None:
    shutil.copy(PACK_DIR / "YE.json", tmp_path / "YE.json")
    names = {
        "format": "trucewatch.pack-names/1",
        "country": "YE",
        "language": "ar",
        "admin1_spellings": {"Taiz": ["تعز"]},
        "actors": {"Ansar Allah": ["الحوثيون"]},
    }
    (tmp_path / "YE.ar.json").write_text(json.dumps(names), encoding="utf-8")
    merged = load_pack(tmp_path / "YE.json")
    assert merged.files == ("YE.json", "YE.ar.json")
    taiz = merged.unit("Taiz")
    assert taiz is not None and "تعز" in taiz.spellings
    assert "الحوثيون" in merged.actors["Ansar Allah"]
    names["admin1_spellings"] = {"Aleppo": ["حلب"]}
    (tmp_path / "YE.ar.json").write_text(json.dumps(names), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"YE.ar.json: admin1_spellings: no admin-1 unit"):
        load_pack(tmp_path / "YE.json")


def test_the_news_adapter_refuses_a_country_that_is_not_a_code() -> None:
    assert NewsAdapter(countries="sy, ye").countries == ("SY", "YE")
    with pytest.raises(SourceError, match="two-letter codes"):
        NewsAdapter(countries="Syria")


def test_a_yemeni_governorate_gets_the_radius_of_its_own_area() -> None:
    gaz = default_gazetteer(countries=["YE"])
    aden = gaz.governorate("Aden governorate")
    assert radius_of(aden, LocationPrecision.ADMIN1) == 15.6  # sqrt(760 km² / pi)
    abyan = gaz.governorate("Abyan")
    assert radius_of(abyan, LocationPrecision.ADMIN1) == 82.7  # sqrt(21,489 km² / pi)


def test_a_countrys_government_side_is_also_named_with_the_possessive() -> None:
    from trucewatch.text.packs import pack

    sudan = pack("SD").actors
    assert "Sudan's government" in sudan["Government of Sudan"]
    assert "Yemen’s government" in pack("YE").actors["Government of Yemen"]
    # the army is a side of its own in Sudan since 2023: not added to the government
    assert "Sudan's army" not in sudan["Government of Sudan"]
