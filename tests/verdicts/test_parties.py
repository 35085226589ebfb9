from datetime import UTC, date, datetime

import pytest

from trucewatch.agreements import load_examples
from trucewatch.model import (
    Actors,
    DatePrecision,
    Event,
    Location,
    LocationPrecision,
    local_days_interval,
)
from trucewatch.model.verdict import SideStatus, VerdictKind
from trucewatch.verdicts.judge import judge
from trucewatch.verdicts.parties import (
    NameKind,
    classify_name,
    excluded_on_event_date,
    judge_sides,
    split_coalition,
    status_over,
)


@pytest.fixture(scope="module")
def coh():
    return next(a for a in load_examples() if a.id == "syria-coh-2016")


def event_on(day: date, side_a: str | None, side_b: str | None, **actors) -> Event:
    return Event(
        source="test",
        source_row_id="1",
        adapter="test.v1",
        when=local_days_interval(day, day, "Asia/Damascus"),
        date_precision=DatePrecision.DAY,
        where=Location(36.2, 37.16, 1.0, LocationPrecision.EXACT),
        event_type="remote.airstrike",
        actors=Actors(side_a, side_b, **actors),
        timezone="Asia/Damascus",
    )


@pytest.mark.parametrize(
    ("name", "kind", "matched"),
    [
        ("Government of Syria", NameKind.PARTY, "government-of-syria"),
        ("Syrian insurgents", NameKind.PARTY, "hnc-opposition"),
        ("IS", NameKind.EXCLUDED, "islamic-state"),
        ("Daesh", NameKind.EXCLUDED, "islamic-state"),
        ("Jabhat Fateh al-Sham", NameKind.EXCLUDED, "nusra"),
        ("Ahrar al-Sham, Jabhat Fateh al-Sham, Southern Front", NameKind.MIXED, "nusra"),
        ("SDF", NameKind.UNKNOWN, None),
        (None, NameKind.ABSENT, None),
        ("  ", NameKind.ABSENT, None),
    ],
)
def test_classify_name_against_the_nationwide_cessation(coh, name, kind, matched):
    result = classify_name(coh, name)
    assert (result.kind, result.matched) == (kind, matched)


def test_split_coalition_lists_each_actor():
    assert split_coalition("A, B; C ,") == ["A", "B", "C"]


def test_a_party_that_accepted_before_the_event_is_a_party(coh):
    gos = classify_name(coh, "Government of Syria")
    assert gos.accession == datetime(2016, 2, 26, 10, 0, tzinfo=UTC)
    before = datetime(2016, 2, 25, tzinfo=UTC), datetime(2016, 2, 26, tzinfo=UTC)
    around = datetime(2016, 2, 25, 22, tzinfo=UTC), datetime(2016, 2, 26, 22, tzinfo=UTC)
    after = datetime(2016, 2, 26, 22, tzinfo=UTC), datetime(2016, 2, 27, 22, tzinfo=UTC)
    assert status_over(gos, *before) is SideStatus.NOT_YET_PARTY
    assert status_over(gos, *around) is SideStatus.ACCESSION_UNCERTAIN
    assert status_over(gos, *after) is SideStatus.PARTY


def test_judge_sides_keeps_roles_only_when_the_source_gives_them(coh):
    undirected = judge_sides(coh, event_on(date(2016, 3, 1), "Government of Syria", "IS"))
    assert [s.role for s in undirected] == [None, None]
    assert [s.status for s in undirected] == [SideStatus.PARTY, SideStatus.EXCLUDED]
    directed = judge_sides(
        coh,
        event_on(date(2016, 3, 1), "IS", "Civilians", perpetrator="IS", target="Civilians"),
    )
    assert [s.role for s in directed] == ["perpetrator", "target"]
    assert directed[1].status is SideStatus.UNKNOWN


def test_a_later_name_is_excluded_but_not_in_use_on_the_event_date(coh):
    may = event_on(date(2016, 5, 9), "Government of Syria", "Jabhat Fateh al-Sham")
    september = event_on(date(2016, 9, 1), "Government of Syria", "Jabhat Fateh al-Sham")
    assert judge_sides(coh, may)[1].status is SideStatus.EXCLUDED
    assert not excluded_on_event_date(coh, "Jabhat Fateh al-Sham", may)
    assert excluded_on_event_date(coh, "Jabhat Fateh al-Sham", september)


@pytest.mark.parametrize(
    "name",
    [
        "Global Coalition Against Daesh",  # ACLED's name for the US-led coalition
        "Opposition to Jabhat al-Nusra",
        "Anti-Daesh forces",
        "Counter-Daesh coalition",
    ],
)
def test_a_name_of_the_groups_enemies_is_not_the_excluded_group(coh, name):
    assert classify_name(coh, name).kind is NameKind.UNKNOWN


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Daesh", NameKind.EXCLUDED),
        ("Islamic State (Syria)", NameKind.EXCLUDED),
        ("Coalition against Daesh and Daesh", NameKind.EXCLUDED),  # named as itself once
        ("Jabhat al-Nusra, Global Coalition Against Daesh", NameKind.MIXED),
    ],
)
def test_the_group_named_as_itself_is_still_excluded(coh, name, kind):
    assert classify_name(coh, name).kind is kind


def test_a_coalition_fighting_daesh_against_the_government_is_a_possible_violation(coh):
    event = event_on(date(2016, 3, 10), "Global Coalition Against Daesh", "Government of Syria")
    (verdict,) = [
        v for v in judge([event], [coh], engine="reference") if v.window_id == coh.base.id
    ]
    assert verdict.verdict is not VerdictKind.NOT_COVERED
    assert verdict.verdict is judge([event], [coh], engine="fast")[0].verdict
