"""ACLED adapter (acled.v1): 2019+ and pre-2019 schemas, date forms, precision, bad rows."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trucewatch.errors import RowError, SourceError
from trucewatch.model.event import DatePrecision, Event, LocationPrecision
from trucewatch.sources import AcledAdapter, adapter_for
from trucewatch.sources.acled import split_actors

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def split(records) -> tuple[dict[str, Event], list[RowError]]:
    records = list(records)
    events = {r.source_row_id: r for r in records if isinstance(r, Event)}
    errors = [r for r in records if isinstance(r, RowError)]
    assert len(events) + len(errors) == len(records)
    return events, errors


@pytest.fixture(scope="module")
def current() -> tuple[dict[str, Event], list[RowError]]:
    return split(AcledAdapter().read(FIXTURES / "acled_current.csv"))


def test_acled_adapter_is_registered_as_acled():
    adapter = adapter_for("acled")
    assert (adapter.name, adapter.source) == ("acled.v1", "acled")


@pytest.mark.parametrize(
    ("row_id", "start", "end", "precision"),
    [
        ("SYR90001", datetime(2020, 5, 8, 21), datetime(2020, 5, 9, 21), DatePrecision.DAY),
        ("SYR90002", datetime(2020, 5, 2, 21), datetime(2020, 5, 9, 21), DatePrecision.WEEK),
        ("SYR90003", datetime(2020, 2, 29, 22), datetime(2020, 3, 31, 21), DatePrecision.MONTH),
        ("data_id-7000004", datetime(2020, 5, 2, 21), datetime(2020, 5, 3, 21), DatePrecision.DAY),
    ],
    ids=["9-May-20", "2020-05-06-week", "15-March-2020-month", "03-May-2020"],
)
def test_acled_dates_and_time_precision_give_local_day_week_or_month(
    current, row_id, start, end, precision
):
    event = current[0][row_id]
    assert (event.when.start, event.when.end) == (
        start.replace(tzinfo=UTC),
        end.replace(tzinfo=UTC),
    )
    assert event.date_precision is precision


def test_acled_actors_are_not_directed_and_associates_are_split_on_semicolons(current):
    event = current[0]["SYR90001"]
    assert event.actors.side_a == "Military Forces of Turkey (2016-)"
    assert event.actors.side_b == "Hayat Tahrir al Sham"
    assert not event.actors.directed
    assert event.actors.associated_a == ("NLF: National Liberation Front", "Faylaq al Sham")


def test_acled_fatalities_are_the_conservative_count_low_equals_best(current):
    fatalities = current[0]["SYR90001"].fatalities
    assert (fatalities.low, fatalities.best, fatalities.high) == (3, 3, None)


def test_acled_notes_source_and_place_land_in_the_event(current):
    event = current[0]["SYR90001"]
    assert event.provenance.notes == "Clashes near Idleb."
    assert event.provenance.publisher == "SOHR; Syria Direct"
    assert (event.where.admin1, event.where.place, event.where.country) == (
        "Idleb",
        "Idleb",
        "Syria",
    )
    assert event.source_event_type == "Armed clash"


def test_acled_geo_precision_3_is_an_admin1_point_with_150_km(current):
    where = current[0]["SYR90003"].where
    assert (where.precision, where.radius_km) == (LocationPrecision.ADMIN1, 150)
    assert where.coded_admin == "Idleb"


def test_acled_falls_back_to_data_id_when_event_id_cnty_is_empty(current):
    assert "data_id-7000004" in current[0]


def test_acled_unknown_sub_event_type_uses_the_event_type(current):
    event = current[0]["SYR90005"]
    assert (event.event_type, event.source_event_type) == (
        "battle.armed_clash",
        "Brand new sub type",
    )


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        (7, "event_date", "not a valid date"),
        (8, "geo_precision", "allowed codes are 1, 2, 3"),
        (9, "time_precision", "allowed codes are 1, 2, 3"),
        (10, "fatalities", "below the minimum 0"),
        (11, "longitude", "outside [-180, 180]"),
    ],
)
def test_acled_bad_rows_become_row_errors(current, line, field, reason):
    by_line = {e.line: e for e in current[1]}
    assert len(by_line) == 5
    assert by_line[line].field == field
    assert reason in by_line[line].reason


def test_acled_old_schema_is_read_by_its_columns():
    events, errors = split(AcledAdapter().read(FIXTURES / "acled_old_schema.csv"))
    assert errors == []
    assert len(events) == 8
    battle = events["8001RTA"]
    assert battle.event_type == "battle.armed_clash"
    assert battle.actors.associated_a == ("Clan Militia (Somalia)", "Militia (Pro-Government)")
    assert events["8000RTA"].event_type == "remote.unspecified"
    assert events["8002RTA"].date_precision is DatePrecision.WEEK
    assert events["8000RTA"].timezone == "Africa/Mogadishu"


def test_acled_file_without_an_id_column_is_refused(tmp_path):
    source = (FIXTURES / "acled_current.csv").read_text().splitlines()
    rows = list(csv.reader(source))
    keep = [i for i, name in enumerate(rows[0]) if name not in ("event_id_cnty", "data_id")]
    path = tmp_path / "no_ids.csv"
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows([[r[i] for i in keep] for r in rows])
    with pytest.raises(SourceError, match="event_id_cnty, data_id"):
        list(AcledAdapter().read(path))


def test_split_actors():
    assert split_actors(" A; B ;;C ") == ("A", "B", "C")
    assert split_actors(None) == ()


@pytest.mark.shared_data
def test_acled_syria_extract_reads_313_events(shared_data):
    path = shared_data / "acled_sample" / "acled_syria_2020-04-27_2020-05-09.csv"
    events, errors = split(AcledAdapter().read(path))
    assert (len(events), len(errors)) == (313, 0)
    assert {e.timezone for e in events.values()} <= {"Asia/Damascus", "Europe/Istanbul"}
    assert events["SYR78126"].event_type == "remote.airstrike"


@pytest.mark.shared_data
def test_acled_old_schema_africa_accounts_for_all_500_rows(shared_data):
    path = shared_data / "acled_sample" / "acled_africa_2016-06_2016-07_old_schema.csv"
    events, errors = split(AcledAdapter().read(path))
    assert len(events) + len(errors) == 500
    assert errors == []
    assert all(e.event_type != "other" for e in events.values())


@pytest.mark.shared_data
def test_acled_global_export_accounts_for_all_5071_rows(shared_data):
    path = shared_data / "acled_sample" / "acled_global_2020-04-27_2020-05-09.csv"
    records = list(AcledAdapter().read(path))
    assert len(records) == 5071
    errors = [r for r in records if isinstance(r, RowError)]
    # the last row of the extract is cut off after actor2 (all later fields empty)
    assert [(e.line, e.field) for e in errors] == [(5072, "latitude")]
    assert all(r.event_type != "other" for r in records if isinstance(r, Event))
