"""Edits and deletions through the API on a real uvicorn: POST /ingest/acled?edits=replace
stores an edited event as its new version, and GET /events/changes lists the log with a total
that agrees with it (and is not taken for an event id by GET /events/{id})."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from acled_rows import ACLED_HEADER, acled_row
from live_server import create_keys, running
from machine import scaled
from trucewatch.serve.api import create_app
from trucewatch.store import Store


def _csv(rows: list[str]) -> bytes:
    return ("\n".join([ACLED_HEADER, *rows]) + "\n").encode()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, Path, dict]]:
    path = tmp_path_factory.mktemp("changes") / "changes.duckdb"
    with Store.open(path) as store:
        keys = create_keys(store)
    app = create_app(path, write_rate=100.0, write_burst=1000)
    with running(app) as url, httpx.Client(base_url=url, timeout=scaled(60)) as client:
        yield client, path, keys


def _ingest(client: httpx.Client, keys: dict, name: str, body: bytes, **params: str):
    return client.post(
        "/ingest/acled",
        params={"filename": name, "refresh": "false", **params},
        content=body,
        headers={"Authorization": f"Bearer {keys['analyst']}"},
    )


def test_an_edit_uploaded_with_edits_replace_is_stored_and_logged(served) -> None:
    client, path, keys = served
    first = _ingest(client, keys, "a.csv", _csv([acled_row(1), acled_row(2)]))
    assert first.status_code == 201, first.text
    refused = _ingest(client, keys, "b.csv", _csv([acled_row(2, fatalities=8)]))
    assert refused.json()["bad"] == 1 and refused.json()["replaced"] == 0
    edited = _ingest(
        client, keys, "c.csv", _csv([acled_row(2, fatalities=9), acled_row(3)]), edits="replace"
    )
    assert edited.status_code == 201, edited.text
    answer = edited.json()
    assert (answer["stored"], answer["replaced"], answer["restored"], answer["bad"]) == (2, 1, 0, 0)
    assert "1 events added, 1 replaced (edited at the source)" in answer["message"]
    assert client.get("/events/acled:SYR2").json()["fatalities_best"] == 9
    with Store.open(path) as store:
        store.delete_events(["acled:SYR1"], origin="acled")
    changes = client.get("/events/changes")
    assert changes.status_code == 200, changes.text
    page = changes.json()
    assert page["total"] == len(page["items"]) == 2 and not page["truncated"]
    assert [(c["event_id"], c["change"]) for c in page["items"]] == [
        ("acled:SYR2", "edited"),
        ("acled:SYR1", "deleted"),
    ]
    assert page["items"][0]["origin"] == "upload:c.csv"
    assert page["items"][0]["detail"].startswith("fatalities_low: 3 -> 9")
    one = client.get("/events/changes", params={"change": "deleted", "limit": 1}).json()
    assert (one["total"], [c["event_id"] for c in one["items"]]) == (1, ["acled:SYR1"])
    cut = client.get("/events/changes", params={"limit": 1}).json()
    assert (cut["total"], len(cut["items"]), cut["truncated"]) == (2, 1, True)
    gone = client.get("/events/acled:SYR1")
    assert gone.status_code == 404 and "deleted at its source" in gone.text


def test_event_changes_refuses_an_unknown_kind_and_a_wrong_edits_mode(served) -> None:
    client, _, keys = served
    assert client.get("/events/changes", params={"change": "moved"}).status_code == 422
    wrong = _ingest(client, keys, "d.csv", _csv([acled_row(4)]), edits="overwrite")
    assert wrong.status_code == 422
