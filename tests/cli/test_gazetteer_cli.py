"""trucewatch gazetteer load | list | info | remove, and the extractor using what was loaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trucewatch.cli import app
from trucewatch.text.packs import pack

runner = CliRunner()
SY = pack("SY")
HAND_FACTS = len(SY.admin1) + len(SY.regions) + len(SY.sites) + 1  # and the country


@pytest.fixture
def villages(repo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRUCEWATCH_GAZETTEER_DIR", str(tmp_path / "gazetteer"))
    return repo_root / "tests" / "fixtures" / "text" / "geonames_SY_villages.txt"


def test_load_reports_bad_lines_and_the_extractor_then_places_the_village(
    villages: Path, tmp_path: Path
) -> None:
    article = tmp_path / "headline.txt"
    article.write_text("Regime airstrikes kill 5 in Handarat\n")
    extract = ["extract", str(article), "--published", "2016-05-04T12:00+03:00", "-f", "json"]
    before = runner.invoke(app, extract)
    assert before.exit_code == 0
    assert json.loads(before.stdout)["place"] == "Handarat"  # written by hand, until loaded

    loaded = runner.invoke(app, ["gazetteer", "load", str(villages), "--name", "villages"])
    assert loaded.exit_code == 1  # done, but bad lines were skipped
    assert "6 places of SY loaded as source 'villages' (3 bad line(s) skipped" in loaded.stdout
    for line in (":7:", ":9: field 'latitude' value '95.5'", ":10: field 'population'"):
        assert line in loaded.stderr

    after = runner.invoke(app, extract)
    (event,) = [json.loads(line) for line in after.stdout.splitlines()]
    assert (event["place"], event["lat"], event["lon"]) == ("Ḩandarāt", 36.283, 37.167)

    db = tmp_path / "s.duckdb"
    ingest = runner.invoke(
        app,
        ["ingest", "news", str(article), "--published", "2016-05-04T12:00+03:00", "--db", str(db)],
    )
    assert ingest.exit_code == 0, ingest.output
    listed = runner.invoke(app, ["events", "list", "-f", "json", "--db", str(db)])
    assert json.loads(listed.stdout.splitlines()[0])["place"] == "Ḩandarāt"


def test_list_and_info_count_places_by_source_and_remove_forgets(villages: Path) -> None:
    runner.invoke(app, ["gazetteer", "load", str(villages)])
    listed = runner.invoke(app, ["gazetteer", "list", "-f", "json"])
    rows = {r["source"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert (
        rows["geonames_SY_villages.txt"]["new"] == 5
        and rows["hand facts SY"]["places"] == HAND_FACTS
    )
    info = runner.invoke(app, ["gazetteer", "info", "-f", "json"])
    data = json.loads(info.stdout)
    assert data["by_source"]["geonames_SY_villages.txt"] == 5
    removed = runner.invoke(app, ["gazetteer", "remove", "geonames_SY_villages.txt"])
    assert removed.exit_code == 0
    info = runner.invoke(app, ["gazetteer", "info", "-f", "json"])
    assert data["places"] - json.loads(info.stdout)["places"] == 5


def test_a_file_with_no_syrian_place_is_refused_whole(villages: Path, tmp_path: Path) -> None:
    other = tmp_path / "LB.txt"
    other.write_text("\t".join(["1", "Zahle", "Zahle", ""] + ["0"] * 15) + "\n")
    result = runner.invoke(app, ["gazetteer", "load", str(other)])
    assert result.exit_code == 2 and "no place of country SY" in result.stderr
