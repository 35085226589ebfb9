"""The English words of truce statements: truce nouns, act verbs, states and offices, the
phrases of exclusions, conditions, deadlines, monitoring and references to an earlier truce.

Patterns are written for phrasing classes ("does not cover X", "X is excluded", "except X"),
not for single sentences; :mod:`.english` applies them.
"""

from __future__ import annotations

import re

from trucewatch.text.statements.pointers import (
    ANAPHOR,
    KNOWN_TRUCE,
    REFERENCE,
    SINCE_BEGAN,
    THAT_BEGAN,
)
from trucewatch.text.statements.term_words import (
    CONDITION,
    DEADLINE,
    DUE_ON,
    EXCLUSION_AFTER,
    EXCLUSION_BEFORE,
    FIGHT_GOES_ON,
    MONITORING,
    NOT_PARTY,
    UN_LISTED,
    UN_NAMED,
    WITHIN,
)

__all__ = [
    "ACT_PATTERNS",
    "ACT_PRIORITY",
    "ANAPHOR",
    "ARABIC_STATES",
    "CAPITALS",
    "CONDITION",
    "DATELINE",
    "DEADLINE",
    "DUE_ON",
    "EXCLUSION_AFTER",
    "EXCLUSION_BEFORE",
    "FIGHT_GOES_ON",
    "HALTS",
    "KNOWN_TRUCE",
    "MONITORING",
    "NATIONWIDE",
    "NOT_PARTY",
    "OFFICE",
    "REFERENCE",
    "REPORTING",
    "SINCE_BEGAN",
    "STATES",
    "THAT_BEGAN",
    "TRUCE",
    "UN_LISTED",
    "UN_NAMED",
    "WITHIN",
    "state_of",
]

#: an English dateline: "RIYADH —", "BENGHAZI, Libya, Jan 18 —", "TEHRAN (Sept 7) -",
#: "MINSK, Sept 20 (wire) -"; its places are where the report was filed
DATELINE = re.compile(
    r"^[A-Z][A-Z/ .'’-]{2,40}(?:,\s+[A-Z][\w .'’-]{1,30}){0,2}(?:\s*\([^()]{1,30}\))?\s+[—–-]\s+"
)

_HALTS = (
    r"(?:paus|halt|stop|suspend|end)(?:e|es|ed|ing|s|ped|ping)? (?:all |its |their |our |the )?"
    r"(?:(?!(?:in|of|on|to|for|against|with|into)\b)[\w-]+ ){0,3}?"
    r"(?:offensive|campaign|assault|(?:missile|drone|air) (?:attacks|strikes))"
)
#: one side's own halt ("paused its offensive"), a truce word and a declaration in one
HALTS = re.compile(rf"\b{_HALTS}", re.IGNORECASE)
TRUCE = re.compile(
    r"\b(?:truce|cease-?fire|cease fire|cessation(?: of (?:hostilities|the fighting))?|"
    r"regimes? of (?:calm|silence)|humanitarian (?:pause|window|corridor)|lull|armistice|"
    r"period of calm|de-?escalation (?:zone|agreement|deal)|halt to (?:the )?fighting|"
    r"ceasefire deal|hudna|tahdia|(?:Black Sea )?grain (?:deal|initiative|corridor)|"
    r"(?<=declared )(?:an |the )?end to (?:the )?(?:violence|hostilities|fighting)|"
    r"(?<=the )(?:calm|pause)|halt to (?:the )?hostilities|"
    # the wider words of wire reports for a truce: "agreed to hold fire", "a peace deal",
    # "a non-aggression pact", "safe passage", "an evacuation deal", "lay down their arms"
    r"h(?:o|e)ld(?:s|ing)? (?:their |its )?fire|peace (?:agreement|deal|accord|pact)|"
    r"non-?aggression (?:pact|agreement)|safe passage|evacuation (?:deal|agreement)|"
    r"reconciliation (?:deal|agreement)|lay(?:s|ing)? down (?:their |its )?(?:arms|weapons)|"
    r"stop (?:the )?(?:fighting|shooting|shelling)|"
    r"(?:halt|stop|cease|suspend)(?:s|ed|ing|ped|ping)? (?:all |its |their )?"
    r"(?:military |combat |offensive )?(?:operations|hostilities|fighting|attacks|offensive)|"
    # "paused its offensive on Hodeidah", "ending its air campaign", "halt missile and drone
    # attacks": one side's own halt
    rf"{_HALTS}|"
    r"(?<=\bto )(?:halt|stop|cease|end) (?:a|the|all) (?:[\w-]+ ){0,2}?(?:of )?(?:fighting|"
    r"hostilities|war))s?\b",  # "a proposal to halt a week of fighting"
    re.IGNORECASE,
)

