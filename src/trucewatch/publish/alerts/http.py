"""One webhook POST to the addresses checked, within a deadline, never reading the answer.

The request goes through httpcore (the transport under httpx) with a network backend that
connects only to the :class:`~.destinations.Destination`'s checked addresses, whatever name
the URL holds: the Host header and the TLS server name (SNI, and the certificate check) are
the URL's host, the TCP connection is to the address resolved and checked once. Redirects
are never followed (httpcore does not follow them). Only the status line and the headers of
the answer are read, then the connection is closed: its body is neither read nor kept.

Every socket operation (connect, TLS handshake, send, read) is given what is left of ONE
deadline for the whole message (``timeout`` seconds from the first connection attempt), and
the connection itself at most ``connect_timeout`` of it, so a target that accepts and then
answers a byte at a time cannot hold a run longer than that. No proxy from the environment is
used: the connection is made to the checked address itself.
"""

from __future__ import annotations

import functools
import ssl
import time
import typing

import httpcore
import httpx

from trucewatch.errors import DeliveryError
from trucewatch.publish.alerts.destinations import Destination

__all__ = ["post_pinned"]


class _Deadline:
    def __init__(self, seconds: float, started: float):
        self.seconds = seconds
        self.end = started + seconds

    def left(self, cap: float | None = None) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout(f"deadline of {self.seconds:g} s passed")
        return left if cap is None else min(left, cap)


class _Stream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline):
        self.inner = inner
        self.deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self.deadline.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self.deadline.left(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        tls = self.inner.start_tls(ssl_context, server_hostname, self.deadline.left(timeout))
        return _Stream(tls, self.deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self.inner.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects to the destination's checked addresses only (the first that answers)."""

    def __init__(self, destination: Destination, deadline: _Deadline, connect_timeout: float):
        self.destination = destination
        self.deadline = deadline
        self.connect_timeout = connect_timeout
        self.inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        if port != self.destination.port:  # never: the pool has only the destination's origin
            raise httpcore.ConnectError(f"port {port} is not the destination's")
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in self.destination.addresses:
            cap = self.deadline.left(self.connect_timeout)
            try:
                stream = self.inner.connect_tcp(
                    str(address), port, cap, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _Stream(stream, self.deadline)
        assert failure is not None  # a destination has at least one address
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("webhooks are not sent to Unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@functools.cache
def _default_context() -> ssl.SSLContext:
    """The TLS context of webhooks (certifi's authorities, as httpx), made once: loading the
    authorities costs tens of milliseconds."""
    return httpx.create_ssl_context()


def _reason(exc: httpcore.NetworkError | httpcore.TimeoutException | httpcore.ProtocolError,
            timeout: float, connect_timeout: float) -> str:  # fmt: skip
    """Our own words for a failure: nothing the target sent is repeated."""
    if isinstance(exc, httpcore.ConnectTimeout):
        return f"no connection within {connect_timeout:g} s"
    if isinstance(exc, httpcore.TimeoutException):
        return f"no complete answer within {timeout:g} s"
    if isinstance(exc, httpcore.ConnectError):
        cause = exc.__context__
        if isinstance(cause, ssl.SSLCertVerificationError):
            return "its TLS certificate is not valid for the host"
        if isinstance(cause, ssl.SSLError):
            return "the TLS handshake failed"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        return "could not connect"
    if isinstance(exc, httpcore.ProtocolError):
        return "its answer is not valid HTTP/1.1"
    return "the connection broke"


def post_pinned(
    destination: Destination,
    body: bytes,
    headers: dict[str, str],
    *,
    timeout: float,
    connect_timeout: float,
    ssl_context: ssl.SSLContext | None = None,
    started: float | None = None,
) -> int:
    """POST ``body`` to the destination's checked addresses; return the answer's status.

    A DeliveryError in our own words (refused, timed out, TLS, not HTTP) if no answer came
    within ``timeout`` seconds for the whole message (counted from ``started``, a
    ``time.monotonic()`` instant, default now: the host's lookup counts too).
    """
    deadline = _Deadline(timeout, time.monotonic() if started is None else started)
    backend = _PinnedBackend(destination, deadline, connect_timeout)
    context = ssl_context
    if context is None and destination.scheme == "https":
        context = _default_context()
    sent = [("Host", destination.host_header), *headers.items()]
    limits = {"connect": connect_timeout, "read": timeout, "write": timeout, "pool": timeout}
    try:
        with (
            httpcore.ConnectionPool(
                ssl_context=context, max_connections=1, retries=0, network_backend=backend
            ) as pool,
            pool.stream(
                "POST",
                destination.url,
                headers=sent,
                content=body,
                extensions={"timeout": limits},
            ) as response,
        ):
            return response.status
    except (httpcore.NetworkError, httpcore.TimeoutException, httpcore.ProtocolError) as exc:
        reason = _reason(exc, timeout, connect_timeout)
        raise DeliveryError(f"webhook {destination.host_header}: {reason}") from exc
