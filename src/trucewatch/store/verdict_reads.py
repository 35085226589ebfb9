"""Reads of the stored verdicts for the verdict modules and the CLI: typed functions over a
:class:`~trucewatch.store.Store`, so that no SQL and no connection leaves ``store/``.

Two listings read each verdict with its event's columns, in the order of
:func:`trucewatch.store.verdicts.read_verdicts`: :func:`listing_columns` (the columns of
:data:`~trucewatch.store.verdicts.LISTING_COLUMNS` as Python lists, decoded by the view
``verdicts``) and :func:`code_listing` (Arrow batches of :data:`CODE_LISTING_COLUMNS`: the codes
as stored, read from the table ``verdict_codes`` without the view's decoding, for renderers that
decode once per distinct code, e.g. :mod:`trucewatch.verdicts.render_csv`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from trucewatch.model.verdict import VerdictKind
from trucewatch.store.catalog import check_agreement_ids
from trucewatch.store.connect import Db, conn_of
from trucewatch.store.settings import read_settings
from trucewatch.store.verdicts import (
    CODE_COLUMNS,
    LISTING_COLUMNS,
    check_verdict_filter,
    iter_listing,
    listing_of,
    low_confidence_filter,
    stale_verdicts,
)

if TYPE_CHECKING:
    from trucewatch.store.store import Store

__all__ = [
    "CODE_LISTING_COLUMNS",
    "check_agreements",
    "check_filter",
    "code_listing",
    "listing_columns",
    "listing_columns_of",
    "min_share_inside",
    "stale",
    "verdicts_of_keys",
]

#: What :func:`code_listing` reads per verdict: :data:`LISTING_COLUMNS` with ``verdict``,
#: ``space``, ``time``, ``side_a_status`` and ``side_b_status`` as their codes
#: (:mod:`trucewatch.verdicts.codes`, uint8), ``reason_bits`` (uint64, bits over
#: :data:`~trucewatch.store.verdicts.REASON_BITS`) instead of ``reasons``, and neither
#: ``contested_with`` nor ``rules_version``.
CODE_LISTING_COLUMNS: tuple[str, ...] = tuple(
    "reason_bits" if c == "reasons" else c
    for c in LISTING_COLUMNS
    if c not in ("contested_with", "rules_version")
)

_CODED = {
    "verdict": "c.verdict",
    "space": "c.space",
    "time": "c.time",
    "side_a_status": "c.side_a",
    "side_b_status": "c.side_b",
    "reason_bits": "c.reason_bits",
    "distance_km": "c.distance_km",
    "share_inside": "c.share_inside",
    "event_id": "c.event_id",
    "agreement_id": "n.agreement_id",
    "window_id": "n.window_id",
}
_CODE_SELECT = ", ".join(
    f"{_CODED[c]} AS {c}"
    if c in _CODED
    else f"epoch_us(e.{c}) AS {c}"
    if c.startswith("time_")
    else f"e.{c}"
    for c in CODE_LISTING_COLUMNS
)
#: the coded columns of a verdict, for :func:`_by_row_id`'s first step
_KEY_SELECT = ", ".join(f"{_CODED[c]} AS {c}" for c in CODE_LISTING_COLUMNS if c in _CODED)
#: :data:`_CODE_SELECT` over that step's rows (``k``) and the events read by row id (``e``)
_ROW_SELECT = ", ".join(
    f"k.{c}" if c in _CODED else f"epoch_us(e.{c}) AS {c}" if c.startswith("time_") else f"e.{c}"
    for c in CODE_LISTING_COLUMNS
)
#: at most this many verdicts listed: read in two steps (:func:`_by_row_id`)
BY_ROW_ID = 100_000


def check_filter(
    store: Store,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    event_id: str | None = None,
) -> None:
    """:func:`trucewatch.store.verdicts.check_verdict_filter` on ``store``."""
    check_verdict_filter(store.conn, agreement_ids, kinds, event_id)


def check_agreements(store: Store, agreement_ids: Sequence[str]) -> None:
    """A NotFoundError (with a guess) for an agreement id the store does not hold."""
    check_agreement_ids(store.conn, agreement_ids)


def min_share_inside(store: Store) -> float:
    """The store's location threshold (``trucewatch settings``; the default if never set)."""
    return read_settings(store.conn).min_share_inside


def stale(store: Store, threshold: float) -> str | None:
    """:func:`trucewatch.store.verdicts.stale_verdicts` on ``store``."""
    return stale_verdicts(store.conn, threshold)


def listing_columns(
    store: Store,
    *,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    event_id: str | None = None,
    chunk: int = 50_000,
    min_confidence: float | None = None,
) -> Iterator[list[list[Any]]]:
    """:func:`trucewatch.store.verdicts.iter_listing` on ``store``."""
    return iter_listing(
        store.conn,
        agreement_ids=agreement_ids,
        kinds=kinds,
        event_id=event_id,
        chunk=chunk,
        min_confidence=min_confidence,
    )


