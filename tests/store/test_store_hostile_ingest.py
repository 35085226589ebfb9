"""Ingest of hostile files into a real store: conflicting ids are bad rows (refused under
strict), exact repeats stay idempotent, damaged zips and files over the bad-row limit store
nothing (issue 13)."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from trucewatch.errors import BadRowsError, SourceError
from trucewatch.model.event import Event, Fatalities
from trucewatch.sources import GdeltAdapter, UcdpGedAdapter
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits
from trucewatch.store import Store

SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
GOOD = SOURCES / "ucdp_ged_good.csv"
EXPORT = SOURCES / "gdelt_export_bad.CSV"


def changed_copy(path: Path, old: str, new: str) -> Path:
    """The good UCDP file with its event 900002's best/high deaths changed (2,2 -> old/new)."""
    text = GOOD.read_text()
    line = next(line for line in text.splitlines() if line.startswith("900002,"))
    assert line.endswith(old)
    path.write_text(text.replace(line, line[: -len(old)] + new))
    return path


def counts_add_up(report) -> bool:
    return report.rows == report.stored + report.duplicates + report.bad


def test_id_stored_with_different_content_is_a_conflict_and_the_stored_event_stays(
    store: Store, tmp_path: Path
) -> None:
    store.ingest(UcdpGedAdapter(), GOOD)
    report = store.ingest(UcdpGedAdapter(), changed_copy(tmp_path / "b.csv", ",2,2,2", ",2,5,5"))
    (error,) = report.errors
    assert (error.line, error.field, error.value) == (4, "fatalities_best", "5")
    assert "event id ucdp_ged:900002 is already stored with different content" in error.reason
    assert "fatalities_best: 2 stored by ingest #1, 5 here" in error.reason
    assert (report.stored, report.duplicates, report.bad) == (0, 6, 1)
    assert counts_add_up(report)
    assert store.event("ucdp_ged:900002").fatalities.best == 2
    assert store.bad_rows(report.ingest_id) == list(report.errors)


def test_id_stored_with_different_content_refuses_the_file_under_strict(
    store: Store, tmp_path: Path
) -> None:
    store.ingest(UcdpGedAdapter(), GOOD)
    before = len(store.ingests())
    changed = changed_copy(tmp_path / "b.csv", ",2,2,2", ",2,5,5")
    with pytest.raises(BadRowsError, match="ucdp_ged:900002 is already stored") as caught:
        store.ingest(UcdpGedAdapter(), changed, strict=True)
    assert [e.line for e in caught.value.errors] == [4]
    assert len(store.ingests()) == before
    assert store.event("ucdp_ged:900002").fatalities.best == 2


def test_id_repeated_in_the_file_with_different_content_is_a_bad_row(
    store: Store, tmp_path: Path
) -> None:
    text = GOOD.read_text()
    line = next(line for line in text.splitlines() if line.startswith("900002,"))
    path = tmp_path / "twice.csv"
    path.write_text(text + line[: -len(",2,2,2")] + ",2,3,9\n" + line + "\n")
    report = store.ingest(UcdpGedAdapter(), path)
    (error,) = report.errors
    assert (error.line, error.field, error.value) == (10, "fatalities_best", "3")
    assert "appears again (first on line 4) with different content" in error.reason
    assert (report.rows, report.stored, report.duplicates, report.bad) == (9, 7, 1, 1)
    assert store.event("ucdp_ged:900002").fatalities.best == 2
    with Store.open(tmp_path / "other.duckdb") as other:
        with pytest.raises(BadRowsError, match="appears again"):
            other.ingest(UcdpGedAdapter(), path, strict=True)
        assert other.count_events() == 0


def test_the_same_records_from_another_file_are_already_stored_not_conflicts(
    store: Store, tmp_path: Path
) -> None:
    store.ingest(UcdpGedAdapter(), GOOD)
    text = GOOD.read_text()
    header, rest = text.split("\n", 1)
    moved = tmp_path / "moved.csv"
    moved.write_text(header + "\n\n\n" + rest)  # other bytes, other lines, same records
    report = store.ingest(UcdpGedAdapter(), moved, strict=True)
    assert (report.stored, report.duplicates, report.bad, report.already_ingested) == (
        0,
        7,
        0,
        False,
    )


