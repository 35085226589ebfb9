"""A pack's neighbours: the towns across a border where its conflict's events fall (the Israeli
towns Gaza's rockets hit) are found, ranked after the country's own places, and never taken for
a truce's scope."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trucewatch.errors import ValidationError
from trucewatch.text import Article, default_gazetteer, extract
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.names import Place
from trucewatch.text.packs import PACK_DIR, load_pack, pack
from trucewatch.text.statements import find_statements
from trucewatch.text.truce_drafts import draft_truces

PUBLISHED = datetime(2014, 8, 11, 12, tzinfo=UTC)


def test_the_palestine_pack_reads_israel_as_its_neighbour() -> None:
    assert pack("PS").neighbours == ("IL",)
    assert pack("SY").neighbours == ()


@pytest.mark.parametrize("codes", [["Israel"], ["PS"], "IL"])
def test_a_neighbour_that_is_not_another_countrys_code_is_refused(
    tmp_path: Path, codes: object
) -> None:
    data = json.loads((PACK_DIR / "PS.json").read_text(encoding="utf-8"))
    data["neighbours"] = codes
    (tmp_path / "PS.json").write_text(json.dumps(data), encoding="utf-8")
    for extra in PACK_DIR.glob("PS.*.json"):
        shutil.copy(extra, tmp_path / extra.name)
    with pytest.raises(ValidationError, match=r"PS.json: neighbours: "):
        load_pack(tmp_path / "PS.json")


def test_gaza_news_finds_the_israeli_towns_by_their_press_names() -> None:
    gaz = default_gazetteer(countries=("PS",))
    for name, town in (
        ("Sderot", "Sderot"),
        ("Ashkelon", "Ashkelon"),
        ("Beersheba", "Beersheba"),
        ("Kiryat Shmona", "Qiryat Shmona"),
    ):
        found = gaz.lookup(name)
        assert found and (found[0].name, found[0].country) == (town, "Israel")


def test_a_neighbours_given_names_words_and_villages_are_not_places() -> None:
    gaz = default_gazetteer(countries=("PS",))
    # "Ariel" (Sharon; also an old name of Jerusalem), "Zion", a village of fewer than
    # 10,000 people ("Omer"), Kabul (a village in Israel, a capital elsewhere)
    for name in ("Ariel", "Zion", "Omer", "Kabul", "Lapid"):
        assert gaz.lookup(name) == [], name


def test_a_countrys_own_place_ranks_before_a_larger_neighbours_of_the_same_name() -> None:
    gaz = Gazetteer()
    own = Place(
        "Bayt Lahm",
        31.7,
        35.2,
        "city",
        "West Bank",
        30_000,
        timezone="Asia/Hebron",
        country="Palestine",
    )
    away = Place(
        "Bethlehem", 32.7, 35.2, "city", None, 90_000, timezone="Asia/Jerusalem", country="Israel"
    )
    gaz.add(own, ["Bethlehem"])
    gaz.add(away, [], neighbour=True)
    gaz.sort()
    assert gaz.lookup("Bethlehem") == [own, away]


def test_a_rocket_on_sderot_is_an_event_in_israel() -> None:
    article = Article(
        "sderot-rocket",
        "A rocket hit a house in Sderot on Thursday, wounding two people, Israeli police said.",
        datetime(2014, 7, 10, 15, tzinfo=UTC),
    )
    found = extract(article, default_gazetteer(countries=("PS",)))
    assert [(x.event.where.place, x.event.where.country) for x in found] == [("Sderot", "Israel")]


@pytest.mark.parametrize(
    "text",
    [
        "Calm returned to Gaza and Sderot as the ceasefire took hold on Monday.",
        "Hamas and Israel agreed to a ceasefire in Gaza and Sderot, an Egyptian official said on "
        "Monday.",
        "The Egyptian-brokered ceasefire covers Gaza and the Israeli towns of Sderot and "
        "Ashkelon, an official said on Monday.",
    ],
)
def test_a_neighbours_town_is_never_a_truces_scope(text: str) -> None:
    gaz = default_gazetteer(countries=("PS",))
    article = Article("gaza-calm", text, PUBLISHED)
    drafts = draft_truces(article, find_statements(article, gaz, country="PS"), [])
    assert [d.scope for d in drafts] == [("Gaza",)]
