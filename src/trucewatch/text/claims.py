"""Claims in news text about how a truce is going, as :class:`Claim` data to check.

"We have seen an overall decrease in violence", "the truce is largely holding", "violence has
increased", "the truce has collapsed", "rebels violated the truce 12 times in 24 hours": each
sentence that makes one gives a claim with its kind (:data:`CLAIM_KINDS`), the claimant (the
sentence's speaker, or the speaker of the sentence before a bare quote:
:mod:`trucewatch.text.claimants`), the area (the places the sentence names; else, when it
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
from collections.abc import Iterable
from datetime import datetime, timedelta

from trucewatch.model.event import LocationPrecision
from trucewatch.text.arabic.letters import fold
from trucewatch.text.arabic.numbers import numbers_in as arabic_numbers
from trucewatch.text.claimants import find_speaker
from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import Gazetteer, default_gazetteer
from trucewatch.text.numbers import numbers_in
from trucewatch.text.packs import DEFAULT_COUNTRIES
from trucewatch.text.places import PlaceMatch
from trucewatch.text.rule_sets import RuleSet, rules_for
from trucewatch.text.statement_model import CLAIM_KINDS, Claim, Span, Speaker

__all__ = ["CLAIM_KINDS", "find_claims"]

_TRUCE = (
    r"(?:truce|ceasefire|cease-fire|cessation of hostilities|regime of calm|calm|"
    r"humanitarian (?:pause|truce)|armistice|deal|agreement)"
)
_VIOLENCE = (
    r"(?:violence|fighting|hostilities|attacks|clashes|shelling|bombardment|bombing|air ?strikes|"
    r"strikes|violations|breaches|combat|killings|casualties|deaths|civilian deaths)"
)
_DOWN = (
    r"(?:decrease[sd]?|declin(?:e[sd]?|ing)|drop(?:ped|s)?|fall(?:en|s|ing)?|fell|reduc(?:tion|ed)|"
    r"lower(?:ed)?|eas(?:ed|ing)|subsided|diminish(?:ed)?|dwindl(?:ed|ing)|abated|slowed|"
    r"(?:has|have) gone down|down)"
)
_UP = (
    r"(?:increase[sd]?|increasing|rise|rose|risen|rising|surge[sd]?|escalat(?:ed|ion|ing)|"
    r"intensif(?:ied|ication|ying)|spike[sd]?|upsurge|upswing|mount(?:ed|ing)|flare[ds]? up|"
    r"spiked|(?:has|have) gone up|worsen(?:ed|ing))"
)
_Q = r"(?:\s+(?:\w+\s+){0,3}?)"  # a few words between ("a significant drop in the level of")
_EN: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(p, re.IGNORECASE))
    for kind, p in (
        (
            "violations_counted",
            r"\b(?:violat\w*|breach\w*|broke|broken)\b[^.;]{0,60}?\b(?P<n>\S+)\s+times\b"
            r"|\b(?:violations|breaches|infringements)\b",
        ),
        (
            "truce_collapsed",
            rf"\b{_TRUCE}\b[^.;]{{0,40}}?\b(?:(?:has|had|have)\s+)?(?:collapsed|broke down|"
            rf"broken down|fell apart|crumbled|unravell?ed|(?:is|was) (?:in tatters|over|dead)|"
            rf"(?:is|was) no longer (?:holding|in force|in effect)|failed to hold|"
            rf"(?:is|was|has) not (?:holding|held|been respected))"
            rf"|\b(?:collapse|breakdown)\s+of\s+(?:the\s+)?(?:\w+\s+){{0,3}}?{_TRUCE}\b",
        ),
        (
            "truce_holding",
            rf"\b{_TRUCE}\b[^.;]{{0,40}}?\b(?:(?:is|was|has been|had been|remains?|remained)\s+)?"
            rf"(?:largely\s+|mostly\s+|broadly\s+|generally\s+|still\s+|largely being\s+)?"
            rf"(?:holding|held|respected|observed|intact|in place|stable)\b",
        ),
        (
            "violence_increased",
            rf"\b{_UP}{_Q}?\s*(?:in|of)\s+(?:the\s+)?(?:\w+\s+){{0,2}}?{_VIOLENCE}\b"
            rf"|\b{_VIOLENCE}\b[^.;]{{0,30}}?\b(?:(?:has|have|had)\s+)?{_UP}\b"
            rf"|\bmore\s+{_VIOLENCE}\b",
        ),
        (
            "violence_decreased",
            rf"\b{_DOWN}{_Q}?\s*(?:in|of)\s+(?:the\s+)?(?:\w+\s+){{0,2}}?{_VIOLENCE}\b"
            rf"|\b{_VIOLENCE}\b[^.;]{{0,30}}?\b(?:(?:has|have|had)\s+)?(?:been\s+)?{_DOWN}\b"
            rf"|\b(?:less|fewer)\s+{_VIOLENCE}\b|\brelative\s+calm\b|\bcalm\s+(?:has\s+)?"
            rf"(?:prevailed|returned|largely prevailed)",
        ),
    )
)
# Arabic: tried on the folded text (hamza forms, taa marbuta, alif maqsura as one letter)
_AR_TRUCE = r"(?:الهدنة|هدنة|وقف إطلاق النار|وقف اطلاق النار|التهدئة|وقف الأعمال العدائية|الاتفاق)"
_AR_VIOLENCE = r"(?:العنف|أعمال العنف|المعارك|القصف|الاشتباكات|الغارات|الخروقات|المواجهات)"
_AR = tuple(
    (kind, re.compile(fold(p).text))
    for kind, p in (
        (
            "violations_counted",
            r"(?:خرقا|خرقاً|خروقات|خرق|انتهاكا|انتهاكاً|انتهاكات)",
        ),
        (
            "truce_collapsed",
            rf"(?:انهيار|انهارت|انهار|سقوط|سقطت)\s+(?:\S+\s+)?{_AR_TRUCE}"
            rf"|{_AR_TRUCE}\s+(?:\S+\s+){{0,2}}?(?:انهارت|انهار|سقطت)",
        ),
        (
            "truce_holding",
            rf"{_AR_TRUCE}\s+(?:\S+\s+){{0,3}}?(?:صامدة|صامد|متماسكة|صمدت|تصمد|مستمرة)"
            rf"|صمود\s+{_AR_TRUCE}",
        ),
        (
            "violence_increased",
            rf"(?:تصاعد|ازدياد|زيادة|ارتفاع|تصعيد|تزايد)\s+(?:\S+\s+)?{_AR_VIOLENCE}"
            rf"|{_AR_VIOLENCE}\s+(?:\S+\s+)?(?:تصاعدت|ازدادت|تزايدت|ارتفعت)",
        ),
        (
            "violence_decreased",
            rf"(?:تراجع|انخفاض|تراجعا|انخفاضا|تقلص|تراجعت|انخفضت|تقلصت|هدوء|تراجع حدة|"
            rf"انحسار|انحسرت|خفت|خفض)\s+(?:\S+\s+)?{_AR_VIOLENCE}"
            rf"|{_AR_VIOLENCE}\s+(?:\S+\s+)?(?:تراجعت|انخفضت|تقلصت|تراجع|انخفض|انحسرت)",
        ),
    )
)
_DIRECTION = {
    "violence_decreased": "down",
    "violence_increased": "up",
    "truce_holding": None,
    "truce_collapsed": "up",
    "violations_counted": None,
}
# a hope, a demand, a plan, a condition or a question is not a claim of what happened
_NOT_A_CLAIM = re.compile(
    r"\b(?:hope[sd]?|hoping|aim(?:s|ed)? to|want(?:s|ed)? to|call(?:s|ed)? for|urg(?:e[sd]?|ing)|"
    r"demand(?:s|ed)?|in order to|so as to|designed to|intended to|meant to|seek(?:s|ing)? to|"
    r"sought to|would|could|should|might|may|will|if|unless|whether|expected to|to ensure|"
    r"to reduce|to bring about|to secure|efforts to|aimed at)\b",
    re.IGNORECASE,
)
_AR_NOT_A_CLAIM = re.compile(
    fold(
        r"(?<!\w)(?:نأمل|يأمل|تأمل|نتمنى|دعا|دعت|طالب|طالبت|يهدف|تهدف|بهدف|من أجل|إذا|لو|سوف)"
        r"(?!\w)"
    ).text
)
_NATIONWIDE = re.compile(
    r"\b(?:overall|nationwide|across the country|country-?wide|throughout the country|"
    r"in the whole country|across (?:all|most) (?:of )?(?:the )?(?:country|areas)|"
    r"all over the country)\b",
    re.IGNORECASE,
)
_AR_NATIONWIDE = re.compile(
    fold(r"(?:جميع أنحاء|كافة أنحاء|في عموم|على مستوى البلاد|بشكل عام)").text
)
_BACK = re.compile(
    r"\b(?:there|in these areas|in those areas|in the area|in the city|in the region|"
    r"in the town|in these regions|in both areas|in the province)\b",
    re.IGNORECASE,
)
_AR_BACK = re.compile(fold(r"(?:هناك|في هذه المناطق|في المدينة|في المنطقة|فيها)").text)
# the start of a period: "in the past week", "over the last 24 hours", "in the past three days"
_UNITS = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}
_PAST = re.compile(
    r"\b(?:in|over|during|for|within)?\s*(?:the\s+)?(?:past|last|previous)\s+"
    r"(?:(?P<n>\d+|\w+)\s+)?(?P<unit>hour|day|week|month)s?\b",
    re.IGNORECASE,
)
_IN_N = re.compile(r"\b(?:in|within)\s+(?P<n>\d+|\w+)\s+(?P<unit>hour|day|week)s?\b", re.IGNORECASE)
_SINCE = re.compile(r"\bsince\s+", re.IGNORECASE)
_SINCE_TRUCE = re.compile(
    rf"\bsince\s+(?:the\s+)?(?:(?:start|beginning)\s+of\s+(?:the\s+)?)?(?:\w+\s+)?{_TRUCE}",
    re.IGNORECASE,
)
_AR_PAST = re.compile(
    fold(
        r"(?:خلال|في)\s+(?:ال)?(?:(?P<n>\d+|\S+)\s+)?(?P<unit>ساعة|ساعات|الساعات|يوم|أيام|الأيام|"
        r"أسبوع|الأسبوع|الأسابيع)\s*(?:ال)?(?:(?P<n2>\d+)\s+)?(?:الماضية|الماضي|الأخيرة|الأخير)"
    ).text
)
_AR_UNITS = {
    "ساع": timedelta(hours=1),
    "الساع": timedelta(hours=1),
    "يوم": timedelta(days=1),
    "ايام": timedelta(days=1),
    "الايام": timedelta(days=1),
    "اسبوع": timedelta(weeks=1),
    "الاسبوع": timedelta(weeks=1),
    "الاسابيع": timedelta(weeks=1),
}


def _number(word: str | None) -> int | None:
    if not word:
        return None
    found = [n for n in numbers_in(word) if not n.vague]
    return found[0].value if found else None


def _match(sentence: str, arabic: bool) -> tuple[str, re.Match[str], str] | None:
    """The first kind whose pattern the sentence matches, with the match and the text it was
    tried on (the folded text for Arabic)."""
    text = fold(sentence).text if arabic else sentence
    for kind, pattern in _AR if arabic else _EN:
        for m in pattern.finditer(text):
            if kind != "violations_counted" or _count(m, text, arabic) is not None:
                return kind, m, text
    return None


_WORDS_BETWEEN = re.compile(r"^\s*(?:\S+\s+){0,2}$")


def _count(m: re.Match[str], text: str, arabic: bool) -> int | None:
    """The number of violations a match counts: "violated it 12 times", "15 (new) violations",
    "12 خرقاً": a number at most two words before the noun."""
    if m.groupdict().get("n"):
        return _number(m.group("n"))
    before = text[max(0, m.start() - 40) : m.start()]
    found = [n for n in (arabic_numbers(before) if arabic else numbers_in(before)) if not n.vague]
    if not found or not _WORDS_BETWEEN.match(before[found[-1].end :]):
        return None
    return found[-1].value


def _hedged(text: str, start: int, arabic: bool) -> bool:
    """A hope, demand, plan or condition before the claim's words (in its clause)."""
    before = text[max(0, start - 60) : start]
    before = re.split(r"[,;:]", before)[-1] if not arabic else before
    return (_AR_NOT_A_CLAIM if arabic else _NOT_A_CLAIM).search(before) is not None


