"""GET and PUT /settings, and the API's answers at the store's threshold, on a store of its own
(a changed threshold would change the answers other API tests expect)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from live_server import create_keys, running
from machine import scaled
from threshold_events import AGREEMENT, CENTRE, EDGE_DURING, edge_store
from trucewatch.cli import app
from trucewatch.serve.api import create_app
from trucewatch.serve.api.errors import CODES
from trucewatch.store import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, Path, dict]]:
    """uvicorn over a store of the edge events, with keys; yields a client, the path, keys."""
    path = edge_store(tmp_path_factory.mktemp("settings") / "settings.duckdb")
    with Store.open(path) as store:
        keys = create_keys(store)
    with (
        running(create_app(path, write_rate=100.0, write_burst=1000)) as url,
        httpx.Client(base_url=url, timeout=scaled(60)) as client,
    ):
        assert client.post("/verdicts/refresh", headers={"x-api-key": keys["admin"]}).is_success
        yield client, path, keys


def _cli_verdicts(path: Path) -> set[tuple[str, ...]]:
    """``trucewatch verdicts --no-update -f json``, read beside the server."""
    result = runner.invoke(app, ["verdicts", "--no-update", "-f", "json", "--db", str(path)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return {
        (r["agreement_id"], r["event_id"], r["window_id"], r["verdict"], r["rules_version"])
        for r in records
    }


def _api_verdicts(client: httpx.Client) -> set[tuple[str, ...]]:
    page = client.get("/verdicts", params={"limit": 1000}).json()
    assert not page["truncated"]
    return {
        (v["agreement_id"], v["event_id"], v["window_id"], v["verdict"], v["rules_version"])
        for v in page["items"]
    }


def _shape(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"} and error["code"] == CODES[status]
    return error


def test_readers_see_the_default_settings_of_a_new_store(served) -> None:
    client, _, _ = served
    answer = client.get("/settings").json()
    assert answer["min_share_inside"] == 0.5 and answer["rules_version"] == "trucewatch.rules/2"
    assert answer["verdicts_current"] is True and answer["stale"] is None and answer["note"] == ""
    (row,) = answer["settings"]
    assert (row["name"], row["value"], row["is_default"], row["changed_at"]) == (
        "min_share_inside",
        0.5,
        True,
        None,
    )


@pytest.mark.parametrize(
    ("role", "status"), [(None, 401), ("reader", 403), ("analyst", 403), ("unknown", 401)]
)
def test_only_an_admin_changes_the_settings(served, role: str | None, status: int) -> None:
    client, _, keys = served
    headers = {} if role is None else {"x-api-key": keys.get(role, "tw_00000000_nothing")}
    _shape(client.put("/settings", json={"min_share_inside": 0.3}, headers=headers), status)
    assert client.get("/settings").json()["min_share_inside"] == 0.5


@pytest.mark.parametrize(
    "body",
    [
        {"min_share_inside": 1.5},
        {"min_share_inside": -0.1},
        {"min_share_inside": "0.3"},
        {"min_share_inside": True},
        {"min_share_inside": None},
        {},
        {"min_share_inside": 0.3, "max_share": 1},
    ],
)
def test_an_invalid_body_is_422_in_the_one_shape_and_stores_nothing(served, body: dict) -> None:
    client, _, keys = served
    error = _shape(client.put("/settings", json=body, headers={"x-api-key": keys["admin"]}), 422)
    assert error["details"] and all(d["where"].startswith("body") for d in error["details"])
    assert client.get("/settings").json()["min_share_inside"] == 0.5


def test_a_changed_threshold_changes_the_apis_answers_as_the_commands(served) -> None:
    client, path, keys = served
    assert _api_verdicts(client) == _cli_verdicts(path)
    base = {(e, w): k for a, e, w, k, _ in _api_verdicts(client) if a == AGREEMENT}
    assert base[(EDGE_DURING, "base")] == "unlocated" and base[(CENTRE, "base")] == "violation"
    series = client.get(f"/agreements/{AGREEMENT}/series", params={"days_before": 5})
    before_series = series.json()
    assert before_series["min_share_inside"] == 0.5

    put = client.put(
        "/settings", json={"min_share_inside": 0.3}, headers={"x-api-key": keys["admin"]}
    )
    assert put.status_code == 200, put.text
    answer = put.json()
    assert answer["min_share_inside"] == 0.3 and answer["verdicts_current"] is True
    assert answer["verdicts_rejudged"] == 7 and "0.5 -> 0.3" in answer["changed"][0]
    assert "at least 30 %" in answer["note"]
    assert client.get("/settings").json()["rules_version"].endswith(";min_share_inside=0.3")

    api = _api_verdicts(client)
    assert api == _cli_verdicts(path)  # the API and the command line give the same verdicts
    after = {(e, w): k for a, e, w, k, _ in api if a == AGREEMENT}
    assert after[(EDGE_DURING, "base")] == "possible_violation"
    assert {v for *_, v in api} == {"trucewatch.rules/2;min_share_inside=0.3"}
    effect = client.get(f"/agreements/{AGREEMENT}/effect", params={"horizon": "7"}).json()
    assert effect["min_share_inside"] == 0.3
    series = client.get(f"/agreements/{AGREEMENT}/series", params={"days_before": 5}).json()
    assert series["min_share_inside"] == 0.3 and series["verdicts"] == "stored"
    assert sum(series["scope_mostly_outside"]) == sum(before_series["scope_mostly_outside"]) - 2
