"""ACLED records as event columns: :meth:`AcledAdapter.read_columns`'s vectorised half.

The same values :meth:`~trucewatch.sources.acled.AcledAdapter._event` builds one by one; rows a
check cannot build exactly so are flagged and built by ``_event`` (see
:mod:`trucewatch.sources._vector`). Event types and associated actors are mapped once per
distinct value; time zones once per 0.01° cell, local days once per (first, last, zone).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.sources._event_columns import StringColumns, common_columns, place_and_time
from trucewatch.sources._vector import SPACE_CLASS, codes, day_numbers, whole_numbers
from trucewatch.sources.precision import ACLED_GEO_PRECISION, ACLED_TIME_PRECISION
from trucewatch.sources.taxonomy_maps import acled_type

__all__ = ["WANTED", "acled_columns"]

#: the columns ``_event`` reads
WANTED = (
    "event_id_cnty",
    "data_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "assoc_actor_2",
    "ally_actor_1",
    "ally_actor_2",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "location",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "notes",
    "source",
)


def _per_distinct(
    column: pa.Array, build: Callable[[str | None], object], kind: pa.DataType
) -> pa.Array:
    """``build`` of each distinct value of ``column``, as a column."""
    distinct = pc.unique(column)
    built = pa.array([build(v) for v in distinct.to_pylist()], kind)
    return built.take(pc.index_in(column, distinct, skip_nulls=False))


def acled_columns(
    table: pa.Table,
    file: str,
    source: str,
    adapter: str,
    split: Callable[[str | None], tuple[str, ...]],
) -> tuple[np.ndarray, dict[str, pa.Array]]:
    """The flag of each row (build it one by one) and the event columns of all rows."""
    n = table.num_rows
    flag = np.zeros(n, dtype=bool)
    names = table.column_names
    strings = StringColumns(table, flag)
    col, text = strings.col, strings.text

    geo = codes(col("geo_precision"), flag, ACLED_GEO_PRECISION)
    time_precision = codes(col("time_precision"), flag, ACLED_TIME_PRECISION)
    day = day_numbers(col("event_date"), flag, named=True)
    month = day.astype("datetime64[D]").astype("datetime64[M]")
    month_first = month.astype("datetime64[D]").astype(np.int64)
    month_last = (month + 1).astype("datetime64[D]").astype(np.int64) - 1
    first = np.select([time_precision == 2, time_precision == 3], [day - 3, month_first], day)
    last = np.select([time_precision == 2, time_precision == 3], [day + 3, month_last], day)
    first, last = np.where(flag, 0, first), np.where(flag, 0, last)
    place_time = place_and_time(strings, first, last)

    cnty, data_id = text("event_id_cnty"), text("data_id")
    row_id = pc.coalesce(cnty, pc.binary_join_element_wise("data_id-", data_id, ""))
    flag |= pc.is_null(row_id).to_numpy(zero_copy_only=False)
    row_id = pc.fill_null(row_id, "")
    flag |= pc.match_substring_regex(row_id, SPACE_CLASS).to_numpy(zero_copy_only=False)

    deaths, known = whole_numbers(col("fatalities"), flag)
    flag |= ~known

    sub, main = text("sub_event_type"), text("event_type")
    pair = pc.binary_join_element_wise(
        pc.fill_null(sub, "\x01"), pc.fill_null(main, "\x01"), "\x00"
    )

    def event_type(key: str | None) -> str:
        s, m = (None if p == "\x01" else p for p in (key or "\x01\x00\x01").split("\x00"))
        return acled_type(s, m)

    assoc = (
        ("assoc_actor_1", "assoc_actor_2")
        if "sub_event_type" in names
        else (
            "ally_actor_1",
            "ally_actor_2",
        )
    )
    lists = pa.list_(pa.string())
    kind_names = {k: v.value for k, v in ((k, v) for k, v in ACLED_TIME_PRECISION.items())}
    time_index = np.where(time_precision < 0, 1, time_precision)
    geo_index = np.where(geo < 0, 1, geo)
    columns = {
        **common_columns(strings, row_id, source, adapter, file, place_time),
        "date_precision": pa.array(
            np.array(["", *(kind_names[k] for k in range(1, 4))], dtype=object)[time_index],
            pa.string(),
        ),
        "radius_km": pa.array(
            np.array([0.0, *(ACLED_GEO_PRECISION[k][1] for k in range(1, 4))])[geo_index]
        ),
        "location_precision": pa.array(
            np.array(["", *(ACLED_GEO_PRECISION[k][0].value for k in range(1, 4))], dtype=object)[
                geo_index
            ],
            pa.string(),
        ),
        "place": text("location"),
        "country": text("country"),
        "admin1": text("admin1"),
        "admin2": text("admin2"),
        "admin3": text("admin3"),
        "side_a": text("actor1"),
        "side_b": text("actor2"),
        "perpetrator": pa.nulls(n, pa.string()),
        "target": pa.nulls(n, pa.string()),
        "associated_a": _per_distinct(text(assoc[0]), lambda v: list(split(v)), lists),
        "associated_b": _per_distinct(text(assoc[1]), lambda v: list(split(v)), lists),
        "event_type": _per_distinct(pair, event_type, pa.string()),
        "source_event_type": pc.coalesce(sub, main),
        "fatalities_low": pa.array(deaths),
        "fatalities_best": pa.array(deaths),
        "fatalities_high": pa.nulls(n, pa.int64()),
        "article": pa.nulls(n, pa.string()),
        "headline": pa.nulls(n, pa.string()),
        "url": pa.nulls(n, pa.string()),
        "notes": text("notes"),
        "publisher": text("source"),
    }
    return flag, columns
