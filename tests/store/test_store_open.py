"""Opening a store: where it lives, schema migrations, and errors that say cause and fix."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from trucewatch.errors import StoreError
from trucewatch.store import Store, default_db_path
from trucewatch.store.migrations import LATEST_VERSION, MIGRATIONS, migrate


def test_open_default_path_comes_from_trucewatch_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "deep" / "er" / "tw.duckdb"
    monkeypatch.setenv("TRUCEWATCH_DB", str(target))
    assert default_db_path() == target
    with Store.open() as store:
        assert store.path == target
    assert target.is_file()


def test_open_default_path_without_env_is_in_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRUCEWATCH_DB", raising=False)
    path = default_db_path()
    assert path.name == "trucewatch.duckdb"
    assert "trucewatch" in path.parent.as_posix()


def test_open_new_store_applies_every_migration_in_order(store: Store) -> None:
    assert store.schema_version() == LATEST_VERSION
    ledger = store.conn.execute(
        "SELECT version, description FROM schema_migrations ORDER BY version"
    ).fetchall()
    assert ledger == [(v, d) for v, d, _ in MIGRATIONS]


def test_open_old_store_is_upgraded_and_keeps_its_events(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with duckdb.connect(str(db_path)) as conn:
        assert migrate(conn, upto=1) == 1
        conn.execute("INSERT INTO ingests VALUES (1, 'f', 'a', 'x', 0, 0, 0, 0, now(), now())")
    with Store.open(db_path) as store:
        assert store.schema_version() == LATEST_VERSION
        assert store.stats().ingests == 1
        assert store.agreement_texts() == []


def test_open_migrations_are_versioned_upwards_from_one() -> None:
    versions = [v for v, _, _ in MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))


def test_open_store_from_newer_trucewatch_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    with duckdb.connect(str(db_path)) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', now())")
    for read_only in (False, True):
        with pytest.raises(StoreError, match=r"newer trucewatch \(schema 99 > \d+\): upgrade"):
            Store.open(db_path, read_only=read_only)


def test_open_read_only_store_refuses_writes_and_pending_migrations(
    db_path: Path, fixtures: Path, tiny: object
) -> None:
    Store.open(db_path).close()
    with Store.open(db_path, read_only=True) as store:
        assert store.count_events() == 0
        with pytest.raises(StoreError, match="read-only"):
            store.ingest(tiny, fixtures / "aleppo_feb.tev")
        with pytest.raises(StoreError, match="read-only"):
            store.put_agreement("x", "x", "x", "x")
    old = db_path.with_name("old.duckdb")
    with duckdb.connect(str(old)) as conn:
        migrate(conn, upto=1)
    with pytest.raises(StoreError, match="open it once for writing"):
        Store.open(old, read_only=True)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(parents=True), "is a directory: give a file path"),
        (lambda p: p.write_text("hello, not a database"), "not a trucewatch store"),
        (lambda p: duckdb.connect(str(p)).execute("CREATE TABLE t (x INT)").close(), "no schema"),
    ],
    ids=["directory", "text-file", "foreign-duckdb"],
)
def test_open_what_is_not_a_store_fails_with_cause_and_fix(
    tmp_path: Path, make, message: str
) -> None:
    path = tmp_path / "thing.duckdb"
    make(path)
    with pytest.raises(StoreError, match=message):
        Store.open(path)


def test_open_read_only_missing_store_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no store at .*ingest some events first"):
        Store.open(tmp_path / "absent.duckdb", read_only=True)
    assert not (tmp_path / "absent.duckdb").exists()


def test_open_closed_store_says_so(db_path: Path) -> None:
    store = Store.open(db_path)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="is closed"):
        store.count_events()


def _memory_limit_bytes(store: Store) -> int:
    (row,) = store.conn.execute(
        "SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'"
    ).fetchall()
    number, unit = str(row[0]).split()
    scale = {"KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
    return int(float(number) * scale[unit])


def test_open_limits_duckdb_memory_to_2gb_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRUCEWATCH_MEMORY_LIMIT", raising=False)
    with Store.open(tmp_path / "tw.duckdb") as store:
        # DuckDB's own default is 80 % of the machine's memory, far above 2 GB here
        assert 1.7 * 2**30 <= _memory_limit_bytes(store) <= 2.0 * 10**9  # shown rounded


def test_open_takes_the_memory_limit_from_trucewatch_memory_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUCEWATCH_MEMORY_LIMIT", "300MB")
    path = tmp_path / "tw.duckdb"
    with Store.open(path) as store:
        assert 270 * 2**20 <= _memory_limit_bytes(store) <= 300 * 10**6
    with Store.open(path, read_only=True) as store:
        assert _memory_limit_bytes(store) <= 300 * 10**6


def test_open_refuses_a_memory_limit_that_is_not_a_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUCEWATCH_MEMORY_LIMIT", "lots'; DROP TABLE events; --")
    with pytest.raises(StoreError, match=r"TRUCEWATCH_MEMORY_LIMIT=.* is not a memory size"):
        Store.open(tmp_path / "tw.duckdb")
    assert not (tmp_path / "tw.duckdb").exists()


def _row_groups(store: Store) -> int:
    (row,) = store.conn.execute(
        "SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('events')"
    ).fetchall()
    return int(row[0])


def test_a_write_after_an_ingest_leaves_the_events_row_groups_as_the_ingest_wrote_them(
    tmp_path: Path,
) -> None:
    # three inserts of 50 rows each leave three part-filled row groups; DuckDB's checkpoint
    # merges such groups at the next write unless its vacuum tasks are off
    path = tmp_path / "tw.duckdb"
    with Store.open(path) as store:
        for part in range(3):
            store.conn.execute(
                "INSERT INTO events (event_id, source, source_row_id, adapter, time_start, "
                "time_end, date_precision, timezone, lat, lon, radius_km, location_precision, "
                "associated_a, associated_b, event_type, ingest_id, ingested_at) "
                "SELECT 'x:' || (i + ?), 'x', (i + ?)::VARCHAR, 'x', TIMESTAMPTZ '2016-01-01', "
                "TIMESTAMPTZ '2016-01-02', 'day', 'UTC', 35.0, 38.0, 0.0, 'exact', [], [], "
                "'battle', 1, now() FROM range(50) t(i)",
                [part * 50, part * 50],
            )
            store.conn.execute("CHECKPOINT")
        written = _row_groups(store)
    assert written == 3
    with Store.open(path) as store:
        store.conn.execute("INSERT INTO settings VALUES ('probe', '1', now())")
    with Store.open(path, read_only=True) as store:
        assert _row_groups(store) == written
