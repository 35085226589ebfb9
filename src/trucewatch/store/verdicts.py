"""Verdicts kept in the store as codes, and the windows they were computed for.

``verdict_codes`` holds one narrow row per (event, window): the window by its number
(``verdict_window_numbers``), the verdict, space, time and both side statuses as the codes of
:mod:`trucewatch.verdicts.codes`, the reasons as bits over :data:`REASON_BITS`, the distance,
the share inside and the contested list. The view ``verdicts`` decodes them into the columns
and values other modules read in SQL (``event_id``, ``agreement_id``, ``window_id``,
``verdict``, ``space``, ``time``, ``side_a_status``, ``side_b_status``, ``reasons``,
``distance_km``, ``share_inside``, ``contested_with``, ``rules_version``, ``computed_at``).
The parties and the explanation are not stored: :mod:`trucewatch.verdicts.stored` renders them
when read. ``verdict_windows`` records, for each agreement window, a key of its definition and
the last ingest it has judged, so that an update re-judges only what changed: a new or changed
window against every event, an unchanged one against new events only (docs/verdicts.md,
"Storage").
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC
from typing import Any

import duckdb

from trucewatch.model.threshold import min_share_of
from trucewatch.model.verdict import (
    RULES_VERSION,
    SideJudgement,
    Verdict,
    VerdictKind,
    rules_version,
)
from trucewatch.store.catalog import check_agreement_ids
from trucewatch.store.connect import Db, conn_of
from trucewatch.store.query import check_event_id, check_min_confidence
from trucewatch.suggest import not_one_of

__all__ = [
    "CODE_COLUMNS",
    "CSV_COLUMNS",
    "LISTING_COLUMNS",
    "REASON_BITS",
    "VERDICT_COLUMNS",
    "WindowState",
    "check_verdict_filter",
    "iter_listing",
    "iter_verdicts",
    "judged_rules_versions",
    "listing_of",
    "low_confidence_filter",
    "read_verdicts",
    "row_to_verdict",
    "stale_verdicts",
    "verdict_filter",
    "window_states",
]

#: The fields of a verdict record as the CLI and the API give it (parties and explanation
#: rendered when read).
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

#: The columns of ``trucewatch verdicts --format csv``, in order (the list's items joined by
#: spaces, no parties: :mod:`trucewatch.verdicts.render_csv`).
CSV_COLUMNS = (
    "event_id",
    "agreement_id",
    "window_id",
    "verdict",
    "space",
    "time",
    "distance_km",
    "share_inside",
    "reasons",
    "explanation",
)

#: The columns of the view ``verdicts`` a reader of verdict records selects.
CODE_COLUMNS = (
    "event_id",
    "agreement_id",
    "window_id",
    "verdict",
    "space",
    "time",
    "side_a_status",
    "side_b_status",
    "reasons",
    "distance_km",
    "share_inside",
    "contested_with",
    "rules_version",
)

#: Every reason code, in the order a verdict lists its reasons: bit ``i`` of ``reason_bits``
#: is ``REASON_BITS[i]``. Written out in migration 8 too (the view decodes with it); a test
#: holds the two and :data:`trucewatch.verdicts.reasons.REASONS` together.
REASON_BITS: tuple[str, ...] = (
    "inside_scope",
    "outside_scope",
    "straddles_scope_edge",
    "scope_everywhere",
    "location_coarser_than_scope",
    "mostly_outside_scope",
    "coded_to_admin_unit",
    "before_window",
    "after_window",
    "during_window",
    "straddles_window_start",
    "straddles_window_end",
    "not_violent",
    *(
        f"side_{side}_{suffix}"
        for side in "ab"
        for suffix in (
            "party",
            "not_yet_party",
            "accession_uncertain",
            "excluded",
            "excluded_by_later_name",
            "mixed",
            "unknown",
            "absent",
        )
    ),
    "direction_unknown",
    "no_party_identified",
    "contested",
)

#: What a listing reads per verdict: :data:`CODE_COLUMNS`, then the event's columns its parties
#: and explanation are rendered from, in this order. ``reasons`` and ``contested_with`` come as
#: text, the items joined by single spaces (neither a reason code nor an event id holds one);
#: ``time_start`` and ``time_end`` as microseconds since 1970-01-01 UTC.
LISTING_COLUMNS = (
    *CODE_COLUMNS,
    "lon",
    "lat",
    "time_start",
    "time_end",
    "date_precision",
    "timezone",
    "radius_km",
    "location_precision",
    "place",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "side_a",
    "side_b",
    "perpetrator",
    "target",
    "event_type",
    "confidence",
    "guessed",
)

_LISTING_SELECT = ", ".join(
    f"array_to_string(v.{c}, ' ') AS {c}"
    if c in ("reasons", "contested_with")
    else f"v.{c}"
    if c in CODE_COLUMNS
    else f"epoch_us(e.{c}) AS {c}"
    if c.startswith("time_")
    else f"e.{c}"
    for c in LISTING_COLUMNS
)

WindowState = tuple[str, str, str, int]  # agreement_id, window_id, window_key, judged_through


def row_to_verdict(row: dict[str, Any]) -> Verdict:
    """A verdict record (:data:`VERDICT_COLUMNS`, parties as JSON text, as
    :func:`trucewatch.verdicts.stored.verdict_records` gives it) as a :class:`Verdict`."""
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


def judged_rules_versions(db: Db) -> dict[str, int]:
    """The rules versions the stored verdicts were judged with: version -> windows judged."""
    conn = conn_of(db)
    rows = conn.execute(
        "SELECT rules_version, count(*) FROM verdict_windows GROUP BY rules_version"
    ).fetchall()
    return {str(v): int(n) for v, n in rows}


def stale_verdicts(db: Db, min_share_inside: float) -> str | None:
    """Why the stored verdicts are not all judged by the current rules at the location
    threshold ``min_share_inside`` (the store's setting): how many windows were judged
    otherwise, and the fix; None when every judged window is current in that respect."""
    conn = conn_of(db)
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


def verdict_filter(
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    event_id: str | None = None,
    min_confidence: float | None = None,
) -> tuple[str, list[Any]]:
    """SQL condition on the ``verdicts`` table aliased ``v``, and its parameters (with
    ``min_confidence``: :func:`low_confidence_filter`)."""
    where: list[str] = [low_confidence_filter(min_confidence)]
    params: list[Any] = [] if min_confidence is None else [float(min_confidence)]
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


def low_confidence_filter(min_confidence: float | None, alias: str = "v") -> str:
    """SQL condition (parameter: ``min_confidence``) leaving out rows of ``alias`` whose event
    was read from text with a lower extraction confidence; "TRUE" (no parameter) if None."""
    check_min_confidence(min_confidence)
    if min_confidence is None:
        return "TRUE"
    return f"{alias}.event_id NOT IN (SELECT event_id FROM events WHERE confidence < ?)"


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


def iter_verdicts(
    conn: duckdb.DuckDBPyConnection,
    *,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    event_id: str | None = None,
    chunk: int = 50_000,
) -> Iterator[list[dict[str, Any]]]:
    """:func:`read_verdicts`' rows in lists of at most ``chunk`` (memory bounded by a chunk)."""
    check_verdict_filter(conn, agreement_ids, kinds, event_id)
    condition, params = verdict_filter(agreement_ids, kinds, event_id)
    cols = ", ".join(f"v.{c}" for c in CODE_COLUMNS)
    cursor = conn.cursor()
    try:
        cursor.execute(
            f"SELECT {cols}, e.lon, e.lat, timezone('UTC', e.time_start) AS time_start "
            f"FROM verdicts v JOIN events e USING (event_id) WHERE {condition} "
            "ORDER BY v.agreement_id, e.time_start, v.event_id, v.window_id",
            params,
        )
        names = [d[0] for d in cursor.description or ()]
        while batch := cursor.fetchmany(chunk):
            rows = [dict(zip(names, values, strict=True)) for values in batch]
            for row in rows:
                row["time_start"] = row["time_start"].replace(tzinfo=UTC)
            yield rows
    finally:
        cursor.close()


def read_verdicts(
    conn: duckdb.DuckDBPyConnection,
    *,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    event_id: str | None = None,
) -> list[dict[str, Any]]:
    """Stored verdict rows (:data:`CODE_COLUMNS`, with the event's lon/lat/time_start),
    filtered, in a stable order; without parties and explanation (rendered by
    :mod:`trucewatch.verdicts.stored`). The filter is checked first
    (:func:`check_verdict_filter`).
    """
    check_verdict_filter(conn, agreement_ids, kinds, event_id)
    condition, params = verdict_filter(agreement_ids, kinds, event_id)
    cols = ", ".join(f"v.{c}" for c in CODE_COLUMNS)
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


def iter_listing(
    conn: duckdb.DuckDBPyConnection,
    *,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    event_id: str | None = None,
    chunk: int = 50_000,
    min_confidence: float | None = None,
) -> Iterator[list[list[Any]]]:
    """The verdicts of :func:`read_verdicts`, in its order, as the columns of
    :data:`LISTING_COLUMNS` (the event's columns with each verdict, one query, read as Arrow
    batches), at most ``chunk`` rows at a time. The filter is checked first
    (:func:`check_verdict_filter`)."""
    check_verdict_filter(conn, agreement_ids, kinds, event_id)
    condition, params = verdict_filter(agreement_ids, kinds, event_id, min_confidence)
    cursor = conn.cursor()
    try:
        reader = cursor.sql(
            f"SELECT {_LISTING_SELECT} "
            f"FROM verdicts v JOIN events e USING (event_id) WHERE {condition} "
            "ORDER BY v.agreement_id, e.time_start, v.event_id, v.window_id",
            params=params,
        ).to_arrow_reader(chunk)
        for batch in reader:
            if batch.num_rows:
                yield [column.to_pylist() for column in batch.columns]
    finally:
        cursor.close()


def listing_of(
    conn: duckdb.DuckDBPyConnection, keys: Sequence[tuple[str, str, str]]
) -> list[list[Any]]:
    """The columns of :data:`LISTING_COLUMNS` for the stored verdicts of ``keys`` (event_id,
    agreement_id, window_id), in the order of ``keys``; a key not stored is left out."""
    if not keys:
        return [[] for _ in LISTING_COLUMNS]
    ids = [k[0] for k in keys]
    rows = conn.execute(  # the events and verdicts filtered by id first: a few row groups read
        f"SELECT {_LISTING_SELECT} FROM verdicts v "
        "JOIN (SELECT * FROM events WHERE event_id = ANY(?)) e USING (event_id) "
        "JOIN (SELECT unnest(?) AS event_id, unnest(?) AS agreement_id, unnest(?) AS window_id, "
        "unnest(range(?)) AS k) want USING (event_id, agreement_id, window_id) "
        "WHERE v.event_id = ANY(?) ORDER BY want.k",
        [ids, ids, [k[1] for k in keys], [k[2] for k in keys], len(keys), ids],
    ).fetchall()
    return [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in LISTING_COLUMNS]
