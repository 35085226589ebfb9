"""Agreement texts are versioned; boundary layers are replaced whole."""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import Polygon, box

from trucewatch.errors import BoundaryError
from trucewatch.store import Store

COH = "name: Cessation of hostilities\nstart: 2016-02-27T00:00\ntimezone: Asia/Damascus\n"


def test_catalog_agreement_versions_grow_only_when_text_changes(store: Store) -> None:
    assert store.put_agreement("syria-coh-2016", "CoH", COH, "pax:1507") == 1
    assert store.put_agreement("syria-coh-2016", "CoH", COH, "pax:1507") == 1
    assert store.put_agreement("syria-coh-2016", "CoH", COH + "# note\n", "edited") == 2
    assert store.put_agreement("aleppo-calm-2016", "Aleppo", "name: Aleppo\n", "file.yaml") == 1
    texts = store.agreement_texts()
    assert [(t.agreement_id, t.version) for t in texts] == [
        ("aleppo-calm-2016", 1),
        ("syria-coh-2016", 2),
    ]
    assert texts[1].text == COH + "# note\n"
    assert texts[1].origin == "edited"
    assert texts[0].name == "Aleppo" and texts[0].added_at.utcoffset() is not None
    assert store.stats().agreements == 2


def test_catalog_going_back_to_an_older_text_is_a_new_version(store: Store) -> None:
    store.put_agreement("a", "A", "one", "x")
    store.put_agreement("a", "A", "two", "x")
    assert store.put_agreement("a", "A", "one", "x") == 3
    assert store.agreement_texts()[0].text == "one"


def _unit(code: str, geometry: Polygon, level: int = 1, parent: str | None = "SY") -> dict:
    return {
        "code": code,
        "name": code.title(),
        "level": level,
        "layer": "ocha",
        "names": json.dumps({"en": code, "ar": "حلب"}, ensure_ascii=False),
        "parent": parent,
        "wkb": shapely.to_wkb(geometry),
    }


def test_catalog_boundaries_round_trip_with_their_bbox(store: Store) -> None:
    units = [
        _unit("SY02", box(36.0, 35.6, 38.5, 36.8)),
        _unit("SY", box(35.7, 32.3, 42.4, 37.3), 0, None),
    ]
    assert store.put_boundaries("ocha", units) == 2
    records = store.boundary_records("ocha")
    assert [r["code"] for r in records] == ["SY", "SY02"]
    aleppo = records[1]
    assert (aleppo["min_lon"], aleppo["min_lat"], aleppo["max_lon"], aleppo["max_lat"]) == (
        36.0, 35.6, 38.5, 36.8,
    )  # fmt: skip
    assert shapely.from_wkb(aleppo["wkb"]).equals(box(36.0, 35.6, 38.5, 36.8))
    assert json.loads(aleppo["names"])["ar"] == "حلب"
    assert store.stats().boundary_units == 2


def test_catalog_putting_a_layer_again_replaces_it_and_keeps_other_layers(store: Store) -> None:
    store.put_boundaries(
        "ocha", [_unit("SY02", box(36, 35, 38, 37)), _unit("SY07", box(1, 1, 2, 2))]
    )
    other = _unit("X1", box(0, 0, 1, 1)) | {"layer": None}
    store.put_boundaries("other", [other])
    store.put_boundaries("ocha", [_unit("SY02", box(36, 35, 39, 37))])
    assert [r["code"] for r in store.boundary_records("ocha")] == ["SY02"]
    assert store.boundary_records("ocha")[0]["max_lon"] == 39
    assert [r["layer"] for r in store.boundary_records()] == ["ocha", "other"]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"code": "A", "wkb": b"not wkb"}, "is not valid WKB"),
        ({"code": "A", "wkb": b""}, "must be non-empty WKB bytes"),
        ({"code": "A", "wkb": shapely.to_wkb(Polygon())}, "geometry is empty"),
        ({"wkb": shapely.to_wkb(box(0, 0, 1, 1))}, "missing field"),
        ({"code": "A", "layer": "gadm", "wkb": shapely.to_wkb(box(0, 0, 1, 1))}, "its layer is"),
    ],
)
def test_catalog_bad_boundary_record_changes_nothing(store: Store, record: dict, message: str):
    store.put_boundaries("ocha", [_unit("SY02", box(36, 35, 38, 37))])
    with pytest.raises(BoundaryError, match=message):
        store.put_boundaries("ocha", [_unit("SY03", box(36, 35, 38, 37)), record])
    assert [r["code"] for r in store.boundary_records("ocha")] == ["SY02"]


def test_catalog_duplicate_code_in_a_layer_is_refused(store: Store) -> None:
    unit = _unit("SY02", box(36, 35, 38, 37))
    with pytest.raises(BoundaryError, match="code 'SY02' appears twice"):
        store.put_boundaries("ocha", [unit, unit])
