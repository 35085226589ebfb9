"""RSS and Atom news feeds as a live feed, ``rss.v1``: each new item becomes one article of a
JSON-lines file read by the ``news`` adapter (docs/news.md, "Input").

An item is new when its id (RSS ``guid``, Atom ``id``, else its link, else a hash of its title
and text) is not among the ids the cursor remembers (the last ``keep_ids``, and always every id
of the document last read). The article's text is the item's ``content:encoded`` / Atom
``content``, else its ``description`` / ``summary`` (HTML kept as ``html`` for the adapter to
clean), else its title; with ``fetch`` the page at the item's link is fetched instead (a page
that cannot be had falls back to the item's own text, and the note says so). Its ``published``
is the item's ``pubDate`` / ``published`` / ``updated`` / ``dc:date``; an item with none (or
one without a time zone) is dated by the instant of the pull with ``undated="seen"`` (the
default) or left out with ``undated="skip"``, and counted in the note either way.

The document is parsed by lxml with entities left unresolved, no network and no DTD: a document
that declares entities (the "billion laughs" expansion, or an external entity reading a local
file) is refused as "bad data" before any item is read. ETag and Last-Modified are kept in the
cursor for a conditional GET: a 304 brings nothing and costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from lxml import etree

from trucewatch.errors import FeedError, SourceError
from trucewatch.feeds._open_get import open_get
from trucewatch.feeds._options import count_option, flag_option
from trucewatch.feeds.base import Pull, register_feed

__all__ = ["FeedItem", "RssFeed", "parse_feed"]

#: a page fetched with ``fetch`` longer than this is not used (the item's own text is)
MAX_PAGE_BYTES = 5_000_000
#: a feed document longer than this is refused ("bad data"); news feeds are some 10-500 kB
MAX_FEED_BYTES = 20_000_000
_SLUG = re.compile(r"[^A-Za-z0-9]+")
_UNDATED = ("seen", "skip")


@dataclass(frozen=True)
class FeedItem:
    """One RSS item or Atom entry: its id, link, title, text (``html`` when it holds markup)
    and publication instant (None when it gives none with a time zone)."""

    id: str
    link: str | None
    title: str | None
    body: str
    html: bool
    published: datetime | None


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element: etree._Element, *names: str) -> Iterator[etree._Element]:
    for child in element:
        if _local(child.tag) in names:
            yield child


def _text(element: etree._Element, *names: str) -> str | None:
    """The text of ``element``'s first child named one of ``names`` (local names, in order)."""
    for name in names:
        for child in _children(element, name):
            value = "".join(child.itertext()).strip()
            if value:
                return value
    return None


def _instant(raw: str | None) -> datetime | None:
    """An RFC 822 (RSS) or RFC 3339 (Atom, Dublin Core) instant; None without a time zone."""
    if not raw:
        return None
    try:
        when = datetime.fromisoformat(raw.strip())
    except ValueError:
        try:
            when = parsedate_to_datetime(raw.strip())
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None and raw.rstrip().endswith("-0000"):
            when = when.replace(tzinfo=UTC)  # RFC 2822: UTC, the sender's zone unknown
    return when if when.tzinfo is not None else None


def _link(entry: etree._Element) -> str | None:
    for child in _children(entry, "link"):
        href = child.get("href")
        if href and child.get("rel", "alternate") == "alternate":
            return href.strip()
        if not href and (child.text or "").strip():
            return (child.text or "").strip()
    return None


def _item(entry: etree._Element) -> FeedItem:
    link = _link(entry)
    title = _text(entry, "title")
    body = _text(entry, "encoded", "content", "description", "summary") or ""
    raw_date = _text(entry, "pubDate", "published", "date", "updated", "issued", "modified")
    ident = _text(entry, "guid", "id") or link
    if not ident:
        ident = "sha256:" + hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
    html = "<" in body and ">" in body
    if not body.strip():
        body, html = title or "", False
    return FeedItem(ident, link, title, body, html, _instant(raw_date))


