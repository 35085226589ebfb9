"""trucewatch verdicts and explain, end to end on a real store file."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from trucewatch.agreements import load_examples
from trucewatch.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def db(tmp_path, write_ged, ged_row):
    db = tmp_path / "s.duckdb"
    ged = write_ged(
        [
            ged_row(1, "36.2", "2016-05-09"),
            ged_row(2, "36.21", "2016-05-05"),
            ged_row(3, "35.93", "2016-03-01", side_b="IS"),
        ]
    )
    assert invoke("agreements", "add", "--examples", "--db", db).exit_code == 0
    assert invoke("ingest", "ucdp-ged", ged, "--db", db).exit_code == 0
    return db


def test_verdicts_json_lines_carry_the_documented_fields(db):
    result = invoke("verdicts", "--format", "json", "--db", db)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    for field in ("event_id", "agreement_id", "window_id", "verdict", "space", "time"):
        assert all(field in r for r in records)
    assert all(r["parties"] and r["reasons"] and r["explanation"] for r in records)
    by_key = {(r["event_id"], r["agreement_id"], r["window_id"]): r for r in records}
    may9 = by_key[("ucdp_ged:1", "aleppo-calm-2016-05", "ext-72h-2016-05-07")]
    assert (may9["verdict"], may9["space"], may9["time"]) == ("violation", "inside", "during")
    may5 = by_key[("ucdp_ged:2", "aleppo-calm-2016-05", "base")]
    assert (may5["verdict"], may5["time"]) == ("possible_violation", "uncertain")
    is_event = by_key[("ucdp_ged:3", "syria-coh-2016", "base")]
    assert is_event["verdict"] == "not_covered"


def test_verdicts_filter_by_agreement_and_kind_and_write_csv_and_geojson(db):
    result = invoke(
        "verdicts",
        "--agreement",
        "syria-coh-2016",
        "--verdict",
        "not_covered",
        "-f",
        "csv",
        "--db",
        db,
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["event_id"], r["verdict"]) for r in rows] == [("ucdp_ged:3", "not_covered")]
    geo = json.loads(invoke("verdicts", "-f", "geojson", "--no-update", "--db", db).stdout)
    assert geo["type"] == "FeatureCollection"
    assert {f["properties"]["event_id"] for f in geo["features"]} >= {"ucdp_ged:1"}


def test_explain_gives_the_reasoning_for_every_window(db):
    result = invoke("explain", "ucdp_ged:1", "-f", "json", "--db", db)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == sum(len(a.windows()) for a in load_examples())
    ghouta = next(r for r in records if r["agreement_id"] == "eastern-ghouta-2016-04")
    assert ghouta["verdict"] == "outside_scope"
    table = invoke("explain", "ucdp_ged:1", "--agreement", "aleppo-calm-2016-05", "--db", db)
    assert "violation" in table.output and "why" in table.output


def test_explain_an_unknown_event_is_a_clear_error(db):
    result = invoke("explain", "ucdp_ged:999", "--db", db)
    assert result.exit_code == 2
    assert "no event 'ucdp_ged:999'" in result.output


def test_verdicts_table_lists_unlocated_verdicts(tmp_path, write_ged, ged_row):
    # coded to the governorate (where_prec 4): coarser than the Aleppo city scope; the table
    # of every kind crashed on it (a markup tag with no style: '[]unlocated[/]')
    db = tmp_path / "u.duckdb"
    coarse = ged_row(4, "36.2", "2016-05-09").replace(",SOHR,1,Aleppo", ",SOHR,4,Aleppo")
    assert invoke("agreements", "add", "--examples", "--db", db).exit_code == 0
    assert invoke("ingest", "ucdp-ged", write_ged([coarse]), "--db", db).exit_code == 0
    for kinds in ((), ("--verdict", "unlocated")):
        result = invoke("verdicts", "--agreement", "aleppo-calm-2016-05", *kinds, "--db", db)
        assert result.exit_code == 0, result.output
        assert "unlocated ucdp_ged:4 aleppo-calm-2016-05/ext-72h-2016-05-07" in result.stdout
