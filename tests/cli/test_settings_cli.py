"""trucewatch settings, and every command judging with the store's threshold, on real files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from threshold_events import AGREEMENT, CENTRE, EDGE_BEFORE, EDGE_DURING, edge_events, edge_store
from trucewatch.agreements import load_examples
from trucewatch.cli import app
from trucewatch.verdicts.judge import judge

runner = CliRunner()


def invoke(*args: object) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def ok(*args: object) -> Any:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return edge_store(tmp_path / "edge.duckdb")


def verdicts(db: Path, *extra: object) -> dict[tuple[str, str], dict[str, Any]]:
    result = ok("verdicts", "--agreement", AGREEMENT, "-f", "json", *extra, "--db", db)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return {(r["event_id"], r["window_id"]): r for r in records}


def base_summary(db: Path) -> tuple[dict[str, Any], str]:
    result = ok("summary", "--agreement", AGREEMENT, "-f", "json", "--db", db)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    return next(r for r in rows if r["window_id"] == "base"), result.stderr


def test_settings_show_gives_the_default_of_a_new_store(db: Path) -> None:
    result = ok("settings", "show", "-f", "json", "--db", db)
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (row["name"], row["value"], row["default"], row["is_default"]) == (
        "min-share-inside",
        0.5,
        0.5,
        True,
    )
    assert "rules version" not in result.stdout  # a table-only line


def test_a_changed_threshold_changes_verdicts_and_summary_the_same_way(db: Path) -> None:
    before = verdicts(db)
    assert before[(EDGE_DURING, "base")]["verdict"] == "unlocated"
    assert before[(CENTRE, "base")]["verdict"] == "violation"
    summary, note = base_summary(db)
    assert (summary["unlocated_before"], summary["unlocated_during"]) == (1, 1)
    assert "Location threshold" not in note

    changed = ok("settings", "set", "min-share-inside", "0.3", "--db", db)
    assert "min-share-inside: 0.5 -> 0.3 (default 0.5); verdicts: " in changed.stdout
    assert "windows re-judged" in changed.stdout

    after = verdicts(db, "--no-update")
    assert after[(EDGE_DURING, "base")]["verdict"] == "possible_violation"
    assert after[(CENTRE, "base")]["verdict"] == "violation"
    assert {r["rules_version"] for r in after.values()} == {
        "trucewatch.rules/2;min_share_inside=0.3"
    }
    assert after.keys() == before.keys()
    summary_after, note = base_summary(db)
    assert (summary_after["unlocated_before"], summary_after["unlocated_during"]) == (0, 0)
    assert summary_after["events_uncertain"] == summary["events_uncertain"] + 2
    assert "at least 30 %" in note  # said beside the JSON lines, on stderr
    table = ok("summary", "--agreement", AGREEMENT, "--db", db)
    assert "min_share_inside 0.3, the store's setting" in table.stdout
    lines = ok("verdicts", "--agreement", AGREEMENT, "--db", db)
    assert "0 of 7 windows re-judged" in lines.stderr  # already judged with the setting
    assert "min_share_inside 0.3, the store's setting" in lines.stdout


def test_explain_judges_with_the_stores_threshold(db: Path) -> None:
    ok("settings", "set", "min-share-inside", "0.3", "--db", db)
    result = ok("explain", EDGE_DURING, "--agreement", AGREEMENT, "-f", "json", "--db", db)
    base = next(json.loads(line) for line in result.stdout.splitlines() if '"base"' in line)
    assert base["verdict"] == "possible_violation"
    table = ok("explain", EDGE_DURING, "--agreement", AGREEMENT, "--db", db)
    assert "at least 30 %" in table.stdout


@pytest.mark.parametrize(
    ("value", "says"),
    [("1.5", "is outside [0, 1]"), ("50", "not a percentage"), ("half", "is not a number")],
)
def test_an_invalid_threshold_is_refused_and_stores_nothing(
    db: Path, value: str, says: str
) -> None:
    before = verdicts(db)
    result = invoke("settings", "set", "min-share-inside", value, "--db", db)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: setting min-share-inside: ") and says in result.stderr
    assert "give a share from 0 to 1" in result.stderr
    shown = ok("settings", "show", "-f", "json", "--db", db)
    assert json.loads(shown.stdout)["is_default"] is True
    assert verdicts(db, "--no-update") == before


def test_an_unknown_setting_is_refused_with_a_guess(db: Path) -> None:
    result = invoke("settings", "set", "min_share", "0.3", "--db", db)
    assert result.exit_code == 2
    assert "did you mean min-share-inside?" in result.stderr


def test_set_without_update_leaves_the_verdicts_to_the_next_update_and_says_so(
    db: Path,
) -> None:
    verdicts(db)
    result = ok("settings", "set", "min-share-inside", "0.3", "--no-update", "--db", db)
    assert "judged again at the next update" in result.stdout
    stale = verdicts(db, "--no-update")
    assert stale[(EDGE_DURING, "base")]["verdict"] == "unlocated"  # as stored, and said so:
    warned = invoke("verdicts", "--no-update", "--db", db)
    assert "warning: of the 7 agreement windows whose verdicts are stored, 7 were judged " in (
        warned.stderr
    )
    assert "with min_share_inside 0.5" in warned.stderr
    note = ok("settings", "show", "--db", db)
    assert "judged again at the next update" in note.stderr
    assert verdicts(db)[(EDGE_DURING, "base")]["verdict"] == "possible_violation"
    assert ok("settings", "show", "--db", db).stderr == ""


def test_the_default_store_judges_as_judge_does_by_default(db: Path) -> None:
    stored = verdicts(db)
    expected = judge(edge_events(), [a for a in load_examples() if a.id == AGREEMENT])
    assert {(v.event_id, v.window_id): v.verdict.value for v in expected} == {
        k: r["verdict"] for k, r in stored.items()
    }
    assert {r["rules_version"] for r in stored.values()} == {"trucewatch.rules/2"}
    assert stored[(EDGE_BEFORE, "base")]["verdict"] == "outside_window"
    again = ok("settings", "set", "min-share-inside", "0.5", "--db", db)
    assert "(the default); the stored verdicts are judged with it already" in again.stdout
    assert verdicts(db) == stored
    lines = ok("verdicts", "--db", db)
    assert "Location threshold" not in lines.stdout + lines.stderr


def test_effect_and_demo_say_the_stores_threshold(db: Path, tmp_path: Path) -> None:
    ok("settings", "set", "min-share-inside", "0.3", "--db", db)
    effect = ok("effect", "--agreement", AGREEMENT, "--horizon", "7", "-f", "json", "--db", db)
    assert "at least 30 %" in effect.stderr and "at least 30 %" not in effect.stdout
    demo_db = tmp_path / "demo.duckdb"
    ok("settings", "set", "min-share-inside", "0.3", "--db", demo_db)  # a new store, set first
    demo = ok("demo", "--shared", tmp_path / "absent", "--db", demo_db)
    assert "min_share_inside 0.3, the store's setting" in demo.stdout
    stored = ok("verdicts", "--no-update", "-f", "json", "--db", demo_db)
    versions = {json.loads(line)["rules_version"] for line in stored.stdout.splitlines()}
    assert versions == {"trucewatch.rules/2;min_share_inside=0.3"}


def test_a_setting_on_a_store_without_verdicts_says_so(tmp_path: Path) -> None:
    result = ok("settings", "set", "min-share-inside", "0.3", "--db", tmp_path / "new.duckdb")
    assert result.stdout == (
        "min-share-inside: 0.5 -> 0.3 (default 0.5); no verdicts are stored yet (trucewatch "
        "verdicts judges the events)\n"
    )
