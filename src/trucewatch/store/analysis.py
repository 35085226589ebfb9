"""What an analysis of one agreement reads from the store, as columns (no Event objects).

The effect, the series and the report count violent events against a window's verdicts; they
need a few columns of each violent event and, per window, what its stored verdict decided.
:func:`violent_events` reads the events' columns in one query (in the order of
:meth:`Store.iter_events <trucewatch.store.Store.iter_events>`: time_start, event_id), and
:func:`window_verdicts` the verdicts of one window aligned with them in one query. The verdicts
are read as the codes ``verdict_codes`` stores (the rows the view ``verdicts`` decodes: the
window's number, verdict, space, time, share_inside), not through the view's text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.errors import StoreError
from trucewatch.model.verdict import Space, TimeRelation, VerdictKind
from trucewatch.store.connect import Db, conn_of

__all__ = [
    "EventTable",
    "Strings",
    "WindowVerdicts",
    "event_types",
    "float_values",
    "microseconds",
    "other_rules_versions",
    "overlap_clause",
    "take",
    "violent_events",
    "window_verdicts",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# the codes ``verdict_codes`` stores (positions in the model's enums, store/schema_sql.py)
_VIOLATION = list(VerdictKind).index(VerdictKind.VIOLATION)
_POSSIBLE = list(VerdictKind).index(VerdictKind.POSSIBLE_VIOLATION)
_SPACE_OUTSIDE = list(Space).index(Space.OUTSIDE)
_SPACE_UNCERTAIN = list(Space).index(Space.UNCERTAIN)
_TIME_UNCERTAIN = list(TimeRelation).index(TimeRelation.UNCERTAIN)
_US = timedelta(microseconds=1)


def microseconds(instant: datetime) -> int:
    """An aware instant as whole microseconds since 1970-01-01 UTC (exact)."""
    return (instant - _EPOCH) // _US


@dataclass(frozen=True, eq=False)
class Strings:
    """A text column dictionary-encoded: ``codes`` index ``values`` (-1: no value)."""

    codes: npt.NDArray[np.int32]
    values: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, rows: Any) -> Strings:
        return Strings(self.codes[rows], self.values)

    def value(self, row: int) -> str | None:
        """The text of one row (None: no value)."""
        code = int(self.codes[row])
        return None if code < 0 else self.values[code]

    def per_value(self, test: Callable[[str | None], bool]) -> npt.NDArray[np.bool_]:
        """``test`` of each row's text, called once per distinct text (and once for None)."""
        table = np.array([test(v) for v in self.values] + [test(None)], dtype=bool)
        return table[self.codes]  # code -1 reads the last entry: None's


@dataclass(frozen=True, eq=False)
class EventTable:
    """The columns of the events an analysis reads, one row per event, in store order (no
    event id: rows are matched by position, by the order time_start, event_id).

    Times are microseconds since 1970 UTC; deaths are NaN where the source gives none;
    text columns are :class:`Strings` (dictionary-encoded; no value where NULL in the store).
    """

    time_start: npt.NDArray[np.int64]
    time_end: npt.NDArray[np.int64]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    radius_km: npt.NDArray[np.float64]
    country: Strings
    source: Strings
    publisher: Strings
    side_a: Strings
    side_b: Strings
    deaths_low: npt.NDArray[np.float64]
    deaths_best: npt.NDArray[np.float64]
    deaths_high: npt.NDArray[np.float64]
    #: each row's id in the store's events table (None where the table was made otherwise)
    row_ids: npt.NDArray[np.int64] | None = None

    def __len__(self) -> int:
        return len(self.time_start)


