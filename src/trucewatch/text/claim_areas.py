"""The area a claim is about: the places its sentence names, the truce's, or the country.

The places of the claim's sentence count, except its dateline ("DAMASCUS —"), its asides ("although
fighting was reported around Taiz", "most of them in Latakia", "after offensives in X"), places
in the speaker's name ("Russia's Hmeimim centre") and places that only locate another ("Eastern
Ghouta near Damascus"). A sentence that calls its truce nationwide is nationwide; one that points
back ("there", "in these areas") takes the places of the sentence before; otherwise the area is
that of the truce the article is about: the first mention of a truce (headline first) that names
places, or says nationwide, or names the country alone; nationwide when none does
(:func:`trucewatch.text.claims.find_claims`).
"""

from __future__ import annotations

import re

from trucewatch.model.event import LocationPrecision
from trucewatch.text.arabic.letters import fold
from trucewatch.text.claim_periods import AR_TRUCE, TRUCE
from trucewatch.text.claim_places_ar import arabic_country_names, arabic_places
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.packs import country_name, pack, shipped_packs
from trucewatch.text.places import PlaceMatch
from trucewatch.text.rule_sets import RuleSet
from trucewatch.text.sentences import DATELINE
from trucewatch.text.statement_model import Speaker
from trucewatch.text.statements.speakers import find_speaker

__all__ = ["claim_area", "found_places", "truce_area"]

_TRUCE_WORD = re.compile(rf"\b{TRUCE}\b", re.IGNORECASE)
_AR_TRUCE_WORD = re.compile(fold(AR_TRUCE).text)
_NATIONWIDE = re.compile(
    r"\b(?:overall|nationwide|across the country|country-?wide|throughout the country|"
    r"in the whole country|across (?:all|most) (?:of )?(?:the )?(?:country|areas)|"
    r"all over the country)\b",
    re.IGNORECASE,
)
_STRONGLY_NATIONWIDE = re.compile(
    r"\b(?:nationwide|countrywide|country-wide|across the country|throughout the country)\b",
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

# a clause whose places are not the claim's area: an exception, a cause, where most of it was
_ASIDE = re.compile(
    r"(?:,\s*|\s)(?:although|though|but|after|except|while|whereas|despite|apart from|"
    r"mostly|most of them|including|among them|such as|"
    r"with (?:clashes|fighting|attacks|shelling))\b",
    re.IGNORECASE,
)


def found_places(text: str, rules: RuleSet, gaz: Gazetteer, speaker: Speaker | None) -> list[str]:
    """The places of ``text`` a claim may be about: its dateline ("DAMASCUS —") and its aside
    ("although fighting was reported around Taiz", "most of them in Latakia") left out."""
    dateline = DATELINE.match(text)
    body = text[dateline.end() :] if dateline else text
    aside = None if rules.language == "ar" else _ASIDE.search(body)  # English asides only
    if aside is not None:
        body = body[: aside.start()]
    if not gaz.places and rules.language == "ar" and gaz.countries:  # a country without a pack
        return arabic_places(fold(body).text, gaz.countries[0])  # a table of Arabic names
    if not gaz.places and rules.language != "ar":
        words = " ".join(w for w in (speaker.office, speaker.person) if w) if speaker else ""
        return [name for name in written_places(body) if name not in words]
    sides = rules.find_actors(body, gaz.actors)  # "Kiev's forces", "كييف": a side, not a place
    found = [
        p
        for p in rules.find_places(body, gaz)
        if not _government(body, p) and not any(a.start < p.end and p.start < a.end for a in sides)
    ]
    return _places(found, speaker)


# a capital named for its government: "urged Moscow to restrain Damascus", "Damascus said"
_PRESSED = re.compile(
    r"\b(?:urg\w*|press\w*|restrain\w*|convinc\w*|persuad\w*|warn\w*|call\w* on|accus\w*|"
    r"blam\w*|told|ask\w*)\s+$",
    re.IGNORECASE,
)
_SPEAKS = re.compile(
    r"^\s+(?:said|says|has said|had said|agreed|has agreed|accused|rejected|denied|insist\w*|"
    r"announced|welcomed)\b"
)


def _government(text: str, place: PlaceMatch) -> bool:
    """Whether a place is named for its government (the object of "urged", the subject of
    "said"), not as where anything happens."""
    before = text[max(0, place.start - 25) : place.start]
    return bool(_PRESSED.search(before) or _SPEAKS.match(text[place.end : place.end + 25]))


_NAME = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
_WRITTEN = re.compile(
    r"(?P<before>\b(?:agreed|signed|brokered|reached|negotiated|talks|meeting|summit|reporters|"
    r"mediators|based|conference|briefing|speech|interview|visit|statement|journalists|"
    r"(?:talks|meeting|summit|conference|negotiations) (?:held|hosted))\s+)?"
    r"\b(?:in|into|across|around|over|from|near|inside|throughout)\s+(?:the\s+)?(?:(?:much|most|"
    r"parts?) of (?:the\s+)?)?(?:(?:northern|southern|eastern|western|central|north|south|east|"
    rf"west)\s+)?(?P<names>{_NAME}(?:(?:,\s+|,?\s+and\s+(?:the\s+)?){_NAME})*)"
)
#: a truce named by its place: "Gaza truce holds" (only when no sentence says where)
_MODIFIER = re.compile(rf"(?<![\w'‘“\"])(?P<names>{_NAME})\s+{TRUCE}\b")
_NOT_A_PLACE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An|He|She|"
    r"It|They|We|Easter|Christmas|Eid|Ramadan|New Year|Orthodox|Passover|Victory|Day|Olympics?|"
    r"Group|Council|Committee|Forces|Army|Brigade|Mission|Ministry|Centre|Center|"
    r"Office|Agency|Organi[sz]ation|Nations|Union|Command|Front|Movement|Party|Government|"
    r"Authority|Department|Contact|Observatory|Television|News|Press|Red)\b"
)


