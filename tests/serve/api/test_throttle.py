"""Rate limits by client address: how an address is counted, and the buckets' bounds."""

from __future__ import annotations

import time

import pytest
from starlette.requests import Request

from trucewatch.serve.api.throttle import AddressBuckets, client_address


def _request(host: str | None) -> Request:
    client = None if host is None else (host, 50000)
    return Request({"type": "http", "client": client, "headers": []})


@pytest.mark.parametrize(
    ("host", "counted_as"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.4", "198.51.100.4"),
        ("not an address", "not an address"),
        (None, "unknown"),
    ],
)
def test_an_address_is_counted_as_itself_or_its_ipv6_network(
    host: str | None, counted_as: str
) -> None:
    assert client_address(_request(host)) == counted_as


def test_a_bucket_grants_its_burst_then_says_how_long_to_wait() -> None:
    buckets = AddressBuckets(rate=0.5, burst=2)
    assert buckets.take("a") == 0.0 and buckets.take("a") == 0.0
    wait = buckets.take("a")
    assert 0 < wait <= 2.0
    assert buckets.wait("a") > 0
    assert buckets.take("b") == 0.0, "another address has its own bucket"


def test_buckets_hold_at_most_so_many_addresses_the_least_recently_used_going_first() -> None:
    buckets = AddressBuckets(rate=1e-6, burst=1, max_entries=3)
    for n in range(10):
        buckets.take(f"address-{n}")
    assert len(buckets._state) <= 3
    assert "address-9" in buckets._state and "address-0" not in buckets._state
    assert buckets.take("address-9") > 0, "a kept address keeps its count"


def test_full_buckets_are_forgotten_before_spent_ones() -> None:
    buckets = AddressBuckets(rate=1000.0, burst=1, max_entries=2)
    buckets._state["spent"] = (0.0, float("inf"))  # empty until the end of time
    for n in range(5):
        buckets.take(f"address-{n}")
        time.sleep(0.01)  # by the next take, this bucket is full again (1,000 tokens a second)
    assert "spent" in buckets._state


def test_a_bucket_refuses_impossible_settings() -> None:
    with pytest.raises(ValueError, match="rate"):
        AddressBuckets(rate=0, burst=1)
