"""The TYPE step of the news pipeline: who types a sentence the keyword rules found an event in.

``types="rules"``: the keyword rules (:func:`trucewatch.text.types.classify`). ``types="model"``:
the learned head (:mod:`trucewatch.text.type_model`) gives the type, keeping the keyword's span
as the evidence; the keyword rules still decide whether a sentence reports an event, so the
encoder only reads sentences with an event keyword (and the title), all those of an article
in one batch.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from trucewatch.errors import ValidationError
from trucewatch.text.clean import Article
from trucewatch.text.rule_sets import ENGLISH, RuleSet
from trucewatch.text.type_model import SentenceTyper, TypePrediction, default_typer
from trucewatch.text.types import TypeMatch

__all__ = ["DEFAULT_TYPES", "TYPES", "ArticleTypes", "Types", "check_types", "typing_candidates"]

Types = Literal["rules", "model"]
#: who decides the type of a sentence the keyword rules found an event in
TYPES: tuple[Types, ...] = ("rules", "model")
#: the default (docs/news.md "Event types" says why)
DEFAULT_TYPES: Types = "rules"


def check_types(types: str) -> Types:
    """``types`` if it is one of :data:`TYPES`, else a ValidationError saying which are."""
    if types not in TYPES:
        raise ValidationError(f"types must be one of {', '.join(TYPES)}, not {types!r}")
    return "model" if types == "model" else "rules"


def typing_candidates(article: Article, rules: RuleSet = ENGLISH) -> list[str]:
    """The texts of ``article`` the head is asked to type: its title and the sentences that
    may report an event (an event keyword of the article's language's rules: in English
    :func:`~trucewatch.text.types.may_report_event`), in order."""
    texts = [article.title] if article.title and rules.classify(article.title) else []
    texts.extend(
        s
        for _, _, s in rules.sentences(article.text)
        if not rules.is_caption(s) and rules.classify(s) is not None
    )
    return texts


class ArticleTypes:
    """The types of the texts of one article: ``match(text)`` is the keyword rules' match, with
    the head's code under ``types="model"`` (``other`` when the head says the text is no
    conflict event: a disaster, crime, diplomacy, a claim); ``prediction(text)`` the head's."""

    def __init__(
        self,
        article: Article,
        types: Types = DEFAULT_TYPES,
        typer: SentenceTyper | None = None,
        rules: RuleSet = ENGLISH,
    ) -> None:
        self.model = check_types(types) == "model"
        self._classify = rules.classify  # the keyword rules of the article's language
        self._typer = typer
        self._predicted: dict[str, TypePrediction] = {}
        if self.model:
            self._typer = typer or default_typer()
            wanted = typing_candidates(article, rules)
            self._predicted = dict(zip(wanted, self._typer(wanted), strict=True))

    def prediction(self, text: str) -> TypePrediction | None:
        """The head's type of ``text`` (None with the rules, or when no keyword fired)."""
        if not self.model or self._classify(text) is None:
            return None
        if text not in self._predicted:
            assert self._typer is not None
            self._predicted[text] = self._typer([text])[0]
        return self._predicted[text]

    def match(self, text: str) -> TypeMatch | None:
        found = self._classify(text)
        prediction = self.prediction(text) if found is not None else None
        if found is None or prediction is None:
            return found
        return replace(found, code=prediction.code or "other")