@dataclass(frozen=True, eq=False)
class WindowVerdicts:
    """What the stored verdicts of one window decided, aligned with an :class:`EventTable`.

    ``judged`` is False where the event has no verdict for the window (outside its scope);
    ``violation`` / ``possible`` where the verdict is ``violation`` / ``possible_violation``;
    ``space_outside``, ``space_uncertain`` and ``time_uncertain`` the stored space and time;
    ``share_inside`` is NaN where none is stored. Every flag is False where not judged.
    """

    judged: npt.NDArray[np.bool_]
    violation: npt.NDArray[np.bool_]
    possible: npt.NDArray[np.bool_]
    space_outside: npt.NDArray[np.bool_]
    space_uncertain: npt.NDArray[np.bool_]
    time_uncertain: npt.NDArray[np.bool_]
    share_inside: npt.NDArray[np.float64]


def take(columns: EventTable | WindowVerdicts, rows: npt.NDArray[np.bool_]) -> Any:
    """The rows of an :class:`EventTable` or :class:`WindowVerdicts` where ``rows`` is True."""
    return replace(
        columns,
        **{
            f.name: getattr(columns, f.name)[rows]
            for f in fields(columns)
            if getattr(columns, f.name) is not None
        },
    )


def event_types(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """The distinct event types of the stored events."""
    return [str(t) for (t,) in conn.execute("SELECT DISTINCT event_type FROM events").fetchall()]


def _violent_where(
    conn: duckdb.DuckDBPyConnection, violent: Callable[[str], bool]
) -> tuple[str, list[str]]:
    types = [t for t in event_types(conn) if violent(t)]
    if not types:
        return "FALSE", []
    return f"e.event_type IN ({', '.join('?' for _ in types)})", types


def _where(
    conn: duckdb.DuckDBPyConnection,
    violent: Callable[[str], bool],
    start: datetime | None,
    end: datetime | None,
) -> tuple[str, list[Any]]:
    where, params = _violent_where(conn, violent)
    span, more = overlap_clause(start, end)
    return f"{where} AND {span}", [*params, *more]


#: rows read at a time (the columns are filled batch by batch, so the whole table is never
#: held twice)
_BATCH = 500_000
_NUMBERS = {
    "t0": ("time_start", np.int64),
    "t1": ("time_end", np.int64),
    "lat": ("lat", np.float64),
    "lon": ("lon", np.float64),
    "radius_km": ("radius_km", np.float64),
    "fatalities_low": ("deaths_low", np.float64),
    "fatalities_best": ("deaths_best", np.float64),
    "fatalities_high": ("deaths_high", np.float64),
}
_TEXTS = ("country", "source", "publisher", "side_a", "side_b")


class _Encoder:
    """A text column dictionary-encoded batch by batch into one set of codes, the rows put at
    given positions."""

    def __init__(self, n: int) -> None:
        self.codes = _filled(n, -1, np.int32)
        self.known: dict[str, int] = {}

    def add(self, at: npt.NDArray[np.int64], column: pa.Array) -> None:
        encoded = pc.dictionary_encode(column)
        mapping = np.array(
            [self.known.setdefault(v, len(self.known)) for v in encoded.dictionary.to_pylist()]
            + [-1],
            dtype=np.int32,
        )
        indices = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
        self.codes[at] = mapping[indices]  # -1 reads the last entry: none

    def strings(self) -> Strings:
        """The codes, numbered in the order the values first occur in the rows."""
        values = tuple(self.known)
        if not values:
            return Strings(self.codes, ())
        # the codes in the order they first occur (arrow's unique keeps that order; a hash
        # pass, where np.unique sorts every row)
        seen = pc.unique(pa.array(self.codes)).to_numpy(zero_copy_only=False)
        order = seen[seen >= 0]
        renumber = np.full(len(values) + 1, -1, dtype=np.int32)
        renumber[order] = np.arange(len(order), dtype=np.int32)
        return Strings(renumber[self.codes], tuple(values[int(c)] for c in order))


def _filled(n: int, value: Any, dtype: Any) -> npt.NDArray[Any]:
    """An array of ``n`` ``value``, its memory written in order now: the rows put in place
    later land in pages already mapped (``np.empty`` / ``np.zeros`` map them on first touch,
    which in the rows' scattered order cost several times the copy itself, docs/store.md
    "Speed")."""
    return np.full(n, value, dtype=dtype)


def float_values(values: np.ndarray) -> npt.NDArray[np.float64]:
    """A fetched numeric column as floats, NULL as NaN."""
    if np.ma.isMaskedArray(values):
        return np.ma.filled(values.astype(np.float64), np.nan)
    return np.asarray(values, dtype=np.float64)


def _positions(row_ids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Row id -> place in ``row_ids`` (-1 for row ids not in it)."""
    top = int(row_ids.max()) + 1 if len(row_ids) else 0
    places = np.full(top, -1, dtype=np.int64)
    places[row_ids] = np.arange(len(row_ids), dtype=np.int64)
    return places


def _places(places: npt.NDArray[np.int64], row_ids: Any) -> npt.NDArray[np.int64]:
    """The place of each of ``row_ids`` (-1 where it has none) by :func:`_positions`."""
    ids = np.asarray(row_ids, dtype=np.int64)
    found = np.full(len(ids), -1, dtype=np.int64)
    known = ids < len(places)
    found[known] = places[ids[known]]
    return found


def _ordered_row_ids(
    cursor: duckdb.DuckDBPyConnection, where: str, params: list[Any]
) -> npt.NDArray[np.int64]:
    """The row ids of the events ``where`` selects, in store order (time_start, event_id)."""
    order = cursor.execute(
        f"SELECT e.rowid AS r FROM events e WHERE {where} ORDER BY e.time_start, e.event_id",
        params,
    ).fetchnumpy()
    return np.asarray(order["r"], dtype=np.int64)


def violent_events(
    db: Db,
    violent: Callable[[str], bool],
    start: datetime | None = None,
    end: datetime | None = None,
) -> EventTable:
    """The columns of every stored event whose type ``violent`` accepts, in store order
    (overlapping ``[start, end)`` when given).

    Only the events' row ids are sorted (by time_start, event_id); the columns are read in the
    table's own order and put in place, which costs far less than sorting whole rows."""
    conn = conn_of(db)
    where, params = _where(conn, violent, start, end)
    cursor = conn.cursor()
    try:
        cursor.execute("BEGIN TRANSACTION")  # one snapshot for the order and the columns
        row_ids = _ordered_row_ids(cursor, where, params)
        n = len(row_ids)
        places = _positions(row_ids)
        numbers = {name: _filled(n, 0, dtype) for name, dtype in _NUMBERS.values()}
        texts = {name: _Encoder(n) for name in _TEXTS}
        reader = cursor.sql(
            "SELECT e.rowid AS r, epoch_us(e.time_start) AS t0, epoch_us(e.time_end) AS t1, "
            "e.lat, e.lon, e.radius_km, e.country, e.source, e.publisher, e.side_a, e.side_b, "
            "e.fatalities_low, e.fatalities_best, e.fatalities_high "
            f"FROM events e WHERE {where}",
            params=params,
        ).to_arrow_reader(_BATCH)
        seen = 0
        for batch in reader:
            at = _places(places, batch.column("r").to_numpy(zero_copy_only=False))
            if (at < 0).any():
                raise StoreError("the events changed while they were read: read them again")
            for column, (name, dtype) in _NUMBERS.items():
                values = batch.column(column)
                if dtype is np.float64:
                    values = pc.cast(values, pa.float64())  # NULL becomes NaN below
                numbers[name][at] = values.to_numpy(zero_copy_only=False)
            for name in _TEXTS:
                texts[name].add(at, batch.column(name))
            seen += batch.num_rows
        if seen != n:
            raise StoreError("the events changed while they were read: read them again")
        cursor.execute("COMMIT")
    finally:
        cursor.close()
    return EventTable(
        time_start=numbers["time_start"],
        time_end=numbers["time_end"],
        lat=numbers["lat"],
        lon=numbers["lon"],
        radius_km=numbers["radius_km"],
        country=texts["country"].strings(),
        source=texts["source"].strings(),
        publisher=texts["publisher"].strings(),
        side_a=texts["side_a"].strings(),
        side_b=texts["side_b"].strings(),
        deaths_low=numbers["deaths_low"],
        deaths_best=numbers["deaths_best"],
        deaths_high=numbers["deaths_high"],
        row_ids=row_ids,
    )


def window_verdicts(
    db: Db,
    violent: Callable[[str], bool],
    agreement_id: str,
    window_id: str,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    table: EventTable | None = None,
) -> WindowVerdicts:
    """The stored verdicts of one window, one row per event of :func:`violent_events` (with
    the same ``start`` and ``end``; pass its ``table`` to spare sorting the events again)."""
    conn = conn_of(db)
    where, params = _where(conn, violent, start, end)
    cursor = conn.cursor()
    try:
        if table is None or table.row_ids is None:
            row_ids = _ordered_row_ids(cursor, where, params)
        else:
            row_ids = table.row_ids
        n = len(row_ids)
        places = _positions(row_ids)
        flags = ("violation", "possible", "space_outside", "space_uncertain", "time_uncertain")
        out = {name: _filled(n, False, np.bool_) for name in ("judged", *flags)}
        share = np.full(n, np.nan)
        # the rows of the window the view ``verdicts`` decodes, read as their codes, batch by
        # batch (nothing of the whole join is held at once)
        reader = cursor.sql(
            "SELECT e.rowid AS r, c.verdict, c.space, c.time, c.share_inside "
            "FROM verdict_codes c JOIN events e ON c.event_id = e.event_id "
            "WHERE c.window_no = (SELECT n.window_no FROM verdict_window_numbers n "
            "JOIN verdict_windows w ON w.agreement_id = n.agreement_id "
            "AND w.window_id = n.window_id WHERE n.agreement_id = ? AND n.window_id = ?) "
            f"AND {where}",
            params=[agreement_id, window_id, *params],
        ).to_arrow_reader(_BATCH)
        for batch in reader:
            found = _places(places, batch.column("r").to_numpy())
            keep = found >= 0  # an event stored since the table was read has no place in it
            at = found[keep]
            verdict = batch.column("verdict").to_numpy()[keep]
            space = batch.column("space").to_numpy()[keep]
            out["judged"][at] = True
            out["violation"][at] = verdict == _VIOLATION
            out["possible"][at] = verdict == _POSSIBLE
            out["space_outside"][at] = space == _SPACE_OUTSIDE
            out["space_uncertain"][at] = space == _SPACE_UNCERTAIN
            out["time_uncertain"][at] = batch.column("time").to_numpy()[keep] == _TIME_UNCERTAIN
            shares = batch.column("share_inside").to_numpy(zero_copy_only=False)
            share[at] = float_values(shares)[keep]
    finally:
        cursor.close()
    return WindowVerdicts(**out, share_inside=share)


def other_rules_versions(db: Db, agreement_id: str, version: str) -> int:
    """How many stored verdicts of ``agreement_id`` were judged by a rules version other than
    ``version`` (the store's rules)."""
    conn = conn_of(db)
    row = conn.execute(
        "SELECT count(*) FROM verdicts WHERE agreement_id = ? AND rules_version <> ?",
        [agreement_id, version],
    ).fetchone()
    return int(row[0]) if row else 0


def overlap_clause(start: datetime | None, end: datetime | None) -> tuple[str, list[Any]]:
    """Events overlapping ``[start, end)`` (the rule of :class:`~trucewatch.store.EventQuery`)."""
    parts, params = ["TRUE"], []
    if start is not None:
        parts.append("e.time_end > ?")
        params.append(start)
    if end is not None:
        parts.append("e.time_start < ?")
        params.append(end)
    return " AND ".join(parts), params
