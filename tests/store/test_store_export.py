"""Exports to CSV, GeoJSON and Parquet, read back with independent readers; no partial files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from trucewatch.errors import StoreError
from trucewatch.store import EventQuery, Store

REMOTE = EventQuery(event_types=("remote",))


def test_export_csv_reads_back_with_iso_times_and_json_lists(filled: Store, tmp_path: Path):
    out = tmp_path / "out" / "events.csv"
    assert filled.export_events(out, "csv", REMOTE) == 4
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["event_id"] for r in rows] == ["tiny:a1", "tiny:a3", "tiny:a5", "tiny:a6"]
    assert rows[0]["time_start"] == "2016-02-24T22:00:00Z"
    assert rows[0]["time_end"] == "2016-02-25T22:00:00Z"
    assert rows[0]["ingested_at"].endswith("Z")
    assert json.loads(rows[0]["associated_a"]) == []
    assert float(rows[0]["lat"]) == 36.20
    assert rows[2]["fatalities_best"] == ""


def test_export_geojson_is_a_feature_collection_of_points(filled: Store, tmp_path: Path):
    out = tmp_path / "events.geojson"
    assert filled.export_events(out, "geojson") == 7
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == 7
    first = features[0]
    assert first["geometry"] == {"type": "Point", "coordinates": [37.15, 36.20]}
    props = first["properties"]
    assert "lat" not in props and "lon" not in props
    assert props["event_id"] == "tiny:a1"
    assert props["time_start"] == "2016-02-24T22:00:00Z"
    assert props["associated_a"] == []
    assert props["fatalities_best"] == 4


def test_export_geojson_of_nothing_is_an_empty_collection(filled: Store, tmp_path: Path):
    out = tmp_path / "none.geojson"
    assert filled.export_events(out, "geojson", EventQuery(limit=0)) == 0
    assert json.loads(out.read_text()) == {"type": "FeatureCollection", "features": []}


def test_export_parquet_keeps_types(filled: Store, tmp_path: Path):
    out = tmp_path / "events.parquet"
    assert filled.export_events(out, "parquet") == 7
    with duckdb.connect() as conn:
        conn.execute("SET TimeZone = 'UTC'")
        rows = conn.execute(
            "SELECT event_id, time_start, associated_a, fatalities_best "
            f"FROM read_parquet('{out}') ORDER BY time_start"
        ).fetchall()
    assert len(rows) == 7
    assert rows[0][0] == "tiny:a1"
    assert rows[0][1].isoformat() == "2016-02-24T22:00:00+00:00"
    assert rows[0][2] == [] and rows[0][3] == 4


@pytest.mark.parametrize("fmt", ["csv", "geojson", "parquet"])
def test_export_replaces_an_existing_file_whole_and_leaves_no_temp(
    filled: Store, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / "exports" / f"events.{fmt}"
    out.parent.mkdir()
    out.write_text("old content")
    filled.export_events(out, fmt, EventQuery(limit=1))
    assert out.read_bytes() != b"old content"
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]


def test_export_unknown_format_writes_nothing(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "events.xlsx"
    with pytest.raises(StoreError, match="'xlsx' is not supported: use one of csv, geojson"):
        filled.export_events(out, "xlsx")
    assert not out.parent.exists()


def test_export_to_a_directory_is_refused(filled: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        filled.export_events(tmp_path, "csv")
