"""What a process keeps in memory beside a store: values computed from its content, each kept
with the content it came from, so that a change to the store is seen at once (other content is
computed again, and replaces the old value).

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

__all__ = ["DEFAULT_SLOTS", "StoreCache"]

#: How many slots a cache keeps by default (the least recently used go first).
DEFAULT_SLOTS = 1024

V = TypeVar("V")


class StoreCache:
    """Values by slot (``("agreement", id)``), each kept with the content it was computed from
    (a key that names that content): a value is given back only for the same content, and a
    value for new content replaces the old one in its slot. At most ``max_slots`` slots, the
    least recently used dropped first; safe across threads."""

    def __init__(self, max_slots: int = DEFAULT_SLOTS) -> None:
        if max_slots < 1:
            raise ValueError(f"a StoreCache keeps at least 1 slot, not {max_slots}")
        self.max_slots = max_slots
        self._slots: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._slots)

    def get_or_build(self, slot: Hashable, content: Hashable, build: Callable[[], V]) -> V:
        """The value kept in ``slot`` if it was computed from ``content``; else ``build()``,
        kept in ``slot`` with ``content`` (an exception of ``build`` is raised and nothing is
        kept). Two threads missing at once may both build; the value is the same."""
        with self._lock:
            kept = self._slots.get(slot)
            if kept is not None and kept[0] == content:
                self._slots.move_to_end(slot)
                found: V = kept[1]
                return found
        value = build()
        with self._lock:
            self._slots[slot] = (content, value)
            self._slots.move_to_end(slot)
            while len(self._slots) > self.max_slots:
                self._slots.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._slots.clear()