_V = r"(?:es|ed|e|s|d|ing)?"  # "announce", "announces", "announced"
#: act -> verbs and nouns that make a sentence that act (searched case-insensitively)
ACT_PATTERNS: dict[str, re.Pattern[str]] = {
    act: re.compile(rf"\b(?:{pattern})", re.IGNORECASE)
    for act, pattern in (
        ("extend", rf"extend{_V}\b|extension|prolong{_V}\b|renew{_V}\b|renewal|expand{_V} to"),
        (
            "suspend",
            # "suspend attacks on Israelis for three months": a halt declared (TRUCE), not a
            # truce suspended; "freezes more assets": no truce frozen
            rf"suspend{_V}\b(?! (?:all |its |their |our )?(?:military |combat |armed )?"
            r"(?:operations|hostilities|fighting|attacks|offensive)\b)|suspension|"
            rf"(?:froze|freez{_V}\b)(?! (?:[\w-]+ ){{0,2}}?(?:assets|funds|accounts|bank))|"
            r"put on hold",
        ),
        (
            "end",
            # "ended the truce", not "a promise to end the war" (ending a war is no act on a truce)
            r"(?<!-)ended\b|end(?:s|ing)? (?:the|a|its)\b(?!\s+(?:[\w-]+\s+)?(?:war|fighting|"
            r"conflict|violence|bloodshed|siege|offensive|crisis|campaign)\b)|"
            r"collaps\w*|broke down|breakdown|"
            r"end of (?:the |a |its )?(?:[\w-]+ ){0,2}(?:truce|cease-?fire|calm)|ran out|"
            r"expired|expires|lapsed|is over\b|was over\b|called off|cancel\w*|"
            # "withdrew from the truce", not "troops had withdrawn from the besieged town"
            r"(?:withdr[ae]w\w* from|pulled out of) (?:the |a |an |its |their )?(?:[\w-]+ ){0,2}?"
            r"(?:truce|cease-?fire|agreement|deal|accord|arrangement|talks|negotiations)|"
            r"came to an end|"
            r"(?:(?:would|will|did|does|do|shall) not|won't|wouldn't|didn't|declined to|"
            r"decided not to) (?:renew|extend|prolong)\b",
        ),
        (
            "reject",
            # "the conditions for a ceasefire had not been met": not now
            r"conditions\s+(?:for\s+[^.;]{0,40}?\s+)?(?:were|are|was|is|had|have|has)\s+not\s+"
            r"(?:yet\s+)?(?:been\s+)?(?:met|there|ripe|right)\b|"
            r"reject\w*|refus\w*|turned down|dismiss\w*|will not (?:abide|respect|observe)|"
            r"(?:would|will) not (?:accept|commit)|not bound by",
        ),
        (
            "accuse",
            r"accus\w+ [^.;]{0,80}?(?:violat|breach|break|wreck|undermin|sabotag|trampl)\w*|"
            # "accused the Houthis of firing on a convoy": an attack in a truce, a breach (not
            # "with each side accusing the other of opening fire": how it broke down)
            r"accus(?:es|ed|e) [^.;]{0,60}?\bof (?:firing|shelling|attacking|bombing|launching|"
            r"opening fire)\b|blam\w+ [^.;]{0,80}?"
            r"(?:violat|breach)\w*|violat\w*|breach\w*|brok(?:e|en) (?:the|a|its)\b|breaking the|"
            # "had been broken at once", not "a ceasefire that has been broken almost daily"
            # (how it has gone) nor "talks had broken down"
            r"(?<!that has been )(?<!that had been )(?<!which has been )(?<!which had been )"
            r"broken\b(?!\s+(?:up|down|off|out|into|through|the|a|its)\b)|"
            r"violation|(?:only )?return(?:ed|ing) fire|"  # "only returned fire": the other fired
            # "counted 112 attacks by rebels since the truce took effect": breaches counted
            r"(?:count|record|register|log)(?:s|ed)? [^.;]{0,20}?\d[\d,]* (?:[\w-]+ ){0,2}?"
            r"(?:attacks|violations|breaches|shellings)",
        ),
        (
            "accept",
            rf"accept{_V}\b|acceptance|welcom{_V}\b|committed to|commit{_V} to|"
            r"(?:will|shall) (?:also )?(?:abide|respect|observe(?! an?\b)|honou?r|adhere)|"
            r"(?:answer|respond|heed)(?:ing|ed)? (?:to )?(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
            r"(?:call|appeal|proposal|initiative|plan|request)|in response to (?:a|an|the)\s+"
            r"(?:[\w-]+\s+){0,2}?(?:call|appeal|proposal|initiative|plan|request)|"
            r"agreed to (?:abide|respect|"
            rf"observe|honou?r|join|adhere)|endors{_V}\b|signed up|adher{_V}\b|abide by|"
            r"joined the",
        ),
        (
            "agree",
            rf"agree{_V}\b|agreement|reached|broker(?:s|ed)\b|negotiated|signed\b|"
            r"struck (?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:deal|agreement|accord|truce|"
            r"cease-?fire|bargain)\b|"
            # "a deal", not "leave local tribes to deal with the rebels"
            r"(?<!\bto )deal\b(?! with\b)|sealed",
        ),
        (
            "declare",
            rf"declar{_V}\b|declaration|announc{_V}\b|announcement|proclaim{_V}\b|"
            r"(?:came|come|comes|went|go|goes|going|coming) into (?:force|effect)|took effect|"
            r"takes? effect|taking effect|entered into force|in force|began|begins?|beginning|"
            r"t(?:ook|akes?|aking) hold|"
            r"begun|start(?:s|ed|ing)?\b|unilateral|ordered|called (?:a|an)\b|imposed|"
            r"went into|kicked in|effective|was (?:set|established)|set up|"
            # "it would observe a 24-hour ceasefire": a truce of its own, not one named before
            r"(?:would|will) observe an? |"
            rf"{_HALTS}|"
            # "government forces halted their offensive": a halt of one side's own
            r"(?:halt(?:s|ed|ing)?|stop(?:s|ped|ping)?) (?:all |its |their )?(?:military |combat )?"
            r"(?:operations|offensive|attacks|hostilities)|"
            # "its army would stop fighting in Misrata": a halt it says it makes
            r"(?<=would )(?:stop|halt|cease) fighting|(?<=will )(?:stop|halt|cease) fighting",
        ),
    )
}
#: which act a sentence with several is: the first of these it has
ACT_PRIORITY: tuple[str, ...] = (
    "reject",  # "rejected a proposal to extend the truce"
    "extend",
    "suspend",
    "accuse",
    "end",
    "accept",
    "agree",
    "declare",
)

