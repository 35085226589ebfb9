"""Column checks and parsers shared by the column paths of the adapters.

Each parser takes a string column and a ``flag`` mask (numpy bool, one per row) and returns the
parsed column, setting ``flag`` where a value is not one it parses exactly as the field parser
of :mod:`trucewatch.sources._fields` would. A flagged row is not refused: the adapter builds it
with its record-by-record code, which gives the event or the bad row with today's message. So
a check may be stricter than the field parser (it costs time, not correctness), never looser.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.errors import RowError, ValidationError
from trucewatch.geo.timezones import timezones_at
from trucewatch.model.event import Event
from trucewatch.sources._columns import LINE_COLUMN, ColumnRecords, order_key
from trucewatch.sources._fields import MONTHS
from trucewatch.sources._reading import Fields, convert
from trucewatch.sources.limits import EARLIEST_DAY, LATEST_DAY, MAX_FATALITIES
from trucewatch.sources.precision import local_days

__all__ = [
    "SPACE_CLASS",
    "UTC_MICROSECONDS",
    "WIDE_SPACES",
    "ColumnBatch",
    "blank_to_null",
    "build_batch",
    "by_chunk",
    "codes",
    "day_numbers",
    "floats",
    "local_day_bounds",
    "stripped",
    "unwrapped",
    "whole_numbers",
    "zones_at",
]

#: whitespace ``str.strip`` removes that ``ascii_trim_whitespace`` does not
#: (every non-ASCII character whose ``isspace()`` is true: a test holds this to Python's)
WIDE_SPACES = (
    "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_WIDE_SPACE = "".join(f"\\x{{{ord(c):x}}}" for c in WIDE_SPACES)
_EDGE_SPACE = f"^[{_WIDE_SPACE}]|[{_WIDE_SPACE}]$"
#: an RE2 class of every character ``str.isspace`` calls a space
SPACE_CLASS = f"[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f {_WIDE_SPACE}]"
_NUMBER = r"^[+-]?(?:[0-9]{1,20}(?:\.[0-9]{0,20})?|\.[0-9]{1,20})(?:[eE][+-]?[0-9]{1,2})?$"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

#: The type of the event columns' UTC instants.
UTC_MICROSECONDS = pa.timestamp("us", tz="UTC")
_US = timedelta(microseconds=1)


@dataclass
class ColumnBatch:
    """Records of one file: events as columns, and what was built record by record.

    ``columns`` maps event columns (the store's names) to arrays of one value per good event
    built from columns; ``keys`` orders those events among ``events`` (built one by one) and
    ``errors`` (bad rows), with ``event_keys`` and ``error_keys``: sorted by key, they come in
    the order the record-by-record adapter gives them.
    """

    columns: dict[str, pa.Array]
    keys: np.ndarray
    events: list[Event] = field(default_factory=list)
    event_keys: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_keys: list[int] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.keys) + len(self.events) + len(self.errors)


def _edges(column: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each value's first and last byte (0 for an empty value) and its length in bytes."""
    if column.type != pa.string():
        column = column.cast(pa.string())
    _, offsets_buffer, data_buffer = column.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[
        column.offset : column.offset + len(column) + 1
    ]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else None
    lengths = np.diff(offsets)
    if data is None or data.size == 0:
        zeros = np.zeros(len(column), np.uint8)
        return zeros, zeros, lengths
    full = lengths > 0
    first = np.where(full, data[np.minimum(offsets[:-1], data.size - 1)], 0)
    last = np.where(full, data[np.maximum(offsets[1:] - 1, 0)], 0)
    return first, last, lengths


_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 32]] = True


def stripped(column: pa.Array | None, flag: np.ndarray) -> pa.Array:
    """``str.strip`` of each value (flagged where non-ASCII whitespace may be at an edge).

    Values are trimmed only when some value has a space at an edge; only values with a
    non-ASCII character at an edge are searched for non-ASCII whitespace.
    """
    if column is None:
        return pa.nulls(len(flag), pa.string())
    first, last, _ = _edges(column)
    if _ASCII_SPACE[first].any() or _ASCII_SPACE[last].any():
        column = pc.ascii_trim_whitespace(column)
        first, last, _ = _edges(column)
    wide = (first >= 0x80) | (last >= 0x80)
    if wide.any():
        rows = np.flatnonzero(wide)
        edge = pc.match_substring_regex(column.take(pa.array(rows)), _EDGE_SPACE)
        flag[rows] |= pc.fill_null(edge, False).to_numpy(zero_copy_only=False)
    return column


