"""The obvious baseline for truce drafts, scored beside the rules by ``evaluate statements``.

One draft per article: the first unit (headline first, then the sentences) that names a truce
is a new truce declared, at the places that unit names (nationwide when it names none), from
the publication day. It is what a reader skimming for the word "truce" would write down, and
what the news pipeline did before issue 18 (a statement as a truce declared on the day).
"""

from __future__ import annotations

from datetime import datetime, time

from trucewatch.model.event import LocationPrecision
from trucewatch.model.time import zone
from trucewatch.text.arabic.letters import fold
from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.rule_sets import ENGLISH, rules_for
from trucewatch.text.statement_model import Span, Statement, TruceDraft
from trucewatch.text.statements import lexicon
from trucewatch.text.statements.arabic import TRUCE_WORDS

__all__ = ["baseline_drafts"]


def baseline_drafts(article: Article, gazetteer: Gazetteer, tz: str = "UTC") -> list[TruceDraft]:
    """The baseline's draft of ``article`` (none when no unit names a truce)."""
    rules = rules_for(article)
    units = [(-1, article.title)] if article.title else []
    units += [(i, s) for i, (_a, _b, s) in enumerate(rules.sentences(article.text))]
    for index, text in units:
        names = (
            lexicon.TRUCE.search(text) if rules is ENGLISH else TRUCE_WORDS.search(fold(text).text)
        )
        if not text or names is None:
            continue
        places = [
            m.place.name
            for m in rules.find_places(text, gazetteer)
            if m.precision is not LocationPrecision.COUNTRY
        ]
        scope = tuple(dict.fromkeys(places))
        start = None
        if article.published is not None:
            day = article.published.astimezone(zone(tz)).date()
            start = datetime.combine(day, time(0), zone(tz))
        statement = Statement(
            act="declare",
            article_id=article.id,
            sentence_index=index,
            span=Span(0, len(text), text),
        )
        return [
            TruceDraft(
                draft_id=f"baseline-{article.id}",
                article_id=article.id,
                act="declare",
                statements=(statement,),
                scope=scope,
                nationwide=not scope,
                start=start,
                start_precision="day" if start is not None else None,
                timezone=tz,
            )
        ]
    return []
