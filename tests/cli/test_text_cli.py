"""trucewatch extract, ingest news and evaluate extraction."""

import json

from typer.testing import CliRunner

from trucewatch.cli import app

runner = CliRunner()


def test_extract_prints_events_with_their_sentences_and_reports_undatable_articles(repo_root):
    articles = repo_root / "tests" / "fixtures" / "text" / "articles.jsonl"
    result = runner.invoke(app, ["extract", str(articles), "--format", "json"])
    assert result.exit_code == 1  # article a3 has no publication instant
    assert "a3" in result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert records
    for r in records:
        assert r["event_id"].startswith("news:")
        assert r["sentence"] and r["end"] > r["start"]


def test_ingest_news_stores_events_with_provenance(repo_root, tmp_path):
    db = tmp_path / "s.duckdb"
    text = repo_root / "tests" / "fixtures" / "text" / "aleppo_truce.txt"
    result = runner.invoke(
        app,
        ["ingest", "news", str(text), "--published", "2016-05-04T12:00:00+03:00", "--db", str(db)],
    )
    assert result.exit_code == 0, result.output
    listed = runner.invoke(
        app, ["events", "list", "--source", "news", "-f", "json", "--db", str(db)]
    )
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert rows and all(r["source"] == "news" and r["notes"] for r in rows)


def test_published_is_refused_for_other_sources(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id\n")
    result = runner.invoke(app, ["ingest", "acled", str(path), "--published", "2016-05-04T12:00Z"])
    assert result.exit_code == 2
    assert "source 'acled' takes no option 'published'" in result.output


def test_evaluate_extraction_prints_system_beside_baseline(shared_data):
    result = runner.invoke(
        app,
        [
            "evaluate",
            "extraction",
            "--dataset",
            "fakes",
            "--data-dir",
            str(shared_data),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores
    for metric in scores.values():
        assert set(metric) >= {"system", "baseline", "n"}
        assert 0.0 <= metric["system"] <= 1.0


def test_extract_statements_prints_draft_agreements_that_load(repo_root):
    from trucewatch.agreements import parse_agreement
    from trucewatch.agreements._yaml import load_yaml

    articles = repo_root / "tests" / "fixtures" / "text" / "truce_statements.jsonl"
    result = runner.invoke(app, ["extract", str(articles), "--statements", "-f", "json"])
    assert result.exit_code == 0, result.output
    drafts = [json.loads(line) for line in result.stdout.splitlines()]
    declared = [d for d in drafts if d["act"] == "declare" and d["duration_h"] == 48]
    assert declared
    document, node = load_yaml(declared[0]["draft_yaml"])
    assert parse_agreement(document, node=node).windows()


def test_evaluate_case2021_event_types(shared_data):
    result = runner.invoke(
        app,
        [
            "evaluate",
            "extraction",
            "--dataset",
            "case2021",
            "--data-dir",
            str(shared_data),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    f1 = scores["event_type_macro_f1"]
    assert f1["n"] == 480
    assert f1["system"] > f1["baseline"]


_ACLED_ROWS = [
    ("Armed clash", "Government forces clashed with rebels near the town."),
    ("Peaceful protest", "Hundreds of teachers protested peacefully over unpaid wages."),
    ("Air/drone strike", "Warplanes struck a village, killing three civilians."),
    ("Arrests", "Police arrested a journalist at his home."),
    ("Agreement", "The two sides signed a local ceasefire agreement."),
    ("Suicide bomb", "A suicide bomber detonated his vest at a market."),
    ("Shelling/artillery/missile attack", "Artillery shelled the outskirts of the city."),
    ("Attack", "Gunmen shot dead a farmer in his field."),
]


def test_evaluate_case2021_cross_validates_rules_and_head_on_the_same_folds(repo_root, tmp_path):
    case = tmp_path / "case2021_task2_event_classification"
    case.mkdir()
    fixture = repo_root / "tests" / "fixtures" / "text" / "case2021" / case.name
    (case / "case2021_task2_dev.tsv").write_bytes((fixture / "case2021_task2_dev.tsv").read_bytes())
    acled = tmp_path / "acled_sample"
    acled.mkdir()
    lines = ["sub_event_type,notes"] + [f'{sub},"{notes}"' for sub, notes in _ACLED_ROWS]
    (acled / "acled_global_test.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["evaluate", "case2021", "--data-dir", str(tmp_path), "--folds", "2", "--seed", "7"]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["split_described"] == "2-fold cross-validation, seed 7, n 6"
    assert set(scores["metrics"]) == {"taxonomy_macro_f1", "weighted_f1_30", "accuracy_30"}
    for row in scores["metrics"].values():
        assert set(row) == {"rules", "model", "majority", "n"} and row["n"] == 6
    assert len(scores["chosen"]) == 2
    table = runner.invoke(app, args)  # the vectors are cached by the first run
    assert table.exit_code == 0, table.output
    assert "2-fold cross-validation, seed 7, n 6" in table.output