def zipped(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def export_bytes() -> bytes:
    lines = EXPORT.read_text().splitlines()
    return ("\n".join([lines[0], lines[1], lines[3]]) + "\n").encode()


def bad_crc(path: Path) -> Path:
    data = export_bytes()
    zipped(path, {"x.export.CSV": data}, zipfile.ZIP_STORED)
    raw = bytearray(path.read_bytes())
    at = raw.index(data[:40]) + 20
    raw[at] ^= 0x01  # one flipped bit in the stored data: the CRC no longer matches
    path.write_bytes(bytes(raw))
    return path


def truncated(path: Path) -> Path:
    zipped(path, {"x.export.CSV": export_bytes() * 50})
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (bad_crc, r"x\.zip\[x\.export\.CSV\]: the zip member is damaged \(Bad CRC-32"),
        (truncated, r"x\.zip: not a readable zip archive"),
        (lambda p: zipped(p, {}), r"x\.zip: the zip archive holds 0 files"),
        (
            lambda p: zipped(p, {"a.CSV": export_bytes(), "b.CSV": export_bytes()}),
            r"x\.zip: the zip archive holds 2 files \(a\.CSV, b\.CSV\)",
        ),
    ],
)
def test_damaged_zip_is_one_error_naming_the_file_and_stores_nothing(
    store: Store, tmp_path: Path, make, message
) -> None:
    path = make(tmp_path / "x.zip")
    with pytest.raises(SourceError, match=message):
        store.ingest(GdeltAdapter(), path)
    assert store.count_events() == 0 and store.ingests() == []


def test_zip_over_the_size_limit_is_refused_before_decompressing(
    store: Store, tmp_path: Path
) -> None:
    path = zipped(tmp_path / "bomb.zip", {"x.export.CSV": b"1\t2\n" * 500_000})
    assert path.stat().st_size < 20_000  # 2 MB of short lines in a few kB
    with pytest.raises(SourceError, match=r"2,000,000 bytes uncompressed, over the limit"):
        store.ingest(GdeltAdapter(limits=Limits(max_bytes=1_000_000)), path)
    assert store.ingests() == []


def test_default_size_limit_refuses_a_gigabyte_before_reading_it():
    assert DEFAULT_LIMITS.max_bytes < 10**9


def test_reading_stops_after_the_bad_row_limit_and_stores_nothing(
    store: Store, tmp_path: Path
) -> None:
    text = GOOD.read_text()
    path = tmp_path / "junk.csv"
    path.write_text(text + "".join(f"junk {n}\n" for n in range(100)))
    with pytest.raises(SourceError) as caught:
        store.ingest(UcdpGedAdapter(limits=Limits(max_bad_rows=20)), path)
    message = str(caught.value)
    assert "more than 20 bad rows (the limit) among the first 28 records" in message
    assert "nothing was stored" in message and "--max-bad-rows" in message
    assert "the record has 1 fields but the header has" in message
    assert store.ingests() == [] and store.count_events() == 0
    report = store.ingest(UcdpGedAdapter(limits=Limits(max_bad_rows=100)), path)
    assert (report.stored, report.bad) == (7, 100)


def test_events_made_in_memory_with_one_id_twice_are_a_duplicate_or_a_conflict(
    store: Store,
) -> None:
    events = [r for r in UcdpGedAdapter().read(GOOD) if isinstance(r, Event)]
    other = replace(events[1], fatalities=Fatalities(2, 9, 9))
    report = store.ingest_events([*events, events[0], other], label="sim", adapter="sim.v1")
    assert (report.rows, report.stored, report.duplicates, report.bad) == (9, 7, 1, 1)
    assert "appears again" in report.errors[0].reason
    assert store.event(events[1].event_id).fatalities.best == 2