def parse_feed(data: bytes, *, feed: str, url: str) -> list[FeedItem]:
    """The items of an RSS (0.9x, 1.0, 2.0) or Atom document, in document order; a document
    that cannot be parsed, declares entities or is neither is a FeedError ("bad data")."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(
            f"{feed}: {url} is not a well-formed XML feed ({exc}); tried again next pull",
            feed=feed,
            state="bad data",
        ) from exc
    dtd = root.getroottree().docinfo.internalDTD
    declared = [e.name for e in dtd.iterentities()] if dtd is not None else []
    if declared:
        raise FeedError(
            f"{feed}: {url} declares XML entities ({', '.join(declared[:5])}): refused, since "
            "entities can expand to gigabytes or read local files and no news feed needs them; "
            "nothing was read",
            feed=feed,
            state="bad data",
        )
    if _local(root.tag) not in ("rss", "RDF", "feed"):
        raise FeedError(
            f"{feed}: {url} is XML but neither RSS nor Atom (its root is <{_local(root.tag)}>); "
            "check the feed's url",
            feed=feed,
            state="bad data",
        )
    return [_item(e) for e in root.iter() if _local(e.tag) in ("item", "entry")]


def _slug(text: str) -> str:
    return _SLUG.sub("-", text).strip("-").lower() or "rss"


@register_feed("rss")
class RssFeed:
    """An RSS or Atom feed of news (options: ``url``, ``publisher``, ``name``, ``fetch``,
    ``undated``, ``keep_ids``)."""

    kind = "rss"
    version = "rss.v1"
    every = timedelta(minutes=15)

    def __init__(
        self,
        url: str,
        publisher: str | None = None,
        name: str = "rss",
        fetch: bool = False,
        undated: str = "seen",
        keep_ids: int = 2000,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise SourceError(f"rss feed option url: {url!r} is not an http(s) URL")
        if undated not in _UNDATED:
            raise SourceError(
                f"rss feed option undated: {undated!r} is not one of {', '.join(_UNDATED)} "
                "(seen: dated by the pull's instant; skip: left out)"
            )
        self.url = url
        self.publisher = publisher
        self.name = name
        self.fetch = flag_option("rss", "fetch", fetch)
        self.undated = undated
        self.keep_ids = count_option("rss", "keep_ids", keep_ids)

    def pull(self, cursor: Mapping[str, Any] | None, spool: Path) -> Pull:
        """The items not seen before, as one JSON-lines file of articles in ``spool``."""
        cursor = dict(cursor or {})
        headers = {}
        if cursor.get("etag"):
            headers["If-None-Match"] = str(cursor["etag"])
        if cursor.get("modified"):
            headers["If-Modified-Since"] = str(cursor["modified"])
        response = open_get(self.url, feed=self.name, headers=headers)
        if response.status_code == 304:
            return Pull(self.name, "news", cursor=cursor, note="not modified (304)")
        if response.status_code != 200:
            raise FeedError(
                f"{self.name}: {self.url} answered HTTP {response.status_code}: check the "
                "feed's url; tried again next pull",
                feed=self.name,
                state="unavailable",
            )
        if len(response.content) > MAX_FEED_BYTES:
            raise FeedError(
                f"{self.name}: {self.url} sent {len(response.content):,} bytes, over the "
                f"{MAX_FEED_BYTES:,} a news feed is read to: check the feed's url",
                feed=self.name,
                state="bad data",
            )
        items = parse_feed(response.content, feed=self.name, url=self.url)
        seen = [str(i) for i in cursor.get("seen", [])]
        known = set(seen)
        now = datetime.now(UTC).replace(microsecond=0)
        lines: list[str] = []
        notes: list[str] = []
        undated = 0
        for item in items:
            if item.id in known:
                continue
            known.add(item.id)
            if item.published is None:
                undated += 1
                if self.undated == "skip":
                    continue
            lines.append(self._line(item, item.published or now, notes))
        ids = [i.id for i in items]
        current = set(ids)
        kept = [i for i in seen if i not in current] + list(dict.fromkeys(ids))
        kept = kept[-max(self.keep_ids, len(current)) :]
        new_cursor = {
            "seen": kept,
            "etag": response.headers.get("etag"),
            "modified": response.headers.get("last-modified"),
        }
        if undated:
            how = "dated by the pull" if self.undated == "seen" else "left out"
            notes.append(f"{undated} undated item(s) {how}")
        head = f"{len(lines)} new of {len(items)} item(s)"
        if not lines:
            return Pull(self.name, "news", cursor=new_cursor, note="; ".join([head, *notes]))
        data = "".join(line + "\n" for line in lines).encode()
        digest = hashlib.sha256(data).hexdigest()[:16]
        spool.mkdir(parents=True, exist_ok=True)
        path = spool / f"{_slug(self.name)}-{now:%Y%m%dT%H%M%S}-{digest}.jsonl"
        part = path.with_name(path.name + ".part")
        part.write_bytes(data)
        os.replace(part, path)
        return Pull(
            self.name, "news", files=(path,), cursor=new_cursor, note="; ".join([head, *notes])
        )

    def _line(self, item: FeedItem, published: datetime, notes: list[str]) -> str:
        """The article of ``item`` as one JSON line for the news adapter."""
        prefix = _slug(self.publisher or self.name)
        article: dict[str, str] = {
            "id": f"{prefix}-{hashlib.sha256(item.id.encode()).hexdigest()[:16]}",
            "published": published.isoformat(),
        }
        page = self._page(item, notes) if self.fetch and item.link else None
        if page is not None:
            article["html"] = page
        else:
            article["html" if item.html else "text"] = item.body
        for key, value in (("title", item.title), ("url", item.link), ("source", self.publisher)):
            if value:
                article[key] = value
        return json.dumps(article, ensure_ascii=False)

    def _page(self, item: FeedItem, notes: list[str]) -> str | None:
        """The HTML page at the item's link, or None (and a note) when it cannot be used.
        A rate limit is raised: the runner waits, and the items are pulled again."""
        assert item.link is not None
        try:
            response = open_get(item.link, feed=self.name)
        except FeedError as exc:
            if exc.state == "rate limited":
                raise
            notes.append(f"{item.link}: {exc.state}, the item's own text taken")
            return None
        kind = response.headers.get("content-type", "")
        if response.status_code != 200 or "html" not in kind:
            notes.append(
                f"{item.link}: HTTP {response.status_code} {kind or 'no type'}, "
                "the item's own text taken"
            )
            return None
        if len(response.content) > MAX_PAGE_BYTES:
            notes.append(f"{item.link}: page over {MAX_PAGE_BYTES:,} bytes, the item's text taken")
            return None
        return response.text
