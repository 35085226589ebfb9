"""What the column builders of UCDP GED and ACLED share (``_ged_columns``, ``_acled_columns``).

:class:`StringColumns` gives a piece's string columns stripped (as ``text()`` of the field
parser: blank as null with :meth:`StringColumns.text`), :func:`place_and_time` the points,
their zones and the UTC bounds of the local days, :func:`common_columns` the event columns
every source fills alike (ids, source, adapter, time, zone, point, provenance).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.sources._columns import LINE_COLUMN
from trucewatch.sources._vector import (
    UTC_MICROSECONDS,
    blank_to_null,
    floats,
    local_day_bounds,
    stripped,
    zones_at,
)

__all__ = ["StringColumns", "common_columns", "place_and_time"]


class StringColumns:
    """The string columns of ``table`` stripped, flagging rows in ``flag`` (a column the
    table lacks reads as nulls)."""

    def __init__(self, table: pa.Table, flag: np.ndarray):
        self.table = table
        self.flag = flag

    def col(self, name: str) -> pa.Array:
        """``str.strip`` of each value of column ``name``."""
        if name not in self.table.column_names:
            return stripped(None, self.flag)
        chunked = self.table.column(name)
        column = chunked.chunk(0) if chunked.num_chunks == 1 else chunked.combine_chunks()
        return stripped(column, self.flag)

    def text(self, name: str) -> pa.Array:
        """:meth:`col`, blank values as nulls."""
        return blank_to_null(self.col(name))


def place_and_time(
    strings: StringColumns, first: np.ndarray, last: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], np.ndarray, np.ndarray]:
    """``(lat, lon, zone codes, zones, start µs, end µs)`` of the rows: the ``latitude`` and
    ``longitude`` columns (flagged outside their ranges), each point's zone (0°, 0° for a
    flagged row) and the UTC bounds of its local days ``first``..``last`` (days since 1970;
    flagged rows must have ``last`` not before ``first``)."""
    flag = strings.flag
    lat = floats(strings.col("latitude"), flag, -90.0, 90.0)
    lon = floats(strings.col("longitude"), flag, -180.0, 180.0)
    zone_codes, zones = zones_at(np.where(flag, 0.0, lat), np.where(flag, 0.0, lon))
    start_us, end_us = local_day_bounds(first, last, zone_codes, zones, flag)
    return lat, lon, zone_codes, zones, start_us, end_us


def common_columns(
    strings: StringColumns,
    row_id: pa.Array,
    source: str,
    adapter: str,
    file: str,
    place: tuple[np.ndarray, np.ndarray, np.ndarray, list[str], np.ndarray, np.ndarray],
) -> dict[str, pa.Array]:
    """The event columns both sources fill alike, from the rows' ids and
    :func:`place_and_time`."""
    n = strings.table.num_rows
    lat, lon, zone_codes, zones, start_us, end_us = place
    return {
        "event_id": pc.binary_join_element_wise(f"{source}:", row_id, ""),
        "source": pa.repeat(pa.scalar(source), n),
        "source_row_id": row_id,
        "adapter": pa.repeat(pa.scalar(adapter), n),
        "time_start": pa.array(start_us, UTC_MICROSECONDS),
        "time_end": pa.array(end_us, UTC_MICROSECONDS),
        "timezone": pa.array(zones, pa.string()).take(pa.array(zone_codes)),
        "lat": pa.array(lat),
        "lon": pa.array(lon),
        "prov_file": pa.repeat(pa.scalar(file), n),
        "prov_line": strings.table.column(LINE_COLUMN).combine_chunks(),
    }
