"""Hand-written places the embedded GeoNames table lacks, and press spellings of places it has
(the Syrian pack, text/packs/SY.json)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from shapely.geometry import Point, shape

from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.packs import pack
from trucewatch.text.places import find_places

SY = pack("SY")

PUBLISHED = datetime(2016, 5, 6, 12, 0, tzinfo=ZoneInfo("Asia/Damascus"))


@pytest.mark.parametrize(
    ("mention", "place", "governorate"),
    [
        ("Jobar", "Jobar", "Damascus"),
        ("Khan al-Shekh", "Khan al-Shih", "Rif Dimashq"),
        ("Sayyeda Zeinab", "Sayyida Zaynab", "Rif Dimashq"),
        ("Kweres", "Kuweires airbase", "Aleppo"),
        ("al_Fouaa", "Al-Fu'ah", "Idlib"),
        ("Kefraya", "Kafraya", "Idlib"),
        ("Tiyas", "T4 airbase", "Homs"),
        ("Shaer", "Shaer gas field", "Homs"),
        ("Khan Shekhon", "Khān Shaykhūn", "Idlib"),
        ("Kafrnabal", "Kafranbel", "Idlib"),
        ("al-Hol", "Al Ḩawl", "Al-Hasakah"),
        ("al-Rai", "Ar Rā‘ī", "Aleppo"),
    ],
)
def test_press_spellings_find_the_place_and_its_governorate(
    mention: str, place: str, governorate: str
) -> None:
    found = find_places(f"Clashes erupted in {mention} on Monday", default_gazetteer())
    assert [(m.place.name, m.place.admin1) for m in found] == [(place, governorate)]


def test_every_hand_spelling_resolves_to_its_own_place() -> None:
    gaz = default_gazetteer()
    wrong = []
    for area in (*SY.sites, *SY.regions):
        name, admin1 = area.name, area.admin1
        for spelling in (name, *area.spellings):
            best = gaz.lookup(spelling)[0]
            if (best.name, best.admin1) != (name, admin1):
                wrong.append((spelling, best.name))
    for name, admin1, spellings in SY.spellings:
        for spelling in spellings:
            best = gaz.lookup(spelling)[0]
            if (best.name, best.admin1) != (name, admin1):
                wrong.append((spelling, best.name))
    assert wrong == []


def test_hand_places_lie_in_their_governorate_polygon(shared_data: Path) -> None:
    """Each hand-written point falls inside (or within 2 km of) the OCHA polygon of the
    governorate it is filed under: a typo in a coordinate or a governorate fails here."""
    path = shared_data / "syria_admin_boundaries_ocha" / "syr_admin1.geojson"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    ocha = {
        "Al-Hasakeh": "Al-Hasakah",
        "Ar-Raqqa": "Ar-Raqqah",
        "As-Sweida": "As-Suwayda",
        "Dar'a": "Daraa",
        "Deir-ez-Zor": "Deir ez-Zor",
        "Idleb": "Idlib",
        "Lattakia": "Latakia",
        "Rural Damascus": "Rif Dimashq",
        "Tartous": "Tartus",
    }
    polygons = {
        ocha.get(f["properties"]["adm1_name"], f["properties"]["adm1_name"]): shape(f["geometry"])
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]
    }
    wrong = []
    for area in (*SY.sites, *SY.regions):
        name, lat, lon, admin1 = area.name, area.lat, area.lon, area.admin1
        if polygons[admin1].distance(Point(lon, lat)) > 0.02:  # degrees, about 2 km
            wrong.append((name, admin1, round(polygons[admin1].distance(Point(lon, lat)), 3)))
    assert wrong == []
