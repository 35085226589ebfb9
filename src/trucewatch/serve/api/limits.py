"""The size limit on request bodies, enforced while the body streams in (ASGI middleware).

Every request passes :class:`BodyLimit` before any route sees it. A declared
``Content-Length`` over the limit is answered 413 at once, without reading a byte of the body;
a body without a length (chunked) is counted as it arrives and answered 413 as soon as it
passes the limit: the route gets no more of it and nothing is kept beyond what was read. The
limit depends on the route kind: uploads of event files (``POST /ingest/...``) may be large,
every other body (agreements, extensions, ends, subscriptions, settings) is small JSON or YAML.
Routes keep their own checks too (an agreement's text length, an empty upload).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trucewatch.serve.api.errors import error_body
from trucewatch.serve.api.schemas import MAX_AGREEMENT_TEXT

__all__ = ["MAX_BODY", "UPLOAD_PREFIX", "BodyLimit"]

#: The largest body of every route but the uploads, in bytes (an agreement's text is the
#: largest of them: ``MAX_AGREEMENT_TEXT``).
MAX_BODY = MAX_AGREEMENT_TEXT
#: The paths whose bodies are event files, limited by ``max_upload`` instead.
UPLOAD_PREFIX = "/ingest/"


class BodyLimit:
    """Refuse (413) a request whose body is over the limit of its route kind, before or as it
    streams; ``body`` bytes for every route, ``upload`` for paths under ``/ingest/``."""

    def __init__(self, app: ASGIApp, *, body: int = MAX_BODY, upload: int) -> None:
        if body < 1 or upload < 1:
            raise ValueError(f"body limits must be positive, not {body} and {upload}")
        self.app = app
        self.body = body
        self.upload = upload

    def limit_of(self, path: str) -> tuple[int, str]:
        """The limit of ``path``'s bodies in bytes, and what such a body is called."""
        if path.startswith(UPLOAD_PREFIX):
            return self.upload, "an upload"
        return self.body, "a request body"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, what = self.limit_of(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, f"{what} of {declared:,} bytes: at most {limit:,} are accepted")
            return
        received = 0
        refused = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    if not started:
                        await _refuse(send, f"{what} over {limit:,} bytes: no more is accepted")
                    # the route sees a client gone: it stops reading, and what it answers
                    # after the 413 is dropped
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not refused:  # a route that fails on the cut body: its error is the 413 sent
                raise


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


async def _refuse(send: Send, message: str) -> None:
    body: dict[str, Any] = error_body("too_large", message)
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
