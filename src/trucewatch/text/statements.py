"""Agreement statements in news text: a truce declared, extended, accepted, rejected, or said
to be violated — who, where, from when and for how long — as drafts an analyst reviews.

"The army announced a 48-hour truce in Aleppo starting on Thursday at 01:00" gives a
:class:`DraftStatement` (kind ``declared``, actor ``Government of Syria``, place Aleppo, start
Thursday 01:00 Damascus time, duration 48 h), and :func:`draft_agreement_yaml` renders it as a
``trucewatch.agreement/1`` file (docs/agreements.md) for review before it enters the registry.

Rules only, like the rest of :mod:`trucewatch.text`: a sentence is a statement when it names a
truce ("truce", "ceasefire", "cessation of hostilities", "regime of calm", "humanitarian
pause") and a verb of one of the five kinds, tried in the order violation accusation, rejected,
extended, accepted, declared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

import yaml

from trucewatch.errors import ValidationError
from trucewatch.model.event import DatePrecision, LocationPrecision
from trucewatch.model.time import zone
from trucewatch.text.actors import ActorMatch, find_actors
from trucewatch.text.clean import Article
from trucewatch.text.dates import resolve_date
from trucewatch.text.gazetteer import Gazetteer, default_gazetteer
from trucewatch.text.numbers import numbers_in
from trucewatch.text.pipeline import sentences
from trucewatch.text.places import PlaceMatch, find_places

__all__ = ["KINDS", "DraftStatement", "draft_agreement_yaml", "find_statements"]

#: statement kinds, in the order they are tried on a sentence
KINDS = ("violation_accusation", "rejected", "extended", "accepted", "declared")

_TRUCE = re.compile(
    r"\b(?:truce|ceasefire|cease-fire|cessation of hostilities|regime of calm|"
    r"humanitarian (?:pause|truce|ceasefire)|lull|armistice)s?\b",
    re.IGNORECASE,
)
_KIND_PATTERNS: dict[str, re.Pattern[str]] = {
    kind: re.compile(rf"\b(?:{pattern})", re.IGNORECASE)
    for kind, pattern in (
        (
            "violation_accusation",
            r"accus\w+|blam\w+|charg(?:ed|es) (?:that )?|violat\w+|breach\w*|"
            r"broke (?:the|a)|breaking the",
        ),
        ("rejected", r"reject\w*|refus\w*|turned down|dismiss\w*|will not (?:abide|respect)"),
        ("extended", r"extend\w*|extension|prolong\w*|renew\w*"),
        (
            "accepted",
            r"accept\w*|agreed to (?:abide|respect|observe|honou?r|the)|welcom\w+|"
            r"committed to|will (?:abide|respect|observe)|endors\w+|signed up",
        ),
        (
            "declared",
            r"declar\w+|announc\w+|agreed|brokered|(?:came|come|comes|went|go|goes) into "
            r"(?:force|effect)|took effect|takes? effect|to take effect|began|begin\w*|"
            r"start\w*|(?:was|has been|had been) reached|unilateral",
        ),
    )
}
_DURATION = re.compile(r"[\s-]+(hour|day|week)s?(?:[\s-]long)?\b", re.IGNORECASE)
_UNIT = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}
_CLOCK = re.compile(
    r"\b(?:at|from)\s+(?:(midnight)|(noon)|(\d{1,2})[:.](\d{2})(?:\s*(am|pm|a\.m\.|p\.m\.))?)",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|is due|are due|due to|set to|to (?:begin|start|take effect)|starting|"
    r"beginning|from|as of|effective)\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"\b(?:on\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE
)
_SLUG = re.compile(r"[^a-z0-9_.-]+")
_VIOLATION = re.compile(r"violat|breach|broke|breaking", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DraftStatement:
    """A truce statement found in a sentence of an article, with its evidence.

    ``kind`` is one of :data:`KINDS`. ``actor`` is the canonical name of who declared, extended,
    accepted or rejected the truce, or who made the accusation; ``accused`` is the side said to
    have violated it. ``start`` (time-zone aware) and ``duration`` are None when the sentence
    does not say; ``start_precision`` is ``exact`` for a time of day, else ``day``/``days``...
    ``start``/``end`` of the evidence are character offsets in the article text.
    """

    kind: str
    article_id: str
    sentence: str
    sentence_index: int
    offset_start: int
    offset_end: int
    trigger: str
    confidence: float
    published: datetime
    actor: str | None = None
    accused: str | None = None
    place: PlaceMatch | None = None
    start: datetime | None = None
    start_precision: DatePrecision | None = None
    duration: timedelta | None = None
    timezone: str = "Asia/Damascus"
    url: str | None = None
    headline: str | None = None

    def __post_init__(self) -> None:
        where = f"article {self.article_id}, sentence {self.sentence_index}"
        if self.kind not in KINDS:
            raise ValidationError(f"{where}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValidationError(f"{where}: confidence {self.confidence} is outside [0, 1]")
        if not 0 <= self.offset_start < self.offset_end:
            raise ValidationError(
                f"{where}: offsets [{self.offset_start}:{self.offset_end}] are not a non-empty span"
            )
        for name in ("published", "start"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValidationError(f"{where}: {name} {value.isoformat()} has no UTC offset")
        if self.duration is not None and self.duration <= timedelta(0):
            raise ValidationError(f"{where}: duration {self.duration} is not positive")

    @property
    def draft_id(self) -> str:
        """A slug naming the draft: ``draft-<article>-s<sentence>-<kind>``."""
        article = _SLUG.sub("-", self.article_id.lower()).strip("-.") or "article"
        return f"draft-{article}-s{self.sentence_index}-{self.kind.replace('_', '-')}"


def _duration(sentence: str) -> timedelta | None:
    for number in numbers_in(sentence):
        if number.vague or number.value <= 0:
            continue
        m = _DURATION.match(sentence, number.end)
        if m:
            return number.value * _UNIT[m.group(1).lower()]
    return None


def _start(
    sentence: str, published: datetime, tz: str
) -> tuple[datetime | None, DatePrecision | None]:
    local = published.astimezone(zone(tz))
    clock = _CLOCK.search(sentence)
    if clock is not None:  # the day and the time of day are resolved separately
        blank = " " * (clock.end() - clock.start())
        sentence = sentence[: clock.start()] + blank + sentence[clock.end() :]
    date = resolve_date(sentence, published, tz)
    day, precision = None, None
    if date is not None:
        day, precision = date.interval.start.astimezone(zone(tz)).date(), date.precision
        weekday = _WEEKDAY.search(date.text)
        if weekday and _FUTURE.search(sentence[: date.start]) and day < local.date():
            day += timedelta(days=7)  # "starting on Thursday": the coming Thursday
    if clock is None:
        if day is None:
            return None, None
        return datetime.combine(day, time(0), zone(tz)), precision
    if clock.group(1):
        hour, minute = 0, 0
    elif clock.group(2):
        hour, minute = 12, 0
    else:
        hour, minute = int(clock.group(3)), int(clock.group(4))
        ampm = (clock.group(5) or "").lower().replace(".", "")
        hour += 12 if ampm == "pm" and hour < 12 else 0
        hour = 0 if ampm == "am" and hour == 12 else hour
        if hour > 23 or minute > 59:
            return None, None
    when = datetime.combine(day or local.date(), time(hour, minute), zone(tz))
    if day is None and when < local and _FUTURE.search(sentence):
        when += timedelta(days=1)  # "from midnight" said in the evening: the coming midnight
    return when, DatePrecision.EXACT


def _kind(sentence: str, truce: re.Match[str]) -> tuple[str, re.Match[str]] | None:
    for kind in KINDS:
        m = _KIND_PATTERNS[kind].search(sentence)
        if m is None:
            continue
        accusation_only = kind == "violation_accusation" and m.group().lower().startswith(
            ("accus", "blam")
        )
        if accusation_only and not _VIOLATION.search(sentence):
            continue  # "accused the regime of shelling" without a truce violation
        return kind, m
    return None


def _actors(
    actors: list[ActorMatch], kind: str, trigger: re.Match[str], truce: re.Match[str]
) -> tuple[str | None, str | None]:
    outside = [a for a in actors if a.end <= truce.start() or a.start >= truce.end()]
    before = [a for a in outside if a.end <= trigger.start()]
    after = [a for a in outside if a.start >= trigger.end()]
    actor = before[-1].canonical if before else None
    if kind == "violation_accusation":
        accused = after[0].canonical if after else None
        if trigger.group().lower().startswith(("violat", "breach", "broke")):
            # "rebels said the regime violated the truce": the accuser is named before the accused
            accused = actor
            earlier = [a.canonical for a in before[:-1] if a.canonical != accused]
            actor = earlier[-1] if earlier else None
        if accused == actor:
            accused = None
        return actor, accused
    if actor is None and outside:
        actor = outside[0].canonical
    return actor, None


def find_statements(article: Article, gazetteer: Gazetteer | None = None) -> list[DraftStatement]:
    """The truce statements of ``article``, one per sentence that makes one (see the module
    docstring). Needs ``article.published`` to resolve "on Thursday" (else ValidationError)."""
    published = article.require_published("truce start dates ('starting on Thursday')")
    gaz = gazetteer or default_gazetteer()
    context: PlaceMatch | None = None
    if article.title:
        context = next(
            (p for p in find_places(article.title, gaz) if p.precision is not _COUNTRY), None
        )
    out: list[DraftStatement] = []
    for index, (start, end, sentence) in enumerate(sentences(article.text)):
        actors = find_actors(sentence, gaz.actors)
        places = [
            p
            for p in find_places(sentence, gaz)
            if p.precision is not _COUNTRY
            and not any(a.start < p.end and p.start < a.end for a in actors)
        ]
        own = places[0] if places else None
        truce = _TRUCE.search(sentence)
        found = _kind(sentence, truce) if truce else None
        if truce is None or found is None:
            context = own or context
            continue
        kind, trigger = found
        place = own or context
        context = place
        tz = place.place.timezone if place else gaz.home_timezone()
        actor, accused = _actors(actors, kind, trigger, truce)
        begin, precision = _start(sentence, published, tz)
        duration = _duration(sentence)
        confidence = 0.4 + 0.1 * (own is not None) + 0.05 * (place is not None)
        confidence += 0.15 * (actor is not None or accused is not None)
        if kind not in ("violation_accusation", "rejected"):
            confidence += 0.15 * (begin is not None) + 0.1 * (duration is not None)
        out.append(
            DraftStatement(
                kind=kind,
                article_id=article.id,
                sentence=sentence,
                sentence_index=index,
                offset_start=start,
                offset_end=end,
                trigger=trigger.group(),
                confidence=round(min(confidence, 0.95), 2),
                published=published,
                actor=actor,
                accused=accused,
                place=place,
                start=begin,
                start_precision=precision,
                duration=duration,
                timezone=tz,
                url=article.url,
                headline=article.title,
            )
        )
    return out


_COUNTRY = LocationPrecision.COUNTRY


def _hours(duration: timedelta) -> str:
    seconds = int(duration.total_seconds())
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    return f"{max(1, seconds // 60)}min"


def _party_id(name: str) -> str:
    return _SLUG.sub("-", name.lower()).strip("-.") or "party"


def draft_agreement_yaml(statement: DraftStatement) -> str:
    """A ``trucewatch.agreement/1`` file for ``statement``, to be reviewed by an analyst.

    The start is the statement's start, or — when the sentence gives none — the local midnight
    of the publication day (said in ``notes``); the duration is written when known (else the
    window is open-ended); the scope is a disc around the place found (none = everywhere).
    Extensions, acceptances, rejections and accusations are drafted as their own window: an
    analyst merges them into the agreement they refer to.
    """
    s = statement
    tz = zone(s.timezone)
    notes = [
        f"DRAFT for review ({s.kind}, confidence {s.confidence}), found by trucewatch.text.",
        f"Article {s.article_id}, sentence {s.sentence_index} "
        f"[{s.offset_start}:{s.offset_end}]: {s.sentence}",
    ]
    if s.start is not None:
        begin = s.start.astimezone(tz)
    else:
        begin = datetime.combine(s.published.astimezone(tz).date(), time(0), tz)
        notes.append("The sentence gives no start: the publication day (local) is used.")
    if s.accused:
        notes.append(f"Accused of violating the truce: {s.accused}.")
    place = s.place.place.name if s.place else None
    doc: dict[str, Any] = {
        "format": "trucewatch.agreement/1",
        "id": s.draft_id,
        "name": f"Truce {s.kind.replace('_', ' ')}"
        + (f" in {place}" if place else "")
        + f" ({s.published.date().isoformat()}, draft)",
        "timezone": s.timezone,
    }
    citations = [f"{s.headline or s.article_id}, published {s.published.isoformat()}"]
    references: dict[str, Any] = {"citations": citations}
    if s.url and s.url.startswith(("http://", "https://")):
        references["urls"] = [s.url]
    doc["references"] = references
    if s.actor:
        doc["parties"] = [{"id": _party_id(s.actor), "name": s.actor}]
    if s.place is not None:
        doc["scope"] = {
            "label": f"{s.place.text} ({s.place.precision.value}, from the text)",
            "point": {"lat": round(s.place.place.lat, 5), "lon": round(s.place.place.lon, 5)},
            "radius_km": round(s.place.radius_km, 1),
        }
    doc["start"] = begin.isoformat(timespec="seconds")
    if s.duration is not None:
        doc["duration"] = _hours(s.duration)
    doc["notes"] = "\n".join(notes)
    header = f"# Draft agreement record from article {s.article_id}: review before accepting.\n"
    return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
