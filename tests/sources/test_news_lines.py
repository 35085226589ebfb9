"""News JSON lines: a bad line is one reported row, a repeated id with other content a conflict,
an identical repeat stored once; on a real DuckDB store and through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from trucewatch.cli import app
from trucewatch.errors import BadRowsError, RowError
from trucewatch.sources.news import NewsAdapter
from trucewatch.store import Store

PUBLISHED = "2016-05-05T14:00:00+03:00"
ALEPPO = "An air strike hit a market in Aleppo on Thursday, killing 12 people."
HOMS = "Shelling killed three civilians in Homs yesterday."
IDLIB = "Barrel bombs killed five people in Idlib."


def _line(article_id: str, text: str, **more: object) -> str:
    return json.dumps({"id": article_id, "text": text, "published": PUBLISHED, **more})


def _write(tmp_path: Path, lines: list[str], name: str = "news.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _stored_articles(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT DISTINCT article FROM events ORDER BY 1").fetchall()
    return [r[0] for r in rows]


@pytest.mark.parametrize(
    ("bad", "field", "reason"),
    [
        ('{"id": "x", "text": "Shelling in Homs", ', None, "not valid JSON"),
        ('["a list", "not an object"]', None, "expected a JSON object"),
        ('{"id": "x", "published": "2016-05-05T10:00+03:00"}', "text", "neither 'text' nor"),
        (_line("x", HOMS).replace(PUBLISHED, "2016-05-05"), "published", "no UTC offset"),
        (_line("x", HOMS).replace(PUBLISHED, "9999-12-31T23:00-05:00"), "published", "range"),
        (_line("x", 42), "text", "must be a string"),
        (_line("!!!", HOMS), "id", "is empty"),
        (_line("x", HOMS, title=["a", "list"]), "title", "must be a string"),
        (_line("x", HOMS * 30_000), "text", "more than the 1,000,000"),
    ],
)
def test_news_bad_line_is_reported_and_the_other_articles_are_stored(
    tmp_path: Path, bad: str, field: str | None, reason: str
) -> None:
    path = _write(tmp_path, [_line("a", ALEPPO), bad, _line("c", IDLIB)])
    with Store.open(tmp_path / "store.duckdb") as store:
        report = store.ingest(NewsAdapter(), path)
    (error,) = report.errors
    assert (error.file, error.line, error.field) == (str(path), 2, field)
    assert reason in error.reason
    assert _stored_articles(tmp_path / "store.duckdb") == ["a", "c"]


def test_news_bad_line_under_strict_rejects_the_file_and_stores_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, [_line("a", ALEPPO), "{not json", _line("c", IDLIB)])
    with (
        Store.open(tmp_path / "store.duckdb") as store,
        pytest.raises(BadRowsError, match=r"news\.jsonl:2:"),
    ):
        store.ingest(NewsAdapter(), path, strict=True)
    assert _stored_articles(tmp_path / "store.duckdb") == []


def test_news_line_that_is_not_utf8_is_one_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(_line("a", ALEPPO).encode() + b"\n" + b'{"id": "b", "text": "\xff\xfe"}\n')
    records = list(NewsAdapter().read(path))
    errors = [r for r in records if isinstance(r, RowError)]
    assert [(e.line, e.field) for e in errors] == [(2, None)]
    assert "not UTF-8" in errors[0].reason
    assert len(records) > 1  # the events of article a


def test_news_line_separator_inside_a_json_string_does_not_cut_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, [_line("a", ALEPPO + "\u2028" + HOMS), _line("c", IDLIB)])
    records = list(NewsAdapter().read(path))
    assert not [r for r in records if isinstance(r, RowError)]


def test_news_repeated_id_with_other_content_is_a_conflict_not_a_silent_drop(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, [_line("a", ALEPPO), _line("b", HOMS), _line("a", IDLIB)])
    with Store.open(tmp_path / "store.duckdb") as store:
        report = store.ingest(NewsAdapter(), path)
        (error,) = report.errors
        assert (error.line, error.field, error.value) == (3, "id", "a")
        assert "conflict" in error.reason and "line 1" in error.reason
        assert "text" in error.reason
        places = store.conn.execute(
            "SELECT DISTINCT place FROM events WHERE article = 'a'"
        ).fetchall()
    assert places == [("Aleppo",)]  # the first article is kept, the second not mixed in
    with (
        Store.open(tmp_path / "strict.duckdb") as store,
        pytest.raises(BadRowsError, match="conflict"),
    ):
        store.ingest(NewsAdapter(), path, strict=True)


def test_news_identical_repeat_is_stored_once_without_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, [_line("a", ALEPPO), _line("b", HOMS), _line("a", ALEPPO)])
    db = tmp_path / "store.duckdb"
    with Store.open(db) as store:
        report = store.ingest(NewsAdapter(), path)
        assert report.errors == ()
        ids = [r.event_id for r in NewsAdapter().read(path) if not isinstance(r, RowError)]
        assert report.stored == len(set(ids)) and report.duplicates == len(ids) - len(set(ids)) > 0
        again = store.ingest(NewsAdapter(), path)
        assert again.already_ingested
    assert _stored_articles(db) == ["a", "b"]


def test_ingest_news_cli_reports_the_bad_line_and_exits_1(tmp_path: Path) -> None:
    path = _write(tmp_path, [_line("a", ALEPPO), '{"id": 3}', _line("a", IDLIB)])
    db = tmp_path / "store.duckdb"
    result = CliRunner().invoke(app, ["ingest", "news", str(path), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert f"{path}:2: field 'text'" in result.stderr
    assert f"{path}:3: field 'id' value 'a': conflict" in result.stderr
    assert _stored_articles(db) == ["a"]


def test_news_event_keeps_the_file_and_line_of_its_article(tmp_path: Path) -> None:
    path = _write(tmp_path, ['{"id": 3}', _line("a", HOMS), _line("b", IDLIB)])
    events = [r for r in NewsAdapter().read(path) if not isinstance(r, RowError)]
    assert {(e.provenance.article, e.provenance.file, e.provenance.line) for e in events} == {
        ("a", str(path), 2),
        ("b", str(path), 3),
    }


def test_news_article_id_stored_from_another_file_with_other_text_is_a_conflict(
    tmp_path: Path,
) -> None:
    first = _write(tmp_path, [_line("a", ALEPPO)], name="first.jsonl")
    second = _write(tmp_path, [_line("b", HOMS), _line("a", IDLIB)], name="second.jsonl")
    db = tmp_path / "store.duckdb"
    result = CliRunner().invoke(app, ["ingest", "news", str(first), "--db", str(db)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(app, ["ingest", "news", str(second), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert ":2: field " in result.stderr and "already stored with different content" in (
        result.stderr
    )
    assert _stored_articles(db) == ["a", "b"]
    with duckdb.connect(str(db), read_only=True) as con:
        (notes,) = con.execute("SELECT notes FROM events WHERE article = 'a'").fetchone()
    assert "Aleppo" in notes  # the stored article is kept


def test_ingest_news_size_limit_refuses_the_file_and_line_limit_is_not_for_news(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, [_line("a", ALEPPO), _line("b", HOMS)])
    db = tmp_path / "store.duckdb"
    small = CliRunner().invoke(
        app, ["ingest", "news", str(path), "--db", str(db), "--max-bytes", "50"]
    )
    assert small.exit_code == 2, small.output
    assert "over the limit of 50 bytes" in small.stderr
    lines = CliRunner().invoke(
        app, ["ingest", "news", str(path), "--db", str(db), "--max-line-chars", "50"]
    )
    assert lines.exit_code == 2, lines.output
    assert "not for news" in lines.stderr
    assert not db.exists() or _stored_articles(db) == []
