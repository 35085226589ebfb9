"""The rules that read an article, by its language: English (the default) or Arabic.

:func:`rules_for` looks at an article once (:func:`trucewatch.text.language.is_arabic`: no
model is loaded for a text without Arabic letters) and gives the pipeline the sentence
splitter, place finder, event keywords, death tolls, dates and actor names of its language.
An article in any other language is read with the English rules, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from trucewatch.text.actors import ActorMatch, ActorTable, find_actors
from trucewatch.text.clean import Article
from trucewatch.text.dates import DateMatch, resolve_date
from trucewatch.text.language import SAMPLE_CHARS, is_arabic
from trucewatch.text.numbers import DeathToll, death_toll
from trucewatch.text.places import PlaceMatch, find_places
from trucewatch.text.sentences import is_caption, sentences
from trucewatch.text.types import TypeMatch, classify

__all__ = ["ENGLISH", "RuleSet", "arabic_rules", "rules_for"]


@dataclass(frozen=True)
class RuleSet:
    """The functions that read one language (each as its English counterpart does)."""

    language: str
    sentences: Callable[[str], Iterable[tuple[int, int, str]]]
    is_caption: Callable[[str], bool]
    find_places: Callable[..., list[PlaceMatch]]
    classify: Callable[[str], TypeMatch | None]
    death_toll: Callable[[str], DeathToll | None]
    resolve_date: Callable[[str, datetime, str], DateMatch | None]
    #: the sides named in a sentence, by the gazetteer's actor table (the packs' aliases and the
    #: stored agreements' sides; the Arabic rules read their own pack's Arabic aliases)
    find_actors: Callable[[str, ActorTable], list[ActorMatch]]
    #: whether a sentence may be cut into incidents (``split_incidents``: English clauses)
    incidents: bool = True


ENGLISH = RuleSet(
    "en", sentences, is_caption, find_places, classify, death_toll, resolve_date, find_actors
)


def _never(_sentence: str) -> bool:
    return False


@lru_cache(maxsize=1)
def arabic_rules() -> RuleSet:
    """The Arabic rules (:mod:`trucewatch.text.arabic`), imported on first use."""
    from trucewatch.text.arabic import actors as ar_actors
    from trucewatch.text.arabic import dates as ar_dates
    from trucewatch.text.arabic import numbers as ar_numbers
    from trucewatch.text.arabic import places as ar_places
    from trucewatch.text.arabic import split as ar_split
    from trucewatch.text.arabic import types as ar_types

    return RuleSet(
        "ar",
        ar_split.sentences,
        _never,
        ar_places.find_places,
        ar_types.classify,
        ar_numbers.death_toll,
        ar_dates.resolve_date,
        ar_actors.find_actors,
        incidents=False,
    )


def rules_for(article: Article) -> RuleSet:
    """The rules of ``article``'s language: Arabic when its title and text are Arabic
    (:func:`~trucewatch.text.language.is_arabic`), else English."""
    sample = f"{article.title or ''}\n{article.text[:SAMPLE_CHARS]}"
    return arabic_rules() if is_arabic(sample) else ENGLISH
