"""The jobs a command runs, one library function each (trucewatch.jobs): what the CLI, the web
service and Python users call."""

from __future__ import annotations

from pathlib import Path

import pytest

import trucewatch
from trucewatch.agreements import example_paths
from trucewatch.analysis import effect_for
from trucewatch.catalog import add_agreement_file, load_agreements
from trucewatch.errors import SourceError
from trucewatch.jobs import ingest_file, refresh
from trucewatch.sources.base import adapter_for
from trucewatch.store import Store
from trucewatch.verdicts.judge import judge
from trucewatch.verdicts.stored import stored_verdicts

GED = ("ucdp_ged_syria", "ged_syria_2016.csv")


def _part(shared: Path, folder: Path, every: int, first: int = 1) -> Path:
    lines = shared.joinpath(*GED).read_text(encoding="utf-8").splitlines(True)
    part = folder / f"part{first}.csv"
    part.write_text(lines[0] + "".join(lines[first::every]), encoding="utf-8")
    return part


def test_ingest_file_by_source_name_stores_what_the_adapter_reads(shared_data, tmp_path):
    part = _part(shared_data, tmp_path, 20)
    with Store.open(tmp_path / "s.duckdb") as store:
        report = ingest_file(store, "ucdp-ged", part)
        assert report.stored == store.count_events() > 250
        again = ingest_file(store, adapter_for("ucdp-ged"), part)
    assert again.already_ingested


def test_ingest_file_refuses_an_option_its_source_does_not_declare(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        with pytest.raises(SourceError, match=r"takes no option 'mapping'.*encoding"):
            ingest_file(store, "ucdp-ged", tmp_path / "x.csv", options={"mapping": {}})
        assert store.count_events() == 0


def test_refresh_judges_only_what_is_new_and_equals_judge(shared_data, tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        ingest_file(store, "ucdp-ged", _part(shared_data, tmp_path, 10, 1))
        for path in example_paths():
            add_agreement_file(store, path)
        first = refresh(store)
        assert first.windows_rejudged == first.windows_total > 0
        assert refresh(store).verdicts_written == 0  # nothing new: nothing judged
        ingest_file(store, "ucdp-ged", _part(shared_data, tmp_path, 10, 2))
        later = refresh(store)
        assert later.verdicts_written > 0
        agreements = load_agreements(store)
        expected = sorted(judge(list(store.iter_events()), agreements), key=repr)
        assert sorted(stored_verdicts(store, agreements), key=repr) == expected


def test_the_jobs_are_the_public_api_and_the_functions_the_commands_call():
    assert trucewatch.refresh is refresh
    assert trucewatch.ingest_file is ingest_file
    assert trucewatch.effect_for is effect_for
    from trucewatch.jobs import report_for  # imported on first use
    from trucewatch.publish._store import report_for as in_publish

    assert trucewatch.report_for is report_for is in_publish


def test_the_demo_runs_the_jobs_so_every_stored_agreement_is_judged(tmp_path):
    """The demo ingests and refreshes through trucewatch.jobs: an agreement the user stored
    beside the reference ones is judged too, and not counted among the demo's."""
    from trucewatch.demo import run_demo

    aleppo = next(p for p in example_paths() if p.name.startswith("aleppo"))
    mine = tmp_path / "mine.yaml"
    mine.write_text(aleppo.read_text().replace("id: aleppo-calm-2016-05", "id: mine", 1))
    with Store.open(tmp_path / "s.duckdb") as store:
        add_agreement_file(store, mine)
        result = run_demo(store, seed=7)
        judged = {agreement_id for agreement_id, _ in store.verdict_window_states()}
    assert {a.id for a in result.agreements} | {"mine"} == judged
    assert set(result.verdict_counts) == {a.id for a in result.agreements}
