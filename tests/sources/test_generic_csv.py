"""Generic CSV adapter (csv.v1): a declared column mapping, from Python or a YAML/JSON file."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trucewatch.errors import RowError, SourceError
from trucewatch.model.event import DatePrecision, Event, LocationPrecision
from trucewatch.sources import GenericCsvAdapter, adapter_for, mapping_from_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def split(records) -> tuple[dict[str, Event], list[RowError]]:
    records = list(records)
    events = {r.source_row_id: r for r in records if isinstance(r, Event)}
    errors = [r for r in records if isinstance(r, RowError)]
    assert len(events) + len(errors) == len(records)
    return events, errors


@pytest.fixture(scope="module", params=["mycsv_mapping.yaml", "mycsv_mapping.json"])
def mycsv(request) -> tuple[dict[str, Event], list[RowError]]:
    adapter = adapter_for("csv", **mapping_from_file(FIXTURES / request.param))
    return split(adapter.read(FIXTURES / "mycsv.csv"))


def test_every_source_adapter_is_registered_under_its_cli_name():
    from trucewatch.sources import registered_adapters

    names = {cli: factory.name for cli, factory in registered_adapters().items()}
    expected = {
        "ucdp-ged": "ucdp_ged.v1",
        "acled": "acled.v1",
        "gdelt": "gdelt.v2",
        "csv": "csv.v1",
    }
    assert expected.items() <= names.items()


def test_csv_mapping_file_builds_an_adapter_with_its_source_name(mycsv):
    event = mycsv[0]["17"]
    assert event.event_id == "mycsv:17"
    assert event.adapter == "csv.v1"
    assert event.when.end == datetime(2016, 2, 26, 22, tzinfo=UTC)
    assert (event.where.precision, event.where.radius_km) == (LocationPrecision.NEAR, 5)
    assert event.where.place == "Aleppo"
    assert (event.actors.side_a, event.actors.side_b) == ("Government of Syria", "Jaysh al-Islam")
    assert event.fatalities.best == 4
    assert (event.event_type, event.source_event_type) == ("remote.shelling", "shelling")


def test_csv_type_map_sends_unknown_labels_to_other(mycsv):
    assert mycsv[0]["19"].event_type == "other"


def test_csv_empty_location_precision_uses_the_default(mycsv):
    assert mycsv[0]["18"].where.precision is LocationPrecision.EXACT


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        (5, "day", "not a date in the format %d/%m/%Y"),
        (6, "y", "outside [-90, 90]"),
        (7, "precision", "is not one of exact, near"),
    ],
)
def test_csv_bad_rows_name_the_users_column(mycsv, line, field, reason):
    by_line = {e.line: e for e in mycsv[1]}
    assert len(by_line) == 3
    assert by_line[line].field == field
    assert reason in by_line[line].reason


def test_csv_without_an_id_column_uses_a_stable_content_hash(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("when,lat,lon\n2016-02-26,36.2,37.16\n2016-02-27,36.2,37.16\n")
    adapter = GenericCsvAdapter({"date": "when", "lat": "lat", "lon": "lon"}, "log")
    first, _ = split(adapter.read(path))
    again, _ = split(adapter.read(path))
    assert list(first) == list(again)
    assert len(first) == 2
    assert all(len(row_id) == 16 for row_id in first)


def test_csv_date_range_sets_the_interval_and_precision(tmp_path):
    path = tmp_path / "range.csv"
    path.write_text("a,b,lat,lon,kind\n2016-04-28,2016-04-30,36.2,37.16,battle.armed_clash\n")
    adapter = GenericCsvAdapter(
        {"date_start": "a", "date_end": "b", "lat": "lat", "lon": "lon", "event_type": "kind"}
    )
    events, errors = split(adapter.read(path))
    assert errors == []
    (event,) = events.values()
    assert event.date_precision is DatePrecision.DAYS
    assert event.event_type == "battle.armed_clash"
    assert event.when.start == datetime(2016, 4, 27, 21, tzinfo=UTC)
    assert event.when.end == datetime(2016, 4, 30, 21, tzinfo=UTC)


def test_csv_event_type_must_be_a_taxonomy_code_without_a_type_map(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("d,lat,lon,kind\n2016-02-26,36.2,37.16,shelling\n")
    adapter = GenericCsvAdapter({"date": "d", "lat": "lat", "lon": "lon", "event_type": "kind"})
    (error,) = adapter.read(path)
    assert isinstance(error, RowError)
    assert "not a taxonomy code" in error.reason


def test_csv_timezone_option_forces_one_zone(tmp_path):
    path = tmp_path / "utc.csv"
    path.write_text("d,lat,lon\n2016-02-26,36.2,37.16\n")
    adapter = GenericCsvAdapter({"date": "d", "lat": "lat", "lon": "lon"}, timezone="UTC")
    (event,) = adapter.read(path)
    assert event.when.start == datetime(2016, 2, 26, tzinfo=UTC)
    assert event.timezone == "UTC"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"mapping": {"date": "d", "lat": "y"}}, "lacks lon"),
        ({"mapping": {"lat": "y", "lon": "x"}}, r"lacks date \(or date_start\)"),
        ({"mapping": {"date": "d", "lat": "y", "lon": "x", "when": "w"}}, "unknown mapping"),
        ({"mapping": {"date": "d", "lat": "y", "lon": "x", "id": False}}, "quote names"),
        ({"mapping": {"date": "d", "lat": "y", "lon": "x"}, "source_name": "My CSV"}, "lowercase"),
        ({"mapping": {"date": "d", "lat": "y", "lon": "x"}, "type_map": {"a": "b"}}, "taxonomy"),
        ({"mapping": {"date": "d", "lat": "y", "lon": "x"}, "timezone": "Mars/Olympus"}, "zone"),
    ],
)
def test_csv_bad_mapping_is_refused_before_reading(options, message):
    with pytest.raises(SourceError, match=message):
        GenericCsvAdapter(**options)


def test_csv_mapping_file_with_a_flat_mapping_and_unknown_options(tmp_path):
    flat = tmp_path / "flat.yaml"
    flat.write_text("date: d\nlat: y\nlon: x\n")
    assert mapping_from_file(flat) == {"mapping": {"date": "d", "lat": "y", "lon": "x"}}
    bad = tmp_path / "bad.yaml"
    bad.write_text("mapping: {date: d, lat: y, lon: x}\ncolour: red\n")
    with pytest.raises(SourceError, match="unknown option"):
        mapping_from_file(bad)
    with pytest.raises(SourceError, match="cannot read"):
        mapping_from_file(tmp_path / "absent.yaml")


def test_csv_mapped_columns_missing_from_the_file_refuse_it(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("d,lat\n2016-02-26,36.2\n")
    adapter = GenericCsvAdapter({"date": "d", "lat": "lat", "lon": "lon"})
    with pytest.raises(SourceError, match=r"missing column\(s\) lon"):
        list(adapter.read(path))


def test_csv_example_in_docs_adapters_md_runs(tmp_path):
    text = (Path(__file__).resolve().parents[2] / "docs" / "adapters.md").read_text()
    mapping = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    data = re.search(r"```text\n(.*?)```", text, re.S).group(1)
    (tmp_path / "mycsv_mapping.yaml").write_text(mapping)
    (tmp_path / "mycsv.csv").write_text(data)
    adapter = GenericCsvAdapter(**mapping_from_file(tmp_path / "mycsv_mapping.yaml"))
    (event,) = adapter.read(tmp_path / "mycsv.csv")
    assert event.event_id == "mycsv:17"
    assert str(event.when) == "[2016-02-25T22:00:00+00:00, 2016-02-26T22:00:00+00:00)"


def test_csv_adapter_takes_a_whole_mapping_file_as_mapping_and_arguments_win(tmp_path):
    options = mapping_from_file(FIXTURES / "mycsv_mapping.yaml")
    adapter = adapter_for("csv", mapping=options, source_name="monitor", encoding="utf-8")
    assert (adapter.source, adapter.delimiter, adapter.date_format) == ("monitor", ";", "%d/%m/%Y")
    events, errors = split(adapter.read(FIXTURES / "mycsv.csv"))
    assert "17" in events and events["17"].event_id == "monitor:17"
    assert events["17"].event_type == "remote.shelling"
    assert len(errors) == 3


def test_csv_mapping_file_with_an_alias_bomb_or_a_fifo_is_refused(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    bomb.write_text("\n".join([*lines, "mapping: {date: d, lat: y, lon: x}"]) + "\n")
    with pytest.raises(SourceError, match=r"mapping file cannot be read.*alias"):
        mapping_from_file(bomb)
    fifo = tmp_path / "mapping.yaml"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    with pytest.raises(SourceError, match="FIFO"):
        mapping_from_file(fifo)