def _period(
    text: str, rules: RuleSet, published: datetime, tz: str, arabic: bool
) -> datetime | None:
    """When the claim's period starts (it ends at publication), or None: since the truce."""
    past = (_AR_PAST if arabic else _PAST).search(text)
    if past is not None:
        n = past.groupdict().get("n2") or past.group("n")
        count = (
            (arabic_numbers(n)[0].value if arabic_numbers(n) else None)
            if arabic and n
            else _number(n)
        )
        count = count or 1
        unit_word = past.group("unit").lower()
        if arabic:
            unit = next((u for k, u in _AR_UNITS.items() if unit_word.startswith(k)), None)
            if unit is None:
                return None
        elif unit_word == "month":
            unit = timedelta(days=30)
        else:
            unit = _UNITS[unit_word]
        return published - count * unit
    if arabic:
        if "منذ" in text:
            found = rules.resolve_date(text[text.index("منذ") :], published, tz)
            return None if found is None else found.interval.start
        return None
    if _SINCE_TRUCE.search(text):
        return None
    since = _SINCE.search(text)
    if since is not None:
        found = rules.resolve_date(text[since.end() - len(since.group()) :], published, tz)
        if found is not None and found.start <= len(since.group()) + 2:
            return found.interval.start
        return None
    window = _IN_N.search(text)
    if window is not None and _number(window.group("n")):
        return published - (_number(window.group("n")) or 1) * _UNITS[window.group("unit").lower()]
    return None


