"""feeds/http.py against a real server on 127.0.0.1: retries, back-off, statuses as feed
states, Retry-After, bounded bodies, JSON, and no secret in any message."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import parse_qsl

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from live_server import free_port, running
from trucewatch.errors import FeedError
from trucewatch.feeds.credentials import Secret
from trucewatch.feeds.http import FeedClient, get, retry_after_seconds

TOKEN = "tok-SECRET-5b7a"


class Flaky:
    """Answers the first ``fail`` requests of a path with ``status``, then 200."""

    def __init__(self) -> None:
        self.app = FastAPI()
        self.seen: dict[str, int] = {}
        self.app.get("/status/{code}/{fail}")(self.status)
        self.app.get("/ok")(self.ok)
        self.app.get("/retry-after")(self.retry_after)
        self.app.get("/big")(self.big)
        self.app.get("/html")(self.html)
        self.app.get("/moved")(self.moved)
        self.app.post("/form")(self.form)

    async def status(self, code: int, fail: int, request: Request) -> Response:
        key = str(request.url)
        self.seen[key] = self.seen.get(key, 0) + 1
        if self.seen[key] <= fail:
            return JSONResponse({"echo": dict(request.headers)}, status_code=code)
        return JSONResponse({"ok": True, "tries": self.seen[key]})

    async def ok(self, request: Request) -> Response:
        return JSONResponse({"params": dict(request.query_params)})

    async def retry_after(self, value: str) -> Response:
        return Response(status_code=429, headers={"Retry-After": value})

    async def big(self, size: int) -> Response:
        return Response(b"x" * size, media_type="application/octet-stream")

    async def html(self) -> Response:
        return Response("<html>maintenance</html>", media_type="text/html")

    async def moved(self) -> Response:
        return Response(status_code=302, headers={"Location": "https://elsewhere.example/x?k=1"})

    async def form(self, request: Request) -> Response:
        return JSONResponse(dict(parse_qsl((await request.body()).decode())))


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Flaky]]:
    flaky = Flaky()
    with running(flaky.app) as url:
        yield url, flaky


def client(sleeps: list[float] | None = None, **kw: object) -> FeedClient:
    record = sleeps if sleeps is not None else []
    return FeedClient("test", label="TEST", sleep=record.append, **kw)  # type: ignore[arg-type]


def test_http_500_then_success_is_retried_with_exponential_back_off(server):
    url, _ = server
    sleeps: list[float] = []
    with client(sleeps, backoff=1.5) as c:
        reply = c.get(f"{url}/status/500/2?n=a")
    assert reply.json() == {"ok": True, "tries": 3}
    assert sleeps == [1.5, 3.0]


def test_http_5xx_after_every_retry_is_unavailable(server):
    url, _ = server
    sleeps: list[float] = []
    with client(sleeps, retries=2) as c, pytest.raises(FeedError) as caught:
        c.get(f"{url}/status/503/99?n=b")
    assert caught.value.state == "unavailable"
    assert caught.value.feed == "test"
    assert "HTTP 503" in str(caught.value) and "3 tries" in str(caught.value)
    assert sleeps == [2.0, 4.0]


def test_http_connection_refused_is_retried_then_unavailable():
    sleeps: list[float] = []
    with client(sleeps, retries=1) as c, pytest.raises(FeedError) as caught:
        c.get(f"http://127.0.0.1:{free_port()}/x")
    assert caught.value.state == "unavailable"
    assert "ConnectError" in str(caught.value)
    assert sleeps == [2.0]


@pytest.mark.parametrize(
    ("code", "secret", "state"),
    [
        (401, True, "token expired"),
        (401, False, "token missing"),
        (403, True, "forbidden"),
        (404, True, "unavailable"),
        (400, False, "unavailable"),
    ],
)
def test_http_client_errors_are_feed_states_without_retry(server, code, secret, state):
    url, _ = server
    sleeps: list[float] = []
    headers = {"x-token": Secret(TOKEN)} if secret else {"x-plain": "hello"}
    with client(sleeps) as c, pytest.raises(FeedError) as caught:
        c.get(f"{url}/status/{code}/99?n={code}{secret}", headers=headers)
    assert caught.value.state == state
    assert sleeps == []
    assert TOKEN not in str(caught.value)


def test_http_allowed_status_is_a_reply(server):
    url, _ = server
    with client() as c:
        reply = c.get(f"{url}/status/404/1?n=allowed", allow=(404,))
    assert reply.status == 404


def test_http_429_is_rate_limited_with_retry_after_in_seconds(server):
    url, _ = server
    with client() as c, pytest.raises(FeedError) as caught:
        c.get(f"{url}/retry-after", params={"value": "120"})
    assert caught.value.state == "rate limited"
    assert caught.value.retry_after == 120.0
    assert "retry after 120 s" in str(caught.value)


def test_http_429_retry_after_as_an_http_date(server):
    url, _ = server
    now = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    when = format_datetime(now + timedelta(minutes=10), usegmt=True)
    with client(clock=now.timestamp) as c, pytest.raises(FeedError) as caught:
        c.get(f"{url}/retry-after", params={"value": when})
    assert caught.value.retry_after == 600.0


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("30", 30.0),
        ("0", 0.0),
        ("Fri, 01 May 2026 12:01:00 GMT", 60.0),
        ("Fri, 01 May 2026 11:00:00 GMT", 0.0),
        ("soon", None),
        ("inf", None),
        ("-5", None),
    ],
)
def test_retry_after_forms(value, seconds):
    now = datetime(2026, 5, 1, 12, 0, tzinfo=UTC).timestamp()
    assert retry_after_seconds(value, now) == seconds


def test_http_body_over_the_limit_is_bad_data(server):
    url, _ = server
    with client(max_bytes=1000) as c:
        assert len(c.get(f"{url}/big", params={"size": 1000}).content) == 1000
        with pytest.raises(FeedError) as caught:
            c.get(f"{url}/big", params={"size": 1001})
    assert caught.value.state == "bad data"
    assert "larger than 1,000 bytes" in str(caught.value)


def test_http_not_json_is_bad_data(server):
    url, _ = server
    with client() as c, pytest.raises(FeedError) as caught:
        c.get(f"{url}/html").json()
    assert caught.value.state == "bad data"
    assert "not JSON" in str(caught.value)


def test_http_redirect_is_not_followed_so_the_token_stays(server):
    url, _ = server
    with client() as c, pytest.raises(FeedError) as caught:
        c.get(f"{url}/moved", headers={"x-token": Secret(TOKEN)})
    assert caught.value.state == "unavailable"
    assert "https://elsewhere.example/x" in str(caught.value)
    assert "k=1" not in str(caught.value)


def test_http_secrets_are_sent_but_never_in_messages_or_reprs(server):
    url, _ = server
    with client() as c:
        reply = c.post_form(f"{url}/form", {"password": Secret(TOKEN), "user": "u"})
        assert reply.json() == {"password": TOKEN, "user": "u"}
        assert TOKEN not in repr(reply)
        with pytest.raises(FeedError) as caught:
            c.get(f"{url}/status/401/99?n=s", params={"q": "1"}, headers={"a": Secret(TOKEN)})
    assert TOKEN not in str(caught.value) and TOKEN not in repr(caught.value)
    assert "?q=1" not in str(caught.value)  # the URL is shown without its query


def test_http_get_function_params(server):
    url, _ = server
    reply = get(f"{url}/ok", feed="test", params={"page": 2})
    assert reply.json() == {"params": {"page": "2"}}


def test_http_download_streams_to_a_file_with_its_size_and_md5(server, tmp_path):
    url, _ = server
    with client() as c:
        got = c.download(f"{url}/big", tmp_path / "d" / "x.bin", params={"size": 70_000})
    assert got.path.read_bytes() == b"x" * 70_000
    assert got.size == 70_000
    assert got.md5 == hashlib.md5(b"x" * 70_000).hexdigest()
    assert [p.name for p in (tmp_path / "d").iterdir()] == ["x.bin"]


def test_http_download_over_the_limit_leaves_no_file(server, tmp_path):
    url, _ = server
    with client(max_bytes=1000) as c, pytest.raises(FeedError) as caught:
        c.download(f"{url}/big", tmp_path / "x.bin", params={"size": 5000})
    assert caught.value.state == "bad data"
    assert list(tmp_path.iterdir()) == []


def test_http_download_after_a_500_is_whole(server, tmp_path):
    url, _ = server
    sleeps: list[float] = []
    with client(sleeps) as c:
        got = c.download(f"{url}/status/500/1?n=dl", tmp_path / "x.json")
    assert json.loads(got.path.read_bytes()) == {"ok": True, "tries": 2}
    assert len(sleeps) == 1


def test_http_messages_show_no_user_and_password_of_the_url(server):
    url, _ = server
    with client() as c, pytest.raises(FeedError) as caught:
        c.get(url.replace("http://", "http://me:pw-SECRET@") + "/status/404/9?n=u")
    assert "pw-SECRET" not in str(caught.value) and "me:" not in str(caught.value)
