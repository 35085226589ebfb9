"""Claims in news text about how a truce is going, as :class:`Claim` data to check.

"We have seen an overall decrease in violence", "the truce is largely holding", "violence has
increased", "the truce has collapsed", "rebels violated the truce 12 times in 24 hours": each
sentence that makes one gives a claim with its kind (:data:`CLAIM_KINDS`), the claimant (the
sentence's speaker, or the speaker of the sentence before a bare quote:
:mod:`trucewatch.text.statements.speakers`), the area (the places the sentence names; else, when it
points back with "there" / "in these areas" / "in the city", the places of the sentence
before; else nationwide when it says "overall", "across the country", "nationwide" or names
the country alone), the period and the direction, and for a count the number.

The period is relative to the publication instant: "in the past week", "over the last 24
hours", "in the past three days", "since 4 May", "since Monday", "since late April" start at
that instant, and every period ends at publication. "Since the truce began" (or no period at
all) leaves ``period_start`` None: from the truce's start, which
:func:`trucewatch.claims.check_claim` takes from the agreement the claim is checked against.

Hopes, demands and plans are not claims ("we hope violence will decrease", "called for a
reduction in violence", "aims to reduce the violence"). Rules only, English and basic Arabic
(تراجع العنف، انخفاض، خروقات، صامدة، انهيار), read with the article's language rules
(:func:`~trucewatch.text.rule_sets.rules_for`).
"""

from __future__ import annotations

import re
from datetime import datetime

from trucewatch.model.time import zone
from trucewatch.text.arabic.letters import fold
from trucewatch.text.arabic.numbers import numbers_in as arabic_numbers
from trucewatch.text.claim_areas import claim_area, found_places
from trucewatch.text.claim_areas import truce_area as find_truce_area
from trucewatch.text.claim_patterns import (
    AR_KINDS,
    AR_NOT_A_CLAIM,
    DIRECTION,
    EN_KINDS,
    MANY_WORD,
    NOT_A_CLAIM,
)
from trucewatch.text.claim_periods import claim_period, number, truce_start
from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import Gazetteer, default_gazetteer
from trucewatch.text.numbers import numbers_in
from trucewatch.text.packs import DEFAULT_COUNTRIES, shipped_packs
from trucewatch.text.rule_sets import rules_for
from trucewatch.text.scope_names import in_areas, in_theatre
from trucewatch.text.statement_model import CLAIM_KINDS, Claim, Span, Speaker
from trucewatch.text.statements.speakers import find_speaker

__all__ = ["CLAIM_KINDS", "find_claims"]


def _matches(text: str, arabic: bool) -> list[tuple[str, re.Match[str]]]:
    """Each kind the sentence (folded when Arabic) claims, with its first match that is not a
    hope, a demand or background (:func:`_hedged`); a sentence may make several ("the truce is
    holding, although rebels violated it 12 times"), but a collapse is one claim with the
    fighting said after it ("collapsed as shelling resumed")."""
    out = []
    for kind, pattern in AR_KINDS if arabic else EN_KINDS:
        for m in pattern.finditer(text):
            counted = (
                kind != "violations_counted" or _count(m, text, arabic) is not None or _uncounted(m)
            )
            # "dozens of times", "آلاف المرات": a count not given
            predicted = not arabic and _PREDICTED.search(m.group()) is not None
            if (
                (counted or _vague_times(m, arabic))
                and not predicted
                and not _hedged(text, m.start(), arabic)
            ):
                out.append((kind, m))
                break
    collapse = next((m.start() for kind, m in out if kind == "truce_collapsed"), None)
    if collapse is not None:  # "collapsed as shelling resumed": one claim
        out = [(k, m) for k, m in out if k != "violence_increased" or m.start() < collapse]
    return out


# a forecast inside the claim's words: "the number of casualties is likely to rise"
_PREDICTED = re.compile(
    r"\b(?:likely to|expected to|set to|bound to|poised to|could|would|will|may|might)\b",
    re.IGNORECASE,
)
_WORDS_BETWEEN = re.compile(r"^\s*(?:\S+\s+){0,2}$")


#: "thousands", "hundreds", "tens" (of times): no count
_AR_VAGUE = frozenset(fold(w).text for w in ("آلاف", "مئات", "عشرات", "الآلاف", "المئات"))


def _uncounted(m: re.Match[str]) -> bool:
    """Whether a match says violations happened without a number: how often ("broken it
    repeatedly", "repeated breaches", "خروقات متكررة") or an accusation naming violent
    means ("accused them of breaching the truce by shelling the town"). A bare accusation
    ("accused the army of violating the truce", "اتهمت ... بخرق الهدنة") is the act of a
    statement, not a claim; nor is a breach by peaceful means ("by bringing in mercenaries",
    "by withholding aid": no violence to check)."""
    if m.groupdict().get("bare"):
        means = _MEANS.match(m.string, m.end())
        return means is not None and _VIOLENT.match(means.group(1)) is not None
    return any(m.groupdict().get(g) for g in ("vague", "vague2"))