def _places(found: Iterable[PlaceMatch]) -> tuple[list[str], bool]:
    """The claim's places (below country level, in order, once) and whether the country alone
    is named."""
    names: list[str] = []
    country = False
    for p in found:
        if p.precision is LocationPrecision.COUNTRY:
            country = True
        elif p.place.name not in names:
            names.append(p.place.name)
    return names, country


def find_claims(
    article: Article, gazetteer: Gazetteer | None = None, *, country: str | None = None
) -> list[Claim]:
    """The claims of ``article`` about how a truce is going, one per sentence that makes one
    (see the module docstring). ``country``: the ISO code of the country the article is about
    (its pack's places and spellings; default the gazetteer's, else SY). Needs
    ``article.published`` (ValidationError otherwise): periods are relative to it."""
    published = article.require_published("claim periods ('in the past week')")
    gaz = gazetteer or default_gazetteer(countries=(country,) if country else DEFAULT_COUNTRIES)
    rules = rules_for(article)
    arabic = rules.language == "ar"
    out: list[Claim] = []
    previous_speaker: Speaker | None = None
    previous_places: list[str] = []
    for start, end, sentence in rules.sentences(article.text):
        speaker = find_speaker(sentence)
        quote = sentence.lstrip().startswith(("“", '"', "'", "«"))
        places, named_country = _places(rules.find_places(sentence, gaz))
        found = _match(sentence, arabic)
        if found is not None and not _hedged(found[2], found[1].start(), arabic):
            kind, m, text = found
            claimant = speaker or (previous_speaker if quote else None)
            scope: list[str] = places
            nationwide = False
            nation = _AR_NATIONWIDE if arabic else _NATIONWIDE
            if not scope and (nation.search(text) or named_country):
                nationwide = True
            elif not scope and (_AR_BACK if arabic else _BACK).search(text):
                scope = previous_places
            tz = gaz.home_timezone()
            confidence = 0.5 + 0.15 * (claimant is not None) + 0.1 * bool(scope or nationwide)
            period_start = _period(text, rules, published, tz, arabic)
            confidence += 0.1 * (period_start is not None)
            out.append(
                Claim(
                    kind=kind,
                    article_id=article.id,
                    span=Span(start, end, sentence),
                    claimant=claimant,
                    scope=tuple(scope),
                    nationwide=nationwide,
                    period_start=min(period_start, published) if period_start else None,
                    period_end=published,
                    direction=_DIRECTION[kind],
                    count=_count(m, text, arabic) if kind == "violations_counted" else None,
                    confidence=round(min(confidence, 0.95), 2),
                )
            )
        previous_speaker = speaker or previous_speaker
        previous_places = places or previous_places
    return out
