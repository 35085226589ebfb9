"""Agreement texts (versioned) and boundary units (by layer), kept in the store as data.

Parsing them is not the store's job: agreements are parsed by :mod:`trucewatch.agreements`,
boundary geometries by :mod:`trucewatch.geo`. The store keeps the text and the WKB.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

from trucewatch.errors import BoundaryError, NotFoundError, StoreError, TrucewatchError
from trucewatch.store.connect import Db, conn_of, transaction
from trucewatch.suggest import unknown_agreement

__all__ = [
    "BOUNDARY_FIELDS",
    "AgreementText",
    "agreement_ids",
    "agreement_texts",
    "boundary_records",
    "check_agreement_ids",
    "put_agreement",
    "put_boundaries",
]

#: Keys of a boundary record passed to :func:`put_boundaries`.
BOUNDARY_FIELDS = ("code", "name", "level", "layer", "names", "parent", "wkb")


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description or ()]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def put_agreement(db: Db, agreement_id: str, name: str, text: str, origin: str) -> int:
    """Store ``text`` as the next version of ``agreement_id``; return its version.

    If the latest stored version has the same text, nothing is written and its version returned.
    """
    conn = conn_of(db)
    if not agreement_id or not agreement_id.strip():
        raise StoreError("agreement_id must be a non-empty string")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    latest = conn.execute(
        "SELECT version, sha256 FROM agreements WHERE agreement_id = ? "
        "ORDER BY version DESC LIMIT 1",
        [agreement_id],
    ).fetchone()
    if latest is not None and latest[1] == sha:
        return int(latest[0])
    version = 1 if latest is None else int(latest[0]) + 1
    conn.execute(
        "INSERT INTO agreements VALUES (?, ?, ?, ?, ?, ?, ?)",
        [agreement_id, version, name, text, origin, sha, datetime.now(UTC)],
    )
    return version


@dataclass(frozen=True)
class AgreementText:
    """A stored version of an agreement: its id, name, version, YAML text, where it came from
    (a file's path, ``api (key ...)``, a draft) and when it was stored (UTC)."""

    agreement_id: str
    name: str
    version: int
    text: str
    origin: str
    added_at: datetime


def agreement_texts(conn: duckdb.DuckDBPyConnection) -> list[AgreementText]:
    """The latest version of every agreement, ordered by id."""
    found = conn.execute(
        "SELECT agreement_id, name, version, text, origin, added_at FROM agreements "
        "QUALIFY row_number() OVER (PARTITION BY agreement_id ORDER BY version DESC) = 1 "
        "ORDER BY agreement_id"
    ).fetchall()
    return [
        AgreementText(str(i), str(n), int(v), str(t), str(o), added.astimezone(UTC))
        for i, n, v, t, o, added in found
    ]


def agreement_ids(db: Db) -> list[str]:
    """The ids of the stored agreements, sorted."""
    conn = conn_of(db)
    rows = conn.execute("SELECT DISTINCT agreement_id FROM agreements ORDER BY 1").fetchall()
    return [str(r[0]) for r in rows]


def check_agreement_ids(
    db: Db,
    ids: Iterable[str],
    *,
    error: type[TrucewatchError] = NotFoundError,
) -> None:
    """Raise ``error`` (a NotFoundError) naming the first of ``ids`` not stored, with a guess
    and the known ids."""
    conn = conn_of(db)
    wanted = list(ids)
    if not wanted:
        return
    known = agreement_ids(conn)
    for agreement_id in wanted:
        if agreement_id not in known:
            raise unknown_agreement(agreement_id, known, error=error)


def _bounds(layer: str, index: int, record: dict[str, Any]) -> tuple[float, float, float, float]:
    import shapely  # the geometry library is only needed here

    where = f"boundary layer {layer!r}, record {index} (code {record.get('code')!r})"
    wkb = record.get("wkb")
    if not isinstance(wkb, bytes | bytearray | memoryview) or not wkb:
        raise BoundaryError(f"{where}: field 'wkb' must be non-empty WKB bytes")
    try:
        geometry = shapely.from_wkb(bytes(wkb))
    except Exception as exc:  # shapely raises its own GEOSException / ValueError
        raise BoundaryError(f"{where}: field 'wkb' is not valid WKB: {exc}") from exc
    if geometry is None or geometry.is_empty:
        raise BoundaryError(f"{where}: the geometry is empty")
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in geometry.bounds)
    return min_lon, min_lat, max_lon, max_lat


def put_boundaries(
    conn: duckdb.DuckDBPyConnection, layer: str, records: list[dict[str, Any]]
) -> int:
    """Replace boundary layer ``layer`` by ``records`` in one transaction; return their count."""
    if not layer or not layer.strip():
        raise BoundaryError("a boundary layer needs a non-empty name")
    rows = []
    codes: set[str] = set()
    for index, record in enumerate(records):
        missing = [k for k in ("code", "wkb") if record.get(k) in (None, "")]
        if missing:
            raise BoundaryError(
                f"boundary layer {layer!r}, record {index}: missing field(s) {', '.join(missing)}"
            )
        if record.get("layer") not in (None, layer):
            raise BoundaryError(
                f"boundary layer {layer!r}, record {index}: its layer is {record['layer']!r}"
            )
        code = str(record["code"])
        if code in codes:
            raise BoundaryError(f"boundary layer {layer!r}: code {code!r} appears twice")
        codes.add(code)
        level = record.get("level")
        rows.append(
            [
                layer,
                code,
                record.get("name"),
                None if level is None else int(level),
                record.get("names"),
                record.get("parent"),
                bytes(record["wkb"]),
                *_bounds(layer, index, record),
            ]
        )
    try:
        with transaction(conn):
            conn.execute("DELETE FROM boundary_units WHERE layer = ?", [layer])
            if rows:
                conn.executemany(
                    "INSERT INTO boundary_units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
                )
    except duckdb.Error as exc:
        raise StoreError(
            f"storing boundary layer {layer!r} failed, nothing changed: {exc}"
        ) from exc
    return len(rows)


def boundary_records(conn: duckdb.DuckDBPyConnection, layer: str | None) -> list[dict[str, Any]]:
    """Stored boundary units (of one layer, or all), ordered by layer, level and code."""
    where, params = ("WHERE layer = ?", [layer]) if layer is not None else ("", [])
    cursor = conn.execute(
        f"SELECT layer, code, name, level, names, parent, wkb, min_lon, min_lat, max_lon, max_lat "
        f"FROM boundary_units {where} ORDER BY layer, level NULLS LAST, code",
        params,
    )
    return _rows(cursor)
