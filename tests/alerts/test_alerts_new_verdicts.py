"""What is new to a subscription when an agreement changes: only the verdicts whose kind changed
(or that did not exist), not every verdict its windows' new judgement rewrote."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from trucewatch.agreements import example_paths
from trucewatch.catalog import load_agreements, record_end
from trucewatch.jobs import after_write, ingest_file
from trucewatch.publish.alerts import queue_alerts, subscribe
from trucewatch.store import Store
from trucewatch.store.outbox import outbox_rows
from trucewatch.verdicts.stored import verdict_records
from trucewatch.verdicts.update import update_verdicts
from ucdp_rows import UCDP_HEADER

ALEPPO = "aleppo-calm-2016-05"


def _violations(store: Store, agreement_id: str) -> set[tuple[str, str]]:
    """(event, window) of the stored violations of ``agreement_id``."""
    return {
        (r["event_id"], r["window_id"])
        for r in verdict_records(store, agreement_ids=[agreement_id], kinds=["violation"])
    }


def _aleppo_with_open_declaration() -> str:
    """The shipped Aleppo agreement with its US declaration open-ended (its recorded end left
    out): events after that end, judged outside it before, fall inside it now."""
    text = next(p for p in example_paths() if p.name.startswith("aleppo")).read_text()
    start = text.index("    ended:", text.index("open: true"))
    return text[:start] + text[text.index("    note: >-", start) :]


def test_a_new_agreement_version_alerts_only_the_verdicts_whose_kind_changed(db: Path) -> None:
    with Store.open(db) as store:
        subscribe(
            store, name="desk", channel="email", target="desk@example.org",
            agreement_ids=[ALEPPO], kinds=["violation"],
        )  # fmt: skip
        before = _violations(store, ALEPPO)
        store.put_agreement(
            ALEPPO, "Aleppo, open US declaration", _aleppo_with_open_declaration(), "test"
        )
        report = update_verdicts(store, load_agreements(store))
        after = _violations(store, ALEPPO)
        queued = queue_alerts(store)
        rows = outbox_rows(store.conn)
    assert report.windows_rejudged > 0
    changed = {event for event, _ in after - before}
    kept = {event for event, _ in after & before} - changed
    assert changed and kept  # the new version changed some verdicts and left others
    assert queued == len(rows) == len(changed)
    assert {r.event_id for r in rows} == changed  # the unchanged violations are not alerted


def test_an_end_recorded_alerts_nothing_when_no_verdict_became_a_violation(db: Path) -> None:
    with Store.open(db) as store:
        subscribe(store, name="desk", channel="email", target="desk@example.org")
        before = _violations(store, "syria-coh-2016")
        record_end(
            store, "syria-coh-2016", {"kind": "collapsed", "at": "2016-04-22", "evidence": ["UN"]}
        )
        refreshed = after_write(store, now=datetime(2016, 5, 1, tzinfo=UTC))
        after = _violations(store, "syria-coh-2016")
        rows = outbox_rows(store.conn)
    assert refreshed.verdicts_written > 0 and before  # the window was judged again
    assert after < before  # the end took violations away and made none
    assert refreshed.queued == 0 and rows == []


def test_a_verdict_that_changes_kind_twice_is_alerted_once(db: Path) -> None:
    shipped = next(p for p in example_paths() if p.name.startswith("aleppo")).read_text()
    with Store.open(db) as store:
        subscribe(
            store, name="desk", channel="email", target="desk@example.org",
            agreement_ids=[ALEPPO], kinds=["violation"],
        )  # fmt: skip
        for text in (_aleppo_with_open_declaration(), shipped, _aleppo_with_open_declaration()):
            store.put_agreement(ALEPPO, "Aleppo", text, "test")
            update_verdicts(store, load_agreements(store))
            queue_alerts(store)
        rows = outbox_rows(store.conn)
    keys = [(r.event_id, r.agreement_id) for r in rows]
    assert keys and len(keys) == len(set(keys))


def test_a_violation_that_an_end_makes_a_possible_violation_is_not_alerted(
    db: Path, tmp_path: Path
) -> None:
    """An event known only to the month (April 2016) in Aleppo: a violation of the Syrian
    cessation, then, once its end on 22 April is recorded, a possible one (it may fall after
    the end). Less severe is not news."""
    ged = tmp_path / "april.csv"
    row = (
        "900901,2016,1,1,299,Syria: Government,11973,x,118,Government of Syria,4456,,"
        "Syrian insurgents,1,article,SOHR,2016-04-30,headline,SOHR,1,Aleppo city,"
        "Aleppo Governorate,Jabal Saman district,36.2,37.16,POINT (37.16 36.2),1,Syria,652,"
        "Middle East,1,4,2016-04-01,2016-04-30,0,0,3,0,3,3,4"
    )
    ged.write_text(f"{UCDP_HEADER}\n{row}\n")
    with Store.open(db) as store:
        ingest_file(store, "ucdp-ged", ged)
        after_write(store)
        subscribe(store, name="desk", channel="email", target="desk@example.org")

        def kinds() -> set[str]:
            return {
                r["verdict"]
                for r in verdict_records(store, agreement_ids=["syria-coh-2016"])
                if r["event_id"] == "ucdp_ged:900901"
            }

        assert kinds() == {"violation"}
        record_end(
            store, "syria-coh-2016", {"kind": "collapsed", "at": "2016-04-22", "evidence": ["UN"]}
        )
        refreshed = after_write(store)
        assert kinds() == {"possible_violation"}
        assert refreshed.queued == 0 and outbox_rows(store.conn) == []
