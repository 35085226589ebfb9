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
from trucewatch.text.sentences import is_caption, sentences
from trucewatch.text.type_model import SentenceTyper, TypePrediction, default_typer
from trucewatch.text.types import TypeMatch, classify, may_report_event

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


def typing_candidates(article: Article) -> list[str]:
    """The texts of ``article`` the head is asked to type: its title and the sentences that
    may report an event (:func:`~trucewatch.text.types.may_report_event`), in order."""
    texts = [article.title] if article.title and may_report_event(article.title) else []
    texts.extend(
        s for _, _, s in sentences(article.text) if not is_caption(s) and may_report_event(s)
    )
    return texts


class ArticleTypes:
    """The types of the texts of one article: ``match(text)`` is the keyword rules' match, with
    the head's code under ``types="model"`` (``other`` when the head says the text is no
    conflict event: a disaster, crime, diplomacy, a claim); ``prediction(text)`` the head's."""

    def __init__(
        self, article: Article, types: Types = DEFAULT_TYPES, typer: SentenceTyper | None = None
    ) -> None:
        self.model = check_types(types) == "model"
        self._typer = typer
        self._predicted: dict[str, TypePrediction] = {}
        if self.model:
            self._typer = typer or default_typer()
            wanted = typing_candidates(article)
            self._predicted = dict(zip(wanted, self._typer(wanted), strict=True))

    def prediction(self, text: str) -> TypePrediction | None:
        """The head's type of ``text`` (None with the rules, or when no keyword fired)."""
        if not self.model or classify(text) is None:
            return None
        if text not in self._predicted:
            assert self._typer is not None
            self._predicted[text] = self._typer([text])[0]
        return self._predicted[text]

    def match(self, text: str) -> TypeMatch | None:
        found = classify(text)
        prediction = self.prediction(text) if found is not None else None
        if found is None or prediction is None:
            return found
        return replace(found, code=prediction.code or "other")
