"""One article in, events out: sentence by sentence, with the evidence and a confidence.

A sentence becomes an event when it has an event-type keyword or a death toll, and a place
(its own, or else the last place named before it in the article, at lower confidence).
The keyword rules decide whether a sentence reports an event; its type is theirs or, with
``types="model"``, the learned head's (:mod:`trucewatch.text.type_step`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from trucewatch.errors import ValidationError
from trucewatch.model.event import (
    Actors,
    DatePrecision,
    Event,
    Fatalities,
    Location,
    LocationPrecision,
    Provenance,
)
from trucewatch.model.taxonomy import is_violent
from trucewatch.text.actors import ActorMatch, ActorTable
from trucewatch.text.article_toll import article_death_toll
from trucewatch.text.clean import Article
from trucewatch.text.dates import DateMatch, default_interval
from trucewatch.text.gazetteer import Gazetteer, Place, default_gazetteer
from trucewatch.text.incidents import incidents
from trucewatch.text.not_events import NonEvents, declarers, masked
from trucewatch.text.numbers import DeathToll
from trucewatch.text.place_rank import sentence_place
from trucewatch.text.places import PlaceMatch, after_dateline, radius_of
from trucewatch.text.rule_sets import ENGLISH, RuleSet, rules_for
from trucewatch.text.sentences import is_caption, sentences
from trucewatch.text.type_model import SentenceTyper, TypePrediction
from trucewatch.text.type_step import DEFAULT_TYPES, ArticleTypes, Types
from trucewatch.text.types import TypeMatch

__all__ = [
    "ADAPTER",
    "Extraction",
    "article_death_toll",
    "extract",
    "incidents",
    "is_caption",
    "main_place",
    "sentences",
]

ADAPTER = "news.v1"
SOURCE = "news"
#: how a sentence naming several places picks its event's place: ``ranker`` (the learned
#: place ranker, :func:`~trucewatch.text.place_rank.sentence_place`) or ``rules`` (the first
#: not named for something else, :func:`main_place`)
PLACE_CHOICES = ("ranker", "rules")


@dataclass(frozen=True, slots=True)
class Extraction:
    """An event found in an article: the event, the sentence and its character offsets in the
    article text (``text[start:end] == sentence``), and a confidence in [0, 1]."""

    event: Event
    sentence: str
    sentence_index: int
    start: int
    end: int
    confidence: float
    place: PlaceMatch | None = None
    toll: DeathToll | None = None
    type_match: TypeMatch | None = None
    #: the learned head's type of the sentence (``types="model"``), None with the rules
    type_prediction: TypePrediction | None = None


def main_place(found: list[PlaceMatch]) -> PlaceMatch | None:
    """The place of a sentence's event: the first below country level not named for something
    else (``PlaceMatch.elsewhere``: "51 martyrs from Kefraya ... in Aleppo"), else the first
    below country level, else the first."""
    specific = [p for p in found if p.precision is not LocationPrecision.COUNTRY]
    located = [p for p in specific if not p.elsewhere]
    for pool in (located, specific, found):
        if pool:
            return pool[0]
    return None


_CITY_PART = re.compile(
    r"\b(?:the city'?s?|the town'?s?)\s+(?:(?:north|south|east|west)\w*\s+)?"
    r"(districts?|neighbou?rhoods?|parts?|outskirts|suburbs|countryside)",
    re.IGNORECASE,
)
#: the city's parts that are around it rather than in it
_AROUND = frozenset(["outskirts", "suburbs", "countryside"])
_BY = re.compile(r"\b(?:by|from)\s+(?:the\s+)?$", re.IGNORECASE)


def _sides(actors: list[ActorMatch], type_match: TypeMatch | None, sentence: str) -> Actors:
    # a truce's declarer or guarantor is no side of its fighting (text/not_events.py)
    named_only = declarers(sentence, actors)
    violent = type_match is not None and is_violent(type_match.code)
    every = list(dict.fromkeys(a.canonical for a in actors))
    names = [n for n in every if n not in named_only]
    if not names and not violent:
        names = every  # the sides of a truce declared
    if not names:
        return Actors()
    perpetrator = None
    armed = [a for a in actors if a.canonical not in ("Civilians", *named_only)]
    for a in armed:
        if _BY.search(sentence[max(0, a.start - 12) : a.start]):
            perpetrator = a.canonical
            break
    if perpetrator is None and type_match is not None:
        before = [a for a in armed if a.start < type_match.start]
        if before:
            perpetrator = before[-1].canonical
    if perpetrator is None:
        # an armed side first: civilians are who is hit, not a side that acts
        names.sort(key=lambda n: n == "Civilians")
        return Actors(side_a=names[0], side_b=names[1] if len(names) > 1 else None)
    others = [n for n in names if n != perpetrator]
    target = others[0] if others else None
    return Actors(side_a=perpetrator, side_b=target, perpetrator=perpetrator, target=target)


def _location(match: PlaceMatch, precision: LocationPrecision | None = None) -> Location:
    place = match.place
    prec = precision or match.precision
    return Location(
        lat=place.lat,
        lon=place.lon,
        radius_km=radius_of(place, prec) if precision else match.radius_km,
        precision=prec,
        place=place.name,
        country=place.country,
        admin1=place.admin1,
    )


def extract(
    article: Article,
    gazetteer: Gazetteer | None = None,
    *,
    split_incidents: bool = False,
    places: str = "ranker",
    types: Types = DEFAULT_TYPES,
    typer: SentenceTyper | None = None,
) -> list[Extraction]:
    """The events of ``article``, one per sentence that reports one (see the module docstring),
    and — with ``split_incidents`` — one per incident when a sentence reports several at
    different places (:func:`incidents`; ids ``<article>-s<N>``, ``<article>-s<N>-1``, ...).
    ``split_incidents`` is off by default: it lowered the GED-headline place score (docs/news.md).
    ``places``: how a sentence naming several places picks one (:data:`PLACE_CHOICES`; the
    ranker by default, docs/news.md "Place ranker").

    ``types``: ``"rules"`` or ``"model"`` (the learned head through ``typer``, default
    :func:`~trucewatch.text.type_model.default_typer`, types an article's sentences in one batch).
    Relative dates need the publication instant: without ``published``, ValidationError.
    """
    published = article.require_published("relative dates ('on Thursday')")
    if places not in PLACE_CHOICES:
        raise ValidationError(f"places must be one of {', '.join(PLACE_CHOICES)}, not {places!r}")
    gaz = gazetteer or default_gazetteer()
    rules = rules_for(article)  # English, or Arabic (docs/news.md, "Arabic")
    typed = ArticleTypes(article, types, typer, rules)
    cut = list(rules.sentences(article.text))
    # captions, placards, background, statements
    nonevents = NonEvents(article, rules, [s for _a, _b, s in cut])
    context: PlaceMatch | None = None
    # the sentence (or title) whose type and sides a toll without a type keyword is counted
    # under, and the place it was read at
    last_typed: tuple[TypeMatch, str, Place | None] | None = None
    if article.title:
        context = main_place(rules.find_places(article.title, gaz))
        title_type = typed.match(article.title)
        if title_type:
            last_typed = (title_type, article.title, context.place if context else None)
    out: list[Extraction] = []
    for index, (start, end, sentence) in enumerate(cut):
        if rules.is_caption(sentence) or nonevents.furniture(index, sentence):
            continue  # a caption or a placard: not even the article's place
        near = context.place.admin1 if context else None
        found = after_dateline(sentence, rules.find_places(masked(sentence), gaz, near=near))
        keyword, toll = typed.match(sentence), rules.death_toll(sentence)
        # the other reasons (statement, background) matter only with a type or a toll
        reason = None if keyword is None and toll is None else nonevents.reason(index, sentence)
        type_match = nonevents.retyped(sentence, keyword, reason)
        own = main_place(found)
        # the ranker's features read English ("in", "near"): Arabic keeps the rules' place
        if places == "ranker" and own is not None and rules is ENGLISH:
            ranked = sentence_place(
                sentence, found, event=type_match is not None, toll=toll is not None
            )
            own = ranked or own
        # a place named only for something else ("martyrs from X", "since the battle for X")
        # is not the event's: the article's last place is a better guess, if there is one
        located = (
            own is not None and own.precision is not LocationPrecision.COUNTRY and not own.elsewhere
        )
        if located:
            previous, context = context, own
        else:
            previous = context
        # a toll with no type keyword is counted under the last typed sentence's type unless
        # both name places in different governorates ("Barrel bombs hit Douma. Five people
        # were killed.")
        inherited = None
        if (
            type_match is None
            and last_typed is not None
            and (not located or _same_area(last_typed[2], own.place if own else None))
        ):
            inherited = (last_typed[0], last_typed[1])
        skip = not nonevents.keeps(reason, type_match)
        if type_match is not None:  # a statement's type is lent to no toll after it
            typed_here = (type_match, sentence, context.place if context else None)
            last_typed = None if reason == "statement" else typed_here
        if skip or (type_match is None and toll is None):
            continue
        split = split_incidents and rules.incidents and own is not None
        parts = incidents(sentence, gaz, rules) if split else []
        if parts:
            sentence_date = rules.resolve_date(sentence, published, parts[0][2].place.timezone)
            for k, (a, b, spot) in enumerate(parts):
                piece = sentence[a:b]
                unit = _Unit(
                    article, index, k, len(parts), start + a, start + b, piece, gaz.actors, rules
                )
                unit = replace(unit, prediction=typed.prediction(piece))
                out.append(
                    _extraction(unit, published, spot, None, 0.4, typed.match(piece), sentence_date)
                )
            if parts[-1][2].precision is not LocationPrecision.COUNTRY:
                context = parts[-1][2]
            continue
        place, precision, confidence = own, None, 0.3
        if not located:
            if own is not None and own.elsewhere:
                confidence = 0.15  # kept only if the article has no place before
            if previous is not None:
                place = previous
                confidence = 0.15
                part = _CITY_PART.search(sentence)
                if part and previous.place.kind == "city" and part.group(1).lower() in _AROUND:
                    precision = LocationPrecision.NEAR  # its districts are the city itself
            if place is None:
                continue
        else:
            confidence += 0.1
        assert place is not None  # every branch above either found a place or moved on
        unit = _Unit(
            article,
            index,
            0,
            1,
            start,
            end,
            sentence,
            gaz.actors,
            rules,
            typed.prediction(sentence),
            toll=toll,
            toll_read=True,
        )
        when = nonevents.event_date(index, sentence, place.place.timezone)
        out.append(
            _extraction(unit, published, place, precision, confidence, type_match, when, inherited)
        )
    return out


def _same_area(typed_at: Place | None, place: Place | None) -> bool:
    """Whether a toll read at ``place`` may be counted under a type read at ``typed_at``: one
    of them unplaced, or both in one governorate."""
    return typed_at is None or place is None or typed_at.admin1 == place.admin1


@dataclass(frozen=True, slots=True)
class _Unit:
    """The text an event is read from: a sentence, or one incident of it (``part`` of ``parts``)."""

    article: Article
    index: int
    part: int
    parts: int
    start: int
    end: int
    text: str
    actors: ActorTable  # how the press names the sides (the gazetteer's)
    rules: RuleSet = ENGLISH
    #: the head's type of the text (``types="model"``)
    prediction: TypePrediction | None = None
    #: the text's death toll when already read (``toll_read``), so it is read once
    toll: DeathToll | None = None
    toll_read: bool = False


def _extraction(
    unit: _Unit,
    published: datetime,
    place: PlaceMatch,
    precision: LocationPrecision | None,
    confidence: float,
    type_match: TypeMatch | None,
    fallback_date: DateMatch | None,
    inherited: tuple[TypeMatch, str] | None = None,
) -> Extraction:
    """The event of one unit. A unit with a toll but no type keyword ("Five people were killed,
    a monitor said") takes the type of the article's last typed sentence or title
    (``inherited``: its match and text), named as such in ``source_event_type``, without the
    keyword's confidence, and that sentence's sides if it names no armed side itself.
    ``fallback_date``: an incident's sentence's date (its own first); for a whole sentence, the
    date :meth:`~trucewatch.text.not_events.NonEvents.event_date` reads ("since the truce
    began"), before the sentence's first date expression."""
    article, text, rules, prediction = unit.article, unit.text, unit.rules, unit.prediction
    toll = unit.toll if unit.toll_read else rules.death_toll(text)
    tz = place.place.timezone
    own = rules.resolve_date(text, published, tz)  # an incident's own date before its sentence's
    date = (own or fallback_date) if unit.parts > 1 else (fallback_date or own)
    if date is not None:
        when, date_precision = date.interval, date.precision
        confidence += 0.1
    else:
        when, date_precision = default_interval(published, tz)
    actors = unit.rules.find_actors(text, unit.actors)
    sides = _sides(actors, type_match, text)
    guessed = {"date"} if date is None else set()  # the day of publication stands for it
    if place.elsewhere or place.text not in text:  # named for something else, or before
        guessed.add("place")
    if toll is not None and toll.vague:  # "dozens": a coded value, not a count
        guessed.add("toll")
    if inherited is not None and all(a.canonical == "Civilians" for a in actors):
        guessed.add("actors")  # those of an earlier sentence
        # no armed side named: those of the typed sentence, with the civilians hit here
        sides = _sides(
            unit.rules.find_actors(inherited[1], unit.actors), inherited[0], inherited[1]
        )
        if actors and sides.side_a not in (None, "Civilians") and sides.side_b is None:
            hit = "Civilians"
            sides = replace(sides, side_b=hit, target=hit if sides.perpetrator else None)
    decided_by = type_match or (inherited[0] if inherited else None)
    event_type = decided_by.code if decided_by else "other"
    if type_match is None:  # an earlier sentence's type, or none
        guessed.add("type")
    confidence += 0.25 if type_match else 0.0
    confidence += 0.1 if toll else 0.0
    confidence += 0.05 if actors else 0.0
    suffix = f"-{unit.part}" if unit.part else ""
    where = f"sentence {unit.index}"
    if unit.parts > 1:
        where += f", incident {unit.part + 1} of {unit.parts}"
    event = Event(
        source=SOURCE,
        source_row_id=f"{article.id}-s{unit.index}{suffix}",
        adapter=ADAPTER,
        when=when,
        date_precision=DatePrecision(date_precision),
        where=_location(place, precision),
        event_type=event_type,
        actors=sides,
        fatalities=Fatalities(toll.low, toll.best, toll.high) if toll else Fatalities(),
        provenance=Provenance(
            article=article.id,
            headline=article.title,
            url=article.url,
            publisher=article.source,
            notes=f"{where} [{unit.start}:{unit.end}]: {text}",
        ),
        source_event_type=(
            f"model {prediction.label} {prediction.probability:.2f}; "
            f"keyword {type_match.keyword.lower()}"
            if type_match and prediction
            else type_match.keyword.lower()
            if type_match
            else f"death toll; {inherited[0].keyword.lower()} before"
            if inherited
            else "death toll"
        ),
        timezone=tz,
        confidence=round(min(confidence, 1.0), 2),
        guessed=tuple(guessed),
    )
    return Extraction(
        event,
        text,
        unit.index,
        unit.start,
        unit.end,
        round(min(confidence, 1.0), 2),
        place,
        toll,
        type_match,
        prediction,
    )
