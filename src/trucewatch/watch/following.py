"""The feeds a store follows, added and removed: what ``trucewatch feeds add|list|remove`` run.

A feed is followed under a name (default: its kind) with its options (constructor arguments of
the feed, JSON values, checked by building the feed once) and an interval (default: the
feed's own). Credentials are never options: feeds read them from the environment or a config
file (docs/feeds.md, "Credentials").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from trucewatch.errors import ValidationError
from trucewatch.feeds.base import feed_for
from trucewatch.store import Store
from trucewatch.store.feed_state import FeedState, add_feed, remove_feed

__all__ = ["follow", "parse_every", "parse_options", "unfollow"]

_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"(\d+)\s*(s|m|min|h|d)?")


def parse_every(text: str) -> int:
    """An interval as seconds: ``"15m"``, ``"1d"``, ``"3600s"``, ``"2h"`` or plain seconds
    (``"900"``); at least one second."""
    found = _EVERY.fullmatch(text.strip().lower())
    if found is None or int(found[1]) < 1:
        raise ValidationError(
            f"interval {text!r}: give a whole number with s, m, h or d (e.g. 15m, 1d, 3600s)"
        )
    return int(found[1]) * _UNITS[found[2] or "s"]


def parse_options(pairs: Sequence[str]) -> dict[str, Any]:
    """``key=value`` pairs as a feed's options, each value the text written: the feed reads
    it (a count from its digits, a flag from true/false), so that ``versions=25.10`` stays the
    release 25.10 and is not read as the number 25.1."""
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ValidationError(f"option {pair!r}: write it as key=value (e.g. country=Syria)")
        if key in options:
            raise ValidationError(f"option {key!r} is given twice: give it once")
        options[key] = value
    return options


def follow(
    store: Store,
    kind: str,
    *,
    name: str | None = None,
    every_s: int | None = None,
    options: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> FeedState:
    """Follow the feed ``kind`` under ``name`` (default: the kind): its options are checked by
    building the feed (an unknown kind or option is an error naming the known ones), its
    version and default interval taken from it. The first pull starts from the feed's
    beginning, at the next round of ``trucewatch watch``."""
    given = dict(options or {})
    feed = feed_for(kind, **given)
    every = every_s if every_s is not None else int(feed.every.total_seconds())
    return add_feed(
        store,
        kind if name is None else name,
        kind,
        feed.version,
        given,
        every,
        now=now or datetime.now(UTC),
    )


def unfollow(store: Store, name: str) -> FeedState:
    """Stop following the feed ``name``: its cursor and state are dropped, the events it
    brought stay. Return its last state."""
    return remove_feed(store, name)
