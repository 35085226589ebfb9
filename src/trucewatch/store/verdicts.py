"""Verdicts kept in the store, and the windows they were computed for.

A verdict row is one :class:`~trucewatch.model.verdict.Verdict`. ``verdict_windows`` records,
for each agreement window, a key of its definition (window, scope, parties, exclusions, rules
version) and the last ingest it has judged, so that an update re-judges only what changed:
a new or changed window against every event, an unchanged one against new events only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from trucewatch.model.threshold import min_share_of
from trucewatch.model.verdict import (
    RULES_VERSION,
    SideJudgement,
    Verdict,
    VerdictKind,
    rules_version,
)
from trucewatch.store.catalog import check_agreement_ids
from trucewatch.store.query import check_event_id
from trucewatch.suggest import not_one_of

__all__ = [
    "VERDICT_COLUMNS",
    "WindowState",
    "check_verdict_filter",
    "judged_rules_versions",
    "read_verdicts",
    "replace_verdicts",
    "row_to_verdict",
    "stale_verdicts",
    "verdict_filter",
    "verdict_to_row",
    "window_states",
]

VERDICT_COLUMNS = (
    "event_id",
    "agreement_id",
    "window_id",
    "verdict",
    "space",
    "time",
    "parties",
    "reasons",
    "explanation",
    "distance_km",
    "share_inside",
    "contested_with",
    "rules_version",
)

_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("agreement_id", pa.string()),
        ("window_id", pa.string()),
        ("verdict", pa.string()),
        ("space", pa.string()),
        ("time", pa.string()),
        ("parties", pa.string()),
        ("reasons", pa.list_(pa.string())),
        ("explanation", pa.string()),
        ("distance_km", pa.float64()),
        ("share_inside", pa.float64()),
        ("contested_with", pa.list_(pa.string())),
        ("rules_version", pa.string()),
    ]
)

WindowState = tuple[str, str, str, int]  # agreement_id, window_id, window_key, judged_through


def _side_to_dict(side: SideJudgement) -> dict[str, Any]:
    return {
        "side": side.side,
        "name": side.name,
        "status": side.status.value,
        "matched": side.matched,
        "role": side.role,
    }


def verdict_to_row(verdict: Verdict) -> dict[str, Any]:
    """A verdict as a row of the ``verdicts`` table (parties as a JSON text)."""
    return {
        "event_id": verdict.event_id,
        "agreement_id": verdict.agreement_id,
        "window_id": verdict.window_id,
        "verdict": verdict.verdict.value,
        "space": verdict.space.value,
        "time": verdict.time.value,
        "parties": json.dumps([_side_to_dict(s) for s in verdict.parties], ensure_ascii=False),
        "reasons": list(verdict.reasons),
        "explanation": verdict.explanation,
        "distance_km": verdict.distance_km,
        "share_inside": verdict.share_inside,
        "contested_with": list(verdict.contested_with),
        "rules_version": verdict.rules_version,
    }


def row_to_verdict(row: dict[str, Any]) -> Verdict:
    """The inverse of :func:`verdict_to_row`."""
    return Verdict(
        event_id=row["event_id"],
        agreement_id=row["agreement_id"],
        window_id=row["window_id"],
        verdict=row["verdict"],
        space=row["space"],
        time=row["time"],
        parties=tuple(SideJudgement(**s) for s in json.loads(row["parties"])),
        reasons=tuple(row["reasons"]),
        explanation=row["explanation"],
        distance_km=row["distance_km"],
        share_inside=row["share_inside"],
        contested_with=tuple(row["contested_with"]),
        rules_version=row["rules_version"],
    )


def window_states(conn: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple[str, int]]:
    """(agreement_id, window_id) -> (window_key, judged_through) for every judged window."""
    rows = conn.execute(
        "SELECT agreement_id, window_id, window_key, judged_through FROM verdict_windows"
    ).fetchall()
    return {(a, w): (k, int(j)) for a, w, k, j in rows}


def judged_rules_versions(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The rules versions the stored verdicts were judged with: version -> windows judged."""
    rows = conn.execute(
        "SELECT rules_version, count(*) FROM verdict_windows GROUP BY rules_version"
    ).fetchall()
    return {str(v): int(n) for v, n in rows}