def written_places(text: str, pattern: re.Pattern[str] = _WRITTEN) -> list[str]:
    """Places as written, for a country without a gazetteer: the names after "in", "across",
    "from", "near" ("across the Donetsk and Luhansk regions" → Donetsk, Luhansk; "fired from
    Gaza" → Gaza); not a state ("in Israel"), a month, an organisation ("in the Trilateral
    Contact Group"), nor the venue of talks ("the ceasefire agreed in Minsk")."""
    from trucewatch.text.statements.lexicon import STATE_NAMES

    out: list[str] = []
    for m in pattern.finditer(text):
        if m.groupdict().get("before"):
            continue
        for name in re.split(r",?\s+and\s+(?:the\s+)?|,\s+", m.group("names")):
            if _NOT_A_PLACE.search(name) or STATE_NAMES.fullmatch(name) or name in out:
                continue
            out.append(name)
    return out


def _places(found: list[PlaceMatch], speaker: Speaker | None) -> list[str]:
    """The places a sentence's claim is about: below country level, in order, once; not a
    place in the speaker's name ("Russia's Hmeimim centre"), nor one that only locates the
    place before it ("Eastern Ghouta near Damascus")."""
    words = " ".join(w for w in (speaker.office, speaker.person) if w) if speaker else ""
    names: list[str] = []
    for i, p in enumerate(found):
        if p.precision is LocationPrecision.COUNTRY or (words and p.text in words):
            continue
        locator = (
            i > 0
            and (p.qualifier or "").startswith("near:near")
            and p.start - found[i - 1].end < 12
        )
        if not locator and p.place.name not in names:
            names.append(p.place.name)
    return names


def _countries(gaz: Gazetteer) -> re.Pattern[str]:
    """The names of the gazetteer's countries ("Syria", "Yemen"), as a claim's area."""
    shipped = [c for c in gaz.countries if c in shipped_packs()]
    names = [n for c in shipped for n in (pack(c).country, *pack(c).names)]
    names += [country_name(c) for c in gaz.countries]
    return re.compile(
        r"\b(?:" + "|".join(sorted(map(re.escape, set(names)), key=len)[::-1]) + r")\b"
    )


def truce_area(
    texts: list[str], rules: RuleSet, gaz: Gazetteer, arabic: bool
) -> tuple[list[str], bool]:
    """The area of the truce the article is about: the places of the first mention of a truce
    (``texts``: the headline, then the sentences; only the clause that names the truce, not
    "strikes hit X as truce frays") that names any, or nationwide when it says so or names the
    country alone (not "eastern Ukraine", "شرق أوكرانيا": a region)."""
    truce = _AR_TRUCE_WORD if arabic else _TRUCE_WORD
    nation = _AR_NATIONWIDE if arabic else _NATIONWIDE
    countries = _countries(gaz)
    if arabic:
        names = [n for c in gaz.countries for n in arabic_country_names(c)]
        countries = re.compile("|".join(map(re.escape, names))) if names else re.compile(r"$^")
    for whole in texts:
        for text in (_AR_CLAUSE if arabic else _CLAUSE).split(whole):
            folded = fold(text).text if arabic else text
            if not truce.search(folded):
                continue
            if _STRONGLY_NATIONWIDE.search(text):
                return [], True
            places = found_places(text, rules, gaz, find_speaker(text))
            if places:
                return places, False
            if nation.search(folded) or _country_alone(countries, folded, arabic):
                return [], True
    if not gaz.places and not arabic:  # "Gaza truce holds": the truce named by its place
        # only a name the article also writes as a place ("from Gaza"): not "Easter truce",
        # nor "Minsk ceasefire" (agreed in Minsk: a venue)
        written = {n for text in texts for n in written_places(text)}
        named = [n for text in texts for n in written_places(text, _MODIFIER) if n in written]
        if named:
            return named[:1], False
    return [], True  # no place named for the truce anywhere: the country's


# a clause of its own: "strikes hit X as truce frays", "...، تنفيذاً لاتفاق وقف إطلاق النار"
_CLAUSE = re.compile(r"\s+(?:as|while|whereas)\s+|,\s+(?=[a-z]+ing\b)")
_AR_CLAUSE = re.compile(r"،|\s(?:إذ|فيما|بينما)\s")
_REGION = re.compile(r"\b(?:eastern|western|northern|southern|central|east|west|north|south)\s+$")
_AR_REGION = re.compile(fold(r"(?:شرق|غرب|شمال|جنوب|وسط)\s+(?:\S+\s+)?$").text)


def _country_alone(countries: re.Pattern[str], text: str, arabic: bool) -> bool:
    """Whether ``text`` names the country itself, not a region of it ("eastern Ukraine")."""
    region = _AR_REGION if arabic else _REGION
    return any(not region.search(text[: m.start()]) for m in countries.finditer(text))


def claim_area(
    text: str, places: list[str], previous: list[str], truce: tuple[list[str], bool], arabic: bool
) -> tuple[list[str], bool]:
    """The claim's places and whether it is nationwide (see the module docstring): ``text``
    the claim's sentence (folded when Arabic), ``places`` its own, ``previous`` those of the
    sentence before, ``truce`` the article's truce area."""
    if _STRONGLY_NATIONWIDE.search(text):
        return [], True  # "a nationwide cessation ... was broadly observed"
    if places:
        return places, False
    if (_AR_NATIONWIDE if arabic else _NATIONWIDE).search(text):
        return [], True
    if (_AR_BACK if arabic else _BACK).search(text) and previous:
        return previous, False
    return truce
