"""What every live feed is, what one pull returns, and the registry of feeds.

A feed is constructed from its options (JSON-able values: the store keeps them), and
:meth:`Feed.pull` fetches what is new since a cursor: files written in a spool folder in the
format of a file adapter (``Pull.adapter``), the source-qualified ids of events the source
deleted, and the cursor after them. A feed never touches the store: the runner
(:mod:`trucewatch.watch`) ingests the files, applies the deletions, and only then saves the
cursor, so a pull interrupted at any moment is pulled again and adds nothing twice.
Credentials are not options: a feed reads them through :mod:`trucewatch.feeds.credentials`.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

from trucewatch.errors import SourceError
from trucewatch.suggest import unknown

__all__ = [
    "FEED_MODULES",
    "Feed",
    "Pull",
    "feed_for",
    "feed_options",
    "register_feed",
    "registered_feeds",
]


@dataclass(frozen=True)
class Pull:
    """What one pull of a feed brought: ``files`` (in the spool folder, to be ingested in this
    order with the file adapter ``adapter`` and its ``options``), ``deletions`` (ids, as the
    adapter makes them, of events the source deleted), the ``cursor`` to resume from once they
    are stored, and whether ``more`` remains to pull at once (pages or slots not yet fetched)."""

    feed: str
    adapter: str
    files: tuple[Path, ...] = ()
    deletions: tuple[str, ...] = ()
    cursor: Mapping[str, Any] = field(default_factory=dict)
    more: bool = False
    options: Mapping[str, object] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        if not self.feed or not self.adapter:
            raise SourceError("a pull names its feed and the adapter its files are read with")
        object.__setattr__(self, "files", tuple(Path(f) for f in self.files))
        object.__setattr__(self, "deletions", tuple(self.deletions))


class Feed(Protocol):
    """A source pulled on a schedule. ``kind`` is the command-line name (``acled``),
    ``version`` the versioned component (``acled_api.v1``), ``name`` the feed's name in the
    store (several feeds of one kind may differ by options), ``every`` its default interval."""

    kind: str
    version: str
    name: str
    every: timedelta

    def pull(self, cursor: Mapping[str, Any] | None, spool: Path) -> Pull: ...


_REGISTRY: dict[str, Callable[..., Feed]] = {}

#: feed kind -> the module whose import registers it (only the feed asked for is imported)
FEED_MODULES: dict[str, str] = {
    "ucdp": "trucewatch.feeds.ucdp",
    "acled": "trucewatch.feeds.acled",
    "gdelt": "trucewatch.feeds.gdelt",
    "rss": "trucewatch.feeds.rss",
    "folder": "trucewatch.feeds.folder",
}


def register_feed(kind: str) -> Callable[[Callable[..., Feed]], Callable[..., Feed]]:
    """Class decorator: make a feed available under ``kind`` (e.g. ``"acled"``)."""

    def deco(factory: Callable[..., Feed]) -> Callable[..., Feed]:
        _REGISTRY[kind] = factory
        return factory

    return deco


def registered_feeds() -> dict[str, Callable[..., Feed]]:
    """Feed kind -> factory, for every feed whose module exists."""
    for kind in FEED_MODULES:
        _load(kind)
    return dict(_REGISTRY)


def _load(kind: str) -> None:
    if kind in _REGISTRY or kind not in FEED_MODULES:
        return
    try:
        importlib.import_module(FEED_MODULES[kind])
    except ModuleNotFoundError as exc:  # a feed not built in this version
        if exc.name != FEED_MODULES[kind]:
            raise


def _factory(kind: str) -> Callable[..., Feed]:
    _load(kind)
    if kind not in _REGISTRY:
        raise unknown("feed kind", kind, sorted(_REGISTRY) or FEED_MODULES, where="")
    return _REGISTRY[kind]


def feed_options(kind: str) -> frozenset[str]:
    """The options (constructor arguments) the feed ``kind`` takes."""
    return frozenset(inspect.signature(_factory(kind)).parameters)


def feed_for(kind: str, **options: object) -> Feed:
    """The feed registered as ``kind``, built with ``options``; an option it does not take is
    a :class:`~trucewatch.errors.SourceError` naming the ones it does."""
    factory = _factory(kind)
    takes = feed_options(kind)
    for name in sorted(options):
        if name not in takes:
            listed = ", ".join(sorted(takes)) or "none"
            raise SourceError(
                f"feed {kind!r} takes no option {name!r} (its options: {listed}): leave it out"
            )
    try:
        return factory(**options)
    except TypeError as exc:  # an option of a type the feed cannot take (a list for a name)
        raise SourceError(f"feed {kind!r}: an option has a value of the wrong kind: {exc}") from exc
