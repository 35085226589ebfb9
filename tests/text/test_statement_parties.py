"""Who does a truce statement's act (text/statements/parties.py): the sides named before it, the
sides at war for "the two sides", the speaker's side for an act one side does alone; never the
dateline, a mediator or a place."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from trucewatch.errors import ValidationError
from trucewatch.text import Article
from trucewatch.text.pack_sides import warring_sides
from trucewatch.text.statements import find_statements
from trucewatch.text.warring import parse_governments, parse_warring


def _parties(text: str, country: str, published: str = "2016-05-04T14:00:00+03:00") -> tuple:
    when = datetime.fromisoformat(published)
    (found,) = [s for s in find_statements(Article("t", text, when), country=country)]
    return found.parties


def test_the_two_sides_are_the_sides_at_war_that_day() -> None:
    # the act in the main clause: one in a relative clause is background (the drafting rules)
    text = "The two sides agreed last week to a truce meant to revive the Minsk deal."
    assert set(_parties(text, "UA", "2015-09-01T10:00:00+03:00")) == {
        "Ukraine",
        "Russian-backed separatists",
    }
    assert warring_sides("UA", date(2023, 1, 5)) == ("Ukraine", "Russian Federation")


def test_the_warring_parties_of_yemen() -> None:
    text = "Yemen's warring sides have agreed to renew the U.N.-brokered truce for two months."
    assert set(_parties(text, "YE", "2022-06-02T20:00:00+03:00")) == {
        "Government of Yemen",
        "Ansar Allah",
    }


def test_mediators_and_the_dateline_are_not_parties() -> None:
    text = (
        "DOHA — Israel and Hamas agreed on Monday to prolong the pause in Gaza by two days, "
        "Qatari mediators announced."
    )
    assert _parties(text, "PS", "2023-11-27T18:00:00+03:00") == ("Israel", "Hamas")
    brokered = "A ceasefire brokered by Washington and Moscow came into force in Syria."
    assert "United States" not in _parties(brokered, "SY")


def test_a_country_named_as_the_place_of_the_truce_is_not_a_party() -> None:
    text = (
        "President Vladimir Putin ordered Russian forces on Thursday to cease fire along the "
        "whole front in Ukraine from 12:00 Moscow time, the Kremlin said."
    )
    assert _parties(text, "UA", "2023-01-05T18:00:00+03:00") == ("Russian Federation",)


def test_the_speakers_side_does_an_act_of_one_side() -> None:
    text = "ALEPPO, Syria — Syria's army said the truce in Aleppo would be prolonged by 48 hours."
    assert _parties(text, "SY") == ("Government of Syria",)


def test_the_side_in_the_clause_of_the_act() -> None:
    text = (
        "SANAA — A six-month truce in Yemen ran out on Sunday evening without a deal to renew "
        "it, after the Houthis turned down a U.N. proposal to extend it."
    )
    assert _parties(text, "YE", "2022-10-02T20:00:00+03:00") == ("Ansar Allah",)


def test_welcoming_an_extension_is_accepting_it() -> None:
    text = "U.S. President Joe Biden welcomed the renewal of the truce in Yemen."
    when = datetime.fromisoformat("2022-06-02T20:00:00+03:00")
    (found,) = find_statements(Article("t", text, when), country="YE")
    assert found.act == "accept"


def test_a_truce_accepted_by_two_sides_after_a_mediator_brokered_it() -> None:
    text = (
        "The pause, mediated by Qatar and accepted by Israel and Hamas on Sunday, began at 07:00."
    )
    assert _parties(text, "PS", "2023-11-26T18:00:00+03:00") == ("Israel", "Hamas")


def test_two_sides_who_say_they_agreed_are_the_parties() -> None:
    text = (
        "KHARTOUM — The Sudanese army and the RSF said on Monday they had agreed to a truce "
        "of 48 hours."
    )
    assert set(_parties(text, "SD", "2023-05-01T12:00:00+02:00")) == {
        "Sudanese Armed Forces",
        "Rapid Support Forces",
    }


def test_an_officials_state_does_his_act_and_a_state_is_its_government() -> None:
    text = "KIEV — President Petro Poroshenko said on Monday he would end the ceasefire."
    assert _parties(text, "UA", "2014-07-01T10:00:00+03:00") == ("Ukraine",)
    text = "ADEN — President Abd-Rabbu Mansour Hadi said he would end the truce."
    assert _parties(text, "YE", "2015-12-20T10:00:00+03:00") == ("Government of Yemen",)


def test_a_breach_reported_by_a_speaker_is_the_accusers_act() -> None:
    text = (
        "MOSCOW — The Russian defence ministry said on Friday that rebel groups had violated "
        "the truce in Syria 30 times."
    )
    assert _parties(text, "SY", "2016-09-16T10:00:00+03:00") == ("Russian Federation",)


def test_warring_sides_must_be_sides_of_the_pack() -> None:
    with pytest.raises(ValidationError, match="not a side"):
        parse_warring([{"sides": ["A", "Z"]}], {"A": (), "B": ()}, "test")
    with pytest.raises(ValidationError, match="at least two"):
        parse_warring([{"sides": ["A"]}], {"A": ()}, "test")


def test_a_government_of_the_day_must_be_a_side_with_dates_in_order() -> None:
    (gov,) = parse_governments([{"side": "A", "since": "2011-02-01"}], {"A": ()}, "test")
    assert gov.holds(date(2011, 2, 1)) and not gov.holds(date(2011, 1, 31))
    with pytest.raises(ValidationError, match=r"governments\[0\]: 'Z' is not a side"):
        parse_governments([{"side": "Z"}], {"A": ()}, "test")
    with pytest.raises(ValidationError, match="until is before since"):
        parse_governments(
            [{"side": "A", "since": "2012-01-01", "until": "2011-01-01"}], {"A": ()}, "t"
        )
    with pytest.raises(ValidationError, match="not YYYY-MM-DD"):
        parse_governments([{"side": "A", "since": "March 2011"}], {"A": ()}, "test")


def _arabic(text: str, country: str, published: str) -> tuple:
    (found,) = find_statements(
        Article("t", text, datetime.fromisoformat(published)), country=country
    )
    return found.parties


def test_an_arabic_subject_and_the_sides_joined_to_it_not_the_object() -> None:
    accuse = "عدن — اتهمت الحكومة اليمنية جماعة الحوثي بخرق الهدنة 27 مرة."
    assert _arabic(accuse, "YE", "2018-12-24T12:00:00+03:00") == ("Government of Yemen",)
    agree = "جنيف — اتفقت الولايات المتحدة وروسيا، الأربعاء، على تمديد الهدنة في سوريا."
    assert _arabic(agree, "SY", "2016-09-14T12:00:00+03:00") == (
        "United States",
        "Russian Federation",
    )


def test_an_arabic_dateline_is_not_a_party() -> None:
    text = "القاهرة — أعلنت حكومة الوفاق الوطني وقفاً فورياً لإطلاق النار في كامل ليبيا."
    assert _arabic(text, "LY", "2020-08-21T12:00:00+02:00") == ("Government of National Accord",)


def test_an_arabic_act_only_hoped_for_or_not_done_is_no_act() -> None:
    text = (
        'وقال الجيش السوداني لاحقاً إنه يأمل أن يلتزم "المتمردون" بمتطلبات الهدنة، دون أن يعلن '
        "صراحة قبوله بها."
    )
    when = datetime.fromisoformat("2023-04-21T12:00:00+02:00")
    assert find_statements(Article("t", text, when), country="SD") == []


def test_an_arabic_state_adjective_joined_to_a_sides_adjective_is_a_party() -> None:
    text = "موسكو — أعلنت وزارة الدفاع أن القوات الروسية والسورية ستوقف عملياتها القتالية في حلب."
    assert set(_arabic(text, "SY", "2016-10-18T12:00:00+03:00")) == {
        "Russian Federation",
        "Government of Syria",
    }


def test_the_other_side_of_an_arabic_truce_with_it_is_a_party() -> None:
    text = "الخرطوم — وافق الجيش السوداني على تمديد الهدنة مع قوات الدعم السريع ثلاثة أيام."
    assert set(_arabic(text, "SD", "2023-04-27T12:00:00+02:00")) == {
        "Sudanese Armed Forces",
        "Rapid Support Forces",
    }


def test_an_arabic_breach_reported_of_another_side_is_not_its_act() -> None:
    text = "وقال الجيش السوداني إن قوات الدعم السريع خرقت الهدنة عشرين مرة."
    assert _arabic(text, "SD", "2023-05-31T12:00:00+02:00") == ("Sudanese Armed Forces",)


def test_a_side_told_of_the_truce_is_not_its_party() -> None:
    text = (
        "ADEN — President Abd-Rabbu Mansour Hadi's office said he had declared a truce and "
        "notified the Saudi-led coalition of it."
    )
    assert _parties(text, "YE", "2015-12-15T10:00:00+03:00") == ("Government of Yemen",)


def test_the_accuser_read_with_its_verb_is_the_party_not_the_accused() -> None:
    text = (
        "MOSCOW — The Russian military also accused Washington of shielding rebel groups, as "
        "the deal requires, and said they had broken the truce."
    )
    assert _parties(text, "SY", "2016-09-17T10:00:00+03:00") == ("Russian Federation",)


def test_the_doer_of_a_passive_act_is_after_by() -> None:
    text = "DONETSK — The ceasefire declared by Kiev on Friday held through the night."
    assert _parties(text, "UA", "2014-06-21T10:00:00+03:00") == ("Ukraine",)


def test_the_other_side_of_a_truce_with_it_is_a_party_of_an_extension() -> None:
    text = "KHARTOUM — The army agreed to extend its truce with the RSF by another week."
    assert set(_parties(text, "SD", "2023-05-29T12:00:00+02:00")) == {
        "Sudanese Armed Forces",
        "Rapid Support Forces",
    }
    declared = "KHARTOUM — The army declared a truce with the RSF from Saturday."
    assert _parties(declared, "SD", "2023-05-29T12:00:00+02:00") == ("Sudanese Armed Forces",)


def test_a_sides_leader_who_says_he_will_accept_names_his_side() -> None:
    text = "BENGHAZI — Khalifa Haftar said on Sunday he would accept the truce from midnight."
    assert _parties(text, "LY", "2020-01-12T10:00:00+02:00") == ("Libyan National Army",)


def test_an_outlet_run_by_a_side_speaks_for_it() -> None:
    text = "SANAA — The Houthi-run television station said the group accepted the truce."
    assert _parties(text, "YE", "2022-04-03T10:00:00+03:00") == ("Ansar Allah",)


def test_an_arabic_official_or_leader_with_no_side_named_does_his_sides_act() -> None:
    rejected = "كييف — أعلن الرئيس الأوكراني فولوديمير زيلينسكي رفضه الهدنة التي أعلنتها موسكو."
    assert _arabic(rejected, "UA", "2023-01-06T12:00:00+02:00")[0] == "Ukraine"
    accepted = "بنغازي — أعلن المشير خليفة حفتر قبوله وقف إطلاق النار."
    assert _arabic(accepted, "LY", "2020-01-12T12:00:00+02:00") == ("Libyan National Army",)


def test_who_says_it_will_do_the_act_is_its_party_not_who_called_for_it() -> None:
    text = (
        "BENGHAZI — The LNA said on Saturday that it had agreed to a truce, answering a call "
        "by Russia and Turkey."
    )
    assert _parties(text, "LY", "2020-01-11T22:00:00+02:00") == ("Libyan National Army",)


def test_sides_named_in_an_aside_do_not_act() -> None:
    text = (
        "MOSCOW — Turkey, which backs rebel groups, and Russia, an ally of the Syrian "
        "government, agreed to a ceasefire in Idlib."
    )
    assert set(_parties(text, "SY", "2020-03-05T18:00:00+03:00")) == {
        "Turkey",
        "Russian Federation",
    }


def test_a_passive_act_by_both_sides() -> None:
    text = (
        "SANAA — The truce was proposed by the U.N. envoy and accepted by both the government "
        "and the Houthis on Friday."
    )
    assert set(_parties(text, "YE", "2022-04-02T18:00:00+03:00")) == {
        "Government of Yemen",
        "Ansar Allah",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Egypt announced that Israel and Hamas had agreed to a ceasefire from 22:00.",
        "Egypt announced the agreement in a statement, saying both sides had agreed to the truce.",
    ],
)
def test_a_state_that_announces_an_agreement_is_not_its_party(text: str) -> None:
    assert _parties(text, "PS", "2023-05-13T23:00:00+03:00") == ("Israel", "Hamas")


def test_a_side_that_announces_it_agreed_is_its_party() -> None:
    text = "Israel announced it had agreed to the truce."
    assert _parties(text, "PS", "2023-05-13T23:00:00+03:00") == ("Israel",)


def test_a_truce_drafted_from_both_sides_and_from_named_sides_takes_the_named() -> None:
    from trucewatch.text.truce_drafts import draft_truces

    text = (
        "An Egyptian-brokered ceasefire between Israel and Islamic Jihad took effect at 22:00 on "
        "Saturday. Egypt announced the agreement, saying both sides had agreed to the ceasefire."
    )
    article = Article("t", text, datetime.fromisoformat("2023-05-13T23:00:00+03:00"))
    (draft,) = draft_truces(article, find_statements(article, country="PS"))
    assert draft.parties == ("Israel", "Islamic Jihad")


@pytest.mark.parametrize(
    "text",
    [
        "Egypt announced on Tuesday that Israel and Hamas had agreed to extend the truce in Gaza.",
        "U.S. Secretary of State John Kerry and U.N. Secretary-General Ban Ki-moon announce that "
        "Israel and Hamas have agreed to a 72-hour humanitarian ceasefire in Gaza.",
        "Qatar said that Israel and Hamas had agreed to extend the pause in Gaza by two days.",
    ],
)
def test_who_acts_in_a_that_clause_are_its_subjects_not_the_announcer(text: str) -> None:
    assert set(_parties(text, "PS", "2014-08-01T10:00:00+03:00")) == {"Israel", "Hamas"}


def test_two_leaders_named_as_a_pair_are_the_sides_they_lead() -> None:
    text = "Libya's Serraj and Haftar commit to ceasefire and elections at Paris meeting"
    assert set(_parties(text, "LY", "2017-07-25T20:00:00+02:00")) == {
        "Government of National Accord",
        "Libyan National Army",
    }


def test_forces_named_by_their_leader_are_his_side() -> None:
    text = "Libyan army forces under Khalifa Haftar declared a ceasefire on all fronts on Sunday."
    assert _parties(text, "LY", "2015-01-18T20:00:00+02:00") == ("Libyan National Army",)


def test_a_side_of_the_names_file_is_a_party_in_arabic_and_english() -> None:
    text = "أعلن تحالف «فجر ليبيا» يوم الجمعة وقفاً لإطلاق النار على جميع الجبهات."
    assert _parties(text, "LY", "2015-01-16T20:00:00+02:00") == ("Libya Dawn",)


@pytest.mark.parametrize(
    ("text", "country", "published", "expected"),
    [
        # the broker is no party: the sides at war that day, or those "between" it names
        (
            "Hamas says Egypt brokered Gaza ceasefire",
            "PS",
            "2019-03-26T20:00:00+02:00",
            {"Hamas", "Israel"},
        ),
        (
            "Egypt brokered a ceasefire between Israel and Islamic Jihad in Gaza on Saturday.",
            "PS",
            "2023-05-13T20:00:00+03:00",
            {"Israel", "Islamic Jihad"},
        ),
        # who called or proposed is no party
        (
            "The government and the STC agreed to a ceasefire in Abyan, responding to Saudi "
            "Arabia's call for calm.",
            "YE",
            "2020-06-22T20:00:00+03:00",
            {"Government of Yemen", "Southern Transitional Council"},
        ),
        # a dateline with its day in brackets and a hyphen is no party
        (
            "TEHRAN (Sept 7) - Russian President Vladimir Putin on Friday rejected a ceasefire "
            "in Idlib.",
            "SY",
            "2018-09-07T20:00:00+03:00",
            {"Russian Federation"},
        ),
    ],
)
def test_brokers_callers_and_datelines_are_no_parties(
    text: str, country: str, published: str, expected: set[str]
) -> None:
    assert set(_parties(text, country, published)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "وقعت الحكومة الانتقالية في السودان وتحالف الجبهة الثورية السودانية اتفاق سلام "
            "يتضمن وقفاً لإطلاق النار.",
            {"Government of Sudan", "Sudan Revolutionary Front"},
        ),
    ],
)
def test_arabic_subjects_joined_across_a_place_or_a_noun(text: str, expected: set[str]) -> None:
    assert set(_parties(text, "SD", "2020-08-31T20:00:00+02:00")) == expected


def test_the_accused_is_never_the_accusers_party() -> None:
    text = "Officials in Taiz accused the Houthis of breaching the truce by shelling the city."
    assert "Ansar Allah" not in _parties(text, "YE", "2015-12-15T20:00:00+03:00")


def test_a_state_named_in_a_bodys_name_is_no_party() -> None:
    article = Article(
        "sy",
        "The United States, Russia and the other powers of the International Syria Support Group "
        "agreed on Friday that a nationwide cessation of hostilities should take hold within a "
        "week.",
        datetime.fromisoformat("2016-02-12T12:00:00+02:00"),
    )
    (statement,) = find_statements(article, country="SY")
    assert statement.parties == ("United States", "Russian Federation")


def test_the_side_accused_in_a_quote_before_its_speaker_is_no_party() -> None:
    article = Article(
        "ye",
        '"The Houthi militias have violated the truce dozens of times," the Saudi-led '
        "coalition said on Saturday.",
        datetime.fromisoformat("2016-04-16T12:00:00+03:00"),
    )
    (statement,) = find_statements(article, country="YE")
    assert statement.act == "accuse"
    assert statement.parties == ("Saudi-led coalition",)


def test_a_government_saying_its_army_would_stop_fighting_declares_a_halt() -> None:
    article = Article(
        "ly",
        "Libya's government said on Friday its army would stop fighting in the besieged city "
        "of Misrata.",
        datetime.fromisoformat("2011-04-22T20:00:00+02:00"),
    )
    (statement,) = find_statements(article, country="LY")
    assert (statement.act, statement.parties) == ("declare", ("Gaddafi government",))


def test_a_commander_saying_the_conditions_for_a_ceasefire_are_not_met_rejects_it() -> None:
    article = Article(
        "ly",
        "Libyan commander Khalifa Haftar told French President Emmanuel Macron on Wednesday that "
        "the conditions for a ceasefire around Tripoli had not been met.",
        datetime.fromisoformat("2019-05-22T20:00:00+02:00"),
    )
    (statement,) = find_statements(article, country="LY")
    assert (statement.act, statement.parties) == ("reject", ("Libyan National Army",))
    assert statement.scope == ("Tripoli",)
