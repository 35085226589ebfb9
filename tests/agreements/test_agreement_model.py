"""Domain objects of agreements: alias matching, frozen windows, self-validation, strict YAML."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from trucewatch.agreements import load_examples
from trucewatch.agreements._yaml import load_yaml
from trucewatch.errors import ValidationError
from trucewatch.model.agreement import (
    Agreement,
    ExcludedGroup,
    GroupName,
    Party,
    Window,
    normalize_name,
)
from trucewatch.model.time import Interval


@pytest.fixture(scope="module")
def nusra() -> ExcludedGroup:
    coh = next(a for a in load_examples() if a.id == "syria-coh-2016")
    return next(g for g in coh.excluded_groups if g.id == "nusra")


@pytest.fixture(scope="module")
def isis() -> ExcludedGroup:
    coh = next(a for a in load_examples() if a.id == "syria-coh-2016")
    return next(g for g in coh.excluded_groups if g.id == "islamic-state")


@pytest.mark.parametrize(
    ("name", "on", "expected"),
    [
        ("Jabhat Fateh al-Sham", date(2016, 9, 1), True),
        ("JABHAT FATAH AL SHAM", date(2016, 9, 1), True),
        ("Jabhat Fateh al-Sham", date(2016, 7, 1), False),  # the name did not exist yet
        ("Jabhat Fateh al-Sham", date(2016, 7, 28), True),  # the day of the renaming
        ("Hay'at Tahrir al-Sham", date(2016, 9, 1), False),
        ("Hay’at Taḥrīr al-Shām", date(2017, 3, 1), True),
        ("Hayat Tahrir al Sham", datetime(2017, 3, 1, 12, tzinfo=UTC), True),
        ("HTS", date(2017, 3, 1), True),
        ("Jabhat al-Nusra", date(2016, 3, 1), True),
        ("al-Nusra Front", date(2016, 9, 1), True),  # old names stay in use after renaming
        ("جبهة النصرة", date(2016, 3, 1), True),
        ("جَبْهَة النُّصْرَة", date(2016, 3, 1), True),  # with harakat
        ("Jabhat al-Nusra, Ahrar al-Sham", date(2016, 3, 1), True),  # contained as whole words
        ("Ahrar al-Sham", date(2016, 3, 1), False),
        ("Free Syrian Army", date(2016, 3, 1), False),
        ("", date(2016, 3, 1), False),
    ],
)
def test_excluded_group_nusra_matches_aliases_of_the_day(nusra, name, on, expected):
    assert nusra.matches(name, on) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("IS", True),
        ("ISIL", True),
        ("Islamic State", True),
        ("داعش", True),
        ("الدولة الاسلامية", True),  # hamza folded
        ("Government of Syria vs Islamic State", True),
        ("this is it", False),  # a short alias must be the whole name
        ("Syrian insurgents", False),
    ],
)
def test_excluded_group_isis_matches_names_in_several_languages(isis, name, expected):
    assert isis.matches(name, date(2016, 3, 1)) is expected


def test_excluded_group_name_with_until_stops_matching_after_it():
    group = ExcludedGroup(
        "nusra",
        (
            GroupName("Jabhat al-Nusra", None, date(2016, 7, 28)),
            GroupName("Jabhat Fatah al-Sham", date(2016, 7, 28), date(2017, 1, 28)),
        ),
    )
    assert group.matches("Jabhat al-Nusra", date(2016, 7, 28))
    assert not group.matches("Jabhat al-Nusra", date(2016, 7, 29))
    assert group.names_on(date(2016, 7, 28)) == ("Jabhat al-Nusra", "Jabhat Fatah al-Sham")
    assert group.names_on(date(2017, 2, 1)) == ()


def test_group_name_until_before_from_is_refused():
    with pytest.raises(ValidationError, match="before"):
        GroupName("x", date(2017, 1, 1), date(2016, 1, 1))


@pytest.mark.parametrize(
    ("a", "b"),
    [("Hay'at Tahrir al-Sham", "hayat tahrir al sham"), ("Dar'a", "DARA"), ("Ḥamā", "hama")],
)
def test_normalize_name_folds_case_diacritics_and_punctuation(a, b):
    assert normalize_name(a) == normalize_name(b)


def test_party_matches_its_aliases():
    party = Party("gov", "Government of Syria", ("Syrian Arab Army", "SAA"))
    assert party.matches("syrian arab army") and not party.matches("FSA")


def _window(**changes) -> Window:
    fields = {
        "id": "base",
        "agreement_id": "a",
        "kind": "base",
        "interval": Interval(datetime(2016, 2, 26, 22, tzinfo=UTC)),
        "timezone": "Asia/Damascus",
        "local_start": "2016-02-27T00:00:00+02:00",
    }
    return Window(**(fields | changes))


def test_window_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        _window().id = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"kind": "extension"}, "needs a parent"),
        ({"kind": "declaration"}, "needs declared_by"),
        ({"kind": "truce"}, "not one of"),
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"id": "Not A Slug"}, "not a valid id"),
        ({"parent_id": "x"}, "only extensions"),
    ],
)
def test_window_refuses_impossible_values(changes, match):
    with pytest.raises(ValidationError, match=match):
        _window(**changes)


def test_agreement_refuses_an_extension_starting_before_its_parent():
    base = _window(interval=Interval(datetime(2016, 5, 4, 22, tzinfo=UTC), None))
    early = _window(
        id="ext",
        kind="extension",
        parent_id="base",
        interval=Interval(datetime(2016, 5, 1, tzinfo=UTC), datetime(2016, 5, 2, tzinfo=UTC)),
    )
    with pytest.raises(ValidationError, match="before its parent"):
        Agreement("a", "A", "Asia/Damascus", base, extensions=(early,))


def test_agreement_refuses_a_declaration_by_an_unknown_party():
    decl = _window(id="d", kind="declaration", declared_by="uk")
    with pytest.raises(ValidationError, match="not a party"):
        Agreement("a", "A", "Asia/Damascus", _window(), declarations=(decl,))


@pytest.mark.parametrize(
    "text",
    ["start: 2016-02-27T00:00:00+02:00", "start: 2016-02-27 00:00:00", "start: 2016-02-27"],
)
def test_strict_yaml_keeps_timestamps_as_written_text(text):
    data, _node = load_yaml(text)
    assert data == {"start": text.split(": ", 1)[1]}
