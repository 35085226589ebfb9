"""trucewatch claims extract | check and report --claims, on a real store (UCDP GED Syria 2016
and the shipped agreements)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trucewatch.agreements import load_examples
from trucewatch.catalog import save_agreement
from trucewatch.cli import app
from trucewatch.sources.base import adapter_for
from trucewatch.store import Store

runner = CliRunner()

ARTICLE = (
    "ALEPPO — Violence has decreased in Aleppo since 4 May, a State Department spokesman "
    "said on Wednesday.\n\nRebels violated the truce 12 times in 24 hours, the Russian Centre "
    "for Reconciliation said.\n"
)
PUBLISHED = "2016-05-11T12:00+03:00"


@pytest.fixture(scope="module")
def db(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("claims-cli") / "s.duckdb"
    with Store.open(path) as store:
        store.ingest(adapter_for("ucdp-ged"), shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv")
        for agreement in load_examples():
            save_agreement(store, agreement)
    return path


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE)
    return path


def test_claims_extract_prints_a_claims_file_that_check_reads(article, tmp_path, db):
    result = runner.invoke(
        app, ["claims", "extract", str(article), "--published", PUBLISHED, "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["kind"], r["claimant_state"], r["count"]) for r in lines] == [
        ("violence_decreased", "United States", None),
        ("violations_counted", "Russia", 12),
    ]
    assert lines[0]["scope"] == ["Aleppo"] and lines[0]["format"] == "trucewatch.claim/1"
    claims = tmp_path / "claims.jsonl"
    claims.write_text(result.stdout)
    checked = runner.invoke(app, ["claims", "check", str(claims), "--db", str(db), "-f", "json"])
    assert checked.exit_code == 0, checked.output
    rows = [json.loads(line) for line in checked.stdout.splitlines()]
    assert rows[0]["verdict"] == "supported"
    assert (rows[0]["events_before"], rows[0]["events_during"], rows[0]["n"]) == (21, 6, 27)
    assert rows[0]["area_source"] == "buffer"
    assert rows[1]["verdict"] == "not enough data"  # nationwide, and no outline stored


def test_claims_check_reads_articles_and_takes_an_agreements_scope(article, db):
    result = runner.invoke(
        app,
        [
            "claims",
            "check",
            str(article),
            "--published",
            PUBLISHED,
            "--agreement",
            "aleppo-calm-2016-05",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "supported" in result.output and "violence_decreased" in result.output


def test_claims_check_with_an_unknown_agreement_is_a_clear_error(article, db):
    result = runner.invoke(
        app,
        [
            "claims",
            "check",
            str(article),
            "--published",
            PUBLISHED,
            "--agreement",
            "aleppo-calm",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 2
    assert "aleppo-calm-2016-05" in result.output


def test_claims_extract_of_an_undated_text_says_so_and_exits_1(article):
    result = runner.invoke(app, ["claims", "extract", str(article)])
    assert result.exit_code == 1
    assert "published" in result.output


def test_report_lists_the_claims_beside_the_measured_change(article, tmp_path, db):
    result = runner.invoke(
        app,
        [
            "report",
            "--agreement",
            "aleppo-calm-2016-05",
            "--date",
            "2016-05-12",
            "--claims",
            str(article),
            "--out",
            str(tmp_path / "out"),
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 2, result.output  # the text file has no publication instant
    assert "could not be read" in result.output
    jsonl = tmp_path / "claims.jsonl"
    extracted = runner.invoke(
        app, ["claims", "extract", str(article), "--published", PUBLISHED, "-f", "json"]
    )
    jsonl.write_text(extracted.stdout)
    result = runner.invoke(
        app,
        [
            "report",
            "--agreement",
            "aleppo-calm-2016-05",
            "--date",
            "2016-05-12",
            "--claims",
            str(jsonl),
            "--out",
            str(tmp_path / "out"),
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "aleppo-calm-2016-05-2016-05-12.html").read_text()
    assert 'id="claims"' in html
    section = html[html.index('id="claims"') :]
    assert "State Department spokesman, United States" in section
    assert "21 → 6" in section and "supported" in section
