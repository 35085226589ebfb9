"""Rate limits by client address: failed key checks, and what anonymous clients make the
server compute.

A client is its IP address as uvicorn gives it (behind a reverse proxy on the same machine,
the address the proxy forwards in ``X-Forwarded-For``: uvicorn trusts it from 127.0.0.1 only,
``FORWARDED_ALLOW_IPS`` changes that); IPv6 clients are counted by their /64 network, which
one machine usually has whole. The buckets are held in the server process and bounded in
number: those filled up again are dropped first. See docs/api.md, "Rate limits".
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict

from fastapi import Request

from trucewatch.serve.api.errors import ApiError

__all__ = ["AddressBuckets", "client_address", "too_many"]


def client_address(request: Request) -> str:
    """The client's address as a limit counts it: the IPv4 address, the IPv6 /64 network."""
    host = request.client.host if request.client is not None else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def too_many(what: str, wait: float) -> ApiError:
    """The 429 for ``what`` (a sentence) with Retry-After: ``wait`` seconds, rounded up."""
    seconds = max(1, math.ceil(wait))
    return ApiError(429, f"{what}: retry in {seconds} s", headers={"Retry-After": str(seconds)})


class AddressBuckets:
    """Token buckets by client address: ``rate`` tokens a second, at most ``burst`` saved up;
    at most ``max_entries`` addresses held (full buckets are forgotten first, then the least
    recently used)."""

    def __init__(self, rate: float, burst: int, max_entries: int = 100_000) -> None:
        if rate <= 0 or burst < 1 or max_entries < 1:
            raise ValueError(f"rate {rate} must be > 0, burst {burst} and entries >= 1")
        self.rate = rate
        self.burst = burst
        self.max_entries = max_entries
        self._state: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _tokens(self, address: str, now: float) -> float:
        tokens, last = self._state.get(address, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - last) * self.rate)

    def wait(self, address: str) -> float:
        """Seconds until ``address`` has a token (0.0: it has one now); takes nothing."""
        with self._lock:
            tokens = self._tokens(address, time.monotonic())
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate

    def take(self, address: str) -> float:
        """Take a token for ``address``: 0.0 if granted, else the seconds until one is."""
        now = time.monotonic()
        with self._lock:
            tokens = self._tokens(address, now)
            granted = tokens >= 1.0
            self._state[address] = (tokens - 1.0 if granted else tokens, now)
            self._state.move_to_end(address)
            if len(self._state) > self.max_entries:
                self._forget(now)
        return 0.0 if granted else (1.0 - tokens) / self.rate

    def _forget(self, now: float) -> None:
        full = [
            a for a, (t, last) in self._state.items() if t + (now - last) * self.rate >= self.burst
        ]
        for address in full:
            del self._state[address]
        while len(self._state) > self.max_entries:
            self._state.popitem(last=False)
