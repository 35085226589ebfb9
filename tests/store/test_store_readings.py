"""Ingests remember the settings that produced them (docs/store.md "Readings"): the same bytes
read with other settings are read again, and the new reading replaces the first one."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from trucewatch.model.event import Event
from trucewatch.sources.base import adapter_settings, settings_fingerprint
from trucewatch.sources.generic_csv import GenericCsvAdapter
from trucewatch.sources.news import NewsAdapter
from trucewatch.sources.ucdp_ged import UcdpGedAdapter
from trucewatch.store import Store
from trucewatch.store.migrations import migrate

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources"
PUBLISHED = "2016-05-05T14:00:00+03:00"
ARTICLES = [
    # a well-read event (0.85), then a toll placed and typed from the sentence before (0.25)
    "An air strike hit a market in Aleppo on Thursday, killing 12 people. "
    "Five people were killed, a monitor said.",
    "Shelling killed three civilians in Homs yesterday. Dozens were killed in clashes.",
]


def _news(tmp_path: Path) -> Path:
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"id": f"a{i}", "text": t, "published": PUBLISHED})
        for i, t in enumerate(ARTICLES)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _adapter(tmp_path: Path, **options: object) -> NewsAdapter:
    return NewsAdapter(places_dir=tmp_path / "places", **options)  # type: ignore[arg-type]


def _ids(store: Store) -> list[str]:
    return sorted(e.event_id for e in store.iter_events())


def test_readings_news_name_the_pipeline_gazetteer_and_options(tmp_path: Path) -> None:
    settings = adapter_settings(_adapter(tmp_path, min_confidence=0.5))
    assert settings["adapter"] == "news.v1"
    assert len(str(settings["rules"])) == 64 and len(str(settings["gazetteer"])) == 64
    assert settings["options"] == {
        "published": None,
        "min_confidence": 0.5,
        "split_incidents": False,
        "countries": ["SY"],
        "sides": [],
        "types": "rules",
    }
    other = adapter_settings(_adapter(tmp_path, min_confidence=0.6))
    assert settings_fingerprint(settings)[1] != settings_fingerprint(other)[1]
    yemen = adapter_settings(_adapter(tmp_path, min_confidence=0.5, countries="YE"))
    assert settings_fingerprint(settings)[1] != settings_fingerprint(yemen)[1]


def test_readings_a_loaded_gazetteer_source_changes_the_fingerprint(tmp_path: Path) -> None:
    before = adapter_settings(_adapter(tmp_path))["gazetteer"]
    places = tmp_path / "places"
    places.mkdir()
    (places / "extra.json").write_text('{"rows": []}', encoding="utf-8")
    assert adapter_settings(_adapter(tmp_path))["gazetteer"] != before


def test_readings_same_file_and_settings_again_adds_nothing(tmp_path: Path) -> None:
    path = _news(tmp_path)
    with Store.open(tmp_path / "s.duckdb") as store:
        first = store.ingest(_adapter(tmp_path), path)
        again = store.ingest(_adapter(tmp_path), path)
    assert first.stored == 4 and first.reread_of is None
    assert again.already_ingested and again.ingest_id == first.ingest_id


def test_readings_other_option_reads_the_file_again_and_replaces_the_first_reading(
    tmp_path: Path,
) -> None:
    path = _news(tmp_path)
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        first = store.ingest(_adapter(tmp_path), path)
        every = {e.event_id: e.confidence for e in store.iter_events()}
        second = store.ingest(_adapter(tmp_path, min_confidence=0.6), path)
        kept = _ids(store)
        changes = store.event_changes(limit=None)
    weak = sorted(i for i, c in every.items() if c is not None and c < 0.6)
    assert weak and len(weak) < len(every)  # the file has events on both sides of 0.6
    assert not second.already_ingested
    assert second.reread_of == first.ingest_id
    assert second.dropped == len(weak)
    assert kept == sorted(set(every) - set(weak))
    assert "read again with other settings than ingest #1" in str(second)
    assert [(c.event_id, c.change, c.ingest_id) for c in changes] == [
        (i, "deleted", second.ingest_id) for i in weak
    ]
    assert all("no longer read from" in (c.detail or "") for c in changes)
    with duckdb.connect(str(db), read_only=True) as conn:
        history = conn.execute(
            "SELECT event_id, change, confidence FROM event_history ORDER BY event_id"
        ).fetchall()
        readings = conn.execute(
            "SELECT ingest_id, settings_hash <> '', json_extract(settings, '$.options."
            "min_confidence')::DOUBLE FROM ingests ORDER BY ingest_id"
        ).fetchall()
    assert history == [(i, "deleted", every[i]) for i in weak]
    assert readings == [(1, True, 0.0), (2, True, 0.6)]


def test_readings_going_back_to_the_first_settings_reads_again_and_restores(
    tmp_path: Path,
) -> None:
    path = _news(tmp_path)
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest(_adapter(tmp_path), path)
        every = _ids(store)
        store.ingest(_adapter(tmp_path, min_confidence=0.6), path)
        back = store.ingest(_adapter(tmp_path), path)
        restored = store.event_changes(change="restored", limit=None)
        assert _ids(store) == every
    assert not back.already_ingested and back.reread_of == 2
    assert back.dropped == 0 and back.restored == len(restored) > 0


def test_readings_new_reading_replaces_events_it_gives_with_other_content(
    tmp_path: Path,
) -> None:
    path = tmp_path / "one.txt"
    path.write_text(
        "Shelling hit Douma and an air strike hit Aleppo, killing four people.", "utf-8"
    )
    with Store.open(tmp_path / "s.duckdb") as store:
        whole = store.ingest(_adapter(tmp_path, published=PUBLISHED), path)
        split = store.ingest(_adapter(tmp_path, published=PUBLISHED, split_incidents=True), path)
        edited = store.event_changes(change="edited", limit=None)
        ids = _ids(store)
    assert whole.stored == 1
    assert split.reread_of == whole.ingest_id
    assert len(ids) == 2  # one event per incident, the first under the sentence's id
    assert [c.event_id for c in edited] == [ids[0]] and split.replaced == 1
    assert not split.errors  # an earlier reading's events are replaced, not conflicts


def test_readings_an_id_another_file_stored_is_still_a_conflict(tmp_path: Path) -> None:
    one, two = _news(tmp_path), tmp_path / "other.jsonl"
    idlib = "Barrel bombs killed five people in Idlib."
    other = {"id": "a0", "text": idlib, "published": PUBLISHED}
    two.write_text(json.dumps(other) + "\n", encoding="utf-8")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest(_adapter(tmp_path), two)
        first = store.ingest(_adapter(tmp_path), one)
        second = store.ingest(_adapter(tmp_path, min_confidence=0.1), one)
        kept = [e for e in store.iter_events() if e.event_id == "news:a0-s0"]
    assert [e.where.place for e in kept] == ["Idlib"]  # the other file's event is kept
    assert first.errors and all("already stored" in e.reason for e in first.errors)
    assert second.errors and all("already stored" in e.reason for e in second.errors)


def test_readings_csv_mapping_is_part_of_the_fingerprint(tmp_path: Path) -> None:
    mapping = json.loads((FIXTURES / "mycsv_mapping.json").read_text(encoding="utf-8"))
    first = GenericCsvAdapter(mapping)
    other = GenericCsvAdapter({**mapping, "default_radius_km": 7.5})
    assert settings_fingerprint(adapter_settings(first)) != settings_fingerprint(
        adapter_settings(other)
    )
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest(first, FIXTURES / "mycsv.csv")
        again = store.ingest(other, FIXTURES / "mycsv.csv")
    assert not again.already_ingested and again.reread_of == 1


def test_readings_an_ingest_from_before_migration_12_is_read_again(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    fresh = tmp_path / "fresh.duckdb"
    with Store.open(fresh) as store:
        store.ingest(UcdpGedAdapter(), FIXTURES / "ucdp_ged_good.csv")
        want = _ids(store)
    with duckdb.connect(str(db)) as conn:
        assert migrate(conn, upto=11) == 11
        conn.execute(f"ATTACH '{fresh}' AS fresh (READ_ONLY)")
        conn.execute("INSERT INTO events SELECT * EXCLUDE (confidence, guessed) FROM fresh.events")
        conn.execute(
            "INSERT INTO ingests SELECT * EXCLUDE (settings, settings_hash) FROM fresh.ingests"
        )
        conn.execute("DETACH fresh")
    with Store.open(db) as store:
        events = list(store.iter_events())
        again = store.ingest(UcdpGedAdapter(), FIXTURES / "ucdp_ged_good.csv")
        assert _ids(store) == want
    assert all(e.confidence is None and e.guessed == () for e in events)
    assert not again.already_ingested and again.reread_of == 1
    assert again.stored == 0 and again.dropped == 0 and again.replaced == 0


def test_readings_in_memory_events_again_are_already_ingested(
    tmp_path: Path, sample_event: Event
) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        first = store.ingest_events([sample_event], label="batch", adapter="test.v1")
        again = store.ingest_events([sample_event], label="batch", adapter="test.v1")
    assert first.stored == 1 and again.already_ingested


@pytest.fixture
def sample_event(tmp_path: Path) -> Event:
    path = _news(tmp_path)
    return next(r for r in _adapter(tmp_path).read(path) if isinstance(r, Event))
