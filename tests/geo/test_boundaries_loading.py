"""Admin boundaries from GeoJSON, Shapefile and GeoPackage: levels, reprojection, lookups."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely

from trucewatch.errors import BoundaryError
from trucewatch.geo.boundaries import BoundarySet, FieldMap, detect_fields

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "geo"
MERCATOR = FIXTURES / "aleppo_box_3857.geojson"


@pytest.fixture(scope="module")
def ocha(shared_data) -> BoundarySet:
    folder = shared_data / "syria_admin_boundaries_ocha"
    return BoundarySet.from_files([folder / "syr_admin1.geojson", folder / "syr_admin2.geojson"])


def test_boundaries_ocha_admin1_and_admin2_load_with_levels(ocha):
    assert len([u for u in ocha if u.level == 1]) == 14
    assert len([u for u in ocha if u.level == 2]) == 62
    aleppo = ocha.get("SY02")
    assert aleppo.name == "Aleppo" and aleppo.level == 1 and aleppo.layer == "syr_admin1"
    assert "حلب" in aleppo.names
    assert ocha.get("SY0204").parent_code == "SY02"


@pytest.mark.parametrize(
    ("name", "level", "code"),
    [("Aleppo", 1, "SY02"), ("aleppo", None, "SY02"), ("حلب", 1, "SY02"), ("idleb", 1, "SY07")],
)
def test_boundaries_find_by_name_is_case_insensitive(ocha, name, level, code):
    assert ocha.find(name, level).code == code


def test_boundaries_sy02_contains_aleppo_city(ocha):
    assert ocha.get("SY02").geometry.covers(shapely.Point(37.16, 36.20))
    assert [u.code for u in ocha.locate(36.20, 37.16)] == ["SY02", "SY0200"]


@pytest.mark.parametrize(
    ("name", "level", "message"),
    [
        (
            "Damascus",
            None,
            "ambiguous, it names 2 units: Damascus (SY01, level 1), Damascus (SY0100",
        ),
        ("Idlib", 1, "close matches: Idleb (SY07, level 1)"),
        ("Alepo", None, "close matches: Aleppo (SY02, level 1)"),
    ],
)
def test_boundaries_unknown_or_ambiguous_names_list_candidates(ocha, name, level, message):
    with pytest.raises(BoundaryError) as info:
        ocha.find(name, level)
    assert message in str(info.value)


def test_boundaries_unknown_code_lists_close_codes(ocha):
    with pytest.raises(BoundaryError, match=r"no admin unit with code 'SY99'.*close matches"):
        ocha.get("SY99")


def test_boundaries_geojson_in_web_mercator_is_reprojected():
    boundaries = BoundarySet.from_file(MERCATOR)
    box = boundaries.get("xx01")
    assert box.geometry.bounds == pytest.approx((37.0, 36.1, 37.3, 36.3), abs=1e-6)
    assert boundaries.find("Hama Box", 1).code == "XX02"  # diacritics folded
    assert box.names == ("صندوق حلب",)


def _write_layer(path: Path, driver: str, layer: str, crs: str = "EPSG:4326") -> None:
    squares = [shapely.box(37.0, 36.1, 37.3, 36.3), shapely.box(36.5, 35.8, 36.8, 36.0)]
    pyogrio.raw.write(
        path,
        np.array(shapely.to_wkb(squares), dtype=object),
        [
            np.array(["T0201", "T0701"], dtype=object),
            np.array(["North", "West"], dtype=object),
            np.array(["T02", "T07"], dtype=object),
        ],
        fields=["ADM2_PCODE", "ADM2_EN", "ADM1_PCODE"],
        geometry_type="Polygon",
        crs=crs,
        driver=driver,
        layer=layer,
    )


def test_boundaries_shapefile_written_at_test_time_loads(tmp_path):
    path = tmp_path / "districts.shp"
    _write_layer(path, "ESRI Shapefile", "districts")
    boundaries = BoundarySet.from_file(path)  # ADM2_PCODE / ADM2_EN detected
    assert [(u.code, u.name, u.level, u.parent_code) for u in boundaries] == [
        ("T0201", "North", 2, "T02"),
        ("T0701", "West", 2, "T07"),
    ]
    assert boundaries.locate(36.2, 37.1)[0].code == "T0201"


def test_boundaries_geopackage_written_at_test_time_loads_every_layer(tmp_path):
    path = tmp_path / "admin.gpkg"
    _write_layer(path, "GPKG", "districts")
    boundaries = BoundarySet.from_file(
        path, fields=FieldMap(level=2, code="ADM2_PCODE", name="ADM2_EN")
    )
    assert {u.layer for u in boundaries} == {"districts"}
    assert boundaries.find("west", 2).code == "T0701"


def test_boundaries_file_without_recognised_fields_says_what_to_pass(tmp_path):
    path = tmp_path / "admin.gpkg"
    _write_layer(path, "GPKG", "districts")
    with pytest.raises(BoundaryError, match=r"cannot tell the admin level.*FieldMap"):
        BoundarySet.from_file(path, level=3)


def test_boundaries_invalid_polygon_is_refused_or_repaired(tmp_path):
    bowtie = shapely.Polygon([(37.0, 36.1), (37.3, 36.3), (37.3, 36.1), (37.0, 36.3)])
    path = tmp_path / "bad.geojson"
    pyogrio.raw.write(
        path,
        np.array([shapely.to_wkb(bowtie)], dtype=object),
        [np.array(["B1"], dtype=object), np.array(["Bow"], dtype=object)],
        fields=["adm1_pcode", "adm1_name"],
        geometry_type="Polygon",
        crs="EPSG:4326",
        driver="GeoJSON",
    )
    with pytest.raises(BoundaryError, match="invalid polygon \\(Self-intersection"):
        BoundarySet.from_file(path)
    assert BoundarySet.from_file(path, repair=True).get("B1").geometry.is_valid


def test_boundaries_records_round_trip(tmp_path):
    boundaries = BoundarySet.from_file(MERCATOR)
    records = boundaries.to_records()
    assert set(records[0]) == {"code", "name", "level", "layer", "names", "parent", "wkb"}
    assert isinstance(records[0]["wkb"], bytes)
    again = BoundarySet.from_records(records)
    assert [u.code for u in again] == [u.code for u in boundaries]
    assert again.get("XX01").geometry.equals(boundaries.get("XX01").geometry)
    assert again.get("XX01").names == ("صندوق حلب",)


@pytest.mark.parametrize(
    ("fields", "level", "expected"),
    [
        (["adm1_pcode", "adm1_name", "adm1_name1"], None, (1, "adm1_pcode", ("adm1_name1",))),
        (["adm2_pcode", "adm2_name", "adm1_pcode", "adm1_name"], None, (2, "adm2_pcode", ())),
        (["adm2_pcode", "adm2_name", "adm1_pcode", "adm1_name"], 1, (1, "adm1_pcode", ())),
        (["GID_1", "NAME_1", "VARNAME_1", "GID_0"], None, (1, "GID_1", ("VARNAME_1",))),
        (["ADM1_PCODE", "ADM1_EN", "ADM1_AR"], None, (1, "ADM1_PCODE", ("ADM1_AR",))),
    ],
)
def test_boundaries_detect_fields_picks_the_deepest_level(fields, level, expected):
    found = detect_fields(fields, level)
    assert (found.level, found.code, found.alt_names) == expected


def test_boundaries_missing_file_is_a_boundary_error(tmp_path):
    with pytest.raises(BoundaryError, match="does not exist"):
        BoundarySet.from_file(tmp_path / "nope.geojson")


def test_boundaries_duplicate_codes_are_refused():
    boundaries = BoundarySet.from_file(MERCATOR)
    with pytest.raises(BoundaryError, match="used twice"):
        BoundarySet([*boundaries, boundaries.get("XX01")])


def test_boundary_file_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "admin1.geojson"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    with pytest.raises(BoundaryError, match=r"is a FIFO \(named pipe\): give the path of a file"):
        BoundarySet.from_file(fifo)
