"""What an input file may hold: sizes, line lengths, bad rows, and the values the store can keep.

Every adapter reads under a :class:`Limits` (``adapter.limits``; the defaults below unless the
caller gives others, e.g. ``trucewatch ingest --max-bytes``). A file over a limit is refused
whole with a message naming the file, the limit and how to raise it; a record over
:attr:`Limits.max_line_chars` is one bad row.

Values the store cannot hold are bad rows too (docs/adapters.md, "Bad rows"): days outside
:data:`EARLIEST_DAY`..:data:`LATEST_DAY` and death counts above :data:`MAX_FATALITIES`.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from trucewatch.errors import SourceError, ValidationError

__all__ = [
    "DEFAULT_LIMITS",
    "EARLIEST_DAY",
    "LATEST_DAY",
    "MAX_FATALITIES",
    "STREAMED_MAX_BYTES",
    "Limits",
    "check_day",
    "check_instant",
    "check_size",
    "day_range_reason",
]

#: The first and last calendar day an event may fall on. Verdicts count time in nanoseconds
#: since 1970 in 64-bit integers (1677-09-21 .. 2262-04-11); a day is shifted by up to 14 hours
#: of time zone and its interval ends on the next day, so these bounds keep every event, and
#: every computation on it, inside that range. (DuckDB and Python hold years 1..9999.)
EARLIEST_DAY = date(1678, 1, 1)
LATEST_DAY = date(2261, 12, 31)

#: The largest death count of one event that is accepted (ten million: more than any single
#: recorded event). Sums over a whole store then stay exact in 64-bit integers and doubles.
MAX_FATALITIES = 10_000_000

_MiB = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one input file may hold; each limit has a ``trucewatch ingest`` option.

    ``max_bytes``: the file's size, uncompressed (a zip's members are counted by the sizes
    the archive declares, before anything is decompressed) — ``--max-bytes``.
    ``max_line_chars``: characters in one physical line; a longer line is one bad row, read
    past without holding it in memory — ``--max-line-chars``.
    ``max_bad_rows``: bad rows after which reading stops and the file is refused whole
    (a file that broken is usually the wrong source or encoding) — ``--max-bad-rows``.
    """

    max_bytes: int = 512 * _MiB
    max_line_chars: int = _MiB
    max_bad_rows: int = 10_000

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_line_chars", "max_bad_rows"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValidationError(f"limit {name} must be a whole number >= 1, got {value!r}")


#: The limits an adapter reads under unless it is given others.
DEFAULT_LIMITS = Limits()

#: ``trucewatch ingest --max-bytes`` for a source read in pieces (``read_column_pieces``:
#: UCDP GED, ACLED), whose memory does not grow with the file: 16 GiB, above ACLED's global
#: file and ten million GED rows (~6 GB), below what a store's disk is likely to hold
#: (see docs/store.md, "Speed"). Other sources hold a file in memory whole: ``max_bytes``.
STREAMED_MAX_BYTES = 16 << 30


def check_size(path: Path, limits: Limits, label: str | None = None) -> None:
    """Refuse ``path`` (a file, or a zip archive's members) when it is over ``max_bytes``.

    A zip archive is measured by the uncompressed sizes its directory declares; reading a
    member never yields more than its declared size (zipfile stops there and checks the CRC).
    """
    name = label or str(path)
    try:
        size = path.stat().st_size
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                size = sum(member.file_size for member in archive.infolist())
            what = "uncompressed"
        else:
            what = "in size"
    except (OSError, zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        return  # the adapter says what is wrong with it (zipfile's errors for damaged archives)
    if size > limits.max_bytes:
        raise SourceError(
            f"{name}: {size:,} bytes {what}, over the limit of {limits.max_bytes:,} bytes; "
            "nothing was read. If the file is what you meant, raise the limit "
            "(trucewatch ingest --max-bytes N, or Limits(max_bytes=N))"
        )


def day_range_reason(day: date) -> str | None:
    """Why ``day`` cannot be an event's day, or None when it can."""
    if EARLIEST_DAY <= day <= LATEST_DAY:
        return None
    return (
        f"year {day.year} is outside the days an event may fall on "
        f"({EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()})"
    )


def check_day(day: date) -> date:
    """``day`` if an event may fall on it, else ValueError with the reason."""
    reason = day_range_reason(day)
    if reason is not None:
        raise ValueError(reason)
    return day


_EARLIEST_INSTANT = datetime(EARLIEST_DAY.year, 1, 1, tzinfo=UTC)
_LATEST_INSTANT = datetime(LATEST_DAY.year, 12, 31, 23, 59, 59, tzinfo=UTC)


def check_instant(instant: datetime) -> datetime:
    """``instant`` (aware) if it lies within the event days, else ValueError with the reason."""
    if _EARLIEST_INSTANT <= instant <= _LATEST_INSTANT:
        return instant
    raise ValueError(
        f"year {instant.year} is outside the instants an event may have "
        f"({EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()})"
    )
