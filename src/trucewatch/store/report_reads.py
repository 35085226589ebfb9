"""What the report reads of a store besides the analysis columns: the events with a stored
verdict of some kinds (for the text), the adapters of a period, and the events as points with
their most serious verdict (for the map)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from trucewatch.model.event import Event
from trucewatch.store.analysis import float_values, overlap_clause
from trucewatch.store.connect import Db, conn_of
from trucewatch.store.rows import row_to_event

__all__ = ["MapPoints", "adapters_in", "events_with_verdicts", "map_points"]


def events_with_verdicts(
    db: Db,
    agreement_id: str,
    start: datetime | None,
    end: datetime | None,
    kinds: Sequence[str],
) -> list[Event]:
    """The events overlapping ``[start, end)`` with a stored verdict of ``agreement_id`` of
    one of ``kinds`` (in some window), as Event objects in store order."""
    conn = conn_of(db)
    where, params = overlap_clause(start, end)
    marks = ", ".join("?" for _ in kinds) or "NULL"
    cursor = conn.cursor()
    try:
        cursor.execute(
            f"SELECT e.* FROM events e WHERE {where} AND e.event_id IN "
            f"(SELECT event_id FROM verdicts WHERE agreement_id = ? AND verdict IN ({marks})) "
            "ORDER BY e.time_start, e.event_id",
            [*params, agreement_id, *kinds],
        )
        names = [d[0] for d in cursor.description or ()]
        return [row_to_event(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]
    finally:
        cursor.close()


def adapters_in(db: Db, start: datetime | None, end: datetime | None) -> list[str]:
    """The adapters of the events overlapping ``[start, end)``, sorted."""
    conn = conn_of(db)
    where, params = overlap_clause(start, end)
    rows = conn.execute(f"SELECT DISTINCT e.adapter FROM events e WHERE {where}", params)
    return sorted(str(a) for (a,) in rows.fetchall())


@dataclass(frozen=True, eq=False)
class MapPoints:
    """Events as points, each with its most serious stored verdict of one agreement
    (``outside_scope`` where it has none), in store order."""

    lon: npt.NDArray[np.float64]
    lat: npt.NDArray[np.float64]
    kind: list[str]


def map_points(
    db: Db,
    agreement_id: str,
    start: datetime | None,
    end: datetime | None,
    severity: Sequence[str],
) -> MapPoints:
    """The events overlapping ``[start, end)`` with their most serious verdict of
    ``agreement_id`` over its windows, ``severity`` listing the verdicts most serious first
    (its last, what an event without a stored verdict gets)."""
    conn = conn_of(db)
    where, params = overlap_clause(start, end)
    ranks = ", ".join(f"(?, {i})" for i in range(len(severity)))
    cursor = conn.cursor()
    try:
        cursor.execute(
            "SELECT e.lon, e.lat, coalesce(w.rank, ?) AS rank FROM events e LEFT JOIN "
            "(SELECT v.event_id, min(r.rank) AS rank FROM verdicts v JOIN "
            f"(VALUES {ranks}) r(kind, rank) ON v.verdict = r.kind "
            "WHERE v.agreement_id = ? GROUP BY v.event_id) w ON w.event_id = e.event_id "
            f"WHERE {where} ORDER BY e.time_start, e.event_id",
            [len(severity) - 1, *severity, agreement_id, *params],
        )
        c = cursor.fetchnumpy()
    finally:
        cursor.close()
    kinds = list(severity)
    return MapPoints(
        float_values(c["lon"]),
        float_values(c["lat"]),
        [kinds[int(r)] for r in np.asarray(c["rank"])],
    )
