from datetime import date

import pytest

from trucewatch.errors import ValidationError
from trucewatch.model import (
    Actors,
    DatePrecision,
    Event,
    Fatalities,
    Location,
    LocationPrecision,
    local_days_interval,
)


def make_event(**changes):
    fields = {
        "source": "ucdp_ged",
        "source_row_id": "1",
        "adapter": "ucdp_ged.v1",
        "when": local_days_interval(date(2016, 5, 9), date(2016, 5, 9), "Asia/Damascus"),
        "date_precision": DatePrecision.DAY,
        "where": Location(36.2, 37.16, 2.0, LocationPrecision.EXACT, admin1="Aleppo"),
        "event_type": "remote.airstrike",
    }
    fields.update(changes)
    return Event(**fields)


def test_event_id_is_source_qualified():
    assert make_event().event_id == "ucdp_ged:1"


@pytest.mark.parametrize(("lat", "lon"), [(95.2, 37.0), (36.0, 181.0), (float("nan"), 0.0)])
def test_location_refuses_coordinates_out_of_range(lat, lon):
    with pytest.raises(ValidationError, match=r"latitude|longitude"):
        Location(lat, lon, 1.0, LocationPrecision.EXACT)


def test_location_names_the_admin_unit_it_was_coded_to():
    loc = Location(36.2, 37.1, 150.0, LocationPrecision.ADMIN1, admin1="Aleppo Governorate")
    assert loc.coded_admin_level == 1
    assert loc.coded_admin == "Aleppo Governorate"
    assert Location(36.2, 37.1, 2.0, LocationPrecision.EXACT).coded_admin is None


def test_event_refuses_types_outside_the_taxonomy():
    with pytest.raises(ValidationError, match="taxonomy"):
        make_event(event_type="airstrike")


def test_fatalities_must_be_ordered():
    with pytest.raises(ValidationError, match="low <= best <= high"):
        Fatalities(low=5, best=2, high=9)


def test_perpetrator_must_be_one_of_the_sides():
    with pytest.raises(ValidationError, match="perpetrator"):
        Actors(side_a="Government of Syria", side_b="Civilians", perpetrator="IS")
    actors = Actors("IS", "Civilians", perpetrator="IS", target="Civilians")
    assert actors.directed


def test_events_are_frozen():
    event = make_event()
    with pytest.raises(AttributeError):
        event.source = "acled"  # type: ignore[misc]
