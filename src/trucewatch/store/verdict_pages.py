"""Pages of stored verdicts in listing order, cached per filter and store state: fast paging
(GET /verdicts).

Verdicts are listed in the order of :func:`trucewatch.store.verdicts.read_verdicts`: agreement,
the event's start, event id, window. The event's start lives in the ``events`` table, so even
the first page of the plain query joins every matching verdict with its event and sorts them
(about 0.5 s for 1 M verdicts), and a deep page more. This module keeps, per filter, the
matching verdicts in that order in memory as three arrays (24 bytes a verdict):

- the verdict's DuckDB row id and its event's row id, so that a page of 100 is read by
  ``rowid = ANY(?)`` from both tables (a few milliseconds, however deep the page);
- a 64-bit hash of the verdict's key (agreement, event, window), to check that the row ids
  still point at the same rows. DuckDB row ids are physical positions: a checkpoint that
  vacuums deleted rows may move rows without any other visible change. A page whose rows do
  not match is re-read after rebuilding the entry.

The whole order costs a join and a sort of every matching verdict (0.5 s for 1 M verdicts,
5 s for 10 M). A page ending within the first :data:`FIRST_ROWS` verdicts is read from an entry
of the first rows alone, with the count of all (``VerdictOrder.matching``): for one agreement
and every kind, the verdicts of the earliest-starting events (a join with the events starting
up to a bound, raised once if too few verdicts are found), else a top-N query; deeper pages
build the whole order once.

An entry is valid for one store state (:func:`verdict_state`): the number of verdicts and the
latest ``computed_at`` (every write of verdicts inserts rows stamped with the time of writing,
and deletions change the count), and the events' state (a re-ingest may move an event's
start). The cache, the store holder's (:func:`~trucewatch.store.page_cache.build_cache_of`),
holds at most :data:`MAX_ENTRIES` entries and :data:`MAX_ROWS` verdicts in all (the least
recently used go first).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from trucewatch.errors import ValidationError
from trucewatch.store.event_pages import MAX_PAGE, events_state, select_table
from trucewatch.store.page_cache import BuildCache, build_cache_of
from trucewatch.store.query import check_min_confidence
from trucewatch.store.verdicts import CODE_COLUMNS, check_verdict_filter, verdict_filter

if TYPE_CHECKING:
    from trucewatch.store.store import Store

__all__ = [
    "FIRST_ROWS",
    "MAX_ENTRIES",
    "MAX_ROWS",
    "ORDER_BY",
    "PAGE_COLUMNS",
    "VerdictOrder",
    "VerdictPage",
    "forget",
    "read_slice",
    "verdict_order",
    "verdict_page",
    "verdict_state",
]

MAX_ENTRIES = 32
MAX_ROWS = 3_000_000  # 72 MB of row ids and key hashes
#: pages that end within this many verdicts are read from the first rows of the order alone
FIRST_ROWS = 1000

#: the order of verdict listings (:func:`trucewatch.store.verdicts.read_verdicts`)
ORDER_BY = "v.agreement_id, e.time_start, v.event_id, v.window_id"
_KEY_HASH = "hash(v.agreement_id, v.event_id, v.window_id)"
#: the columns of a page: the verdict's codes, then its event's lon, lat and time_start
PAGE_COLUMNS: tuple[str, ...] = (*CODE_COLUMNS, "lon", "lat", "time_start")
_COLS = ", ".join(f"v.{c}" for c in CODE_COLUMNS)
_EVENT_COLS = "e.lon, e.lat, timezone('UTC', e.time_start) AS time_start"
_UTC = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True)
class VerdictOrder:
    """The verdicts a filter matches, in listing order: row ids and key hashes; all of them,
    or the first ones when ``matching`` (how many match in all) is given."""

    verdict_rows: npt.NDArray[np.int64]
    event_rows: npt.NDArray[np.int64]
    key_hashes: npt.NDArray[np.uint64]
    matching: int | None = None

    def __post_init__(self) -> None:
        sizes = {len(self.verdict_rows), len(self.event_rows), len(self.key_hashes)}
        if len(sizes) != 1:
            raise ValueError(f"VerdictOrder arrays differ in length: {sorted(sizes)}")
        if self.matching is not None and self.matching < len(self.verdict_rows):
            raise ValueError(f"the first {len(self.verdict_rows)} of {self.matching} verdicts")

    def __len__(self) -> int:
        return len(self.verdict_rows)

    @property
    def total(self) -> int:
        """How many verdicts the filter matches."""
        return len(self) if self.matching is None else self.matching


@dataclass(frozen=True)
class VerdictPage:
    """A page of stored verdicts: ``rows`` (:data:`PAGE_COLUMNS`, ``time_start`` a UTC
    timestamp) in listing order, and ``total`` verdicts matching the filter."""

    rows: pa.Table
    total: int

    def __post_init__(self) -> None:
        if tuple(self.rows.column_names) != PAGE_COLUMNS:
            raise ValueError(f"a verdict page has the columns {PAGE_COLUMNS}")
        if self.total < self.rows.num_rows:
            raise ValueError(f"a page of {self.rows.num_rows} verdicts of {self.total}")


def _orders(store: Store) -> BuildCache[VerdictOrder]:
    return build_cache_of(store, "verdict orders", MAX_ENTRIES, MAX_ROWS)


def verdict_state(store: Store) -> tuple[int, ...]:
    """(verdicts, latest computed_at in µs, events, latest ingest id): changes on any write
    of verdicts or events."""
    row = store.conn.execute(
        "SELECT count(*), coalesce(epoch_us(max(computed_at)), 0) FROM verdict_codes"
    ).fetchall()[0]
    verdicts = (int(row[0]), int(row[1]))
    return (*verdicts, *events_state(store))


def _key(
    store: Store,
    agreement_ids: Sequence[str],
    kinds: Sequence[str],
    state: tuple[int, ...],
    min_confidence: float | None = None,
) -> tuple[Any, ...]:
    return (str(store.path), state, tuple(agreement_ids), tuple(kinds), min_confidence)


def _read_order(
    conn: Any, condition: str, params: list[Any], events: str = "events", limit: int = 0
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
    """The row ids and key hashes of the verdicts ``condition`` selects joined with
    ``events`` (a relation with ``event_id``, ``time_start`` and the row id as ``er``), in
    listing order; the first ``limit`` (0: all)."""
    arrays = conn.execute(
        f"SELECT v.row_no AS vr, e.er, {_KEY_HASH} AS h "
        f"FROM verdicts v JOIN {events} e USING (event_id) WHERE {condition} "
        f"ORDER BY {ORDER_BY}" + (f" LIMIT {int(limit)}" if limit else ""),
        params,
    ).fetchnumpy()
    return (
        np.asarray(arrays["vr"], dtype=np.int64),
        np.asarray(arrays["er"], dtype=np.int64),
        np.asarray(arrays["h"], dtype=np.uint64),
    )


_EVENTS = "(SELECT event_id, time_start, rowid AS er FROM events)"
_EARLY_EVENTS = "(SELECT event_id, time_start, rowid AS er FROM events WHERE time_start <= ?)"


def _first_rows(
    conn: Any,
    agreement_ids: Sequence[str],
    kinds: Sequence[str],
    min_confidence: float | None = None,
) -> VerdictOrder:
    """The first :data:`FIRST_ROWS` verdicts of the filter in listing order, and how many
    match (all of them, and ``matching`` None, when there are no more)."""
    condition, params = verdict_filter(agreement_ids, kinds, min_confidence=min_confidence)
    total = int(
        conn.execute(f"SELECT count(*) FROM verdicts v WHERE {condition}", params).fetchall()[0][0]
    )
    if total <= FIRST_ROWS:
        return VerdictOrder(*_read_order(conn, condition, params, _EVENTS))
    if len(set(agreement_ids)) == 1 and not kinds:
        # one agreement: listed by the event's start, so the verdicts of the events starting
        # up to the start of the k-th event come first; enough of them are the first rows (a
        # kind filter may skip the earliest events for long: the plain top-N query then)
        for k in (8 * FIRST_ROWS, 128 * FIRST_ROWS):
            bound = conn.execute(
                "SELECT max(time_start) FROM "
                "(SELECT time_start FROM events ORDER BY time_start LIMIT ?)",
                [k],
            ).fetchall()[0][0]
            found = _read_order(conn, condition, [bound, *params], _EARLY_EVENTS, FIRST_ROWS)
            if len(found[0]) == FIRST_ROWS:
                return VerdictOrder(*found, matching=total)
    return VerdictOrder(*_read_order(conn, condition, params, _EVENTS, FIRST_ROWS), matching=total)


def verdict_order(
    store: Store,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    *,
    state: tuple[int, ...],
    stop: int | None = None,
    min_confidence: float | None = None,
) -> VerdictOrder:
    """The verdicts of ``agreement_ids`` (every agreement when empty) of ``kinds`` (every kind
    when empty) in listing order, cached for ``state`` (:func:`verdict_state`): all of them,
    or, when ``stop`` is at most :data:`FIRST_ROWS` and the whole order is not cached, at
    least the first ``stop``. ``min_confidence``: the verdicts of events read from news
    articles with a lower extraction confidence left out
    (:func:`~trucewatch.store.verdicts.low_confidence_filter`)."""
    conn = store.conn
    orders = _orders(store)
    key = _key(store, agreement_ids, kinds, state, min_confidence)
    if stop is not None and stop <= FIRST_ROWS and orders.get(key) is None:
        return orders.get_or_build(
            (*key, "first"), lambda: _first_rows(conn, agreement_ids, kinds, min_confidence)
        )

    def build() -> VerdictOrder:
        condition, params = verdict_filter(agreement_ids, kinds, min_confidence=min_confidence)
        return VerdictOrder(*_read_order(conn, condition, params, _EVENTS))

    return orders.get_or_build(key, build)


def forget(
    store: Store,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    *,
    state: tuple[int, ...],
    min_confidence: float | None = None,
) -> None:
    """Drop the cached entries of a filter (their row ids no longer point at their rows)."""
    key = _key(store, agreement_ids, kinds, state, min_confidence)
    _orders(store).forget(key)
    _orders(store).forget((*key, "first"))


def _utc(table: pa.Table) -> pa.Table:
    i = table.schema.get_field_index("time_start")
    return table.set_column(i, "time_start", table.column(i).cast(_UTC))


def _indices(values: npt.NDArray[np.intp]) -> pa.Array:
    """Row positions as an Arrow array, made from the numbers' buffer: ``pa.array`` imports
    pandas (~0.3 s, the first page's largest cost) to check what it is given."""
    data = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])