#: state name -> how the press names it (names, adjectives, capitals, institutions)
STATES: dict[str, tuple[str, ...]] = {
    "United States": (
        "United States",
        "U.S.",
        "US",
        "USA",
        "America",
        "American",
        "Washington",
        "State Department",
        "Department of State",
        "Pentagon",
        "White House",
    ),
    "Russia": (
        "Russia",
        "Russian Federation",
        "Russian",
        "Moscow",
        "Kremlin",
        "Hmeimim",
    ),
    "Syria": ("Syria", "Syrian", "SANA"),
    "Turkey": ("Turkey", "Turkish", "Ankara"),
    "Iran": ("Iran", "Iranian", "Tehran"),
    "Saudi Arabia": ("Saudi Arabia", "Saudi", "Riyadh"),
    "Yemen": ("Yemen", "Yemeni"),
    "Ukraine": ("Ukraine", "Ukrainian", "Kyiv", "Kiev"),
    "Libya": ("Libya", "Libyan", "Tripoli"),
    "Sudan": ("Sudan", "Sudanese", "Khartoum"),
    "South Sudan": ("South Sudan", "South Sudanese", "Juba"),
    "Israel": ("Israel", "Israeli"),
    "Egypt": ("Egypt", "Egyptian", "Cairo"),
    "Qatar": ("Qatar", "Qatari", "Doha"),
    "Jordan": ("Jordan", "Jordanian", "Amman"),
    "United Kingdom": ("United Kingdom", "Britain", "British", "UK"),
    "France": ("France", "French"),
    "Germany": ("Germany", "German", "Berlin"),
    "Oman": ("Oman", "Omani", "Muscat"),
    "United Arab Emirates": ("United Arab Emirates", "UAE", "Emirati", "Abu Dhabi"),
    "South Africa": ("South Africa", "South African", "Pretoria"),
    # not the bare adjective: "Palestinian militants" are no state
    "Palestine": ("Palestine", "Palestinian Authority", "Palestinian President", "Ramallah"),
}
#: Arabic names of states and of their capitals -> the state (the parties of Arabic statements)
ARABIC_STATES: dict[str, str] = {
    "الولايات المتحدة": "United States",
    "واشنطن": "United States",
    "روسيا": "Russia",
    "موسكو": "Russia",
    "تركيا": "Turkey",
    "أنقرة": "Turkey",
    "مصر": "Egypt",
    "القاهرة": "Egypt",
    "قطر": "Qatar",
    "الدوحة": "Qatar",
    "السعودية": "Saudi Arabia",
    "الرياض": "Saudi Arabia",
    "إيران": "Iran",
    "طهران": "Iran",
}
#: the capitals among those names: "in Tripoli" is the city, "Tripoli said" its government
CAPITALS = frozenset(
    {"Washington", "Moscow", "Ankara", "Tehran", "Riyadh", "Kyiv", "Kiev", "Tripoli", "Khartoum"}
    | {"Cairo", "Doha", "Amman", "Muscat"}
)
_CASE = {"US", "U.S.", "USA", "UK", "UAE", "SANA"}
_STATE_ALIASES = sorted(
    ((alias, state) for state, aliases in STATES.items() for alias in aliases),
    key=lambda pair: -len(pair[0]),
)
STATE_NAMES = re.compile(
    "|".join(
        rf"(?<![\w-])(?:{re.escape(a)}|{re.escape(a.replace('.', ''))})(?![\w-])"
        if a in _CASE
        else rf"(?i:(?<![\w-]){re.escape(a)}(?![\w-]))"
        for a, _s in _STATE_ALIASES
    )
)
_STATE_OF = {alias.casefold(): state for alias, state in _STATE_ALIASES} | {
    a.replace(".", "").casefold(): s for a, s in _STATE_ALIASES if a in _CASE
}


