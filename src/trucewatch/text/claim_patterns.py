"""The words of claims about how a truce is going, English and Arabic (folded): per kind
(:data:`~trucewatch.text.statement_model.CLAIM_KINDS`) the phrasings that make one
("violence has decreased", "the truce is largely holding", "violated it 12 times", "guns have
been silent", "الهدنة صامدة", "يسود هدوء حذر"), each kind's direction, and the hopes, demands
and plans that are not claims. :mod:`trucewatch.text.claims` applies them.
"""

from __future__ import annotations

import re

from trucewatch.text.arabic.letters import fold
from trucewatch.text.claim_periods import AR_TRUCE, TRUCE

__all__ = ["AR_KINDS", "AR_NOT_A_CLAIM", "DIRECTION", "EN_KINDS", "NOT_A_CLAIM"]

_VIOLENCE = (
    r"(?:violence|fighting|hostilities|attacks|clashes|shelling|bombardment|bombing|air ?strikes|"
    r"strikes|violations|breaches|combat|killings|casualties|deaths|civilian deaths)"
)
_DOWN = (
    r"(?:decrease[sd]?|declin(?:e[sd]?|ing)|(?<!bombs )(?<!bomb )drop(?:ped|s)?"
    r"(?!\s+(?:by|on|onto|from|over)\b)|fall(?:en|s|ing)?|fell|reduc(?:tion|ed)|"
    r"lowered|lower(?=\s+(?:levels?|intensity|numbers?))|eas(?:ed|ing)|subsided|diminish(?:ed)?|dwindl(?:ed|ing)|abated|slowed|"
    r"(?:has|have) gone down|(?:is|are|was|were|been|came|come) down)"
)
_UP = (
    r"(?:increase[sd]?|increasing|rise|rose|risen|rising|surge[sd]?|escalat(?:ed|ion|ing)|"
    r"intensif(?:ied|ication|ying)|spike[sd]?|upsurge|upswing|mount(?:ed|ing)|flare[ds]? up|"
    r"spiked|(?:has|have) gone up|worsen(?:ed|ing)|resum(?:ed|es|ing)|(?:has|have) returned)"
)
# "rebel-held areas", "government held districts": who holds a place, not a truce holding
_NOT_HELD_AREA = (
    r"(?!\s+(?:areas?|territor\w+|districts?|towns?|parts?|neighbou?rhoods?|cit(?:y|ies)|"
    r"regions?|villages?|positions?|enclaves?|pockets?|suburbs?|countryside|east|west|north|"
    r"south)\b)"
)
_MOSTLY = r"(?:(?:largely|mostly|broadly|generally|still|relatively|so far)\s+(?:being\s+)?)?"
_ANY = r"(?:[^.;]|(?<=[A-Z])\.)"  # any character of the clause ("U.N." does not end it)
_Q = r"(?:\s+(?:\w+\s+){0,3}?)"  # a few words between ("a significant drop in the level of")
EN_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(p, re.IGNORECASE))
    for kind, p in (
        (
            "violations_counted",
            r"\b(?:violat\w*|breach\w*|broke|broken)\b[^.;]{0,60}?\b(?:on\s+)?(?P<n>\S+)(?:\s+of)?\s+(?:times|occasions)\b"
            r"|\b(?:violations?|breach(?:es)?|infringements?)\b"
            r"|\b(?P<zero>no)\s+(?:\w+\s+)?(?:violations|breaches|attacks|rockets|shells|incidents)"
            r"\s+(?:had|have|has|were|was)\s+(?:been\s+)?(?:\w+\s+)?(?:recorded|reported|fired|"
            r"registered|observed)?"
            r"|\bthere\s+(?:had|have|has)\s+been\s+(?P<zero2>no)\s+(?:\w+\s+)?"
            r"(?:violations|breaches|attacks|incidents)\b"
            r"|\b(?:counted|recorded|registered|logged|documented|reported)\s+(?:more than\s+|"
            r"at least\s+|over\s+)?(?P<n3>\S+)\s+(?:\w+\s+)?(?:attacks|incidents)\b",
        ),
        (
            "truce_collapsed",
            rf"\b{TRUCE}\b[^.;]{{0,60}}?\b(?:(?:has|had|have)\s+)?(?:collapsed|broke down|"
            rf"broken down|fell apart|crumbled|unravell?ed|(?:is|was) (?:in tatters|over|dead)|"
            rf"(?:is|was) no longer (?:holding|in force|in effect)|failed to hold|"
            rf"(?:is|was|has) not (?:holding|held|been respected)|(?:is|was)\s+(?:now\s+)?[\"“]?"
            rf"(?:practically|effectively|virtually|all but|essentially)\s+(?:over|dead))"
            rf"|\b(?:collapse|breakdown)\s+of\s+(?:the\s+)?(?:\w+\s+){{0,3}}?{TRUCE}\b",
        ),
        (
            "truce_holding",
            rf"\b{TRUCE}\b{_ANY}{{0,120}}?\b(?:(?:is|was|has been|had been|has|had|remains?|"
            rf"remained)\s+)?{_MOSTLY}(?<!-)(?:holding|held|intact|in place|stable)\b"
            rf"{_NOT_HELD_AREA}"
            rf"|\b{TRUCE}\b{_ANY}{{0,150}}?\b(?:has been|had been|was|were|is being|was being)\s+"
            rf"{_MOSTLY}(?:respected|observed|adhered to)\b"
            rf"|\b(?:is|was|were|remained|remains)\s+[\"“]?{_MOSTLY}(?:calm|quiet)\b|\bcalm\s+"
            rf"(?:has\s+|had\s+)?(?:largely\s+)?(?:prevailed|held)"
            rf"|\bguns\s+(?:fell|have fallen|had fallen|went|have gone|remained|have remained|"
            rf"have been|had been|were|are|stayed|have stayed)\s+(?:\w+\s+)?silent"
            rf"|\b(?:fighting|shelling|hostilities|clashes)\s+(?:(?:has|have|had)\s+)?"
            rf"(?:largely\s+|mostly\s+|almost entirely\s+)?(?:stopped|ceased|halted)\b",
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
_AR_VIOLENCE = (
    r"(?:العنف|أعمال العنف|المعارك|القصف|الاشتباكات|الغارات|الخروقات|المواجهات|الضحايا|القتلى|"
    r"القتال)"
)
AR_KINDS = tuple(
    (kind, re.compile(fold(p).text))
    for kind, p in (
        (
            "violations_counted",
            r"(?:خرق\w*|انتهاك\w*)"
            r"(?:\s+\S+)?\s+(?P<n>\S+)\s+(?:المرات|مرات|مرة)|(?:خرقا|خرقاً|خروقات|خرق|انتهاكا|انتهاكاً|انتهاكات)",
        ),
        (
            "truce_collapsed",
            rf"(?:انهيار|انهارت|انهار|سقوط|سقطت)\s+(?:\S+\s+)?{AR_TRUCE}"
            rf"|{AR_TRUCE}\s+(?:\S+\s+){{0,2}}?(?:انهارت|انهار|سقطت)",
        ),
        (
            "truce_holding",
            rf"{AR_TRUCE}\s+(?:\S+\s+){{0,3}}?[\"“«]?(?:صامدة|صامد|متماسكة|صمدت|تصمد|مستمرة)"
            rf"|صمود\s+{AR_TRUCE}"
            r"|(?:يسود|ساد|سادت|تسود|خيم|يخيم|عم|يعم)\s+(?:ال)?هدوء|هدوء\s+(?:حذر|نسبي|تام|شبه\s+تام)",
        ),
        (
            "violence_increased",
            rf"(?:تصاعد|ازدياد|زيادة|ارتفاع|تصعيد|تزايد)\s+(?:\S+\s+)?{_AR_VIOLENCE}"
            rf"|{_AR_VIOLENCE}\s+(?:\S+\s+)?(?:تصاعدت|ازدادت|تزايدت|ارتفعت)",
        ),
        (
            "violence_decreased",
            rf"(?:تراجع|انخفاض|تراجعا|انخفاضا|تقلص|تراجعت|انخفضت|تقلصت|هدوء|تراجع حدة|"
            rf"انحسار|انحسرت|خفت|خفض)\s+(?:\S+\s+){{0,3}}?{_AR_VIOLENCE}"
            rf"|{_AR_VIOLENCE}\s+(?:\S+\s+){{0,3}}?(?:تراجعت|انخفضت|تقلصت|تراجع|انخفض|انحسرت)",
        ),
    )
)
DIRECTION = {
    "violence_decreased": "down",
    "violence_increased": "up",
    "truce_holding": None,
    "truce_collapsed": None,
    "violations_counted": None,
}
# a hope, a demand, a plan, a condition or a question is not a claim of what happened
NOT_A_CLAIM = re.compile(
    r"\b(?:hope[sd]?|hoping|aim(?:s|ed)? to|want(?:s|ed)? to|call(?:s|ed)? for|urg(?:e[sd]?|ing)|"
    r"demand(?:s|ed)?|in order to|so as to|designed to|intended to|meant to|seek(?:s|ing)? to|"
    r"sought to|would|could|should|might|may|will|if|unless|whether|expected to|to ensure|"
    r"likely to|set to|bound to|poised to|threaten(?:s|ed)? to|risks?|feared|fears?|"
    r"to reduce|to bring about|to secure|efforts to|aimed at)\b",
    re.IGNORECASE,
)
AR_NOT_A_CLAIM = re.compile(
    fold(
        r"(?<!\w)(?:نأمل|يأمل|تأمل|نتمنى|دعا|دعت|طالب|طالبت|يهدف|تهدف|بهدف|من أجل|إذا|لو|سوف)"
        r"(?!\w)"
    ).text
)
