"""Security headers on every answer of the server (ASGI middleware), and the policy of pages
that must run an inline script of their own (the interactive API docs).

Every answer gets a Content-Security-Policy that runs no inline script and no script from
elsewhere (the dashboard's scripts are files under ``/static/``), frame denial
(``X-Frame-Options: DENY`` and ``frame-ancestors 'none'``), ``X-Content-Type-Options:
nosniff`` and ``Referrer-Policy: no-referrer``. A route may set its own policy (the
interactive docs at ``/docs``: :func:`page_with_hashed_scripts`); the other headers are
always these. See docs/api.md, "Security".
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi.responses import HTMLResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "SECURITY_HEADERS", "SecurityHeaders", "page_with_hashed_scripts"]

#: The policy of every answer: scripts, styles, fonts and requests only from this server;
#: images also from https servers (the map's optional tiles, ``?tiles=``) and data: URLs;
#: no plugin, no frame, no form, no <base>, and no page may frame this one.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
#: The headers every answer carries (a route's own Content-Security-Policy wins).
SECURITY_HEADERS = (
    ("content-security-policy", CSP),
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` to every HTTP answer of ``app`` (errors included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    if name == "content-security-policy" and name in headers:
                        continue  # the route's own policy (the docs pages)
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def page_with_hashed_scripts(page: HTMLResponse, *, sources: str, styles: str) -> HTMLResponse:
    """``page`` with a policy that runs exactly its inline scripts (by their SHA-256, never
    ``'unsafe-inline'``) and scripts from ``sources``; ``styles`` are its style sources."""
    html = bytes(page.body).decode("utf-8")
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _INLINE_SCRIPT.findall(html)
    )
    page.headers["content-security-policy"] = (
        f"default-src 'none'; script-src 'self' {sources} {hashes}; style-src 'self' {styles}; "
        f"img-src 'self' data: https:; connect-src 'self'; font-src 'self' https:; "
        "worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return page
