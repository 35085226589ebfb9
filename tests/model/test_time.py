from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from trucewatch.errors import ValidationError
from trucewatch.model import Interval, local_days_interval, zone


def test_interval_refuses_naive_datetimes():
    with pytest.raises(ValidationError, match="no time zone"):
        Interval(datetime(2016, 2, 27))


def test_interval_refuses_end_not_after_start():
    start = datetime(2016, 2, 27, tzinfo=UTC)
    with pytest.raises(ValidationError, match="not after its start"):
        Interval(start, start)


def test_interval_is_stored_in_utc():
    damascus = timezone(timedelta(hours=2))
    interval = Interval(datetime(2016, 2, 27, 0, 0, tzinfo=damascus))
    assert interval.start == datetime(2016, 2, 26, 22, 0, tzinfo=UTC)
    assert interval.start.tzinfo is UTC
    assert interval.end is None


def test_interval_is_half_open():
    interval = Interval(datetime(2016, 5, 1, tzinfo=UTC), datetime(2016, 5, 2, tzinfo=UTC))
    assert interval.contains(datetime(2016, 5, 1, tzinfo=UTC))
    assert not interval.contains(datetime(2016, 5, 2, tzinfo=UTC))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((1, 3), (2, 4), True),
        ((1, 2), (2, 3), False),  # touching half-open intervals do not overlap
        ((1, None), (5, 6), True),
        ((4, 5), (1, 3), False),
    ],
)
def test_interval_overlaps(a, b, expected):
    def mk(pair):
        s, e = pair
        return Interval(
            datetime(2016, 5, s, tzinfo=UTC),
            None if e is None else datetime(2016, 5, e, tzinfo=UTC),
        )

    assert mk(a).overlaps(mk(b)) is expected
    assert mk(b).overlaps(mk(a)) is expected


def test_local_day_26_feb_2016_in_damascus_ends_before_the_truce_start():
    day = local_days_interval(date(2016, 2, 26), date(2016, 2, 26), "Asia/Damascus")
    truce_start = datetime(2016, 2, 27, 0, 0, tzinfo=zone("Asia/Damascus"))
    assert day.start == datetime(2016, 2, 25, 22, 0, tzinfo=UTC)
    assert day.end == truce_start


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2016, 3, 25), 23), (date(2016, 10, 27), 25), (date(2016, 5, 9), 24)],
)
def test_local_day_length_follows_damascus_daylight_saving(day, hours):
    # 2016: clocks went forward at 00:00 on 25 Mar, back at 00:00 (+03) on 28 Oct to 23:00 on 27 Oct
    interval = local_days_interval(day, day, "Asia/Damascus")
    assert interval.duration == timedelta(hours=hours)


def test_unknown_time_zone_names_the_value():
    with pytest.raises(ValidationError, match="'Asia/Damascuss'"):
        zone("Asia/Damascuss")
