"""The column reader's YYYY-MM-DD days, read from the bytes with numpy, are those of the
pattern the field parser's days are checked against (sources/_vector.py, day_numbers)."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.sources._vector import day_numbers
from trucewatch.sources.limits import EARLIEST_DAY, LATEST_DAY

ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DAY_LIKE = st.one_of(
    st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(str),
    st.text(alphabet="0123456789-/ x٣é", min_size=0, max_size=12),
    st.sampled_from(
        [
            "2016-02-30",
            "2016-13-01",
            "2016-00-10",
            "0000-01-01",
            "1677-12-31",
            "2262-01-01",
            "2016-1-01",
        ]
    ),
)


def _reference(value: str | None) -> int | None:
    """The day number the regex and ``date`` give, or None where the value is flagged."""
    if value is None or not ISO.fullmatch(value):
        return None
    try:
        day = date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:
        return None
    if not EARLIEST_DAY.year <= day.year <= LATEST_DAY.year:
        return None
    return (day - date(1970, 1, 1)).days


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), DAY_LIKE), min_size=1, max_size=30), st.integers(0, 3))
def test_days_read_from_the_bytes_are_the_days_the_pattern_reads(values, cut):
    column = pa.array(["pad"] * cut + values, pa.string()).slice(cut)  # an offset, as chunks have
    flag = np.zeros(len(values), bool)
    days = day_numbers(column, flag)
    for value, day, flagged in zip(values, days.tolist(), flag.tolist(), strict=True):
        want = _reference(value)
        if want is None:
            assert flagged, value
        else:
            assert not flagged and day == want, value
