"""A fake news site on 127.0.0.1 (real sockets, a thread) serving RSS 2.0 and Atom documents
written here by hand, article pages, and hostile feeds (an entity-expansion "billion laughs"
and an external entity naming a local file). It honours ETag / If-None-Match (304) and can
answer a path with any status a given number of times."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = [
    "BILLION_LAUGHS",
    "EXTERNAL_ENTITY",
    "FakeSite",
    "atom",
    "rss",
    "running_site",
]

ALEPPO = "An air strike hit a market in Aleppo on Thursday, killing 12 people."
HOMS = "Shelling killed three civilians in Homs yesterday."
IDLIB = "Barrel bombs killed five people in Idlib."


def rss(items: Sequence[dict[str, str]]) -> str:
    """An RSS 2.0 document; each item's keys are its child elements (``description`` is
    escaped, so it may hold HTML; ``encoded`` becomes ``content:encoded`` in CDATA)."""
    parts = []
    for item in items:
        children = []
        for key, value in item.items():
            if key == "encoded":
                children.append(f"<content:encoded><![CDATA[{value}]]></content:encoded>")
            else:
                children.append(f"<{key}>{escape(value, quote=False)}</{key}>")
        parts.append("<item>" + "".join(children) + "</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Syria news</title><link>https://news.example.org/</link>"
        "<description>test</description>" + "".join(parts) + "</channel></rss>\n"
    )


def atom(entries: Sequence[dict[str, str]]) -> str:
    """An Atom document; ``link`` becomes ``<link rel="alternate" href=...>``, ``content`` an
    HTML content element."""
    parts = []
    for entry in entries:
        children = []
        for key, value in entry.items():
            if key == "link":
                children.append(f'<link rel="alternate" href="{escape(value)}"/>')
                children.append(f'<link rel="replies" href="{escape(value)}#comments"/>')
            elif key == "content":
                children.append(f'<content type="html">{escape(value)}</content>')
            else:
                children.append(f"<{key}>{escape(value)}</{key}>")
        parts.append("<entry>" + "".join(children) + "</entry>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Monitor</title><id>urn:example:monitor</id><updated>2016-05-05T12:00:00Z</updated>"
        + "".join(parts)
        + "</feed>\n"
    )


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">\n'.replace("&lol1;", "&lol;")
        for n in range(2, 10)
    )
    + ']>\n<rss version="2.0"><channel><title>x</title><item><guid>b1</guid>'
    "<title>&lol9;</title><pubDate>Thu, 05 May 2016 11:00:00 +0000</pubDate>"
    "<description>&lol9;</description></item></channel></rss>\n"
)

EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    '<rss version="2.0"><channel><title>x</title><item><guid>x1</guid><title>leak</title>'
    "<pubDate>Thu, 05 May 2016 11:00:00 +0000</pubDate>"
    "<description>Shelling in Homs. &secret;</description></item></channel></rss>\n"
)


@dataclass
class FakeSite:
    """What the site serves: path -> (content type, body). ``base_url`` is set once it runs."""

    base_url: str = ""
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: path -> [status, headers, times left]
    answers: dict[str, list] = field(default_factory=dict)
    #: every request: (path, If-None-Match header or "")
    requests: list[tuple[str, str]] = field(default_factory=list)

    def serve(self, path: str, body: str, kind: str = "application/rss+xml") -> str:
        self.pages[path] = (kind, body)
        return self.base_url + path

    def answer(self, path: str, status: int, headers: dict[str, str] | None = None, times=1):
        self.answers[path] = [status, headers or {}, times]


class _Handler(BaseHTTPRequestHandler):
    site: FakeSite

    def do_GET(self) -> None:
        path = self.path.lstrip("/")
        tag = self.headers.get("If-None-Match", "")
        self.site.requests.append((path, tag))
        canned = self.site.answers.get(path)
        if canned and canned[2] > 0:
            canned[2] -= 1
            self._send(canned[0], canned[1], b"")
            return
        if path not in self.site.pages:
            self._send(404, {"Content-Type": "text/plain"}, b"not found")
            return
        kind, text = self.site.pages[path]
        body = text.encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if tag == etag:
            self._send(304, {"ETag": etag}, b"")
            return
        self._send(200, {"Content-Type": kind, "ETag": etag}, body)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def running_site(site: FakeSite | None = None) -> Iterator[FakeSite]:
    """``site`` served on 127.0.0.1 (a free port) for the ``with`` block."""
    site = site or FakeSite()
    handler = type("Handler", (_Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
