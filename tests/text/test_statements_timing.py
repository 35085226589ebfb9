"""English truce statements: when they start, how long they last, when they end, and the
sentences that only point back at a truce ("since it took effect", "violating the
agreement", "it would begin at 2 a.m.") (statements/timing.py, times.py, english.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from trucewatch.text import Article
from trucewatch.text.statement_model import Statement
from trucewatch.text.statements import find_statements
from trucewatch.text.truce_drafts import draft_truces, is_reference

WEDNESDAY = datetime.fromisoformat("2016-05-04T14:00:00+03:00")


def _all(text: str, published: datetime = WEDNESDAY, **kw: str) -> list[Statement]:
    return find_statements(Article("t", text, published), **kw)  # type: ignore[arg-type]


def _one(text: str, published: datetime = WEDNESDAY, **kw: str) -> Statement:
    (found,) = _all(text, published, **kw)
    return found


@pytest.mark.parametrize(
    ("sentence", "start"),
    [
        (
            "A truce began in Homs one minute before midnight on Sunday.",
            "2016-05-01T23:59:00+03:00",
        ),
        (
            "A truce in Homs took effect one minute after midnight on Monday.",
            "2016-05-02T00:01:00+03:00",
        ),
        ("A truce in Homs took effect at midnight on Monday.", "2016-05-03T00:00:00+03:00"),
    ],
)
def test_minutes_around_midnight_belong_to_the_day_named(sentence: str, start: str) -> None:
    s = _one(sentence)
    assert s.start is not None and s.start.isoformat() == start
    assert s.start_precision == "minute"


def test_end_at_midnight_on_a_date_is_the_end_of_that_date_in_the_start_zone() -> None:
    published = datetime.fromisoformat("2023-01-05T20:00:00+03:00")
    s = _one(
        "Putin ordered a truce along the front in Ukraine from 12:00 Moscow time on January 6 "
        "until midnight on January 7.",
        published,
        country="UA",
    )
    assert s.start is not None and s.start.isoformat() == "2023-01-06T12:00:00+03:00"
    assert s.end is not None and s.end.isoformat() == "2023-01-08T00:00:00+03:00"


def test_a_daily_window_of_clock_times_is_its_duration() -> None:
    s = _one("Russia ordered a daily humanitarian pause in Douma from 9:00 to 14:00 local time.")
    assert s.duration == timedelta(hours=5)


def test_months_count_calendar_months_from_the_start() -> None:
    s = _one("The army declared a truce in Homs for two months starting at 19:00 on Saturday.")
    assert s.start is not None and s.start.isoformat() == "2016-05-07T19:00:00+03:00"
    assert s.end is not None and s.end.isoformat() == "2016-07-07T19:00:00+03:00"
    assert s.duration == timedelta(days=61)


@pytest.mark.parametrize(
    "sentence",
    [
        "The rebels said on Wednesday that the truce in Homs had collapsed.",
        "The army accused rebels on Monday of violating the truce in Homs.",
        "The truce in Homs ran out on Monday evening.",
        "The rebels voted on Monday to accept the truce in Homs.",
    ],
)
def test_the_day_of_an_end_accusation_or_vote_is_no_start(sentence: str) -> None:
    assert _one(sentence).start is None


def test_the_hour_a_statement_was_read_is_no_start() -> None:
    s = _one(
        "In a statement read on state television at around 19:00, the army said rebels had "
        "violated the truce in Homs."
    )
    assert s.start is None


def test_since_the_truce_began_points_back_and_is_no_new_truce() -> None:
    (s,) = _all("No rockets were fired from Homs since the pause began on Friday morning.")
    assert is_reference(s)
    (draft,) = draft_truces(Article("t", s.span.text, WEDNESDAY), [s])
    assert not draft.new_agreement


def test_truce_described_as_brokered_by_is_not_its_agreement() -> None:
    s = _one(
        "A nationwide cessation of hostilities brokered by Washington and Moscow came into "
        "force at midnight on Friday."
    )
    assert s.act == "declare"


def test_the_agreement_named_before_is_the_truce_of_an_accusation_or_acceptance() -> None:
    found = _all(
        "A truce in Homs came into force on Monday. The army accused the rebels of violating "
        "the agreement. The rebels had accepted the terms. The deal was signed in Geneva."
    )
    assert [s.act for s in found] == ["declare", "accuse", "accept"]


def test_agreement_without_a_truce_before_is_no_statement() -> None:
    assert _all("The army accused the rebels of violating the agreement.") == []


def test_a_sentence_giving_only_when_it_begins_gives_the_truce_before_its_start() -> None:
    found = _all(
        "Israel's cabinet voted on Wednesday to accept a ceasefire in Gaza. Egyptian sources "
        "said it would begin at 2 a.m. on Friday.",
        country="PS",
    )
    (s,) = found
    assert s.start is not None and s.start.isoformat() == "2016-05-06T02:00:00+03:00"


def test_a_sentence_giving_the_run_of_an_extension_gives_its_start_and_end() -> None:
    published = datetime.fromisoformat("2022-06-02T21:00:00+03:00")
    (s,) = _all(
        "Yemen's warring sides agreed to renew the truce for two more months. "
        "The extension runs from June 2 to August 2.",
        published,
        country="YE",
    )
    assert s.start is not None and s.start.date().isoformat() == "2022-06-02"
    assert s.end is not None and s.end.date().isoformat() == "2022-08-02"


def test_a_place_named_as_the_truces_adjective_is_its_scope_without_a_pack() -> None:
    s = _one("Hamas accepts open-ended Gaza ceasefire", country="PS")
    assert s.scope == ("Gaza",) and not s.nationwide


@pytest.mark.parametrize(
    "headline", ["UN-backed Gaza truce begins", "Egyptian-brokered truce begins"]
)
def test_who_brokered_a_truce_is_not_its_place(headline: str) -> None:
    assert "UN-backed" not in _one(headline, country="PS").scope
    assert "Egyptian-brokered" not in _one(headline, country="PS").scope


def test_the_capital_speaking_for_its_government_is_not_the_scope() -> None:
    assert _one("Damascus accepts the nationwide truce").scope == ()


def test_the_bodys_places_win_over_the_headlines() -> None:
    article = Article(
        "t",
        "A renewed ceasefire in the Donetsk and Luhansk regions took effect on Monday.",
        WEDNESDAY,
        title="Donbas truce holding in its first days",
    )
    (draft,) = draft_truces(article, find_statements(article, country="UA"))
    assert draft.scope == ("Donetsk", "Luhansk")


def test_a_deadline_that_expired_is_not_the_truces_end() -> None:
    found = _all(
        "A 90-day deadline for fighters to leave under the October ceasefire agreement "
        "expired on Saturday. The army accused the rebels of violating the agreement.",
        country="LY",
    )
    assert [s.act for s in found] == ["accuse"]


def test_an_immediate_truce_starts_on_the_day_it_was_said() -> None:
    s = _one(
        "The army said on Tuesday it had agreed to an immediate ceasefire in Homs.",
    )
    assert s.start is not None and s.start.isoformat() == "2016-05-03T00:00:00+03:00"
    assert s.start_precision == "day"


def test_a_capital_after_in_is_the_place_without_a_pack() -> None:
    s = _one("U.N. brokers truce to end fighting in Tripoli", country="LY")
    assert s.act == "agree" and s.scope == ("Tripoli",)


def test_a_place_letting_something_into_is_the_scope_without_a_pack() -> None:
    found = _all(
        "The Gaza truce held on Saturday. Hamas had accused Israel of breaching the terms by "
        "letting fewer trucks into northern Gaza.",
        country="PS",
    )
    assert [(s.act, s.scope) for s in found] == [("accuse", ("Gaza",))]


def test_suspended_participation_in_talks_is_not_a_suspended_truce() -> None:
    s = _one(
        "The government suspended its participation in the talks, accusing rebels of "
        "breaching the truce in Homs."
    )
    assert s.act == "accuse"


def test_a_truce_that_was_meant_to_run_from_a_weekday_gives_the_past_one_to_the_act() -> None:
    saturday = datetime.fromisoformat("2023-01-07T18:00:00+03:00")
    text = (
        "Russia's Defence Ministry said on Saturday its forces had observed the 36-hour "
        "ceasefire and had only returned fire after Ukrainian troops shelled their positions. "
        "The truce was meant to run from 12:00 Moscow time on Friday until midnight on Saturday."
    )
    (found,) = find_statements(Article("t", text, saturday), country="UA")
    assert found.act == "accuse"  # "only returned fire": the other side fired
    assert found.start is not None and found.start.isoformat() == "2023-01-06T12:00:00+03:00"
    assert found.end is not None and found.end.isoformat() == "2023-01-08T00:00:00+03:00"


def test_a_truce_that_will_run_from_a_weekday_starts_on_the_coming_one() -> None:
    saturday = datetime.fromisoformat("2023-01-07T18:00:00+03:00")
    text = "Russia declared a ceasefire. The truce will run from 12:00 on Friday."
    (found,) = find_statements(Article("t", text, saturday), country="UA")
    assert found.start is not None and found.start.date().isoformat() == "2023-01-13"


def test_a_truce_that_came_into_force_at_midnight_on_the_day_of_the_report_began_that_day() -> None:
    saturday = datetime.fromisoformat("2017-06-24T12:00:00+03:00")
    began = _one(
        "A ceasefire came into force at midnight on Saturday in eastern Ukraine.",
        saturday,
        country="UA",
    )
    coming = _one(
        "A ceasefire will come into force at midnight on Saturday.", saturday, country="UA"
    )
    assert began.start is not None and began.start.isoformat() == "2017-06-24T00:00:00+03:00"
    assert coming.start is not None and coming.start.isoformat() == "2017-06-25T00:00:00+03:00"


def test_an_hour_a_truce_was_due_to_begin_is_of_the_day_of_the_report() -> None:
    thursday = datetime.fromisoformat("2012-04-12T14:00:00+03:00")
    text = (
        "A ceasefire appeared to take hold across much of Syria on Thursday. "
        "The truce was due to begin at 6 a.m. (0300 GMT)."
    )
    (found,) = _all(text, thursday, country="SY")
    assert found.start is not None and found.start.isoformat() == "2012-04-12T06:00:00+03:00"


def test_a_ceasefire_that_took_hold_one_minute_before_midnight_started_then() -> None:
    thursday = datetime.fromisoformat("2016-10-20T12:00:00+03:00")
    text = "A three-day ceasefire took hold across Yemen one minute before midnight on Wednesday."
    found = _one(text, thursday, country="YE")
    assert found.act == "declare"
    assert found.start is not None and found.start.isoformat() == "2016-10-19T23:59:00+03:00"


def test_a_weekday_after_the_day_the_words_were_said_is_the_one_after_it() -> None:
    saturday = datetime.fromisoformat("2015-07-11T16:00:00+03:00")
    text = (
        "Ban Ki-moon announced on Thursday that the government and the Houthis would stop "
        "fighting from one minute before midnight on Friday."
    )
    found = _one(text, saturday, country="YE")
    assert found.start is not None and found.start.isoformat() == "2015-07-10T23:59:00+03:00"


def test_since_a_lull_took_hold_points_back_and_is_no_new_truce() -> None:
    s = _one(
        "Three rockets hit open areas near Beersheba, the Israeli military said, the first fire "
        "since a lull took hold on Aug. 11.",
        datetime.fromisoformat("2014-08-19T18:00:00+03:00"),
        country="PS",
    )
    assert is_reference(s)


def test_a_start_told_in_the_past_perfect_is_the_weekday_before_the_report() -> None:
    s = _one(
        "The coalition said both sides had agreed to a complete ceasefire in Aden from Tuesday "
        "evening.",
        datetime.fromisoformat("2018-01-31T12:00:00+03:00"),  # a Wednesday
        country="YE",
    )
    assert s.start is not None and s.start.date().isoformat() == "2018-01-30"


def test_a_start_still_to_come_is_the_coming_weekday() -> None:
    s = _one(
        "The coalition said both sides agreed to a complete ceasefire in Aden starting on "
        "Tuesday evening.",
        datetime.fromisoformat("2018-01-31T12:00:00+03:00"),
        country="YE",
    )
    assert s.start is not None and s.start.date().isoformat() == "2018-02-06"


def test_other_groups_refusing_to_sign_leave_the_agreement_signed() -> None:
    s = _one(
        "Sudan's government and the Sudan Liberation Movement signed a peace agreement on Friday "
        "that includes a ceasefire in Darfur, but two other rebel groups refused to sign.",
        datetime.fromisoformat("2006-05-05T18:00:00+03:00"),
        country="SD",
    )
    assert s.act == "agree"
    assert set(s.parties) == {"Government of Sudan", "Sudan Liberation Movement"}


def test_a_truce_in_force_since_midnight_on_a_day_began_as_that_day_began() -> None:
    s = _one(
        "KIEV, Feb 18 — Poroshenko said on Wednesday that Ukrainian forces had withdrawn from "
        "the besieged town of Debaltseve, and accused the separatists of trampling on the "
        "ceasefire in force since midnight on Sunday.",
        datetime.fromisoformat("2015-02-18T18:00:00+02:00"),
        country="UA",
    )
    assert s.act == "accuse"  # troops withdrawn from a town is no end of the truce
    assert s.start == datetime.fromisoformat("2015-02-15T00:00:00+02:00")


def test_the_datelines_date_is_the_day_filed_not_the_start() -> None:
    s = _one(
        "KIEV, March 29 — Ukraine, Russia and the separatists agreed on Wednesday to a new "
        "ceasefire from April 1 in the Donetsk and Luhansk regions.",
        datetime.fromisoformat("2017-03-29T18:00:00+03:00"),
        country="UA",
    )
    assert s.start is not None and s.start.date().isoformat() == "2017-04-01"


def test_an_hour_told_on_the_day_of_the_report_is_that_days_hour() -> None:
    s = _one(
        "Hamas said on Sunday it would observe a 24-hour humanitarian ceasefire in Gaza from "
        "2 p.m.",
        datetime.fromisoformat("2014-07-27T18:00:00+03:00"),  # a Sunday evening
        country="PS",
    )
    assert s.start == datetime.fromisoformat("2014-07-27T14:00:00+03:00")


def test_a_truce_that_took_effect_immediately_starts_on_the_day_said_and_runs_its_months() -> None:
    article = Article(
        "ps",
        "Hamas and Islamic Jihad announced on Sunday a halt to attacks on Israelis. In a joint "
        "statement, the two groups said the truce took effect immediately and would last three "
        "months.",
        datetime.fromisoformat("2003-06-29T18:00:00+03:00"),
    )
    (draft,) = draft_truces(article, find_statements(article, country="PS"))
    assert (draft.start_precision, draft.start.date()) == ("day", date(2003, 6, 29))
    assert draft.duration == timedelta(days=92)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        (
            "Sudan's government and the SPLM agreed on Saturday to a ceasefire in the Nuba "
            "Mountains.",
            None,
        ),
        (
            "Sudan's government and the SPLM agreed to a ceasefire in the Nuba Mountains from "
            "midnight on Saturday.",
            datetime.fromisoformat("2002-01-20T00:00:00+03:00"),
        ),
    ],
)
def test_the_day_a_truce_was_agreed_is_not_its_start(text: str, start: datetime | None) -> None:
    article = Article("sd", text, datetime.fromisoformat("2002-01-19T18:00:00+03:00"))
    (statement,) = find_statements(article, country="SD")
    assert statement.act == "agree" and statement.start == start
