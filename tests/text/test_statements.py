"""Truce statements in news text as the structured model, and the draft files made from them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from trucewatch.agreements._yaml import load_yaml
from trucewatch.agreements.loader import parse_agreement
from trucewatch.errors import ValidationError
from trucewatch.text import Article, read_articles
from trucewatch.text.statement_model import Statement
from trucewatch.text.statements import draft_agreement_yaml, find_statements
from trucewatch.text.truce_drafts import draft_truces

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"
PUBLISHED = datetime.fromisoformat("2016-05-04T14:00:00+03:00")  # a Wednesday


def _article(article_id: str) -> Article:
    return {a.id: a for a in read_articles(FIXTURES / "truce_statements.jsonl")}[article_id]


def _body(article_id: str) -> list[Statement]:
    return [s for s in find_statements(_article(article_id)) if s.sentence_index >= 0]


def _one(sentence: str, **kw: object) -> Statement:
    (found,) = find_statements(Article("t", sentence, PUBLISHED), **kw)  # type: ignore[arg-type]
    return found


def test_each_act_is_found_once_and_event_sentences_are_not() -> None:
    found = _body("aleppo-calm")
    assert [s.act for s in found] == ["declare", "accept", "reject", "accuse"]
    assert all("Douma" not in s.span.text for s in found)


def test_48_hour_truce_starting_on_thursday_at_0100_is_the_coming_thursday() -> None:
    truce = _body("aleppo-calm")[0]
    assert truce.parties == ("Government of Syria",)
    assert truce.speaker is not None and truce.speaker.state == "Syria"
    assert truce.scope == ("Aleppo",)
    assert truce.start is not None and truce.start.isoformat() == "2016-05-05T01:00:00+03:00"
    assert truce.start_precision == "minute" and truce.timezone == "Asia/Damascus"
    assert truce.duration == timedelta(hours=48)


def test_spans_point_at_the_sentence_and_every_filled_field_has_evidence() -> None:
    article = _article("aleppo-calm")
    for s in _body("aleppo-calm"):
        assert article.text[s.span.start : s.span.end] == s.span.text
        for name in ("parties", "scope", "start", "duration"):
            if getattr(s, name):
                assert s.evidence[name], name
        assert 0 < s.confidence <= 1


def test_accusation_names_the_accuser_as_party() -> None:
    accusation = _body("aleppo-calm")[3]
    assert accusation.act == "accuse" and accusation.parties == ("Syrian insurgents",)


def test_group_name_containing_al_sham_is_not_taken_for_damascus() -> None:
    assert _body("aleppo-calm")[2].scope == ("Idlib",)


def test_extension_by_72_hours_from_0100_today() -> None:
    extension, declared = _body("aleppo-extension")
    assert extension.act == "extend" and extension.duration == timedelta(hours=72)
    assert extension.start is not None
    assert extension.start.isoformat() == "2016-05-07T01:00:00+03:00"
    assert declared.act == "declare" and declared.duration == timedelta(days=3)
    assert declared.start is not None and declared.start.date().isoformat() == "2016-05-12"


@pytest.mark.parametrize(
    ("sentence", "act"),
    [
        ("The government declared a nationwide ceasefire.", "declare"),
        ("The cessation of hostilities came into effect at midnight.", "declare"),
        ("Russia and Turkey agreed on a ceasefire in Idlib.", "agree"),
        ("Russia said the truce had been extended.", "extend"),
        ("The rebels welcomed the ceasefire.", "accept"),
        ("Nusra Front refused the truce.", "reject"),
        ("Rebels said the regime violated the truce near Homs.", "accuse"),
        ("The army suspended the truce in Aleppo.", "suspend"),
        ("The truce in Aleppo collapsed on Tuesday.", "end"),
    ],
)
def test_act_of_statement(sentence: str, act: str) -> None:
    assert _one(sentence).act == act


def test_speaker_keeps_the_state_of_the_office() -> None:
    s = _one("The truce was extended to Aleppo, Mark Toner, a State Department spokesman, said.")
    assert s.speaker is not None
    assert (s.speaker.person, s.speaker.office, s.speaker.state) == (
        "Mark Toner",
        "State Department spokesman",
        "United States",
    )


def test_minute_and_zone_are_kept_and_gmt_is_converted() -> None:
    s = _one("The cessation was extended to Aleppo from 00:01 Damascus time on Wednesday.")
    assert s.start is not None and s.start.isoformat() == "2016-05-04T00:01:00+03:00"
    assert s.scope == ("Aleppo",)  # "Damascus time" is a clock, not a place
    gmt = _one("The army declared a truce in Homs from 22:00 GMT on Wednesday.")
    assert gmt.start is not None and gmt.start.isoformat() == "2016-05-05T01:00:00+03:00"


def test_time_zone_is_the_country_packs() -> None:
    s = _one(
        "The coalition declared a ceasefire in Hodeidah starting at 12:00 on Thursday.",
        country="YE",
    )
    assert s.timezone == "Asia/Aden" and s.country == "YE"
    assert s.start is not None and s.start.isoformat() == "2016-05-05T12:00:00+03:00"


def test_several_places_are_all_kept() -> None:
    s = _one("The US and Russia agreed truces in Eastern Ghouta and northern Latakia.")
    assert set(s.scope) == {"Eastern Ghouta", "Latakia"}
    assert set(s.parties) == {"United States", "Russian Federation"}  # the pack's name of the state


def test_exclusions_conditions_and_deadlines() -> None:
    s = _one(
        "The truce declared on Wednesday does not cover Islamic State or Nusra Front, and a "
        "joint centre will open if calm holds for seven days."
    )
    assert {"IS", "Jabhat al-Nusra"} <= set(s.exclusions)
    (condition,) = s.conditions
    assert condition.days == 7 and "calm holds" in condition.text
    deadline = _one("The parties agreed a ceasefire and talks by 1 August.").deadlines[0]
    assert deadline.by == date(2016, 8, 1)


def test_a_reference_to_an_earlier_truce_is_not_a_new_truce() -> None:
    article = Article(
        "t", "The nationwide truce agreed in February has largely held in Homs.", PUBLISHED
    )
    (s,) = find_statements(article)
    assert s.refers_to is not None and "agreed in February" in s.refers_to
    (draft,) = draft_truces(article, [s])
    assert not draft.new_agreement


def test_arabic_truce_statement_basic() -> None:
    article = Article(
        "ar",
        "أعلن الجيش السوري نظام تهدئة في حلب لمدة 48 ساعة اعتباراً من الساعة 01:00 يوم الخميس.",
        PUBLISHED,
    )
    (s,) = find_statements(article)
    assert s.act == "declare" and s.scope == ("Aleppo",)
    assert s.duration == timedelta(hours=48)


def test_truce_word_without_an_act_is_not_a_statement() -> None:
    assert find_statements(Article("t", "Life in the truce zone is hard.", PUBLISHED)) == []


def test_article_without_publication_instant_is_refused() -> None:
    with pytest.raises(ValidationError, match="no publication instant"):
        find_statements(Article("t", "The truce was declared.", None))


def test_statement_with_unknown_act_is_refused() -> None:
    with pytest.raises(ValidationError, match="act 'signed' is not one of"):
        Statement("signed", "a", 0, _one("The truce was declared.").span)


@pytest.mark.parametrize("article_id", ["aleppo-calm", "aleppo-extension"])
def test_every_new_truce_draft_is_a_valid_agreement_file(article_id: str) -> None:
    article = _article(article_id)
    for draft in draft_truces(article, find_statements(article)):
        if not draft.new_agreement:
            continue
        document, node = load_yaml(draft_agreement_yaml(draft, article=article))
        agreement = parse_agreement(document, source=draft.draft_id, node=node)
        assert agreement.id == draft.draft_id and "DRAFT" in (agreement.notes or "")


def test_draft_of_48_hour_truce_has_its_window_scope_and_party() -> None:
    article = _article("aleppo-calm")
    truce = draft_truces(article, find_statements(article))[0]
    document, node = load_yaml(draft_agreement_yaml(truce, article=article))
    (window,) = parse_agreement(document, node=node).windows()
    assert window.interval.start.isoformat() == "2016-05-04T22:00:00+00:00"
    assert window.interval.end is not None
    assert window.interval.end.isoformat() == "2016-05-06T22:00:00+00:00"
    assert document["scope"]["point"]["lat"] == pytest.approx(36.2, abs=0.1)
    assert {"id": "government-of-syria", "name": "Government of Syria"} in document["parties"]
    assert document["references"]["urls"] == ["https://example.org/aleppo-calm"]


def test_an_act_that_is_only_possible_is_not_the_act() -> None:
    article = Article(
        "t",
        "The Houthis turned down a U.N. proposal to extend the truce in Yemen.",
        PUBLISHED,
    )
    (s,) = find_statements(article, country="YE")
    assert s.act == "reject"
    (could,) = find_statements(
        Article("t", "The army declared a truce in Homs, which could be extended.", PUBLISHED)
    )
    assert could.act == "declare"


def test_a_clock_in_a_named_city_time_keeps_that_zone() -> None:
    text = "Putin ordered a ceasefire along the front from 12:00 Moscow time on January 6."
    published = datetime.fromisoformat("2023-01-05T17:00:00+00:00")
    (s,) = find_statements(Article("t", text, published), country="UA")
    assert s.timezone == "Europe/Moscow"
    assert s.start is not None and s.start.isoformat() == "2023-01-06T12:00:00+03:00"


def test_a_country_without_a_pack_gets_its_zone_and_places_as_written() -> None:
    s = _one("Israel and Hamas agreed to a ceasefire in Gaza from 02:00 on Friday.", country="PS")
    assert s.timezone == "Asia/Gaza" and s.scope == ("Gaza",)
    assert set(s.parties) == {"Israel", "Hamas"}
    assert "Government of Syria" not in _one("The army declared a truce.", country="SD").parties


def test_within_a_month_is_a_deadline_from_publication() -> None:
    article = Article(
        "t",
        "A ceasefire took effect in Gaza on Tuesday. The two sides will resume talks in Cairo "
        "within a month.",
        PUBLISHED,
    )
    (s,) = find_statements(article, country="PS")
    assert [d.by for d in s.deadlines] == [date(2016, 6, 4)]


def test_a_nationwide_truce_keeps_its_reach_over_places_of_fighting() -> None:
    s = _one(
        "A nationwide truce began on Sunday, the envoy said, although fighting was reported "
        "around Taiz.",
        country="YE",
    )
    assert s.nationwide and s.scope == ()


def test_arabic_hours_in_words_exclusions_and_the_dateline() -> None:
    article = Article(
        "ar2",
        "دمشق — أعلنت القيادة العامة للجيش نظام تهدئة في مدينة حلب لمدة 48 ساعة اعتباراً من "
        "الساعة الواحدة من صباح يوم الخميس. ولا تشمل التهدئة تنظيم داعش وجبهة النصرة.",
        PUBLISHED,
    )
    (s,) = find_statements(article)
    assert s.scope == ("Aleppo",)  # not the dateline's Damascus
    assert s.start is not None and s.start.isoformat() == "2016-05-05T01:00:00+03:00"
    assert {"IS", "Jabhat al-Nusra"} <= set(s.exclusions)


@pytest.mark.parametrize(
    ("words", "nationwide"),
    [
        ("a truce across Yemen", True),
        ("throughout Syria", True),
        ("driven thousands of people across the border", False),
        ("throughout the night", False),
    ],
)
def test_across_a_country_is_nationwide_but_across_the_border_is_not(
    words: str, nationwide: bool
) -> None:
    from trucewatch.text.statements.lexicon import NATIONWIDE

    assert (NATIONWIDE.search(words) is not None) is nationwide


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("Guterres has urged a ceasefire repeatedly since the invasion began on Feb. 24.", []),
        ("The talks were aimed at a permanent ceasefire, officials said.", []),
        # what a deal provides for is no wish: the deal was signed
        ("The deal, signed in Zawiya, calls for an immediate halt to hostilities.", ["agree"]),
        ("Kyiv rejected calls for a ceasefire on Monday.", ["reject"]),
    ],
)
def test_a_truce_only_urged_or_aimed_at_is_no_act_but_a_rejection_of_the_call_is(
    text: str, acts: list[str]
) -> None:
    article = Article("t", text, datetime.fromisoformat("2022-04-19T12:00:00+03:00"))
    assert [s.act for s in find_statements(article, country="UA")] == acts


def test_leaders_declaring_an_end_to_violence_make_a_truce_statement() -> None:
    article = Article(
        "ps",
        "Palestinian President Mahmoud Abbas and Israeli Prime Minister Ariel Sharon declared an "
        "end to violence between their peoples at a summit on Tuesday.",
        datetime.fromisoformat("2005-02-08T18:00:00+02:00"),
    )
    assert [s.act for s in find_statements(article, country="PS")] == ["declare"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides agreed on Sunday to hold fire along the front line.",
        "The government and the rebels signed a peace deal in the capital on Monday.",
        "The two states signed a non-aggression pact on Tuesday.",
        "The rebels agreed to lay down their arms in exchange for safe passage.",
    ],
)
def test_the_wider_words_of_wire_reports_name_a_truce(sentence: str) -> None:
    article = Article("t", sentence, datetime.fromisoformat("2016-05-04T14:00:00+03:00"))
    assert [s.act for s in find_statements(article, country="SY")] == ["agree"]
