"""ACLED read as columns gives exactly what the record-by-record path gives (both schemas)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trucewatch.sources._columns as columns_module
from trucewatch.sources import AcledAdapter
from trucewatch.sources.limits import Limits
from trucewatch.store.ingest import FileRead, read_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


class RowPath:
    """The same adapter without ``read_columns``: the record-by-record path."""

    def __init__(self, adapter: AcledAdapter):
        self._adapter = adapter
        self.name, self.source, self.limits = adapter.name, adapter.source, adapter.limits

    def read(self, path: Path):
        return self._adapter.read(path)


def both(path: Path, limits: Limits | None = None) -> tuple[FileRead, FileRead]:
    adapter = AcledAdapter(limits=limits)
    assert adapter.read_columns(path) is not None  # the column path is taken
    return read_file(adapter, path), read_file(RowPath(adapter), path)


def assert_same(columns: FileRead, rows: FileRead) -> None:
    assert columns.table is not None and rows.table is not None
    assert columns.table.schema == rows.table.schema
    mine, theirs = columns.table.sort_by("event_id"), rows.table.sort_by("event_id")
    for name in columns.table.column_names:
        assert mine.column(name).to_pylist() == theirs.column(name).to_pylist(), name
    assert columns.errors == rows.errors
    assert (columns.repeats, columns.count) == (rows.repeats, rows.count)


@pytest.mark.parametrize(
    "name",
    [
        "acled_global_2020-04-27_2020-05-09.csv",
        "acled_syria_2020-04-27_2020-05-09.csv",
        "acled_africa_2016-06_2016-07_old_schema.csv",
    ],
)
def test_acled_columns_give_the_row_paths_events_for_the_real_samples(shared_data, name):
    columns, rows = both(shared_data / "acled_sample" / name)
    assert columns.count > 300
    assert_same(columns, rows)


def test_acled_columns_give_the_row_paths_events_and_bad_rows_for_the_fixtures():
    for path in sorted(FIXTURES.glob("acled*.csv")):
        columns, rows = both(path)
        assert_same(columns, rows)


HEADER = [
    "data_id",
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
]
GOOD = [
    "7079424",
    "SYR1",
    "26-Feb-16",
    "1",
    "Battles",
    "Armed clash",
    "Military Forces of Syria (2000-)",
    "",
    "Opposition Rebels (Syria)",
    "HTS: Hayat Tahrir al Sham; NLF",
    "Aleppo",
    "Aleppo",
    "36.2",
    "37.15",
    "1",
    "SOHR",
    "On 26 February 2016, clashes.",
    "3",
]
AWKWARD = {
    "data_id": ["", "9 9", "12"],
    "event_id_cnty": ["", " SYR2 ", "SYR 3", "\u00a0SYR4"],
    "event_date": [
        "2016-02-26",
        "26 February 2016",
        "29-Feb-15",
        "1-Sept-20",
        "31/dec/1999",
        "9-Mai-20",
        "20160226",
        "1-Jan-1600",
        " 26-Feb-16",
        "26-feb-69",
    ],
    "time_precision": ["2", "3", "4", "", "2.0"],
    "event_type": ["", "Protests", "Strategic developments"],
    "sub_event_type": ["", "Peaceful protest", "Shelling/artillery/missile attack", "x"],
    "actor1": ["", " A "],
    "assoc_actor_1": ["A; B", ";", " ; C ;", "D\u3000;E"],
    "assoc_actor_2": ["", ";;"],
    "latitude": ["90", "-90.5", "1e1", "", "nan"],
    "longitude": ["180", "+.5", "36."],
    "geo_precision": ["2", "3", "4", "0", " 1"],
    "fatalities": ["", "0", "10000001", "7.0", "-1", "12"],
    "notes": ["", "  "],
}


@st.composite
def acled_files(draw: st.DrawFn) -> bytes:
    rows = []
    for number in range(draw(st.integers(1, 10))):
        row = list(GOOD)
        row[1] = f"SYR{number}"
        for name in draw(st.sets(st.sampled_from(sorted(AWKWARD)), max_size=3)):
            row[HEADER.index(name)] = draw(st.sampled_from(AWKWARD[name]))
        if draw(st.booleans()):
            row[1] = draw(st.sampled_from(["SYR1", "SYR2"]))  # repeated ids, alike or not
        rows.append(row)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(HEADER)
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.booleans()):  # damage at one place after the header
        at = draw(st.integers(text.index("\n") + 1, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', "\x00", "\r", "\n", "\ufeff"])) + text[at:]
    return text.encode("utf-8")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=acled_files(), chunk=st.sampled_from([64, 1 << 20]))
def test_acled_columns_match_the_row_path_on_awkward_files(tmp_path, data, chunk, monkeypatch):
    monkeypatch.setattr(columns_module, "CHUNK_BYTES", chunk)
    path = tmp_path / "acled.csv"
    path.write_bytes(data)
    columns, rows = both(path, Limits(max_line_chars=400))
    assert_same(columns, rows)
