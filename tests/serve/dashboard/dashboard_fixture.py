"""Helpers of the dashboard tests: the known store of tests/fixtures/dashboard/, a server.

(A module of its own, not conftest.py: test folders each have a conftest, so importing
from "conftest" would pick whichever was imported first.)

The fixture: a 30-day truce over a box around Aleppo from 27 Feb 2016 (truce.yaml) and ten
hand-written events (events.csv): in the box before the start (2: outside_window), in the box
during the truce between the parties (4: violation), against IS (1: not_covered), by unknown
gunmen (1: possible_violation), and in Damascus, outside the box (2: no verdict).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from live_server import running
from machine import scaled
from trucewatch.catalog import add_agreement_file, load_agreements
from trucewatch.serve.api import create_app
from trucewatch.sources.generic_csv import GenericCsvAdapter, mapping_from_file
from trucewatch.store import Store
from trucewatch.verdicts.update import update_verdicts

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "dashboard"
AGREEMENT = "aleppo-box-test"
#: the map kind of each fixture event (event ids are dashtest:<no>)
KINDS = {
    "e01": "outside_window",
    "e02": "outside_window",
    "e03": "violation",
    "e04": "violation",
    "e05": "violation",
    "e06": "not_covered",
    "e07": "possible_violation",
    "e08": "none",
    "e09": "none",
    "e10": "violation",
}


@dataclass(frozen=True)
class Served:
    """A running server: its base URL, the store path and a reader key made before it started."""

    url: str
    db: Path
    reader_key: str

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=scaled(30))


def build_store(path: Path, *, verdicts: bool = True, events: Path | None = None) -> str:
    """Store the fixture truce and events (or another CSV of the same columns) and, unless
    told not to, compute the verdicts; return a reader key."""
    with Store.open(path) as store:
        add_agreement_file(store, FIXTURES / "truce.yaml")
        adapter = GenericCsvAdapter(**mapping_from_file(FIXTURES / "events_mapping.yaml"))
        store.ingest(adapter, events or FIXTURES / "events.csv", strict=True)
        if verdicts:
            update_verdicts(store, load_agreements(store))
        return store.create_api_key("reader", "dashboard test")[1]


@contextmanager
def serving(path: Path, key: str, *, public_read: bool = True) -> Iterator[Served]:
    """uvicorn serving the store at ``path`` on a free port of 127.0.0.1, in a thread."""
    with running(create_app(path, public_read=public_read, read_only=True)) as url:
        yield Served(url, path, key)