def stale_verdicts(conn: duckdb.DuckDBPyConnection, min_share_inside: float) -> str | None:
    """Why the stored verdicts are not all judged by the current rules at the location
    threshold ``min_share_inside`` (the store's setting): how many windows were judged
    otherwise, and the fix; None when every judged window is current in that respect."""
    current = rules_version(min_share_inside)
    versions = judged_rules_versions(conn)
    other = {v: n for v, n in versions.items() if v != current}
    if not other:
        return None
    judged = "; ".join(
        f"{n} with min_share_inside {min_share_of(v)!r}"
        if v.split(";")[0] == RULES_VERSION
        else f"{n} by older rules ({v})"
        for v, n in sorted(other.items())
    )
    return (
        f"of the {sum(versions.values())} agreement windows whose verdicts are stored, "
        f"{sum(other.values())} were judged otherwise than with the store's setting "
        f"min_share_inside {min_share_inside!r} ({judged}): they are judged again at the next "
        "update (trucewatch verdicts without --no-update, or POST /verdicts/refresh)"
    )


def replace_verdicts(
    conn: duckdb.DuckDBPyConnection,
    *,
    verdicts: Sequence[Verdict],
    rejudged: Iterable[tuple[str, str]],
    removed: Iterable[tuple[str, str]],
    states: Iterable[WindowState],
    rules_version: str,
) -> None:
    """In ONE transaction: drop the verdicts of re-judged and removed windows, insert
    ``verdicts`` (replacing any with the same key) and record the windows' new states."""
    table = pa.Table.from_pylist([verdict_to_row(v) for v in verdicts], schema=_SCHEMA)
    now = datetime.now(UTC)
    cols = ", ".join(VERDICT_COLUMNS)
    conn.register("_tw_verdicts", table)
    try:
        conn.execute("BEGIN TRANSACTION")
        try:
            for agreement_id, window_id in [*rejudged, *removed]:
                conn.execute(
                    "DELETE FROM verdicts WHERE agreement_id = ? AND window_id = ?",
                    [agreement_id, window_id],
                )
            for agreement_id, window_id in removed:
                conn.execute(
                    "DELETE FROM verdict_windows WHERE agreement_id = ? AND window_id = ?",
                    [agreement_id, window_id],
                )
            conn.execute(
                f"INSERT OR REPLACE INTO verdicts ({cols}, computed_at) "
                f"SELECT {cols}, ? FROM _tw_verdicts",
                [now],
            )
            for agreement_id, window_id, key, through in states:
                conn.execute(
                    "INSERT OR REPLACE INTO verdict_windows VALUES (?, ?, ?, ?, ?, ?)",
                    [agreement_id, window_id, key, rules_version, through, now],
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.unregister("_tw_verdicts")


def verdict_filter(
    agreement_ids: Sequence[str] = (), kinds: Sequence[str] = (), event_id: str | None = None
) -> tuple[str, list[Any]]:
    """SQL condition on the ``verdicts`` table aliased ``v``, and its parameters."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if agreement_ids:
        where.append(f"v.agreement_id IN ({', '.join('?' * len(agreement_ids))})")
        params.extend(agreement_ids)
    if kinds:
        where.append(f"v.verdict IN ({', '.join('?' * len(kinds))})")
        params.extend(kinds)
    if event_id is not None:
        where.append("v.event_id = ?")
        params.append(event_id)
    return " AND ".join(where), params


def check_verdict_filter(
    conn: duckdb.DuckDBPyConnection,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    event_id: str | None = None,
) -> None:
    """An unknown agreement id or event id is a NotFoundError, an unknown verdict kind a
    ValidationError, each with a guess and what is known; never an empty answer."""
    check_agreement_ids(conn, agreement_ids)
    known_kinds = [k.value for k in VerdictKind]
    for kind in kinds:
        if kind not in known_kinds:
            raise not_one_of("verdict kind", kind, known_kinds)
    if event_id is not None:
        check_event_id(conn, event_id)


def read_verdicts(
    conn: duckdb.DuckDBPyConnection,
    *,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    event_id: str | None = None,
) -> list[dict[str, Any]]:
    """Stored verdict rows (with the event's lat/lon/time), filtered, in a stable order.

    The filter is checked first (:func:`check_verdict_filter`).
    """
    check_verdict_filter(conn, agreement_ids, kinds, event_id)
    condition, params = verdict_filter(agreement_ids, kinds, event_id)
    cols = ", ".join(f"v.{c}" for c in VERDICT_COLUMNS)
    cursor = conn.execute(
        f"SELECT {cols}, e.lon, e.lat, timezone('UTC', e.time_start) AS time_start "
        f"FROM verdicts v JOIN events e USING (event_id) WHERE {condition} "
        "ORDER BY v.agreement_id, e.time_start, v.event_id, v.window_id",
        params,
    )
    names = [d[0] for d in cursor.description or ()]
    rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    for row in rows:
        row["time_start"] = row["time_start"].replace(tzinfo=UTC)
    return rows
