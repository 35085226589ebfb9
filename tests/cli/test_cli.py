"""The command line end to end, on real DuckDB files in a temporary folder."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import duckdb
import pytest
from typer.testing import CliRunner

from machine import scaled
from trucewatch.cli import app

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    return tmp_path / "store.duckdb"


@pytest.fixture
def ged_file(write_ged, ged_row):
    rows = [
        ged_row(1, "36.2", "2016-05-09"),
        ged_row(2, "36.21", "2016-05-05"),
        ged_row(3, "35.93", "2016-03-01", side_b="IS"),
    ]
    return write_ged(rows)


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_every_command_has_help_with_an_example():
    for command in (
        ["ingest"],
        ["agreements", "add"],
        ["agreements", "list"],
        ["agreements", "show"],
        ["events", "list"],
        ["export"],
        ["demo"],
        ["info"],
        ["summary"],
        ["boundaries", "load"],
    ):
        result = invoke(*command, "--help")
        assert result.exit_code == 0, command
        assert "Example" in result.output, command
        assert "--db" in result.output, command


def test_ingest_twice_adds_nothing_the_second_time(db, ged_file):
    first = invoke("ingest", "ucdp-ged", ged_file, "--db", db)
    assert first.exit_code == 0, first.output
    assert "3 events added" in first.output
    second = invoke("ingest", "ucdp-ged", ged_file, "--db", db)
    assert second.exit_code == 0
    assert "already ingested, 0 events added" in second.output
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM events").fetchone() == (3,)


def test_ingest_piped_leaves_no_blank_line_on_stderr(db, ged_file):
    # the transient progress bar left an empty line behind when stderr is not a terminal
    for _ in range(2):  # stored, then already ingested
        result = invoke("ingest", "ucdp-ged", ged_file, "--db", db)
        assert result.exit_code == 0, result.output
        assert result.stderr == ""


def test_ingest_reports_bad_rows_keeps_good_ones_and_exits_1(db, write_ged, ged_row):
    path = write_ged(
        [ged_row(1, "36.2", "2016-05-09"), ged_row(2, "95.2", "2016-05-09")], "bad.csv"
    )
    result = invoke("ingest", "ucdp-ged", path, "--db", db)
    assert result.exit_code == 1
    assert "1 events added" in result.output
    assert "bad.csv:3" in result.output and "95.2" in result.output
    listed = invoke("events", "bad-rows", "--format", "json", "--db", db)
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["line"], r["field"]) for r in rows] == [(3, "latitude")]


def test_strict_ingest_rejects_the_whole_file_and_stores_nothing(db, write_ged, ged_row):
    path = write_ged([ged_row(1, "36.2", "2016-05-09"), ged_row(2, "95.2", "x")], "bad.csv")
    result = invoke("ingest", "ucdp-ged", path, "--strict", "--db", db)
    assert result.exit_code == 2
    assert "rejected" in result.output
    assert not db.exists()  # the file is read before the store is opened: none is created


def test_ingest_csv_takes_the_source_name_from_the_mapping_file_when_not_given(db, repo_root):
    sources = repo_root / "tests" / "fixtures" / "sources"
    mapping = sources / "mycsv_mapping.yaml"  # source_name: mycsv
    result = invoke("ingest", "csv", sources / "mycsv.csv", "--mapping", mapping, "--db", db)
    assert result.exit_code == 1, result.output  # the fixture has bad rows on purpose
    assert "3 events added" in result.output
    listed = invoke("events", "list", "--format", "json", "--db", db)
    ids = [json.loads(line)["event_id"] for line in listed.stdout.splitlines()]
    assert ids and all(i.startswith("mycsv:") for i in ids)


def test_unknown_source_is_a_clear_error(db, ged_file):
    result = invoke("ingest", "ucdp", ged_file, "--db", db)
    assert result.exit_code == 2
    assert "no source 'ucdp': did you mean ucdp-ged?" in result.output


def test_agreements_show_prints_each_link_of_the_aleppo_chain_in_utc(db):
    assert invoke("agreements", "add", "--examples", "--db", db).exit_code == 0
    result = invoke("agreements", "show", "aleppo-calm-2016-05", "--format", "json", "--db", db)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    windows = {w["kind"] + ":" + w["start_utc"]: w for w in data["windows"]}
    assert "base:2016-05-04T22:00:00Z" in windows
    assert "extension:2016-05-06T22:00:00Z" in windows
    assert "extension:2016-05-09T22:00:00Z" in windows
    assert "declaration:2016-05-03T21:01:00Z" in windows
    listed = invoke("agreements", "list", "--format", "csv", "--db", db)
    ids = [r["id"] for r in csv.DictReader(io.StringIO(listed.stdout))]
    assert ids == sorted(
        ["aleppo-calm-2016-05", "eastern-ghouta-2016-04", "latakia-2016-04", "syria-coh-2016"]
    )


def test_agreements_show_unknown_id_names_the_known_ones(db):
    invoke("agreements", "add", "--examples", "--db", db)
    result = invoke("agreements", "show", "aleppo", "--db", db)
    assert result.exit_code == 2
    assert "aleppo-calm-2016-05" in result.output


def test_adding_an_invalid_agreement_stores_nothing(db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format: trucewatch.agreement/1\nid: x\nname: X\ntimezone: Asia/Damascus\n"
        "start: 2016-05-05T01:00:00\nscope: {point: {lat: 36.2, lon: 37.1}, radius_km: 5}\n"
    )
    result = invoke("agreements", "add", bad, "--db", db)
    assert result.exit_code == 2
    assert "bad.yaml" in result.output and "start" in result.output
    listed = invoke("agreements", "list", "--format", "json", "--db", db)
    assert listed.stdout == ""


def test_events_list_filters_by_bbox_dates_and_actor(db, ged_file):
    invoke("ingest", "ucdp-ged", ged_file, "--db", db)
    aleppo = invoke(
        "events", "list", "--bbox", "37.0,36.1,37.3,36.3", "--format", "json", "--db", db
    )
    ids = sorted(json.loads(line)["event_id"] for line in aleppo.stdout.splitlines())
    assert ids == ["ucdp_ged:1", "ucdp_ged:2"]
    may9 = invoke("events", "list", "--since", "2016-05-08", "-f", "csv", "--db", db)
    assert [r["event_id"] for r in csv.DictReader(io.StringIO(may9.stdout))] == ["ucdp_ged:1"]
    is_events = invoke("events", "list", "--actor", "IS", "-f", "json", "--db", db)
    assert [json.loads(x)["event_id"] for x in is_events.stdout.splitlines()] == ["ucdp_ged:3"]


def test_bad_bbox_is_a_clear_error(db):
    result = invoke("events", "list", "--bbox", "37,36", "--db", db)
    assert result.exit_code == 2
    assert "MIN_LON,MIN_LAT,MAX_LON,MAX_LAT" in result.output


def test_export_writes_geojson_csv_and_parquet(db, ged_file, tmp_path):
    invoke("ingest", "ucdp-ged", ged_file, "--db", db)
    for name in ("out.geojson", "out.csv", "out.parquet"):
        result = invoke("export", tmp_path / name, "--db", db)
        assert result.exit_code == 0, result.output
        assert "3 events written" in result.output
    features = json.loads((tmp_path / "out.geojson").read_text())["features"]
    assert {f["geometry"]["coordinates"][1] for f in features} == {36.2, 36.21, 35.93}
    with duckdb.connect() as con:
        n = con.execute(f"SELECT count(*) FROM '{tmp_path / 'out.parquet'}'").fetchone()
    assert n == (3,)


def test_summary_counts_aleppo_events_by_window(db, ged_file):
    invoke("agreements", "add", "--examples", "--db", db)
    invoke("ingest", "ucdp-ged", ged_file, "--db", db)
    result = invoke("summary", "--agreement", "aleppo-calm-2016-05", "-f", "json", "--db", db)
    assert result.exit_code == 0, result.output
    rows = {r["window_id"]: r for r in map(json.loads, result.stdout.splitlines())}
    base = rows["base"]
    # 5 May is the start day (01:00 local): uncertain, never counted as during
    assert base["events_uncertain"] == 1
    assert base["events_during"] == 0


def test_demo_without_data_runs_on_the_labelled_simulation(db, tmp_path):
    result = invoke("demo", "--shared", tmp_path / "absent", "--db", db)
    assert result.exit_code == 0, result.output
    assert "SYNTHETIC" in result.output
    for agreement_id in ("syria-coh-2016", "aleppo-calm-2016-05", "eastern-ghouta-2016-04"):
        assert agreement_id in result.output


def test_demo_on_real_ucdp_data(db, shared_data):
    result = invoke("demo", "--shared", shared_data, "--db", db)
    assert result.exit_code == 0, result.output
    assert "SYNTHETIC" not in result.output
    assert "6,170 added" in result.output


def test_info_reports_versions_and_store_statistics(db, ged_file):
    invoke("ingest", "ucdp-ged", ged_file, "--db", db)
    result = invoke("info", "--format", "json", "--db", db)
    data = json.loads(result.stdout)
    assert data["store"]["events"] == 3
    assert data["adapters"]["ucdp-ged"] == "ucdp_ged.v1"
    assert data["versions"]["duckdb"]


def test_python_dash_m_runs_the_installed_command_line(db, ged_file):
    done = subprocess.run(
        [sys.executable, "-m", "trucewatch", "ingest", "ucdp-ged", str(ged_file), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=scaled(120),
    )
    assert done.returncode == 0, done.stderr
    assert "3 events added" in done.stdout


ADMIN_AGREEMENT = """\
format: trucewatch.agreement/1
id: box-truce
name: A truce over an admin unit
timezone: Asia/Damascus
scope:
  admin: {code: XX01}
