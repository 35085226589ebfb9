"""Truce statements in news text, and the draft agreement files made from them."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from trucewatch.agreements._yaml import load_yaml
from trucewatch.agreements.loader import parse_agreement
from trucewatch.errors import ValidationError
from trucewatch.text import Article, read_articles
from trucewatch.text.statements import DraftStatement, draft_agreement_yaml, find_statements

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"
PUBLISHED = datetime.fromisoformat("2016-05-04T14:00:00+03:00")  # a Wednesday


def _statements(article_id: str) -> list[DraftStatement]:
    articles = {a.id: a for a in read_articles(FIXTURES / "truce_statements.jsonl")}
    return find_statements(articles[article_id])


def test_each_kind_of_statement_is_found_once_and_event_sentences_are_not() -> None:
    found = _statements("aleppo-calm")
    assert [s.kind for s in found] == [
        "declared",
        "accepted",
        "rejected",
        "violation_accusation",
    ]
    assert all("Douma" not in s.sentence for s in found)


def test_48_hour_truce_starting_on_thursday_at_0100_is_the_coming_thursday() -> None:
    truce = _statements("aleppo-calm")[0]
    assert truce.actor == "Government of Syria"
    assert truce.place is not None and truce.place.place.name == "Aleppo"
    assert truce.start is not None
    assert truce.start.isoformat() == "2016-05-05T01:00:00+03:00"
    assert truce.duration == timedelta(hours=48)
    assert truce.start_precision is not None and truce.start_precision.value == "exact"


def test_offsets_point_at_the_sentence_in_the_article_text() -> None:
    article = next(
        a for a in read_articles(FIXTURES / "truce_statements.jsonl") if a.id == "aleppo-calm"
    )
    for s in find_statements(article):
        assert article.text[s.offset_start : s.offset_end] == s.sentence
        assert 0 < s.confidence <= 1


def test_accusation_names_accuser_and_accused() -> None:
    accusation = _statements("aleppo-calm")[3]
    assert (accusation.actor, accusation.accused) == ("Syrian insurgents", "Government of Syria")


def test_group_name_containing_al_sham_is_not_taken_for_damascus() -> None:
    rejected = _statements("aleppo-calm")[2]
    assert rejected.place is not None and rejected.place.place.name == "Idlib"


def test_sentence_without_a_place_keeps_the_place_named_before() -> None:
    accepted = _statements("aleppo-calm")[1]
    assert accepted.place is not None and accepted.place.place.name == "Aleppo"


def test_extension_by_72_hours_from_0100_today() -> None:
    extension, declared = _statements("aleppo-extension")
    assert extension.kind == "extended"
    assert extension.start is not None
    assert extension.start.isoformat() == "2016-05-07T01:00:00+03:00"
    assert extension.duration == timedelta(hours=72)
    assert declared.kind == "declared" and declared.duration == timedelta(days=3)
    assert declared.start is not None and declared.start.date().isoformat() == "2016-05-12"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The government declared a nationwide ceasefire.", "declared"),
        ("The cessation of hostilities came into effect at midnight.", "declared"),
        ("Russia said the truce had been extended.", "extended"),
        ("The rebels welcomed the ceasefire.", "accepted"),
        ("Nusra Front refused the truce.", "rejected"),
        ("Rebels said the regime violated the truce near Homs.", "violation_accusation"),
    ],
)
def test_kind_of_statement(sentence: str, kind: str) -> None:
    found = find_statements(Article("t", sentence, PUBLISHED))
    assert [s.kind for s in found] == [kind]


def test_truce_word_without_a_statement_verb_is_not_a_statement() -> None:
    assert find_statements(Article("t", "Life in the truce zone is hard.", PUBLISHED)) == []


def test_article_without_publication_instant_is_refused() -> None:
    with pytest.raises(ValidationError, match="no publication instant"):
        find_statements(Article("t", "The truce was declared.", None))


def test_statement_with_unknown_kind_is_refused() -> None:
    with pytest.raises(ValidationError, match="kind 'signed' is not one of"):
        DraftStatement("signed", "a", "s", 0, 0, 1, "signed", 0.5, PUBLISHED)


@pytest.mark.parametrize("article_id", ["aleppo-calm", "aleppo-extension"])
def test_every_draft_is_a_valid_agreement_file(article_id: str) -> None:
    for statement in _statements(article_id):
        text = draft_agreement_yaml(statement)
        document, node = load_yaml(text)
        agreement = parse_agreement(document, source=statement.draft_id, node=node)
        assert agreement.id == statement.draft_id
        assert "DRAFT" in (agreement.notes or "")


def test_draft_of_48_hour_truce_has_its_window_scope_and_party() -> None:
    truce = _statements("aleppo-calm")[0]
    document, node = load_yaml(draft_agreement_yaml(truce))
    agreement = parse_agreement(document, node=node)
    (window,) = agreement.windows()
    assert window.interval.start.isoformat() == "2016-05-04T22:00:00+00:00"
    assert window.interval.end is not None
    assert window.interval.end.isoformat() == "2016-05-06T22:00:00+00:00"
    assert document["scope"]["point"]["lat"] == pytest.approx(36.2, abs=0.1)
    assert document["parties"] == [{"id": "government-of-syria", "name": "Government of Syria"}]
    assert document["references"]["urls"] == ["https://example.org/aleppo-calm"]
