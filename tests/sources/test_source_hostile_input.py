"""Hostile input through the adapters: out-of-range values, stray quotes, control characters,
damaged headers, cut files and over-long lines are bad rows or one clear SourceError, never a
traceback, and never cost the good rows around them (issue 13)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from trucewatch.errors import RowError, SourceError, ValidationError
from trucewatch.model.event import Event
from trucewatch.sources import AcledAdapter, GdeltAdapter, GenericCsvAdapter, UcdpGedAdapter
from trucewatch.sources._reading import read_table
from trucewatch.sources.generic_csv import mapping_from_file
from trucewatch.sources.limits import Limits

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
GOOD = FIXTURES / "ucdp_ged_good.csv"
GOOD_IDS = {"900001", "900002", "900003", "900004", "900005", "900006", "900007"}


def split(records) -> tuple[dict[str, Event], list[RowError]]:
    records = list(records)
    events = {r.source_row_id: r for r in records if isinstance(r, Event)}
    errors = [r for r in records if isinstance(r, RowError)]
    assert len(events) + len(errors) == len(records)
    return events, errors


def header_and_rows() -> tuple[str, list[str]]:
    """The good UCDP fixture as its header and its records, one string each."""
    text = GOOD.read_text()
    header, rest = text.split("\n", 1)
    records = rest.replace("Aleppo\nbefore", "Aleppo before").splitlines()
    assert len(records) == 7
    return header, records


def write(path: Path, header: str, records: list[str], end: str = "\n") -> Path:
    path.write_text("\n".join([header, *records]) + end)
    return path


def one_field(record: str, header: str, name: str, value: str) -> str:
    """``record`` with column ``name`` written as ``value``, verbatim (not quoted)."""
    columns = header.split(",")
    (values,) = csv.reader([record])
    assert len(values) == len(columns)
    values[columns.index(name)] = "@@RAW@@"
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue().replace("@@RAW@@", value)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("best", "18446744073709551616", "above the maximum 10,000,000"),
        ("best", "-3", "below the minimum 0"),
        ("high", "1e400", "not a whole number"),
        ("date_start", "0001-01-01", "year 1 is outside the days an event may fall on"),
        ("date_end", "9999-12-31", "year 9999 is outside"),
        ("date_start", "3000-06-01", "year 3000 is outside"),
        ("latitude", "nan", "not a finite number"),
        ("longitude", "-inf", "not a finite number"),
        ("latitude", "1e308", "outside [-90, 90]"),
    ],
)
def test_ucdp_value_the_store_cannot_hold_is_a_bad_row(tmp_path, field, value, reason):
    header, records = header_and_rows()
    records[2] = one_field(records[2], header, field, value)
    events, errors = split(UcdpGedAdapter().read(write(tmp_path / "ged.csv", header, records)))
    (error,) = errors
    assert (error.line, error.field, error.value) == (4, field, value)
    assert reason in error.reason
    assert set(events) == GOOD_IDS - {"900003"}


def test_gdelt_dateadded_in_year_1_is_a_bad_row(tmp_path):
    lines = (FIXTURES / "gdelt_export_bad.CSV").read_text().splitlines()
    values = lines[0].split("\t")
    values[59] = "00010101000000"
    path = tmp_path / "x.export.CSV"
    path.write_text("\n".join(["\t".join(values), lines[1]]) + "\n")
    events, errors = split(GdeltAdapter().read(path))
    (error,) = errors
    assert (error.line, error.field, error.value) == (1, "DATEADDED", "00010101000000")
    assert "year 1 is outside" in error.reason
    assert list(events) == ["500000002"]


def test_acled_fatalities_over_the_maximum_is_a_bad_row(tmp_path):
    text = (FIXTURES / "acled_current.csv").read_text()
    path = tmp_path / "acled.csv"
    path.write_text(
        text.replace("Clashes near Idleb.,3,", "Clashes near Idleb.,99999999999999999999,", 1)
    )
    events, errors = split(AcledAdapter().read(path))
    error = next(e for e in errors if e.line == 2)
    assert error.field == "fatalities" and "above the maximum" in error.reason
    assert "SYR90001" not in events


def test_generic_csv_date_in_year_1_with_a_date_format_is_a_bad_row(tmp_path):
    options = mapping_from_file(FIXTURES / "mycsv_mapping.yaml")
    path = tmp_path / "mycsv.csv"
    path.write_text((FIXTURES / "mycsv.csv").read_text().replace("26/02/2016", "01/01/0001"))
    events, errors = split(GenericCsvAdapter(options).read(path))
    bad = [e for e in errors if e.line == 2]
    assert bad[0].field == "day" and "year 1 is outside" in bad[0].reason
    assert "17" not in events and "18" in events


# --------------------------------------------------------------------------- control characters


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("id", "9000\x0003", "9000\ufffd03"),
        ("side_b", "Syrian\x7finsurgents", "Syrian\ufffdinsurgents"),
        ("adm_1", "Aleppo\x1bGovernorate", "Aleppo\ufffdGovernorate"),
    ],
)
def test_control_character_in_a_field_is_a_bad_row_naming_the_field(tmp_path, field, value, shown):
    header, records = header_and_rows()
    records[2] = one_field(records[2], header, field, value)
    events, errors = split(UcdpGedAdapter().read(write(tmp_path / "ged.csv", header, records)))
    (error,) = errors
    assert (error.line, error.field, error.value) == (4, field, shown)
    assert "control character" in error.reason
    assert set(events) == GOOD_IDS - {"900003"}


def test_byte_order_marks_inside_fields_are_removed(tmp_path):
    header, records = header_and_rows()
    records[2] = one_field(records[2], header, "id", "\ufeff900003")
    records[3] = one_field(records[3], header, "side_b", "Syrian\ufeff insurgents")
    events, errors = split(UcdpGedAdapter().read(write(tmp_path / "ged.csv", header, records)))
    assert errors == []
    assert set(events) == GOOD_IDS
    assert events["900004"].actors.side_b == "Syrian insurgents"


# --------------------------------------------------------------------------- headers


def test_header_after_two_byte_order_marks_is_read(tmp_path):
    header, records = header_and_rows()
    path = tmp_path / "ged.csv"
    path.write_bytes(b"\xef\xbb\xbf" + write(path, "\ufeff" + header, records).read_bytes())
    events, errors = split(UcdpGedAdapter().read(path))
    assert errors == [] and set(events) == GOOD_IDS


def test_columns_in_another_order_are_read_by_name(tmp_path):
    header, records = header_and_rows()
    order = list(reversed(range(len(header.split(",")))))

    def shuffle(line: str) -> str:
        (values,) = csv.reader([line])
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow([values[i] for i in order])
        return out.getvalue()

    path = write(tmp_path / "ged.csv", shuffle(header), [shuffle(r) for r in records[1:]])
    events, errors = split(UcdpGedAdapter().read(path))
    original, _ = split(UcdpGedAdapter().read(write(tmp_path / "o.csv", header, records[1:])))
    assert errors == []
    assert {k: (e.when, e.where, e.fatalities) for k, e in events.items()} == {
        k: (e.when, e.where, e.fatalities) for k, e in original.items()
    }


def test_header_naming_a_column_twice_is_refused_naming_it(tmp_path):
    header, records = header_and_rows()
    path = write(tmp_path / "ged.csv", header.replace(",year,", ",best,"), records)
    with pytest.raises(SourceError, match=r"names column 'best' twice \(columns 2 and 40\)"):
        list(UcdpGedAdapter().read(path))


def test_header_with_a_nul_is_refused_naming_the_column(tmp_path):
    header, records = header_and_rows()
    path = write(tmp_path / "ged.csv", header.replace("latitude", "lati\x00tude"), records)
    with pytest.raises(SourceError, match=r"column 24 name 'lati\ufffdtude' holds .* NUL byte"):
        list(UcdpGedAdapter().read(path))


def test_header_without_required_columns_names_them(tmp_path):
    header, records = header_and_rows()
    path = write(tmp_path / "ged.csv", header.replace("latitude", "lat"), records)
    with pytest.raises(SourceError, match=r"missing column\(s\) latitude"):
        list(UcdpGedAdapter().read(path))


# --------------------------------------------------------------------------- quotes and cuts


@pytest.mark.parametrize("stray", ['"Aleppo town', '"Aleppo town,x', 'Aleppo"", "town'])
@pytest.mark.parametrize("line", [3, 8])
def test_stray_quote_in_a_real_record_costs_only_its_own_row(tmp_path, stray, line):
    header, records = header_and_rows()
    records[line - 2] = one_field(records[line - 2], header, "where_coordinates", stray)
    events, errors = split(UcdpGedAdapter().read(write(tmp_path / "ged.csv", header, records)))
    assert [e.line for e in errors] == [line]
    assert set(events) == GOOD_IDS - {f"90000{line - 1}"}


@pytest.mark.parametrize(
    ("content", "reason", "after"),
    [
        # the stray quote closes at the end of a later field: a record of the right width
        ('a,b,c\n1,2,"x\n3,4,5\n6,7,y"\n8,9,10\n', "which look like records of their own", 3),
        # the quote closes in the middle of a later field: a csv error
        ('a,b,c\n1,2,"x\n3,4,5\n6,"7",8\n8,9,10\n', "malformed record", 3),
        # the quote never closes: the end of the file
        ('a,b,c\n1,2,"x\n3,4,5\n6,7,8\n8,9,10\n', "unterminated quoted field", 3),
    ],
)
def test_stray_quote_is_reported_and_the_lines_it_swallowed_are_read(
    tmp_path, content, reason, after
):
    path = tmp_path / "t.csv"
    path.write_text(content)
    records = list(read_table(path, what="test"))
    error = records[0]
    assert isinstance(error, RowError) and error.line == 2
    assert reason in error.reason
    assert records[1] == (3, {"a": "3", "b": "4", "c": "5"})
    assert records[-1] == (5, {"a": "8", "b": "9", "c": "10"})
    assert not any(isinstance(r, RowError) for r in records[1:])


def test_record_of_the_wrong_width_over_several_lines_is_read_again(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b,c\n1,"x,3\n4,5,6\n7,8",9,10\n11,12,13\n')
    records = list(read_table(path, what="test"))
    assert isinstance(records[0], RowError) and records[0].line == 2
    assert "making one record of 4 fields where the header has 3" in records[0].reason
    assert records[1] == (3, {"a": "4", "b": "5", "c": "6"})
    assert records[-1] == (5, {"a": "11", "b": "12", "c": "13"})


def test_legitimate_multiline_field_is_still_one_record():
    events, errors = split(UcdpGedAdapter().read(GOOD))
    assert errors == [] and len(events) == 7
    assert (
        events["900001"].provenance.article == "SOHR,2016-02-26,Clashes in Aleppo\nbefore the truce"
    )


def test_file_cut_inside_its_last_field_is_a_bad_row(tmp_path):
    header, records = header_and_rows()
    records[-1] = records[-1][:-1]  # "...,2,2,2" -> "...,2,2," : the value shortened
    events, errors = split(
        UcdpGedAdapter().read(write(tmp_path / "ged.csv", header, records, end=""))
    )
    (error,) = errors
    assert error.line == 8
    assert "ends inside this record, without a line break" in error.reason
    assert set(events) == GOOD_IDS - {"900007"}


def test_file_cut_inside_a_quoted_last_field_is_a_bad_row(tmp_path):
    header, records = header_and_rows()
    records.append(records[-1].replace("900007", "900008").split(",SOHR,")[0][:-10])
    events, errors = split(
        UcdpGedAdapter().read(write(tmp_path / "ged.csv", header, records, end=""))
    )
    (error,) = errors
    assert error.line == 9 and "unterminated quoted field" in error.reason
    assert set(events) == GOOD_IDS


# --------------------------------------------------------------------------- limits


def test_line_over_the_limit_is_a_bad_row_and_reading_goes_on(tmp_path):
    header, records = header_and_rows()
    records[2] = one_field(records[2], header, "source_headline", "x" * 5000)
    path = write(tmp_path / "ged.csv", header, records)
    events, errors = split(UcdpGedAdapter(limits=Limits(max_line_chars=4000)).read(path))
    (error,) = errors
    assert error.line == 4
    assert "over the limit of 4,000" in error.reason and "--max-line-chars" in error.reason
    assert set(events) == GOOD_IDS - {"900003"}


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    header, records = header_and_rows()
    path = write(tmp_path / "ged.csv", header, records)
    with pytest.raises(SourceError, match=r"over the limit of 1,000 bytes.*--max-bytes"):
        list(UcdpGedAdapter(limits=Limits(max_bytes=1000)).read(path))


def test_limits_refuse_nonsense():
    with pytest.raises(ValidationError, match="max_bad_rows must be a whole number >= 1"):
        Limits(max_bad_rows=0)


def test_header_alone_without_a_line_break_is_an_empty_file_not_a_cut_record(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b")
    assert list(read_table(path, what="test")) == []