def read_slice(store: Store, order: VerdictOrder, start: int, stop: int) -> pa.Table | None:
    """Rows ``start:stop`` of ``order`` (:data:`PAGE_COLUMNS`), in order; None if the row ids
    no longer match the keys."""
    vrows = order.verdict_rows[start:stop]
    verdicts, events = ("row_no = ANY(?)", "rowid = ANY(?)") if len(vrows) else ("FALSE", "FALSE")
    fetched = select_table(
        store.conn,
        f"SELECT v.vr AS _vr, {_KEY_HASH} AS _hash, {_COLS}, {_EVENT_COLS} "
        f"FROM (SELECT row_no AS vr, * FROM verdicts WHERE {verdicts}) v "
        f"JOIN (SELECT event_id, lon, lat, time_start FROM events WHERE {events}) e "
        "USING (event_id)",
        [vrows.tolist(), order.event_rows[start:stop].tolist()] if len(vrows) else [],
    )
    if fetched.num_rows != len(vrows):
        return None
    by_row = np.argsort(vrows, kind="stable")
    # a page's few values by way of Python: pyarrow's to_numpy imports pandas (~0.3 s)
    got = np.array(fetched.column("_vr").to_pylist(), dtype=np.int64)
    at = np.minimum(np.searchsorted(vrows[by_row], got), max(len(vrows) - 1, 0))
    if len(vrows) and not np.array_equal(vrows[by_row][at], got):
        return None
    place = by_row[at]  # the position in the slice of each row fetched
    hashes = np.array(fetched.column("_hash").to_pylist(), dtype=np.uint64)
    if len(np.unique(place)) != len(place) or not np.array_equal(
        order.key_hashes[start:stop][place], hashes
    ):
        return None
    rows = fetched.drop_columns(["_vr", "_hash"]).take(_indices(np.argsort(place)))
    return _utc(rows)


