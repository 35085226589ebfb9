"""trucewatch extract --statements --save, drafts list|show|reject, agreements accept."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from trucewatch.cli import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _drafts(db: Path, *extra: str) -> list[dict[str, object]]:
    code, out, _ = _run("drafts", "list", "-f", "json", "--db", str(db), *extra)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_saved_statements_are_reviewed_accepted_and_rejected(repo_root: Path, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    news = repo_root / "tests" / "fixtures" / "text" / "truce_statements.jsonl"
    code, out, err = _run("extract", str(news), "--statements", "--save", "--db", str(db))
    assert code == 0 and "5 draft(s) stored, 0 already stored" in err
    code, _, err = _run("extract", str(news), "--statements", "--save", "--db", str(db))
    assert code == 0 and "0 draft(s) stored, 5 already stored" in err
    drafts = {d["act"]: d for d in _drafts(db, "--status", "pending")}
    assert set(drafts) == {"declare", "reject", "accuse", "extend"}  # one truce per draft
    declared = [d for d in _drafts(db) if d["act"] == "declare"]
    aleppo = next(d for d in declared if d["scope"] == "Aleppo")

    code, out, _ = _run("drafts", "show", str(aleppo["draft_id"]), "--db", str(db))
    assert code == 0 and "48-hour regime of calm" in out and "format: trucewatch.agreement/1" in out

    # an edit that breaks the file: the error names the field and the fix, nothing is stored
    code, yaml_text, _ = _run("drafts", "show", str(aleppo["draft_id"]), "--yaml", "--db", str(db))
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml_text.replace("timezone: Asia/Damascus", "timezone: Mars/Olympus"))
    code, _, err = _run(
        "agreements", "accept", str(aleppo["draft_id"]), "--edit-file", str(edited), "--db", str(db)
    )
    assert code == 2 and "timezone" in err and "--edit-file" in err
    code, out, _ = _run("agreements", "list", "-f", "json", "--db", str(db))
    assert out.strip() == ""

    code, out, _ = _run("agreements", "accept", str(aleppo["draft_id"]), "--db", str(db))
    assert code == 0 and f"agreement {aleppo['draft_id']} stored (version 1)" in out
    # its windows judged at once (no event stored yet: none to judge against, none queued)
    assert "verdicts: 0 new (0 events judged against" in out and "alerts queued: 0" in out
    code, out, _ = _run("agreements", "list", "-f", "json", "--db", str(db))
    assert [json.loads(line)["id"] for line in out.splitlines()] == [aleppo["draft_id"]]
    (accepted,) = _drafts(db, "--status", "accepted")
    assert accepted["agreement_id"] == aleppo["draft_id"]

    code, out, _ = _run("drafts", "reject", str(drafts["reject"]["draft_id"]), "--db", str(db))
    assert code == 0 and "rejected" in out
    assert [d["act"] for d in _drafts(db, "--status", "rejected")] == ["reject"]


def test_unknown_drafts_and_save_without_statements_are_refused(repo_root: Path, tmp_path):
    db = tmp_path / "s.duckdb"
    code, _, err = _run("agreements", "accept", "draft-nope", "--db", str(db))
    assert code == 2 and "no draft 'draft-nope'" in err
    news = repo_root / "tests" / "fixtures" / "text" / "truce_statements.jsonl"
    result = runner.invoke(app, ["extract", str(news), "--save", "--db", str(db)])
    assert result.exit_code == 2 and "--statements" in result.output
