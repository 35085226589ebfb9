"""Sentences that read like events but are not new violent events of the publication day.

:func:`not_an_event` gives the reason a sentence is not one, or None:

* ``"caption"``: a photo caption run into the text — a credit ("REUTERS/Omar Sanadiki",
  "(Photo: AFP)", "Picture: ..."; in the sentence or as the next sentence) with a scene in the
  present tense ("A man walks past ..."), "is seen / pictured", or a date stamp ("..., Syria
  May 4, 2016"); a sentence that is only a credit; "Pictured: ...".
* ``"placard"``: what a placard, banner or sign says ("holds a placard reading 'Save
  Aleppo'"): a scene in the present tense, or a sentence whose only event words are the
  placard's. A place named on a placard is never the event's (:func:`masked`).
* ``"background"``: about earlier weeks, not the day's news — "before the truce", "for
  weeks", "in recent weeks", "since the war began", a main clause in the past perfect ("Fierce
  fighting had raged ...") outside reported speech, and a sentence that goes on with the frame
  of the sentence before ("... since the truce broke down in late April. Fierce fighting
  continued there.": "continued" with no date of its own after a frame that began days ago).
* ``"statement"``: a truce declared, agreed, extended, accepted or said to hold, a claim that
  violence decreased, an accusation of breaching a truce, a count of violations, a threat,
  violence said not to have happened, a quotation with no toll or date — not a violation
  ("despite", "violated"), not with a death toll — is no violent event.

The pipeline (:func:`trucewatch.text.pipeline.extract`) reads no event from a caption, a
placard or a background sentence (an earlier event is the news of its own day), and a
statement only as a non-violent event (a truce declared: ``strategic.agreement``). A truce's
declarer or guarantor named in a sentence is no side of its fighting (:func:`declarers`). English
and Arabic cue words (:mod:`trucewatch.text.not_event_cues`); rules only, written from the issue,
the reference case and the dev part of the labelled truce articles (docs/news.md, "Sentences
that are not events").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from trucewatch.model.event import DatePrecision
from trucewatch.model.taxonomy import is_violent
from trucewatch.model.time import Interval
from trucewatch.text.actors import ActorMatch
from trucewatch.text.arabic.letters import fold
from trucewatch.text.captions import furniture_of, masked
from trucewatch.text.clean import Article
from trucewatch.text.dates import DateMatch
from trucewatch.text.language import is_arabic
from trucewatch.text.not_event_cues import (
    ACCUSATION,
    AGGREGATE,
    ANAPHOR,
    AND,
    AR,
    BACKGROUND,
    BY,
    CLAIM,
    CONTINUED,
    CONTRAST,
    DECLARES,
    FOLLOWS,
    GUARANTOR,
    PAST,
    PAST_PERFECT,
    QUOTE,
    RECENT,
    REPORTED,
    SINCE_TRUCE,
    SPEECH,
    STATEMENT,
    SUBORDINATE,
    SUPERLATIVE,
    THREAT,
    TRUCE,
    TRUCE_STARTS,
    VIOLATION,
    WHEN_TRUCE,
)
from trucewatch.text.rule_sets import ENGLISH, RuleSet, arabic_rules, rules_for
from trucewatch.text.types import TypeMatch

__all__ = ["REASONS", "NonEvents", "declarers", "not_an_event"]

#: the reasons :func:`not_an_event` gives
REASONS = ("caption", "placard", "background", "statement")


class NonEvents:
    """The reasons of the sentences of one article (its sentences cut once, by its language's
    rules, as the pipeline cuts them: ``index`` is the pipeline's sentence index)."""

    def __init__(
        self, article: Article, rules: RuleSet | None = None, texts: list[str] | None = None
    ) -> None:
        """``texts``: the article's sentences when the caller has cut them already."""
        self.article = article
        self.rules = rules or rules_for(article)
        self.arabic = self.rules is not ENGLISH
        if texts is None:
            texts = [s for _a, _b, s in self.rules.sentences(article.text)]
        self.texts = texts
        self._reasons: dict[int, str | None] = {}
        self._furniture: dict[int, str | None] = {}

    def reason(self, index: int, sentence: str | None = None) -> str | None:
        """The reason sentence ``index`` is not an event (:data:`REASONS`), or None."""
        if sentence is None or self._sentence(index) == sentence:
            if index not in self._reasons:
                self._reasons[index] = self._reason(index, self.texts[index])
            return self._reasons[index]
        return self._reason(index, sentence)

    def furniture(self, index: int, sentence: str) -> str | None:
        """ "caption" or "placard" when sentence ``index`` is one, else None: what must be
        known of every sentence (its places are not the article's); the rest of
        :meth:`reason` matters only to a sentence with a type or a toll."""
        if self.arabic:
            found = self.reason(index, sentence)
            return found if found in ("caption", "placard") else None
        if self._sentence(index) != sentence:
            return furniture_of(sentence, self.rules, self._sentence(index + 1))
        if index not in self._furniture:
            self._furniture[index] = furniture_of(sentence, self.rules, self._sentence(index + 1))
        return self._furniture[index]

    def _sentence(self, index: int) -> str | None:
        return self.texts[index] if 0 <= index < len(self.texts) else None

    def _reason(self, index: int, sentence: str) -> str | None:
        if self.arabic:
            return _arabic(sentence)
        found = self.furniture(index, sentence) or _said_or_past(sentence, self.rules)
        if found is not None:
            return found
        if SINCE_TRUCE.search(sentence) and self.since_truce(index, sentence) is None:
            return "background"  # a count since a truce whose start the article does not give
        trend = self._trend_since_long_ago(sentence) or self._goes_on(index, sentence)
        return "background" if trend else None

    def _trend_since_long_ago(self, sentence: str) -> bool:
        """A trend since two weeks or more, no toll ("Fighting has intensified since January";
        not "killed 400 since January", a toll, nor "the first car bomb since 2011")."""
        published = self.article.published
        if published is None or "since" not in sentence.lower():
            return False
        found = self.rules.resolve_date(sentence, published, "UTC")
        return (
            found is not None
            and found.text.lower().startswith("since")
            and found.interval.start <= published - timedelta(days=14)
            and SUPERLATIVE.search(sentence, 0, found.start) is None
            and self.rules.death_toll(sentence) is None
        )

    def _goes_on(self, index: int, sentence: str) -> bool:
        """Whether ``sentence`` goes on, with no date of its own, about what the sentence
        before it framed days ago ("... since late April. Fierce fighting continued there.")."""
        published = self.article.published
        if published is None or not CONTINUED.search(sentence) or not ANAPHOR.search(sentence):
            return False
        if self.rules.resolve_date(sentence, published, "UTC") is not None:
            return False  # its own date says when
        before = self._sentence(index - 1)
        return before is not None and _earlier_frame(
            self.rules.resolve_date(before, published, "UTC"), published
        )

    def since_truce(self, index: int, sentence: str, tz: str = "UTC") -> DateMatch | None:
        """The interval of "since the truce began" in ``sentence``: from the truce's start —
        a date in the clause itself ("since the truce began on Thursday"), else the date of an
        earlier sentence of the article (or its title) saying when a truce took effect — to the
        publication instant. None when the sentence says no such thing or no start is found."""
        m = SINCE_TRUCE.search(sentence)
        published = self.article.published
        if m is None or published is None:
            return None
        own = self.rules.resolve_date(sentence[m.start() : m.end() + 30], published, tz)
        start = own.interval.start if own is not None else None
        earlier = [self._sentence(i) for i in range(index - 1, -1, -1)]
        for before in [*earlier, self.article.title] if start is None else []:
            if before and TRUCE_STARTS.search(before):
                found = self.rules.resolve_date(before, published, tz)
                if found is not None:
                    start = found.interval.start
                    break
        if start is None or start >= published:
            return None
        days = (published - start).days + 1
        text = sentence[m.start() : m.end()]
        return DateMatch(
            Interval(start, published), DatePrecision.of_span(days), text, m.start(), m.end()
        )

    def event_date(self, index: int, sentence: str, tz: str = "UTC") -> DateMatch | None:
        """The date of the event of ``sentence`` when its first date expression is not it:
        a count "since the truce began" (:meth:`since_truce`), or violence reported after
        "but" beside a statement ("The Council on Saturday demanded a ceasefire, but
        warplanes hit Douma on Monday": Monday). None: the sentence's own first date."""
        since = self.since_truce(index, sentence, tz)
        published = self.article.published
        if since is not None or published is None:
            return since
        main = WHEN_TRUCE.sub(lambda m: " " * len(m.group()), sentence)
        for m in CONTRAST.finditer(sentence):
            before, after = main[: m.start()], sentence[m.end() :]
            if STATEMENT.search(before) is None and CLAIM.search(before) is None:
                continue
            found = self.rules.classify(after)
            date = self.rules.resolve_date(after, published, tz)
            if found is not None and is_violent(found.code) and date is not None:
                a, b = date.start + m.end(), date.end + m.end()
                return DateMatch(date.interval, date.precision, date.text, a, b)
        return None

    def keeps(self, reason: str | None, type_match: TypeMatch | None) -> bool:
        """Whether a sentence with ``reason`` still gives an event: only a statement typed as
        a non-violent event (a truce declared, ``strategic.agreement``); never a caption, a
        placard or a background sentence (an earlier event is news of its own day)."""
        if reason is None:
            return True
        return reason == "statement" and type_match is not None and not is_violent(type_match.code)

    def retyped(
        self, sentence: str, found: TypeMatch | None, reason: str | None = None
    ) -> TypeMatch | None:
        """The type of a sentence that names a truce only to date its violence ("Warplanes
        struck Douma hours after a truce declared by Russia took effect"): read again without
        the truce's clause when the keyword rules took it for a truce declared. A statement
        the learned head types as violence keeps the keyword rules' type (a truce declared)."""
        if reason == "statement" and found is not None and is_violent(found.code):
            rules = self.rules.classify(sentence)
            return rules if rules is not None and not is_violent(rules.code) else found
        if found is None or found.code != "strategic.agreement" or self.arabic:
            return found
        blank = WHEN_TRUCE.sub(lambda m: " " * len(m.group()), sentence)
        again = self.rules.classify(blank)
        return again if again is not None and is_violent(again.code) else found


def _earlier_frame(date: DateMatch | None, published: datetime) -> bool:
    """Whether a date expression frames a time that began days before ``published`` ("since
    the truce broke down in late April", "last month")."""
    return date is not None and date.interval.start <= published - timedelta(days=3)


def _alone(sentence: str, rules: RuleSet, following: str | None = None) -> str | None:
    """The reason read from ``sentence`` (and the one after it, for a credit) alone."""
    if rules is not ENGLISH:
        return _arabic(sentence)
    return furniture_of(sentence, rules, following) or _said_or_past(sentence, rules)


def _said_or_past(sentence: str, rules: RuleSet) -> str | None:
    if _statement(sentence, rules) or _said(sentence, rules):
        return "statement"
    if _background(sentence) or FOLLOWS.search(sentence) or _past_perfect(sentence):
        return "background"
    if AGGREGATE.search(sentence) and rules.death_toll(sentence) is not None:
        return "background"
    return None


def _statement(sentence: str, rules: RuleSet) -> bool:
    """A truce declared, agreed, extended, accepted or said to hold in the main clause (not
    "hours before the truce took effect, jets struck") and no violation ("despite the truce",
    "violated"); or a claim that violence decreased, an accusation ("accused the Houthis of
    breaching the ceasefire 21 times"), a threat, violence said not to have happened. Never
    with a death toll or with violence reported after "but" ("... demanded a ceasefire, but
    warplanes hit Douma")."""
    main = WHEN_TRUCE.sub(lambda m: " " * len(m.group()), sentence)
    said = bool(CLAIM.search(main) or ACCUSATION.search(main)) or _threat(main, rules)
    if not said and (VIOLATION.search(sentence) or STATEMENT.search(main) is None):
        return False
    if rules.death_toll(sentence) is not None:  # last: the dearest test
        return False
    for m in CONTRAST.finditer(sentence):
        found = rules.classify(sentence[m.end() :])
        if found is not None and is_violent(found.code):
            return False
    return True


def _threat(sentence: str, rules: RuleSet) -> bool:
    """A threat that governs the violence the sentence names (it comes first): "warned it
    would launch missiles at the capital", not "seized villages in a campaign which locals
    warned threatens to ..."."""
    m = THREAT.search(sentence)
    if m is None:
        return False
    found = rules.classify(sentence)
    return found is None or m.start() < found.start


def _said(sentence: str, rules: RuleSet) -> bool:
    """A quotation that opens the sentence or is most of it, with no verb in the past, no toll
    and no date: what someone says ("We cannot negotiate while the regime bombs our
    people"), not a report of an event ("A suicide bomber blew himself up ...," he said)."""
    quotes = [m.group(1) for m in QUOTE.finditer(sentence)]
    outside = QUOTE.sub(" ", sentence)
    return (
        (sum(map(len, quotes)) >= 0.6 * len(sentence) or sentence.lstrip()[:1] in '"“')
        and SPEECH.search(outside) is not None
        and not any(PAST.search(q) for q in quotes)
        and rules.death_toll(sentence) is None
        and rules.resolve_date(sentence, _ANY_DAY, "UTC") is None
    )


#: any instant: a date expression is looked for, not resolved
_ANY_DAY = datetime(2016, 1, 1, tzinfo=UTC)


def _background(sentence: str) -> bool:
    """Words of earlier weeks, not in a comparison ("the deadliest since the war began")."""
    return any(
        SUPERLATIVE.search(sentence, 0, m.start()) is None for m in BACKGROUND.finditer(sentence)
    )


def _past_perfect(sentence: str) -> bool:
    """A main clause in the past perfect ("Fighting had raged in the city for weeks") outside
    reported speech ("a monitor said ten people had been killed" is the day's news), without
    a recent time of its own ("Earlier on Sunday the air force had bombed ...") or a "when"
    clause that is the news ("... had gathered at a house when the blast went off")."""
    m = PAST_PERFECT.search(sentence)
    if m is None or REPORTED.search(sentence) or RECENT.search(sentence):
        return False
    head = sentence[: m.start()]
    return len(head.split()) <= 10 and SUBORDINATE.search(head) is None


def _arabic(sentence: str) -> str | None:
    text = fold(sentence).text
    if AR["caption"].search(text):
        return "caption"
    if AR["placard"].search(text) and arabic_rules().classify(masked(sentence)) is None:
        return "placard"
    if AR["claim"].search(text) or (
        AR["statement"].search(text) and not AR["violation"].search(text)
    ):
        return "statement" if arabic_rules().death_toll(sentence) is None else None
    reported = AR["reported"].search(text) and AR["past_perfect"].search(text)
    if AR["background"].search(text) and not reported:
        return "background"
    return None


def not_an_event(
    sentence: str, *, article: Article | None = None, sentence_index: int | None = None
) -> str | None:
    """Why ``sentence`` is not a new violent event (:data:`REASONS`), or None.

    With ``article`` and ``sentence_index`` (the pipeline's index of the sentence in the
    article's text), the sentences around it count too: a credit in the next sentence makes a
    scene a caption, the earlier frame of the sentence before makes "fighting continued there"
    background, a count "since the truce began" is dated from the start the article gives. The
    language is the article's, else the sentence's."""
    if article is not None and sentence_index is not None:
        return _reader(article).reason(sentence_index, sentence)
    rules = arabic_rules() if is_arabic(sentence) else ENGLISH
    return _alone(sentence, rules)


@lru_cache(maxsize=32)
def _reader(article: Article) -> NonEvents:
    return NonEvents(article)


def declarers(sentence: str, actors: Sequence[ActorMatch]) -> frozenset[str]:
    """The sides ``sentence`` names only as a truce's declarer, broker or guarantor ("a truce
    brokered by Russia and the United States", "the army announced a truce", "Turkey, a
    guarantor of the ceasefire"): never the attacker of an event read from it. A side also
    named elsewhere in the sentence in another role is not one of them."""
    if not actors:
        return frozenset()
    arabic = is_arabic(sentence)
    if arabic:
        if AR["truce"].search(fold(sentence).text) is None:
            return frozenset()
    elif re.search(TRUCE, sentence, re.IGNORECASE) is None:
        return frozenset()
    roles: dict[str, list[bool]] = {}
    previous: ActorMatch | None = None
    previous_declares = False
    for a in actors:
        before = sentence[max(0, a.start - 45) : a.start]
        if arabic:
            declares = AR["declarer"].search(fold(before).text) is not None
        else:
            declares = (
                BY.search(before) is not None
                or GUARANTOR.search(sentence[max(0, a.start - 25) : a.end + 25]) is not None
                or DECLARES.match(sentence[a.end : a.end + 120]) is not None
                or (
                    previous is not None
                    and previous_declares
                    and AND.match(sentence[previous.end : a.start]) is not None
                )
            )
        roles.setdefault(a.canonical, []).append(declares)
        previous, previous_declares = a, declares
    return frozenset(name for name, said in roles.items() if all(said))