def blank_to_null(column: pa.Array) -> pa.Array:
    """Empty strings as nulls (``text()`` of a stripped value); the values are not copied."""
    if column.offset or column.type != pa.string():
        return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
    _, _, lengths = _edges(column)
    valid = lengths > 0
    if column.null_count:
        valid &= column.is_valid().to_numpy(zero_copy_only=False)
    elif valid.all():
        return column
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    _, offsets, data = column.buffers()
    return pa.StringArray.from_buffers(len(column), offsets, data, bitmap)


def unwrapped(column: pa.Array, flag: np.ndarray) -> pa.Array:
    """Values wrapped in double quotes (two characters or more) without that pair, stripped
    again (GED's ``source_article``): one copy of the bytes, made with numpy."""
    if column.offset or column.type != pa.string() or len(column) == 0:
        wrapped = pc.and_(
            pc.and_(pc.starts_with(column, '"'), pc.ends_with(column, '"')),
            pc.greater_equal(pc.utf8_length(column), 2),
        )
        inner = pc.utf8_slice_codeunits(column, 1, -1)
        return stripped(pc.if_else(pc.fill_null(wrapped, False), inner, column), flag)
    first, last, lengths = _edges(column)
    wrapped = (first == 34) & (last == 34) & (lengths >= 2)
    if column.null_count:
        wrapped &= column.is_valid().to_numpy(zero_copy_only=False)
    if not wrapped.any():
        return stripped(column, flag)
    validity, offsets_buffer, data_buffer = column.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[: len(column) + 1].astype(np.int64)
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]
    offsets = offsets - offsets[0]
    keep = np.ones(data.size, dtype=bool)
    keep[offsets[:-1][wrapped]] = False
    keep[offsets[1:][wrapped] - 1] = False
    removed = np.concatenate([[0], np.cumsum(wrapped.astype(np.int64) * 2)])
    new_offsets = (offsets - removed).astype(np.int32)
    inner = pa.StringArray.from_buffers(
        len(column), pa.py_buffer(new_offsets), pa.py_buffer(data[keep]), validity
    )
    return stripped(inner, flag)


def floats(column: pa.Array, flag: np.ndarray, low: float, high: float) -> np.ndarray:
    """Stripped decimal numbers within ``[low, high]``; other values flagged (0.0 there)."""
    ok = pc.match_substring_regex(column, _NUMBER).to_numpy(zero_copy_only=False)
    flag |= ~ok
    safe = pc.if_else(pa.array(ok), column, "0")
    values = pc.cast(safe, pa.float64()).to_numpy(zero_copy_only=False).copy()
    outside = ~((values >= low) & (values <= high))
    flag |= outside
    values[outside | ~ok] = 0.0
    return values


def whole_numbers(
    column: pa.Array, flag: np.ndarray, maximum: int = MAX_FATALITIES
) -> tuple[np.ndarray, np.ndarray]:
    """Stripped optional whole numbers in ``[0, maximum]``: values and a mask of the known."""
    known = pc.not_equal(column, "").to_numpy(zero_copy_only=False)
    digits = pc.match_substring_regex(column, r"^[0-9]{1,9}$").to_numpy(zero_copy_only=False)
    flag |= known & ~digits
    good = known & digits
    values = pc.cast(pc.if_else(pa.array(good), column, "0"), pa.int64()).to_numpy().copy()
    flag |= values > maximum
    return values, good


def codes(column: pa.Array, flag: np.ndarray, allowed: Iterable[int]) -> np.ndarray:
    """Stripped one-digit codes among ``allowed`` (the codes; -1 where flagged)."""
    table = sorted(allowed)
    index = pc.fill_null(pc.index_in(column, pa.array([str(a) for a in table])), -1).to_numpy()
    missing = index < 0
    flag |= missing
    return np.where(missing, -1, np.array(table, dtype=np.int64)[np.where(missing, 0, index)])


