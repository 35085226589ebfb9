"""The one-line explanation: verdict, event type, place, space, local dates, window, sides."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from shapely.geometry import Polygon

from trucewatch.model.agreement import (
    Agreement,
    ExcludedGroup,
    GroupName,
    Party,
    Scope,
    ThirdParty,
    Window,
)
from trucewatch.model.event import Actors, DatePrecision, Event, Location, LocationPrecision
from trucewatch.model.taxonomy import EVENT_TYPES
from trucewatch.model.time import Interval, local_days_interval
from trucewatch.verdicts.explain import EVENT_TYPE_WORDS, explanation, zone_city
from trucewatch.verdicts.reference import judge_pair

DAMASCUS = "Asia/Damascus"
PLUS3 = timezone(timedelta(hours=3))
START = datetime(2016, 5, 5, 1, tzinfo=PLUS3)
SQUARE = Polygon([(37.0, 36.1), (37.2, 36.1), (37.2, 36.3), (37.0, 36.3)])


def win(wid: str, start: datetime, hours: int | None, kind: str, **kw) -> Window:
    end = None if hours is None else start + timedelta(hours=hours)
    parent = "base" if kind == "extension" else None
    return Window(
        wid, "calm", kind, Interval(start, end), DAMASCUS, start.isoformat(), parent, **kw
    )


CALM = Agreement(
    id="calm",
    name="Calm",
    timezone=DAMASCUS,
    base=win("base", START, 48, "base"),
    scope=Scope.make("geojson", {}, SQUARE),
    parties=(
        Party("gov", "Government of Syria"),
        Party("opp", "Syrian insurgents"),
        Party("late", "Late Brigade", accession=datetime(2016, 6, 1, tzinfo=PLUS3)),
    ),
    guarantors=(ThirdParty("us", "United States of America"),),
    excluded_groups=(
        ExcludedGroup("is", (GroupName("Islamic State"), GroupName("IS"))),
        ExcludedGroup(
            "nusra",
            (
                GroupName("Jabhat al-Nusra"),
                GroupName("Jabhat Fateh al-Sham", valid_from=date(2016, 7, 28)),
            ),
        ),
    ),
    extensions=(win("ext", START + timedelta(hours=48), 72, "extension"),),
    declarations=(
        win("decl", START - timedelta(hours=24, minutes=59), None, "declaration", declared_by="us"),
    ),
)


def event(
    first: date = date(2016, 5, 8),
    last: date | None = None,
    *,
    precision: DatePrecision = DatePrecision.DAY,
    side_a: str | None = "Government of Syria",
    side_b: str | None = "Syrian insurgents",
    perpetrator: str | None = None,
    event_type: str = "remote.airstrike",
    lon: float = 37.1,
    lat: float = 36.2,
    radius: float = 2.0,
    where: LocationPrecision = LocationPrecision.EXACT,
    place: str | None = "Aleppo city",
) -> Event:
    return Event(
        source="test",
        source_row_id="1",
        adapter="test.v1",
        when=local_days_interval(first, last or first, DAMASCUS),
        date_precision=precision,
        where=Location(lat, lon, radius, where, place=place, admin1="Aleppo Governorate"),
        event_type=event_type,
        actors=Actors(side_a, side_b, perpetrator, side_b if perpetrator else None),
        timezone=DAMASCUS,
    )


def text(ev: Event, window_id: str = "ext", agreement: Agreement = CALM) -> str:
    return judge_pair(ev, agreement, agreement.window(window_id)).explanation


def test_explanation_reads_like_the_contract_example():
    assert text(event()) == (
        "Violation: Airstrike in Aleppo city, inside the scope (9.0 km from its edge), "
        "on 8 May 2016, during the 72-hour extension that began 7 May 01:00 Damascus time; "
        "side A Government of Syria is a party; side B Syrian insurgents is a party; "
        "the source does not say who attacked whom."
    )


@pytest.mark.parametrize(
    ("first", "last", "precision", "words"),
    [
        (date(2016, 5, 8), None, DatePrecision.DAY, "on 8 May 2016"),
        (date(2016, 5, 1), date(2016, 5, 7), DatePrecision.WEEK, "between 1 and 7 May 2016"),
        (
            date(2016, 4, 30),
            date(2016, 5, 2),
            DatePrecision.DAYS,
            "between 30 April and 2 May 2016",
        ),
        (date(2016, 5, 1), date(2016, 5, 31), DatePrecision.MONTH, "in May 2016"),
        (date(2016, 1, 1), date(2016, 12, 31), DatePrecision.YEAR, "in 2016"),
        (date(2016, 10, 27), None, DatePrecision.DAY, "on 27 October 2016"),  # a 25-hour day
        (date(2016, 3, 25), None, DatePrecision.DAY, "on 25 March 2016"),  # a 23-hour day
    ],
)
def test_explanation_gives_the_local_dates(first, last, precision, words):
    assert f", {words}, " in text(event(first, last, precision=precision), "decl")


def test_explanation_exact_time_in_local_time():
    ev = replace(
        event(),
        when=Interval(
            datetime(2016, 5, 8, 14, 30, tzinfo=PLUS3), datetime(2016, 5, 8, 14, 31, tzinfo=PLUS3)
        ),
        date_precision=DatePrecision.EXACT,
    )
    assert "on 8 May 2016 at 14:30 Damascus time" in text(ev)


@pytest.mark.parametrize(
    ("window_id", "words"),
    [
        ("base", "the 48-hour truce that began 5 May 01:00 Damascus time"),
        ("ext", "the 72-hour extension that began 7 May 01:00 Damascus time"),
        (
            "decl",
            "the declaration by United States of America that took effect "
            "4 May 00:01 Damascus time",
        ),
    ],
)
def test_explanation_names_the_window(window_id, words):
    assert words in text(event(), window_id)


@pytest.mark.parametrize(
    ("first", "window_id", "words"),
    [
        (date(2016, 5, 8), "base", "after the end of the 48-hour truce"),
        (date(2016, 5, 3), "base", "before the 48-hour truce"),
        (date(2016, 5, 5), "base", "across the start of the 48-hour truce"),
        (date(2016, 5, 10), "ext", "across the end of the 72-hour extension"),
    ],
)
def test_explanation_time_relation(first, window_id, words):
    assert words in text(event(first), window_id)


def test_explanation_straddling_space_gives_radius_and_share():
    got = text(event(radius=12.0))
    assert "Possible violation: " in got
    assert "straddles the scope's edge (a 12 km uncertainty radius, " in got
    assert "% inside)" in got


def test_explanation_of_a_disc_mostly_outside_the_scope_says_unlocated():
    got = text(event(lat=36.3, radius=25.0))
    assert got.startswith("Unlocated: ")
    assert "(a 25 km uncertainty radius, 20 % inside)" in got


def test_explanation_governorate_coded_event():
    ev = event(where=LocationPrecision.ADMIN1, radius=150.0, place="Aleppo Governorate")
    assert "coded to the whole of Aleppo Governorate, a 150 km uncertainty radius" in text(ev)


def test_explanation_outside_the_scope_gives_the_distance():
    got = text(event(lon=37.5))
    assert got.startswith("Outside the scope: ")
    assert "outside the scope (" in got and " km from its edge)" in got


def test_explanation_scope_everywhere():
    assert "in the scope (the window applies everywhere)" in text(
        event(), agreement=replace(CALM, scope=None)
    )


@pytest.mark.parametrize(
    ("side_b", "first", "words"),
    [
        ("IS", date(2016, 5, 8), "side B IS is an excluded group (Islamic State)"),
        (
            "Jabhat Fateh al-Sham",
            date(2016, 5, 8),
            "side B Jabhat Fateh al-Sham is an excluded group (Jabhat al-Nusra), "
            "under a name it took only later",
        ),
        (
            "Ahrar al-Sham, Jabhat al-Nusra",
            date(2016, 5, 8),
            "names an excluded group (Jabhat al-Nusra) together with others",
        ),
        ("Late Brigade", date(2016, 5, 8), "side B Late Brigade had not yet acceded"),
        ("SDF", date(2016, 5, 8), "side B SDF is neither a party nor an excluded group"),
        (None, date(2016, 5, 8), "side B is not named by the source"),
    ],
)
def test_explanation_sides(side_b, first, words):
    assert words in text(event(first, side_b=side_b))


def test_explanation_roles_and_no_direction_sentence_when_directed():
    ev = event(
        side_b="Civilians", perpetrator="Government of Syria", event_type="civilians.one_sided"
    )
    got = text(ev)
    assert "side A Government of Syria (the attacker) is a party" in got
    assert "side B Civilians (the target)" in got
    assert "who attacked whom" not in got


def test_explanation_not_violent_event():
    got = text(event(event_type="unrest.protest"))
    assert got.startswith("Not covered: Protest in Aleppo city")


def test_every_event_type_has_short_words():
    assert set(EVENT_TYPE_WORDS) == set(EVENT_TYPES)


@pytest.mark.parametrize(
    ("name", "city"),
    [
        ("Asia/Damascus", "Damascus"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("UTC", "UTC"),
    ],
)
def test_zone_city(name, city):
    assert zone_city(name) == city


def test_explanation_function_is_callable_directly():
    ev = event()
    v = judge_pair(ev, CALM, CALM.window("ext"))
    again = explanation(
        ev, CALM, CALM.window("ext"), v.verdict, v.space, v.time, v.parties, v.distance_km, None
    )
    assert again == v.explanation
