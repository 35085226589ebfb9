"""One draft per truce: the wire story of issue 18 (written for these tests from the issue's
description and shared/reference/syria-2016.md), merged and resolved against the shipped
Syria 2016 agreements."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from trucewatch.agreements import load_agreement
from trucewatch.model.agreement import Agreement
from trucewatch.text import Article
from trucewatch.text.statement_model import TruceDraft
from trucewatch.text.statements import draft_agreement_yaml, find_statements
from trucewatch.text.truce_drafts import draft_truces

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "trucewatch" / "agreements" / "examples"
TITLE = "U.S. says Syria truce extended to Aleppo; army announces 48-hour calm"
STORY = (
    "WASHINGTON/BEIRUT - The United States and Russia have extended the nationwide cessation "
    "of hostilities agreed in February to the northern city of Aleppo, effective from 00:01 "
    "Damascus time on Wednesday, Mark Toner, a State Department spokesman, said. "
    '"We have seen an overall decrease in violence in these areas," Toner told reporters. '
    "The cessation does not cover Islamic State or the Nusra Front, nor terrorists who are "
    "not parties to it, he said. "
    "The Syrian army announced a 48-hour regime of calm in Aleppo starting at 01:00 on "
    "Thursday (22:00 GMT on Wednesday). "
    "Last week Russia and the United States agreed to monitor truces in Eastern Ghouta and "
    "northern Latakia. "
    "Hundreds of people have been killed in Aleppo since the truce broke down there in late "
    "April, and fierce fighting continued there. "
    "Washington has set 1 August as the date by which a political transition should begin. "
    "A protester holds a placard reading Aleppo is burning in Istanbul."
)
PUBLISHED = datetime.fromisoformat("2016-05-04T14:00:00+00:00")  # a Wednesday


@pytest.fixture(scope="module")
def agreements() -> list[Agreement]:
    return [load_agreement(p) for p in sorted(EXAMPLES.glob("*.yaml"))]


@pytest.fixture(scope="module")
def story() -> Article:
    return Article("wire-aleppo", STORY, PUBLISHED, title=TITLE)


@pytest.fixture(scope="module")
def drafts(story: Article, agreements: list[Agreement]) -> list[TruceDraft]:
    return draft_truces(story, find_statements(story, country="SY"), agreements)


def _one(drafts: list[TruceDraft], act: str, place: str) -> TruceDraft:
    (found,) = [d for d in drafts if d.act == act and place in d.scope]
    return found


def test_the_extension_is_drafted_once_as_an_extension_of_the_nationwide_cessation(
    drafts: list[TruceDraft],
) -> None:
    extension = _one(drafts, "extend", "Aleppo")
    assert extension.extends == "syria-coh-2016" and not extension.new_agreement
    assert extension.scope == ("Aleppo",)
    assert extension.start is not None
    assert extension.start.isoformat() == "2016-05-04T00:01:00+03:00"
    assert extension.start_precision == "minute" and extension.timezone == "Asia/Damascus"
    assert extension.speaker is not None
    assert (extension.speaker.person, extension.speaker.state) == ("Mark Toner", "United States")
    assert extension.speaker.office == "State Department spokesman"
    assert set(extension.parties) == {"United States", "Russian Federation"}
    assert extension.statements[0].sentence_index == -1  # the headline merged in


def test_exclusions_and_the_deadline_belong_to_the_extension(drafts: list[TruceDraft]) -> None:
    extension = _one(drafts, "extend", "Aleppo")
    assert {"IS", "Jabhat al-Nusra"} <= set(extension.exclusions)
    assert any("not parties" in e for e in extension.exclusions)
    assert not {"Syrian insurgents"} & set(extension.parties)  # "terrorists" is excluded
    (deadline,) = extension.deadlines
    assert deadline.by == date(2016, 8, 1) and "political transition" in deadline.what


def test_the_armys_48_hour_truce_is_its_own_draft_from_0100_thursday(
    drafts: list[TruceDraft],
) -> None:
    calm = _one(drafts, "declare", "Aleppo")
    assert calm.start is not None and calm.start.isoformat() == "2016-05-05T01:00:00+03:00"
    assert calm.duration == timedelta(hours=48)
    assert calm.parties == ("Government of Syria",)
    # the stored aleppo-calm-2016-05 is this truce: reported, not new
    assert calm.extends == "aleppo-calm-2016-05" and not calm.new_agreement


def test_without_stored_agreements_the_armys_truce_is_a_new_one(story: Article) -> None:
    calm = _one(draft_truces(story, find_statements(story)), "declare", "Aleppo")
    assert calm.new_agreement and calm.extends is None


def test_both_regions_of_last_weeks_truce_are_kept_and_no_armed_group_declared_it(
    drafts: list[TruceDraft],
) -> None:
    (regions,) = [d for d in drafts if "Eastern Ghouta" in d.scope]
    assert set(regions.scope) == {"Eastern Ghouta", "Latakia"}
    assert set(regions.parties) == {"Russian Federation", "United States"}
    assert regions.start is None  # "last week": no day, so no start instant is made up


def test_the_february_truce_is_not_drafted_as_a_new_truce(drafts: list[TruceDraft]) -> None:
    for d in drafts:
        text = " ".join(s.span.text for s in d.statements)
        if "February" in text or "broke down" in text:
            assert not d.new_agreement, text
    assert not any(d.new_agreement and d.nationwide for d in drafts)
    assert all(
        d.start is None or d.start.date() >= date(2016, 5, 4) for d in drafts if d.new_agreement
    )


def test_evidence_spans_point_at_the_article_text(story: Article, drafts: list[TruceDraft]) -> None:
    for d in drafts:
        for s in d.statements:
            for spans in s.evidence.values():
                for span in spans:
                    source = story.title if s.sentence_index < 0 else story.text
                    assert source is not None and source[span.start : span.end] == span.text


def test_draft_ids_are_stable_and_distinct(story: Article, agreements: list[Agreement]) -> None:
    first = draft_truces(story, find_statements(story), agreements)
    again = draft_truces(story, find_statements(story), agreements)
    assert [d.draft_id for d in first] == [d.draft_id for d in again]
    assert len({d.draft_id for d in first}) == len(first)


def test_extension_yaml_is_an_extensions_entry_not_a_new_agreement(
    story: Article, drafts: list[TruceDraft]
) -> None:
    text = draft_agreement_yaml(_one(drafts, "extend", "Aleppo"), article=story)
    assert "extends: syria-coh-2016" in text and "extensions:" in text
    assert "format: trucewatch.agreement/1" not in text
    assert "start: '2016-05-04T00:01:00+03:00'" in text


def test_without_stored_agreements_the_extension_is_not_linked(story: Article) -> None:
    extension = _one(draft_truces(story, find_statements(story)), "extend", "Aleppo")
    assert extension.extends is None and extension.new_agreement


def test_a_start_given_by_the_day_joins_the_truce_timed_to_the_minute_that_day() -> None:
    article = Article(
        "ly",
        "Libya's armed forces announced a new ceasefire on Sunday evening, to take effect at "
        "9 p.m. on Sunday. An army spokesman, reading a statement on state television, said all "
        "units were ordered to observe an immediate ceasefire from Sunday.",
        datetime.fromisoformat("2011-03-20T20:00:00+02:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="LY"))
    assert draft.start == datetime.fromisoformat("2011-03-20T21:00:00+02:00")
    assert draft.start_precision == "minute"


def test_each_sides_own_unilateral_truce_on_the_same_day_is_a_draft_of_its_own() -> None:
    article = Article(
        "gaza",
        "Israel declared a unilateral ceasefire in Gaza on Sunday. "
        "Hamas declared a one-week ceasefire in Gaza from 14:00 on Sunday.",
        datetime.fromisoformat("2009-01-18T18:00:00+02:00"),
    )
    drafts = draft_truces(article, find_statements(article, country="PS"))
    assert sorted(d.parties for d in drafts) == [("Hamas",), ("Israel",)]


def test_an_agreement_takes_its_other_side_from_a_joint_acceptance() -> None:
    article = Article(
        "gaza",
        "An Egyptian-brokered ceasefire between the Palestinian factions and Israel was agreed "
        "for Gaza from 01:00 on Tuesday. An Egyptian official said Islamic Jihad and Israel "
        "accepted a mutual ceasefire.",
        datetime.fromisoformat("2012-03-13T12:00:00+02:00"),
    )
    drafts = draft_truces(article, find_statements(article, country="PS"))
    assert [set(d.parties) for d in drafts if d.new_agreement] == [{"Israel", "Islamic Jihad"}]


def test_a_truce_described_as_brokered_does_not_set_the_drafts_act() -> None:
    article = Article(
        "ye",
        "The Houthis accused the coalition of violating the ceasefire in Yemen on Monday. "
        "Aid workers said the truce, brokered by the United Nations, had reduced fighting.",
        datetime.fromisoformat("2016-04-18T12:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="YE"))
    assert draft.act == "accuse"


def test_a_comprehensive_ceasefire_is_all_hostilities_and_joins_the_regions_truce() -> None:
    article = Article(
        "ua",
        "Ukraine, Russia and the separatists agreed to a new ceasefire from April 1 in the "
        'Donetsk and Luhansk regions. "The members of the Trilateral Contact Group agreed on a '
        'comprehensive ceasefire beginning on April 1," said Martin Sajdik.',
        datetime.fromisoformat("2017-03-29T18:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="UA"))
    assert set(draft.scope) == {"Donetsk", "Luhansk"}


def test_breaches_counted_since_the_truce_began_accuse_the_stored_truce_the_article_names() -> None:
    from trucewatch.text.statement_set import set_agreements

    article = Article(
        "ua",
        "KRAMATORSK, Ukraine — The ceasefire agreed in Minsk last week was largely respected "
        "across the Donetsk and Luhansk regions on Monday, the military said. A military "
        "spokesman, Andriy Lysenko, counted 112 attacks by rebels on Ukrainian forces since the "
        "truce took effect at midnight on Saturday.",
        datetime.fromisoformat("2015-02-16T18:00:00+02:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="UA"), set_agreements())
    assert draft.act == "accuse" and draft.extends == "ua-minsk-2015"
    assert set(draft.scope) == {"Donetsk", "Luhansk"}


def test_a_truce_between_two_sides_said_to_take_effect_is_their_agreement() -> None:
    article = Article(
        "ps",
        "A ceasefire between Israel and the Islamic Jihad militant group took effect in Gaza at "
        "5:30 a.m. on Thursday.",
        datetime.fromisoformat("2019-11-14T12:00:00+02:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="PS"))
    assert draft.act == "agree" and set(draft.parties) == {"Israel", "Islamic Jihad"}


def test_a_unilateral_truce_said_to_have_begun_does_not_outrank_its_acceptance() -> None:
    article = Article(
        "ua",
        "Separatist leaders in the Donetsk and Luhansk regions said on Monday they will observe "
        "the ceasefire until Friday. Poroshenko's unilateral ceasefire began at 22:00 on "
        "Friday, June 20.",
        datetime.fromisoformat("2014-06-23T18:00:00+03:00"),
    )
    drafts = draft_truces(article, find_statements(article, country="UA"))
    assert [d.act for d in drafts if d.new_agreement] == ["accept"]


def test_a_declared_halt_keeps_the_side_that_declared_it_when_an_ally_echoes_it() -> None:
    article = Article(
        "ye",
        "The Saudi-led coalition has paused its offensive on Hodeidah, the United Arab Emirates "
        'said on Sunday. "We have paused our campaign," UAE Minister of State for Foreign '
        "Affairs Anwar Gargash said.",
        datetime.fromisoformat("2018-07-01T12:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="YE"))
    assert draft.parties == ("Saudi-led coalition",)


def test_the_east_of_the_country_is_donbas_in_ukraine_before_2022() -> None:
    article = Article(
        "ua",
        "KYIV, July 18 — Negotiators for Ukraine, Russia and the Moscow-backed separatists have "
        'signed off on a "comprehensive, sustainable and indefinite" ceasefire in the east of '
        "the country, to take effect one minute after midnight on Sunday, July 21.",
        datetime.fromisoformat("2019-07-18T12:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="UA"))
    assert set(draft.scope) == {"Donetsk", "Luhansk"}


def test_a_truce_that_began_weeks_before_the_report_is_background() -> None:
    article = Article(
        "ua",
        "A new ceasefire in eastern Ukraine was broken within hours of taking effect on Monday, "
        "the Ukrainian military said. A truce declared for the New Year and Christmas holidays "
        "on Dec. 23 faded in January.",
        datetime.fromisoformat("2018-03-06T12:00:00+02:00"),
    )
    drafts = draft_truces(article, find_statements(article, country="UA"))
    old = [d for d in drafts if d.start is not None and d.start.month == 12]
    assert old and not any(d.new_agreement for d in old)


def test_a_truce_said_of_no_place_covers_the_area_of_the_articles_other_truce() -> None:
    article = Article(
        "sy",
        "A 48-hour ceasefire in Aleppo took effect at 01:00 on Thursday. Syrian President Bashar "
        "al-Assad told Russian President Vladimir Putin by telephone on Tuesday night that the "
        "army had agreed to a 72-hour ceasefire.",
        datetime.fromisoformat("2016-05-05T12:00:00+03:00"),
    )
    drafts = draft_truces(article, find_statements(article, country="SY"))
    assert [(d.act, d.scope, d.nationwide) for d in drafts] == [
        ("declare", ("Aleppo",), False),
        ("agree", ("Aleppo",), False),
    ]


def test_a_halt_told_by_its_words_alone_yields_to_an_agreement_said_outright() -> None:
    article = Article(
        "sy",
        "Turkey will halt its military offensive in northeast Syria for 120 hours, U.S. Vice "
        'President Mike Pence announced on Thursday. "The United States and Turkey have agreed '
        'to a ceasefire," Pence told reporters.',
        datetime.fromisoformat("2019-10-17T20:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="SY"))
    assert draft.act == "agree"


def test_a_resolution_freezing_assets_suspends_no_truce() -> None:
    article = Article(
        "ly",
        "The resolution freezes more assets of Gaddafi's family and demands an immediate "
        "ceasefire.",
        datetime.fromisoformat("2011-03-17T23:00:00+02:00"),
    )
    assert draft_truces(article, find_statements(article, country="LY")) == []


def test_an_accusation_outranks_a_start_told_as_past_and_a_quotes_places_are_not_the_reach() -> (
    None
):
    article = Article(
        "ye",
        "RIYADH, May 14 — The Saudi-led coalition accused Houthi fighters on Thursday of "
        'repeatedly breaking a five-day humanitarian truce in Yemen. "The militias have broken '
        "the truce in Aden and Taiz,\" the coalition's spokesman said. The truce began at 11 p.m. "
        "on Tuesday.",
        datetime.fromisoformat("2015-05-14T15:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="YE"))
    assert (draft.act, draft.scope, draft.nationwide) == ("accuse", (), True)
    assert draft.start == datetime.fromisoformat("2015-05-12T23:00:00+03:00")


def test_the_grain_deal_is_a_truce_and_the_port_attacked_is_not_its_scope() -> None:
    article = Article(
        "ua",
        "Russia suspends Black Sea grain deal after drone attack on Sevastopol",
        datetime.fromisoformat("2022-10-29T12:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="UA"))
    assert (draft.act, draft.scope) == ("suspend", ())


def test_a_hotel_where_reporters_were_told_and_tribes_left_to_deal_with_rebels_are_no_act() -> None:
    article = Article(
        "ly",
        "Libya's government said on Friday its army would halt its operations in Misrata and "
        "leave local tribes to deal with the rebels there, Deputy Foreign Minister Khaled Kaim "
        "told reporters at a Tripoli hotel.",
        datetime.fromisoformat("2011-04-22T20:00:00+02:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="LY"))
    assert (draft.act, draft.scope) == ("declare", ("Misratah",))


def test_who_signed_the_agreement_named_before_are_its_parties_and_its_start_is_kept() -> None:
    article = Article(
        "sd",
        "N'DJAMENA, April 8 — Sudan's government and the two rebel movements of Darfur signed a "
        "45-day humanitarian ceasefire after a week of talks. The agreement, signed by the "
        "government, the Sudan Liberation Movement/Army and the Justice and Equality Movement, "
        "takes effect on Sunday.",
        datetime.fromisoformat("2004-04-08T18:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="SD"))
    assert draft.parties == (
        "Government of Sudan",
        "Sudan Liberation Movement",
        "Justice and Equality Movement",
    )
    assert draft.start is not None and draft.start.date() == date(2004, 4, 11)


def test_an_accusation_tells_the_start_of_the_truce_it_says_was_broken() -> None:
    article = Article(
        "ye",
        "The Houthis' spokesman accused the coalition of dozens of violations since the truce "
        "took effect at one minute before midnight on April 10.",
        datetime.fromisoformat("2016-04-18T12:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="YE"))
    assert draft.act == "accuse"
    assert draft.start == datetime.fromisoformat("2016-04-10T23:59:00+03:00")


def test_a_mediator_announcing_both_sides_pledge_drafts_their_agreement() -> None:
    article = Article(
        "ye",
        "U.N. Secretary-General Ban Ki-moon announced on Thursday that the government of "
        "President Abd-Rabbu Mansour Hadi and the Houthi movement had both given assurances that "
        "they would stop fighting from one minute before midnight on Friday.",
        datetime.fromisoformat("2015-07-11T12:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="YE"))
    assert draft.act == "agree"
    assert set(draft.parties) == {"Government of Yemen", "Ansar Allah"}


def test_a_truce_said_to_take_hold_yields_to_its_negotiation_and_south_of_a_city_is_no_scope() -> (
    None
):
    article = Article(
        "sy",
        "A local truce took hold at 6 a.m. on Wednesday in Zabadani, south of Homs. The truce was "
        "negotiated between Ahrar al-Sham and Iranian officials.",
        datetime.fromisoformat("2015-08-12T12:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="SY"))
    assert draft.act == "agree"
    assert draft.scope == ("Az Zabadānī",)


def test_two_sides_that_began_observing_a_truce_agreed_it() -> None:
    article = Article(
        "sy",
        "Government troops and rebel fighters in Babbila began observing a truce on Monday.",
        datetime.fromisoformat("2014-02-17T12:00:00+02:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="SY"))
    assert draft.act == "agree"


def test_where_troops_shelled_is_not_the_scope_and_background_of_the_one_truce_joins_it() -> None:
    article = Article(
        "ye",
        "A seven-day ceasefire began in Yemen at noon on Tuesday. Shortly before the ceasefire "
        "took effect, coalition jets struck Houthi positions in Saada province, residents said.",
        datetime.fromisoformat("2015-12-15T18:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="YE"))
    assert draft.nationwide and draft.scope == ()
    assert len(draft.statements) == 2


def test_a_place_where_troops_shelled_is_no_scope_but_a_halted_attacks_target_is() -> None:
    shelled = Article(
        "ua",
        "Russia's Defence Ministry said on Saturday its forces had observed the Orthodox "
        "Christmas ceasefire and had only returned fire after Ukrainian troops shelled their "
        "positions in the Donetsk region.",
        datetime.fromisoformat("2023-01-07T12:00:00+03:00"),
    )
    (draft,) = draft_truces(shelled, find_statements(shelled, country="UA"))
    assert draft.scope == () and draft.nationwide
    halted = Article(
        "ye",
        "The coalition said on Wednesday it would halt its attacks on Hodeidah.",
        datetime.fromisoformat("2018-11-14T12:00:00+03:00"),
    )
    (draft,) = draft_truces(halted, find_statements(halted, country="YE"))
    assert draft.scope == ("Al Ḩudaydah",)


def test_the_places_an_arrangement_covered_are_its_scope_and_a_border_is_no_party() -> None:
    article = Article(
        "ye",
        "Guns have fallen silent along Saudi Arabia's southern border with Yemen after the "
        "Saudi-led coalition and the Houthi movement agreed a truce in the frontier areas, the "
        "coalition said on Wednesday. He said the arrangement, reached through tribal mediators, "
        "covered the border districts of Saada province.",
        datetime.fromisoformat("2016-03-09T12:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="YE"))
    assert draft.scope == ("Saada",) and not draft.nationwide
    assert set(draft.parties) == {"Saudi-led coalition", "Ansar Allah"}


def test_a_ceasefire_in_the_region_is_in_the_region_named_before() -> None:
    article = Article(
        "sd",
        "Sudan's government and the main faction of Darfur's largest rebel group signed a peace "
        "agreement on Friday that includes a comprehensive ceasefire in the region.",
        datetime.fromisoformat("2006-05-05T18:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="SD"))
    assert draft.scope == ("Darfur",) and not draft.nationwide


def test_an_observer_saying_the_truce_collapsed_ends_nothing_and_struck_lists_are_no_scope() -> (
    None
):
    article = Article(
        "sy",
        '"The armed terrorist groups have violated the cessation of military operations since '
        "Friday morning,\" the army's general command said on Saturday, listing attacks on army "
        'positions in Deir ez-Zor, Idlib and the Damascus countryside. "The truce has collapsed '
        'in all but name," the director of the Syrian Observatory for Human Rights said.',
        datetime.fromisoformat("2012-10-27T12:00:00+03:00"),
    )
    statements = find_statements(article, country="SY")
    assert [s.scope for s in statements] == [()]  # Deir ez-Zor, Idlib: where attacks hit
    (draft,) = draft_truces(article, statements)
    assert (draft.act, draft.scope, draft.nationwide) == ("accuse", (), True)


@pytest.mark.parametrize(
    ("country", "text", "act"),
    [
        (
            "UA",
            "Negotiators for Ukraine, Russia and the separatists agreed early on Saturday to pull "
            "heavy weapons back in an effort to rescue a ceasefire that has been broken almost "
            "daily.",
            "agree",
        ),
        (
            "LY",
            "Donilon told reporters that the ceasefire Tripoli declared had been broken at once.",
            "accuse",
        ),
        (
            "LY",
            "Fayez al-Serraj and Khalifa Haftar committed to a conditional ceasefire.",
            "agree",
        ),
    ],
)
def test_how_a_truce_has_gone_is_no_act_and_two_rivals_committing_together_agree(
    country: str, text: str, act: str
) -> None:
    article = Article("t", text, datetime.fromisoformat("2017-07-25T18:00:00+02:00"))
    drafts = draft_truces(article, find_statements(article, country=country))
    assert [d.act for d in drafts] == [act]


def test_a_term_in_months_with_no_start_is_thirty_days_a_month() -> None:
    article = Article(
        "sd",
        "Sudan's government and the SPLM agreed on Saturday to a six-month ceasefire in the Nuba "
        "Mountains.",
        datetime.fromisoformat("2002-01-19T18:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="SD"))
    assert draft.start is None and draft.duration == timedelta(days=180)
