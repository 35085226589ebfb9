"""Answers of the expensive routes, cached per store state and parameters, computed one at a
time, and counted against anonymous clients.

The effect, the report, the map's series, events and boundaries take from a tenth of a second
to many seconds to compute. Each route keeps an :class:`Answers`: an answer is cached under
the store's path, its state token (:func:`trucewatch.store.state.state_token`: any write, by
this server or another process, changes it) and the request's parameters, so asking again
costs a lookup. A miss is computed one at a time per route (two requests for the same answer
compute it once) and, for a client without a key, first counted against its address
(:meth:`~trucewatch.publish.api.access.Access.charge_anonymous`: 429 once the budget is
spent). A new ``seed`` or horizon is a new answer, so it is this budget, not the cache, that
bounds what anonymous clients can make the server compute.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from fastapi import Request

from trucewatch.publish.api.access import Access
from trucewatch.store import Store
from trucewatch.store.keys import ApiKey

__all__ = ["Answers", "Slot"]

T = TypeVar("T")


@dataclass(frozen=True)
class Slot(Generic[T]):
    """Where an answer is cached, and the answer if it is."""

    key: Hashable
    value: T | None


class Answers(Generic[T]):
    """Cached answers of one route (``what`` names it in a 429): at most ``max_entries``,
    and at most ``max_size`` by ``size`` (the least recently used go first; the newest stays)."""

    def __init__(
        self,
        what: str,
        max_entries: int,
        *,
        size: Callable[[T], int] | None = None,
        max_size: int | None = None,
    ) -> None:
        self.what = what
        self.max_entries = max_entries
        self.size = size or (lambda value: 1)
        self.max_size = max_size
        self._entries: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()
        self._compute = threading.Lock()

    def lookup(self, store: Store, params: Hashable) -> Slot[T]:
        """The slot of ``params`` at the store's present state (with its answer, if cached)."""
        key = (str(store.path), store.state_token(), params)
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
        return Slot(key, value)

    def fill(self, slot: Slot[T], compute: Callable[[], T]) -> T:
        """The slot's answer: computed by ``compute()`` (one at a time) unless cached meanwhile."""
        with self._compute:
            with self._lock:
                found = self._entries.get(slot.key)
            if found is not None:
                return found
            value = compute()
        with self._lock:
            self._entries[slot.key] = value
            self._entries.move_to_end(slot.key)
            while len(self._entries) > 1 and (
                len(self._entries) > self.max_entries
                or (
                    self.max_size is not None
                    and sum(self.size(v) for v in self._entries.values()) > self.max_size
                )
            ):
                self._entries.popitem(last=False)
        return value

    def answer(
        self,
        access: Access,
        request: Request,
        key: ApiKey | None,
        store: Store,
        params: Hashable,
        compute: Callable[[], T],
    ) -> T:
        """The cached answer of ``params``, else (counted against an anonymous client first)
        ``compute()``'s."""
        slot = self.lookup(store, params)
        if slot.value is not None:
            return slot.value
        access.charge_anonymous(request, key, self.what)
        return self.fill(slot, compute)

    def clear(self) -> None:
        """Forget every answer."""
        with self._lock:
            self._entries.clear()
