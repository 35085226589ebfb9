"""English words pointing back at an earlier truce: "the ceasefire agreed in February", "the
nationwide truce", "since the pause began on Friday", "the truce that began on Monday", "the
agreement" (re-exported by :mod:`.lexicon`)."""

from __future__ import annotations

import re

__all__ = ["ANAPHOR", "KNOWN_TRUCE", "REFERENCE", "SINCE_BEGAN", "THAT_BEGAN"]

_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
#: words pointing at an earlier truce: "agreed in February", "the nationwide truce",
#: "which began on 27 February", "since the truce broke down in late April"
REFERENCE = re.compile(
    r"(?:\b(?:the|a|an|its|that)\s+(?:[\w-]+\s+){0,3}?)?"
    r"(?:(?:nation-?wide|country-?wide|wider|broader|original|earlier|previous|existing|"
    r"overall|partial|general|old|fragile|nationwide)\s+(?:[\w-]+\s+){0,2})?"
    r"(?:truce|cease-?fire|cessation of hostilities|regime of calm|de-?escalation zone)s?[\"”’]?"
    r"(?:,?\s+(?:that|which)\s+(?-i:[A-Z][\w.-]*(?:,?\s+(?:and\s+)?[A-Z][\w.-]*){0,5}\s+)?"
    r"(?:was|were|had been|has been|is|had|has)?\s*"
    r"|\s+(?:were|was|had been|have been|has been)\s+|\s+|,\s+)"
    r"(?:agreed|brokered|reached|declared|announced|signed|began|started|took effect|"
    r"came into (?:force|effect)|went into effect|in place|in force|broke down|collapsed)"
    rf"(?:\s+(?:by|between) [^.;,]{{2,60}}?)?(?:\s+(?:there|in [A-Z][\w-]+(?: [A-Z][\w-]+)?))?"
    rf"\s+(?:in|on|since|last|at the end of|"
    rf"(?:early|mid|late) )\s*(?:(?:early|mid|late|the end of)[\s-]+)?(?:{_MONTHS}|"
    r"\d{1,2} (?:[A-Z][a-z]+)|(?:19|20)\d\d|year|month|week)\b",
    re.IGNORECASE,
)
#: "the nationwide truce", "the broader cessation": a truce named as one already known
KNOWN_TRUCE = re.compile(
    r"\bthe\s+(?:(?:renewed|existing|wider|broader|original|earlier|overall|nation-?wide|"
    r"country-?wide|partial|general|fragile)\s+)+(?:[\w-]+\s+){0,2}?"
    r"(?:truce|cease-?fire|cessation of hostilities)s?\b",
    re.IGNORECASE,
)
#: "since the pause began on Friday morning", "since a lull took hold on Aug. 11", "shortly
#: before the ceasefire took effect", "since it was signed": background (a time told by the
#: truce, not its act)
SINCE_BEGAN = re.compile(
    r"\b(?:since|(?:shortly |just |minutes |hours )?(?:before|after)|until|when)\s+"
    r"(?:(?:the|its|this|a|an)\s+(?:[\w-]+\s+){0,2}?(?:truce|cease-?fire|pause|calm|lull|"
    r"cessation(?: of hostilities)?|deal|agreement|arrangement)|it|they)\s+"
    r"(?:was\s+|were\s+|had\s+(?:been\s+)?|has\s+(?:been\s+)?)?"
    r"(?:began|begun|started|took effect|taken effect|took hold|taken hold|"
    r"came into (?:force|effect)|went into (?:force|effect)|signed|agreed|declared|announced|"
    r"brokered|reached)\b"
    r"(?:\s+(?:on|at|in|last)\s+[^,.;]{1,40}?(?=[,.;]|$))?",
    re.IGNORECASE,
)
#: "the cessation of hostilities that began on Monday evening": the truce named by its start
THAT_BEGAN = re.compile(
    r"\b(?:truce|cease-?fire|cessation(?: of hostilities)?|calm|pause)s?,?\s+(?:that|which)\s+"
    r"(?:began|started|took effect|came into (?:force|effect)|went into (?:force|effect))\b"
    r"(?:\s+(?:on|at|in|last)\s+[^,.;]{1,30}?(?=\s+(?:does|did|do|is|was|has|had|will|would|"
    r"remains?|held|holds|has)\b|[,.;]|$))?",
    re.IGNORECASE,
)
#: "violating the agreement", "accepted the terms": a truce named before, in a truce article
ANAPHOR = re.compile(r"\bthe\s+(?:agreement|deal|arrangement|accord|terms|pact)\b", re.IGNORECASE)
