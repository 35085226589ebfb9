"""Writing the report: HTML and PDF side by side, atomically; the PDF and the page as seen."""

from __future__ import annotations

import re
import subprocess
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from machine import chromium, scaled
from trucewatch import Store
from trucewatch.catalog import save_agreement
from trucewatch.errors import NotFoundError, TrucewatchError, ValidationError
from trucewatch.publish import (
    Report,
    build_report,
    report_for_store,
    write_report,
    write_report_for_store,
)


@pytest.fixture(scope="module")
def report(sim_events, sim_verdicts, coh) -> Report:
    return build_report(
        sim_events,
        sim_verdicts,
        coh,
        effects=[],
        change_points=[],
        conditions=[],
        generated_at=datetime(2016, 3, 11, tzinfo=UTC),
    )


@pytest.fixture(scope="module")
def written(report: Report, tmp_path_factory: pytest.TempPathFactory):
    return write_report(report, tmp_path_factory.mktemp("report") / "out")


def _pdf_pages(data: bytes) -> int:
    """Page objects in a PDF, looking inside compressed object streams too."""
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", c)) for c in chunks)


def test_write_report_names_files_after_agreement_and_day(written, report: Report):
    assert written.html.name == "syria-coh-2016-2016-03-10.html"
    assert written.pdf.name == "syria-coh-2016-2016-03-10.pdf"
    assert written.html.read_text(encoding="utf-8") == report.html


def test_write_report_pdf_has_several_pages(written):
    data = written.pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert _pdf_pages(data) >= 2


def test_write_report_leaves_no_temporary_file(written):
    assert sorted(p.name for p in written.html.parent.iterdir()) == [
        written.html.name,
        written.pdf.name,
    ]


def test_write_report_failure_leaves_no_partial_file_and_keeps_the_old_one(
    report: Report, tmp_path: Path
):
    old_html = tmp_path / f"{report.stem}.html"
    old_html.write_text("old report", encoding="utf-8")
    (tmp_path / f"{report.stem}.pdf").mkdir()  # a folder where the PDF must go: replace fails
    with pytest.raises(TrucewatchError, match="cannot write the report"):
        write_report(report, tmp_path)
    assert old_html.read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == [old_html.name, f"{report.stem}.pdf"]


@pytest.mark.parametrize("stem", [".hidden", "a/b", ".."])
def test_write_report_refuses_a_stem_that_is_not_a_plain_name(
    report: Report, tmp_path: Path, stem: str
):
    with pytest.raises(ValidationError, match="plain, non-hidden name"):
        write_report(report, tmp_path, stem=stem)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_report_renders_in_headless_chromium(written, tmp_path: Path):
    browser = chromium()
    shot = tmp_path / "page.png"
    run = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--host-resolver-rules=MAP * ~NOTFOUND",  # no network, should the page ask for any
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1100,2600",
            f"--screenshot={shot}",
            written.html.as_uri(),
        ],
        capture_output=True,
        timeout=scaled(120),
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert shot.stat().st_size > 50_000  # text and figures, not a blank page


def test_write_report_for_store_reports_a_stored_agreement(sim_events, coh, tmp_path: Path):
    with Store.open(tmp_path / "tw.duckdb") as store:
        save_agreement(store, coh)
        store.ingest_events(iter(sim_events), label="sim", adapter="simulation.v1")
        paths = write_report_for_store(store, coh.id, tmp_path / "out", day=date(2016, 3, 9))
    assert paths.html.name == "syria-coh-2016-2016-03-09.html"
    assert paths.pdf.read_bytes().startswith(b"%PDF")
    assert "The day&#x27;s violations: 2016-03-09" in paths.html.read_text(encoding="utf-8")


def test_report_for_store_names_the_stored_agreements_when_one_is_unknown(coh, tmp_path: Path):
    with Store.open(tmp_path / "tw.duckdb") as store:
        save_agreement(store, coh)
        with pytest.raises(NotFoundError, match="known: syria-coh-2016"):
            report_for_store(store, "no-such-truce")
