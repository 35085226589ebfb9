"""UCDP GED adapter (ucdp_ged.v1): the real Syria 2016 file, the API JSON page, bad rows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from trucewatch.errors import RowError, SourceError
from trucewatch.model.event import DatePrecision, Event, LocationPrecision
from trucewatch.sources import UcdpGedAdapter, adapter_for
from trucewatch.sources.ucdp_ged import reconcile_fatalities

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
TRUCE_START = datetime(2016, 2, 26, 22, tzinfo=UTC)  # 27 Feb 2016 00:00 Damascus


def split(records) -> tuple[dict[str, Event], list[RowError]]:
    records = list(records)
    events = {r.source_row_id: r for r in records if isinstance(r, Event)}
    errors = [r for r in records if isinstance(r, RowError)]
    assert len(events) + len(errors) == len(records)
    return events, errors


@pytest.fixture(scope="module")
def good() -> dict[str, Event]:
    events, errors = split(UcdpGedAdapter().read(FIXTURES / "ucdp_ged_good.csv"))
    assert errors == []
    return events


def test_ucdp_adapter_is_registered_as_ucdp_ged():
    adapter = adapter_for("ucdp-ged")
    assert (adapter.name, adapter.source) == ("ucdp_ged.v1", "ucdp_ged")


def test_ucdp_event_dated_26_feb_ends_before_truce_start(good):
    event = good["900001"]
    assert event.when.end == TRUCE_START
    assert event.timezone == "Asia/Damascus"
    assert event.event_id == "ucdp_ged:900001"


def test_ucdp_event_dated_27_feb_starts_at_truce_start(good):
    assert good["900002"].when.start == TRUCE_START


def test_ucdp_multi_line_source_article_keeps_its_newline_and_line_numbers(good):
    first = good["900001"]
    assert first.provenance.article == "SOHR,2016-02-26,Clashes in Aleppo\nbefore the truce"
    assert first.provenance.line == 2
    assert good["900002"].provenance.line == 4  # the quoted field took lines 2-3


def test_ucdp_fields_land_in_the_event(good):
    event = good["900001"]
    assert (event.where.lat, event.where.lon) == (36.201241, 37.161173)
    assert event.where.place == "Aleppo town"
    assert (event.where.admin1, event.where.admin2) == (
        "Aleppo Governorate",
        "Jabal Saman district",
    )
    assert event.where.country == "Syria"
    assert event.provenance.publisher == "SOHR"
    assert event.provenance.headline == "Clashes in Aleppo town"
    assert event.event_type == "battle.state_based"
    assert event.source_event_type == "1"
    assert (event.fatalities.low, event.fatalities.best, event.fatalities.high) == (2, 2, 2)


def test_ucdp_battles_are_not_directed_but_one_sided_violence_is(good):
    battle, one_sided = good["900001"], good["900005"]
    assert not battle.actors.directed
    assert one_sided.event_type == "civilians.one_sided"
    assert (one_sided.actors.perpetrator, one_sided.actors.target) == ("IS", "Civilians")


@pytest.mark.parametrize(
    ("row_id", "precision", "radius", "date_precision"),
    [
        ("900001", LocationPrecision.EXACT, 2, DatePrecision.DAY),
        ("900003", LocationPrecision.NEAR, 25, DatePrecision.DAY),
        ("900005", LocationPrecision.ADMIN2, 40, DatePrecision.DAY),
        ("900004", LocationPrecision.ADMIN1, 150, DatePrecision.DAY),
        ("900006", LocationPrecision.REGION, 300, DatePrecision.DAYS),
        ("900007", LocationPrecision.COUNTRY, 500, DatePrecision.MONTH),
    ],
)
def test_ucdp_precision_codes_give_radius_and_date_precision(
    good, row_id, precision, radius, date_precision
):
    event = good[row_id]
    assert (event.where.precision, event.where.radius_km) == (precision, radius)
    assert event.date_precision is date_precision


def test_ucdp_range_event_spans_date_start_to_date_end_local_days(good):
    event = good["900006"]  # 28-30 Apr 2016, UTC+3
    assert event.when.start == datetime(2016, 4, 27, 21, tzinfo=UTC)
    assert event.when.end == datetime(2016, 4, 30, 21, tzinfo=UTC)


@pytest.mark.parametrize(
    ("row_id", "hours"), [("900003", 23), ("900004", 25)], ids=["25-mar", "27-oct"]
)
def test_ucdp_event_on_a_damascus_dst_change_day_gets_a_23_or_25_hour_interval(good, row_id, hours):
    assert good[row_id].when.duration.total_seconds() == hours * 3600


def test_ucdp_out_of_order_deaths_are_widened_and_noted(good):
    event = good["900007"]  # low=20 best=15 high=30 in the file
    assert (event.fatalities.low, event.fatalities.best, event.fatalities.high) == (15, 15, 30)
    assert "low=20 best=15 high=30" in event.provenance.notes


@pytest.mark.parametrize(
    ("low", "best", "high", "expected"),
    [
        (1, 2, 3, (1, 2, 3)),
        (177, 142, 177, (142, 142, 177)),
        (2, 4, 3, (2, 4, 4)),
        (None, 5, 3, (None, 5, 5)),
    ],
)
def test_reconcile_fatalities_keeps_best_and_widens_the_range(low, best, high, expected):
    fatalities, _ = reconcile_fatalities(low, best, high)
    assert (fatalities.low, fatalities.best, fatalities.high) == expected


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        (2, "date_start", "not a valid date"),
        (3, "latitude", "95.2 is outside [-90, 90]"),
        (4, "where_prec", "allowed codes are 1, 2, 3, 4, 5, 6, 7"),
        (5, "date_prec", "allowed codes are 1, 2, 3, 4, 5"),
        (6, "date_end", "before date_start"),
        (7, "longitude", "not a number"),
        (9, None, "truncated row"),
    ],
)
def test_ucdp_bad_rows_become_row_errors_naming_line_and_field(line, field, reason):
    events, errors = split(UcdpGedAdapter().read(FIXTURES / "ucdp_ged_bad.csv"))
    assert list(events) == ["910007"]
    by_line = {e.line: e for e in errors}
    assert by_line[line].field == field
    assert reason in by_line[line].reason
    assert by_line[line].file.endswith("ucdp_ged_bad.csv")


def test_ucdp_latin1_bytes_are_a_row_error_unless_the_encoding_is_given():
    path = FIXTURES / "ucdp_ged_latin1.csv"
    events, errors = split(UcdpGedAdapter().read(path))
    assert sorted(events) == ["920001", "920003"]
    (error,) = errors
    assert error.line == 3
    assert "not valid UTF-8 (byte 0xe9)" in error.reason
    events, errors = split(UcdpGedAdapter(encoding="latin-1").read(path))
    assert errors == []
    assert events["920002"].actors.side_b == "Forces du régime"


def test_ucdp_unterminated_quote_is_a_row_error_and_the_rest_is_kept():
    events, errors = split(UcdpGedAdapter().read(FIXTURES / "ucdp_ged_unterminated.csv"))
    assert list(events) == ["930001"]
    (error,) = errors
    assert error.line == 3
    assert "unterminated quoted field" in error.reason


def test_ucdp_malformed_quote_is_a_row_error_and_reading_goes_on():
    events, errors = split(UcdpGedAdapter().read(FIXTURES / "ucdp_ged_bad_quote.csv"))
    assert sorted(events) == ["960001", "960003"]
    assert [e.line for e in errors] == [3]


def test_ucdp_missing_columns_refuse_the_whole_file():
    with pytest.raises(SourceError, match=r"missing column\(s\) latitude, date_prec"):
        list(UcdpGedAdapter().read(FIXTURES / "ucdp_ged_missing_columns.csv"))


@pytest.mark.parametrize("name", ["empty.csv", "absent.csv", "absent.json"])
def test_ucdp_empty_or_absent_file_is_a_source_error(name):
    with pytest.raises(SourceError):
        list(UcdpGedAdapter().read(FIXTURES / name))


def test_ucdp_api_json_page_reads_like_the_csv():
    events, errors = split(UcdpGedAdapter().read(FIXTURES / "ucdp_ged_page.json"))
    assert errors == []
    assert events["950001"].when.end == TRUCE_START
    one_sided = events["950002"]
    assert one_sided.actors.perpetrator == "Government of Syria"
    assert one_sided.where.precision is LocationPrecision.NEAR
    assert one_sided.provenance.line == 2  # position in "Result"
    assert one_sided.provenance.article == "SOHR,2016-05-04,Clashes in Aleppo town"


def test_ucdp_json_that_is_not_an_api_page_is_a_source_error(tmp_path):
    path = tmp_path / "page.json"
    path.write_text('{"Results": []}')
    with pytest.raises(SourceError, match="'Result' list"):
        list(UcdpGedAdapter().read(path))


@pytest.mark.shared_data
def test_ucdp_syria_2016_reads_6170_events_without_errors(shared_data):
    path = shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv"
    events, errors = split(UcdpGedAdapter().read(path))
    assert (len(events), len(errors)) == (6170, 0)
    assert sum(e.fatalities.best for e in events.values()) == 48710  # SOURCE.md
    first = events["214797"]
    assert first.where.place == "Teir Maaleh village"
    assert first.when.start == datetime(2015, 12, 31, 22, tzinfo=UTC)
    counts = {t: 0 for t in ("battle.state_based", "battle.non_state", "civilians.one_sided")}
    for event in events.values():
        counts[event.event_type] += 1
    assert counts == {
        "battle.state_based": 4805,
        "battle.non_state": 1180,
        "civilians.one_sided": 185,
    }
