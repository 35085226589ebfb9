"""Reading delimited files: physical line numbers, bad bytes, bad quotes, and field parsers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trucewatch.errors import RowError, SourceError
from trucewatch.sources._reading import FieldError, parse_code, parse_day, parse_float, parse_int
from trucewatch.sources._reading import read_table as _read_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def read_table(path: Path, **options) -> list:
    return list(_read_table(path, what="test", **options))


def test_read_table_numbers_records_by_the_line_they_start_on(tmp_path):
    path = tmp_path / "multi.csv"
    path.write_text('a,b\n1,"two\nlines"\n\n3,x\n')
    assert read_table(path) == [(2, {"a": "1", "b": "two\nlines"}), (5, {"a": "3", "b": "x"})]


def test_read_table_drops_a_utf8_byte_order_mark(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\n1,2\n")
    assert read_table(path, required=["a"]) == [(2, {"a": "1", "b": "2"})]


def test_read_table_reports_latin1_bytes_as_a_row_error_naming_the_field(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("name,place\nok,Alep\nbad,Hom\xe9\n".encode("latin-1"))
    records = read_table(path)
    assert records[0] == (2, {"name": "ok", "place": "Alep"})
    error = records[1]
    assert isinstance(error, RowError)
    assert (error.line, error.field) == (3, "place")
    assert "not valid UTF-8 (byte 0xe9)" in error.reason
    assert "encoding='latin-1'" in error.reason


def test_read_table_reads_latin1_when_told(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("name,place\nbad,Hom\xe9\n".encode("latin-1"))
    assert read_table(path, encoding="latin-1") == [(2, {"name": "bad", "place": "Homé"})]


def test_read_table_reports_an_unterminated_quote_and_reads_the_lines_after_it(tmp_path):
    path = tmp_path / "open.csv"
    path.write_text('a,b\n1,2\n3,"never closed\n4,5\n')
    good, error, after = read_table(path)
    assert good == (2, {"a": "1", "b": "2"})
    assert isinstance(error, RowError)
    assert error.line == 3
    assert "unterminated quoted field" in error.reason
    assert "line 4 is read again on its own" in error.reason
    assert after == (4, {"a": "4", "b": "5"})


def test_read_table_goes_on_after_a_malformed_quote(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('a,b\n1,"x"y\n2,z\n')
    error, good = read_table(path)
    assert isinstance(error, RowError) and error.line == 2
    assert good == (3, {"a": "2", "b": "z"})


@pytest.mark.parametrize(
    ("content", "message"),
    [("a,b\n1\n", "has 1 fields but the header has 2"), ("a,b\n1,2,3\n", "has 3 fields")],
)
def test_read_table_refuses_rows_with_the_wrong_number_of_fields(tmp_path, content, message):
    path = tmp_path / "width.csv"
    path.write_text(content)
    (error,) = read_table(path)
    assert isinstance(error, RowError)
    assert error.line == 2
    assert message in error.reason


def test_read_table_lists_every_missing_column(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(SourceError, match=r"missing column\(s\) c, d"):
        read_table(path, required=["a", "c", "d"])


@pytest.mark.parametrize("name", ["empty.csv", "no_such_file.csv"])
def test_read_table_refuses_an_empty_or_absent_file(name):
    with pytest.raises(SourceError, match=r"empty|no such file"):
        read_table(FIXTURES / name)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2016-02-26", date(2016, 2, 26)),
        ("2016-02-26 00:00:00.000", date(2016, 2, 26)),
        ("2016-02-26T00:00:00", date(2016, 2, 26)),
        ("20160226", date(2016, 2, 26)),
        ("9-May-20", date(2020, 5, 9)),
        ("09 May 2020", date(2020, 5, 9)),
        ("1 September 1997", date(1997, 9, 1)),
        ("27-Apr-97", date(1997, 4, 27)),
    ],
)
def test_parse_day_reads_the_forms_the_sources_use(raw, expected):
    assert parse_day(raw) == expected


@pytest.mark.parametrize("raw", ["2016-02-30", "26/02/2016", "9-Mai-20", "2016-02-26 13:00", ""])
def test_parse_day_refuses_what_is_not_a_day(raw):
    with pytest.raises(ValueError):
        parse_day(raw)


@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2068, 12, 31)))
def test_parse_day_reads_back_every_day_written_iso_or_acled_style(day):
    assert parse_day(day.isoformat()) == day
    assert parse_day(f"{day.day}-{day.strftime('%b')}-{day.strftime('%y')}") == day


def test_field_parsers_carry_field_value_and_reason():
    with pytest.raises(FieldError) as caught:
        parse_float({"latitude": "95.2"}, "latitude", -90, 90)
    assert (caught.value.field, caught.value.value) == ("latitude", "95.2")
    assert "outside [-90, 90]" in caught.value.reason
    assert parse_int({"n": "7.0"}, "n") == 7
    assert parse_int({"n": ""}, "n", optional=True) is None
    with pytest.raises(FieldError, match="not a whole number"):
        parse_int({"n": "7.5"}, "n")
    assert parse_code({"p": "2.0"}, "p", {1, 2, 3}) == 2
    with pytest.raises(FieldError, match="allowed codes are 1, 2, 3"):
        parse_code({"p": "4"}, "p", {1, 2, 3})
