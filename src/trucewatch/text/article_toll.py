"""The death toll an article reports for its main event (FA-KES's "total killed")."""

from __future__ import annotations

import re

from trucewatch.text.clean import Article
from trucewatch.text.numbers import DeathToll
from trucewatch.text.rule_sets import rules_for

__all__ = ["article_death_toll"]


def article_death_toll(article: Article) -> DeathToll | None:
    """The toll an article reports for its main event: the first death toll of its title, else
    the first of its text (whether or not that sentence could be placed). The first toll gives
    way to a fuller count among the next ones (:func:`_counts_more`): the exact number after a
    vague headline, the total after a headline that counts one group."""
    first: DeathToll | None = None
    read = 0
    rules = rules_for(article)
    for text in (article.title or "", article.text):
        for _start, _end, sentence in rules.sentences(text):
            toll = rules.death_toll(sentence)
            if toll is None:
                continue
            if first is None:
                first = toll
            elif _counts_more(toll, sentence, first):
                return toll
            read += 1
            if read >= _TOLL_LOOKAHEAD:
                return first
    return first


def _counts_more(toll: DeathToll, sentence: str, first: DeathToll) -> bool:
    """Whether ``toll`` (in ``sentence``) is the fuller count of what ``first`` reported: an
    exact toll at least as high as a vague one ("Dozens killed" → "at least 160 people were
    killed"), or a total that includes the first ("kill 58 civilians" → "82 people including 58
    civilians")."""
    if toll.vague or (toll.best or 0) < (first.best or 0):
        return False
    if first.vague:
        return True
    part = re.escape(first.text)
    return (toll.best or 0) > (first.best or 0) and re.search(
        rf"\b(?:including|among them|of whom)\s+(?:at least\s+)?{part}\b", sentence
    ) is not None


_TOLL_LOOKAHEAD = 4  # tolls read after a vague first one
