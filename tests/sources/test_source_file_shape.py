"""Each adapter checks a file's shape before reading rows: a wrong file is refused at once,
nothing is stored, and the message names the command for what the file seems to be."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from trucewatch.cli import app
from trucewatch.errors import SourceError
from trucewatch.sources import adapter_for
from trucewatch.sources.gdelt import GDELT2_COLUMNS
from trucewatch.sources.sniff import guess_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
UCDP = FIXTURES / "ucdp_ged_good.csv"
ACLED = FIXTURES / "acled_current.csv"
GDELT = FIXTURES / "gdelt_export_bad.CSV"


def read_all(source: str, path: Path, **options: object) -> list[object]:
    return list(adapter_for(source, **options).read(path))


@pytest.mark.parametrize(
    ("source", "path", "looks_like"),
    [
        ("gdelt", UCDP, "ucdp-ged"),
        ("gdelt", ACLED, "acled"),
        ("ucdp-ged", GDELT, "gdelt"),
        ("ucdp-ged", ACLED, "acled"),
        ("acled", UCDP, "ucdp-ged"),
        ("acled", GDELT, "gdelt"),
        ("news", UCDP, "ucdp-ged"),
        ("news", GDELT, "gdelt"),
    ],
)
def test_adapter_refuses_another_sources_file_and_names_the_right_command(source, path, looks_like):
    options = {"published": "2016-05-05T10:00+03:00"} if source == "news" else {}
    with pytest.raises(SourceError) as caught:
        read_all(source, path, **options)
    assert f"`trucewatch ingest {looks_like}`" in str(caught.value)
    assert str(path) in str(caught.value)


def test_gdelt_refuses_a_headerless_file_without_61_fields(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\tworld\nanother\tline\n")
    with pytest.raises(SourceError, match=r"line 1 has 2 tab-separated field\(s\).*61"):
        read_all("gdelt", path)


def test_gdelt_names_a_gdelt_1_daily_file(tmp_path):
    path = tmp_path / "20160505.export.CSV"
    path.write_text("\t".join(["512345678", "20160505", *["x"] * 55]) + "\n")
    with pytest.raises(SourceError, match=r"GDELT 1\.0 daily file"):
        read_all("gdelt", path)


def test_gdelt_first_line_truncated_does_not_refuse_a_good_export(tmp_path):
    good = GDELT.read_text().splitlines()[:7]
    path = tmp_path / "export.CSV"
    path.write_text("\n".join(["500000000\t20160226\tcut", *good]) + "\n")
    records = read_all("gdelt", path)
    assert len(records) == 8  # the cut line is one bad row, the seven good ones are events


def test_news_refuses_a_csv_table(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("when,where,what\n2016-05-05,Aleppo,shelling\n")
    with pytest.raises(SourceError, match=r"table, not news articles.*ingest csv"):
        read_all("news", path, published="2016-05-05T10:00+03:00")


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        (UCDP.read_text().splitlines()[0].split(","), "ucdp-ged"),
        ([UCDP.read_text().splitlines()[0]], "ucdp-ged"),  # read whole by a tab reader
        (ACLED.read_text().splitlines()[0].split(","), "acled"),
        (list(GDELT2_COLUMNS), "gdelt"),
        (GDELT.read_text().splitlines()[0].split("\t"), "gdelt"),
        (["when", "where", "what"], None),
    ],
)
def test_guess_source_from_a_first_line(first_line, expected):
    assert guess_source(first_line) == expected


def test_cli_ingest_gdelt_of_a_ucdp_file_exits_2_and_stores_no_bad_rows(tmp_path):
    db = tmp_path / "store.duckdb"
    result = CliRunner().invoke(app, ["ingest", "gdelt", str(UCDP), "--db", str(db)])
    assert result.exit_code == 2
    assert "trucewatch ingest ucdp-ged" in result.output
    if db.exists():
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM bad_rows").fetchone() == (0,)
            assert con.execute("SELECT count(*) FROM events").fetchone() == (0,)


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("source", "relative", "looks_like"),
    [
        ("gdelt", "ucdp_ged_syria/ged_syria_2016.csv", "ucdp-ged"),
        ("gdelt", "acled_sample/acled_syria_2020-04-27_2020-05-09.csv", "acled"),
        ("ucdp-ged", "gdelt2_events_sample/gdelt2_events_20201113.tsv", "gdelt"),
        ("acled", "ucdp_ged_syria/ged_syria_2016.csv", "ucdp-ged"),
    ],
)
def test_real_files_given_to_the_wrong_adapter_are_refused_at_once(
    shared_data, source, relative, looks_like
):
    with pytest.raises(SourceError, match=f"trucewatch ingest {looks_like}"):
        read_all(source, shared_data / relative)
