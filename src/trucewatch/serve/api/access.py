"""The server's access to the store, API keys and roles, and the rate limits: writes per key,
failed key checks and anonymous computations per client address (:mod:`.throttle`).

The server does not hold its store against other processes: it reads through a
:class:`~trucewatch.store.shared.SharedStore` (a read-only lease shared by the requests, let go
as soon as a writer of this or another process waits for its turn) and opens the store for
writing only while a write runs. A request that cannot get its turn within ``store_wait``
seconds is answered 503 with Retry-After. See docs/store.md, "Who may open a store when".
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request

from trucewatch.serve.api.errors import ApiError
from trucewatch.serve.api.throttle import AddressBuckets, client_address, too_many
from trucewatch.store import Store
from trucewatch.store.keys import ApiKey
from trucewatch.store.shared import SharedStore

__all__ = ["Access", "Limits", "TokenBucket"]


class TokenBucket:
    """Per-key token buckets: ``rate`` tokens a second, at most ``burst`` saved up."""

    def __init__(self, rate: float, burst: int):
        if rate <= 0 or burst < 1:
            raise ValueError(f"rate {rate} must be > 0 and burst {burst} >= 1")
        self.rate = rate
        self.burst = burst
        self._state: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Take a token for ``key``: 0.0 if granted, else the seconds until one is available."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._state.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._state[key] = (tokens - 1.0, now)
                return 0.0
            self._state[key] = (tokens, now)
            return (1.0 - tokens) / self.rate


@dataclass(frozen=True)
class Limits:
    """The rate limits by client address (token buckets: so many a second, so many saved up).

    ``key_failures`` failed key checks at once, then ``key_failure_rate`` a second; and
    ``anonymous_burst`` answers computed for clients without a key on the expensive routes
    (effect, report, series, map data; answers already cached cost nothing), then
    ``anonymous_rate`` a second.
    """

    key_failure_rate: float = 0.1
    key_failures: int = 10
    anonymous_rate: float = 1 / 15
    anonymous_burst: int = 20


class Access:
    """The app's way to the store (reading and writing views), keys and limits."""

    def __init__(
        self,
        db_path: Path,
        *,
        public_read: bool,
        read_only: bool,
        write_rate: float,
        write_burst: int,
        store_wait: float = 30.0,
        limits: Limits = Limits(),
    ):
        self.public_read = public_read
        self.read_only = read_only
        # opened once now, so that a path that is no store fails at start-up (and a writable
        # store is migrated); then only while requests use it
        Store.open(db_path, read_only=read_only, wait=store_wait).close()
        self.shared = SharedStore(db_path, read_only=read_only, wait=store_wait)
        self.bucket = TokenBucket(write_rate, write_burst)
        self.failures = AddressBuckets(limits.key_failure_rate, limits.key_failures)
        self.anonymous = AddressBuckets(limits.anonymous_rate, limits.anonymous_burst)

    @property
    def path(self) -> Path:
        """The store's path."""
        return self.shared.path

    def close(self) -> None:
        """Let the store go."""
        self.shared.close()

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A read-only Store view for one request (many at once)."""
        with self.shared.reading() as store:
            yield store

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The store opened for writing, one writer at a time (readers wait for it)."""
        if self.read_only:
            raise ApiError(403, "this server was started read-only: writes are refused")
        with self.shared.writing() as store:
            yield store

    def key_of(self, request: Request) -> ApiKey | None:
        """The key the request carries (Authorization: Bearer, or X-API-Key); 401 if bad."""
        text = request.headers.get("x-api-key")
        auth = request.headers.get("authorization")
        if text is None and auth is not None:
            scheme, _, value = auth.partition(" ")
            if scheme.lower() != "bearer" or not value.strip():
                raise ApiError(
                    401,
                    "the Authorization header must be 'Bearer <key>'",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            text = value.strip()
        if text is None:
            return None
        address = client_address(request)
        # checked before the key (an address out of tokens is not even checked) and counted
        # after a failure only, so that a key's holder may send many requests at once;
        # guesses sent at the same moment may all be checked before the first is counted
        wait = self.failures.wait(address)
        if wait > 0:
            raise too_many(f"too many failed key checks from {address}", wait)
        with self.reading() as store:
            key = store.verify_api_key(text)
        if key is None:
            self.failures.take(address)
            raise ApiError(
                401,
                "unknown, malformed or revoked API key (trucewatch keys create makes one)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return key

    def require_read(self, request: Request) -> ApiKey | None:
        """Let a read through: anyone when reading is public, else any valid key."""
        key = self.key_of(request)
        if key is None and not self.public_read:
            raise ApiError(
                401,
                "reading needs an API key on this server: send 'Authorization: Bearer <key>'",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return key

    def charge_anonymous(self, request: Request, key: ApiKey | None, what: str) -> None:
        """Count one computation of ``what`` against the client's address if it has no key;
        429 with Retry-After when its budget is spent (keyed clients are not counted)."""
        if key is not None:
            return
        address = client_address(request)
        wait = self.anonymous.take(address)
        if wait > 0:
            raise too_many(
                f"too many computed answers for {address} without a key ({what}); answers "
                "already computed are still served, and a key lifts this limit",
                wait,
            )

    def require_write(self, request: Request, role: str = "analyst") -> ApiKey:
        """A valid key of at least ``role``, within its rate limit; else 401, 403 or 429."""
        key = self.key_of(request)
        if key is None:
            raise ApiError(
                401,
                "writing needs an API key: send 'Authorization: Bearer <key>' or 'X-API-Key'",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not key.allows(role):
            raise ApiError(403, f"key {key.key_id} has role {key.role}; this needs {role} or above")
        wait = self.bucket.take(key.key_id)
        if wait > 0:
            raise ApiError(
                429,
                f"too many writes with key {key.key_id}: retry in {math.ceil(wait)} s",
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
        return key