_DAY_MONTH_YEAR = r"^(?P<d>[0-9]{1,2})[-/ ](?P<m>[A-Za-z]+)[-/ ](?P<y>[0-9]{2}|[0-9]{4})$"


def _named_months(column: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``D-Mon-YY`` / ``D Month YYYY`` days: (matched, year, month, day); years of two digits
    as Python's ``%y`` (69-99 are 19xx)."""
    parts = pc.extract_regex(column, _DAY_MONTH_YEAR)
    n = len(column)
    if parts.null_count == n:
        zeros = np.zeros(n, np.int64)
        return np.zeros(n, bool), zeros, zeros, zeros
    found = parts.is_valid().to_numpy(zero_copy_only=False)
    names = list(MONTHS)
    day_s = pc.fill_null(pc.struct_field(parts, [0]), "1")
    month_s = pc.utf8_lower(pc.fill_null(pc.struct_field(parts, [1]), "jan"))
    year_s = pc.fill_null(pc.struct_field(parts, [2]), "1970")
    index = pc.fill_null(pc.index_in(month_s, pa.array(names)), -1).to_numpy()
    found &= index >= 0
    month = np.array([MONTHS[m] for m in names], np.int64)[np.where(index >= 0, index, 0)]
    year = pc.cast(year_s, pa.int64()).to_numpy().copy()
    short = pc.utf8_length(year_s).to_numpy(zero_copy_only=False) == 2
    year[short] += np.where(year[short] >= 69, 1900, 2000)
    return found, year, month, pc.cast(day_s, pa.int64()).to_numpy()


def _iso_days(column: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``YYYY-MM-DD`` values (ASCII digits, the regex ``^[0-9]{4}-[0-9]{2}-[0-9]{2}$``):
    (matched, year, month, day), read from the column's bytes with numpy (0 where not
    matched)."""
    n = len(column)
    if column.type != pa.string():
        column = column.cast(pa.string())
    _, offsets_buffer, data_buffer = column.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[column.offset : column.offset + n + 1]
    good = np.diff(offsets) == 10
    if column.null_count:
        good &= column.is_valid().to_numpy(zero_copy_only=False)
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else None
    if data is None or not good.any():
        zeros = np.zeros(n, np.int64)
        return np.zeros(n, bool), zeros, zeros, zeros
    starts = np.where(good, offsets[:-1], 0).astype(np.int64)
    if data.size < 10:
        data = np.concatenate([data, np.zeros(10, np.uint8)])
    starts = np.minimum(starts, data.size - 10)
    chars = data[starts[:, None] + np.arange(10)].astype(np.int64) - 48  # "0" is 48
    digit = (chars >= 0) & (chars <= 9)
    dash = chars == ord("-") - 48
    good &= digit[:, [0, 1, 2, 3, 5, 6, 8, 9]].all(axis=1) & dash[:, 4] & dash[:, 7]
    chars[~good] = 0
    year = chars[:, 0] * 1000 + chars[:, 1] * 100 + chars[:, 2] * 10 + chars[:, 3]
    return good, year, chars[:, 5] * 10 + chars[:, 6], chars[:, 8] * 10 + chars[:, 9]


def day_numbers(column: pa.Array, flag: np.ndarray, named: bool = False) -> np.ndarray:
    """Stripped ``YYYY-MM-DD`` days (with ``named``, also ``D-Mon-YY`` and ``D Month YYYY``)
    an event may fall on, as days since 1970-01-01."""
    good, year, month, day = _iso_days(column)
    if named and not good.all():
        found, n_year, n_month, n_day = _named_months(column)
        found &= ~good
        year, month, day = (
            np.where(found, b, a) for a, b in ((year, n_year), (month, n_month), (day, n_day))
        )
        good |= found
    good &= (year >= EARLIEST_DAY.year) & (year <= LATEST_DAY.year)
    good &= (month >= 1) & (month <= 12) & (day >= 1)
    month = np.where(good, month, 1)
    year = np.where(good, year, 1970)
    first = ((year - 1970) * 12 + (month - 1)).astype("datetime64[M]")
    length = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(np.int64)
    good &= day <= length
    flag |= ~good
    return first.astype("datetime64[D]").astype(np.int64) + np.where(good, day, 1) - 1


_ZONES_LOCK = threading.Lock()


def zones_at(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """:func:`~trucewatch.geo.timezones.timezones_at`, one call at a time: pieces are read in
    worker threads, and the finder (made on first use) and its cache are shared."""
    with _ZONES_LOCK:
        return timezones_at(lat, lon)


def local_day_bounds(
    first: np.ndarray,
    last: np.ndarray,
    zone_codes: np.ndarray,
    zones: Sequence[str],
    flag: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """UTC microseconds of the start and end of local days ``first``..``last`` (days since
    1970) in each row's zone, :func:`~trucewatch.sources.precision.local_days` computed once
    per distinct (first, last, zone); rows where it raises are flagged. ``last`` must not be
    before ``first``."""
    if len(first) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    span = last - first
    keys = ((first + 200_000) << 32) | (span << 12) | zone_codes.astype(np.int64)
    distinct, inverse = np.unique(keys, return_inverse=True)
    starts = np.zeros(len(distinct), np.int64)
    ends = np.zeros(len(distinct), np.int64)
    failed = np.zeros(len(distinct), bool)
    epoch = date(1970, 1, 1)
    for i, key in enumerate(distinct.tolist()):
        try:
            day0 = epoch + timedelta(days=(key >> 32) - 200_000)
            day1 = day0 + timedelta(days=(key >> 12) & 0xFFFFF)
            interval = local_days(day0, day1, zones[key & 0xFFF])
        except (ValidationError, ValueError, OverflowError):
            failed[i] = True
            continue
        assert interval.end is not None  # local days always end
        starts[i] = (interval.start - _EPOCH) // _US
        ends[i] = (interval.end - _EPOCH) // _US
    flag |= failed[inverse]
    return starts[inverse], ends[inverse]


def by_chunk(
    table: pa.Table, build: Callable[[pa.Table], tuple[np.ndarray, dict[str, pa.Array]]]
) -> tuple[np.ndarray, dict[str, pa.Array]]:
    """``build`` run on each chunk of ``table`` (a chunk of the file: nothing is copied to join
    them), its flags and columns joined."""
    parts = [build(pa.Table.from_batches([b])) for b in table.to_batches()] or [build(table)]
    flag = np.concatenate([p[0] for p in parts])
    columns = {name: pa.chunked_array([p[1][name] for p in parts]) for name in parts[0][1]}
    return flag, columns


def build_batch(
    records: ColumnRecords,
    flag: np.ndarray,
    columns: dict[str, pa.Array],
    file: str,
    build: Callable[[int, Fields], Event],
) -> ColumnBatch:
    """The batch of a file: the unflagged rows of ``columns``; flagged plain rows and the
    record reader's items built by ``build`` (their event or their bad row)."""
    table = records.table
    lines = table.column(LINE_COLUMN).to_numpy()
    good = ~flag
    if good.all():
        batch = ColumnBatch(columns, lines.astype(np.int64) << 32)
    else:
        mask = pa.array(good)
        batch = ColumnBatch(
            {name: pc.filter(array, mask) for name, array in columns.items()},
            lines[good].astype(np.int64) << 32,
        )
    flagged = np.flatnonzero(flag)
    items: list[tuple[int, Fields] | RowError] = []
    keys: list[int] = []
    if flagged.size:
        names = [c for c in table.column_names if c != LINE_COLUMN]
        rows = table.select(names).take(pa.array(flagged)).to_pylist()
        items.extend((int(lines[i]), row) for i, row in zip(flagged.tolist(), rows, strict=True))
        keys.extend(order_key(int(lines[i])) for i in flagged.tolist())
    items.extend(records.items)
    keys.extend(records.item_keys)
    for key, built in zip(keys, convert(items, file, build), strict=True):
        if isinstance(built, RowError):
            batch.errors.append(built)
            batch.error_keys.append(key)
        else:
            batch.events.append(built)
            batch.event_keys.append(key)
    return batch
