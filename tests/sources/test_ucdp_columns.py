"""UCDP GED read as columns gives exactly what the record-by-record path gives.

The record path (``adapter.read``, one Event per record) is the reference: for the real Syria
2016 file and for generated files full of awkward values, the events read as columns are the
same rows, column for column, and the bad rows the same, message for message and in order.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trucewatch.sources._columns as columns_module
from trucewatch.errors import SourceError
from trucewatch.sources import UcdpGedAdapter
from trucewatch.sources._vector import WIDE_SPACES
from trucewatch.sources.limits import Limits
from trucewatch.store.ingest import FileRead, read_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


class RowPath:
    """The same adapter without ``read_columns``: today's record-by-record path."""

    def __init__(self, adapter: UcdpGedAdapter):
        self._adapter = adapter
        self.name, self.source, self.limits = adapter.name, adapter.source, adapter.limits

    def read(self, path: Path):
        return self._adapter.read(path)


def both(path: Path, limits: Limits | None = None) -> tuple[FileRead, FileRead]:
    adapter = UcdpGedAdapter(limits=limits)
    assert adapter.read_columns(path) is not None  # the column path is taken
    return read_file(adapter, path), read_file(RowPath(adapter), path)


def assert_same(columns: FileRead, rows: FileRead) -> None:
    """The same events (each id once: compared in id order), the same bad rows in order."""
    assert columns.table is not None and rows.table is not None
    assert columns.table.schema == rows.table.schema
    mine, theirs = columns.table.sort_by("event_id"), rows.table.sort_by("event_id")
    for name in columns.table.column_names:
        assert mine.column(name).to_pylist() == theirs.column(name).to_pylist(), name
    assert columns.errors == rows.errors
    assert (columns.repeats, columns.count) == (rows.repeats, rows.count)


def test_ucdp_columns_give_the_row_paths_events_for_the_real_syria_file(shared_data):
    path = shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv"
    columns, rows = both(path)
    assert columns.count == 6170  # 6,170 records (some over several lines), none bad
    assert_same(columns, rows)


def test_ucdp_columns_give_the_row_paths_events_and_bad_rows_for_the_fixtures(tmp_path):
    for path in sorted(FIXTURES.glob("ucdp_ged*.csv")):
        try:
            columns, rows = both(path)
        except Exception as exc:  # the same refusal on both paths
            with pytest.raises(type(exc)) as again:
                read_file(RowPath(UcdpGedAdapter()), path)
            assert str(again.value) == str(exc)
            continue
        assert_same(columns, rows)


HEADER = [
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "country",
    "latitude",
    "longitude",
    "date_prec",
    "date_start",
    "date_end",
    "low",
    "best",
    "high",
    "source_article",
    "source_headline",
]
GOOD = [
    "1",
    "1",
    "Government of Syria",
    "Syrian insurgents",
    "1",
    "Aleppo town",
    "",
    "Aleppo Governorate",
    "Syria",
    "36.2",
    "37.15",
    "1",
    "2016-02-26",
    "2016-02-26",
    "1",
    "2",
    "3",
    '"SOHR,2016-02-26,headline"',
    "Shells hit Aleppo",
]
#: awkward values per column: most are read by the column checks, the rest flag their row
AWKWARD = {
    "id": ["7", " 8 ", "9 9", "", "a\u00a0b", "x-1", "\u00a010"],
    "type_of_violence": ["2", "3", " 3", "", "x", "\u00b2", "03"],
    "side_a": ["", " IS ", "Ḥay'at", "\u2003A\u2003"],
    "side_b": ["", "Civilians", "\t"],
    "where_prec": ["7", "0", "8", "3.0", " 2", "+2", ""],
    "where_coordinates": ["", "  ", "Dar'a"],
    "latitude": ["-90", "90", "90.0000001", "nan", "1e1", "+.5", " 33.5", "1_0", "", "٣"],
    "longitude": ["180", "-180.0", "inf", "36.", "-0", "1e400"],
    "date_prec": ["5", "2", "6", "1.0", ""],
    "date_start": [
        "2016-02-29",
        "2015-02-29",
        "2016-13-01",
        "20160226",
        "26-Feb-16",
        "1677-12-31",
        "2261-12-31",
        "0000-01-01",
        " 2016-02-26",
        "2016-02-27T00:00:00",
    ],
    "date_end": ["2016-02-28", "2016-03-05", "2262-01-01", ""],
    "low": ["", "0", "10000000", "10000001", "7.0", "-1", "5"],
    "best": ["", "0", "4", "00012"],
    "high": ["", "1", "3"],
    "source_article": ['"', '""', '" a "', '"\u00a0"', "plain", ""],
    "source_headline": ["", " x ", "a\u3000"],
}


