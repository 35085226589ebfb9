"""Precision codes -> UTC intervals at the event's place, and location radii."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from trucewatch.model.event import DatePrecision, LocationPrecision
from trucewatch.sources._reading import FieldError
from trucewatch.sources.precision import (
    ACLED_GEO_PRECISION,
    GDELT_GEO_TYPE,
    UCDP_WHERE_PRECISION,
    acled_when,
    gdelt_when,
    ucdp_when,
)

DAMASCUS = "Asia/Damascus"
TRUCE_START = datetime(2016, 2, 26, 22, 0, tzinfo=UTC)  # 27 Feb 2016 00:00 Damascus (UTC+2)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_ucdp_event_dated_26_feb_ends_before_truce_start():
    when, precision = ucdp_when(1, date(2016, 2, 26), date(2016, 2, 26), DAMASCUS)
    assert when.start == utc(2016, 2, 25, 22)
    assert when.end == utc(2016, 2, 26, 22) == TRUCE_START
    assert not when.contains(TRUCE_START)
    assert precision is DatePrecision.DAY


def test_a_may_2016_day_in_syria_starts_at_2100_utc_the_day_before():
    when, _ = ucdp_when(1, date(2016, 5, 5), date(2016, 5, 5), DAMASCUS)
    assert (when.start, when.end) == (utc(2016, 5, 4, 21), utc(2016, 5, 5, 21))


@pytest.mark.parametrize(
    ("day", "hours"),
    [
        (date(2016, 3, 24), 24),
        (date(2016, 3, 25), 23),  # Damascus springs forward at 00:00 on 25 Mar 2016
        (date(2016, 3, 26), 24),
        (date(2016, 10, 27), 25),  # falls back at 24:00 on 27 Oct 2016 (last Thursday)
        (date(2016, 10, 28), 24),
    ],
)
def test_damascus_dst_change_days_last_23_or_25_hours(day, hours):
    when, _ = ucdp_when(1, day, day, DAMASCUS)
    assert when.duration == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("code", "start", "end", "expected"),
    [
        (1, date(2016, 3, 1), date(2016, 3, 1), DatePrecision.DAY),
        (1, date(2016, 3, 1), date(2016, 3, 2), DatePrecision.DAYS),
        (2, date(2016, 3, 1), date(2016, 3, 4), DatePrecision.DAYS),
        (3, date(2016, 3, 1), date(2016, 3, 7), DatePrecision.WEEK),
        (4, date(2016, 3, 1), date(2016, 3, 31), DatePrecision.MONTH),
        (5, date(2016, 1, 1), date(2016, 12, 31), DatePrecision.YEAR),
    ],
)
def test_ucdp_interval_always_spans_date_start_to_date_end(code, start, end, expected):
    when, precision = ucdp_when(code, start, end, "UTC")
    assert when.start == datetime.combine(start, datetime.min.time(), UTC)
    assert when.end == datetime.combine(end + timedelta(days=1), datetime.min.time(), UTC)
    assert precision is expected


def test_ucdp_interval_refuses_an_end_before_the_start():
    with pytest.raises(FieldError, match="before date_start"):
        ucdp_when(2, date(2016, 3, 5), date(2016, 3, 1), DAMASCUS)


@pytest.mark.parametrize(
    ("code", "first", "last", "precision"),
    [
        (1, date(2020, 5, 9), date(2020, 5, 9), DatePrecision.DAY),
        (2, date(2020, 5, 6), date(2020, 5, 12), DatePrecision.WEEK),
        (3, date(2020, 5, 1), date(2020, 5, 31), DatePrecision.MONTH),
    ],
)
def test_acled_time_precision_gives_the_day_the_week_around_it_or_the_month(
    code, first, last, precision
):
    when, got = acled_when(code, date(2020, 5, 9), "UTC")
    assert got is precision
    assert when.start == datetime.combine(first, datetime.min.time(), UTC)
    assert when.end == datetime.combine(last + timedelta(days=1), datetime.min.time(), UTC)


def test_acled_month_precision_covers_february_of_a_leap_year():
    when, _ = acled_when(3, date(2016, 2, 15), "UTC")
    assert when.duration == timedelta(days=29)


def test_gdelt_interval_is_capped_at_dateadded():
    when, note = gdelt_when(date(2016, 2, 26), DAMASCUS, utc(2016, 2, 26, 13, 15))
    assert note == "interval end capped at DATEADDED"
    assert (when.start, when.end) == (utc(2016, 2, 25, 22), utc(2016, 2, 26, 13, 15))


@pytest.mark.parametrize("added", [None, utc(2016, 2, 27, 0, 0), utc(2016, 2, 26, 22, 0)])
def test_gdelt_interval_keeps_the_whole_day_when_dateadded_is_later(added):
    when, note = gdelt_when(date(2016, 2, 26), DAMASCUS, added)
    assert note is None
    assert (when.start, when.end) == (utc(2016, 2, 25, 22), utc(2016, 2, 26, 22))


@pytest.mark.parametrize("added", [utc(2016, 2, 25, 22, 0), utc(2016, 2, 20)])
def test_gdelt_day_starting_after_dateadded_becomes_the_24_hours_before_it(added):
    when, note = gdelt_when(date(2016, 2, 26), DAMASCUS, added)
    assert "24 h before DATEADDED" in note
    assert (when.start, when.end) == (added - timedelta(days=1), added)


@pytest.mark.parametrize(
    ("table", "code", "precision", "radius"),
    [
        (UCDP_WHERE_PRECISION, 1, LocationPrecision.EXACT, 2),
        (UCDP_WHERE_PRECISION, 2, LocationPrecision.NEAR, 25),
        (UCDP_WHERE_PRECISION, 3, LocationPrecision.ADMIN2, 40),
        (UCDP_WHERE_PRECISION, 4, LocationPrecision.ADMIN1, 150),
        (UCDP_WHERE_PRECISION, 5, LocationPrecision.REGION, 300),
        (UCDP_WHERE_PRECISION, 6, LocationPrecision.COUNTRY, 500),
        (UCDP_WHERE_PRECISION, 7, LocationPrecision.WATER, 50),
        (ACLED_GEO_PRECISION, 1, LocationPrecision.EXACT, 2),
        (ACLED_GEO_PRECISION, 2, LocationPrecision.NEAR, 25),
        (ACLED_GEO_PRECISION, 3, LocationPrecision.ADMIN1, 150),
        (GDELT_GEO_TYPE, 1, LocationPrecision.COUNTRY, 500),
        (GDELT_GEO_TYPE, 2, LocationPrecision.ADMIN1, 150),
        (GDELT_GEO_TYPE, 3, LocationPrecision.NEAR, 10),
        (GDELT_GEO_TYPE, 4, LocationPrecision.NEAR, 10),
        (GDELT_GEO_TYPE, 5, LocationPrecision.ADMIN1, 150),
    ],
)
def test_location_precision_codes_map_to_documented_radii(table, code, precision, radius):
    assert table[code] == (precision, radius)
