"""The events table without its primary-key index (migration 9): an older store keeps every
event, and ids stay unique because the ingest keeps them so (store/ingest_columns.insert_events)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from trucewatch.sources import UcdpGedAdapter
from trucewatch.store import Store
from trucewatch.store.migrations import LATEST_VERSION, migrate

GED = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "ucdp_ged_good.csv"


def _events(conn: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return conn.execute("SELECT * FROM events ORDER BY event_id").fetchall()


def test_a_store_of_schema_8_keeps_its_events_and_loses_only_the_key(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.duckdb"
    with Store.open(fresh) as store:
        store.ingest(UcdpGedAdapter(), GED)
        want = _events(store.conn)
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as conn:
        assert migrate(conn, upto=8) == 8
        assert conn.execute(
            "SELECT count(*) FROM duckdb_constraints() "
            "WHERE table_name = 'events' AND constraint_type = 'PRIMARY KEY'"
        ).fetchone() == (1,)
        conn.execute(f"ATTACH '{fresh}' AS fresh (READ_ONLY)")
        conn.execute("INSERT INTO events SELECT * EXCLUDE (confidence, guessed) FROM fresh.events")
        conn.execute(
            "INSERT INTO ingests SELECT * EXCLUDE (settings, settings_hash) FROM fresh.ingests"
        )
        conn.execute("DETACH fresh")
    with Store.open(old) as store:
        assert store.schema_version() == LATEST_VERSION
        assert _events(store.conn) == want
        keys = store.conn.execute(
            "SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'events' "
            "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')"
        ).fetchall()
        assert keys == []
        nullable = store.conn.execute(
            "SELECT is_nullable FROM information_schema.columns "
            "WHERE table_name = 'events' AND column_name = 'event_id'"
        ).fetchone()
        assert nullable == ("NO",)


def test_without_the_key_stored_ids_are_not_stored_twice(tmp_path: Path) -> None:
    again = tmp_path / "again.csv"  # the same rows, other bytes: not the same file
    shutil.copyfile(GED, again)
    with again.open("a", encoding="utf-8") as out:
        out.write("\n")
    with Store.open(tmp_path / "s.duckdb") as store:
        first = store.ingest(UcdpGedAdapter(), GED)
        second = store.ingest(UcdpGedAdapter(), again)
        assert (first.stored, second.stored, second.duplicates) == (7, 0, 7)
        ids = store.conn.execute("SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
        assert ids == (7, 7)
