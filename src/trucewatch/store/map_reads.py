"""What a map of the store reads: the admin levels and units of the stored boundaries, the
events of a filter each with its most serious stored verdict, and one window's columns for
its daily series.

An event carries ONE verdict, the most serious of its stored verdicts (over the windows of
the chosen agreements, or of every agreement), in the order of
:data:`trucewatch.model.verdict.SEVERITY` (violation, possible_violation, unlocated,
not_covered, outside_window, outside_scope); ties go to the first agreement and window id.
An event with no stored verdict has the kind :data:`NO_VERDICT` (stored verdicts leave out
events outside every scope).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pyarrow as pa

from trucewatch.errors import ValidationError
from trucewatch.model.verdict import SEVERITY
from trucewatch.store.analysis import EventTable, WindowVerdicts, violent_events, window_verdicts
from trucewatch.store.event_pages import select_table
from trucewatch.store.query import EventQuery, where_clause
from trucewatch.store.verdicts import verdict_filter

if TYPE_CHECKING:
    from trucewatch.store.store import Store

__all__ = [
    "MAP_EVENT_COLUMNS",
    "NO_VERDICT",
    "BoundaryUnit",
    "MapEvents",
    "boundary_levels",
    "boundary_units",
    "map_events",
    "window_columns",
]

#: the kind of an event with no stored verdict
NO_VERDICT = "none"
_KINDS = (*(k.value for k in SEVERITY), NO_VERDICT)
_RANK = "CASE v.verdict " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(_KINDS)) + " END"

#: the columns of :attr:`MapEvents.rows`: ``time_start``/``time_end`` UTC timestamps, ``day``
#: the local calendar day of the start (YYYY-MM-DD), ``kind`` the most serious verdict (or
#: :data:`NO_VERDICT`) of the agreement and window named, ``n_verdicts`` how many it has,
#: ``confidence`` and ``guessed`` those of an event read from text (null and [] if coded)
MAP_EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "time_start",
    "time_end",
    "day",
    "lat",
    "lon",
    "radius_km",
    "place",
    "event_type",
    "fatalities_best",
    "source",
    "kind",
    "agreement_id",
    "window_id",
    "n_verdicts",
    "confidence",
    "guessed",
)
_UTC = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True)
class BoundaryUnit:
    """A stored admin unit: its layer, code, name (None if it has none) and WKB geometry."""

    layer: str
    code: str
    name: str | None
    wkb: bytes


@dataclass(frozen=True)
class MapEvents:
    """The first events of a filter in ``(time_start, event_id)`` order (``rows``, of
    :data:`MAP_EVENT_COLUMNS`) and how many match in all (``total``)."""

    rows: pa.Table
    total: int

    def __post_init__(self) -> None:
        if tuple(self.rows.column_names) != MAP_EVENT_COLUMNS:
            raise ValueError(f"map events have the columns {MAP_EVENT_COLUMNS}")
        if self.total < self.rows.num_rows:
            raise ValueError(f"{self.rows.num_rows} map events of {self.total}")


def boundary_levels(store: Store) -> list[int]:
    """The admin levels of the stored boundary units, coarsest (lowest) first."""
    rows = store.conn.execute(
        "SELECT DISTINCT level FROM boundary_units WHERE level IS NOT NULL ORDER BY level"
    ).fetchall()
    return [int(r[0]) for r in rows]


def boundary_units(store: Store, level: int) -> list[BoundaryUnit]:
    """The stored boundary units of admin ``level`` (every layer), by layer and code."""
    rows = store.conn.execute(
        "SELECT layer, code, name, wkb FROM boundary_units WHERE level = ? ORDER BY layer, code",
        [level],
    ).fetchall()
    return [BoundaryUnit(layer, code, name, bytes(wkb)) for layer, code, name, wkb in rows]


def map_events(
    store: Store,
    query: EventQuery,
    *,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    limit: int,
) -> MapEvents:
    """The events matching ``query`` with their most serious verdict of ``agreement_ids``
    (every agreement when empty); ``kinds`` keeps the events whose kind is one of them
    (:data:`NO_VERDICT`: no verdict). At most ``limit`` rows, by start time and id."""
    unknown = sorted(set(kinds) - set(_KINDS))
    if unknown:
        raise ValidationError(f"map kinds {unknown} are none of {', '.join(_KINDS)}")
    where, params = where_clause(query, store.conn)
    vcond, vparams = verdict_filter(agreement_ids)
    kind_sql, kind_params = "TRUE", []
    if kinds:
        kind_sql = f"coalesce(b.verdict, '{NO_VERDICT}') IN ({', '.join('?' * len(kinds))})"
        kind_params = list(kinds)
    sql = f"""
        WITH e AS (
            SELECT event_id, time_start, time_end, timezone, lat, lon, radius_km, place,
                   event_type, fatalities_best, source, confidence, guessed
            FROM events WHERE {where}
        ),
        b AS (
            SELECT v.event_id, v.verdict, v.agreement_id, v.window_id,
                   count(*) OVER (PARTITION BY v.event_id) AS n_verdicts
            FROM verdicts v
            WHERE {vcond} AND v.event_id IN (SELECT event_id FROM e)
            QUALIFY row_number() OVER (
                PARTITION BY v.event_id ORDER BY {_RANK}, v.agreement_id, v.window_id) = 1
        )
        SELECT e.event_id, timezone('UTC', e.time_start) AS time_start,
               timezone('UTC', e.time_end) AS time_end,
               strftime(timezone(e.timezone, e.time_start), '%Y-%m-%d') AS day, e.lat, e.lon,
               e.radius_km, e.place, e.event_type, e.fatalities_best, e.source,
               coalesce(b.verdict, '{NO_VERDICT}') AS kind, b.agreement_id, b.window_id,
               coalesce(b.n_verdicts, 0) AS n_verdicts, e.confidence, e.guessed,
               count(*) OVER () AS total
        FROM e LEFT JOIN b USING (event_id)
        WHERE {kind_sql}
        ORDER BY e.time_start, e.event_id
        LIMIT {int(limit)}
    """
    table = select_table(store.conn, sql, [*params, *vparams, *kind_params])
    total = int(table.column("total")[0].as_py()) if table.num_rows else 0
    table = table.drop_columns(["total"])
    for name in ("time_start", "time_end"):
        i = table.schema.get_field_index(name)
        table = table.set_column(i, name, table.column(i).cast(_UTC))
    return MapEvents(table, total)


def window_columns(
    store: Store,
    is_violent: Callable[[str], bool],
    agreement_id: str,
    window_id: str,
    start: datetime | None,
    end: datetime | None,
) -> tuple[EventTable, WindowVerdicts]:
    """The violent events starting in ``[start, end)`` as columns, and the stored verdicts of
    the window aligned with them (:func:`~trucewatch.store.analysis.violent_events`,
    :func:`~trucewatch.store.analysis.window_verdicts`)."""
    table = violent_events(store.conn, is_violent, start, end)
    verdicts = window_verdicts(
        store.conn, is_violent, agreement_id, window_id, start, end, table=table
    )
    return table, verdicts
