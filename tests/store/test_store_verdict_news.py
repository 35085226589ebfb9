"""What a verdict update records of what is new to alert subscriptions (store/verdict_news.py,
migration 11): windows judged from nothing, and verdicts judged again to a more severe kind —
only the kinds some subscription gets, nothing without one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from live_server import fill_store, handmade_event
from trucewatch.agreements import example_paths
from trucewatch.catalog import load_agreements, record_end
from trucewatch.model import Fatalities
from trucewatch.model.verdict import SEVERITY
from trucewatch.publish.alerts import subscribe
from trucewatch.store import Store
from trucewatch.store.migrations import LATEST_VERSION, migrate
from trucewatch.verdicts.update import update_verdicts

END = {"kind": "collapsed", "at": "2016-03-10", "evidence": ["UN envoy"]}


def _store(path: Path) -> Store:
    store = Store.open(path)
    events = [
        handmade_event(i, date(2016, 2, 1), "handmade", Fatalities(low=1, best=1, high=2))
        for i in range(60)
    ]
    fill_store(store, events, label="handmade", adapter="handmade.v1")
    return store


def _aleppo_with_open_declaration() -> str:
    """The shipped Aleppo agreement with its US declaration open-ended: events after its
    recorded end become violations of it."""
    text = next(p for p in example_paths() if p.name.startswith("aleppo")).read_text()
    start = text.index("    ended:", text.index("open: true"))
    return text[:start] + text[text.index("    note: >-", start) :]


def _kinds(store: Store) -> dict[str, str]:
    return dict(
        store.conn.execute(
            "SELECT event_id || '/' || window_id, verdict FROM verdicts "
            "WHERE agreement_id = 'aleppo-calm-2016-05'"
        ).fetchall()
    )


def _changes(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM verdict_kind_changes").fetchone()[0])


def test_windows_judged_from_nothing_are_marked_when(tmp_path: Path) -> None:
    with _store(tmp_path / "s.duckdb") as store:
        marked = store.conn.execute(
            "SELECT count(*), count(first_judged_at) FROM verdict_window_numbers"
        ).fetchone()
        assert marked is not None and marked[0] == marked[1] > 0


def test_a_store_without_subscriptions_records_no_kind_change(tmp_path: Path) -> None:
    with _store(tmp_path / "s.duckdb") as store:
        record_end(store, "syria-coh-2016", END)
        report = update_verdicts(store, load_agreements(store))
        assert report.windows_rejudged > 0
        assert _changes(store) == 0


def test_a_window_judged_again_records_only_kinds_that_changed_to_one_subscribed(
    tmp_path: Path,
) -> None:
    with _store(tmp_path / "s.duckdb") as store:
        subscribe(store, name="desk", channel="email", target="desk@example.org")
        before = _kinds(store)
        store.put_agreement("aleppo-calm-2016-05", "Aleppo", _aleppo_with_open_declaration(), "t")
        update_verdicts(store, load_agreements(store))
        after = _kinds(store)
        recorded = store.conn.execute(
            "SELECT k.event_id || '/' || n.window_id FROM verdict_kind_changes k "
            "JOIN verdict_window_numbers n USING (window_no)"
        ).fetchall()
    rank = {k.value: i for i, k in enumerate(SEVERITY)}
    became = {
        k
        for k, kind in after.items()
        if kind in ("violation", "possible_violation")
        and (k not in before or rank[before[k]] > rank[kind])
    }
    kept = {k for k, kind in after.items() if kind == "violation" and before.get(k) == kind}
    assert became and kept  # some verdicts changed kind, some kept theirs
    assert {r[0] for r in recorded} == became


def test_a_store_of_schema_10_gets_the_records_of_what_is_new(tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as conn:
        assert migrate(conn, upto=10) == 10
    with Store.open(old) as store:
        assert store.schema_version() == LATEST_VERSION
        assert _changes(store) == 0
        columns = store.conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'verdict_window_numbers'"
        ).fetchall()
        assert ("first_judged_at",) in columns