def state_of(text: str) -> str | None:
    """The state a name, adjective or institution names ("State Department" → United States)."""
    m = STATE_NAMES.search(text)
    if m is None:  # "Saudi-led coalition": the state leading it
        m = STATE_NAMES.search(re.sub(r"-(?:led|backed|run)\b", "", text))
    return None if m is None else _STATE_OF.get(m.group().casefold())


#: words that make a noun phrase an office ("a State Department spokesman", "the army")
OFFICE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|minist(?:er|ry)|department|envoy|ambassador|"
    r"president|presidency|prime minister|secretary|command|commander|general|army|military|"
    r"armed forces|government|council|office|agency|centre|center|committee|coalition|"
    r"mission|chief|official|officials|leader|delegation|mediators?|monitors?|statement|"
    r"cabinet|parliament|presidency|foreign office|"
    r"media|television|news agency|kremlin|pentagon|white house)\b",
    re.IGNORECASE,
)
#: a reporting verb: the speaker is the noun phrase before it ("X said") or after it
REPORTING = re.compile(
    r"\b(?:said|says|say|told|stated|added|announced|declared|noted|wrote|confirmed|"
    r"insisted|warned|claimed|according to)\b",
    re.IGNORECASE,
)

#: "the two sides", "the warring parties", "Yemen's warring sides": the sides at war
WARRING_WORDS = re.compile(
    r"\b(?:two|both|warring|opposing)\s+(?:sides|parties|camps)\b", re.IGNORECASE
)
#: "nationwide", "across the country", "all of Syria"
NATIONWIDE = re.compile(
    # "across Yemen", not "across the border"
    r"\b(?:nation-?wide|country-?wide|across (?:the country|all of \w+|(?!(?:the|a|an)\b)\w+)|"
    r"all (?:of )?(?:the country|syria|yemen|libya|sudan|ukraine|gaza)|"
    r"throughout (?:the country|(?!(?:the|a|an)\b)\w+)|all (?:front ?lines|fronts)|"
    r"all over (?:the country|(?!(?:the|a|an)\b)\w+)|"
    r"comprehensive|countrywide|(?<!of )national(?!\s+(?:army|accord|unity|salvation|council|"
    r"front|coalition|guard|congress|liberation|defen[cs]e|security|alliance|forces|dialogue|"
    r"committee|assembly|agency|news|television)))\b",  # not "Libyan National Army"
    re.IGNORECASE,
)