def listing_columns_of(store: Store, keys: Sequence[tuple[str, str, str]]) -> list[list[Any]]:
    """:func:`trucewatch.store.verdicts.listing_of` on ``store``."""
    return listing_of(store.conn, keys)


def code_listing(
    store: Store,
    *,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    chunk: int = 100_000,
    min_confidence: float | None = None,
) -> Iterator[pa.RecordBatch]:
    """The stored verdicts matching the filter (checked first), in the order of
    :func:`~trucewatch.store.verdicts.read_verdicts`, as Arrow batches of
    :data:`CODE_LISTING_COLUMNS` of at most ``chunk`` rows (empty batches left out)."""
    check_verdict_filter(store.conn, agreement_ids, kinds)
    where = [low_confidence_filter(min_confidence, "c")]
    params: list[Any] = [] if min_confidence is None else [float(min_confidence)]
    if agreement_ids:
        where.append(f"n.agreement_id IN ({', '.join('?' * len(agreement_ids))})")
        params.extend(agreement_ids)
    if kinds:
        codes = list(VerdictKind)  # the code of a kind is its position (verdicts/codes.py)
        where.append(f"c.verdict IN ({', '.join('?' * len(kinds))})")
        params.extend(codes.index(VerdictKind(k)) for k in kinds)
    listed = (
        "FROM verdict_codes c JOIN verdict_window_numbers n USING (window_no) "
        "SEMI JOIN verdict_windows w ON w.agreement_id = n.agreement_id "
        "AND w.window_id = n.window_id "
    )
    matching = f"{listed} WHERE {' AND '.join(where)}"
    cursor = store.conn.cursor()
    try:
        cursor.execute("BEGIN TRANSACTION")  # one snapshot: the row ids below stay valid
        found = cursor.execute(f"SELECT count(*) {matching}", params).fetchall()
        if int(found[0][0]) <= BY_ROW_ID:
            reader = _by_row_id(cursor, listed, where, params, chunk)
        else:
            reader = cursor.sql(
                f"SELECT {_CODE_SELECT} {listed} JOIN events e USING (event_id) "
                f"WHERE {' AND '.join(where)} "
                "ORDER BY n.agreement_id, e.time_start, c.event_id, n.window_id",
                params=params,
            ).to_arrow_reader(chunk)
        for batch in reader:
            if batch.num_rows:
                yield batch
        cursor.execute("COMMIT")
    finally:
        cursor.close()  # (and what _by_row_id registered on it)


def _by_row_id(
    cursor: Any, listed: str, where: list[str], params: list[Any], chunk: int
) -> pa.RecordBatchReader:
    """:func:`code_listing`'s rows read in two steps: the verdicts and the row ids of their
    events (a join that reads only the events' ids), then those rows of ``events`` by row
    id. One join reading every column of every event costs more (10 M events: ~1 s against
    ~0.6 s) when the verdicts listed are few. The first step's rows stay registered on
    ``cursor`` until it is closed."""
    keys = cursor.sql(
        f"SELECT {_KEY_SELECT}, e.rowid AS _tw_row {listed} JOIN events e USING (event_id) "
        f"WHERE {' AND '.join(where)}",
        params=params,
    ).to_arrow_table()
    rows = keys.column("_tw_row").to_pylist()
    cursor.register("_tw_listed", keys)
    return cursor.sql(
        f"SELECT {_ROW_SELECT} FROM _tw_listed k JOIN (SELECT rowid AS _tw_row, * "
        "FROM events WHERE rowid = ANY($1)) e USING (_tw_row) "
        "ORDER BY k.agreement_id, e.time_start, k.event_id, k.window_id",
        params=[rows],
    ).to_arrow_reader(chunk)


def verdicts_of_keys(db: Db, keys: Sequence[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """The stored verdict rows (as :func:`read_verdicts` gives them, in its order) of the
    ``(event_id, agreement_id, window_id)`` in ``keys``, read in one query however many."""
    wanted = sorted(set(keys))
    if not wanted:
        return []
    table = pa.table(
        {
            "event_id": pa.array([k[0] for k in wanted], pa.string()),
            "agreement_id": pa.array([k[1] for k in wanted], pa.string()),
            "window_id": pa.array([k[2] for k in wanted], pa.string()),
        }
    )
    cols = ", ".join(f"v.{c}" for c in CODE_COLUMNS)
    cursor = conn_of(db).cursor()
    try:
        cursor.register("_tw_keys", table)
        cursor.execute(
            f"SELECT {cols}, e.lon, e.lat, timezone('UTC', e.time_start) AS time_start "
            "FROM _tw_keys k JOIN verdicts v USING (event_id, agreement_id, window_id) "
            "JOIN events e ON e.event_id = v.event_id "
            "ORDER BY v.agreement_id, e.time_start, v.event_id, v.window_id"
        )
        names = [d[0] for d in cursor.description or ()]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    finally:
        cursor.close()
    for row in rows:
        row["time_start"] = row["time_start"].replace(tzinfo=UTC)
    return rows