start: 2016-05-05T01:00:00+03:00
duration: 48h
"""


def test_admin_scope_resolves_against_loaded_boundaries(db, tmp_path, repo_root):
    agreement = tmp_path / "box.yaml"
    agreement.write_text(ADMIN_AGREEMENT)
    refused = invoke("agreements", "add", agreement, "--db", db)
    assert refused.exit_code == 2
    assert "XX01" in refused.output
    boundaries = repo_root / "tests" / "fixtures" / "geo" / "aleppo_box_3857.geojson"
    loaded = invoke("boundaries", "load", boundaries, "--layer", "box", "--db", db)
    assert loaded.exit_code == 0, loaded.output
    assert invoke("agreements", "add", agreement, "--db", db).exit_code == 0
    inside = invoke("agreements", "in-force", "36.2", "37.16", "2016-05-06T12:00Z", "--db", db)
    assert "box-truce" in inside.output
    later = invoke("agreements", "in-force", "36.2", "37.16", "2016-05-08T12:00Z", "--db", db)
    assert "box-truce" not in later.output


def test_admin_scope_by_ocha_pcode(db, tmp_path, shared_data):
    ocha = shared_data / "syria_admin_boundaries_ocha" / "syr_admin1.geojson"
    assert invoke("boundaries", "load", ocha, "--layer", "ocha-adm1", "--db", db).exit_code == 0
    agreement = tmp_path / "aleppo-gov.yaml"
    agreement.write_text(ADMIN_AGREEMENT.replace("XX01", "SY02"))
    assert invoke("agreements", "add", agreement, "--db", db).exit_code == 0
    shown = json.loads(invoke("agreements", "show", "box-truce", "-f", "json", "--db", db).stdout)
    assert "SY02" in json.dumps(shown["scope"])
    in_aleppo = invoke(
        "agreements", "in-force", "36.2", "37.16", "2016-05-06T12:00Z", "-f", "csv", "--db", db
    )
    assert "box-truce" in in_aleppo.stdout
    in_damascus = invoke(
        "agreements", "in-force", "33.51", "36.29", "2016-05-06T12:00Z", "-f", "csv", "--db", db
    )
    assert "box-truce" not in in_damascus.stdout
