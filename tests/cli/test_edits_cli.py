"""trucewatch ingest --edits replace and trucewatch events changes: an edited ACLED event
replaces the stored one, a deletion takes it out of `events list`, and the log lists both with
a count that agrees."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from acled_rows import acled_file, acled_row
from trucewatch.cli import app
from trucewatch.store import Store

runner = CliRunner()


def _run(db: Path, *args: object):
    result = runner.invoke(app, [*(str(a) for a in args), "--db", str(db)])
    return result.exit_code, result.output


def test_ingest_with_edits_replace_then_events_changes(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    first = acled_file(tmp_path / "a.csv", [acled_row(1), acled_row(2)])
    assert _run(db, "ingest", "acled", first, "--no-refresh")[0] == 0
    edited = acled_file(tmp_path / "b.csv", [acled_row(1), acled_row(2, fatalities=6)])
    code, out = _run(db, "ingest", "acled", edited, "--no-refresh", "--edits", "replace")
    assert code == 0, out
    assert "0 events added, 1 replaced (edited at the source), 1 already stored" in out
    with Store.open(db) as store:
        store.delete_events(["acled:SYR1"], origin="acled")
    code, out = _run(db, "events", "list", "-f", "json")
    assert code == 0, out
    listed = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [(e["event_id"], e["fatalities_best"]) for e in listed] == [("acled:SYR2", 6)]
    code, out = _run(db, "events", "changes")
    assert code == 0, out
    assert "2 changes" in out and "edited" in out and "deleted" in out
    code, out = _run(db, "events", "changes", "-f", "json", "--limit", "1")
    assert code == 0, out
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [(r["event_id"], r["change"]) for r in rows] == [("acled:SYR2", "edited")]
    assert "1 of 2 changes shown" in out  # the note on stderr (mixed into the output here)
    code, out = _run(db, "events", "changes", "--change", "delete")
    assert code != 0 and "did you mean deleted" in out


def test_ingest_refuses_an_unknown_edits_mode(tmp_path: Path) -> None:
    path = acled_file(tmp_path / "a.csv", [acled_row(1)])
    code, out = _run(tmp_path / "x.duckdb", "ingest", "acled", path, "--edits", "overwrite")
    assert code == 2 and "overwrite" in out
