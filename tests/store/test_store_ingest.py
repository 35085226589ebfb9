"""Ingest: idempotent by file and by event id, transactional, strict, with progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_tiny_adapter import TinyAdapter, write_tiny

from trucewatch.errors import BadRowsError, RowError, SourceError
from trucewatch.sources.base import registered_adapters
from trucewatch.store import IngestReport, Store


def test_ingest_stores_good_rows_and_records_bad_ones(
    store: Store, tiny: TinyAdapter, fixtures: Path
) -> None:
    report = store.ingest(tiny, fixtures / "aleppo_feb.tev")
    assert isinstance(report, IngestReport)
    assert (report.rows, report.stored, report.duplicates, report.bad) == (7, 5, 0, 2)
    assert not report.already_ingested
    assert report.adapter == "tiny.v1"
    assert len(report.sha256) == 64
    assert [(e.line, e.field, e.value) for e in report.errors] == [
        (6, "day", "2016-02-30"),
        (7, "lat", "95.2"),
    ]
    assert store.bad_rows(report.ingest_id) == list(report.errors)
    assert store.count_events() == 5


def test_ingest_same_file_twice_adds_nothing(
    store: Store, tiny: TinyAdapter, fixtures: Path
) -> None:
    first = store.ingest(tiny, fixtures / "aleppo_feb.tev")
    again = store.ingest(tiny, fixtures / "aleppo_feb.tev")
    assert again.already_ingested
    assert (again.stored, again.ingest_id, again.sha256) == (0, first.ingest_id, first.sha256)
    assert store.count_events() == 5
    assert len(store.ingests()) == 1
    assert len(store.bad_rows()) == 2


def test_ingest_same_bytes_under_another_name_is_recognised(
    store: Store, tiny: TinyAdapter, fixtures: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "renamed.tev"
    copy.write_bytes((fixtures / "aleppo_feb.tev").read_bytes())
    store.ingest(tiny, fixtures / "aleppo_feb.tev")
    assert store.ingest(tiny, copy).already_ingested


def test_ingest_overlapping_file_adds_only_new_event_ids(filled: Store) -> None:
    second = filled.ingests()[1]
    assert (second.rows, second.stored, second.duplicates, second.bad) == (4, 2, 2, 0)
    assert filled.count_events() == 7
    assert [e["event_id"] for e in filled.events()] == [f"tiny:a{i}" for i in range(1, 8)]
    # events keep the ingest that first stored them
    assert {e["event_id"]: e["ingest_id"] for e in filled.events()}["tiny:a4"] == 1


def test_ingest_repeated_id_within_a_file_counts_as_duplicate(
    store: Store, tiny: TinyAdapter, tmp_path: Path, fixtures: Path
) -> None:
    lines = (fixtures / "aleppo_mar.tev").read_text().splitlines()
    path = tmp_path / "twice.tev"
    path.write_text("\n".join([*lines, lines[1]]) + "\n")
    report = store.ingest(tiny, path)
    assert (report.rows, report.stored, report.duplicates) == (5, 4, 1)


def test_ingest_strict_with_bad_rows_writes_nothing(
    store: Store, tiny: TinyAdapter, fixtures: Path
) -> None:
    with pytest.raises(BadRowsError, match="2 bad row") as caught:
        store.ingest(tiny, fixtures / "aleppo_feb.tev", strict=True)
    assert [e.line for e in caught.value.errors] == [6, 7]
    stats = store.stats()
    assert (stats.events_total, stats.ingests, stats.bad_rows) == (0, 0, 0)
    # without --strict the same file goes in afterwards
    assert store.ingest(tiny, fixtures / "aleppo_feb.tev").stored == 5


def test_ingest_strict_clean_file_goes_in(store: Store, tiny: TinyAdapter, fixtures: Path) -> None:
    assert store.ingest(tiny, fixtures / "aleppo_mar.tev", strict=True).stored == 4


@pytest.mark.parametrize(
    ("rows", "expected"),
    [(0, []), (999, [999]), (1000, [1000]), (2500, [1000, 2000, 2500])],
)
def test_ingest_progress_reports_running_count_every_thousand(
    store: Store, tiny: TinyAdapter, tmp_path: Path, rows: int, expected: list[int]
) -> None:
    seen: list[int] = []
    store.ingest(tiny, write_tiny(tmp_path / "g.tev", rows), progress=seen.append)
    assert seen == expected


def test_ingest_missing_file_is_a_source_error(store: Store, tiny: TinyAdapter, tmp_path: Path):
    with pytest.raises(SourceError, match=r"absent\.tev: no such file"):
        store.ingest(tiny, tmp_path / "absent.tev")


class _BrokenAdapter:
    """Fails half-way through the file, like a reader hitting a truncated download."""

    name = "broken.v1"
    source = "tiny"

    def read(self, path: Path):
        yield from TinyAdapter().read(path)
        raise SourceError(f"{path}: unexpected end of file")


def test_ingest_adapter_failing_mid_file_stores_nothing(store: Store, fixtures: Path) -> None:
    with pytest.raises(SourceError, match="unexpected end of file"):
        store.ingest(_BrokenAdapter(), fixtures / "aleppo_mar.tev")
    assert store.count_events() == 0
    assert store.ingests() == []


def test_ingest_ingests_table_describes_each_file(filled: Store, fixtures: Path) -> None:
    rows = filled.ingests()
    assert [r.ingest_id for r in rows] == [1, 2]
    assert rows[0].file == str((fixtures / "aleppo_feb.tev").resolve())
    assert rows[0].adapter == "tiny.v1"
    assert rows[0].started_at <= rows[0].finished_at
    assert sum(r.stored for r in rows) == filled.count_events()


def test_ingest_events_is_idempotent_by_event_id(
    store: Store, tiny: TinyAdapter, fixtures: Path
) -> None:
    events = [r for r in tiny.read(fixtures / "aleppo_mar.tev")]
    first = store.ingest_events(events[:3], label="sim-1", adapter="simulator.v1")
    assert (first.stored, first.duplicates) == (3, 0)
    again = store.ingest_events(events[:3], label="sim-1", adapter="simulator.v1")
    assert again.already_ingested and again.stored == 0
    more = store.ingest_events(
        events,
        label="sim-2",
        adapter="simulator.v1",
        errors=[RowError("sim", 9, "lat", "95", "latitude 95 is outside [-90, 90]")],
    )
    assert (more.stored, more.duplicates, more.bad) == (1, 3, 1)
    assert store.count_events() == 4
    assert store.bad_rows(more.ingest_id)[0].field == "lat"


def test_ingest_stats_count_what_the_store_holds(filled: Store) -> None:
    stats = filled.stats()
    assert stats.events_total == 7
    assert stats.events_by_source == {"tiny": 7}
    assert (stats.ingests, stats.bad_rows, stats.agreements, stats.boundary_units) == (2, 2, 0, 0)
    assert stats.first_event is not None and stats.first_event.isoformat() == (
        "2016-02-24T22:00:00+00:00"
    )
    # 5 May 2016 in Damascus is UTC+3 (summer time from 1 April 2016)
    assert stats.last_event is not None and stats.last_event.isoformat() == (
        "2016-05-04T21:00:00+00:00"
    )
    assert stats.size_bytes > 0
    assert stats.schema_version == filled.schema_version()


def test_ingest_empty_store_stats(store: Store) -> None:
    stats = store.stats()
    assert (stats.events_total, stats.first_event, stats.last_event) == (0, None, None)


@pytest.mark.shared_data
def test_ingest_real_ucdp_ged_syria_2016(shared_data: Path, store: Store) -> None:
    if "ucdp-ged" not in registered_adapters():
        pytest.skip("the ucdp-ged adapter is not written yet")
    from trucewatch.sources.base import adapter_for

    path = shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv"
    report = store.ingest(adapter_for("ucdp-ged"), path)
    # SOURCE.md: 6,170 events in 2016
    assert report.rows == 6170
    assert report.stored + report.bad + report.duplicates == 6170
    assert store.ingest(adapter_for("ucdp-ged"), path).already_ingested
    # what the store gives back is exactly what the adapter read
    read = [r for r in adapter_for("ucdp-ged").read(path) if not isinstance(r, RowError)]
    by_id = {e.event_id: e for e in store.iter_events()}
    assert all(by_id[e.event_id] == e for e in read)
