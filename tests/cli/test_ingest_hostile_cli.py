"""`trucewatch ingest` on hostile files, end to end: bad rows and exit 1, or one clear error
and exit 2 with nothing stored; never a traceback (issue 13)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from trucewatch.cli import app

runner = CliRunner()
SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def stored(db: Path) -> int:
    if not db.exists():
        return 0
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


def test_ingest_huge_death_count_and_year_1_are_bad_rows_not_a_traceback(
    tmp_path, db, write_ged, ged_row
):
    rows = [ged_row(1, "36.2", "2016-05-09"), ged_row(2, "36.2", "0001-01-01")]
    rows.append(ged_row(3, "36.2", "2016-05-09")[: -len("1,1,2")] + "1,99999999999999999999,2")
    path = write_ged(rows, "hostile.csv")
    # the real command line, in a process of its own: what a user runs
    result = subprocess.run(
        [sys.executable, "-m", "trucewatch", "ingest", "ucdp-ged", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "hostile.csv:3: field 'date_start' value '0001-01-01': year 1 is outside" in (
        result.stderr
    )
    assert "hostile.csv:4: field 'best' value '99999999999999999999'" in result.stderr
    assert stored(db) == 1


def test_ingest_corrupt_zip_is_one_error_and_exit_2(tmp_path, db):
    lines = (SOURCES / "gdelt_export_bad.CSV").read_text().splitlines()
    data = ("\n".join([lines[0], lines[1]]) + "\n").encode()
    path = tmp_path / "20160226.export.CSV.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("20160226.export.CSV", data)
    raw = bytearray(path.read_bytes())
    raw[raw.index(data[:30]) + 10] ^= 0x04
    path.write_bytes(bytes(raw))
    result = invoke("ingest", "gdelt", path, "--db", db)
    assert result.exit_code == 2
    assert "20160226.export.CSV.zip[20160226.export.CSV]: the zip member is damaged" in (
        result.output
    )
    assert result.output.count("error:") == 1
    assert stored(db) == 0


def test_ingest_conflicting_id_exits_1_and_strict_refuses_it(tmp_path, db, write_ged, ged_row):
    first = write_ged([ged_row(1, "36.2", "2016-05-09"), ged_row(2, "36.2", "2016-05-09")], "a.csv")
    assert invoke("ingest", "ucdp-ged", first, "--db", db).exit_code == 0
    again = write_ged([ged_row(1, "36.2", "2016-05-09"), ged_row(2, "36.3", "2016-05-09")], "b.csv")
    strict = invoke("ingest", "ucdp-ged", again, "--strict", "--db", db)
    assert strict.exit_code == 2
    assert "rejected" in strict.output and "ucdp_ged:2 is already stored" in strict.output
    result = invoke("ingest", "ucdp-ged", again, "--db", db)
    assert result.exit_code == 1
    assert "0 events added, 1 already stored, 1 bad rows" in result.output
    assert (
        "b.csv:3: field 'lat' value '36.3': event id ucdp_ged:2 is already stored with "
        "different content (lat: 36.2 stored by ingest #1, 36.3 here)" in result.output
    )
    same = write_ged([ged_row(2, "36.2", "2016-05-09")], "c.csv")
    identical = invoke("ingest", "ucdp-ged", same, "--db", db)
    assert identical.exit_code == 0
    assert "0 events added, 1 already stored, 0 bad rows" in identical.output


def test_ingest_stops_after_max_bad_rows_with_a_message(tmp_path, db, write_ged, ged_row):
    path = write_ged([ged_row(1, "36.2", "2016-05-09"), *[f"junk{n}" for n in range(30)]])
    result = invoke("ingest", "ucdp-ged", path, "--max-bad-rows", 10, "--db", db)
    assert result.exit_code == 2
    assert "more than 10 bad rows (the limit)" in result.output
    assert "--max-bad-rows" in result.output
    assert stored(db) == 0


def test_ingest_file_over_max_bytes_names_the_limit(tmp_path, db, write_ged, ged_row):
    path = write_ged([ged_row(1, "36.2", "2016-05-09")])
    result = invoke("ingest", "ucdp-ged", path, "--max-bytes", 100, "--db", db)
    assert result.exit_code == 2
    assert "over the limit of 100 bytes" in result.output and "--max-bytes" in result.output


def test_ingest_long_line_is_a_bad_row_naming_the_limit(tmp_path, db, write_ged, ged_row):
    path = write_ged(
        [ged_row(1, "36.2", "2016-05-09"), "x" * 3000, ged_row(2, "36.2", "2016-05-09")]
    )
    result = invoke("ingest", "ucdp-ged", path, "--max-line-chars", 2000, "--db", db)
    assert result.exit_code == 1
    assert "ged.csv:3: the line is 3,000 characters long, over the limit of 2,000" in (
        result.output
    )
    assert stored(db) == 2


def test_ingest_small_zip_declaring_a_gigabyte_stops_at_once(tmp_path, db):
    path = tmp_path / "bomb.export.CSV.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.export.CSV", b"1\t2\n" * 1000)
    raw = bytearray(path.read_bytes())
    central = raw.index(b"PK\x01\x02")  # the central directory's uncompressed size (offset 24)
    raw[central + 24 : central + 28] = (2**30).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    result = invoke("ingest", "gdelt", path, "--db", db)
    assert result.exit_code == 2
    assert "1,073,741,824 bytes uncompressed, over the limit of 536,870,912 bytes" in result.output
    assert "--max-bytes" in result.output
    assert stored(db) == 0
