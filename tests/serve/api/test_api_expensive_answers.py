"""The expensive routes (effect, report, the map's series, events and boundaries) on a real
uvicorn on 127.0.0.1: answers are cached per store state and parameters, and a client without
a key may have only so many computed (429 with Retry-After), counted per address: asking the
same again is free, a key or another address is not held back, and a write to the store
makes the next answer a new one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from live_server import Limited, limited_server
from machine import scaled
from trucewatch.serve.api import Limits

#: answers an anonymous address may have computed (the budget barely refills)
BUDGET = 3
SYRIA = "syria-coh-2016"
#: each route with a parameter that makes every request a new answer
ROUTES = {
    "effect": lambda n: (f"/agreements/{SYRIA}/effect", {"horizon": "7", "seed": n}),
    "series": lambda n: (f"/agreements/{SYRIA}/series", {"days_before": 10, "seed": n}),
    "map events": lambda n: ("/map/events", {"limit": 100 + n}),
    "map boundaries": lambda n: ("/map/boundaries", {"simplify": n / 1000}),
    "report": lambda n: (
        "/agreements/aleppo-calm-2016-05/report",
        {"date": f"2016-05-{10 + n:02d}"},
    ),
}


@pytest.fixture
def costly(tmp_path: Path) -> Iterator[Limited]:
    limits = Limits(anonymous_burst=BUDGET, anonymous_rate=0.001)
    path = tmp_path / "costly.duckdb"
    with limited_server(path, events=30, limits=limits, timeout=scaled(120)) as served:
        yield served


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_an_anonymous_client_asking_new_questions_is_limited_then_429(
    costly: Limited, route: str
) -> None:
    ask = ROUTES[route]
    with costly.client() as client:
        for n in range(BUDGET):
            path, params = ask(n)
            assert client.get(path, params=params).status_code == 200, (route, n)
        path, params = ask(BUDGET)
        refused = client.get(path, params=params)
        assert refused.status_code == 429, refused.text
        assert int(refused.headers["retry-after"]) >= 1
        assert "without a key" in refused.json()["error"]["message"]
        # what was computed is served all the same
        path, params = ask(0)
        assert client.get(path, params=params).status_code == 200


def test_asking_the_same_again_is_answered_from_the_cache_for_free(costly: Limited) -> None:
    path, params = ROUTES["effect"](0)
    with costly.client() as client:
        answers = [client.get(path, params=params) for _ in range(BUDGET * 3)]
    assert [a.status_code for a in answers] == [200] * (BUDGET * 3)
    assert len({a.content for a in answers}) == 1


def test_a_key_or_another_address_is_not_held_back(costly: Limited) -> None:
    path = f"/agreements/{SYRIA}/effect"
    with costly.client() as client:
        for n in range(BUDGET):
            client.get(path, params={"horizon": "7", "seed": n})
        assert client.get(path, params={"horizon": "7", "seed": 99}).status_code == 429
        reader = {"Authorization": f"Bearer {costly.keys['reader']}"}
        for n in range(BUDGET + 2):
            reply = client.get(path, params={"horizon": "7", "seed": 100 + n}, headers=reader)
            assert reply.status_code == 200, reply.text
    with costly.client("127.0.0.2") as other:
        assert other.get(path, params={"horizon": "7", "seed": 200}).status_code == 200


def test_a_write_to_the_store_makes_the_next_answer_a_new_one(costly: Limited) -> None:
    path, params = ROUTES["effect"](0)
    admin = {"Authorization": f"Bearer {costly.keys['admin']}"}
    with costly.client() as client:
        before = client.get(path, params=params).json()
        changed = client.put("/settings", json={"min_share_inside": 0.3}, headers=admin)
        assert changed.status_code == 200, changed.text
        after = client.get(path, params=params).json()
    assert before["min_share_inside"] == 0.5
    assert after["min_share_inside"] == 0.3
