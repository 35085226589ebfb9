"""A thread-safe least-recently-used cache of values built on demand, one build at a time.

Used by the paging indexes (:mod:`~trucewatch.store.event_pages`,
:mod:`~trucewatch.store.verdict_pages`): each entry is an array-like value whose length
is its size; the cache holds at most ``max_entries`` entries and ``max_size`` in all (the least
recently used go first, but the newest always stays).

No global: each index's cache belongs to whoever holds the store, kept in its
:class:`~trucewatch.store.cache.StoreCache` (:func:`build_cache_of`): the API server's requests
share one over its life (:class:`~trucewatch.store.shared.SharedStore` gives every store it
opens the same ``store.cache``); a store opened alone has its own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sized
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from trucewatch.store.store import Store

__all__ = ["BuildCache", "build_cache_of"]

V = TypeVar("V", bound=Sized)


class BuildCache(Generic[V]):
    """Values by key, built by the caller's function on a miss and kept for later calls."""

    def __init__(self, max_entries: int, max_size: int) -> None:
        self.max_entries = max_entries
        self.max_size = max_size
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self._build = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        """The value cached under ``key``, else None (nothing is built)."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def get_or_build(self, key: Hashable, build: Callable[[], V]) -> V:
        """The value cached under ``key``, else ``build()`` (stored under ``key``)."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        with self._build:  # one build at a time: two requests for the same key build it once
            with self._lock:
                found = self._entries.get(key)
            if found is not None:
                return found
            value = build()
            with self._lock:
                self._entries[key] = value
                while len(self._entries) > self.max_entries or (
                    len(self._entries) > 1
                    and sum(len(v) for v in self._entries.values()) > self.max_size
                ):
                    self._entries.popitem(last=False)
        return value

    def forget(self, key: Hashable) -> None:
        """Drop the entry of ``key`` if there is one."""
        with self._lock:
            self._entries.pop(key, None)


def build_cache_of(store: Store, name: str, max_entries: int, max_size: int) -> BuildCache[Any]:
    """The :class:`BuildCache` ``name`` of the holder of ``store`` (made on first use and kept
    in ``store.cache``, so every store sharing that cache shares it)."""
    cache: BuildCache[Any] = store.cache.get_or_build(
        ("build cache", name), (max_entries, max_size), lambda: BuildCache(max_entries, max_size)
    )
    return cache