@contextmanager
def _snapshot(store: Store) -> Iterator[None]:
    """Reads inside see one state of the store (a transaction rolled back after)."""
    conn = store.conn
    conn.execute("BEGIN TRANSACTION")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")


def verdict_page(
    store: Store,
    *,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    event_id: str | None = None,
    limit: int,
    offset: int = 0,
    min_confidence: float | None = None,
) -> VerdictPage:
    """The stored verdicts matching the filter (as :func:`~trucewatch.store.verdicts.
    read_verdicts` reads them, in its order) from position ``offset``, at most ``limit`` (1 to
    :data:`~trucewatch.store.event_pages.MAX_PAGE`), and how many match.

    An unknown agreement or event id is a NotFoundError, an unknown kind a ValidationError,
    never an empty page. Without an event id, the total and the page's rows come from the
    cached order of the filter, read in one snapshot of the store, so a page costs the same
    however deep it is; for one event, the plain query is small. ``min_confidence`` (0 to 1,
    else a ValidationError): the verdicts of events read from news articles with a lower
    extraction confidence left out, coded dataset rows kept
    (:func:`~trucewatch.store.verdicts.low_confidence_filter`).
    """
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValidationError(
            f"a page of {limit} verdicts from {offset}: the limit is 1 to {MAX_PAGE}, "
            "the offset at least 0"
        )
    check_min_confidence(min_confidence)
    check_verdict_filter(store.conn, agreement_ids, kinds, event_id)
    if event_id is not None:
        return _plain_page(store, agreement_ids, kinds, event_id, limit, offset, min_confidence)
    with _snapshot(store):
        state = verdict_state(store)
        for _ in range(2):  # a second time after rebuilding an entry whose row ids moved
            order = verdict_order(
                store,
                agreement_ids,
                kinds,
                state=state,
                stop=offset + limit,
                min_confidence=min_confidence,
            )
            found = read_slice(store, order, offset, offset + limit)
            if found is not None:
                return VerdictPage(found, order.total)
            forget(store, agreement_ids, kinds, state=state, min_confidence=min_confidence)
        return _plain_page(store, agreement_ids, kinds, None, limit, offset, min_confidence)


def _plain_page(
    store: Store,
    agreement_ids: Sequence[str],
    kinds: Sequence[str],
    event_id: str | None,
    limit: int,
    offset: int,
    min_confidence: float | None = None,
) -> VerdictPage:
    conn = store.conn
    condition, params = verdict_filter(agreement_ids, kinds, event_id, min_confidence)
    total = conn.execute(f"SELECT count(*) FROM verdicts v WHERE {condition}", params).fetchall()
    rows = select_table(
        conn,
        f"SELECT {_COLS}, {_EVENT_COLS} "
        f"FROM verdicts v JOIN events e USING (event_id) WHERE {condition} "
        f"ORDER BY {ORDER_BY} LIMIT {int(limit)} OFFSET {int(offset)}",
        params,
    )
    return VerdictPage(_utc(rows), int(total[0][0]))
