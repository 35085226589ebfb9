"""Places, dates, numbers, actors and event types found in single sentences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trucewatch.model.event import DatePrecision, LocationPrecision
from trucewatch.text.actors import find_actors
from trucewatch.text.dates import resolve_date
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.numbers import death_toll
from trucewatch.text.places import find_places
from trucewatch.text.types import classify

PUBLISHED = datetime.fromisoformat("2016-05-05T14:00:00+03:00")  # a Thursday in Damascus


@pytest.mark.parametrize(
    ("sentence", "name", "kind", "precision", "admin1"),
    [
        ("Warplanes struck Aleppo on Monday.", "Aleppo", "city", "exact", "Aleppo"),
        ("Clashes in Aleppo province continued.", "Aleppo", "admin1", "admin1", "Aleppo"),
        ("Fighting in the province of Idlib.", "Idlib", "admin1", "admin1", "Idlib"),
        (
            "Raids on the northern countryside of Homs.",
            "northern countryside of Homs",
            "city",
            "near",
            "Homs",
        ),
        ("A car bomb exploded near Jableh.", "Jablah", "city", "near", "Latakia"),
        ("Shelling hit Deir Ezzor city.", "Deir ez-Zor", "city", "exact", "Deir ez-Zor"),
        ("Air raids on al-Qameshly.", "Al Qāmishlī", "city", "exact", "Al-Hasakah"),
        ("Shells fell on Eastern Ghouta.", "Eastern Ghouta", "region", "near", "Rif Dimashq"),
    ],
)
def test_place_mentions_tell_city_from_governorate_and_near(
    sentence: str, name: str, kind: str, precision: str, admin1: str
) -> None:
    match = find_places(sentence, default_gazetteer())[0]
    assert (match.place.name, match.place.kind, match.precision.value, match.place.admin1) == (
        name,
        kind,
        precision,
        admin1,
    )
    assert sentence[match.start : match.end] == match.text


def test_countryside_is_wider_than_the_city_and_governorate_widest() -> None:
    gaz = default_gazetteer()
    city = find_places("in Aleppo", gaz)[0]
    countryside = find_places("in the Aleppo countryside", gaz)[0]
    province = find_places("in Aleppo province", gaz)[0]
    assert city.radius_km < countryside.radius_km < province.radius_km
    assert province.precision is LocationPrecision.ADMIN1


def test_english_words_are_not_taken_for_places() -> None:
    assert find_places("the people of the city said more", default_gazetteer()) == []


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision"),
    [
        ("Jets struck on Thursday.", "2016-05-04T21:00", "2016-05-05T21:00", "day"),
        ("Jets struck on Monday.", "2016-05-01T21:00", "2016-05-02T21:00", "day"),
        ("Jets struck yesterday.", "2016-05-03T21:00", "2016-05-04T21:00", "day"),
        (
            "The truce began today at 00:01 in Damascus.",
            "2016-05-04T21:01",
            "2016-05-04T21:02",
            "exact",
        ),
        ("Hundreds were killed since late April.", "2016-04-20T21:00", "2016-05-05T11:00", "month"),
        ("Shelling went on last week.", "2016-04-27T21:00", "2016-05-04T21:00", "week"),
        ("The attack on 26 February killed two.", "2016-02-25T22:00", "2016-02-26T22:00", "day"),
        ("Fighting in mid-March.", "2016-03-10T22:00", "2016-03-20T22:00", "month"),
        ("Sarin hit Ghouta in August 2013.", "2013-07-31T21:00", "2013-08-31T21:00", "month"),
        ("The same weapons were used last year.", "2014-12-31T22:00", "2015-12-31T22:00", "year"),
        ("In 2013 Syria agreed to the deal.", "2012-12-31T22:00", "2013-12-31T22:00", "year"),
    ],
)
def test_date_expressions_resolve_against_publication_in_damascus_time(
    sentence: str, start: str, end: str, precision: str
) -> None:
    found = resolve_date(sentence, PUBLISHED, "Asia/Damascus")
    assert found is not None
    assert found.interval.start == datetime.fromisoformat(start).replace(tzinfo=UTC)
    assert found.interval.end == datetime.fromisoformat(end).replace(tzinfo=UTC)
    assert found.precision is DatePrecision(precision)


@pytest.mark.parametrize(
    "sentence",
    [
        "Fighting raged near the Kilo 16 junction on the Hodeidah road.",
        "Twin Suicide Blasts Target Checkpoint near Damascus Claim 4 Martyrs.",
        "Troops moved 3 marches north of the city.",
    ],
)
def test_a_word_that_begins_like_a_month_is_no_date(sentence: str) -> None:
    assert resolve_date(sentence, PUBLISHED, "Asia/Damascus") is None


def test_yesterday_is_a_damascus_day_even_when_published_late_utc() -> None:
    late = datetime.fromisoformat("2016-05-04T22:30:00+00:00")  # already 5 May in Damascus
    found = resolve_date("killed yesterday", late, "Asia/Damascus")
    assert found is not None and found.interval.start.isoformat() == "2016-05-03T21:00:00+00:00"


@pytest.mark.parametrize(
    ("sentence", "low", "best", "high"),
    [
        ("WHO put the death toll at at least 70.", 70, 70, None),
        ("Airstrikes killed 12 people in Idlib.", 12, 12, 12),
        ("Around 600 Syrians including 136 children have been killed.", 600, 600, 600),
        ("Kurds kill 83 Injured 100 ISIS Terrorists in 2 Days", 83, 83, 83),
        ("At least 30 people, among them 24 civilians, were killed.", 30, 30, None),
        ("Twenty-three civilians were killed.", 23, 23, 23),
        ("Dozens were killed in the shelling.", 12, 12, None),
        ("Hundreds have been killed since April.", 100, 100, None),
        ("A car bomb left twelve dead.", 12, 12, 12),
        ("The raid killed 1,250 people.", 1250, 1250, 1250),
        ("Up to 30 people died.", None, 30, 30),
        ("Killing 27 people, including 6 children.", 27, 27, 27),
    ],
)
def test_death_tolls_from_digits_words_and_vague_words(
    sentence: str, low: int | None, best: int, high: int | None
) -> None:
    toll = death_toll(sentence)
    assert toll is not None and (toll.low, toll.best, toll.high) == (low, best, high)


@pytest.mark.parametrize(
    "sentence",
    [
        "Five people were wounded in the shelling.",
        "Warplanes carried out 30 raids on the town.",
        "The siege has lasted 3 years.",
        "In 2016 the truce started.",
    ],
)
def test_numbers_that_are_not_deaths_are_not_a_death_toll(sentence: str) -> None:
    assert death_toll(sentence) is None


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("regime forces", "Government of Syria"),
        ("Assad's forces", "Government of Syria"),
        ("Syrian Arab Army", "Government of Syria"),
        ("rebels", "Syrian insurgents"),
        ("Daesh", "IS"),
        ("IS", "IS"),
        ("ISIL", "IS"),
        ("Nusra Front", "Jabhat al-Nusra"),
        ("Jabhat Fateh al-Sham", "Jabhat al-Nusra"),
        ("Syrian Democratic Forces", "SDF"),
    ],
)
def test_press_names_of_the_sides_map_to_canonical_actors(text: str, canonical: str) -> None:
    found = find_actors(f"Yesterday {text} attacked the town.")
    assert [a.canonical for a in found] == [canonical]


def test_the_word_is_in_lower_case_is_not_islamic_state() -> None:
    assert find_actors("The town is quiet and this is good.") == []


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Russian warplanes struck the market.", "remote.airstrike"),
        ("Barrel bombs fell on Daraya.", "remote.airstrike"),
        ("Mortar shells hit the old city.", "remote.shelling"),
        ("Rebels fired rockets at the district.", "remote.shelling"),
        ("A car bomb exploded at a checkpoint.", "remote.bombing"),
        ("Clashes erupted near the airport.", "battle.armed_clash"),
        ("Symptoms were consistent with sarin exposure.", "remote.chemical"),
        ("Security forces arrested 20 men.", "strategic.arrest"),
        ("The army captured the town after fighting.", "battle.territory_change"),
        (
            "The opposition accused the regime of violating the truce.",
            "strategic.ceasefire_violation",
        ),
        ("The weather was fine.", None),
        ("The Saturday strike hit dormitories in the camp.", "remote.airstrike"),
        ("A strike on a hospital killed five.", "remote.airstrike"),
    ],
)
def test_event_type_by_keywords(sentence: str, code: str | None) -> None:
    found = classify(sentence)
    assert (found.code if found else None) == code


def test_a_part_of_the_current_month_still_to_come_is_last_years() -> None:
    """Published on 5 April: "since late April" and "in late April" are 2016's late April."""
    published = datetime.fromisoformat("2017-04-05T12:00:00+03:00")
    for sentence in ("Hundreds were killed since late April.", "Fighting in late April."):
        found = resolve_date(sentence, published, "Asia/Damascus")
        assert found is not None
        assert found.interval.start == datetime(2016, 4, 20, 21, 0, tzinfo=UTC)


