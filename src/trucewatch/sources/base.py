"""What every source adapter is, the registry of adapters, and the result of reading a file.

An adapter reads one file and yields, for every record, either an :class:`~trucewatch.Event`
or a :class:`~trucewatch.errors.RowError` saying why that record was refused. It never stops at
a bad row and never drops one silently. Adapters are named and versioned (``ucdp_ged.v1``);
the store records which adapter produced each event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from trucewatch.errors import RowError, SourceError
from trucewatch.model.event import Event

__all__ = [
    "Adapter",
    "ReadResult",
    "Record",
    "adapter_for",
    "register",
    "registered_adapters",
]

Record = Event | RowError


class Adapter(Protocol):
    """Turns one file of a source into events and row errors.

    ``name`` is the versioned adapter id (``ucdp_ged.v1``); ``source`` the short source name
    used in event ids (``ucdp_ged``) and on the command line (``ucdp-ged``).
    """

    name: str
    source: str

    def read(self, path: Path) -> Iterator[Record]: ...


@dataclass
class ReadResult:
    """All records of one file, split into good events and bad rows."""

    path: Path
    adapter: str
    events: list[Event] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.events) + len(self.errors)


_REGISTRY: dict[str, Callable[..., Adapter]] = {}


def register(cli_name: str) -> Callable[[Callable[..., Adapter]], Callable[..., Adapter]]:
    """Class decorator: make an adapter available under ``cli_name`` (e.g. ``"ucdp-ged"``)."""

    def deco(factory: Callable[..., Adapter]) -> Callable[..., Adapter]:
        _REGISTRY[cli_name] = factory
        return factory

    return deco


def registered_adapters() -> dict[str, Callable[..., Adapter]]:
    """Command-line source name -> adapter factory, for every registered adapter."""
    from trucewatch import sources  # noqa: F401  (imports register the adapters)

    return dict(_REGISTRY)


def adapter_for(cli_name: str, **options: object) -> Adapter:
    """The adapter registered as ``cli_name``, built with ``options``."""
    adapters = registered_adapters()
    try:
        factory = adapters[cli_name]
    except KeyError:
        known = ", ".join(sorted(adapters))
        raise SourceError(f"unknown source {cli_name!r}: choose one of {known}") from None
    return factory(**options)
