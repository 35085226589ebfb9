"""The one exception tree of trucewatch.

Every error raised on purpose by trucewatch derives from :class:`TrucewatchError`;
third-party errors are mapped at the boundary with ``raise ... from exc``::

    TrucewatchError
    ├── ValidationError          a domain object refused an impossible value
    ├── AgreementError           an agreement file is malformed or inconsistent
    ├── BoundaryError            a boundary file cannot be read or an admin unit is unknown
    ├── SourceError              an event file cannot be read at all (not just one bad row)
    │   ├── BadRowsError         ``--strict`` ingest rejected a file because of bad rows
    │   └── FeedError            a live feed cannot be pulled now (token, tier, rate, down)
    ├── StoreError               the DuckDB store cannot be opened, migrated or written
    │   └── StoreBusyError       another process kept the store longer than the wait allowed
    ├── DeliveryError            an alert could not be delivered (it stays queued, retried)
    └── NotFoundError            a record asked for by id does not exist

Messages say the cause and the fix: which file, row, field and value, and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FEED_STATES",
    "AgreementError",
    "BadRowsError",
    "BoundaryError",
    "DeliveryError",
    "FeedError",
    "NotFoundError",
    "RowError",
    "SourceError",
    "StoreBusyError",
    "StoreError",
    "TrucewatchError",
    "ValidationError",
]


class TrucewatchError(Exception):
    """Root of every error trucewatch raises on purpose."""


class ValidationError(TrucewatchError, ValueError):
    """A domain object was asked to hold an impossible value."""


class AgreementError(TrucewatchError):
    """An agreement file is malformed or inconsistent.

    ``path`` and ``field`` (a dotted path such as ``extensions[1].start``) locate the problem.
    """

    def __init__(self, message: str, *, path: str | None = None, field: str | None = None):
        self.path = path
        self.field = field
        where = ": ".join(p for p in (path, field) if p)
        super().__init__(f"{where}: {message}" if where else message)


class BoundaryError(TrucewatchError):
    """A boundary file cannot be read, or a named admin unit is not in the loaded boundaries."""


class SourceError(TrucewatchError):
    """An event file cannot be read at all (missing, wrong format, no header)."""


#: Why a feed could not be pulled, as ``trucewatch status`` shows it (``FeedError.state``).
FEED_STATES = (
    "token missing",
    "token expired",
    "forbidden",
    "rate limited",
    "unavailable",
    "bad data",
)


class FeedError(SourceError):
    """A live feed cannot be pulled now: its credentials are missing or refused, the account's
    tier forbids it, the source limits the rate or is down, or it sent data that cannot be
    read. ``state`` is one of :data:`FEED_STATES`; ``retry_after`` the seconds the source asked
    to wait (HTTP Retry-After), if it said. The message never holds a secret."""

    def __init__(
        self, message: str, *, feed: str, state: str, retry_after: float | None = None
    ) -> None:
        if state not in FEED_STATES:
            raise ValueError(f"feed state {state!r} is not one of {', '.join(FEED_STATES)}")
        super().__init__(message)
        self.feed = feed
        self.state = state
        self.retry_after = retry_after


class StoreError(TrucewatchError):
    """The store cannot be opened, migrated or written."""


class StoreBusyError(StoreError):
    """Another process (or thread) kept the store longer than the caller would wait.

    ``store`` is the store's path. Waiting longer, or trying again later, can succeed.
    """

    def __init__(self, message: str, *, store: object = None):
        self.store = store
        super().__init__(message)


class NotFoundError(TrucewatchError, KeyError):
    """A record asked for by id does not exist."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True, slots=True)
class RowError:
    """One bad row of an input file: where it is, which field, the value and why it is refused."""

    file: str
    line: int
    field: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        field = f" field {self.field!r}" if self.field else ""
        value = f" value {self.value!r}" if self.value is not None else ""
        where = f"{self.file}:{self.line}:{field}{value}"
        return f"{where}: {self.reason}" if field or value else f"{where} {self.reason}"


class BadRowsError(SourceError):
    """A file was rejected whole (``--strict``) because some of its rows are bad."""

    def __init__(self, file: str, errors: list[RowError]):
        self.file = file
        self.errors = errors
        shown = "\n".join(f"  {e}" for e in errors[:10])
        more = f"\n  ... and {len(errors) - 10} more" if len(errors) > 10 else ""
        super().__init__(
            f"{file}: rejected, {len(errors)} bad row(s) and --strict was given; "
            f"nothing was stored:\n{shown}{more}"
        )


class DeliveryError(TrucewatchError):
    """An alert could not be delivered (it stays in the outbox and is retried)."""
