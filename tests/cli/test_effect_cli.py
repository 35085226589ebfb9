"""trucewatch effect on a real store file (the demo's seeded simulation)."""

import json
import re

import pytest
from typer.testing import CliRunner

from trucewatch.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    db = tmp_path_factory.mktemp("effect") / "demo.duckdb"
    result = runner.invoke(app, ["demo", "--shared", str(db.parent / "absent"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_effect_json_gives_ratios_with_intervals_and_the_did(db):
    result = runner.invoke(
        app,
        [
            "effect",
            "--agreement",
            "syria-coh-2016",
            "--horizon",
            "28",
            "--control",
            "excluded",
            "-f",
            "json",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    scope = next(
        r
        for r in records
        if r["kind"] == "rate_ratio"
        and (r["measure"], r["area"], r["uncertain"]) == ("events", "scope", "excluded")
    )
    assert scope["horizon_days"] == 28
    assert scope["ci_low"] < scope["rate_ratio"] < scope["ci_high"]
    assert scope["rate_ratio"] < 0.7  # the simulated truce cut violence to 0.35 of its rate
    did = [r for r in records if r["kind"] == "difference_in_differences"]
    assert did and all(r["ratio"] is not None for r in did)


def test_effect_table_and_unknown_agreement(db):
    table = runner.invoke(
        app, ["effect", "--agreement", "latakia-2016-04", "--horizon", "7", "--db", str(db)]
    )
    assert table.exit_code == 0, table.output
    assert "DiD" in table.output
    missing = runner.invoke(app, ["effect", "--agreement", "nowhere", "--db", str(db)])
    assert missing.exit_code == 2
    assert "no agreement 'nowhere'" in missing.output


def test_effect_of_the_nationwide_truce_says_why_its_country_control_area_is_empty(db):
    args = ["effect", "--agreement", "syria-coh-2016", "--horizon", "28", "--db", str(db)]
    records = [
        json.loads(line)
        for line in runner.invoke(app, [*args, "-f", "json"]).stdout.split("\n")
        if line
    ]
    control = [r for r in records if r.get("area") == "control"]
    assert control and all(r["before"] == r["during"] == 0 for r in control)
    assert all("scope that covers the whole country" in r["note"] for r in control)
    assert not any("too small" in r["note"] for r in control)
    did = [r for r in records if r["kind"] == "difference_in_differences"]
    assert did and all("no event in the control area" in r["note"] for r in did)
    table = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "control area: no event in the control area: it is the rest of the country" in (
        " ".join(table.output.split())
    )


def test_a_bad_volume_file_names_the_line(db, tmp_path):
    volume = tmp_path / "volume.csv"
    volume.write_text("date,volume\n2016-02-01,10\n2016-02-02,lots\n")
    result = runner.invoke(
        app, ["effect", "--agreement", "syria-coh-2016", "--volume", str(volume), "--db", str(db)]
    )
    assert result.exit_code == 2
    assert "volume.csv:3" in result.output


def test_report_writes_a_standalone_html_and_its_pdf(db, tmp_path):
    out = tmp_path / "reports"
    result = runner.invoke(
        app,
        [
            "report",
            "--agreement",
            "aleppo-calm-2016-05",
            "--date",
            "2016-05-09",
            "--out",
            str(out),
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    html = out / "aleppo-calm-2016-05-2016-05-09.html"
    pdf = out / "aleppo-calm-2016-05-2016-05-09.pdf"
    assert html.read_text().startswith("<!DOCTYPE html>")
    assert "data:image/png;base64," in html.read_text()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in out.iterdir()) == sorted([html.name, pdf.name])


def test_report_with_a_bad_date_is_a_clear_error(db, tmp_path):
    result = runner.invoke(
        app, ["report", "--agreement", "aleppo-calm-2016-05", "--date", "9 May", "--db", str(db)]
    )
    assert result.exit_code == 2
    assert "--date '9 May'" in result.output


def test_effect_table_says_what_it_counts_and_what_it_leaves_out(db):
    result = runner.invoke(
        app, ["effect", "--agreement", "syria-coh-2016", "--horizon", "28", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "scope events = violent events located in the scope" in text
    found = re.search(r"uncertain (\d+)→(\d+) \(the 'in' rows add them\)", text)
    assert found, text
    rows = {
        m.group(1): (int(m.group(2)), int(m.group(3)))
        for m in re.finditer(r"events scope (out|in) (\d+) (\d+)", text)
    }
    before, during = rows["out"]
    assert rows["in"] == (before + int(found.group(1)), during + int(found.group(2)))
