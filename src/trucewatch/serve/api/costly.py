"""Answers of the expensive routes, cached per store state and parameters, computed one at a
time, and counted against anonymous clients.

The effect, the report, the map's series, events and boundaries take from a tenth of a second
to many seconds to compute (and a large answer a tenth of a second to validate and encode
again: answers are kept as the bytes of their body). Each route keeps an :class:`Answers`:
an answer is cached under the store's path, its state token
(:func:`trucewatch.store.state.state_token`: any write, by this server or another process,
changes it) and the request's parameters, so asking again costs a lookup. A miss is computed
one at a time per route (two requests for the same answer compute it once) and, for a client
without a key, first counted against its address
(:meth:`~trucewatch.serve.api.access.Access.charge_anonymous`: 429 once the budget is
spent). A new ``seed`` or horizon is a new answer, so it is this budget, not the cache, that
bounds what anonymous clients can make the server compute.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel

from trucewatch.serve.api.access import Access
from trucewatch.store import Store
from trucewatch.store.keys import ApiKey

__all__ = ["Answers", "Slot", "json_answer"]


def json_answer(model: type[BaseModel], answer: dict[str, Any]) -> bytes:
    """``answer`` checked by ``model`` and written as JSON, as FastAPI would answer it (a
    cached answer is kept written: serving it again costs no validation and no encoding)."""
    return model.model_validate(answer).model_dump_json(by_alias=True).encode()


@dataclass(frozen=True)
class Slot:
    """Where an answer is cached, and the answer if it is."""

    key: Hashable
    value: bytes | None


class Answers:
    """Cached answers of one route (``what`` names it in a 429), as the bytes of their body:
    at most ``max_entries`` and ``max_bytes`` in all (the least recently used go first; the
    newest stays), served as ``media_type``."""

    def __init__(
        self,
        what: str,
        max_entries: int,
        max_bytes: int = 64 * 2**20,
        media_type: str = "application/json",
    ) -> None:
        self.what = what
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.media_type = media_type
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._compute = threading.Lock()

    def lookup(self, store: Store, params: Hashable) -> Slot:
        """The slot of ``params`` at the store's present state (with its answer, if cached)."""
        key = (str(store.path), store.state_token(), params)
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
        return Slot(key, value)

    def fill(self, slot: Slot, compute: Callable[[], bytes]) -> bytes:
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
                or sum(map(len, self._entries.values())) > self.max_bytes
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
        compute: Callable[[], bytes],
    ) -> bytes:
        """The cached answer of ``params``, else (counted against an anonymous client first)
        ``compute()``'s."""
        slot = self.lookup(store, params)
        if slot.value is not None:
            return slot.value
        access.charge_anonymous(request, key, self.what)
        return self.fill(slot, compute)

    def response(self, body: bytes) -> Response:
        """``body`` as this route's answer."""
        return Response(body, media_type=self.media_type)

    def clear(self) -> None:
        """Forget every answer."""
        with self._lock:
            self._entries.clear()
