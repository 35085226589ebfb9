"""One refresh after every write (trucewatch.jobs.after_write): an ingest or an agreement change
brings the verdicts up to date and queues the alerts, without `trucewatch verdicts` by hand;
`alerts run` judges stale verdicts first."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
from typer.testing import CliRunner

from live_server import create_keys, running, wait_until
from trucewatch.cli import app
from trucewatch.jobs import refresh
from trucewatch.serve.api import create_app
from trucewatch.store import Store
from ucdp_rows import UCDP_HEADER

runner = CliRunner()

REFRESHED = re.compile(r"verdicts: ([\d,]+) new .*; alerts queued: ([\d,]+)")


def _ged(folder: Path, first_id: int, n: int = 4, name: str = "ged_new.csv") -> Path:
    """``n`` UCDP GED events in Aleppo city in May 2016 (government vs insurgents, 3 killed):
    inside the shipped Aleppo calm and the Syrian cessation of hostilities."""
    rows = []
    for k in range(n):
        day = f"2016-05-{5 + k:02d}"
        rows.append(
            f"{first_id + k},2016,1,1,299,Syria: Government,11973,x,118,Government of Syria,"
            f"4456,,Syrian insurgents,1,article,SOHR,{day},headline,SOHR,1,Aleppo city,"
            f"Aleppo Governorate,Jabal Saman district,36.2,37.16,POINT (37.16 36.2),1,Syria,"
            f"652,Middle East,1,1,{day},{day},0,0,3,0,3,3,4"
        )
    path = folder / name
    path.write_text("\n".join([UCDP_HEADER, *rows]) + "\n")
    return path


def _run(db: Path, *args: object) -> tuple[int, str]:
    result = runner.invoke(app, [*(str(a) for a in args), "--db", str(db)])
    return result.exit_code, result.output


def _subscribe(db: Path, target: str = "https://93.184.215.14/hook") -> None:
    code, out = _run(db, "subscriptions", "add", "--name", "desk", "--webhook", target)
    assert code == 0, out


def _refreshed(output: str) -> tuple[int, int]:
    """(verdicts written, alerts queued) as the refresh line of a command says them."""
    found = REFRESHED.search(output)
    assert found is not None, output
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


def _outbox(db: Path) -> list[dict]:
    code, out = _run(db, "alerts", "list", "-f", "json")
    assert code == 0, out
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def _written_by_verdicts(db: Path) -> int:
    """How many verdicts ``trucewatch verdicts`` writes when it brings them up to date."""
    code, out = _run(db, "verdicts", "-f", "csv")
    assert code == 0, out
    found = re.search(r"([\d,]+) verdicts written", out)
    assert found is not None, out
    return int(found[1].replace(",", ""))


def test_an_ingest_queues_the_alerts_of_its_events_without_trucewatch_verdicts(
    db: Path, tmp_path: Path, receiver
) -> None:
    _subscribe(db, receiver.url)
    by_hand = tmp_path / "by_hand.duckdb"
    shutil.copy(db, by_hand)
    code, out = _run(db, "ingest", "ucdp-ged", _ged(tmp_path, 900_001))
    assert code == 0, out
    written, queued = _refreshed(out)
    assert queued > 0 and written > 0
    assert _written_by_verdicts(db) == 0  # nothing was left for trucewatch verdicts
    assert _run(by_hand, "ingest", "ucdp-ged", _ged(tmp_path, 900_001), "--no-refresh")[0] == 0
    assert _written_by_verdicts(by_hand) == written  # the same count as judged by hand
    outbox = _outbox(db)
    assert len(outbox) == queued
    assert {row["event_id"] for row in outbox} <= {f"ucdp_ged:{900_001 + k}" for k in range(4)}
    code, out = _run(db, "alerts", "run")
    assert code == 0, out
    assert "0 alert(s) queued" in out and len(receiver.received) == queued


def test_the_same_ingest_again_queues_nothing_new(db: Path, tmp_path: Path) -> None:
    _subscribe(db)
    ged = _ged(tmp_path, 900_101)
    first = _run(db, "ingest", "ucdp-ged", ged)[1]
    again = _run(db, "ingest", "ucdp-ged", ged)[1]
    assert "already ingested" in again
    assert _refreshed(again) == (0, 0)
    assert len(_outbox(db)) == _refreshed(first)[1] > 0


def test_no_refresh_leaves_the_alerts_to_alerts_run_which_judges_first(
    db: Path, tmp_path: Path
) -> None:
    _subscribe(db)
    code, out = _run(db, "ingest", "ucdp-ged", _ged(tmp_path, 900_201), "--no-refresh")
    assert code == 0 and "alerts queued" not in out
    assert _outbox(db) == []
    code, out = _run(db, "alerts", "run", "--queue-only")
    assert code == 0, out
    assert "verdicts brought up to date" in out
    queued = int(re.search(r"(\d+) alert\(s\) queued", out)[1])  # type: ignore[index]
    assert queued > 0 and len(_outbox(db)) == queued


def test_an_agreement_added_after_the_events_gets_its_verdicts_and_alerts(
    tmp_path: Path,
) -> None:
    db = tmp_path / "late.duckdb"
    code, out = _run(db, "ingest", "ucdp-ged", _ged(tmp_path, 900_301))
    assert code == 0 and "verdicts: none to judge" in out and "alerts queued: 0" in out
    _subscribe(db)
    code, out = _run(db, "agreements", "add", "--examples")
    assert code == 0, out
    written, queued = _refreshed(out)
    assert written > 0
    assert queued == len(_outbox(db)) > 0
    with Store.open(db) as store:  # nothing left to judge
        assert refresh(store).verdicts_written == 0


def test_an_end_recorded_re_judges_its_window_at_once(db: Path) -> None:
    code, out = _run(
        db, "agreements", "end", "syria-coh-2016", "--at", "2016-04-22",
        "--kind", "collapsed", "--evidence", "UN envoy, 22 April 2016: it has collapsed",
    )  # fmt: skip
    assert code == 0, out
    written, _ = _refreshed(out)
    assert written > 0  # the window changed: its events judged again


def test_an_ingest_into_a_store_without_agreements_does_not_import_the_verdict_engine(
    tmp_path: Path,
) -> None:
    ged = _ged(tmp_path, 900_401)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from trucewatch.jobs import after_write, ingest_file\n"
        "from trucewatch.store import Store\n"
        f"with Store.open(Path({str(tmp_path / 'bare.duckdb')!r})) as store:\n"
        f"    ingest_file(store, 'ucdp-ged', Path({str(ged)!r}))\n"
        "    print(after_write(store))\n"
        "print(sorted(m for m in sys.modules if m.startswith('trucewatch.verdicts')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [
        "verdicts: none to judge (no agreement stored); alerts queued: 0",
        "[]",
    ]


def test_the_api_ingest_and_agreement_writes_refresh_and_queue(db: Path, tmp_path: Path) -> None:
    _subscribe(db)
    with Store.open(db) as store:
        keys = create_keys(store, ("analyst",))
    analyst = {"authorization": f"Bearer {keys['analyst']}"}
    with running(create_app(db, write_burst=50)) as url, httpx.Client(base_url=url) as client:
        sent = client.post(
            "/ingest/ucdp-ged",
            params={"filename": "ged_new.csv"},
            content=_ged(tmp_path, 900_501).read_bytes(),
            headers=analyst,
        )
        assert sent.status_code == 201, sent.text
        refresh = sent.json()["refresh"]
        assert refresh["judged"] and refresh["alerts_queued"] > 0
        assert refresh["message"] in sent.json()["message"]
        again = client.post(
            "/ingest/ucdp-ged",
            params={"filename": "ged_new.csv"},
            content=_ged(tmp_path, 900_501).read_bytes(),
            headers=analyst,
        )
        assert again.status_code == 200 and again.json()["refresh"]["alerts_queued"] == 0
        ended = client.post(
            "/agreements/syria-coh-2016/end",
            json={"kind": "collapsed", "at": "2016-04-22", "evidence": ["UN envoy"]},
            headers=analyst,
        )
        assert ended.status_code == 201, ended.text
        assert ended.json()["refresh"]["verdicts_written"] > 0
        quiet = client.post(
            "/ingest/ucdp-ged",
            params={"filename": "ged_later.csv", "refresh": "false"},
            content=_ged(tmp_path, 900_601).read_bytes(),
            headers=analyst,
        )
        assert quiet.status_code == 201 and quiet.json()["refresh"] is None
    # what the answers said is what was queued (a new version's verdicts are new to a
    # subscription: docs/alerts.md, "What a subscription matches")
    said = refresh["alerts_queued"] + ended.json()["refresh"]["alerts_queued"]
    assert len(_outbox(db)) == said


def test_serve_judges_stale_verdicts_before_its_alert_run(
    db: Path, tmp_path: Path, receiver
) -> None:
    _subscribe(db, receiver.url)
    code, out = _run(db, "ingest", "ucdp-ged", _ged(tmp_path, 900_701), "--no-refresh")
    assert code == 0 and "alerts queued" not in out
    with running(create_app(db, alerts_every=0.2)):
        wait_until(lambda: receiver.received, "the alerts of the stale verdicts")
    got = {a["event_id"] for r in receiver.received for a in r.json()["alerts"]}
    assert got and got <= {f"ucdp_ged:{900_701 + k}" for k in range(4)}


def test_a_refresh_that_fails_after_the_ingest_says_the_events_are_stored(
    db: Path, tmp_path: Path, monkeypatch
) -> None:
    from trucewatch import jobs
    from trucewatch.errors import StoreBusyError

    def busy(store: Store) -> None:
        raise StoreBusyError("another process kept the store for 30 s")

    monkeypatch.setattr(jobs, "refresh", busy)
    code, out = _run(db, "ingest", "ucdp-ged", _ged(tmp_path, 900_301))
    assert code == 2
    assert "the write is stored" in out and "another process kept the store" in out
    with Store.open(db, read_only=True) as store:
        ids = {e["event_id"] for e in store.events()}
    assert {f"ucdp_ged:{900_301 + k}" for k in range(4)} <= ids