_MEANS = re.compile(r"(?:\s+[\w-]+){0,2}?\s+by\s+(?:\w+ly\s+)?(\w+ing)\b", re.IGNORECASE)
_VIOLENT = re.compile(
    r"(?:shell|attack|fir|bomb|strik|shoot|kill|target|launch|storm|advanc|raid|assault|"
    r"ambush|pound|hitt|besieg|infiltrat|captur|seiz|detonat)ing",
    re.IGNORECASE,
)


_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_NUMBERED = ("n", "n3", "n4", "n5", "n6", "n7", "n8")


def _vague_times(m: re.Match[str], arabic: bool) -> bool:
    """Whether a match counts its violations with a vague word ("dozens of times", "dozens
    of violations", "عشرات الخروقات", "numerous attacks since the truce")."""
    said = next((m.group(g) for g in _NUMBERED if m.groupdict().get(g)), None)
    if said and re.fullmatch(MANY_WORD, said, re.IGNORECASE):
        return True
    if not said:
        before = m.string[max(0, m.start() - 30) : m.start()]
        words = before.split()[-3:]
        if arabic:
            return any(w in _AR_VAGUE for w in words)
        found = numbers_in(" ".join(words))
        return (
            bool(found)
            and found[-1].vague
            and _WORDS_BETWEEN.match(" ".join(words)[found[-1].end :] + " ") is not None
        )
    if arabic and said in _AR_VAGUE:
        return True
    found = arabic_numbers(said) if arabic else numbers_in(said)
    return bool(found) and all(n.vague for n in found)


def _count(m: re.Match[str], text: str, arabic: bool) -> int | None:
    """The number of violations a match counts: "violated it 12 times", "15 (new) violations",
    "12 خرقاً": a number at most two words before the noun."""
    if m.groupdict().get("zero") or m.groupdict().get("zero2"):
        return 0
    if m.groupdict().get("twice"):
        return _TIMES[m.group("twice").lower()]
    if m.groupdict().get("dual"):
        return 2  # "صاروخين": two rockets
    for group in _NUMBERED:
        if m.groupdict().get(group):
            if arabic:
                if m.group(group) in _AR_VAGUE:
                    return None
                found = [n for n in arabic_numbers(m.group(group)) if not n.vague]
                return found[0].value if found else None
            return number(m.group(group))
    before = text[max(0, m.start() - 40) : m.start()]
    found = [n for n in (arabic_numbers(before) if arabic else numbers_in(before)) if not n.vague]
    if not found or not _WORDS_BETWEEN.match(before[found[-1].end :]):
        return None
    return found[-1].value


def _hedged(text: str, start: int, arabic: bool) -> bool:
    """A hope, demand, plan or condition before the claim's words (in its clause), or the
    claim's words in a clause of time about something else ("killed since the truce broke
    down")."""
    before = text[max(0, start - 60) : start]
    if not arabic and _BACKGROUND.search(before):
        return True
    before = re.split(r"[,;:]", before)[-1] if not arabic else before
    return (AR_NOT_A_CLAIM if arabic else NOT_A_CLAIM).search(before) is not None


