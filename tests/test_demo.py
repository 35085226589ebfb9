"""The main job's numbers: each event counted once per agreement, under its most serious
verdict over the agreement's windows (as the report counts them)."""

from __future__ import annotations

from collections import Counter

from trucewatch.demo import run_demo
from trucewatch.model.verdict import SEVERITY, most_serious
from trucewatch.store import Store
from trucewatch.verdicts.stored import verdict_records


def test_demo_counts_each_event_once_under_its_most_serious_verdict(tmp_path):
    with Store.open(tmp_path / "demo.duckdb") as store:
        result = run_demo(store, shared=tmp_path / "absent")
        rows = verdict_records(store)
    by_event: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        by_event.setdefault((row["agreement_id"], row["event_id"]), []).append(row["verdict"])
    assert any(len(kinds) > 1 for kinds in by_event.values())  # some events in several windows
    expected: dict[str, Counter[str]] = {a.id: Counter() for a in result.agreements}
    for (agreement_id, _), kinds in by_event.items():
        expected[agreement_id][most_serious(kinds).value] += 1
    assert result.verdict_counts == expected
    assert sum(sum(c.values()) for c in result.verdict_counts.values()) == len(by_event)


def test_most_serious_follows_the_severity_order():
    assert most_serious(["outside_window", "unlocated", "possible_violation"]).value == (
        "possible_violation"
    )
    assert most_serious([]) is SEVERITY[-1]
