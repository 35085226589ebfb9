"""`trucewatch explain` of an event read from a news article says so, with its extraction
confidence and the parts guessed, in its header and in each window's reasoning; a coded row's
explanation says nothing of the kind (real store, the CLI end to end)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trucewatch.cli import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dashboard"
#: in the fixture truce's box around Aleppo, during it: a sentence read well (0.85) and a
#: toll whose place, date, type and sides come from the sentence before (0.25)
ARTICLE = {
    "id": "aleppo-market",
    "published": "2016-03-02T12:00:00+02:00",
    "text": "An air strike hit a market in Aleppo on Tuesday, killing 12 people. "
    "Five people were killed, a monitor said.",
}
WEAK = "read from a news article, extraction confidence 0.25, place, date, type and actors guessed"


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TRUCEWATCH_GAZETTEER_DIR", str(tmp_path / "gazetteer"))
    db = str(tmp_path / "store.duckdb")
    article = tmp_path / "news.jsonl"
    article.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    _ok("agreements", "add", str(FIXTURES / "truce.yaml"), "--db", db)
    _ok("ingest", "csv", str(FIXTURES / "events.csv"), "--mapping",
        str(FIXTURES / "events_mapping.yaml"), "--db", db)  # fmt: skip
    _ok("ingest", "news", str(article), "--db", db)
    return db


def test_explain_of_a_news_event_gives_its_confidence_and_the_parts_guessed(db: str) -> None:
    table = " ".join(_ok("explain", "news:aleppo-market-s1", "--db", db).split())
    assert table.startswith("news:aleppo-market-s1 remote.airstrike at Aleppo")
    header = table.split(" aleppo-box-test / ")[0]
    assert header.endswith(f"; {WEAK}")
    assert "why Possible violation: " in table and table.count(WEAK) == 2  # header and reasoning
    records = [
        json.loads(line)
        for line in _ok("explain", "news:aleppo-market-s1", "-f", "json", "--db", db).splitlines()
    ]
    assert [r["verdict"] for r in records] == ["possible_violation"]
    assert records[0]["explanation"].endswith(f"; {WEAK}.")


def test_explain_of_a_well_read_news_event_gives_its_confidence_and_nothing_guessed(
    db: str,
) -> None:
    table = " ".join(_ok("explain", "news:aleppo-market-s0", "--db", db).split())
    assert "; read from a news article, extraction confidence 0.85 aleppo-box-test" in table
    assert "guessed" not in table


def test_explain_of_a_coded_row_does_not_speak_of_news(db: str) -> None:
    table = _ok("explain", "dashtest:e03", "--db", db)
    assert "Violation" in table and "news article" not in table and "confidence" not in table
