"""OCHA COD-AB place layers (GeoJSON) loaded into the gazetteer, and the place rules of issue 5.

The fixtures are hand-written GeoJSON in the OCHA field layout (``neighborho``/``neighbor_1``,
``adm_p_lvl``, ``adm3_pcode``...), coordinates written by hand, codes made up.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from trucewatch.errors import SourceError
from trucewatch.text import Article, default_gazetteer, extract
from trucewatch.text.geonames import GAZETTEER_DIR_ENV, load_source, read_places, source_counts
from trucewatch.text.places import find_places

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"
NEIGHBOURHOODS = FIXTURES / "ocha_neighborhoods_sample.geojson"
CAPITALS = FIXTURES / "ocha_admincapitals_sample.geojson"
ADMIN3 = FIXTURES / "ocha_admin3_sample.geojson"
PUBLISHED = datetime.fromisoformat("2016-05-04T14:00:00+03:00")


@pytest.fixture
def gazetteer_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "gazetteer"
    monkeypatch.setenv(GAZETTEER_DIR_ENV, str(folder))
    return folder


def test_a_neighbourhood_layer_is_told_from_its_content_and_bad_features_are_skipped() -> None:
    read = read_places(NEIGHBOURHOODS)
    assert read.kind == "ocha:neighbourhoods"
    assert [r["name"] for r in read.rows] == [
        "Mokhayam Handarat",
        "Jobar",
        "Al-Zahra",
        "Az-Zahraa",
    ]
    assert [(e.line, e.field) for e in read.bad] == [
        (4, "geometry"),
        (5, "adm1_pcode"),
        (6, "neighborho"),
    ]
    assert "features[5]" in read.bad[1].reason and read.bad[1].value == "SY99"


def test_governorates_come_from_the_ocha_pcode_else_the_name() -> None:
    rows = {r["name"]: r for r in read_places(NEIGHBOURHOODS).rows}
    # OCHA numbers governorates differently from GeoNames: SY02 Aleppo -> GeoNames 09
    assert rows["Mokhayam Handarat"]["admin1code"] == "09"
    assert rows["Jobar"]["admin1code"] == "13"
    assert rows["Az-Zahraa"]["admin1code"] == "09"  # no pcode: by its English name
    assert "Handarat camp" in rows["Mokhayam Handarat"]["alternatenames"]


@pytest.mark.parametrize(
    ("headline", "place", "governorate"),
    [
        ("Regime airstrikes kill 5 in Handarat", "Mokhayam Handarat", "Aleppo"),
        ("Warplanes carry out 5 raids on Jobar neighborhood, killing 2", "Jobar", "Damascus"),
    ],
)
def test_a_headline_naming_a_neighbourhood_takes_the_layer_point_once_loaded(
    gazetteer_dir: Path, headline: str, place: str, governorate: str
) -> None:
    article = Article("h", headline, PUBLISHED)
    (hand,) = extract(article)  # the hand-written point, until a layer gives a better one
    assert hand.event.where.admin1 == governorate
    source, bad = load_source(NEIGHBOURHOODS, directory=gazetteer_dir)
    assert source.kind == "ocha:neighbourhoods" and source.places == 4 and len(bad) == 3
    (found,) = extract(article, default_gazetteer(gazetteer_dir))
    assert (found.event.where.place, found.event.where.admin1) == (place, governorate)
    assert (found.event.where.lat, found.event.where.lon) != (
        hand.event.where.lat,
        hand.event.where.lon,
    )


def test_arabic_names_are_indexed_and_counted_in_the_sources(gazetteer_dir: Path) -> None:
    load_source(NEIGHBOURHOODS, directory=gazetteer_dir)
    assert [p.name for p in default_gazetteer(gazetteer_dir).lookup("جوبر")] == ["Jobar"]
    loaded = [s for s in source_counts(gazetteer_dir) if s["kind"] == "loaded"]
    assert loaded == [
        {
            "source": NEIGHBOURHOODS.name,
            "kind": "loaded",
            "format": "ocha:neighbourhoods",
            "country": "SY",
            "places": 4,
            "new": 4,
            "bad_lines": 3,
            "file": str(NEIGHBOURHOODS.resolve()),
            "loaded_at": loaded[0]["loaded_at"],
        }
    ]


def test_a_neighbourhood_name_shared_by_two_cities_follows_the_article(
    gazetteer_dir: Path,
) -> None:
    load_source(NEIGHBOURHOODS, directory=gazetteer_dir)
    gaz = default_gazetteer(gazetteer_dir)
    sentence = "Shelling hit Al-Zahra quarter"
    assert find_places(sentence, gaz, near="Aleppo")[0].place.admin1 == "Aleppo"
    assert find_places(sentence, gaz, near="Damascus")[0].place.admin1 == "Damascus"
    text = "Rebels attacked Aleppo on Sunday. Shelling hit Al-Zahra quarter, killing 3."
    events = extract(Article("a", text, PUBLISHED), gaz)
    assert (events[-1].event.where.place, events[-1].event.where.admin1) == ("Az-Zahraa", "Aleppo")


def test_admin_capitals_keep_the_seats_below_governorate_level() -> None:
    read = read_places(CAPITALS)
    assert read.kind == "ocha:admincapitals"
    assert [(r["name"], r["kind"], r["admin1code"]) for r in read.rows] == [
        ("Hirbnafsah", "city", "10")
    ]
    assert read.other == 2  # the national and the governorate seats: built in already
    assert [(e.line, e.field) for e in read.bad] == [(3, "geometry")]


def test_a_sub_district_polygon_becomes_a_region_at_a_point_inside_it() -> None:
    (row,) = read_places(ADMIN3).rows
    polygon = shape(json.loads(ADMIN3.read_text(encoding="utf-8"))["features"][0]["geometry"])
    assert not polygon.contains(polygon.centroid)  # an L: the centroid is outside
    assert polygon.contains(Point(row["longitude"], row["latitude"]))
    assert (row["kind"], row["admin1code"]) == ("region", "10")
    # the Arabic "centre of" prefix is dropped; the OCHA reference spelling is kept
    assert row["alternatenames"] == ["عين الكروم", "Ain al-Kurum"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"type": "FeatureCollection", "features": [{"properties": {"adm1_pcode": "SY02"}}]}',
            "not those of an OCHA COD-AB place layer",
        ),
        ('{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        ("{not json", "not valid JSON"),
    ],
)
def test_json_that_is_not_an_ocha_place_layer_is_refused_naming_what_is_taken(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "x.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        read_places(path)


@pytest.mark.parametrize(
    ("sentence", "governorate"),
    [
        ("U.S. air strikes on the city of Raqa killed 22", "Ar-Raqqah"),
        ("Israeli raids on positions near the Golan Heights killed 10 soldiers", "Quneitra"),
        ("The army repelled an attack on Mallah Farms in Aleppo, killing 100", "Aleppo"),
    ],
)
def test_press_spellings_and_a_place_qualified_by_its_container(
    gazetteer_dir: Path, sentence: str, governorate: str
) -> None:
    gaz = default_gazetteer()
    (found, *_rest) = find_places(sentence, gaz)
    assert found.place.admin1 == governorate