def test_two_weekdays_joined_by_and_span_both_days() -> None:
    published = datetime.fromisoformat("2020-04-10T12:00:00+03:00")  # a Friday
    found = resolve_date(
        "Jets struck Marib on Thursday night and on Friday.", published, "Asia/Aden"
    )
    assert found is not None and found.text == "on Thursday night and on Friday"
    assert found.interval.start == datetime.fromisoformat("2020-04-09T00:00:00+03:00")
    assert found.interval.end == datetime.fromisoformat("2020-04-11T00:00:00+03:00")
    alone = resolve_date("Jets struck Marib on Thursday and returned.", published, "Asia/Aden")
    assert alone is not None and alone.interval.end == found.interval.start + timedelta(days=1)


def test_a_month_named_alone_is_the_last_such_month_up_to_the_day() -> None:
    published = datetime.fromisoformat("2016-06-18T12:00:00+03:00")
    may = resolve_date(
        "Aircraft bombed villages in May, killing children.", published, "Africa/Khartoum"
    )
    assert may is not None and may.text == "in May"
    assert may.interval.start == datetime.fromisoformat("2016-05-01T00:00:00+03:00")
    assert may.interval.end == datetime.fromisoformat("2016-06-01T00:00:00+03:00")
    july = resolve_date("Fighting in July displaced thousands.", published, "Africa/Khartoum")
    assert july is not None and july.interval.start.year == 2015  # July is still to come
    june = resolve_date("It began in June.", published, "Africa/Khartoum")
    assert june is not None and june.interval.end == datetime.fromisoformat(
        "2016-06-19T00:00:00+03:00"
    )  # this month: up to the day of the text
    assert resolve_date("Talks in may continue.", published, "Africa/Khartoum") is None


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("The Sudan People's Liberation Movement-North rejected the roadmap.", None),
        ("The Popular Front for the Liberation of Palestine said it would abide by it.", None),
        ("The Palestine Liberation Organization accepted the offer.", None),
        ("The Kosovo Liberation Army attacked a police post.", "battle.armed_clash"),
        ("Government troops liberated the town on Sunday.", "battle.territory_change"),
        # a headline in title case capitalises every word: "Army" is not a name's head here
        ("Rebels Shelled Army Positions Near Hama", "remote.shelling"),
    ],
)
def test_a_keyword_in_a_groups_name_is_no_event(sentence: str, code: str | None) -> None:
    found = classify(sentence)
    assert (found.code if found else None) == code
