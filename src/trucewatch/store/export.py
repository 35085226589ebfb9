"""Write selected events to CSV, Parquet (DuckDB ``COPY``) or GeoJSON (streamed).

Every export goes to a temporary file beside the target and is moved into place with
``os.replace`` only when complete, so a failed or killed export leaves no partial file.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from trucewatch.errors import StoreError

__all__ = ["EXPORT_FORMATS", "export_rows", "iso_z"]

EXPORT_FORMATS = ("csv", "geojson", "parquet")

_TIME_COLUMNS = ("time_start", "time_end", "ingested_at")
_LIST_COLUMNS = ("associated_a", "associated_b", "guessed")
_BATCH = 2_000


def iso_z(value: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``: ``2016-02-27T00:00:00Z`` (microseconds only if set)."""
    utc = value.astimezone(UTC)
    spec = "seconds" if utc.microsecond == 0 else "microseconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def _csv_select(columns: list[str]) -> str:
    exprs = []
    for col in columns:
        if col in _TIME_COLUMNS:
            exprs.append(
                f"CASE WHEN microsecond({col}) % 1000000 = 0 "
                f"THEN strftime({col}, '%Y-%m-%dT%H:%M:%SZ') "
                f"ELSE strftime({col}, '%Y-%m-%dT%H:%M:%S.%fZ') END AS {col}"
            )
        elif col in _LIST_COLUMNS:
            exprs.append(f"CAST(to_json({col}) AS VARCHAR) AS {col}")
        else:
            exprs.append(col)
    return ", ".join(exprs)


def _features(cursor: duckdb.DuckDBPyConnection, names: list[str]) -> Iterator[dict[str, Any]]:
    while batch := cursor.fetchmany(_BATCH):
        for values in batch:
            row = dict(zip(names, values, strict=True))
            lon, lat = row.pop("lon"), row.pop("lat")
            for col in _TIME_COLUMNS:
                if row.get(col) is not None:
                    row[col] = iso_z(row[col])
            yield {
                "type": "Feature",
                "id": row["event_id"],
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": row,
            }


def _write_geojson(
    conn: duckdb.DuckDBPyConnection, select: str, params: list[Any], tmp: Path
) -> int:
    cursor = conn.cursor()
    try:
        cursor.execute(select, params)
        names = [d[0] for d in cursor.description or ()]
        count = 0
        with tmp.open("x", encoding="utf-8") as fh:
            fh.write('{"type": "FeatureCollection", "features": [\n')
            for feature in _features(cursor, names):
                if count:
                    fh.write(",\n")
                fh.write(json.dumps(feature, ensure_ascii=False))
                count += 1
            fh.write("\n]}\n")
            fh.flush()
            os.fsync(fh.fileno())
        return count
    finally:
        cursor.close()


def export_rows(
    conn: duckdb.DuckDBPyConnection,
    columns: list[str],
    where: str,
    params: list[Any],
    order_limit: str,
    out: Path,
    fmt: str,
) -> int:
    """Write the events selected by ``where`` to ``out`` as ``fmt``; return the rows written."""
    if fmt not in EXPORT_FORMATS:
        raise StoreError(
            f"export format {fmt!r} is not supported: use one of csv, geojson, parquet"
        )
    out = Path(out).expanduser()
    if out.is_dir():
        raise StoreError(f"cannot export to {out}: it is a directory; give a file name")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.{uuid.uuid4().hex[:12]}.tmp"
    try:
        if fmt == "geojson":
            select = f"SELECT {', '.join(columns)} FROM events WHERE {where} {order_limit}"
            count = _write_geojson(conn, select, params, tmp)
        else:
            cols = _csv_select(columns) if fmt == "csv" else ", ".join(columns)
            select = f"SELECT {cols} FROM events WHERE {where} {order_limit}"
            options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
            quoted = str(tmp).replace("'", "''")
            result = conn.execute(f"COPY ({select}) TO '{quoted}' ({options})", params).fetchone()
            count = int(result[0]) if result else 0
        os.replace(tmp, out)
    except duckdb.Error as exc:
        raise StoreError(f"cannot export events to {out} as {fmt}: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return count