@st.composite
def ged_files(draw: st.DrawFn) -> bytes:
    rows = []
    for number in range(draw(st.integers(1, 12))):
        row = list(GOOD)
        row[0] = str(number)
        for name in draw(st.sets(st.sampled_from(sorted(AWKWARD)), max_size=3)):
            row[HEADER.index(name)] = draw(st.sampled_from(AWKWARD[name]))
        if draw(st.booleans()):
            row[0] = draw(st.sampled_from(["1", "2"]))  # repeated ids, alike or not
        rows.append(row)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(HEADER)
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.booleans()):  # damage at one place: a quote, a control character, a line cut
        at = draw(st.integers(text.index("\n") + 1, len(text)))
        text = (
            text[:at] + draw(st.sampled_from(['"', "\x00", "\r", "\n", "\ufeff", ""])) + text[at:]
        )
    return text.encode("utf-8")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=ged_files(), chunk=st.sampled_from([64, 1 << 20]))
def test_ucdp_columns_match_the_row_path_on_awkward_files(tmp_path, data, chunk, monkeypatch):
    monkeypatch.setattr(columns_module, "CHUNK_BYTES", chunk)
    path = tmp_path / "ged.csv"
    path.write_bytes(data)
    columns, rows = both(path, Limits(max_line_chars=400))
    assert_same(columns, rows)


def test_ucdp_type_of_violence_written_as_a_superscript_digit_is_other_not_a_traceback(tmp_path):
    row = list(GOOD)
    row[HEADER.index("type_of_violence")] = "\u00b2"
    path = tmp_path / "ged.csv"
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([HEADER, row])
    path.write_text(out.getvalue(), encoding="utf-8")
    columns, rows = both(path)
    assert columns.event_objects()[0].event_type == "other"
    assert_same(columns, rows)


def test_column_checks_know_every_space_python_strips():
    assert "".join(chr(c) for c in range(0x80, 0x110000) if chr(c).isspace()) == WIDE_SPACES


def test_ucdp_columns_stop_at_too_many_bad_rows_with_the_row_paths_message(tmp_path):
    rows = []
    for number in range(12):
        row = list(GOOD)
        row[0] = str(number)
        if number % 3 == 1:
            row[HEADER.index("latitude")] = "95"  # a bad row
        if number == 5:
            row[HEADER.index("low")] = "7"  # out of order: built one by one, an event
        rows.append(row)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([HEADER, *rows])
    path = tmp_path / "ged.csv"
    path.write_text(out.getvalue() + 'broken,"\n', encoding="utf-8")
    limits = Limits(max_bad_rows=2)
    adapter = UcdpGedAdapter(limits=limits)
    with pytest.raises(SourceError) as columns:
        read_file(adapter, path)
    with pytest.raises(SourceError) as rows_path:
        read_file(RowPath(adapter), path)
    assert "among the first 8 records (up to line 9)" in str(columns.value)
    assert str(columns.value) == str(rows_path.value)


@pytest.mark.parametrize("extra", [0, 1, 2, 7])
def test_a_long_line_ending_in_crlf_is_one_line_for_the_lines_after_it(tmp_path, extra):
    # the limit cut "\r\n" after its "\r": the "\n" was counted as a line of its own, so every
    # later line number was one too high (in both paths, which share the record reader)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([HEADER, GOOD])
    long_row = list(GOOD)
    long_row[HEADER.index("source_headline")] = "x" * (60 + extra)
    writer.writerow(long_row)
    writer.writerow(
        [("2" if name == "id" else value) for name, value in zip(HEADER, GOOD, strict=True)]
    )
    path = tmp_path / "ged.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    width = len(out.getvalue().splitlines()[2])
    columns, rows = both(path, Limits(max_line_chars=width - 1 - extra % 2))
    assert [e.line for e in columns.errors] == [3]
    assert sorted(e.provenance.line for e in columns.event_objects()) == [2, 4]
    assert_same(columns, rows)
