"""End to end: hand-written Yemeni articles (tests/fixtures/text/yemen_articles.jsonl, our own
wording) through `trucewatch ingest news --country YE` into a real store, and the sides of a
stored Yemeni agreement read as the press names them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trucewatch.cli import app

runner = CliRunner()
ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "yemen_articles.jsonl"

# article -> (place, governorate, type, sides named): what a reader of each article finds
EXPECTED = {
    "ye-1": ("Al Ḩudaydah", "Hodeidah", "remote.airstrike", {"Saudi-led coalition"}),
    "ye-2": ("Taiz", "Taiz", "remote.shelling", {"Ansar Allah", "Civilians"}),
    "ye-3": ("Marib", "Marib", "battle.armed_clash", {"Government of Yemen", "Ansar Allah"}),
    "ye-4": ("Shabwah", "Shabwah", "remote.airstrike", {"United States", "AQAP"}),
    "ye-5": ("Aden", "Aden", "remote.bombing", {"Southern Transitional Council"}),
    "ye-6": ("Sa'dah", "Saada", "remote.airstrike", {"Saudi-led coalition"}),
    "ye-7": (
        "Abyan",
        "Abyan",
        "battle.armed_clash",
        {"Southern Transitional Council", "Government of Yemen"},
    ),
    "ye-8": ("Sanaa", "Amanat al-Asimah", "remote.airstrike", {"Ansar Allah"}),
    "ye-9": ("Al Ḩudaydah", "Hodeidah", "remote.shelling", {"Ansar Allah", "Government of Yemen"}),
}

# The Hodeidah ceasefire of the Stockholm Agreement (13 December 2018, in force 18 December):
# its parties as an analyst might write them, the Houthis under that name.
HODEIDAH = """\
format: trucewatch.agreement/1
id: hodeidah-2018-12
name: Hodeidah ceasefire (Stockholm Agreement), December 2018
timezone: Asia/Aden
parties:
  - {id: government-of-yemen, name: Government of Yemen, aliases: [Hadi government]}
  - {id: houthis, name: Houthis, aliases: [Ansarullah]}
scope:
  label: Hodeidah city and port (30 km around 14.80 N, 42.95 E)
  point: {lat: 14.80, lon: 42.95}
  radius_km: 30
start: 2018-12-18T00:00:00+03:00
duration: 30d
"""


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRUCEWATCH_GAZETTEER_DIR", str(tmp_path / "gazetteer"))
    return tmp_path / "store.duckdb"


def _events(db: Path) -> dict[str, dict[str, object]]:
    listed = runner.invoke(app, ["events", "list", "-f", "json", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    return {str(r["source_row_id"]).removesuffix("-s0"): r for r in rows}


def test_yemeni_articles_become_events_in_yemen_with_their_governorate_and_sides(
    db: Path,
) -> None:
    result = runner.invoke(
        app, ["ingest", "news", str(ARTICLES), "--country", "YE", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    events = _events(db)
    for article, (place, governorate, kind, sides) in EXPECTED.items():
        event = events[article]
        assert (event["place"], event["admin1"], event["country"]) == (place, governorate, "Yemen")
        assert (event["event_type"], event["timezone"]) == (kind, "Asia/Aden"), article
        assert sides <= {event["side_a"], event["side_b"]}, article
    assert all(e["country"] == "Yemen" for e in events.values())


def test_read_as_syrian_news_the_same_articles_find_no_yemeni_governorate(db: Path) -> None:
    result = runner.invoke(app, ["ingest", "news", str(ARTICLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["events", "list", "-f", "json", "--db", str(db)])
    admin1 = {json.loads(line)["admin1"] for line in listed.stdout.splitlines()}
    assert admin1.isdisjoint({governorate for _p, governorate, _k, _s in EXPECTED.values()})


def test_the_sides_of_a_stored_agreement_name_the_events_sides(db: Path, tmp_path: Path) -> None:
    agreement = tmp_path / "hodeidah.yaml"
    agreement.write_text(HODEIDAH, encoding="utf-8")
    added = runner.invoke(app, ["agreements", "add", str(agreement), "--db", str(db)])
    assert added.exit_code == 0, added.output
    result = runner.invoke(
        app, ["ingest", "news", str(ARTICLES), "--country", "YE", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    events = _events(db)
    # the pack's "Ansar Allah" is the agreement's party "Houthis" now
    assert {events["ye-2"]["side_a"], events["ye-3"]["side_b"]} == {"Houthis"}
    assert events["ye-3"]["side_a"] == "Government of Yemen"
    verdicts = runner.invoke(
        app, ["verdicts", "--agreement", "hodeidah-2018-12", "-f", "json", "--db", str(db)]
    )
    assert verdicts.exit_code == 0, verdicts.output
    rows = {
        row["event_id"]: row for row in (json.loads(line) for line in verdicts.stdout.splitlines())
    }
    parties = rows["news:ye-9-s0"]["parties"]
    assert [(p["name"], p["status"], p["matched"]) for p in parties] == [
        ("Houthis", "party", "houthis"),
        ("Government of Yemen", "party", "government-of-yemen"),
    ]
    assert rows["news:ye-9-s0"]["verdict"] == "violation"
