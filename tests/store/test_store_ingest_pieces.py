"""A file streamed into the store piece by piece stores what reading it whole stores.

The reference is the record-by-record path (the adapter without ``read_columns``, read whole
and written in one go): the same events, the same bad rows in the same order with the same
messages, the same counts, the same ``strict`` refusals, with repeated ids and conflicts that
fall in different pieces and against events stored by an earlier ingest.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trucewatch.sources._columns as columns_module
from trucewatch.errors import BadRowsError, SourceError
from trucewatch.sources import AcledAdapter, UcdpGedAdapter
from trucewatch.sources.limits import Limits
from trucewatch.store import Store
from trucewatch.store.ingest_stream import stream_file

HEADER = [
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "where_coordinates",
    "latitude",
    "longitude",
    "date_prec",
    "date_start",
    "date_end",
    "low",
    "best",
    "high",
    "source_article",
]
GOOD = [
    "1",
    "1",
    "Government of Syria",
    "Syrian insurgents",
    "1",
    "Aleppo town",
    "36.2",
    "37.15",
    "1",
    "2016-02-26",
    "2016-02-26",
    "1",
    "2",
    "3",
    '"SOHR,2016-02-26"',
]


class RowPath:
    """The same adapter without ``read_columns``: the read-whole, record-by-record path."""

    def __init__(self, adapter: UcdpGedAdapter | AcledAdapter):
        self._adapter = adapter
        self.name, self.source, self.limits = adapter.name, adapter.source, adapter.limits

    def read(self, path: Path):
        return self._adapter.read(path)


def ged_text(rows: list[list[str]], tail: str = "") -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([HEADER, *rows])
    return out.getvalue() + tail


@st.composite
def ged_rows(draw: st.DrawFn) -> list[list[str]]:
    rows = []
    for _ in range(draw(st.integers(1, 30))):
        row = list(GOOD)
        row[0] = str(draw(st.integers(1, 8)))  # ids repeat, in the same piece or another
        change = draw(st.sampled_from(["", "", "", "best", "latitude", "side_b", "low"]))
        if change == "best":
            row[HEADER.index("best")] = "1"  # another content for the same id
        elif change == "latitude":
            row[HEADER.index("latitude")] = "95"  # a bad row
        elif change == "side_b":
            row[HEADER.index("side_b")] = "Civilians"
        elif change == "low":
            row[HEADER.index("low")] = "7"  # out of order: built one by one
        rows.append(row)
    return rows


def stored(store: Store) -> tuple[list[tuple], list, list[tuple]]:
    events = sorted(tuple(v for k, v in e.items() if k != "ingested_at") for e in store.events())
    ingests = [(i.rows, i.stored, i.duplicates, i.bad, i.sha256) for i in store.ingests()]
    return events, store.bad_rows(), ingests


def ingest_both(
    tmp_path: Path, files: list[Path], strict: bool = False, limits: Limits | None = None
) -> tuple[list, list]:
    """Each file into a store in pieces and into another through the reference path: what
    each ingest reported (or the error it raised) and what each store holds."""
    outcomes: list[list] = [[], []]
    held = []
    for n, streamed in enumerate((True, False)):
        adapter = UcdpGedAdapter(limits=limits)
        with Store.open(tmp_path / f"s{n}{streamed}.duckdb") as store:
            for path in files:
                try:
                    if streamed:
                        assert adapter.read_column_pieces(path) is not None
                        report = store.ingest(adapter, path, strict=strict)
                    else:
                        report = store.ingest(RowPath(adapter), path, strict=strict)
                    outcomes[n].append(
                        (report.rows, report.stored, report.duplicates, report.errors)
                    )
                except (BadRowsError, SourceError) as exc:
                    outcomes[n].append((type(exc).__name__, str(exc)))
            held.append(stored(store))
    return outcomes, held


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(earlier=ged_rows(), rows=ged_rows(), strict=st.booleans(), piece=st.sampled_from([1, 300]))
def test_a_file_streamed_in_pieces_stores_what_the_record_path_stores(
    tmp_path_factory, earlier, rows, strict, piece, monkeypatch
):
    monkeypatch.setattr(columns_module, "CHUNK_BYTES", 64)
    monkeypatch.setattr(columns_module, "PIECE_BYTES", piece)
    tmp_path = tmp_path_factory.mktemp("pieces")
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(ged_text(earlier), encoding="utf-8")
    second.write_text(ged_text(rows, tail='broken,"\n'), encoding="utf-8")
    outcomes, held = ingest_both(tmp_path, [first, second], strict=strict)
    assert outcomes[0] == outcomes[1]
    assert held[0] == held[1]


def test_an_id_repeated_with_other_content_in_a_later_piece_is_a_bad_row_naming_the_first_line(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(columns_module, "CHUNK_BYTES", 64)
    monkeypatch.setattr(columns_module, "PIECE_BYTES", 1)
    other = list(GOOD)
    other[HEADER.index("best")] = "1"
    path = tmp_path / "ged.csv"
    path.write_text(ged_text([GOOD, ["2", *GOOD[1:]], other, GOOD]), encoding="utf-8")
    with Store.open(tmp_path / "s.duckdb") as store:
        report = store.ingest(UcdpGedAdapter(), path)
        assert (report.rows, report.stored, report.duplicates) == (4, 2, 1)
        (error,) = report.errors
        assert (error.line, error.field) == (4, "fatalities_best")
        assert "appears again (first on line 2)" in error.reason
        assert store.bad_rows() == [error]


def test_too_many_bad_rows_over_several_pieces_stop_with_the_record_paths_message(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(columns_module, "CHUNK_BYTES", 64)
    monkeypatch.setattr(columns_module, "PIECE_BYTES", 1)
    rows = []
    for number in range(12):
        row = list(GOOD)
        row[0] = str(number)
        if number % 3 == 1:
            row[HEADER.index("latitude")] = "95"
        rows.append(row)
    path = tmp_path / "ged.csv"
    path.write_text(ged_text(rows), encoding="utf-8")
    outcomes, held = ingest_both(tmp_path, [path], limits=Limits(max_bad_rows=2))
    assert outcomes[0] == outcomes[1]
    assert "among the first 8 records" in outcomes[0][0][1]
    assert held[0] == held[1] == ([], [], [])  # nothing stored


def test_a_streamed_ingest_interrupted_between_pieces_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(columns_module, "CHUNK_BYTES", 64)
    path = tmp_path / "ged.csv"
    path.write_text(ged_text([[str(n), *GOOD[1:]] for n in range(20)]), encoding="utf-8")
    seen: list[int] = []

    def stop(count: int) -> None:
        seen.append(count)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with Store.open(tmp_path / "s.duckdb") as store:
        with pytest.raises(KeyboardInterrupt):
            stream_file(
                store.conn, UcdpGedAdapter(), path, sha256="x", progress=stop, piece_bytes=1
            )
        assert store.events() == [] and store.ingests() == [] and store.bad_rows() == []
        report = store.ingest(UcdpGedAdapter(), path)  # and the file can be ingested again
        assert report.stored == 20


def test_the_shared_store_streams_a_file_larger_than_a_piece_with_the_same_result(
    tmp_path, monkeypatch
):
    import trucewatch.store.shared as shared_module
    from trucewatch.store.shared import SharedStore

    monkeypatch.setattr(columns_module, "CHUNK_BYTES", 64)
    monkeypatch.setattr(columns_module, "PIECE_BYTES", 1)
    monkeypatch.setattr(shared_module, "PIECE_BYTES", 100)  # this file is "large"
    calls: list[int] = []
    monkeypatch.setattr(
        shared_module, "stream_file", lambda *a, **k: calls.append(1) or stream_file(*a, **k)
    )
    other = list(GOOD)
    other[HEADER.index("best")] = "1"
    path = tmp_path / "ged.csv"
    path.write_text(ged_text([GOOD, ["2", *GOOD[1:]], other, GOOD]), encoding="utf-8")
    with Store.open(tmp_path / "s.duckdb"):
        pass
    shared = SharedStore(tmp_path / "s.duckdb", linger=0.1)
    try:
        report = shared.ingest(UcdpGedAdapter(), path)
        again = shared.ingest(UcdpGedAdapter(), path)
    finally:
        shared.close()
    assert calls == [1]
    assert (report.rows, report.stored, report.duplicates, len(report.errors)) == (4, 2, 1, 1)
    assert again.already_ingested
