"""Which stored agreement a draft is linked to (text/truce_links.py) and how reactions join
the truce they are about (text/truce_drafts.py), against the shipped Syria 2016 agreements and
an agreement of a country whose truce is kept in another country's time zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from trucewatch.agreements import load_agreement
from trucewatch.agreements._yaml import load_yaml
from trucewatch.agreements.loader import parse_agreement
from trucewatch.model.agreement import Agreement
from trucewatch.text import Article
from trucewatch.text.statement_model import TruceDraft
from trucewatch.text.statements import find_statements
from trucewatch.text.truce_drafts import draft_truces

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "trucewatch" / "agreements" / "examples"
YEMEN_IN_RIYADH_TIME = """\
format: trucewatch.agreement/1
id: ye-unilateral-test
name: A coalition's unilateral ceasefire in Yemen (test)
timezone: Asia/Riyadh
scope:
  label: Yemen (coarse circle)
  point: {lat: 15.5, lon: 47.5}
  radius_km: 500
start: 2020-04-09T12:00:00+03:00
duration: 14d
"""


@pytest.fixture(scope="module")
def syria() -> list[Agreement]:
    return [load_agreement(p) for p in sorted(EXAMPLES.glob("*.yaml"))]


def _drafts(
    text: str, published: str, agreements: list[Agreement], country: str
) -> list[TruceDraft]:
    article = Article("t", text, datetime.fromisoformat(published))
    return draft_truces(article, find_statements(article, country=country), agreements)


def test_a_national_truce_kept_in_a_neighbours_zone_is_still_the_countrys() -> None:
    document, node = load_yaml(YEMEN_IN_RIYADH_TIME)
    agreement = parse_agreement(document, node=node)
    (draft,) = _drafts(
        "The coalition will halt operations in Yemen for two weeks starting at 12:00 on "
        "Thursday, April 9.",
        "2020-04-08T21:00:00+00:00",
        [agreement],
        "YE",
    )
    assert draft.extends == "ye-unilateral-test" and not draft.new_agreement


def test_a_new_truce_starting_months_later_is_not_the_open_ended_one_in_force(
    syria: list[Agreement],
) -> None:
    drafts = _drafts(
        "A nationwide ceasefire came into force across Syria at midnight on Thursday. "
        "The army said it was committed to the ceasefire.",
        "2016-12-30T09:00:00+02:00",
        syria,
        "SY",
    )
    (draft,) = drafts
    assert draft.extends is None and draft.new_agreement


def test_the_truce_named_without_month_or_reach_is_the_one_in_force_there(
    syria: list[Agreement],
) -> None:
    (draft,) = _drafts(
        "The army prolonged the original 48-hour truce in Aleppo by 72 hours.",
        "2016-05-06T20:00:00+03:00",
        syria,
        "SY",
    )
    assert draft.extends == "aleppo-calm-2016-05" and not draft.new_agreement


def test_another_states_welcome_joins_the_truce_it_welcomes(syria: list[Agreement]) -> None:
    drafts = _drafts(
        "The Syrian army said the regime of calm in Aleppo would be prolonged by 72 hours. "
        "The White House welcomed the truce.",
        "2016-05-06T20:00:00+03:00",
        syria,
        "SY",
    )
    assert [d.act for d in drafts] == ["extend"]
    assert [s.act for s in drafts[0].statements] == ["extend", "accept"]


def test_durations_said_place_by_place_make_one_truce_per_place(syria: list[Agreement]) -> None:
    drafts = _drafts(
        "Russia and the United States agreed to a regime of silence in Eastern Ghouta and in "
        "northern Latakia. The calm begins at 01:00 on Saturday. It will last 24 hours in "
        "Eastern Ghouta and 72 hours in the Latakia countryside, the army said.",
        "2016-04-29T21:00:00+03:00",
        syria,
        "SY",
    )
    by_place = {d.scope: (d.duration, d.extends, d.start) for d in drafts}
    assert set(by_place) == {("Eastern Ghouta",), ("Latakia",)}
    assert by_place[("Eastern Ghouta",)][:2] == (timedelta(hours=24), "eastern-ghouta-2016-04")
    assert by_place[("Latakia",)][:2] == (timedelta(hours=72), "latakia-2016-04")
    assert len({d.draft_id for d in drafts}) == 2
    assert all(d.start is not None and d.start.hour == 1 for d in drafts)


def test_a_month_named_for_another_countrys_truce_does_not_link_to_syrias(
    syria: list[Agreement],
) -> None:
    drafts = _drafts(
        "Ukraine, Russia and the separatists agreed on Wednesday to a new ceasefire in the "
        "Donetsk and Luhansk regions. The ceasefire agreed in Minsk in February 2015 has never "
        "fully held.",
        "2017-03-29T12:00:00+03:00",
        syria,
        "UA",
    )
    assert drafts and all(d.extends is None for d in drafts)
