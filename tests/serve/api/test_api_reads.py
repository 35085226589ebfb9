"""Reading through the API: agreements, events (filters, paging), verdicts, effect, health."""

from __future__ import annotations

import httpx
import pytest

N_EVENTS = 60  # as made by conftest.make_event


def test_health_answers_ok_with_the_schema_version(client: httpx.Client) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["schema_version"] >= 4 and body["public_read"]


def test_openapi_lists_every_route(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/agreements", "/agreements/{agreement_id}", "/events", "/verdicts"} <= set(paths)
    assert "post" in paths["/agreements"]


def test_agreements_list_has_the_four_shipped_examples(client: httpx.Client) -> None:
    ids = {a["id"] for a in client.get("/agreements").json()}
    assert {"syria-coh-2016", "aleppo-calm-2016-05"} <= ids and len(ids) >= 4


def test_agreement_windows_are_in_utc_like_agreements_show(client: httpx.Client) -> None:
    body = client.get("/agreements/syria-coh-2016").json()
    first = body["windows"][0]
    assert first["start_utc"].startswith("2016-02-26T22:00")


def test_events_total_counts_every_match_and_pages_do_not_overlap(client: httpx.Client) -> None:
    first = client.get("/events", params={"limit": 25}).json()
    assert first["total"] == N_EVENTS and len(first["items"]) == 25
    second = client.get("/events", params={"limit": 25, "cursor": first["next_cursor"]}).json()
    by_offset = client.get("/events", params={"limit": 25, "offset": 25}).json()
    ids1 = [e["event_id"] for e in first["items"]]
    ids2 = [e["event_id"] for e in second["items"]]
    assert not set(ids1) & set(ids2)
    assert ids2 == [e["event_id"] for e in by_offset["items"]]


def test_events_last_page_has_no_next_cursor(client: httpx.Client) -> None:
    body = client.get("/events", params={"limit": 1000}).json()
    assert len(body["items"]) == N_EVENTS and body["next_cursor"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"bbox": "36.0,33.0,36.5,34.0"}, N_EVENTS // 3),  # Damascus only
        ({"type": "remote"}, N_EVENTS // 2),
        ({"actor": "is"}, N_EVENTS // 5),
        ({"source": "handmade"}, N_EVENTS),
        ({"source": "ucdp_ged"}, 0),
        ({"since": "2016-02-01", "until": "2016-02-02"}, 1),
    ],
)
def test_events_filters_narrow_the_total(
    client: httpx.Client, params: dict[str, str], expected: int
) -> None:
    assert client.get("/events", params=params).json()["total"] == expected


def test_event_by_id_gives_its_columns(client: httpx.Client) -> None:
    body = client.get("/events/handmade:001").json()
    assert body["event_id"] == "handmade:001" and body["event_type"] == "remote.airstrike"
    assert body["time_start"].endswith("+00:00")


def test_verdicts_filter_by_agreement_and_kind(client: httpx.Client) -> None:
    every = client.get("/verdicts", params={"agreement": "syria-coh-2016"}).json()
    assert every["total"] > 0
    assert {v["agreement_id"] for v in every["items"]} == {"syria-coh-2016"}
    kinds = {v["verdict"] for v in every["items"]}
    kind = sorted(kinds)[0]
    some = client.get("/verdicts", params={"agreement": "syria-coh-2016", "kind": kind}).json()
    assert 0 < some["total"] <= every["total"]
    assert {v["verdict"] for v in some["items"]} == {kind}


def test_verdicts_page_by_offset(client: httpx.Client) -> None:
    one = client.get("/verdicts", params={"limit": 3}).json()
    two = client.get("/verdicts", params={"limit": 3, "offset": 3}).json()
    key = [(v["event_id"], v["agreement_id"], v["window_id"]) for v in one["items"]]
    key2 = [(v["event_id"], v["agreement_id"], v["window_id"]) for v in two["items"]]
    assert len(key) == 3 and not set(key) & set(key2)


def test_effect_gives_rate_ratios_for_the_horizons_asked(client: httpx.Client) -> None:
    response = client.get(
        "/agreements/syria-coh-2016/effect", params=[("horizon", "14"), ("horizon", "whole")]
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["horizons"] == [14, None]
    assert {r["horizon_days"] for r in body["records"]} == {14, None}
    assert any(r["kind"] == "rate_ratio" for r in body["records"])


def test_effect_answers_what_the_library_job_effect_for_gives(client: httpx.Client, server) -> None:
    from trucewatch.analysis import effect_for
    from trucewatch.serve.api.routes_effect import effect_json
    from trucewatch.store import Store

    params = [("horizon", "7"), ("horizon", "whole"), ("control", "excluded")]
    body = client.get("/agreements/syria-coh-2016/effect", params=params).json()
    with Store.open(server.db, read_only=True) as store:
        result = effect_for(
            store, "syria-coh-2016", horizons=(7, None), control="excluded", update=False
        )
    assert result.verdicts == "stored"
    assert body["records"] == effect_json(result.effects)
    assert body["records"]
