"""Transliteration keys, governorate points and GeoNames dumps of the embedded gazetteer."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from trucewatch.text import load_geonames
from trucewatch.text.gazetteer import default_gazetteer, population_centres, skeleton
from trucewatch.text.packs import pack
from trucewatch.text.places import find_places

SY = pack("SY")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


@pytest.mark.parametrize(
    ("press", "geonames"),
    [
        ("Deir Ezzor", "Dayr az Zawr"),
        ("Der-Ezzor", "Deir ez-Zor"),
        ("Sayeda Zeinab", "As Sayyidah Zaynab"),
        ("Ein Essa", "Ayn Issa"),
        ("Hasakeh", "Al-Hasakah"),
        ("Hosh Nasri", "Hawsh Nasri"),
        ("Kafar Sajna", "Kafr Sajnah"),
        ("Tell Rifaat", "Tall Rif'at"),
        ("Jesr al-Shughour", "Jisr ash Shughur"),
        ("Arraqqa", "Ar-Raqqah"),
        ("Idleb", "Idlib"),
        ("Tartous", "Tartus"),
    ],
)
def test_press_and_geonames_spellings_share_a_skeleton(press: str, geonames: str) -> None:
    assert skeleton(press) == skeleton(geonames)


@pytest.mark.parametrize(("a", "b"), [("Al-Quriyah", "Al Qurayya"), ("Homs", "Hama")])
def test_different_places_keep_different_skeletons(a: str, b: str) -> None:
    assert skeleton(a) != skeleton(b)


def test_governorate_point_is_where_people_live_not_the_desert_centroid() -> None:
    gaz = default_gazetteer()
    rif = gaz.governorate("Rif Dimashq")
    damascus = gaz.lookup("Damascus")[0]
    assert _km(rif.lat, rif.lon, damascus.lat, damascus.lon) < 40
    homs = gaz.governorate("Homs governorate")
    assert _km(homs.lat, homs.lon, 34.73, 36.72) < 30  # Homs city, not the Badia


def test_hand_centroids_put_idlib_inland_and_latakia_on_the_coast() -> None:
    idlib, latakia = SY.unit("Idlib"), SY.unit("Latakia")
    assert idlib is not None and latakia is not None
    assert idlib.lon > 36.4 > latakia.lon


def test_population_centres_weigh_places_by_population() -> None:
    rows: list[dict[str, object]] = [
        {"admin1code": "11", "latitude": 34.0, "longitude": 37.0, "population": 3000},
        {"admin1code": "11", "latitude": 35.0, "longitude": 38.0, "population": 1000},
        {"admin1code": "11", "latitude": 10.0, "longitude": 10.0, "population": 0},
        {"admin1code": "99", "latitude": 1.0, "longitude": 1.0, "population": 5},
    ]
    assert population_centres(rows, SY) == {"Homs": (34.25, 37.25)}


def test_geonames_dump_sets_governorate_points_from_its_own_places() -> None:
    gaz = load_geonames(FIXTURES / "geonames_SY_sample.txt")
    aleppo = gaz.governorate("Aleppo governorate")
    assert (aleppo.lat, aleppo.lon) == (36.2012, 37.1612)  # the only Aleppo place with people
    idlib = gaz.governorate("Idlib governorate")
    unit = SY.unit("Idlib")
    assert unit is not None
    assert (idlib.lat, idlib.lon) == (unit.lat, unit.lon)  # no population: hand centroid


@pytest.mark.parametrize("word", ["Khan", "Bab", "al-Sham", "China"])
def test_name_parts_and_foreign_words_are_not_places(word: str) -> None:
    assert find_places(f"Fighting near {word} today", default_gazetteer()) == []
