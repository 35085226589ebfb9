"""The HTTP client of every feed (httpx): timeouts, retries with back-off, answers turned into
:class:`~trucewatch.errors.FeedError` states, bodies bounded while they stream.

    client = FeedClient("ucdp", label="UCDP", hints={"token missing": "set TRUCEWATCH_UCDP_TOKEN"})
    reply = client.get(url, headers={"x-ucdp-access-token": token}, params={"page": 0})
    page = reply.json()          # or reply.content (bytes), reply.status, reply.headers
    got = client.download(url, spool / "x.zip")   # streamed to a file: got.size, got.md5

What an answer becomes:

- 2xx: a :class:`Reply` (the body read whole, at most ``max_bytes``);
- a status the caller lists in ``allow`` (e.g. 404 for a UCDP Candidate release not out
  yet): a :class:`Reply` too, for the caller to read ``status``;
- connection errors, timeouts, bodies cut short and 5xx: tried again ``retries`` times after
  ``backoff``, ``2 * backoff``, ``4 * backoff`` ... seconds (``sleep`` is injectable), then
  ``"unavailable"``;
- 429: ``"rate limited"`` at once, with ``retry_after`` in seconds from the Retry-After
  header (seconds or an HTTP date);
- 401: ``"token expired"`` when a credential was sent, ``"token missing"`` when none was;
- 403: ``"forbidden"`` (the account's access level does not include it);
- 3xx (redirects are not followed, so a token never goes to another host) and other 4xx:
  ``"unavailable"``;
- a body over ``max_bytes`` or not JSON when JSON was asked for: ``"bad data"``.

Credentials go in as :class:`~trucewatch.feeds.credentials.Secret` values of ``headers`` or
``data``: they are revealed only to httpx, and a request that carried one is how a 401 tells
"expired" from "missing". Messages name the feed, the URL without its query and the cause,
then the fix (``hints``, by state); never a header, a form field or a body.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

from trucewatch._version import __version__
from trucewatch.errors import FeedError
from trucewatch.feeds._download import Download, FileSink
from trucewatch.feeds.credentials import Secret

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Download",
    "FeedClient",
    "Reply",
    "get",
    "retry_after_seconds",
]

#: the largest answer a feed reads (bytes); larger ones are refused as "bad data"
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
RETRIED_STATUSES = frozenset({500, 502, 503, 504})

Value = str | Secret
Params = Mapping[str, str | int | float]


@dataclass(frozen=True)
class Reply:
    """An answer read whole: ``status``, ``headers``, ``content`` (bytes), ``url`` (without
    its query)."""

    status: int
    headers: Mapping[str, str] = field(repr=False)
    content: bytes = field(repr=False)  # may hold tokens (an OAuth answer): never shown
    url: str = ""
    feed: str = ""
    label: str = ""
    hints: Mapping[str, str] = field(default_factory=dict, repr=False)

    def json(self) -> Any:
        """The body as JSON; not JSON (a cut body, an HTML error page) is "bad data"."""
        try:
            return json.loads(self.content)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            where = f" at byte {exc.pos}" if isinstance(exc, json.JSONDecodeError) else ""
            raise _error(
                self,
                "bad data",
                f"the answer is not JSON{where} ({len(self.content):,} bytes, "
                f"{type(exc).__name__}): it may have been cut short; try again later",
            ) from None


@dataclass(frozen=True)
class _Where:
    feed: str
    label: str
    url: str
    hints: Mapping[str, str]


def _error(where: Reply | _Where, state: str, cause: str, retry: float | None = None) -> FeedError:
    hint = where.hints.get(state)
    fix = f"; {hint}" if hint else ""
    return FeedError(
        f"{where.label}: {state}: {cause} ({where.url}){fix}",
        feed=where.feed,
        state=state,
        retry_after=retry,
    )


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Retry-After as seconds from ``now`` (Unix seconds): a number of seconds or an HTTP
    date; None when absent or unreadable; never negative."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():  # delay-seconds: digits only (no sign, no "inf")
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)


def _plain_url(url: httpx.URL) -> str:
    return str(url.copy_with(userinfo=b"", query=None, fragment=None))


def _reveal(values: Mapping[str, Value] | None) -> tuple[dict[str, str], bool]:
    shown: dict[str, str] = {}
    secret = False
    for key, value in (values or {}).items():
        if isinstance(value, Secret):
            secret = secret or bool(value)
            shown[key] = value.reveal()
        else:
            shown[key] = value
    return shown, secret


class FeedClient:
    """One feed's HTTP client (see the module docstring). ``label`` names the source in
    messages ("ACLED"), ``hints`` the fix to add to a message by state; ``transport`` is for
    tests that need one."""

    def __init__(
        self,
        feed: str,
        *,
        label: str | None = None,
        hints: Mapping[str, str] | None = None,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 2.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if retries < 0 or backoff < 0 or max_bytes <= 0 or timeout <= 0:
            raise ValueError("retries, backoff >= 0; max_bytes, timeout > 0")
        self.feed = feed
        self.label = label or feed
        self.hints = dict(hints or {})
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.sleep = sleep
        self.clock = clock
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            transport=transport,
            headers={"User-Agent": f"trucewatch/{__version__}"},
        )

    def __enter__(self) -> FeedClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        *,
        headers: Mapping[str, Value] | None = None,
        params: Params | None = None,
        allow: frozenset[int] | tuple[int, ...] = (),
    ) -> Reply:
        """GET ``url``; see the module docstring for what each answer becomes."""
        return self.request("GET", url, headers=headers, params=params, allow=allow)

    def post_form(
        self,
        url: str,
        data: Mapping[str, Value],
        *,
        headers: Mapping[str, Value] | None = None,
        allow: frozenset[int] | tuple[int, ...] = (),
    ) -> Reply:
        """POST ``data`` form-encoded (an OAuth token request); answers as for :meth:`get`."""
        return self.request("POST", url, headers=headers, data=data, allow=allow)

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, Value] | None = None,
        params: Params | None = None,
        data: Mapping[str, Value] | None = None,
        allow: frozenset[int] | tuple[int, ...] = (),
    ) -> Reply:
        """Any request; answers as for :meth:`get`."""
        return self._exchange(method, url, headers, params, data, allow, None)

    def download(
        self,
        url: str,
        dest: Path,
        *,
        headers: Mapping[str, Value] | None = None,
        params: Params | None = None,
    ) -> Download:
        """GET ``url`` streamed into the file ``dest`` (written beside it and renamed, so it is
        whole or absent), with its size and MD5; answers as for :meth:`get`, bounded by
        ``max_bytes`` too."""
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(f".{dest.name}.{os.getpid()}.part")
        sink = FileSink(part)
        try:
            self._exchange("GET", url, headers, params, None, (), sink)
            size, md5 = sink.size, sink.md5.hexdigest()
            os.replace(part, dest)
        finally:
            part.unlink(missing_ok=True)
        return Download(dest, size, md5)

    def _exchange(
        self,
        method: str,
        url: str,
        headers: Mapping[str, Value] | None,
        params: Params | None,
        data: Mapping[str, Value] | None,
        allow: frozenset[int] | tuple[int, ...],
        sink: FileSink | None,
    ) -> Reply:
        sent_headers, secret_header = _reveal(headers)
        sent_data, secret_data = _reveal(data)
        request = self._client.build_request(
            method,
            url,
            headers=sent_headers,
            params=dict(params) if params else None,
            data=sent_data if data is not None else None,
        )
        where = _Where(self.feed, self.label, _plain_url(request.url), self.hints)
        attempt = 0
        while True:
            try:
                reply = self._send(request, where, sink)
            except _Retry as retry:
                if attempt >= self.retries:
                    tries = f"{attempt + 1} tries"
                    raise _error(
                        where,
                        "unavailable",
                        f"{retry.cause} after {tries}: the source is down or unreachable; "
                        "it is tried again at the next pull",
                    ) from None
                self.sleep(self.backoff * 2**attempt)
                attempt += 1
                continue
            if 200 <= reply.status < 300 or reply.status in allow:
                return reply
            raise self._status_error(reply, where, secret_header or secret_data)

    def _send(self, request: httpx.Request, where: _Where, sink: FileSink | None) -> Reply:
        try:
            response = self._client.send(request, stream=True)
        except httpx.TransportError as exc:
            raise _Retry(_transport_cause(exc)) from None
        try:
            if response.status_code in RETRIED_STATUSES:
                raise _Retry(f"HTTP {response.status_code} {response.reason_phrase}")
            if sink is not None and 200 <= response.status_code < 300:
                with sink.open() as write:
                    self._read(response, where, write)
                content = b""
            else:
                chunks: list[bytes] = []
                self._read(response, where, chunks.append)
                content = b"".join(chunks)
        except httpx.TransportError as exc:
            raise _Retry(f"the answer was cut short ({_transport_cause(exc)})") from None
        finally:
            response.close()
        return Reply(
            response.status_code,
            dict(response.headers),
            content,
            where.url,
            self.feed,
            self.label,
            self.hints,
        )

    def _read(
        self, response: httpx.Response, where: _Where, write: Callable[[bytes], object]
    ) -> None:
        too_big = (
            f"the answer is larger than {self.max_bytes:,} bytes, the most a feed reads: "
            "ask for smaller pages"
        )
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise _error(where, "bad data", too_big)
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise _error(where, "bad data", too_big)
            write(chunk)

    def _status_error(self, reply: Reply, where: _Where, sent_secret: bool) -> FeedError:
        status = reply.status
        said = f"HTTP {status}"
        if status == 429:
            wait = retry_after_seconds(reply.headers.get("retry-after"), self.clock())
            after = f", retry after {wait:,.0f} s" if wait is not None else ""
            return _error(where, "rate limited", f"{said}: too many requests{after}", wait)
        if status == 401 and sent_secret:
            return _error(where, "token expired", f"{said}: the credentials were refused")
        if status == 401:
            return _error(where, "token missing", f"{said}: no credentials were sent")
        if status == 403:
            return _error(
                where, "forbidden", f"{said}: the account's access level does not include this"
            )
        if 300 <= status < 400:
            moved = _plain_url(httpx.URL(reply.headers.get("location", "")))
            return _error(
                where,
                "unavailable",
                f"{said}: redirected to {moved} (not followed, so credentials stay with the "
                "host they are for): set the feed's base URL to it",
            )
        return _error(where, "unavailable", f"{said}: refused; check the feed's options")


class _Retry(Exception):
    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


def _transport_cause(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer in time ({type(exc).__name__})"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def get(
    url: str,
    *,
    feed: str,
    headers: Mapping[str, Value] | None = None,
    params: Params | None = None,
    allow: frozenset[int] | tuple[int, ...] = (),
    label: str | None = None,
    hints: Mapping[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Reply:
    """One GET with a client of its own (:class:`FeedClient` for several)."""
    with FeedClient(feed, label=label, hints=hints, sleep=sleep, max_bytes=max_bytes) as client:
        return client.get(url, headers=headers, params=params, allow=allow)
