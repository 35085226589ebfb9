"""UCDP GED records as event columns: :meth:`UcdpGedAdapter.read_columns`'s vectorised half.

Builds, from the string columns of the plain records, the same values
:meth:`~trucewatch.sources.ucdp_ged.UcdpGedAdapter._event` builds one by one, and flags every
row it cannot build exactly so (a value not in the plain form checked here, deaths out of
order, an impossible day): those rows are built by ``_event``, which gives their event or their
bad row. Time zones are looked up once per distinct 0.01° cell and local days turned into UTC
once per distinct (first day, last day, zone).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.model.event import Fatalities
from trucewatch.sources._event_columns import StringColumns, common_columns, place_and_time
from trucewatch.sources._vector import (
    SPACE_CLASS,
    blank_to_null,
    codes,
    day_numbers,
    unwrapped,
    whole_numbers,
)
from trucewatch.sources.precision import UCDP_DATE_PRECISION, UCDP_WHERE_PRECISION
from trucewatch.sources.taxonomy_maps import ucdp_type

__all__ = ["WANTED", "ged_columns", "reconcile_fatalities", "violence_type"]

#: the columns ``_event`` reads
WANTED = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "latitude",
    "longitude",
    "date_prec",
    "date_start",
    "date_end",
    "low",
    "best",
    "high",
    "where_coordinates",
    "where_description",
    "country",
    "adm_1",
    "adm_2",
    "source_article",
    "source_headline",
    "source_office",
)


def reconcile_fatalities(
    low: int | None, best: int | None, high: int | None
) -> tuple[Fatalities, str | None]:
    """Fatalities from UCDP's low/best/high, widened when the source's three disagree.

    A few GED rows have ``low > best`` or ``best > high``. ``best`` is kept; ``low`` becomes the
    smallest and ``high`` the largest of the three, and a note records the original values.
    """
    known = [v for v in (low, best, high) if v is not None]
    if known == sorted(known):
        return Fatalities(low, best, high), None
    new_low = min(known) if low is not None else None
    new_high = max(known) if high is not None else None
    note = f"source deaths low={low} best={best} high={high} are out of order; range widened"
    return Fatalities(new_low, best, new_high), note


def violence_type(violence: str | None) -> str:
    """The taxonomy type of a (stripped) ``type_of_violence``: ``other`` unless a number UCDP
    defines (a digit that is not a decimal one, such as "²", was a traceback)."""
    return ucdp_type(int(violence) if violence and violence.isdecimal() else None)


def _event_types(violence: pa.Array, flag: np.ndarray) -> pa.Array:
    """:func:`violence_type` of each distinct ``type_of_violence``."""
    distinct = pc.unique(violence).to_pylist()
    mapped = [violence_type(value) for value in distinct]
    index = pc.index_in(violence, pa.array(distinct, pa.string()), skip_nulls=False)
    types = pa.array(mapped, pa.string()).take(index)
    flag |= pc.is_null(types).to_numpy(zero_copy_only=False)
    return types


def _reconciled(
    low: np.ndarray,
    low_k: np.ndarray,
    best: np.ndarray,
    best_k: np.ndarray,
    high: np.ndarray,
    high_k: np.ndarray,
    flag: np.ndarray,
) -> pa.Array:
    """Deaths out of order widened in place by :func:`reconcile_fatalities` (rarely more than
    a few rows); the notes column."""
    disorder = (low_k & best_k & (low > best)) | (best_k & high_k & (best > high))
    disorder |= low_k & high_k & (low > high)
    disorder &= ~flag
    notes: list[str | None] = [None] * len(low)
    for i in np.flatnonzero(disorder).tolist():
        known = [
            int(v[i]) if k[i] else None for v, k in ((low, low_k), (best, best_k), (high, high_k))
        ]
        fatalities, notes[i] = reconcile_fatalities(*known)
        for values, value in ((low, fatalities.low), (high, fatalities.high)):
            if value is not None:
                values[i] = value
    if not disorder.any():
        return pa.nulls(len(low), pa.string())
    return pa.array(notes, pa.string())


def ged_columns(
    table: pa.Table, file: str, source: str, adapter: str
) -> tuple[np.ndarray, dict[str, pa.Array]]:
    """The flag of each row (build it one by one) and the event columns of all rows."""
    n = table.num_rows
    flag = np.zeros(n, dtype=bool)
    strings = StringColumns(table, flag)
    col, text = strings.col, strings.text

    where = codes(col("where_prec"), flag, UCDP_WHERE_PRECISION)
    date_prec = codes(col("date_prec"), flag, UCDP_DATE_PRECISION)
    first = day_numbers(col("date_start"), flag)
    last = day_numbers(col("date_end"), flag)
    flag |= last < first
    last = np.where(flag, first, last)
    place_time = place_and_time(strings, first, last)

    violence = text("type_of_violence")
    side_a, side_b = text("side_a"), text("side_b")
    directed = pc.fill_null(
        pc.and_(pc.equal(violence, "3"), pc.and_(pc.is_valid(side_a), pc.is_valid(side_b))),
        False,
    )
    none = pa.scalar(None, pa.string())

    deaths = {}
    for name in ("low", "best", "high"):
        deaths[name] = whole_numbers(col(name), flag)
    (low, low_k), (best, best_k), (high, high_k) = deaths["low"], deaths["best"], deaths["high"]
    notes = _reconciled(low, low_k, best, best_k, high, high_k, flag)

    row_id = col("id")
    flag |= pc.equal(row_id, "").to_numpy(zero_copy_only=False)
    flag |= pc.match_substring_regex(row_id, SPACE_CLASS).to_numpy(zero_copy_only=False)

    where_index = np.where(where < 0, 1, where)
    precision = {k: v[0].value for k, v in UCDP_WHERE_PRECISION.items()}
    radius = {k: v[1] for k, v in UCDP_WHERE_PRECISION.items()}
    date_index = np.where(date_prec < 0, 1, date_prec)
    kind = np.array(["", *(UCDP_DATE_PRECISION[k].value for k in range(1, 6))], dtype=object)
    date_precision = kind[date_index]
    date_precision[(date_precision == "day") & (last > first)] = "days"

    place = pc.coalesce(text("where_coordinates"), text("where_description"))
    empty_lists = pa.ListArray.from_arrays(
        pa.array(np.zeros(n + 1, np.int32)), pa.array([], pa.string())
    )
    columns = {
        **common_columns(strings, row_id, source, adapter, file, place_time),
        "date_precision": pa.array(date_precision, pa.string()),
        "radius_km": pa.array(np.array([0.0, *(radius[k] for k in range(1, 8))])[where_index]),
        "location_precision": pa.array(
            np.array(["", *(precision[k] for k in range(1, 8))], dtype=object)[where_index],
            pa.string(),
        ),
        "place": place,
        "country": text("country"),
        "admin1": text("adm_1"),
        "admin2": text("adm_2"),
        "admin3": pa.nulls(n, pa.string()),
        "side_a": side_a,
        "side_b": side_b,
        "perpetrator": pc.if_else(directed, side_a, none),
        "target": pc.if_else(directed, side_b, none),
        "associated_a": empty_lists,
        "associated_b": empty_lists,
        "event_type": _event_types(violence, flag),
        "source_event_type": violence,
        "fatalities_low": pa.array(low, mask=~low_k),
        "fatalities_best": pa.array(best, mask=~best_k),
        "fatalities_high": pa.array(high, mask=~high_k),
        "article": blank_to_null(unwrapped(text("source_article"), flag)),
        "headline": text("source_headline"),
        "url": pa.nulls(n, pa.string()),
        "notes": notes,
        "publisher": text("source_office"),
    }
    return flag, columns
