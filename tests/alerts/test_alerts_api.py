"""Subscriptions through the API (admin only, secrets shown once) and alerts run by serve."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from live_server import create_keys, running
from machine import scaled
from trucewatch.publish.alerts import verify_signature
from trucewatch.serve.api import create_app
from trucewatch.store import Store


@dataclass(frozen=True)
class Server:
    url: str
    keys: dict[str, str]


@contextmanager
def _serve(db: Path, **options) -> Iterator[Server]:
    with Store.open(db) as store:
        keys = create_keys(store)
    with running(create_app(db, write_burst=50, **options)) as url:
        yield Server(url, keys)


@pytest.fixture
def server(db: Path) -> Iterator[Server]:
    with _serve(db) as running_server:
        yield running_server


def _auth(server: Server, role: str | None) -> dict[str, str]:
    return {} if role is None else {"authorization": f"Bearer {server.keys[role]}"}


# a public address (one of example.org's), so that creating the subscription needs no DNS
HOOK = {"name": "newsroom", "channel": "webhook", "target": "https://93.184.215.14/hook"}


@pytest.mark.parametrize(
    ("method", "path", "role", "status"),
    [
        ("POST", "/subscriptions", None, 401),
        ("POST", "/subscriptions", "reader", 403),
        ("POST", "/subscriptions", "analyst", 403),
        ("GET", "/subscriptions", None, 401),
        ("GET", "/subscriptions", "analyst", 403),
        ("DELETE", "/subscriptions/0000abcd", None, 401),
        ("DELETE", "/subscriptions/0000abcd", "reader", 403),
        ("DELETE", "/subscriptions/0000abcd", "admin", 404),
    ],
)
def test_subscriptions_need_an_admin_key(server: Server, method, path, role, status) -> None:
    with httpx.Client(base_url=server.url) as client:
        response = client.request(method, path, json=HOOK, headers=_auth(server, role))
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error"}


def test_admin_creates_lists_and_removes_a_subscription_and_sees_the_secret_once(
    server: Server,
) -> None:
    admin = _auth(server, "admin")
    with httpx.Client(base_url=server.url) as client:
        created = client.post(
            "/subscriptions",
            json={**HOOK, "agreement_ids": ["syria-coh-2016"], "kinds": ["violation"]},
            headers=admin,
        )
        assert created.status_code == 201, created.text
        body = created.json()
        assert len(body["secret"]) >= 32 and body["kinds"] == ["violation"]
        sid = body["subscription_id"]
        listed = client.get("/subscriptions", headers=admin).json()
        one = client.get(f"/subscriptions/{sid}", headers=admin).json()
        removed = client.delete(f"/subscriptions/{sid}", headers=admin)
        after = client.get("/subscriptions", headers=admin).json()
        with_removed = client.get("/subscriptions?all=true", headers=admin).json()
    assert [s["subscription_id"] for s in listed] == [sid]
    assert "secret" not in listed[0] and "secret" not in one
    assert body["secret"] not in str(listed) + str(one)
    assert removed.status_code == 200 and removed.json()["revoked_at"] is not None
    assert after == [] and with_removed[0]["subscription_id"] == sid


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"target": "not a url"}, "webhook URL"),
        ({"channel": "email", "target": "desk.example.org"}, "e-mail address"),
        ({"agreement_ids": ["no-such-truce"]}, "no agreement 'no-such-truce'"),
        ({"kinds": ["bad_kind"]}, "kinds"),
        ({"channel": "pigeon"}, "channel"),
        ({"bbox": [37, 36, 36, 37]}, "area"),
        ({"timezone": "Mars/Olympus"}, "time zone"),
        ({"min_fatalities": -1}, "min_fatalities"),
    ],
)
def test_invalid_subscription_is_422_naming_the_problem(server: Server, change, words) -> None:
    with httpx.Client(base_url=server.url) as client:
        response = client.post(
            "/subscriptions", json={**HOOK, **change}, headers=_auth(server, "admin")
        )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid"
    assert words in response.json()["error"]["message"]


def test_serve_runs_the_alerts_on_its_schedule(db: Path, receiver) -> None:
    with _serve(db, alerts_every=0.2) as server, httpx.Client(base_url=server.url) as client:
        created = client.post(
            "/subscriptions",
            json={
                "name": "live",
                "channel": "webhook",
                "target": receiver.url,
                "agreement_ids": ["eastern-ghouta-2016-04"],
                "include_existing": True,
            },
            headers=_auth(server, "admin"),
        )
        assert created.status_code == 201, created.text
        deadline = time.monotonic() + scaled(20)
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.05)
        health = client.get("/health")  # the server still answers while alerts run
        assert health.status_code == 200
    secret = created.json()["secret"]
    assert len(receiver.received) == 1
    got = receiver.received[0]
    assert verify_signature(got.body, secret, got.headers["x-trucewatch-signature"])
    assert got.json()["alerts"][0]["agreement_id"] == "eastern-ghouta-2016-04"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"target": "http://169.254.169.254/latest/meta-data"}, "is a link-local address"),
        ({"target": "http://[::1]:8000/hook"}, "is a loopback address"),
        ({"target": "http://0x7f000001/hook"}, "written in an unusual form"),
        ({"target": "http://localhost/hook"}, "resolves to 127.0.0.1"),
        ({"target": "http://a:b@93.184.215.14/hook"}, "holds credentials"),
        ({"target": "http://93.184.215.14/\u0000"}, "control character U+0000"),
        ({"name": "news\r\nBcc: spy@example.org"}, "control character U+000D"),
    ],
)
def test_a_refused_destination_or_a_control_character_is_422(
    db: Path, change: dict, words: str
) -> None:
    from trucewatch.publish.alerts import disallow_webhook_network

    with Store.open(db) as store:
        disallow_webhook_network(store, None)
    with _serve(db) as server, httpx.Client(base_url=server.url) as client:
        response = client.post(
            "/subscriptions", json={**HOOK, **change}, headers=_auth(server, "admin")
        )
        listed = client.get("/subscriptions", headers=_auth(server, "admin")).json()
    assert response.status_code == 422, response.text
    assert words in response.json()["error"]["message"]
    assert listed == []
