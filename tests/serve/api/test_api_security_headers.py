"""Every answer of a real uvicorn on 127.0.0.1 carries the security headers: a
Content-Security-Policy that runs no inline script, frame denial, nosniff and a referrer
policy; errors (a 500 too) and static files included. The dashboard's page has no inline
script to need one; the interactive docs name their one inline script by its hash."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from live_server import create_keys, fill_store, handmade_event, running
from machine import scaled
from trucewatch.serve.api import create_app
from trucewatch.store import Store

REQUESTS = [
    ("GET", "/", None),
    ("GET", "/static/dashboard/dashboard.js", None),
    ("GET", "/static/leaflet/leaflet.css", None),
    ("GET", "/health", None),
    ("GET", "/openapi.json", None),
    ("GET", "/events?limit=2", None),
    ("GET", "/agreements/aleppo-calm-2016-05/effect?horizon=7", None),
    ("GET", "/no/such/route", None),  # 404
    ("DELETE", "/events", None),  # 405
    ("GET", "/events?limit=0", None),  # 422
    ("POST", "/agreements", None),  # 401: no key
    ("POST", "/agreements", "x" * 2_000_000),  # 413
    ("GET", "/boom", None),  # 500
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    path: Path = tmp_path_factory.mktemp("headers") / "headers.duckdb"
    with Store.open(path) as store:
        fill_store(store, [handmade_event(i) for i in range(5)], label="h", adapter="h.v1")
        create_keys(store, ("admin",))
    app = create_app(path)

    @app.get("/boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("a bug")

    # a new connection for every request: after a 500, uvicorn closes the one it came on
    transport = httpx.HTTPTransport(limits=httpx.Limits(max_keepalive_connections=0))
    with (
        running(app) as url,
        httpx.Client(base_url=url, timeout=scaled(60), transport=transport) as c,
    ):
        yield c


def _directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


@pytest.mark.parametrize(
    ("method", "path", "body"), REQUESTS, ids=[f"{m} {p}" for m, p, _ in REQUESTS]
)
def test_every_answer_carries_the_security_headers(
    client: httpx.Client, method: str, path: str, body: str | None
) -> None:
    reply = client.request(method, path, content=body, headers={"Origin": "https://evil.example"})
    assert reply.headers["x-frame-options"] == "DENY"
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["referrer-policy"] == "no-referrer"
    policy = _directives(reply.headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert not [h for h in reply.headers if h.startswith("access-control-")], "a CORS header"


def test_the_500_is_in_the_one_shape_with_the_headers(client: httpx.Client) -> None:
    reply = client.get("/boom")
    assert reply.status_code == 500
    assert reply.json()["error"]["code"] == "internal_error"
    assert "a bug" not in reply.text


def test_the_dashboard_page_has_no_inline_script_or_style(client: httpx.Client) -> None:
    page = client.get("/").text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.DOTALL)
    assert scripts, "the page loads its scripts"
    assert all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+\s*=", page), "an inline event handler"
    assert not re.search(r"\sstyle\s*=", page) and "<style" not in page


def test_the_docs_page_runs_only_its_own_inline_script_by_hash(client: httpx.Client) -> None:
    reply = client.get("/docs")
    assert reply.status_code == 200
    policy = _directives(reply.headers["content-security-policy"])
    (inline,) = re.findall(r"<script>(.*?)</script>", reply.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert reply.headers["x-frame-options"] == "DENY"
    assert client.get("/redoc").status_code == 200
