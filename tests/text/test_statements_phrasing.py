"""Truce statements written in other phrasings than the first labelled articles: bare verb
forms, asides that are not the act, background truces, headlines with a second clause, the end
given by "expired", and Arabic hours with their part of the day (statements/english.py,
lexicon.py, scope.py, times.py, arabic.py, arabic_times.py, arabic_places.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from trucewatch.text import Article
from trucewatch.text.statement_model import Statement
from trucewatch.text.statements import find_statements
from trucewatch.text.truce_drafts import draft_truces, is_reference

PUBLISHED = datetime.fromisoformat("2016-05-04T14:00:00+03:00")  # a Wednesday


def _all(text: str, country: str = "SY", **kw: object) -> list[Statement]:
    published = kw.pop("published", PUBLISHED)
    article = Article("t", text, published, **kw)  # type: ignore[arg-type]
    return find_statements(article, country=country)


def _one(text: str, country: str = "SY", **kw: object) -> Statement:
    (found,) = _all(text, country, **kw)
    return found


def test_a_headline_in_the_bare_present_declares() -> None:
    (s,) = _all("", title="Rebel factions announce truce in Hama from 18:00")
    assert s.act == "declare"
    assert s.start == datetime.fromisoformat("2016-05-04T18:00:00+03:00")


@pytest.mark.parametrize(
    ("sentence", "act"),
    [
        # a relative clause describes the truce; the main verb is the act
        (
            "The truce in Homs, which the army proclaimed and later prolonged, lapsed on Monday.",
            "end",
        ),
        # a refusal to renew ends it, and the charge made on the way is its reason
        (
            "The army said it would not extend the truce in Homs, accusing rebels of breaching it.",
            "end",
        ),
        # the rejection in the reason clause is someone else's
        (
            "The government accepted a truce in Homs, but shelled the town after the rebels "
            "rejected it.",
            "accept",
        ),
        # answering a call is accepting it
        (
            "The rebels said they would observe a ceasefire in Hama, responding to an appeal by "
            "the envoy.",
            "accept",
        ),
    ],
)
def test_the_act_is_the_main_clause_not_an_aside(sentence: str, act: str) -> None:
    assert _one(sentence).act == act


def test_struck_is_an_agreement_only_with_a_deal() -> None:
    text = (
        "Russia and Turkey struck a deal for a truce in Idlib. Jets struck rebel positions near "
        "the town after the truce took effect, monitors said."
    )
    found = _all(text)
    assert [s.act for s in found if not is_reference(s)] == ["agree"]
    assert all(s.sentence_index == 0 for s in found if s.act == "agree")


def test_an_outcome_under_a_condition_is_no_act_and_any_violation_is_no_accusation() -> None:
    text = (
        "The army announced a three-day truce in Hama. The truce would be prolonged "
        "automatically if the rebels respected it. The rebels said they kept the right to "
        "answer any violation of the ceasefire."
    )
    found = _all(text)
    assert [s.act for s in found] == ["declare"]
    assert found[0].conditions


def test_a_similar_earlier_truce_is_background() -> None:
    text = (
        "A 48-hour ceasefire took effect in Homs at 06:00 local time. A similar truce announced "
        "last month by the envoy broke down within a day."
    )
    article = Article("t", text, PUBLISHED)
    drafts = draft_truces(article, find_statements(article, country="SY"))
    new = [d for d in drafts if d.new_agreement]
    assert len(new) == 1 and new[0].act == "declare"


def test_a_truce_named_by_its_start_is_no_new_act() -> None:
    text = (
        "The army declared a truce in Hama. The truce that started on Saturday night does not "
        "cover Islamic State."
    )
    declared, known = _all(text)
    assert declared.act == "declare" and is_reference(known)
    assert known.exclusions == ("IS",)


def test_where_the_truce_applies_may_be_said_in_a_sentence_of_its_own() -> None:
    text = (
        "Russia and Jordan agreed a ceasefire on Monday. The ceasefire covers Daraa and Quneitra."
    )
    (s,) = _all(text)
    assert len(s.scope) == 2 and not s.nationwide


def test_a_truce_that_held_gives_its_place_and_length_to_the_act_after_it() -> None:
    text = (
        "A three-day ceasefire in Gaza held through Wednesday. The truce, accepted by both "
        "sides late on Monday, came into force at 07:00 local time."
    )
    (s,) = _all(text, country="PS")
    assert s.act == "accept" and s.scope == ("Gaza",)
    assert s.duration == timedelta(days=3)
    assert s.start == datetime.fromisoformat("2016-05-04T07:00:00+03:00")  # not Monday's


def test_a_headline_clause_after_as_gives_no_place() -> None:
    text = "The army and the rebels agreed a nationwide truce."
    found = _all(text, country="SD", title="Rivals agree truce as clashes go on in Omdurman")
    assert all(not s.scope for s in found)


def test_a_dateline_of_two_cities_is_no_scope() -> None:
    s = _one("DAMASCUS/HOMS — The army declared a nationwide truce on Wednesday.")
    assert not s.scope and s.nationwide


def test_a_name_with_national_in_it_is_not_nationwide() -> None:
    s = _one(
        "The Libyan National Army declared a truce in the eastern region of the country.",
        country="LY",
    )
    assert not s.nationwide and s.scope == ("Cyrenaica",)  # the Libyan pack's eastern region


def test_expired_gives_the_end_on_the_day_named_before() -> None:
    s = _one("The truce in Homs expired at 20:00 on Tuesday.")
    assert s.act == "end" and s.start is None
    assert s.end == datetime.fromisoformat("2016-05-03T20:00:00+03:00")


def test_an_hour_just_passed_is_today_and_an_interval_is_no_length() -> None:
    published = datetime.fromisoformat("2016-05-04T19:00:00+03:00")
    s = _one(
        "The rivals agreed to a truce in Homs starting at 17:00, two days after talks began.",
        published=published,
    )
    assert s.start == datetime.fromisoformat("2016-05-04T17:00:00+03:00")
    assert s.duration is None


def test_a_proposal_to_halt_fighting_names_a_truce() -> None:
    s = _one("The cabinet accepted a plan to halt the fighting in Homs from 10:00.")
    assert s.act == "accept"


@pytest.mark.parametrize(
    ("sentence", "act"),
    [
        ("استأنف الجيش عملياته بعد انتهاء الهدنة في حمص، دون الإعلان عن تمديدها.", "end"),
        ("انهار وقف إطلاق النار في حمص فجر الأربعاء، إذ تجدد القصف على الأحياء.", "end"),
        ("دعا المبعوث، في مؤتمر صحفي، إلى تمديد الهدنة في حمص.", None),
    ],
)
def test_arabic_extensions_not_made_are_none(sentence: str, act: str | None) -> None:
    found = _all(sentence)
    assert [s.act for s in found] == ([act] if act else [])


def test_arabic_hours_with_a_part_of_the_day_and_an_end_on_a_named_day() -> None:
    s = _one(
        "أعلن الرئيس تمديد وقف إطلاق النار في منطقتي دونيتسك ولوغانسك اعتباراً من التاسعة "
        "من صباح اليوم وحتى الثامنة من مساء السبت.",
        country="UA",
    )
    assert s.scope == ("Donetsk", "Luhansk")
    assert s.start is not None and (s.start.hour, s.start.day) == (9, 4)
    assert s.end is not None and (s.end.hour, s.end.day) == (20, 7)


def test_arabic_window_between_two_hours_and_an_end_hour() -> None:
    s = _one(
        "وافق الطرفان على هدنة في غزة، يوم الأربعاء، بين التاسعة صباحاً والثانية بعد الظهر.",
        country="PS",
    )
    assert s.scope == ("Gaza",)
    assert s.duration == timedelta(hours=5)
    ended = _one("انتهت الهدنة في حمص عند الساعة 11 من مساء الثلاثاء.")
    assert ended.start is None and ended.end is not None and ended.end.hour == 23


@pytest.mark.parametrize(
    "sentence",
    [
        "Previous nationwide truces, brokered by Washington and Moscow, broke down within weeks.",
        "Dozens of ceasefires have been declared since then, and most faded within days.",
        "Zelenskiy has said that ending the war is his first priority.",
    ],
)
def test_earlier_truces_as_a_class_and_ending_a_war_are_no_statement(sentence: str) -> None:
    assert find_statements(Article("t", sentence, PUBLISHED), country="UA") == []


def test_daily_pauses_agreed_are_a_statement() -> None:
    text = "Israel and Hamas agreed to daily humanitarian pauses in Gaza."
    (found,) = find_statements(Article("t", text, PUBLISHED), country="PS")
    assert found.act == "agree"


def test_something_else_that_begins_beside_the_truce_is_no_act() -> None:
    text = "The ceasefire comes as the grain harvest begins in the east."
    assert find_statements(Article("t", text, PUBLISHED), country="UA") == []
    (began,) = find_statements(Article("t", "Shelling stopped as the truce began.", PUBLISHED))
    assert began.act == "declare"


@pytest.mark.parametrize(
    "text",
    [
        "The army said it had not agreed to any truce in Khartoum.",
        "The RSF has never accepted the ceasefire, its commander said.",
    ],
)
def test_an_act_denied_is_no_act(text: str) -> None:
    article = Article("t", text, datetime.fromisoformat("2023-05-06T10:00:00+03:00"))
    assert [s.act for s in find_statements(article, country="SD")] == []


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("The Libya Dawn alliance, which holds Tripoli, announced a truce on all fronts.", "LY"),
        ("أعلن تحالف «فجر ليبيا» الذي يسيطر على العاصمة طرابلس وقفاً لإطلاق النار.", "LY"),
    ],
)
def test_the_place_a_side_holds_is_not_its_truces_scope(text: str, country: str) -> None:
    article = Article("t", text, datetime.fromisoformat("2015-01-16T20:00:00+02:00"))
    (s,) = find_statements(article, country=country)
    assert s.scope == ()


def test_the_day_right_after_the_hour_is_the_start_not_the_day_it_was_said() -> None:
    text = (
        "Libyan army forces declared a ceasefire on all fronts on Sunday from 00:00 on Monday "
        "(2200 GMT Sunday)."
    )
    article = Article("t", text, datetime.fromisoformat("2015-01-18T20:00:00+02:00"))
    (s,) = find_statements(article, country="LY")
    assert s.start is not None and s.start.isoformat() == "2015-01-19T00:00:00+02:00"


def test_a_past_perfect_act_before_its_truce_word_is_read_without_error() -> None:
    # the act "had been declared" comes before "ceasefire": its evidence still runs forward
    article = Article(
        "t",
        "The town had been declared a ceasefire zone.",
        datetime.fromisoformat("2011-03-20T20:00:00+02:00"),
    )
    (s,) = find_statements(article, country="LY")
    assert s.refers_to == "ceasefire"
    assert all(span.start <= span.end for span in s.evidence["refers_to"])


@pytest.mark.parametrize(
    "sentence",
    [
        "Syrian government forces have stopped military operations in eastern Aleppo, Russia said.",
        "Government forces halted their offensive on Douma on Sunday, state media said.",
    ],
)
def test_a_halt_of_operations_or_of_an_offensive_is_a_truce_statement(sentence: str) -> None:
    assert _all(sentence)


def test_where_a_place_lies_told_in_an_appositive_is_not_a_second_scope() -> None:
    s = _one(
        "Rebels in Douma, the last opposition-held town in eastern Ghouta, agreed on Sunday to "
        "a ceasefire."
    )
    assert s.scope == ("Dūmā",)


def test_an_accusation_of_firing_in_a_truce_article_is_an_accusation() -> None:
    s = _one(
        "Yemen's government accused the Houthis on Friday of firing on a convoy of the U.N. "
        "team monitoring the ceasefire in Hodeidah.",
        country="YE",
    )
    assert s.act == "accuse" and s.parties == ("Government of Yemen",)


def test_a_halt_told_after_the_truce_is_its_terms_not_a_second_truce() -> None:
    text = (
        "Putin said the government and the armed opposition had signed a nationwide ceasefire "
        "to start at midnight. The army command confirmed it would stop all military operations "
        "from that hour."
    )
    article = Article("t", text, PUBLISHED)
    assert len(draft_truces(article, find_statements(article, country="SY"))) == 1


def test_a_side_that_will_observe_a_truce_of_its_own_declares_it() -> None:
    s = _one(
        "Hamas said on Sunday it would observe a 24-hour humanitarian ceasefire in Gaza from "
        "2 p.m., hours after it rejected Israel's own extension of a lull.",
        country="PS",
    )
    assert s.act == "declare" and s.parties == ("Hamas",)
    assert _one("The rebels said they will observe the truce in Aleppo.").act == "accept"


def test_where_the_words_were_said_is_not_the_scope() -> None:
    s = _one(
        '"I announce our immediate unconditional ceasefire in Darfur," Bashir told delegates in '
        "Khartoum.",
        country="SD",
    )
    assert s.scope == ("Darfur",)


def test_a_capital_whose_representatives_agreed_is_not_the_scope() -> None:
    s = _one(
        "Representatives of Kiev and Moscow agreed to a ceasefire in the Donetsk and Luhansk "
        "regions.",
        country="UA",
    )
    assert set(s.scope) == {"Donetsk", "Luhansk"}


def test_a_call_for_a_halt_is_no_declaration() -> None:
    found = _all(
        "The U.N. Security Council on Thursday called for an immediate halt to the fighting in "
        "El Fasher.",
        country="SD",
    )
    assert all(s.act != "declare" for s in found)
    assert _one("The rebels called a ceasefire in Aleppo on Monday.").act == "declare"


@pytest.mark.parametrize(
    ("sentence", "country"),
    [
        ("The Saudi-led coalition has paused its offensive on Hodeidah, the UAE said.", "YE"),
        ("The coalition said it was ending its air campaign in Yemen from midnight.", "YE"),
    ],
)
def test_one_sides_pause_or_end_of_its_offensive_is_a_declared_halt(
    sentence: str, country: str
) -> None:
    assert _one(sentence, country=country).act == "declare"


def test_a_campaign_ending_from_midnight_starts_at_midnight() -> None:
    s = _one("The coalition said it was ending its air campaign in Yemen from midnight.", "YE")
    assert s.start is not None and (s.start.hour, s.start.minute) == (0, 0)


def test_a_halt_given_in_answer_to_a_request_is_declared_by_the_side_halting() -> None:
    s = _one(
        "Yemen's Iran-aligned Houthi movement said it would halt missile and drone attacks on "
        "Saudi Arabia, answering a request by the United Nations envoy.",
        country="YE",
    )
    assert s.act == "declare" and s.parties == ("Ansar Allah",)
    assert s.speaker is None or s.speaker.person is None  # "Iran-aligned Houthi" is no one


def test_an_act_in_an_aside_about_something_else_is_not_the_truces() -> None:
    text = (
        "A five-day truce declared by the coalition in May was the only previous pause in the "
        "air campaign, which began in March."
    )
    (s,) = _all(text, country="YE")
    assert is_reference(s)  # background: neither the aside's "began" nor a new truce


def test_a_minister_of_state_for_foreign_affairs_is_named_without_his_title() -> None:
    s = _one(
        '"We have paused our campaign," UAE Minister of State for Foreign Affairs Anwar Gargash '
        "said of the offensive on Hodeidah.",
        country="YE",
    )
    assert s.speaker is not None
    assert (s.speaker.person, s.speaker.state) == ("Anwar Gargash", "United Arab Emirates")


def test_the_palestinian_president_speaks_for_palestine_but_militants_are_no_state() -> None:
    s = _one(
        "Palestinian President Mahmoud Abbas said all factions had agreed to a ceasefire in Gaza.",
        country="PS",
    )
    assert s.speaker is not None and s.speaker.state == "Palestine"
    t = _one("Palestinian militants said they had accepted the truce in Gaza.", country="PS")
    assert t.speaker is None or t.speaker.state is None


def test_the_province_named_after_the_villages_is_where_they_lie() -> None:
    s = _one(
        "A 48-hour ceasefire took hold on Wednesday in the town of Zabadani and in the villages "
        "of Fuaa and Kefraya in Idlib province."
    )
    assert "Idlib" not in s.scope and len(s.scope) == 3
