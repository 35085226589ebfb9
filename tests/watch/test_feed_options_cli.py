"""Options given to `trucewatch feeds add` reach the feed as the text written, which the feed
reads (a release stays "25.10", a count is read from its digits), and a value the feed cannot
take is a clear error, never a traceback."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from trucewatch.cli import app
from trucewatch.store import Store
from trucewatch.store.feed_state import feed_state

runner = CliRunner()


def test_a_release_written_25_10_is_stored_as_written_and_a_country_code_as_text(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["feeds", "add", "ucdp", "--option", "versions=25.10",
                                 "--option", "country=652", "--option", "max_pages=3",
                                 "--db", str(db)])  # fmt: skip
    assert result.exit_code == 0, result.output
    with Store.open(db, read_only=True) as store:
        options = feed_state(store, "ucdp").options
    assert options == {"versions": "25.10", "country": "652", "max_pages": "3"}


def test_a_count_that_is_not_a_number_is_refused_naming_the_option(tmp_path: Path) -> None:
    result = runner.invoke(app, ["feeds", "add", "acled", "--option", "max_pages=many",
                                 "--db", str(tmp_path / "s.duckdb")])  # fmt: skip
    assert result.exit_code == 2
    assert "max_pages" in result.output and "'many'" in result.output
    assert "internal error" not in result.output
