"""The time zone of a place: IANA names from timezonefinder, cached by rounded coordinates."""

from __future__ import annotations

import pytest

from trucewatch.errors import ValidationError
from trucewatch.geo.timezones import timezone_at
from trucewatch.model.time import zone


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (36.201241, 37.161173, "Asia/Damascus"),  # Aleppo
        (33.5138, 36.2765, "Asia/Damascus"),  # Damascus
        (35.5167, 35.7833, "Asia/Damascus"),  # Latakia
        (-15.4166, 28.2833, "Africa/Lusaka"),
        (38.8951, -77.0364, "America/New_York"),
    ],
)
def test_timezone_at_names_the_iana_zone_of_a_town(lat, lon, expected):
    assert timezone_at(lat, lon) == expected


def test_timezone_at_sea_keeps_the_nautical_etc_zone_which_is_valid_iana():
    name = timezone_at(35.0, -30.0)  # mid-Atlantic
    assert name.startswith("Etc/")
    assert zone(name) is not None


def test_timezone_at_is_cached_by_coordinates_rounded_to_a_hundredth_of_a_degree():
    from trucewatch.geo import timezones

    timezones._timezone_at_centi.cache_clear()
    timezone_at(36.201241, 37.161173)
    timezone_at(36.2041, 37.1589)  # same 0.01° cell
    info = timezones._timezone_at_centi.cache_info()
    assert (info.hits, info.misses) == (1, 1)


@pytest.mark.parametrize(("lat", "lon"), [(95.2, 36.0), (36.0, 181.0), (float("nan"), 0.0)])
def test_timezone_at_refuses_impossible_coordinates(lat, lon):
    with pytest.raises(ValidationError, match="outside"):
        timezone_at(lat, lon)
