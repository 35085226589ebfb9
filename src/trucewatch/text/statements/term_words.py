"""The English words of a truce's terms: exclusions ("does not cover X", "X is excluded",
"operations against X will continue", groups "not party to" it or listed by the U.N.),
conditions, deadlines and monitoring (re-exported by :mod:`.lexicon`)."""

from __future__ import annotations

import re

__all__ = [
    "CONDITION",
    "DEADLINE",
    "DUE_ON",
    "EXCLUSION_AFTER",
    "EXCLUSION_BEFORE",
    "FIGHT_GOES_ON",
    "MONITORING",
    "NOT_PARTY",
    "UN_LISTED",
    "UN_NAMED",
    "WITHIN",
]


# a list of names, through the points of abbreviations ("groups the U.N. lists as terrorist")
_LIST = r"(?P<who>(?:[^.;:()]|(?<=\b[A-Z])\.(?=[A-Z]\.|\s+[a-z]|\s+[A-Z][a-z]+\s)){2,160}?)"
_STOP = r"(?=\s*(?:(?<!\b[A-Z])[.;:()]|\.(?=\s*$)|,\s*(?:which|who|where|but|while|as|"
_STOP += r"and (?:the|it|a)\b|said|according|(?:[\w.’'-]+\s+){1,4}?(?:said|says|told|added)\b)|"
_STOP += r"\s+(?:which|who|but|while|because|since|after|although)\b|$))"
#: "does not cover X", "excluding X", "except X", "exempts X"
EXCLUSION_AFTER = re.compile(
    r"\b(?:(?:does|do|did|will|would|should)(?: not|n't) (?:cover|include|apply to|extend to|"
    r"protect)|(?:is|are|was|were) not (?:covered|included)|exclud(?:es|ing|ed)|"
    r"exempt(?:s|ing)?|except(?: for)?|other than|not including|with the exception of|"
    r"excepting|leaves? out|leaving out)\s+" + _LIST + _STOP,
    re.IGNORECASE,
)
#: "X is / are excluded", "X are not covered"
EXCLUSION_BEFORE = re.compile(
    r"(?:^|(?<=[;:]\s)|(?<=\bthat\s)|(?<=\bsaid\s))(?P<who>[^.;:]{2,160}?),?\s+(?:(?:which|who)\s+)?"
    r"(?:is|are|was|were|remain|remains|have been|has been) (?:excluded|not covered|not included|"
    r"not part(?:y|ies)|not a party|exempt(?:ed)?|not bound by|left out)\b",
    re.IGNORECASE,
)
#: "operations against X will continue", "strikes on X would go on", "will keep fighting X",
#: "continue its operations against X": the truce leaves X out
FIGHT_GOES_ON = re.compile(
    r"\b(?:operations|strikes|air ?strikes|attacks|raids|fight(?:ing)?|war|campaign|bombing)\s+"
    r"(?:against|on)\s+(?P<who>[^.;:()]{2,120}?)\s+(?:will|would|shall|to|must|can)\s+"
    r"(?:continue|go on|proceed|carry on)\b"
    r"|\b(?:continue|keep up|pursue|press on with)\s+(?:its\s+|their\s+|the\s+)?(?:operations|"
    r"strikes|air ?strikes|attacks|raids|fight(?:ing)?|war|campaign)\s+(?:against|on)\s+"
    r"(?P<who2>[^.;:()]{2,120}?)"
    r"(?=\s*(?:[.;:()]|,|\s+(?:which|who|but|while|because|and said)\b|$))",
    re.IGNORECASE,
)
#: "within a month", "within 14 days": a deadline counted from publication
WITHIN = re.compile(
    r"\bwithin (?:a|one|the next|(?P<n>\d+|two|three|four|five|six|seven|ten|fourteen|thirty))"
    r"[\s-]*(?P<unit>hour|day|week|month)s?\b",
    re.IGNORECASE,
)
#: "talks are due to start in Kuwait on 18 April", "patrols will begin on March 15"
DUE_ON = re.compile(
    r"\b(?:(?:are|is|were|was) (?:due|scheduled|set|expected) to|will|to) (?:start|begin|open|"
    r"resume|be held|take place|be completed|end)\b[^.;]{0,40}?\bon (?P<date>\d{1,2} [A-Z][a-z]+|"
    r"[A-Z][a-z]+ \d{1,2})\b"
)
_UN = r"(?:United Nations|U\.N\.|UN\b)(?: Security Council)?"
#: "terrorists who are not party to it", "groups not party to the truce", "terrorist groups
#: designated by the UN Security Council", "groups the U.N. lists as terrorist"
NOT_PARTY = re.compile(
    r"\b(?:(?:other )?(?:terrorists?|terrorist (?:groups?|organi[sz]ations?)|"
    r"(?:armed |militant |jihadist )?groups?|factions?|militants?)\s+(?:who|that|which)?\s*"
    r"(?:are|were|is|was)?\s*not (?:a )?part(?:y|ies|icipants?) (?:to|of|in)\s+(?:it|them|"
    r"the \w+(?: \w+)?)|(?:terrorist )?(?:groups?|organi[sz]ations?) (?:designated|listed|"
    r"classed|considered)(?: as (?:terrorists?|terrorist (?:groups?|organi[sz]ations?))"
    rf"(?: by the {_UN})?| by the {_UN})|(?:groups?|organi[sz]ations?) (?:that |which )?(?:the )?"
    rf"{_UN} (?:lists|designates|considers|has (?:listed|designated)) as terrorists?"
    rf"|{_UN}[- ](?:designated|listed) terrorist (?:groups?|organi[sz]ations?))",
    re.IGNORECASE,
)
#: the sides the UN Security Council lists as terrorist (its ISIL and Al-Qaida sanctions list)
#: in each pack's country, by their canonical names: what "groups designated as terrorist by
#: the UN" excludes there
UN_LISTED: dict[str, tuple[str, ...]] = {
    "SY": ("IS", "Jabhat al-Nusra"),
    "YE": ("AQAP", "IS"),
}
UN_NAMED = re.compile(rf"\b{_UN}", re.IGNORECASE)
#: "if calm holds for seven days", "provided that ...", "on condition that ..."
CONDITION = re.compile(
    r"\b(?:if|provided(?: that)?|providing|on (?:the )?condition(?: that)?|as long as|"
    r"so long as|once|unless|subject to|conditional (?:up)?on|depend(?:s|ing|ent)? (?:up)?on|"
    r"after(?= \w+ (?:consecutive |continuous |straight )?(?:days?|weeks?|hours) of "
    r"(?:calm|quiet|reduced violence|compliance|adherence|respect))|"
    r"only (?:on (?:the )?orders? of|with the (?:approval|"
    r"permission|consent) of|in (?:response to|self-defen[cs]e)))\s+"
    r"(?P<text>[^.;]{4,200}?)(?=\s*(?:[.;]|,\s*(?:the|a|"
    r"it|they|he|she|we|then|said)\b|$))",
    re.IGNORECASE,
)
_DAY_MONTH = (
    r"(?:\d{1,2}(?:st|nd|rd|th)? (?:of )?[A-Z][a-z]+\.?|[A-Z][a-z]+\.? \d{1,2}(?:st|nd|rd|th)?)"
    r"(?:,? \d{4})?"
)
#: "by 1 August", "by August 1", "no later than 1 August", "deadline of 1 August",
#: "set 1 August as the date by which"
DEADLINE = re.compile(
    r"\b(?:by|no later than|not later than|before|deadline (?:of|for|is|on)?|set|fixed|"
    r"named)\s+"
    rf"(?:the end of |the beginning of |early |mid-?|late )?(?:(?P<daymonth>{_DAY_MONTH})|"
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December)(?:,? \d{4})?)\b"
)
#: "monitored by X", "X will monitor", "a monitoring centre"
MONITORING = re.compile(
    r"\b(?:monitor(?:ed|ing)? by [^.;,]{3,80}|(?:joint )?(?:monitoring|implementation|"
    r"observation) (?:centre|center|mechanism|mission|group|cell|committee|task force)"
    r"[^.;,]{0,60}|ceasefire task force[^.;,]{0,60}|(?:[A-Z][\w.-]*\s+){1,5}(?:will|would|"
    r"to|agreed to) monitor\b[^.;,]{0,60}|monitor(?:s|ing)? (?:the )?(?:truce|ceasefire|"
    r"cessation)s?[^.;,]{0,60})",
)
