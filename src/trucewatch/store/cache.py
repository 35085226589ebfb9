"""What a process keeps in memory beside a store: values computed from its content, keyed by
that content, so that a change to the store is seen at once (a changed content is a new key).

A :class:`StoreCache` belongs to whoever holds the store: each :class:`~trucewatch.store.Store`
has one (``store.cache``; its own unless one is given to :meth:`Store.open
<trucewatch.store.Store.open>`), and :class:`~trucewatch.store.shared.SharedStore` gives one to
every store it opens, so the server's reads share it over its life. Its only user so far is
:func:`trucewatch.catalog.load_agreements` (each stored agreement parsed once per text,
origin and, for admin-unit scopes, boundaries). No other state: nothing on disk, no global.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["DEFAULT_ENTRIES", "StoreCache"]

#: How many values a cache keeps by default (the least recently used go first).
DEFAULT_ENTRIES = 256

V = TypeVar("V")


class StoreCache:
    """Values by key (keys name the content they were computed from), at most
    ``max_entries`` of them, the least recently used dropped first; safe across threads."""

    def __init__(self, max_entries: int = DEFAULT_ENTRIES) -> None:
        if max_entries < 1:
            raise ValueError(f"a StoreCache keeps at least 1 entry, not {max_entries}")
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def get_or_build(self, key: Hashable, build: Callable[[], V]) -> V:
        """The value kept under ``key``, else ``build()``, kept under ``key`` (an exception
        of ``build`` is raised and nothing is kept). Two threads missing the same key at once
        may both build it; the value is the same."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                found: V = self._entries[key]
                return found
        value = build()
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._entries.clear()
