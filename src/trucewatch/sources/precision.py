"""How each source's precision codes become a UTC interval and a location radius.

Every source dates events to calendar days *at the place of the event*. A day is turned into
UTC through the place's IANA time zone (:func:`trucewatch.geo.timezones.timezone_at`), so an
event dated 26 Feb 2016 in Syria is ``[2016-02-25T22:00Z, 2016-02-26T22:00Z)`` and ends before
a truce that starts 27 Feb 00:00 Damascus time. The tables below are explained, with their
sources, in docs/event-model.md; change both together.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

from trucewatch.model.event import DatePrecision, LocationPrecision
from trucewatch.model.time import Interval, local_days_interval
from trucewatch.sources._reading import FieldError

__all__ = [
    "ACLED_GEO_PRECISION",
    "ACLED_TIME_PRECISION",
    "GDELT_GEO_TYPE",
    "UCDP_DATE_PRECISION",
    "UCDP_WHERE_PRECISION",
    "acled_when",
    "gdelt_when",
    "local_days",
    "ucdp_when",
]

P = LocationPrecision
D = DatePrecision

#: UCDP GED ``date_prec`` -> date precision (codebook 19.1, section on date_prec)
UCDP_DATE_PRECISION: dict[int, DatePrecision] = {
    1: D.DAY,
    2: D.DAYS,
    3: D.WEEK,
    4: D.MONTH,
    5: D.YEAR,
}

#: UCDP GED ``where_prec`` -> (what the point stands for, radius in km)
UCDP_WHERE_PRECISION: dict[int, tuple[LocationPrecision, float]] = {
    1: (P.EXACT, 2.0),
    2: (P.NEAR, 25.0),
    3: (P.ADMIN2, 40.0),
    4: (P.ADMIN1, 150.0),
    5: (P.REGION, 300.0),
    6: (P.COUNTRY, 500.0),
    7: (P.WATER, 50.0),
}

#: ACLED ``time_precision`` -> date precision
ACLED_TIME_PRECISION: dict[int, DatePrecision] = {1: D.DAY, 2: D.WEEK, 3: D.MONTH}

#: ACLED ``geo_precision`` -> (what the point stands for, radius in km)
ACLED_GEO_PRECISION: dict[int, tuple[LocationPrecision, float]] = {
    1: (P.EXACT, 2.0),
    2: (P.NEAR, 25.0),
    3: (P.ADMIN1, 150.0),
}

#: GDELT 2.0 ``ActionGeo_Type`` -> (what the point stands for, radius in km); 0 = no location
GDELT_GEO_TYPE: dict[int, tuple[LocationPrecision, float]] = {
    1: (P.COUNTRY, 500.0),
    2: (P.ADMIN1, 150.0),
    3: (P.NEAR, 10.0),
    4: (P.NEAR, 10.0),
    5: (P.ADMIN1, 150.0),
}


@lru_cache(maxsize=16384)
def local_days(first: date, last: date, tz: str) -> Interval:
    """Local calendar days ``first``..``last`` (inclusive) in zone ``tz`` as a UTC interval."""
    return local_days_interval(first, last, tz)


def ucdp_when(date_prec: int, start: date, end: date, tz: str) -> tuple[Interval, DatePrecision]:
    """UCDP GED: always the local days ``date_start``..``date_end``; precision from the code.

    ``date_prec`` 1 with ``date_end > date_start`` is reported as DAYS: the interval says more
    than the code.
    """
    if end < start:
        raise FieldError("date_end", end.isoformat(), f"is before date_start {start.isoformat()}")
    precision = UCDP_DATE_PRECISION[date_prec]
    if precision is D.DAY and end > start:
        precision = D.DAYS
    return local_days(start, end, tz), precision


def acled_when(time_precision: int, day: date, tz: str) -> tuple[Interval, DatePrecision]:
    """ACLED: 1 the day; 2 the week around it (day-3..day+3); 3 the whole calendar month."""
    precision = ACLED_TIME_PRECISION[time_precision]
    if precision is D.DAY:
        return local_days(day, day, tz), precision
    if precision is D.WEEK:
        return local_days(day - timedelta(days=3), day + timedelta(days=3), tz), precision
    first = day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return local_days(first, last, tz), precision


def gdelt_when(day: date, tz: str, added: datetime | None) -> tuple[Interval, str | None]:
    """GDELT: the local day of ``SQLDATE`` at the place, ending no later than ``DATEADDED`` (UTC).

    An event cannot have happened after the article reporting it was processed, so the end is
    capped at ``DATEADDED``. When the local day starts only after ``DATEADDED`` (GDELT dates
    many events by the article's UTC publication day, which can be the next local day west of
    Greenwich), the day cannot be right: the interval becomes the 24 hours before
    ``DATEADDED``. Returns the interval and a note saying what was done, or None.
    """
    interval = local_days(day, day, tz)
    assert interval.end is not None
    if added is None or added >= interval.end:
        return interval, None
    if added > interval.start:
        return Interval(interval.start, added), "interval end capped at DATEADDED"
    return (
        Interval(added - timedelta(days=1), added),
        "SQLDATE's local day starts after DATEADDED; interval is the 24 h before DATEADDED",
    )
