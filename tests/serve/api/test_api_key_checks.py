"""Failed key checks are limited per client address on a real uvicorn on 127.0.0.1: after a few
wrong keys from one address, that address gets 429 with Retry-After (no guess is even
checked), while the key's holder at another address (127.0.0.2, also this machine) goes on
reading and writing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from live_server import Limited, limited_server
from machine import scaled
from trucewatch.serve.api import Limits

#: failed checks an address may make before the 429s (the bucket barely refills)
FAILURES = 3


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[Limited]:
    limits = Limits(key_failures=FAILURES, key_failure_rate=0.001)
    path = tmp_path / "guarded.duckdb"
    with limited_server(path, events=5, limits=limits, timeout=scaled(30), public_read=False) as s:
        yield s


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _wrong(key: str) -> str:
    return key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")


def test_wrong_keys_from_one_address_end_in_429_with_retry_after(guarded: Limited) -> None:
    analyst = guarded.keys["analyst"]
    with guarded.client() as client:
        for _ in range(FAILURES):
            reply = client.get("/events", headers=_bearer(_wrong(analyst)))
            assert reply.status_code == 401, reply.text
        for path in ("/events", "/settings"):
            reply = client.get(path, headers=_bearer(_wrong(analyst)))
            assert reply.status_code == 429, reply.text
            assert int(reply.headers["retry-after"]) >= 1
            assert reply.json()["error"]["code"] == "rate_limited"
            assert "failed key checks" in reply.json()["error"]["message"]
        # from that address, even the right key is not checked now
        assert client.get("/events", headers=_bearer(analyst)).status_code == 429


def test_the_key_holder_at_another_address_is_not_locked_out(guarded: Limited) -> None:
    analyst = guarded.keys["analyst"]
    with guarded.client("127.0.0.1") as attacker:
        for _ in range(FAILURES + 2):
            attacker.get("/events", headers=_bearer(_wrong(analyst)))
        assert attacker.get("/events", headers=_bearer(_wrong(analyst))).status_code == 429
    with guarded.client("127.0.0.2") as holder:
        assert holder.get("/events", headers=_bearer(analyst)).status_code == 200
        reply = holder.post("/verdicts/refresh", headers=_bearer(analyst))
        assert reply.status_code == 200, reply.text


def test_right_keys_do_not_count_as_failures(guarded: Limited) -> None:
    reader = guarded.keys["reader"]
    with guarded.client() as client:
        for _ in range(FAILURES * 3):
            assert client.get("/health", headers=_bearer(reader)).status_code == 200
        # a reader's write is a 403 (a valid key, too weak), not a failed check
        for _ in range(FAILURES * 2):
            assert client.post("/verdicts/refresh", headers=_bearer(reader)).status_code == 403
        assert client.get("/events", headers=_bearer(reader)).status_code == 200


def test_unknown_key_ids_and_wrong_secrets_count_alike(guarded: Limited) -> None:
    analyst = guarded.keys["analyst"]
    unknown = "tw_00000000_" + analyst.split("_", 2)[2]
    with guarded.client() as client:
        statuses = [
            client.get("/events", headers=_bearer(k)).status_code
            for k in (unknown, _wrong(analyst), unknown, _wrong(analyst))
        ]
    assert statuses == [401] * FAILURES + [429]
