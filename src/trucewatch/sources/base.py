"""What every source adapter is, the registry of adapters, and the result of reading a file.

An adapter reads one file and yields, for every record, either an :class:`~trucewatch.Event`
or a :class:`~trucewatch.errors.RowError` saying why that record was refused. It never stops at
a bad row and never drops one silently. Adapters are named and versioned (``ucdp_ged.v1``);
the store records which adapter produced each event.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from trucewatch.errors import RowError, SourceError
from trucewatch.model.event import Event

__all__ = [
    "ADAPTER_MODULES",
    "Adapter",
    "ReadResult",
    "Record",
    "adapter_for",
    "adapter_options",
    "adapter_settings",
    "register",
    "registered_adapters",
    "settings_fingerprint",
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


def adapter_settings(adapter: Adapter) -> dict[str, object]:
    """What produced ``adapter``'s reading of a file, as plain JSON values: its ``settings()``
    (the adapter, its rules and model versions, its options; the news adapter also names its
    gazetteer) when it has one, else its name and encoding. The store keeps it with each
    ingest: the same bytes read with other settings are read again (docs/store.md "Readings")."""
    own = getattr(adapter, "settings", None)
    encoding = getattr(adapter, "encoding", None)
    settings = dict(own()) if callable(own) else {"encoding": encoding}
    settings["adapter"] = str(adapter.name)
    return settings


def settings_fingerprint(settings: dict[str, object]) -> tuple[str, str]:
    """``settings`` as canonical JSON (sorted keys) and the SHA-256 of that text, which the
    store keys a file's readings by; a value JSON cannot hold is a SourceError."""
    try:
        text = json.dumps(settings, sort_keys=True, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise SourceError(
            f"adapter {settings.get('adapter')!r}: its settings are not plain JSON values "
            f"({exc}); settings() must return strings, numbers, booleans, lists and dicts"
        ) from exc
    return text, hashlib.sha256(text.encode()).hexdigest()


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

#: command-line name -> the module whose import registers that adapter. Listing the sources
#: (``trucewatch ingest --help``) reads this table; only the adapter asked for is imported
#: (acled needs timezonefinder, news the text pipeline). A test holds it to the registry.
ADAPTER_MODULES: dict[str, str] = {
    "ucdp-ged": "trucewatch.sources.ucdp_ged",
    "acled": "trucewatch.sources.acled",
    "gdelt": "trucewatch.sources.gdelt",
    "csv": "trucewatch.sources.generic_csv",
    "news": "trucewatch.sources.news",
}


def register(cli_name: str) -> Callable[[Callable[..., Adapter]], Callable[..., Adapter]]:
    """Class decorator: make an adapter available under ``cli_name`` (e.g. ``"ucdp-ged"``)."""

    def deco(factory: Callable[..., Adapter]) -> Callable[..., Adapter]:
        _REGISTRY[cli_name] = factory
        return factory

    return deco


def registered_adapters() -> dict[str, Callable[..., Adapter]]:
    """Command-line source name -> adapter factory, for every registered adapter."""
    for module in ADAPTER_MODULES.values():
        importlib.import_module(module)  # importing an adapter's module registers it
    return dict(_REGISTRY)


def adapter_options(cli_name: str) -> frozenset[str]:
    """The options (constructor arguments) the adapter registered as ``cli_name`` takes."""
    return frozenset(inspect.signature(_factory(cli_name)).parameters)


def _factory(cli_name: str) -> Callable[..., Adapter]:
    if cli_name not in _REGISTRY and cli_name in ADAPTER_MODULES:
        importlib.import_module(ADAPTER_MODULES[cli_name])
    try:
        return _REGISTRY[cli_name]
    except KeyError:
        known = ", ".join(sorted(registered_adapters()))
        raise SourceError(f"unknown source {cli_name!r}: choose one of {known}") from None


def adapter_for(cli_name: str, **options: object) -> Adapter:
    """The adapter registered as ``cli_name``, built with ``options``."""
    return _factory(cli_name)(**options)
