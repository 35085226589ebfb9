"""Events edited and deleted at the source (store/event_changes.py, docs/store.md "Edits and
deletions"): an ingest with edits="replace" stores an edited event as its new version (the
earlier one kept in event_history, its verdicts judged again), a deletion takes the event out
of the events, verdicts, map, effect and exports and withdraws its alerts not yet sent, and
every change is logged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from acled_rows import LATAKIA, acled_file, acled_row
from trucewatch.analysis import effect_for
from trucewatch.catalog import add_agreement_file
from trucewatch.errors import NotFoundError, ValidationError
from trucewatch.jobs import after_write, ingest_file, refresh, source_adapter
from trucewatch.publish.alerts.runner import run_alerts
from trucewatch.publish.alerts.subscribe import subscribe
from trucewatch.store import EventQuery, Store
from trucewatch.store.event_changes import CONTESTED_BIT
from trucewatch.store.ingest import read_file, write_file
from trucewatch.store.ingest_stream import stream_file
from trucewatch.store.map_reads import map_events
from trucewatch.store.outbox import due_rows, mark_sent, outbox_rows
from trucewatch.store.shared import SharedStore
from trucewatch.verdicts.contested import CONTESTED
from trucewatch.verdicts.encode import BIT

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "trucewatch" / "agreements" / "examples"
CALM = "aleppo-calm-2016-05"


def _ingest(db: Path, path: Path, how: str, edits: str = "replace"):
    """Ingest an ACLED file streamed in pieces (Store.ingest) or read whole, then written
    (SharedStore.ingest of a small file: store/ingest.py write_file)."""
    if how == "streamed":
        with Store.open(db) as store:
            return ingest_file(store, "acled", path, edits=edits)  # type: ignore[arg-type]
    shared = SharedStore(db, linger=0)
    try:
        return ingest_file(shared, "acled", path, edits=edits)  # type: ignore[arg-type]
    finally:
        shared.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "edits.duckdb"


@pytest.fixture(params=["streamed", "whole"])
def how(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_an_edited_event_replaces_the_stored_one_and_its_earlier_version_is_kept(
    db: Path, tmp_path: Path, how: str
) -> None:
    first = _ingest(db, acled_file(tmp_path / "a.csv", [acled_row(k) for k in (1, 2, 3)]), how)
    edited = [acled_row(1), acled_row(2, fatalities=7, timestamp=1_700_000_000), acled_row(3)]
    second = _ingest(db, acled_file(tmp_path / "b.csv", [*edited, acled_row(4)]), how)
    assert (second.stored, second.replaced, second.added, second.duplicates) == (2, 1, 1, 2)
    assert second.errors == ()
    assert "1 replaced (edited at the source)" in str(second)
    with Store.open(db, read_only=True) as store:
        assert store.count_events() == 4
        assert store.event("acled:SYR2").fatalities.best == 7
        assert store.events(EventQuery())[0]["ingest_id"] == first.ingest_id  # SYR1 untouched
        history = store.conn.execute(
            "SELECT event_id, change, change_ingest_id, fatalities_best, ingest_id "
            "FROM event_history"
        ).fetchall()
        assert history == [("acled:SYR2", "edited", second.ingest_id, 3, first.ingest_id)]
        stored = store.conn.execute(
            "SELECT ingest_id FROM events WHERE event_id = 'acled:SYR2'"
        ).fetchall()
        assert stored == [(second.ingest_id,)]  # the new version is judged as a new event
        changes = store.event_changes()
        assert [(c.event_id, c.change, c.ingest_id) for c in changes] == [
            ("acled:SYR2", "edited", second.ingest_id)
        ]
        assert changes[0].detail == (
            "fatalities_low: 3 -> 7; fatalities_best: 3 -> 7 (stored by ingest #1)"
        )
        assert changes[0].origin == str((tmp_path / "b.csv").resolve())
        assert store.count_event_changes() == 1


def test_the_same_edited_file_again_adds_nothing(db: Path, tmp_path: Path, how: str) -> None:
    _ingest(db, acled_file(tmp_path / "a.csv", [acled_row(1), acled_row(2)]), how)
    rows = [acled_row(1), acled_row(2, fatalities=9)]
    edited = acled_file(tmp_path / "b.csv", rows)
    assert _ingest(db, edited, how).replaced == 1
    assert _ingest(db, edited, how).already_ingested
    # the same records in other bytes: duplicates, not edits
    again = _ingest(db, acled_file(tmp_path / "c.csv", [*rows, ""]), how)
    assert (again.stored, again.replaced, again.duplicates, again.bad) == (0, 0, 2, 0)
    with Store.open(db, read_only=True) as store:
        assert store.count_events() == 2
        assert store.count_event_changes() == 1
        assert store.conn.execute("SELECT count(*) FROM event_history").fetchone() == (1,)


def test_without_replace_an_edited_event_is_a_bad_row_and_the_stored_one_stays(
    db: Path, tmp_path: Path, how: str
) -> None:
    _ingest(db, acled_file(tmp_path / "a.csv", [acled_row(1)]), how, edits="refuse")
    report = _ingest(
        db, acled_file(tmp_path / "b.csv", [acled_row(1, fatalities=7)]), how, edits="refuse"
    )
    assert (report.stored, report.replaced, report.bad) == (0, 0, 1)
    assert "already stored with different content" in report.errors[0].reason
    with Store.open(db, read_only=True) as store:
        assert store.event("acled:SYR1").fatalities.best == 3
        assert store.count_event_changes() == 0


def test_an_unknown_edits_mode_is_refused_with_a_guess(db: Path, tmp_path: Path) -> None:
    path = acled_file(tmp_path / "a.csv", [acled_row(1)])
    with Store.open(db) as store, pytest.raises(ValidationError, match="did you mean replace"):
        ingest_file(store, "acled", path, edits="replac")  # type: ignore[arg-type]


def _verdicts(store: Store) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return sorted(
        (r["event_id"], r["window_id"], r["verdict"], tuple(r["reasons"]))
        for r in store.verdict_code_rows()
    )


def test_an_edit_is_judged_again_and_its_verdict_follows_it_outside_the_scope(
    db: Path, tmp_path: Path, how: str
) -> None:
    days = ["2016-05-02", "2016-05-06", "2016-05-08"]
    before = [acled_row(k, day) for k, day in enumerate(days, 1)]
    with Store.open(db) as store:
        add_agreement_file(store, EXAMPLES / f"{CALM}.yaml")
    _ingest(db, acled_file(tmp_path / "a.csv", before), how)
    with Store.open(db) as store:
        after_write(store)
        kinds = {r["verdict"] for r in store.verdict_code_rows(event_id="acled:SYR2")}
        assert "outside_scope" not in kinds and kinds & {"violation", "possible_violation"}
    final = [before[0], acled_row(2, days[1], where=LATAKIA, timestamp=1_700_000_000), before[2]]
    report = _ingest(db, acled_file(tmp_path / "b.csv", final), how)
    assert report.replaced == 1
    with Store.open(db) as store:
        after_write(store)
        # pairs outside a scope are not stored (docs/verdicts.md): the old version's are gone
        assert store.verdict_code_rows(event_id="acled:SYR2") == []
        assert len(store.verdict_code_rows(event_id="acled:SYR1")) == 4  # one per window
        kinds = map_events(store, EventQuery(), limit=10).rows.to_pylist()
        assert {r["event_id"]: r["kind"] for r in kinds}["acled:SYR2"] == "none"
        edited = _verdicts(store)
    # the same as a store that only ever saw the final data
    fresh = tmp_path / "fresh.duckdb"
    with Store.open(fresh) as store:
        add_agreement_file(store, EXAMPLES / f"{CALM}.yaml")
        ingest_file(store, "acled", tmp_path / "b.csv")
        after_write(store)
        assert _verdicts(store) == edited


@pytest.fixture
def judged(db: Path, tmp_path: Path) -> Iterator[Store]:
    """A store with the Aleppo calm, a subscription (email, every kind) made before nine
    ACLED events of 1-9 May 2016 in Aleppo, their verdicts and their alerts queued."""
    with Store.open(db) as store:
        add_agreement_file(store, EXAMPLES / f"{CALM}.yaml")
        subscribe(
            store,
            name="desk",
            channel="email",
            target="desk@example.org",
            kinds=["violation", "possible_violation", "outside_window"],
        )
        rows = [acled_row(k, f"2016-05-{k:02d}") for k in range(1, 10)]
        ingest_file(store, "acled", acled_file(tmp_path / "may.csv", rows))
        after_write(store)
        yield store


def _headline(store: Store) -> tuple[int, int, int]:
    head = effect_for(store, CALM).effects[0].headline
    assert head is not None
    return head.before.events, head.during.events, head.during.uncertain


def _on_map(store: Store) -> set[str]:
    found = map_events(store, EventQuery(), limit=100)
    assert found.total == found.rows.num_rows == store.count_events()
    return set(found.rows.column("event_id").to_pylist())


def test_a_deleted_event_leaves_the_events_verdicts_map_effect_and_exports(
    judged: Store, tmp_path: Path
) -> None:
    store = judged
    gone = "acled:SYR6"
    effect_before = _headline(store)
    assert gone in _on_map(store)
    report = store.delete_events([gone, "acled:SYR404"], origin="acled")
    assert (report.deleted, report.unknown) == (1, 1)
    assert store.count_events() == 8
    assert gone not in {row["event_id"] for row in store.events()}
    with pytest.raises(NotFoundError, match=r"acled:SYR6' was deleted at its source \(acled, "):
        store.verdict_code_rows(event_id=gone)
    assert gone not in {r["event_id"] for r in store.verdict_code_rows()}
    assert gone not in _on_map(store)
    out = tmp_path / "events.csv"
    assert store.export_events(out, "csv") == 8
    assert gone not in out.read_text()
    before, during, uncertain = effect_before
    assert sum(_headline(store)) == before + during + uncertain - 1
    assert refresh(store).verdicts_written == 0  # the verdicts are current without it
    changes = store.event_changes()
    assert [(c.event_id, c.change, c.origin, c.ingest_id) for c in changes] == [
        (gone, "deleted", "acled", None)
    ]
    again = store.delete_events([gone], origin="acled")
    assert (again.deleted, again.unknown, again.withdrawn) == (0, 1, 0)
    assert store.count_event_changes() == 1


def test_a_deletion_withdraws_the_alerts_not_yet_sent_and_keeps_those_sent(
    judged: Store,
) -> None:
    store = judged
    queued = {r.event_id: r for r in outbox_rows(store)}
    assert {"acled:SYR6", "acled:SYR7"} <= set(queued)
    mark_sent(store, [queued["acled:SYR7"].delivery_id], datetime.now(UTC))
    report = store.delete_events(["acled:SYR6", "acled:SYR7"], origin="acled")
    assert (report.deleted, report.withdrawn) == (2, 1)
    states = {r.event_id: r.status for r in outbox_rows(store)}
    assert states["acled:SYR6"] == "withdrawn" and states["acled:SYR7"] == "sent"
    withdrawn = outbox_rows(store, statuses=["withdrawn"])
    assert [r.event_id for r in withdrawn] == ["acled:SYR6"]
    assert "deleted at the source (acled)" in (withdrawn[0].last_error or "")
    far = datetime(2100, 1, 1, tzinfo=UTC)
    assert "acled:SYR6" not in {r.event_id for r in due_rows(store, far)}
    run = run_alerts(store, deliver=False)
    assert run.withdrawn == 1 and "1 withdrawn" in str(run)


def test_an_event_deleted_then_sent_again_is_stored_again_and_logged_restored(
    db: Path, tmp_path: Path, how: str
) -> None:
    _ingest(db, acled_file(tmp_path / "a.csv", [acled_row(1), acled_row(2)]), how)
    with Store.open(db) as store:
        assert store.delete_events(["acled:SYR2"], origin="acled").deleted == 1
    back = _ingest(db, acled_file(tmp_path / "b.csv", [acled_row(2), acled_row(3)]), how)
    assert (back.stored, back.restored, back.replaced) == (2, 1, 0)
    with Store.open(db, read_only=True) as store:
        assert store.count_events() == 3
        assert [(c.event_id, c.change) for c in store.event_changes()] == [
            ("acled:SYR2", "deleted"),
            ("acled:SYR2", "restored"),
        ]
        assert [c.change for c in store.event_changes(change="restored")] == ["restored"]
    edited = _ingest(db, acled_file(tmp_path / "c.csv", [acled_row(2, fatalities=4)]), how)
    assert (edited.replaced, edited.restored) == (1, 0)
    with Store.open(db, read_only=True) as store:
        assert [c.change for c in store.event_changes()] == ["deleted", "restored", "edited"]


def test_a_contested_verdict_loses_the_id_of_a_deleted_event(judged: Store) -> None:
    store = judged
    assert BIT[CONTESTED] == CONTESTED_BIT
    store.conn.execute(
        "UPDATE verdict_codes SET contested_with = ['acled:SYR2', 'acled:SYR3'], "
        f"reason_bits = reason_bits | {1 << CONTESTED_BIT}::UBIGINT "
        "WHERE event_id = 'acled:SYR1'"
    )
    store.delete_events(["acled:SYR2"], origin="acled")
    rows = store.verdict_code_rows(event_id="acled:SYR1")
    assert {tuple(r["contested_with"]) for r in rows} == {("acled:SYR3",)}
    assert all(CONTESTED in r["reasons"] for r in rows)
    store.delete_events(["acled:SYR3"], origin="acled")
    rows = store.verdict_code_rows(event_id="acled:SYR1")
    assert {tuple(r["contested_with"]) for r in rows} == {()}
    assert not any(CONTESTED in r["reasons"] for r in rows)


def test_delete_events_refuses_what_is_not_an_id(store: Store) -> None:
    with pytest.raises(ValidationError, match="not an event id"):
        store.delete_events([""], origin="acled")
    with pytest.raises(ValidationError, match="origin"):
        store.delete_events(["acled:SYR1"], origin=" ")


def _stored(store: Store) -> list[tuple]:
    return sorted(
        tuple(r[c] for c in ("event_id", "lat", "fatalities_best", "ingest_id"))
        for r in store.events()
    )


@pytest.mark.parametrize("piece_bytes", [1, 400, None])
def test_replace_in_pieces_counts_and_stores_what_the_whole_file_path_does(
    tmp_path: Path, piece_bytes: int | None
) -> None:
    """An edited id in one piece, repeated exactly and with a third content in later pieces:
    the first record is the new version, the exact repeat a duplicate, the other a bad row."""
    base = acled_file(tmp_path / "base.csv", [acled_row(k) for k in range(1, 7)])
    edit = acled_row(2, fatalities=5)
    rows = [acled_row(1), edit, *(acled_row(k) for k in (3, 4)), edit]
    rows += [acled_row(2, fatalities=6), acled_row(5, where=LATAKIA), acled_row(7)]
    edited = acled_file(tmp_path / "edited.csv", rows)
    adapter = source_adapter("acled")
    found = []
    for how in ("pieces", "whole"):
        with Store.open(tmp_path / f"{how}.duckdb") as store:
            store.ingest(adapter, base)
            if how == "pieces":
                report = stream_file(
                    store.conn,
                    adapter,
                    edited,
                    sha256="edited",
                    piece_bytes=piece_bytes,
                    edits="replace",
                )
            else:
                read = read_file(adapter, edited, sha256="edited")
                report = write_file(store.conn, read, "replace")
            assert report is not None
            changes = [(c.event_id, c.change, c.detail) for c in store.event_changes()]
            counts = (report.rows, report.stored, report.replaced, report.duplicates)
            errors = [(e.line, e.field) for e in report.errors]
            found.append((counts, errors, _stored(store), changes))
    assert found[0] == found[1]
    counts, errors, _, changes = found[0]
    # SYR1, 3, 4 as stored and the repeat of SYR2's edit: 4 duplicates
    assert counts == (8, 3, 2, 4)
    assert errors == [(7, "fatalities_low")]
    assert [c[:2] for c in changes] == [("acled:SYR2", "edited"), ("acled:SYR5", "edited")]
