"""trucewatch agreements end: a collapse recorded after the fact, and what it changes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from trucewatch.cli import app

runner = CliRunner()
EVIDENCE = "UN Special Envoy, briefing of 1 June 2016 (test citation): the cessation collapsed"


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def db(tmp_path, write_ged, ged_row):
    path = tmp_path / "store.duckdb"
    ged = write_ged([ged_row(1, "36.2", "2016-05-20"), ged_row(2, "36.2", "2016-06-10")])
    assert invoke("agreements", "add", "--examples", "--db", path).exit_code == 0
    assert invoke("ingest", "ucdp-ged", ged, "--db", path).exit_code == 0
    return path


def _coh_verdicts(db) -> dict[str, str]:
    result = invoke("verdicts", "--agreement", "syria-coh-2016", "-f", "json", "--db", db)
    assert result.exit_code == 0, result.output
    return {v["event_id"]: v["verdict"] for v in map(json.loads, result.stdout.splitlines())}


def test_agreements_end_cuts_the_window_and_rejudges_its_verdicts(db):
    assert _coh_verdicts(db) == {"ucdp_ged:1": "violation", "ucdp_ged:2": "violation"}
    result = invoke(
        "agreements", "end", "syria-coh-2016", "--at", "2016-06-01", "--kind", "collapsed",
        "--evidence", EVIDENCE, "--db", db,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "version 2" in result.output and "collapsed 2016-06-01T21:00:00Z" in result.output
    assert _coh_verdicts(db) == {"ucdp_ged:1": "violation", "ucdp_ged:2": "outside_window"}
    shown = json.loads(
        invoke("agreements", "show", "syria-coh-2016", "-f", "json", "--db", db).stdout
    )
    assert shown["ended"] == {
        "kind": "collapsed",
        "at_utc": "2016-06-01T21:00:00Z",
        "as_written": "2016-06-01",
        "evidence": [EVIDENCE],
        "replaced_by": None,
        "note": None,
    }
    table = invoke("agreements", "show", "syria-coh-2016", "--db", db)
    assert EVIDENCE[:30] in " ".join(table.output.split())


def test_agreements_list_says_which_agreements_are_open_ended(db):
    result = invoke("agreements", "list", "-f", "json", "--db", db)
    listed = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert listed["syria-coh-2016"]["open_ended"] is True
    assert listed["syria-coh-2016"]["end"] == "open-ended (no end recorded): base"
    assert listed["aleppo-calm-2016-05"]["open_ended"] is False
    assert listed["aleppo-calm-2016-05"]["end_utc"].startswith("2016-05-11T22:00:00")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--at", "2016-06-01"), "needs evidence"),
        (("--at", "2016-02-01", "--evidence", "x"), "cannot end before a window starts"),
        (("--window", "nope", "--at", "2016-06-01", "--evidence", "x"), "unknown window 'nope'"),
        (("--kind", "lapsed", "--at", "2016-06-01", "--evidence", "x"), "cannot lapse"),
    ],
)
def test_agreements_end_refuses_what_the_format_refuses(db, args, message):
    result = invoke("agreements", "end", "syria-coh-2016", *args, "--db", db)
    assert result.exit_code != 0
    assert message in " ".join(result.output.split())
    assert _coh_verdicts(db)["ucdp_ged:2"] == "violation"  # nothing was stored


def test_agreements_end_of_an_unknown_agreement_names_the_known_ones(db):
    result = invoke(
        "agreements", "end", "syria", "--at", "2016-06-01", "--evidence", "x", "--db", db
    )
    assert result.exit_code != 0
    assert "syria-coh-2016" in result.output


def test_agreements_end_of_a_mistyped_agreement_guesses_it(db):
    result = invoke(
        "agreements", "end", "syria-coh-2061", "--at", "2016-06-01", "--evidence", "x",
        "--db", db,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "did you mean syria-coh-2016?" in " ".join(result.output.split())


def test_agreements_end_of_a_mistyped_window_guesses_it(db):
    result = invoke(
        "agreements", "end", "aleppo-calm-2016-05", "--window", "ext-48h", "--at", "2016-05-11",
        "--evidence", "x", "--db", db,
    )  # fmt: skip
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "unknown window 'ext-48h' (did you mean ext-48h-2016-05-10?)" in message


def test_summary_and_demo_say_which_windows_are_open_ended(db):
    result = invoke("summary", "-f", "json", "--db", db)
    rows = {
        (r["agreement_id"], r["window_id"]): r for r in map(json.loads, result.stdout.splitlines())
    }
    coh = rows[("syria-coh-2016", "base")]
    assert coh["open_ended"] is True and coh["how_ended"] == "open-ended (no end recorded)"
    us = rows[("aleppo-calm-2016-05", "us-coh-extended-to-aleppo")]
    assert us["open_ended"] is False
    assert us["how_ended"] == "lapsed 2016-05-06T21:00:00Z (replaced by ext-72h-2016-05-07)"
    assert us["end"].startswith("2016-05-06T21:00:00")
    wide = runner.invoke(app, ["summary", "--db", str(db)], env={"COLUMNS": "160"})
    table = " ".join(wide.output.split())
    assert "open-ended*" in table and "lapsed" in table
    assert "* = open-ended (no end recorded)" in table


def test_demo_says_which_agreements_are_open_ended(tmp_path):
    result = runner.invoke(
        app,
        ["demo", "--shared", str(tmp_path / "absent"), "--db", str(tmp_path / "demo.duckdb")],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "syria-coh-2016, open-ended (no end recorded):" in result.output
    assert "aleppo-calm-2016-05:" in result.output  # every window of it has an end
