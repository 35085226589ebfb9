"""The API refuses unknown ids and values with a guess (404/422, the one error shape), says
when a page is not the last, and filters actors by whole names like the command line."""

from __future__ import annotations

import httpx
import pytest

N_EVENTS = 60  # as made by conftest.make_event


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        (
            "/verdicts",
            {"agreement": "aleppo-calm-2016"},
            404,
            "no agreement 'aleppo-calm-2016' in the store: did you mean aleppo-calm-2016-05",
        ),
        ("/verdicts", {"event_id": "handmade:01"}, 404, "no event 'handmade:01' in the store"),
        ("/events/handmade:0001", {}, 404, "did you mean handmade:001"),
        ("/events", {"source": "handmad"}, 404, "no source 'handmad' in the store: did you mean"),
        ("/events", {"type": "airstrikes"}, 422, "did you mean remote.airstrike?"),
        ("/agreements/syria-coh", {}, 404, "did you mean syria-coh-2016"),
        ("/agreements/syria-coh/effect", {}, 404, "did you mean syria-coh-2016"),
        ("/map/events", {"agreement": "latakia"}, 404, "did you mean latakia-2016-04"),
        ("/agreements/syria-coh-2016/series", {"window": "bse"}, 404, "did you mean base?"),
        ("/verdicts", {"kind": "violations"}, 422, "not 'violations': did you mean violation"),
        ("/map/events", {"kind": "unlocted"}, 422, "did you mean unlocated?"),
    ],
)
def test_an_unknown_id_is_an_error_with_a_guess(
    client: httpx.Client, path: str, params: dict[str, str], status: int, message: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == {404: "not_found", 422: "invalid"}[status]
    assert message in error["message"]


def test_a_known_source_without_events_is_an_empty_page(client: httpx.Client) -> None:
    body = client.get("/events", params={"source": "acled"}).json()
    assert body["total"] == 0 and body["items"] == [] and body["truncated"] is False


def test_a_page_says_whether_more_match_after_it(client: httpx.Client) -> None:
    first = client.get("/events", params={"limit": 25}).json()
    assert first["truncated"] is True
    last = client.get("/events", params={"limit": 25, "offset": 50}).json()
    assert len(last["items"]) == 10 and last["truncated"] is False
    after = client.get("/events", params={"limit": 25, "cursor": first["next_cursor"]}).json()
    assert after["truncated"] is True
    verdicts = client.get("/verdicts", params={"limit": 1}).json()
    assert verdicts["total"] > 1 and verdicts["truncated"] is True
    every = client.get("/verdicts", params={"limit": 1000}).json()
    assert every["truncated"] is False


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "IS"}, N_EVENTS // 5),
        ({"actor": "Daesh"}, N_EVENTS // 5),  # another name of the excluded group
        ({"actor": "I"}, 0),
        ({"actor_contains": "i"}, N_EVENTS),  # "Syrian insurgents", "IS"
        ({"actor": "syrian insurgents"}, N_EVENTS - N_EVENTS // 5),
    ],
)
def test_actor_is_a_whole_name_and_actor_contains_a_part(
    client: httpx.Client, params: dict[str, str], expected: int
) -> None:
    assert client.get("/events", params=params).json()["total"] == expected
