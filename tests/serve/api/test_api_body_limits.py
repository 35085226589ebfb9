"""Request bodies are limited while they stream in: a real uvicorn on 127.0.0.1 answers 413 to a
declared length over the limit without reading the body, and to a chunked body as soon as it
passes the limit, long before the client has sent it all; uploads have a larger limit than
every other body; the server goes on answering."""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from live_server import create_keys, fill_store, handmade_event, running
from machine import scaled
from trucewatch.serve.api import create_app
from trucewatch.store import Store

#: the limits of the test server: every body, and uploads
BODY_LIMIT = 64 * 1024
UPLOAD_LIMIT = 512 * 1024
#: what a hostile client means to send (it never gets that far)
HOSTILE = 200 * 2**20
ALEPPO = "aleppo-calm-2016-05"
#: every route that takes a body: method, path, content type
BODY_ROUTES = [
    ("POST", "/agreements", "application/yaml"),
    ("PUT", f"/agreements/{ALEPPO}", "application/yaml"),
    ("POST", f"/agreements/{ALEPPO}/extensions", "application/json"),
    ("POST", f"/agreements/{ALEPPO}/end", "application/json"),
    ("POST", "/subscriptions", "application/json"),
    ("PUT", "/settings", "application/json"),
    ("POST", "/ingest/ucdp-ged?filename=big.csv", "text/csv"),
]
ROUTE_IDS = [f"{m} {p.split('?')[0]}" for m, p, _ in BODY_ROUTES]


@dataclass(frozen=True)
class Limited:
    url: str
    db: Path
    admin: str


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Limited]:
    path = tmp_path_factory.mktemp("limits") / "limits.duckdb"
    with Store.open(path) as store:
        fill_store(store, [handmade_event(i) for i in range(5)], label="h", adapter="h.v1")
        keys = create_keys(store, ("admin",))
    app = create_app(
        path, write_rate=100.0, write_burst=1000, max_body=BODY_LIMIT, max_upload=UPLOAD_LIMIT
    )
    with running(app) as url:
        yield Limited(url, path, keys["admin"])


def _limit_of(path: str) -> int:
    return UPLOAD_LIMIT if path.startswith("/ingest/") else BODY_LIMIT


def _head(url: str, method: str, path: str, kind: str, key: str, length: str | None) -> bytes:
    host = urlsplit(url).netloc
    framing = f"Content-Length: {length}" if length else "Transfer-Encoding: chunked"
    return (
        f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {kind}\r\n"
        f"Authorization: Bearer {key}\r\n{framing}\r\n\r\n"
    ).encode()


def _connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=scaled(30))


def _read_answer(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One HTTP answer from ``sock``: status, headers (lower-case names), body."""
    data = b""
    while b"\r\n\r\n" not in data:
        part = sock.recv(65536)
        assert part, f"the server closed the connection without an answer: {data!r}"
        data += part
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines)}
    while len(body) < int(headers.get("content-length", "0")):
        part = sock.recv(65536)
        assert part, "the server closed the connection inside the answer"
        body += part
    return int(status_line.split()[1]), headers, body


def _send_chunked_until_answered(sock: socket.socket, total: int) -> int:
    """Send ``total`` bytes as 64 KiB chunks, stopping as soon as an answer can be read;
    return how many body bytes were sent by then."""
    chunk = b"x" * 65536
    frame = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    sent = 0
    pending = b""
    while sent < total:
        readable, writable, _ = select.select([sock], [sock], [], scaled(30))
        if readable:
            return sent
        assert writable, "the server neither answered nor read the body"
        if not pending:
            pending = frame
            sent += len(chunk)
        pending = pending[sock.send(pending) :]
    return sent


@pytest.mark.parametrize(("method", "path", "kind"), BODY_ROUTES, ids=ROUTE_IDS)
def test_a_chunked_body_over_the_limit_is_refused_before_it_is_all_sent(
    limited: Limited, method: str, path: str, kind: str
) -> None:
    with _connect(limited.url) as sock:
        sock.sendall(_head(limited.url, method, path, kind, limited.admin, None))
        sent = _send_chunked_until_answered(sock, HOSTILE)
        status, headers, body = _read_answer(sock)
    assert status == 413, body
    assert sent < HOSTILE // 10, f"the answer came only after {sent:,} bytes"
    error = json.loads(body)["error"]
    assert error["code"] == "too_large"
    assert f"{_limit_of(path):,}" in error["message"]
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("method", "path", "kind"), BODY_ROUTES, ids=ROUTE_IDS)
def test_a_declared_length_over_the_limit_is_refused_without_reading_the_body(
    limited: Limited, method: str, path: str, kind: str
) -> None:
    with _connect(limited.url) as sock:
        sock.sendall(_head(limited.url, method, path, kind, limited.admin, str(HOSTILE)))
        # not a byte of the body is sent: the answer comes all the same
        status, _, body = _read_answer(sock)
    assert status == 413, body
    assert f"{HOSTILE:,} bytes" in json.loads(body)["error"]["message"]


def test_an_upload_may_be_larger_than_other_bodies(limited: Limited) -> None:
    """A body between the two limits: refused as an agreement, read as an upload."""
    middle = b"x" * (BODY_LIMIT + 1000)
    headers = {"Authorization": f"Bearer {limited.admin}"}
    with httpx.Client(base_url=limited.url, timeout=scaled(30), headers=headers) as client:
        agreement = client.post(
            "/agreements", content=middle, headers={"Content-Type": "application/yaml"}
        )
        upload = client.post("/ingest/ucdp-ged", params={"filename": "x.csv"}, content=middle)
    assert agreement.status_code == 413
    assert upload.status_code == 422, upload.text  # read, and refused as no GED file
    assert "column" in upload.json()["error"]["message"]


def test_the_server_answers_on_after_refusing_a_body(limited: Limited) -> None:
    with _connect(limited.url) as sock:
        sock.sendall(
            _head(limited.url, "PUT", "/settings", "application/json", limited.admin, None)
        )
        _send_chunked_until_answered(sock, HOSTILE)
        assert _read_answer(sock)[0] == 413
    with httpx.Client(base_url=limited.url, timeout=scaled(30)) as client:
        assert client.get("/health").status_code == 200
        body = {"min_share_inside": 0.5}
        auth = {"Authorization": f"Bearer {limited.admin}"}
        assert client.put("/settings", json=body, headers=auth).status_code == 200
    with Store.open(limited.db, read_only=True) as store:
        assert not [i for i in store.ingests() if "big.csv" in str(i)]


def test_a_body_cut_at_the_limit_is_no_error_in_the_log(
    limited: Limited, caplog: pytest.LogCaptureFixture
) -> None:
    """The route sees the client gone: that is not a bug to log with a traceback."""
    with caplog.at_level("ERROR", logger="trucewatch.api"), _connect(limited.url) as sock:
        sock.sendall(
            _head(limited.url, "POST", "/agreements", "application/yaml", limited.admin, None)
        )
        _send_chunked_until_answered(sock, HOSTILE)
        assert _read_answer(sock)[0] == 413
    with httpx.Client(base_url=limited.url, timeout=scaled(30)) as client:
        client.get("/health")  # the refused request has ended by the time this is answered
    assert not [r for r in caplog.records if r.name == "trucewatch.api"], caplog.text
