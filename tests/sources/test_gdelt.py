"""GDELT 2.0 adapter (gdelt.v2): headerless 61-column exports, zips, header samples, bad rows."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trucewatch.errors import RowError, SourceError
from trucewatch.model.event import Event, LocationPrecision
from trucewatch.sources import AcledAdapter, GdeltAdapter, adapter_for
from trucewatch.sources.gdelt import GDELT2_COLUMNS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
EXPORT = FIXTURES / "gdelt_export_bad.CSV"  # headerless, 61 columns, as GDELT publishes


def split(records) -> tuple[dict[str, Event], list[RowError]]:
    records = list(records)
    events = {r.source_row_id: r for r in records if isinstance(r, Event)}
    errors = [r for r in records if isinstance(r, RowError)]
    assert len(events) + len(errors) == len(records)
    return events, errors


@pytest.fixture(scope="module")
def export() -> tuple[dict[str, Event], list[RowError]]:
    return split(GdeltAdapter().read(EXPORT))


def test_gdelt_adapter_is_registered_as_gdelt():
    adapter = adapter_for("gdelt")
    assert (adapter.name, adapter.source) == ("gdelt.v2", "gdelt")


def test_gdelt_ceasefire_violation_is_the_local_day_capped_at_dateadded(export):
    event = export[0]["500000001"]
    assert event.event_type == "strategic.ceasefire_violation"
    assert event.source_event_type == "196"
    assert event.when.start == datetime(2016, 2, 25, 22, tzinfo=UTC)
    assert event.when.end == datetime(2016, 2, 26, 13, 15, tzinfo=UTC)
    assert "capped at DATEADDED" in event.provenance.notes


def test_gdelt_truce_declaration_added_after_the_day_keeps_the_whole_day(export):
    event = export[0]["500000002"]
    assert event.event_type == "strategic.agreement"
    assert event.when.end == datetime(2016, 2, 26, 22, tzinfo=UTC)
    assert event.provenance.notes == "DATEADDED 2016-02-27T00:00:00Z"


def test_gdelt_actor1_acts_upon_actor2(export):
    event = export[0]["500000001"]
    assert (event.actors.perpetrator, event.actors.target) == ("SYRIA", "REBEL")
    assert event.provenance.url == "https://example.org/news/500000001"


def test_gdelt_truce_declared_by_actor1_gives_it_no_attacker_role(export):
    event = export[0]["500000002"]  # CAMEO 0871, declare truce
    assert event.actors.side_a is not None and event.actors.side_b is not None
    assert (event.actors.perpetrator, event.actors.target) == (None, None)


def test_gdelt_one_actor_is_not_directed_and_country_points_have_500_km(export):
    event = export[0]["500000004"]
    assert event.actors.side_a == "SYRIA" and event.actors.side_b is None
    assert not event.actors.directed
    assert (event.where.precision, event.where.radius_km) == (LocationPrecision.COUNTRY, 500)
    assert event.where.coded_admin == "Syria"


def test_gdelt_world_city_is_near_with_10_km_and_names_its_admin1(export):
    where = export[0]["500000001"].where
    assert (where.precision, where.radius_km) == (LocationPrecision.NEAR, 10)
    assert (where.place, where.admin1, where.country) == ("Aleppo, Halab, Syria", "Halab", "Syria")


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        (3, "ActionGeo_Type", "no ActionGeo location"),
        (5, "ActionGeo_Type", "allowed codes are 1, 2, 3, 4, 5"),
        (6, "SQLDATE", "not a valid date"),
        (7, "DATEADDED", "YYYYMMDDHHMMSS"),
        (8, None, "has 40 fields but the header has 61"),
    ],
)
def test_gdelt_bad_rows_become_row_errors(export, line, field, reason):
    by_line = {e.line: e for e in export[1]}
    assert len(by_line) == 5
    assert by_line[line].field == field
    assert reason in by_line[line].reason


def test_gdelt_zipped_export_is_read_member_by_member(tmp_path):
    lines = EXPORT.read_text().splitlines()
    good = [lines[0], lines[1], lines[3]]
    assert all(len(line.split("\t")) == 61 for line in good)
    path = tmp_path / "20160226131500.export.CSV.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("20160226131500.export.CSV", "\n".join(good) + "\n")
    events, errors = split(GdeltAdapter().read(path))
    assert errors == []
    assert sorted(events) == ["500000001", "500000002", "500000004"]
    assert events["500000004"].provenance.line == 3
    assert events["500000004"].provenance.file.endswith("[20160226131500.export.CSV]")


def test_gdelt_file_with_a_header_row_is_read_by_its_header(tmp_path):
    header = "\t".join((*GDELT2_COLUMNS, "MentionConfidence"))
    rows = [line + "\t100" for line in EXPORT.read_text().splitlines()[:2]]
    path = tmp_path / "sample.tsv"
    path.write_text("\n".join([header, *rows]) + "\n")
    events, errors = split(GdeltAdapter().read(path))
    assert errors == []
    assert [e.provenance.line for e in events.values()] == [2, 3]


def test_gdelt_header_without_action_geo_is_refused(tmp_path):
    path = tmp_path / "cols.tsv"
    path.write_text("GLOBALEVENTID\tSQLDATE\n1\t20160226\n")
    with pytest.raises(SourceError, match="missing column"):
        list(GdeltAdapter().read(path))


@pytest.mark.parametrize("content", [b"", b"not a zip"])
def test_gdelt_empty_or_broken_zip_is_a_source_error(tmp_path, content):
    path = tmp_path / "x.export.CSV.zip"
    path.write_bytes(content)
    with pytest.raises(SourceError):
        list(GdeltAdapter().read(path))


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("day", "rows", "unplaced"),
    [("20201113", 2824, 5), ("20201114", 2601, 4), ("20201115", 3929, 5)],
)
def test_gdelt_sample_accounts_for_every_row(shared_data, day, rows, unplaced):
    path = shared_data / "gdelt2_events_sample" / f"gdelt2_events_{day}.tsv"
    events, errors = split(GdeltAdapter().read(path))
    assert len(events) + len(errors) == rows
    assert len(errors) == unplaced
    assert all("no ActionGeo location" in e.reason for e in errors)
    for event in events.values():  # an event cannot end after GDELT processed its article
        added = datetime.fromisoformat(event.provenance.notes.split()[1].rstrip(";"))
        assert event.when.end <= added


def _zip_with_patched_central_entry(tmp_path, offset: int, value: bytes):
    """A one-member zip whose central directory entry has ``value`` written at ``offset``."""
    path = tmp_path / "20160226131500.export.CSV.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("20160226131500.export.CSV", EXPORT.read_text())
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + offset : central + offset + len(value)] = value
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("offset", "value", "message"),
    [
        (6, (132).to_bytes(2, "little"), "not a readable zip archive"),  # needs version 13.2
        (8, (1).to_bytes(2, "little"), "is encrypted"),  # the encryption flag
    ],
)
def test_gdelt_zip_of_unsupported_version_or_encrypted_is_a_source_error(
    tmp_path, offset, value, message
):
    path = _zip_with_patched_central_entry(tmp_path, offset, value)
    with pytest.raises(SourceError, match=message):
        list(GdeltAdapter().read(path))
    # the other adapters, which do not read zips, say what is wrong instead of a traceback
    with pytest.raises(SourceError):
        list(AcledAdapter().read(path))
