"""The writes of one verdict update (:meth:`trucewatch.store.Store.verdict_update`), all in
the caller's transaction: the events to judge as Arrow columns, the windows numbered, rows of
codes appended, the candidates of contested pairs and their marks, the windows' new states.
The tables are described in :mod:`trucewatch.store.verdicts`.
What is new to an alert subscription is recorded on the way (:mod:`trucewatch.store.verdict_news`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from trucewatch.store.verdict_news import News, kinds_before, record_news
from trucewatch.store.verdicts import WindowState

__all__ = [
    "VerdictUpdate",
    "append_codes",
    "apply_contested",
    "contested_candidates",
    "event_batches",
    "event_facts",
    "finish_update",
    "side_names",
    "start_update",
]

#: the columns of ``verdict_codes`` an update appends, in order (``computed_at`` is added)
_CODE_FIELDS = (
    "event_id",
    "window_no",
    "verdict",
    "space",
    "time",
    "side_a",
    "side_b",
    "reason_bits",
    "distance_km",
    "share_inside",
    "contested_with",
)

#: what the engine and the codes need of each event, as columns (times in UTC ns)
_ENGINE_COLUMNS = (
    "event_id, lon, lat, radius_km, epoch_ns(time_start) AS lo_ns, epoch_ns(time_end) AS hi_ns, "
    "event_type, side_a, side_b, perpetrator IS NULL AS undirected, "
    "location_precision IN ('admin2', 'admin1', 'country') AS coded, timezone, ingest_id, "
    "source"
)


def event_batches(
    conn: duckdb.DuckDBPyConnection, after: int, through: int, rows: int = 1_000_000
) -> Iterator[pa.Table]:
    """The events stored by ingests ``after < ingest_id <= through``, in Arrow tables of at
    most ``rows`` rows: the columns the verdict engine and the verdict codes need."""
    cursor = conn.cursor()
    try:
        reader = cursor.sql(
            f"SELECT {_ENGINE_COLUMNS} FROM events WHERE ingest_id > $1 AND ingest_id <= $2",
            params=[after, through],
        ).to_arrow_reader(rows)
        pending: list[pa.RecordBatch] = []
        size = 0
        for batch in reader:
            pending.append(batch)
            size += batch.num_rows
            if size >= rows:
                yield pa.Table.from_batches(pending)
                pending, size = [], 0
        if size:
            yield pa.Table.from_batches(pending)
    finally:
        cursor.close()


def side_names(conn: duckdb.DuckDBPyConnection, after: int, through: int) -> list[str]:
    """Every side name of the events of ingests ``after < ingest_id <= through``, sorted."""
    rows = conn.execute(
        "SELECT DISTINCT name FROM (SELECT side_a AS name FROM events WHERE ingest_id > $1 "
        "AND ingest_id <= $2 UNION ALL SELECT side_b FROM events WHERE ingest_id > $1 "
        "AND ingest_id <= $2) WHERE name IS NOT NULL ORDER BY name",
        [after, through],
    ).fetchall()
    return [str(r[0]) for r in rows]


def event_facts(conn: duckdb.DuckDBPyConnection, event_ids: Sequence[str]) -> pa.Table:
    """What the contested check needs of ``event_ids``: source, point, radius, sides."""
    ids = pa.table({"event_id": pa.array(list(event_ids), pa.string())})
    conn.register("_tw_fact_ids", ids)
    try:
        return conn.sql(
            "SELECT e.event_id, e.source, e.lat, e.lon, e.radius_km, e.side_a, e.side_b, "
            "e.perpetrator FROM events e SEMI JOIN _tw_fact_ids USING (event_id)"
        ).to_arrow_table()
    finally:
        conn.unregister("_tw_fact_ids")


def start_update(
    conn: duckdb.DuckDBPyConnection,
    windows: Sequence[tuple[str, str]],
    *,
    rejudged: Iterable[tuple[str, str]],
    removed: Iterable[tuple[str, str]],
) -> dict[tuple[str, str], int]:
    """Within the caller's transaction: drop the verdicts of re-judged and removed windows
    (and the states of removed ones) and number every window of ``windows`` (numbers are
    kept; new windows get new ones). Returns (agreement_id, window_id) -> window number."""
    numbers = {
        (a, w): int(n)
        for n, a, w in conn.execute(
            "SELECT window_no, agreement_id, window_id FROM verdict_window_numbers"
        ).fetchall()
    }
    dropped = [numbers[k] for k in [*rejudged, *removed] if k in numbers]
    if dropped:
        conn.execute("DELETE FROM verdict_codes WHERE window_no = ANY(?)", [dropped])
    for agreement_id, window_id in removed:
        conn.execute(
            "DELETE FROM verdict_windows WHERE agreement_id = ? AND window_id = ?",
            [agreement_id, window_id],
        )
    following = max(numbers.values(), default=0) + 1
    for key in windows:
        if key not in numbers:
            numbers[key] = following
            conn.execute(
                "INSERT INTO verdict_window_numbers (window_no, agreement_id, window_id) "
                "VALUES (?, ?, ?)",
                [following, *key],
            )
            following += 1
    return numbers


def append_codes(conn: duckdb.DuckDBPyConnection, codes: pa.Table, now: datetime) -> None:
    """Append verdict rows (the columns ``_CODE_FIELDS``) computed at ``now``."""
    if codes.num_rows == 0:
        return
    conn.register("_tw_codes", codes)
    try:
        cols = ", ".join(_CODE_FIELDS)
        conn.execute(
            f"INSERT INTO verdict_codes ({cols}, computed_at) SELECT {cols}, ? FROM _tw_codes",
            [now],
        )
    finally:
        conn.unregister("_tw_codes")


def _another_source(conn: duckdb.DuckDBPyConnection, source: str) -> bool:
    """Whether any stored event comes from a source other than ``source`` (written as a range,
    so that DuckDB's zone maps skip every row group of that one source: milliseconds at 10 M
    events, where the join below scans every stored verdict)."""
    rows = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM events WHERE source < $1 OR source > $1)", [source]
    ).fetchall()
    return bool(rows[0][0])


def contested_candidates(
    conn: duckdb.DuckDBPyConnection,
    now: datetime,
    not_violent_bit: int,
    spans: dict[int, tuple[int, int, frozenset[str]]],
) -> pa.Table:
    """The verdicts that may be contested by (or contest) the verdicts computed at ``now``.

    ``spans``: per window number with new relevant verdicts (not outside the scope, during or
    across an edge of the window, violent), the UTC µs span of their events and their
    sources. Old relevant verdicts are looked at only when their events overlap that span
    and come from another source than every new one (a single-source update of a
    single-source store reads no old row); the new ones of a window only when it has old
    candidates or more than one new source. Columns: ``window_no``, ``event_id``,
    ``source``, ``lo``, ``hi`` (UTC µs), ``new``; sorted by window and start.
    """
    if not spans:
        return pa.table({"window_no": pa.array([], pa.int32())})
    relevant = (
        "c.space <> 1 AND c.time IN (1, 3) "
        f"AND (c.reason_bits & {1 << not_violent_bit}::UBIGINT) = 0"
    )
    windows = sorted(spans)
    single = {w: next(iter(spans[w][2])) for w in windows if len(spans[w][2]) == 1}
    fresh = pa.table(
        {
            "window_no": pa.array(windows, pa.int32()),
            "lo": pa.array([spans[w][0] for w in windows], pa.int64()),
            "hi": pa.array([spans[w][1] for w in windows], pa.int64()),
            "source": pa.array([single.get(w) for w in windows], pa.string()),
        }
    )
    sources = set(single.values())
    other = ""  # pushed into the events scan when every window's new rows share one source
    params: list[Any] = [now]
    if len(sources) == 1 and len(single) == len(windows):
        other = "AND e.source <> $2"
        params.append(next(iter(sources)))
    if other and not _another_source(conn, params[1]):
        return pa.table({"window_no": pa.array([], pa.int32())})  # nothing old to contest
    conn.register("_tw_fresh", fresh)
    try:
        old = conn.sql(
            f"""
            SELECT c.window_no, c.event_id, e.source, epoch_us(e.time_start) AS lo,
                   epoch_us(e.time_end) AS hi, FALSE AS new
            FROM events e JOIN verdict_codes c USING (event_id) JOIN _tw_fresh f USING (window_no)
            WHERE {relevant} AND c.computed_at <> $1 {other}
              AND epoch_us(e.time_end) > f.lo AND epoch_us(e.time_start) < f.hi
              AND (f.source IS NULL OR e.source <> f.source)
            """,
            params=params,
        ).to_arrow_table()
        joined = {int(w) for w in old.column("window_no").to_pylist()}
        joined |= {w for w in windows if w not in single}
        if not joined:
            return old
        new = conn.sql(
            f"""
            SELECT c.window_no, c.event_id, e.source, epoch_us(e.time_start) AS lo,
                   epoch_us(e.time_end) AS hi, TRUE AS new
            FROM verdict_codes c JOIN events e USING (event_id)
            WHERE {relevant} AND c.computed_at = $1 AND c.window_no = ANY($2)
            """,
            params=[now, sorted(joined)],
        ).to_arrow_table()
    finally:
        conn.unregister("_tw_fresh")
    both = pa.concat_tables([old, new.cast(old.schema)])
    return both.sort_by(
        [("window_no", "ascending"), ("lo", "ascending"), ("event_id", "ascending")]
    )


def apply_contested(
    conn: duckdb.DuckDBPyConnection,
    marks: dict[tuple[int, str], set[str]],
    contested_bit: int,
    now: datetime,
) -> None:
    """Add the ``marks`` ((window number, event id) -> other event ids) to the contested
    lists of those verdicts (sorted, without repeats) and set their ``contested`` bit."""
    if not marks:
        return
    keys = pa.table(
        {
            "window_no": pa.array([w for w, _ in marks], pa.int32()),
            "event_id": pa.array([e for _, e in marks], pa.string()),
        }
    )
    conn.register("_tw_marks", keys)
    try:
        held = conn.execute(
            "SELECT c.window_no, c.event_id, c.contested_with FROM verdict_codes c "
            "SEMI JOIN _tw_marks USING (window_no, event_id)"
        ).fetchall()
    finally:
        conn.unregister("_tw_marks")
    merged = {
        (int(w), str(e)): sorted(set(before or ()) | marks[(int(w), str(e))])
        for w, e, before in held
    }
    table = pa.table(
        {
            "window_no": pa.array([w for w, _ in merged], pa.int32()),
            "event_id": pa.array([e for _, e in merged], pa.string()),
            "contested_with": pa.array(list(merged.values()), pa.list_(pa.string())),
        }
    )
    conn.register("_tw_contested", table)
    try:
        conn.execute(
            "UPDATE verdict_codes SET contested_with = u.contested_with, "
            f"reason_bits = reason_bits | {1 << contested_bit}::UBIGINT, computed_at = ? "
            "FROM _tw_contested u "
            "WHERE verdict_codes.window_no = u.window_no AND verdict_codes.event_id = u.event_id",
            [now],
        )
    finally:
        conn.unregister("_tw_contested")


def finish_update(
    conn: duckdb.DuckDBPyConnection,
    states: Iterable[WindowState],
    rules_version: str,
    now: datetime,
) -> None:
    """Within the caller's transaction: record the windows' new states."""
    for agreement_id, window_id, key, through in states:
        conn.execute(
            "INSERT OR REPLACE INTO verdict_windows VALUES (?, ?, ?, ?, ?, ?)",
            [agreement_id, window_id, key, rules_version, through, now],
        )


class VerdictUpdate:
    """The writes of one verdict update, on a connection inside its transaction
    (:meth:`trucewatch.store.Store.verdict_update`): the functions above, bound."""

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self._conn = conn
        self._news: tuple[News, dict[tuple[str, str], int], list[tuple[str, str]]] | None = None

    def start(
        self,
        windows: Sequence[tuple[str, str]],
        *,
        rejudged: Iterable[tuple[str, str]],
        removed: Iterable[tuple[str, str]],
    ) -> dict[tuple[str, str], int]:
        again, gone = list(rejudged), list(removed)
        news = kinds_before(self._conn, again)
        numbers = start_update(self._conn, windows, rejudged=again, removed=gone)
        self._news = (news, numbers, gone)
        return numbers

    def event_batches(self, after: int, through: int, rows: int) -> Iterator[pa.Table]:
        return event_batches(self._conn, after, through, rows)

    def side_names(self, after: int, through: int) -> list[str]:
        return side_names(self._conn, after, through)

    def append(self, codes: pa.Table, now: datetime) -> None:
        append_codes(self._conn, codes, now)

    def contested_candidates(
        self,
        now: datetime,
        not_violent_bit: int,
        spans: dict[int, tuple[int, int, frozenset[str]]],
    ) -> pa.Table:
        return contested_candidates(self._conn, now, not_violent_bit, spans)

    def event_facts(self, event_ids: Sequence[str]) -> pa.Table:
        return event_facts(self._conn, event_ids)

    def apply_contested(
        self, marks: dict[tuple[int, str], set[str]], contested_bit: int, now: datetime
    ) -> None:
        apply_contested(self._conn, marks, contested_bit, now)

    def finish(self, states: Iterable[WindowState], rules_version: str, now: datetime) -> None:
        if self._news is not None:
            record_news(self._conn, *self._news, now)
        finish_update(self._conn, states, rules_version, now)
