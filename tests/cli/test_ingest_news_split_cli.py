"""trucewatch ingest news --split-incidents: one event per incident, idempotent ingests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trucewatch.cli import app
from trucewatch.store import Store

runner = CliRunner()
PUBLISHED = "2016-05-04T12:00:00+03:00"  # a Wednesday; "on Monday" is 2 May 2016


@pytest.fixture
def article(repo_root: Path) -> Path:
    # One sentence: "On Monday warplanes bombed Douma while rebel shelling killed three people
    # in Homs."
    return repo_root / "tests" / "fixtures" / "text" / "two_incidents.txt"


def _ingest(path: Path, db: Path, *extra: str) -> str:
    result = runner.invoke(
        app, ["ingest", "news", str(path), "--published", PUBLISHED, "--db", str(db), *extra]
    )
    assert result.exit_code == 0, result.output
    return result.output


def _stored(db: Path) -> list[tuple[str, str | None, int | None, str]]:
    with Store.open(db, read_only=True) as store:
        events = sorted(store.iter_events(), key=lambda e: e.event_id)
    return [
        (e.event_id, e.where.admin1, e.fatalities.best, e.provenance.notes or "") for e in events
    ]


def test_ingest_news_with_split_incidents_stores_one_event_per_incident(
    article: Path, tmp_path: Path
) -> None:
    db = tmp_path / "s.duckdb"
    _ingest(article, db, "--split-incidents")
    (douma, homs) = _stored(db)
    assert douma[:3] == ("news:two_incidents-s0", "Rif Dimashq", None)
    assert douma[3] == "sentence 0, incident 1 of 2 [0:32]: On Monday warplanes bombed Douma"
    assert homs[:3] == ("news:two_incidents-s0-1", "Homs", 3)
    assert homs[3] == (
        "sentence 0, incident 2 of 2 [39:82]: rebel shelling killed three people in Homs."
    )


def test_ingest_news_without_split_incidents_stores_the_sentence_as_one_event(
    article: Path, tmp_path: Path
) -> None:
    db = tmp_path / "s.duckdb"
    _ingest(article, db)
    ((event_id, admin1, killed, notes),) = _stored(db)
    # the sentence names Douma and Homs: the place ranker takes Homs, where its toll is
    # ("killed three people in Homs"; docs/news.md, "Place ranker")
    assert (event_id, admin1, killed) == ("news:two_incidents-s0", "Homs", 3)
    assert notes.startswith("sentence 0 [0:82]: On Monday warplanes bombed Douma while")


@pytest.mark.parametrize("option", [["--split-incidents"], []], ids=["split-twice", "whole-twice"])
def test_a_second_ingest_of_the_same_news_file_with_the_same_options_adds_nothing(
    article: Path, tmp_path: Path, option: list[str]
) -> None:
    db = tmp_path / "s.duckdb"
    _ingest(article, db, *option)
    before = _stored(db)
    output = _ingest(article, db, *option)
    assert "already ingested, 0 events added" in output
    assert _stored(db) == before
    with Store.open(db, read_only=True) as store:
        assert len(store.ingests()) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [([], ["--split-incidents"]), (["--split-incidents"], [])],
    ids=["whole-then-split", "split-then-whole"],
)
def test_the_same_news_file_with_another_option_is_read_again_and_replaces_the_first_reading(
    article: Path, tmp_path: Path, first: list[str], second: list[str]
) -> None:
    """The option is part of the adapter's settings (docs/store.md "Readings"): the second
    reading replaces the first, so whole-sentence and per-incident events of one sentence are
    never mixed (the toll would be counted twice)."""
    db = tmp_path / "s.duckdb"
    _ingest(article, db, *first)
    output = _ingest(article, db, *second)
    assert "read again with other settings than ingest #1" in output
    alone = tmp_path / "alone.duckdb"
    _ingest(article, alone, *second)
    assert _stored(db) == _stored(alone)
    with Store.open(db, read_only=True) as store:
        assert len(store.ingests()) == 2


def test_split_incidents_is_refused_for_other_sources(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id\n")
    result = runner.invoke(app, ["ingest", "acled", str(path), "--split-incidents"])
    assert result.exit_code == 2
    assert "source 'acled' takes no option 'split_incidents'" in result.output
    assert "or ingest with news, which takes it" in result.output


def test_events_list_says_how_each_event_was_read_and_filters_on_confidence(
    tmp_path: Path,
) -> None:
    path = tmp_path / "news.txt"
    path.write_text(
        "An air strike hit a market in Aleppo on Monday, killing 12 people. "
        "Five people were killed, a monitor said.",
        encoding="utf-8",
    )
    db = tmp_path / "s.duckdb"
    _ingest(path, db)
    every = runner.invoke(app, ["events", "list", "--db", str(db), "--format", "json"])
    strong = runner.invoke(
        app, ["events", "list", "--db", str(db), "--format", "json", "--min-confidence", "0.5"]
    )
    table = runner.invoke(app, ["events", "list", "--db", str(db)], env={"COLUMNS": "250"})
    assert every.exit_code == strong.exit_code == table.exit_code == 0, every.output
    rows = [json.loads(line) for line in every.stdout.splitlines()]
    assert sorted((r["confidence"], r["guessed"]) for r in rows) == [
        (0.25, ["place", "date", "type", "actors"]),
        (0.85, []),
    ]
    assert [json.loads(line)["confidence"] for line in strong.stdout.splitlines()] == [0.85]
    assert "news 0.25 (place, date, type, actors guessed)" in table.output
