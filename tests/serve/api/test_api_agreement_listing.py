"""The agreement listing is one library function (``catalog.agreement_listing``) that
``trucewatch agreements list`` and ``GET /agreements`` both show: the same agreements, versions
and counts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from live_server import running
from machine import scaled
from trucewatch.agreements import example_paths
from trucewatch.catalog import add_agreement_file, agreement_listing, record_end
from trucewatch.cli import app as cli
from trucewatch.serve.api import create_app
from trucewatch.store import Store

COLLAPSED = {
    "kind": "collapsed",
    "at": "2016-04-22T15:00:00+03:00",
    "evidence": ["Reuters, 22 April 2016: the cessation of hostilities has collapsed (test)"],
}


@pytest.fixture(scope="module")
def listed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped agreements, the CoH with a recorded end (its version 2)."""
    path = tmp_path_factory.mktemp("listing") / "s.duckdb"
    with Store.open(path) as store:
        for agreement_file in example_paths():
            add_agreement_file(store, agreement_file)
        record_end(store, "syria-coh-2016", COLLAPSED)
    return path


@pytest.fixture(scope="module")
def client(listed_store: Path) -> Iterator[httpx.Client]:
    with (
        running(create_app(listed_store)) as url,
        httpx.Client(base_url=url, timeout=scaled(60)) as client,
    ):
        yield client


def _instant(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _comparable(record: dict) -> dict:
    return {
        **record,
        "start_utc": _instant(record["start_utc"]),
        "end_utc": _instant(record["end_utc"]),
    }


def test_the_cli_and_the_api_list_the_same_agreements_versions_and_counts(
    listed_store: Path, client: httpx.Client
) -> None:
    with Store.open(listed_store, read_only=True) as store:
        library = agreement_listing(store)
    result = CliRunner().invoke(
        cli, ["agreements", "list", "--format", "json", "--db", str(listed_store)]
    )
    assert result.exit_code == 0, result.output
    from_cli = [json.loads(line) for line in result.stdout.splitlines()]
    reply = client.get("/agreements")
    assert reply.status_code == 200, reply.text
    from_api = reply.json()
    assert len(from_cli) == len(from_api) == len(library) == len(example_paths())
    assert [_comparable(r) for r in from_cli] == [_comparable(r) for r in from_api]
    coh = next(entry for entry in library if entry.id == "syria-coh-2016")
    assert (coh.version, coh.open_ended) == (2, False)
    assert coh.end.startswith("collapsed") and coh.windows >= 1
    assert sum(entry.windows for entry in library) == sum(r["windows"] for r in from_api)
