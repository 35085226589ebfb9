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
from trucewatch.text.prefilter import Prefiltered

__all__ = ["AR_KINDS", "AR_NOT_A_CLAIM", "DIRECTION", "EN_KINDS", "MANY_WORD", "NOT_A_CLAIM"]

_VIOLENCE = (
    r"(?:violence|fighting|hostilities|attacks|clashes|shelling|bombardment|bombing|air ?strikes|"
    r"(?:air )?raids|"
    r"strikes|violations|breaches|combat|killings|casualties|deaths|civilian deaths)"
)
_DOWN = (
    r"(?:decrease[sd]?|declin(?:e[sd]?|ing)|(?<!bombs )(?<!bomb )drop(?:ped|s)?"
    r"(?!\s+(?:by|on|onto|from|over)\b(?!\s+(?:around\s+|about\s+|some\s+|nearly\s+|almost\s+|"
    r"more than\s+)?(?:\d|half\b|a third\b|a quarter\b|two-thirds\b)))|"
    r"fall(?:en|s|ing)?|fell|reduc(?:tion|ed)|"
    r"lowered|lower(?=\s+(?:levels?|intensity|numbers?))|eas(?:ed|ing)|subsided|diminish(?:ed)?|dwindl(?:ed|ing)|abated|slowed|"
    r"(?:has|have) gone down|(?:is|are|was|were|been|came|come) down)"
)
_UP = (
    r"(?:increase[sd]?|increasing|rise|rose|risen|rising|surge[sd]?|escalat(?:ed|ion|ing)|"
    r"intensif(?:ied|ication|ying)|spike[sd]?|upsurge|upswing|mount(?:ed|ing)|"
    r"flare[ds]? (?:up|again|anew)|"
    r"(?:erupted|broke out) (?:again|anew)|reignited|"
    r"spiked|(?:has|have) gone up|worsen(?:ed|ing)|resum(?:ed|es|ing)|(?:has|have) returned)"
)
# "rebel-held areas", "government held districts": who holds a place, not a truce holding
_NOT_HELD_AREA = (
    r"(?!\s+(?:areas?|territor\w+|districts?|towns?|parts?|neighbou?rhoods?|cit(?:y|ies)|"
    r"regions?|villages?|positions?|enclaves?|pockets?|suburbs?|countryside|east|west|north|"
    r"south)\b)"
)
_MOSTLY = (
    r"(?:(?:largely|mostly|broadly|generally|widely|still|relatively|so far)\s+(?:being\s+)?)?"
)
# any character of the clause ("U.N." and "8 a.m." do not end it)
_ANY = r"(?:[^.;]|(?<=[A-Z])\.|(?<=\b[ap])\.(?=m\.)|(?<=\b[ap]\.m)\.)"
_Q = r"(?:\s+(?:\w+\s+){0,3}?)"  # a few words between ("a significant drop in the level of")
# how often, with no number: "broken the ceasefire repeatedly", "repeated breaches"
_OFTEN = r"(?:repeatedly|again and again|time and again|constantly|continually|frequently)"
_MANY = r"(?:repeated|numerous|multiple|countless|frequent|many|persistent|constant)"
#: a word for many, with no number ("numerous", "متكررة"): a count not given
MANY_WORD = _MANY[:-1] + r"|متكررة|متكرره|متعددة|متعدده|عديدة|عديده|كثيرة|كثيره)"
_HOW_MANY = (
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?|a dozen|dozens|scores|"
    rf"hundreds|thousands|several|{_MANY[3:-1]})"
)
_ATTACKS = (
    r"(?:attacks|air ?strikes|strikes|raids|rockets|shells|mortars|mortar (?:rounds|bombs|shells)|"
    r"missiles|drones|violations|breaches)\b"
)
# within the truce: "since the truce took effect", "during the pause", "after 09:00"
_WITHIN = (
    rf"\b(?:since|during|after|in)\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){{0,2}}?"
    rf"(?:{TRUCE}\b|\d{{1,2}}[:.]\d{{2}}\b)"
)
#: each behind the cheap checks of text/prefilter.py (the answers are the pattern's own)
EN_KINDS: tuple[tuple[str, Prefiltered], ...] = tuple(
    (kind, Prefiltered(re.compile(p, re.IGNORECASE)))
    for kind, p in (
        (
            "violations_counted",
            r"\b(?:violat\w*|breach\w*|broke|broken|breaking)\b[^.;]{0,60}?\b(?:on\s+)?(?P<n>\S+)"
            r"(?:\s+of)?\s+(?:times|occasions)\b"
            # "breached at least twice", "violated the truce once"
            rf"|\b(?:violat\w*|breach\w*|broke|broken|breaking)\s+(?:(?:the|a|its|this|that)\s+)?"
            rf"(?:(?:[\w-]+\s+){{0,2}}?(?:{TRUCE}|it)\s+)?(?:at least\s+|only\s+|more than\s+)?"
            rf"(?P<twice>once|twice|thrice)\b"
            rf"|\b(?:violat\w*|breach\w*|broke|broken|breaking)\s+(?:(?:the|a|its|this|that)\s+)?"
            rf"(?:[\w-]+\s+){{0,2}}?(?:{TRUCE}|it)\s+(?P<vague>{_OFTEN})\b"
            rf"|\b(?P<vague2>{_MANY})\s+(?:\w+\s+)?(?:violations|breaches|infringements)\b"
            rf"|\baccus\w*\s+(?:[\w'’-]+\s+){{0,6}}?of\s+(?:{_OFTEN}\s+)?(?P<bare>violat\w*|breach\w*|"
            rf"breaking)\s+(?:the|a|its|this|that)\s+(?:[\w-]+\s+){{0,2}}?{TRUCE}\b"
            r"(?:[^.;]{0,30}?\b(?P<n6>\S+)(?:\s+of)?\s+(?:times|occasions)\b)?"
            r"|\b(?:violations?|breach(?:es)?|infringements?)\b"
            r"|\b(?P<zero>no)\s+(?:\w+\s+)?(?:violations?|breach(?:es)?|attacks?|rockets?|shells?|"
            r"incidents?)"
            rf"(?:\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?{TRUCE})?"
            r"\s+(?:had|have|has|were|was)\s+(?:been\s+)?(?:\w+\s+)?(?:recorded|reported|fired|"
            r"registered|observed)?"
            r"|\bthere\s+(?:had\s+been|have\s+been|has\s+been|were|was)\s+(?P<zero2>no)\s+"
            r"(?:\w+\s+)?"
            r"(?:violations?|breach(?:es)?|attacks?|incidents?)\b"
            # "rebel forces had opened fire 11 times since midnight", "fired on our positions
            # 39 times"; "there had been 28 attacks on Ukrainian positions in 24 hours"
            r"|\b(?:opened\s+fire|fired|shelled|attacked)\s+(?:(?:on|at)\s+[^.;]{0,50}?\s+)?"
            r"(?:more than\s+|at least\s+|over\s+)?(?P<n7>\S+)\s+times\b"
            r"|\bthere\s+(?:had|have|has)\s+been\s+(?:more than\s+|at least\s+|over\s+)?"
            r"(?P<n8>\S+)\s+(?:attacks|shellings|violations|breaches|incidents)\b"
            r"|\b(?:counted|recorded|registered|logged|documented|reported)\s+(?:more than\s+|"
            r"at least\s+|over\s+)?(?P<n3>\S+)\s+(?:\w+\s+)?(?:attacks|incidents)\b"
            # attacks within the truce: "carried out dozens of air strikes since the truce took
            # effect", "dozens of rockets had been fired after 09:00" (the truce's hour)
            rf"|\b(?:carried out|launched|conducted|committed|mounted|staged|fired)\s+"
            rf"(?:more than\s+|at least\s+|over\s+)?(?P<n4>{_HOW_MANY})\s+(?:of\s+)?(?:[\w-]+\s+)?"
            rf"{_ATTACKS}(?={_ANY}{{0,50}}?{_WITHIN})"
            rf"|\b(?:more than\s+|at least\s+)?(?P<n5>{_HOW_MANY})\s+(?:of\s+)?(?:[\w-]+\s+)?"
            rf"{_ATTACKS}\s+"
            # "three rockets had landed near Sderot since the truce began"
            rf"(?:(?:had|have|has|were|was)\s+(?:been\s+)?)?(?:fired|launched|carried out|landed|"
            rf"fallen|fell|hit|struck)\b"
            rf"(?={_ANY}{{0,50}}?{_WITHIN})",
        ),
        (
            "truce_collapsed",
            rf"\b{TRUCE}\b[^.;]{{0,60}}?\b(?:(?:has|had|have)\s+)?(?:collapsed|broke down|"
            rf"broken down|fell apart|fallen apart|crumbled|(?:was|been) shattered|unravell?ed|"
            rf"(?:is|was) (?:in tatters|over|dead)|"
            rf"(?:is|was) no longer (?:holding|in force|in effect)|failed to hold|"
            rf"(?:is|was|has) not (?:holding|held|been respected)|(?:is|was)\s+(?:now\s+)?[\"“]?"
            rf"(?:practically|effectively|virtually|all but|essentially)\s+(?:over|dead))"
            rf"|\b(?:collapse|breakdown)\s+of\s+(?:the\s+)?(?:\w+\s+){{0,3}}?{TRUCE}\b",
        ),
        (
            "truce_holding",
            rf"\b{TRUCE}\b{_ANY}{{0,120}}?\b(?:(?:is|was|has been|had been|has|had|remains?|"
            rf"remained)\s+)?{_MOSTLY}(?<!-)(?<!not )(?<!n't )(?<!never )(?<!no longer )"
            rf"(?:holding|held|intact|in place|stable)\b"
            rf"{_NOT_HELD_AREA}"
            rf"|\b{TRUCE}\b{_ANY}{{0,150}}?\b(?:has been|had been|was|were|is being|was being)\s+"
            rf"{_MOSTLY}(?:respected|observed|adhered to)\b"
            rf"|\b(?:is|was|were|remained|remains|stayed|(?:has|have|had)\s+{_MOSTLY}(?:been|"
            rf"stayed|remained|gone))\s+[\"“]?{_MOSTLY}(?:calm|quiet)\b"
            rf"|\bguns\s+(?:are|were|have\s+been|fell|went)\s+{_MOSTLY}quiet\b|\bcalm\s+"
            rf"(?:has\s+|had\s+)?(?:largely\s+)?(?:prevailed|held|settled|descended)"
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
            rf"(?:prevailed|returned|largely prevailed)"
            # "had reduced fighting", "a marked reduction in offensive military activity",
            # "the night had been quieter than any in weeks"
            rf"|\breduced\s+(?:the\s+)?{_VIOLENCE}\b"
            r"|\breduction\s+in\s+(?:\w+\s+){0,2}?military\s+activit(?:y|ies)\b"
            r"|\b(?:had been|has been|have been|was|were|is|are|grew|became)\s+"
            r"(?:much\s+|far\s+|markedly\s+|noticeably\s+)?quieter\b",
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
            r"(?:\s+\S+){0,3}?\s+(?P<n>\S+)\s+(?:المرات|مرات|مرة)"
            # "أطلقوا النار 39 مرة", "فتحوا النار على مواقع القوات 7 مرات"
            r"|(?:أطلق\w*|فتح\w*)\s+النار(?:\s+\S+){0,5}?\s+(?P<n7>\S+)\s+(?:المرات|مرات|مرة)"
            # none recorded: "لم يسجل أي خرق", "عدم تسجيل أي خروقات"
            r"|(?:لم\s+[يت]?(?:سجل|رصد|يقع|تقع|حدث)|عدم\s+(?:تسجيل|رصد|وقوع))\s+(?:أي\s+)?"
            r"(?P<zero>خرق|خروقات|انتهاك|انتهاكات)"
            # an accusation, with its count if it gives one: "اتهمت ... بخرق الهدنة 27 مرة"
            r"|(?:اتهم\w*|الاتهامات|اتهامات|متهما|متهمة)\s+(?:\S+\s+){0,5}?(?P<bare>ب(?:خرق|انتهاك))\S*"
            r"(?:\s+\S+)?(?:\s+(?P<n6>\S+)\s+(?:المرات|مرات|مرة))?"
            r"|(?:خروقات|انتهاكات)\s+(?P<vague>متكررة|متعددة|عديدة|كثيرة)"
            # shells or strikes within the truce: "ثلاث قذائف أطلقت ... خلال فترة الهدنة"
            r"|(?:(?P<n5>\S+)\s+(?:قذائف|قذيفة|صواريخ|صاروخا|صاروخ|غارات|غارة|هجمات|هجوما)|"
            # the dual is its own count: "صاروخين أطلقا ... بعد سريان التهدئة"
            r"(?P<dual>صاروخين|قذيفتين|غارتين|هجومين))"
            rf"(?:\s+\S+){{0,14}}?\s+(?:خلال|منذ|بعد)\s+(?:(?:فترة|بدء|سريان)\s+)*{AR_TRUCE}"
            r"|(?:خرقا|خرقاً|خروقات|خرق|انتهاكا|انتهاكاً|انتهاكات)",
        ),
        (
            "truce_collapsed",
            rf"(?:انهيار|انهارت|انهار)\s+(?:\S+\s+){{0,3}}?{AR_TRUCE}"
            rf"|(?:سقوط|سقطت)\s+(?:\S+\s+)?{AR_TRUCE}"
            rf"|{AR_TRUCE}\s+(?:\S+\s+){{0,2}}?(?:انهارت|انهار|سقطت)",
        ),
        (
            "truce_holding",
            rf"{AR_TRUCE}\s+(?:\S+\s+){{0,3}}?[\"“«]?(?:صامدة|صامد|متماسكة|صمدت|تصمد|يصمد|مستمرة|صمد)"
            rf"|صمود\s+{AR_TRUCE}"
            r"|(?:يسود|ساد|سادت|تسود|خيم|يخيم|عم|يعم)\s+(?:ال)?هدوء"
            # "الهدوء ساد أحياء المدينة": the calm first
            r"|(?<!\S)(?:ال)?هدوء\s+(?:\S+\s+)?(?:ساد|يسود|عم|يعم|خيم|يخيم)(?!\S)"
            r"|هدوءا?\s+(?:حذرا?|نسبيا?|تاما?|شبه\s+تام)",
        ),
        (
            "violence_increased",
            rf"(?:تصاعد|ازدياد|زيادة|ارتفاع|تصعيد|تزايد|تصاعدت|ازدادت|تزايدت|اشتدت|احتدمت|تجدد|"
            rf"تجددت|استئناف)\s+(?:\S+\s+)?{_AR_VIOLENCE}"
            rf"|{_AR_VIOLENCE}\s+(?:\S+\s+)?(?:تصاعدت|ازدادت|تزايدت|ارتفعت|تجددت|اشتدت|استؤنفت)",
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