_BACKGROUND = re.compile(
    r"\b(?:since|after|when|before|until|once|as)\s+(?:the\s+|a\s+|it\s+|its\s+)?(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


# "..., he said": the article's speaker before
_PRONOUN_SAYS = re.compile(r"\b(?:he|she|they)\s+(?:said|added|told|says)\b", re.IGNORECASE)
_SHARED_OFFICE = frozenset(["military", "army", "command", "ministry", "forces", "government"])


def _with_state(
    speaker: Speaker | None, previous: Speaker | None, earlier: list[tuple[str, Speaker]]
) -> Speaker | None:
    """A speaker of no state takes one from the article's speakers before it: a person named
    by name alone ("Toner said", "وقال كيربي") that of the sentence that introduced the name
    ("Mark Toner, a State Department spokesman"; ``earlier``: each sentence with its speaker);
    an office ("a military spokesman", "the general command") that of the speaker before it
    when both speak for the armed forces or a government ("Ukraine's military said ...")."""
    if speaker is None or speaker.state:
        return speaker
    if speaker.person and not speaker.office:
        name = speaker.person.split()[-1]
        for text, who in reversed(earlier):
            if who.state and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                return Speaker(speaker.person, who.office, who.state)
    if previous is None or previous.state is None:
        return speaker
    mine = set((speaker.office or "").lower().split()) & _SHARED_OFFICE
    theirs = set((previous.office or "").lower().split()) & _SHARED_OFFICE
    if not mine or not theirs:
        return speaker
    return Speaker(speaker.person, speaker.office, previous.state)


def _pack_scope(
    gaz: Gazetteer, published: datetime, scope: tuple[str, ...], sentence: str
) -> tuple[str, ...]:
    """``scope`` as the country's names files name it, with or without a pack: its theatre,
    its areas' places (:mod:`trucewatch.text.scope_names`), as for truce drafts."""
    code = gaz.countries[0] if gaz.countries else None
    return in_theatre(code, in_areas(code, published.date(), scope, [sentence]), published.date())


def _gazetteer(given: Gazetteer | None, country: str | None) -> Gazetteer:
    """The gazetteer of ``country``: ``given`` when it holds that country; a country without a
    pack has no gazetteer (its places are read as written, :mod:`~trucewatch.text.claim_areas`),
    never another country's, whose places would be wrong ("الخرطوم" is no Syrian town)."""
    code = country.upper() if country else None
    if given is not None and (code is None or not given.countries or code in given.countries):
        return given
    if code is not None and code not in shipped_packs():
        return Gazetteer(countries=(code,))
    return default_gazetteer(countries=(code,) if code else DEFAULT_COUNTRIES)


def _timezone(gaz: Gazetteer) -> str:
    """The zone claim periods are read in: the gazetteer's, else its country's (zone.tab)."""
    if gaz.places or not gaz.countries:
        return gaz.home_timezone()
    from trucewatch.text.statements import country_zone

    return country_zone(gaz.countries[0]) or gaz.home_timezone()


def find_claims(
    article: Article, gazetteer: Gazetteer | None = None, *, country: str | None = None
) -> list[Claim]:
    """The claims of ``article`` about how a truce is going, one per sentence that makes one
    (see the module docstring). ``country``: the ISO code of the country the article is about
    (its pack's places and spellings; default the gazetteer's, else SY). Needs
    ``article.published`` (ValidationError otherwise): periods are relative to it."""
    published = article.require_published("claim periods ('in the past week')")
    gaz = _gazetteer(gazetteer, country)
    rules = rules_for(article)
    arabic = rules.language == "ar"
    out: list[Claim] = []
    truce_area: tuple[list[str], bool] | None = None
    started: datetime | bool | None = None  # the truce's start; False: looked for, not found
    previous_speaker: Speaker | None = None
    previous_places: list[str] = []
    earlier: list[tuple[str, Speaker]] = []  # each sentence with a speaker, and the speaker
    parts = list(rules.sentences(article.text))
    texts = [article.title or ""] + [sentence for _a, _b, sentence in parts]  # headline first
    for start, end, sentence in parts:
        speaker = _with_state(find_speaker(sentence), previous_speaker, earlier)
        quote = sentence.lstrip().startswith(("“", '"', "'", "«")) or bool(
            _PRONOUN_SAYS.search(sentence)
        )
        places = found_places(sentence, rules, gaz, speaker)
        text = fold(sentence).text if arabic else sentence
        for kind, m in _matches(text, arabic):
            claimant = speaker or (previous_speaker if quote else None)
            if truce_area is None:
                truce_area = find_truce_area(texts, rules, gaz, arabic)
            scope, nationwide = claim_area(text, places, previous_places, truce_area, arabic)
            named = _pack_scope(gaz, published, tuple(scope), sentence)
            if named != tuple(scope):  # "the truce is holding" in Gaza: the theatre, not a nation
                scope, nationwide = list(named), False
            tz = _timezone(gaz)
            confidence = 0.5 + 0.15 * (claimant is not None) + 0.1 * bool(scope or nationwide)
            period = claim_period(text, rules, published, tz, arabic)
            if period is True:
                if started is None:
                    started = truce_start(texts, rules, published, tz, arabic) or False
                period = started or None
            period_start = period if isinstance(period, datetime) else None
            confidence += 0.1 * (period_start is not None)
            out.append(
                Claim(
                    kind=kind,
                    article_id=article.id,
                    span=Span(start, end, sentence),
                    claimant=claimant,
                    scope=tuple(scope),
                    nationwide=nationwide,
                    period_start=(
                        min(period_start, published).astimezone(zone(tz)) if period_start else None
                    ),
                    period_end=published,
                    direction=DIRECTION[kind],
                    count=_count(m, text, arabic) if kind == "violations_counted" else None,
                    confidence=round(min(confidence, 0.95), 2),
                )
            )
        previous_speaker = speaker or previous_speaker
        if speaker is not None:
            earlier.append((sentence, speaker))
        previous_places = places or previous_places
    return _once(out)


def _once(claims: list[Claim]) -> list[Claim]:
    """Each claim once: a claim the same claimant makes again about the same area, period and
    count ("the truce is holding", then "'it is largely holding,' he added") is the first; a
    claim of violations without a number ("breached it repeatedly") is dropped where the
    article counts them in the same area ("violated it 17 times"): the count says more."""
    counted = {
        (c.scope, c.nationwide)
        for c in claims
        if c.kind == "violations_counted" and c.count is not None
    }
    seen: set[tuple[object, ...]] = set()
    out = []
    for c in claims:
        if (
            c.kind == "violations_counted"
            and c.count is None
            and (c.scope, c.nationwide) in counted
        ):
            continue
        key = (c.kind, c.claimant, c.scope, c.nationwide, c.period_start, c.count)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
