"""The sides of a country without a full pack (``text/packs/<CODE>.sides.json``): read by the
actor table and the statement rules, so that parties are named by their canonical names."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from trucewatch.errors import ValidationError
from trucewatch.text import Article
from trucewatch.text.actors import actor_table, find_actors
from trucewatch.text.pack_sides import areas, bodies, pack_sides, sides_only_packs, theatre
from trucewatch.text.packs import PACK_DIR, shipped_packs
from trucewatch.text.statements import find_statements
from trucewatch.text.truce_drafts import draft_truces

PUBLISHED = datetime.fromisoformat("2023-05-20T18:00:00+03:00")


def test_the_conflicts_of_the_labelled_set_have_their_sides_with_or_without_a_place_pack() -> None:
    assert {"LY", "PS", "SD", "UA"} <= set(sides_only_packs()) | set(shipped_packs())
    assert all(pack_sides(code)[0] for code in ("LY", "PS", "SD", "UA"))
    assert not set(sides_only_packs()) & set(shipped_packs())


@pytest.mark.parametrize(
    ("code", "words", "side"),
    [
        ("SD", "the paramilitary Rapid Support Forces", "Rapid Support Forces"),
        ("SD", "قوات الدعم السريع", "Rapid Support Forces"),
        ("LY", "Haftar's forces", "Libyan National Army"),
        ("LY", "حكومة الوفاق الوطني", "Government of National Accord"),
        ("PS", "the Qassam Brigades", "Hamas"),
        ("UA", "pro-Russian separatists", "Russian-backed separatists"),
        ("UA", "Russia", "Russian Federation"),
    ],
)
def test_a_side_is_read_under_its_canonical_name(code: str, words: str, side: str) -> None:
    table = actor_table((code,))
    if any("\u0600" <= c <= "\u06ff" for c in words):
        from trucewatch.text.arabic.actors import find_actors as find_arabic

        found = find_arabic(words, table)
    else:
        found = find_actors(words, table)
    assert [a.canonical for a in found] == [side]


def test_acronyms_keep_their_case() -> None:
    table = actor_table(("SD",))
    assert [a.canonical for a in find_actors("RSF fighters", table)] == ["Rapid Support Forces"]
    assert find_actors("the rsf", table) == []


def test_a_country_with_neither_pack_nor_sides_has_no_sides() -> None:
    assert pack_sides("LB") == ({}, frozenset())
    assert actor_table(("LB",)).aliases == {}


def test_an_alias_under_two_sides_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trucewatch.text import packs

    names = {
        "format": "trucewatch.pack-names/1",
        "country": "ZZ",
        "actors": {"A": ["x"], "B": ["X"]},
    }
    (tmp_path / "ZZ.sides.json").write_text(json.dumps(names), encoding="utf-8")
    monkeypatch.setattr(packs, "PACK_DIR", tmp_path)
    with pytest.raises(ValidationError, match="listed twice"):
        pack_sides("ZZ")  # a failed read is not cached


def test_every_sides_file_is_a_names_file_of_its_country() -> None:
    for file in PACK_DIR.glob("*.sides.json"):
        data = json.loads(file.read_text(encoding="utf-8"))
        assert data["format"] == "trucewatch.pack-names/1"
        assert data["country"] == file.name.split(".")[0]


def test_statement_parties_of_a_country_without_a_pack_are_its_sides() -> None:
    text = (
        "Representatives of Sudan's army and the Rapid Support Forces signed an agreement on "
        "Saturday for a ceasefire of seven days."
    )
    (found,) = find_statements(Article("t", text, PUBLISHED), country="SD")
    assert set(found.parties) == {"Sudanese Armed Forces", "Rapid Support Forces"}


def test_a_state_that_is_a_side_is_named_by_the_pack() -> None:
    text = "Russia and Ukraine agreed on Thursday on a ceasefire in the east."
    (found,) = find_statements(Article("t", text, PUBLISHED), country="UA")
    assert found.parties == ("Russian Federation", "Ukraine")


def test_a_truce_of_gaza_that_names_no_place_covers_the_theatre_not_a_nation() -> None:
    text = (
        "Israel and Hamas have agreed to a ceasefire that took effect at 9 p.m. on Wednesday, "
        "Egypt's foreign minister announced. Israel agreed to halt its strikes on the Gaza Strip."
    )
    article = Article("t", text, PUBLISHED)
    (draft,) = draft_truces(article, find_statements(article, country="PS"))
    assert draft.scope == ("Gaza",) and not draft.nationwide


def test_the_theatres_other_names_are_written_its_way() -> None:
    text = "Israel agreed on Saturday to extend the humanitarian truce in the Gaza Strip."
    article = Article("t", text, PUBLISHED)
    (draft,) = draft_truces(article, find_statements(article, country="PS"))
    assert draft.scope == ("Gaza",)
    assert theatre("SY") is None and theatre("LB") is None  # a pack's places are its own


def test_a_theatre_without_a_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trucewatch.text import packs

    names = {"format": "trucewatch.pack-names/1", "country": "ZY", "theatre": ["Gaza"]}
    (tmp_path / "ZY.sides.json").write_text(json.dumps(names), encoding="utf-8")
    monkeypatch.setattr(packs, "PACK_DIR", tmp_path)
    with pytest.raises(ValidationError, match=r"ZY\.sides\.json: field 'theatre'"):
        theatre("ZY")


@pytest.mark.parametrize(
    "text",
    ["Russia declared the 36-hour Orthodox Christmas ceasefire.", "Kyiv rejected an Easter truce."],
)
def test_a_feast_named_before_the_truce_is_not_its_place(text: str) -> None:
    (found,) = find_statements(Article("t", text, PUBLISHED), country="UA")
    assert found.scope == ()


def test_donbas_stands_for_donetsk_and_luhansk_until_the_invasion() -> None:
    assert areas("UA", datetime(2017, 6, 24).date())["eastern ukraine"] == ("Donetsk", "Luhansk")
    assert "eastern ukraine" not in areas("UA", datetime(2023, 1, 6).date())
    assert areas("SY", datetime(2017, 6, 24).date()) == {}


def test_a_truce_in_eastern_ukraine_covers_the_places_of_its_area() -> None:
    text = (
        "A ceasefire meant to let farmers bring in the harvest in eastern Ukraine came into force "
        "at midnight on Saturday. The truce was agreed on Wednesday by Ukraine, Russia and the "
        "separatists, meeting in Minsk."
    )
    saturday = datetime.fromisoformat("2017-06-24T12:00:00+03:00")
    article = Article("t", text, saturday)
    drafts = draft_truces(article, find_statements(article, country="UA"))
    assert [d.scope for d in drafts] == [("Donetsk", "Luhansk")]
    assert (
        drafts[0].start is not None and drafts[0].start.isoformat() == "2017-06-24T00:00:00+03:00"
    )


def test_an_area_without_places_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trucewatch.text import packs

    names = {"format": "trucewatch.pack-names/1", "country": "ZX", "areas": [{"name": "Donbas"}]}
    (tmp_path / "ZX.sides.json").write_text(json.dumps(names), encoding="utf-8")
    monkeypatch.setattr(packs, "PACK_DIR", tmp_path)
    with pytest.raises(ValidationError, match=r"ZX\.sides\.json: areas\[0\]\.places"):
        areas("ZX", datetime(2017, 6, 24).date())


@pytest.mark.parametrize(
    ("text", "country", "scope"),
    [
        ("Zakharchenko declared a unilateral ceasefire at talks in Minsk.", "UA", ()),
        ("Kyiv accepted the Minsk ceasefire.", "UA", ()),
        ("The army agreed a Spring truce.", "UA", ()),
        # PS has its places since its pack: the GeoNames town the press writes Deir al-Balah
        ("Israel declared a truce in Deir al-Balah on Thursday.", "PS", ("Dayr al Balaḩ",)),
        ("The sides agreed a ceasefire in Donetsk and Luhansk.", "UA", ("Donetsk", "Luhansk")),
    ],
)
def test_places_as_written_leave_out_venues_abroad_and_seasons(
    text: str, country: str, scope: tuple[str, ...]
) -> None:
    (found,) = find_statements(Article("t", text, PUBLISHED), country=country)
    assert found.scope == scope


def test_a_city_abroad_is_one_of_other_countries_only() -> None:
    from trucewatch.text.statements.venues import abroad

    assert abroad("Minsk", "UA") and abroad("Jeddah", "SD")
    assert not abroad("Donetsk", "UA")  # a city of Russia too, but also of Ukraine
    assert not abroad("Tripoli", "LY") and not abroad("Nowhere-on-earth", "UA")
    assert not abroad("Minsk", None)


def test_the_contact_groups_members_agree_together_until_the_invasion() -> None:
    members = ("Ukraine", "Russian Federation", "Russian-backed separatists")
    assert bodies("UA", datetime(2018, 3, 5).date())["trilateral contact group"] == members
    assert bodies("UA", datetime(2023, 3, 5).date()) == {}
    text = (
        "The spring truce came into force at 00:00 on Monday in eastern Ukraine under an "
        "agreement reached by the Trilateral Contact Group."
    )
    monday = datetime.fromisoformat("2018-03-05T12:00:00+02:00")
    article = Article("t", text, monday)
    (draft,) = draft_truces(article, find_statements(article, country="UA"))
    assert set(draft.parties) == set(members)


def test_the_group_named_before_is_the_contact_group() -> None:
    text = (
        "Leonid Kuchma is Ukraine's envoy to the Trilateral Contact Group. "
        "The group, which includes Russia, agreed to the holiday truce on Wednesday in Minsk."
    )
    saturday = datetime.fromisoformat("2017-12-23T12:00:00+02:00")
    article = Article("t", text, saturday)
    drafts = draft_truces(article, find_statements(article, country="UA"))
    assert [set(d.parties) for d in drafts if d.act == "agree"] == [
        {"Ukraine", "Russian Federation", "Russian-backed separatists"}
    ]


def test_libyas_armed_groups_are_sides_and_libya_itself_is_its_government_of_the_day() -> None:
    monday = datetime.fromisoformat("2019-01-21T12:00:00+02:00")
    text = "Libya and the Seventh Brigade agreed to a ceasefire in Tripoli on Monday."
    article = Article("t", text, monday)
    (draft,) = draft_truces(article, find_statements(article, country="LY"))
    assert draft.parties == ("Government of National Accord", "Seventh Brigade")
    # 2014, two rival governments and none written for the day: Libya itself is no party
    article = Article("t", text, datetime.fromisoformat("2014-09-22T12:00:00+02:00"))
    (draft,) = draft_truces(article, find_statements(article, country="LY"))
    assert draft.parties == ("Seventh Brigade",)
    text = "Libya declared an immediate ceasefire on Friday."
    article = Article("t", text, datetime.fromisoformat("2011-03-18T20:00:00+02:00"))
    (draft,) = draft_truces(article, find_statements(article, country="LY"))
    assert draft.parties == ("Gaddafi government",)
    text = "The Seventh Brigade and forces of the Government of National Accord agreed a truce."
    article = Article("t", text, monday)
    (draft,) = draft_truces(article, find_statements(article, country="LY"))
    assert set(draft.parties) == {"Seventh Brigade", "Government of National Accord"}


def test_a_palestinian_truce_naming_no_place_before_2007_is_nationwide() -> None:
    # the 2003 hudna covered the West Bank and Israel too; Gaza became the theatre in 2007
    text = (
        "Hamas and Islamic Jihad announced on Sunday that they would suspend attacks on "
        "Israelis for three months."
    )
    article = Article("t", text, datetime(2003, 6, 29, 12, tzinfo=UTC))
    (draft,) = draft_truces(article, find_statements(article, country="PS"))
    assert draft.act == "declare"
    assert draft.nationwide and draft.scope == ()
    assert theatre("PS", date(2007, 6, 14)) is None
    assert theatre("PS", date(2007, 6, 15)) is not None


def test_a_theatre_whose_first_day_is_not_a_date_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trucewatch.text import packs

    names = {
        "format": "trucewatch.pack-names/1",
        "country": "ZX",
        "theatre": {"name": "Gaza", "from": "June 2007"},
    }
    (tmp_path / "ZX.sides.json").write_text(json.dumps(names), encoding="utf-8")
    monkeypatch.setattr(packs, "PACK_DIR", tmp_path)
    with pytest.raises(ValidationError, match=r"ZX\.sides\.json: theatre\.from .*'June 2007'"):
        theatre("ZX")
