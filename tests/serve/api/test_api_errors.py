"""One JSON error shape everywhere: every route walked with bad input; no input gives a 500."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trucewatch.serve.api.errors import CODES

BAD_REQUESTS = [
    ("GET", "/nowhere", {}, None, 404),
    ("DELETE", "/events", {}, None, 405),
    ("PUT", "/agreements", {}, None, 405),
    ("GET", "/events", {"limit": "0"}, None, 422),
    ("GET", "/events", {"limit": "1001"}, None, 422),
    ("GET", "/events", {"offset": "-1"}, None, 422),
    ("GET", "/events", {"bbox": "1,2,3"}, None, 422),
    ("GET", "/events", {"bbox": "0,95,1,96"}, None, 422),
    ("GET", "/events", {"since": "yesterday"}, None, 422),
    ("GET", "/events", {"since": "2016-05-02", "until": "2016-05-01"}, None, 422),
    ("GET", "/events", {"type": "picnic"}, None, 422),
    ("GET", "/events", {"actor": "x" * 201}, None, 422),
    ("GET", "/events", {"cursor": "not-a-cursor"}, None, 400),
    ("GET", "/events/nope:1", {}, None, 404),
    ("GET", "/verdicts", {"kind": "bad"}, None, 422),
    ("GET", "/verdicts", {"limit": "x"}, None, 422),
    ("GET", "/agreements/nope", {}, None, 404),
    ("GET", "/agreements/nope/effect", {}, None, 404),
    ("GET", "/agreements/syria-coh-2016/effect", {"horizon": "0"}, None, 422),
    ("GET", "/agreements/syria-coh-2016/effect", {"control": "moon"}, None, 422),
    ("POST", "/agreements", {}, None, 401),
    ("PUT", "/settings", {}, None, 422),
    ("DELETE", "/settings", {}, None, 405),
]


def _assert_shape(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == CODES[status]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


@pytest.mark.parametrize(("method", "path", "params", "headers", "status"), BAD_REQUESTS)
def test_every_route_answers_bad_input_with_the_one_error_shape(
    client: httpx.Client, method: str, path: str, params: dict, headers: dict | None, status: int
) -> None:
    _assert_shape(client.request(method, path, params=params, headers=headers), status)


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("application/json", b"{not json", 400),
        ("application/json", b'{"txt": 1}', 422),
        ("application/octet-stream", b"x", 415),
        ("application/yaml", b"\xff\xfe", 400),
        ("application/yaml", b"  ", 422),
    ],
)
def test_bad_write_bodies_get_the_one_error_shape(
    client: httpx.Client, server, content_type: str, body: bytes, status: int
) -> None:
    headers = {"content-type": content_type, "x-api-key": server.keys["admin"]}
    _assert_shape(client.post("/agreements", content=body, headers=headers), status)


def test_reader_write_is_403_in_the_one_shape(client: httpx.Client, server) -> None:
    headers = {"content-type": "application/yaml", "x-api-key": server.keys["reader"]}
    _assert_shape(client.post("/agreements", content=b"a: 1", headers=headers), 403)


def test_a_malformed_authorization_header_is_401(client: httpx.Client) -> None:
    _assert_shape(client.get("/events", headers={"authorization": "Basic abc"}), 401)


TEXT = st.text(max_size=60)
NUMBER_TEXT = st.one_of(st.integers(-(10**12), 10**12).map(str), TEXT)
EVENT_PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "bbox": st.one_of(
            TEXT,
            st.lists(st.floats(allow_nan=True), min_size=4, max_size=4).map(
                lambda v: ",".join(map(str, v))
            ),
        ),
        "since": st.one_of(TEXT, st.dates().map(str), st.datetimes().map(lambda d: d.isoformat())),
        "until": st.one_of(TEXT, st.dates().map(str)),
        "source": TEXT,
        "actor": TEXT,
        "type": st.one_of(TEXT, st.sampled_from(["remote", "battle", "remote.airstrike"])),
        "limit": NUMBER_TEXT,
        "offset": NUMBER_TEXT,
        "cursor": TEXT,
    },
)
VERDICT_PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "agreement": TEXT,
        "kind": st.one_of(TEXT, st.sampled_from(["violation", "not_covered"])),
        "event_id": TEXT,
        "limit": NUMBER_TEXT,
        "offset": NUMBER_TEXT,
    },
)
FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _no_500(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        _assert_shape(response, response.status_code)


@FAST
@given(params=EVENT_PARAMS)
def test_no_event_query_gives_a_500(client: httpx.Client, params: dict[str, str]) -> None:
    _no_500(client.get("/events", params=params))


@FAST
@given(params=VERDICT_PARAMS)
def test_no_verdict_query_gives_a_500(client: httpx.Client, params: dict[str, str]) -> None:
    _no_500(client.get("/verdicts", params=params))


@FAST
@given(event_id=st.text(min_size=1, max_size=80), agreement_id=st.text(min_size=1, max_size=80))
def test_no_id_in_a_path_gives_a_500(
    client: httpx.Client, event_id: str, agreement_id: str
) -> None:
    _no_500(client.get("/events/" + quote(event_id, safe="")))
    _no_500(client.get("/agreements/" + quote(agreement_id, safe="") + "/effect"))
