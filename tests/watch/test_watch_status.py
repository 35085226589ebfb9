"""Freshness: trucewatch status, GET /status and trucewatch feeds list say for each feed that it
was never pulled, when it last synced, or why it fails (with the fix); a stale feed is flagged;
the command and the route give the same feeds and states."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fake_feed import KIND, fail_with, ged_page
from typer.testing import CliRunner

from live_server import running
from trucewatch.cli import app
from trucewatch.errors import ValidationError
from trucewatch.freshness import ago, freshness, interval, span
from trucewatch.serve.api import create_app
from trucewatch.store import Store
from trucewatch.watch import follow, run_once, status, unfollow

runner = CliRunner()
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _three_feeds(db: Path, tmp: Path, now: datetime | None) -> None:
    """``idle`` never pulled, ``good`` (daily) synced, ``broken`` failing: token expired."""
    good, broken = tmp / "good", tmp / "broken"
    ged_page(good, 1, 960_001)
    fail_with(broken, state="token expired")
    with Store.open(db) as store:
        for name, source in (("idle", tmp / "idle"), ("good", good), ("broken", broken)):
            follow(store, KIND, name=name, every_s=86_400, options={"source": str(source)},
                   now=now)  # fmt: skip
        run_once(store, spool=tmp / "spool", feeds=["good", "broken"], now=now, deliver=False)


def test_status_says_never_pulled_last_synced_and_token_expired_and_flags_stale_feeds(
    watch_db: Path, tmp_path: Path
) -> None:
    _three_feeds(watch_db, tmp_path, NOW)
    with Store.open(watch_db, read_only=True) as store:
        lines = {s.name: s for s in status(store, NOW + timedelta(days=2))}
        later = {s.name: s for s in status(store, NOW + timedelta(days=9))}
    assert lines["idle"].line.startswith("idle: never pulled (followed since 2026-12-06 12:00")
    assert lines["good"].line.startswith("good: last synced 2 days ago (ok)")
    assert not lines["good"].stale and lines["good"].ok
    broken = lines["broken"]
    assert broken.state == "token expired" and broken.line.startswith(
        "broken: token expired — never synced; 1 failed attempt, the last 2 days ago: "
    )
    assert "set TRUCEWATCH_FAKE_TOKEN again" in broken.line
    assert all(s.stale for s in later.values())
    assert later["good"].line.startswith("good: last synced 9 days ago (ok)")
    assert "STALE: no successful pull for more than 3 × its interval of 1 day" in (
        later["good"].line
    )
    assert "is trucewatch watch running?" in later["idle"].line


def test_durations_in_words() -> None:
    assert [span(s) for s in (45, 900, 3 * 3600, 9 * 86400 + 5)] == [
        "45 s", "15 min", "3 h", "9 days"]  # fmt: skip
    assert [interval(s) for s in (90, 900, 7200, 86400, 172800)] == [
        "90 s", "15 min", "2 h", "1 day", "2 days"]  # fmt: skip
    assert ago(NOW - timedelta(seconds=20), NOW) == "just now"
    assert ago(NOW - timedelta(days=9, hours=3), NOW) == "9 days ago"


def test_status_of_a_store_without_feeds_is_not_silent(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    Store.open(db).close()
    result = runner.invoke(app, ["status", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "feeds: none followed (trucewatch feeds add KIND follows one)",
        "last ingest: none (the store holds no events)",
        "verdicts: none (no agreement stored)",
        "alerts: 0 pending, 0 failed, 0 sent, 0 dead, 0 withdrawn",
    ]


def _steady(lines: list[str]) -> list[str]:
    """The lines without the seconds to the next pull (they pass between two reads)."""
    return [re.sub(r"next pull in \d+ s", "next pull in N s", line) for line in lines]


def test_the_command_and_the_route_show_the_same_feeds_and_states(
    watch_db: Path, tmp_path: Path
) -> None:
    _three_feeds(watch_db, tmp_path, None)
    result = runner.invoke(app, ["status", "--db", str(watch_db)])
    assert result.exit_code == 0, result.output
    printed = result.output.splitlines()
    assert printed[0].startswith("broken: token expired — never synced; 1 failed attempt")
    assert printed[1].startswith("good: last synced just now (ok)")
    assert printed[2].startswith("idle: never pulled")
    assert printed[3].startswith("last ingest: #1 with ucdp_ged")
    assert printed[4].startswith("verdicts: current")
    as_json = json.loads(runner.invoke(app, ["status", "-f", "json", "--db", str(watch_db)]).output)
    with running(create_app(watch_db)) as url:
        answer = httpx.get(f"{url}/status").json()
    for got in (as_json, answer):
        assert [(f["name"], f["state"], f["stale"]) for f in got["feeds"]] == [
            ("broken", "token expired", False), ("good", "ok", False), ("idle", "never", False)
        ]  # fmt: skip
        assert got["verdicts"] == "current" and got["last_ingest"]["ingest_id"] == 1
        assert got["alerts"]["pending"] > 0
    assert _steady(answer["lines"][:3]) == _steady(printed[:3]) == _steady(as_json["lines"][:3])
    checked = runner.invoke(app, ["status", "--check", "--db", str(watch_db)])
    assert checked.exit_code == 1  # a feed fails


def test_feeds_add_list_remove(watch_db: Path, tmp_path: Path) -> None:
    db = ["--db", str(watch_db)]
    source = f"source={tmp_path / 'src'}"
    added = runner.invoke(app, ["feeds", "add", KIND, "--name", "ged", "--every", "1d",
                                "--option", source, "--option", "per_pull=2", *db])  # fmt: skip
    assert added.exit_code == 0, added.output
    assert added.output.startswith("following ged (fake_ged.v1) every 1 day")
    listed = runner.invoke(app, ["feeds", "list", "-f", "json", *db])
    (row,) = [json.loads(line) for line in listed.output.splitlines()]
    assert (row["name"], row["every"], row["state"]) == ("ged", "1 day", "never")
    with Store.open(watch_db, read_only=True) as store:
        (state,) = status(store)
    assert state.name == "ged"
    wrong = runner.invoke(app, ["feeds", "add", KIND, "--option", "pages=3", *db])
    assert wrong.exit_code == 2 and "takes no option 'pages'" in wrong.output
    unknown = runner.invoke(app, ["feeds", "add", "acled-typo", *db])
    assert unknown.exit_code == 2 and "feed kind" in unknown.output
    bad_every = runner.invoke(app, ["feeds", "add", KIND, "--every", "soon", *db])
    assert bad_every.exit_code == 2 and "15m, 1d, 3600s" in bad_every.output
    again = runner.invoke(app, ["feeds", "add", KIND, "--name", "ged", "--option", source, *db])
    assert again.exit_code == 2 and "is followed already" in again.output
    removed = runner.invoke(app, ["feeds", "remove", "ged", *db])
    assert removed.exit_code == 0 and "feed ged removed" in removed.output
    gone = runner.invoke(app, ["feeds", "remove", "ged", *db])
    assert gone.exit_code == 2 and "feed" in gone.output


def test_freshness_of_a_store_with_events_not_yet_judged_says_stale(
    watch_db: Path, tmp_path: Path
) -> None:
    first, second = (ged_page(tmp_path / f"files{n}", n, 970_001 + 100 * n) for n in (1, 2))
    db = ["--db", str(watch_db)]
    assert runner.invoke(app, ["ingest", "ucdp-ged", str(first), *db]).exit_code == 0
    with Store.open(watch_db, read_only=True) as store:
        assert freshness(store).verdicts == "current"
    result = runner.invoke(app, ["ingest", "ucdp-ged", str(second), "--no-refresh", *db])
    assert result.exit_code == 0, result.output
    with Store.open(watch_db, read_only=True) as store:
        found = freshness(store)
    assert found.verdicts == "stale" and "judged only through ingest" in found.verdicts_detail


def test_the_report_of_a_store_following_feeds_says_how_fresh_they_are(
    watch_db: Path, tmp_path: Path
) -> None:
    from trucewatch.publish import report_for

    _three_feeds(watch_db, tmp_path, NOW)
    with Store.open(watch_db, read_only=True) as store:
        html = report_for(store, "aleppo-calm-2016-05", generated_at=NOW + timedelta(days=2)).html
    line = html.split("<p class='freshness'>", 1)[1].split("</p>", 1)[0]
    assert line.startswith("<strong>Live feeds:</strong> broken: token expired — never synced")
    assert "; good: last synced 2 days ago (ok)" in line and "; idle: never pulled" in line
    with Store.open(watch_db) as store:
        for name in ("broken", "good", "idle"):
            unfollow(store, name)
        html = report_for(store, "aleppo-calm-2016-05", generated_at=NOW).html
    assert "class='freshness'" not in html  # no feed followed: the report says nothing of them


def test_a_feed_name_that_cannot_be_a_folder_of_the_spool_is_refused(watch_db: Path) -> None:
    with Store.open(watch_db) as store:
        for name in ("..", ".hidden", "a/b", "", "x" * 65, "naïve"):
            with pytest.raises(ValidationError, match="use 1 to 64 letters"):
                follow(store, KIND, name=name, options={"source": "."})
        assert status(store) == []
