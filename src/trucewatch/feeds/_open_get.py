"""The plain GET of the GDELT and RSS feeds, which send no credentials and so may follow a
redirect: 429 is "rate limited" (with Retry-After), 403 "forbidden", no answer or a 5xx
"unavailable" (:class:`~trucewatch.errors.FeedError`); any other answer is returned for the
feed to read (a 404 for a GDELT slot, a 304 for an RSS document). It reads an answer whole:
moving both feeds to :class:`~trucewatch.feeds.http.FeedClient`, which limits a body while it
streams, is left for later (docs/feeds.md)."""

from __future__ import annotations

import time

import httpx

from trucewatch.errors import FeedError
from trucewatch.feeds.http import retry_after_seconds

__all__ = ["TIMEOUT", "open_get"]

TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def open_get(url: str, *, feed: str, headers: dict[str, str] | None = None) -> httpx.Response:
    """GET ``url`` (redirects followed), its failures as the feed's states (see the module)."""
    try:
        response = httpx.get(url, headers=headers, timeout=TIMEOUT, follow_redirects=True)
    except httpx.HTTPError as exc:
        raise FeedError(
            f"{feed}: {url} cannot be reached ({type(exc).__name__}: {exc}); tried again later",
            feed=feed,
            state="unavailable",
        ) from exc
    status = response.status_code
    if status == 429:
        wait = retry_after_seconds(response.headers.get("retry-after"), time.time())
        raise FeedError(
            f"{feed}: {url} limits the rate (429); tried again "
            + (f"in {wait:.0f} s" if wait is not None else "later"),
            feed=feed,
            state="rate limited",
            retry_after=wait,
        )
    if status == 403:
        raise FeedError(
            f"{feed}: {url} refuses access (403): check the URL and that this account may read it",
            feed=feed,
            state="forbidden",
        )
    if status >= 500:
        raise FeedError(
            f"{feed}: {url} answered HTTP {status} (server error); tried again later",
            feed=feed,
            state="unavailable",
        )
    return response
