"""``trucewatch watch``: the feeds a store follows, pulled on their schedules, their data
ingested, the verdicts refreshed and the alerts queued and delivered (docs/watch.md).

- :func:`run_once` (``runner.py``): one round of every feed due; :class:`WatchRun`,
  :class:`FeedRun`;
- :func:`watch` (``loop.py``): rounds on the schedule until stopped; ``watch_in_server`` for
  ``trucewatch serve --watch``;
- :func:`follow`, :func:`unfollow` (``following.py``): ``trucewatch feeds add|remove``;
- :func:`status`: each feed's freshness (:class:`~trucewatch.freshness.FeedStatus`).

The names are imported on first use (PEP 562), so that ``trucewatch feeds list`` and
``trucewatch status`` pay only for what they read.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trucewatch.freshness import FeedStatus
    from trucewatch.store import Store
    from trucewatch.watch.following import follow, parse_every, parse_options, unfollow
    from trucewatch.watch.loop import watch, watch_in_server
    from trucewatch.watch.runner import FeedRun, WatchRun, backoff, run_once

_EXPORTS: dict[str, str] = {
    "FeedRun": "trucewatch.watch.runner",
    "WatchRun": "trucewatch.watch.runner",
    "backoff": "trucewatch.watch.runner",
    "run_once": "trucewatch.watch.runner",
    "watch": "trucewatch.watch.loop",
    "watch_in_server": "trucewatch.watch.loop",
    "follow": "trucewatch.watch.following",
    "parse_every": "trucewatch.watch.following",
    "parse_options": "trucewatch.watch.following",
    "unfollow": "trucewatch.watch.following",
}

__all__ = [
    "FeedRun",
    "WatchRun",
    "backoff",
    "follow",
    "parse_every",
    "parse_options",
    "run_once",
    "status",
    "unfollow",
    "watch",
    "watch_in_server",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'trucewatch.watch' has no attribute {name!r}")


def status(store: Store, now: datetime | None = None) -> list[FeedStatus]:
    """Each followed feed's freshness at ``now`` (default: the clock): "acled: last synced 9
    days ago (ok)", a feed never pulled or failing saying so, a stale one flagged
    (:func:`trucewatch.freshness.feed_statuses`)."""
    from trucewatch.freshness import feed_statuses

    return feed_statuses(store, now)
