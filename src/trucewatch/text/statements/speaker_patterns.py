"""The speaker patterns of :mod:`trucewatch.text.speakers` (its second reading, after the
noun phrase around the reporting verb), and the states a speaker's words name.

Patterns of a person, an office and a verb of saying in English ("Mark Toner, a State
Department spokesman, said", "said Mark Toner", "according to X") and in Arabic ("قالت وزارة
الخارجية الأمريكية", "بحسب المرصد السوري", "وقال كيربي إن"). The states an office or an
adjective stands for are :data:`STATE_WORDS` (a word found in the speaker's words names the
state; a monitor or an opposition body names none); a new one goes there.
"""

from __future__ import annotations

import re
from functools import lru_cache

from trucewatch.text.prefilter import Prefiltered
from trucewatch.text.statement_model import Speaker
from trucewatch.text.statements.officials import state_of_official

__all__ = ["STATE_WORDS", "TITLE_WORDS", "pattern_speaker", "state_of"]

#: words of an office or a name that say which state speaks, most specific first
#: words of a title or office before a name ("Foreign Affairs Minister Anwar Gargash")
TITLE_WORDS = frozenset(
    (
        "president",
        "presidents",
        "vice",
        "secretary-general",
        "u.n.",
        "un",
        "prime",
        "minister",
        "ministers",
        "defence",
        "defense",
        "foreign",
        "interior",
        "secretary",
        "lieutenant",
        "field",
        "marshal",
        "chancellor",
        "colonel",
        "general",
        "brigadier",
        "major",
        "spokesman",
        "spokeswoman",
        "envoy",
        "ambassador",
        "commander",
        "chief",
        "acting",
        "deputy",
        "special",
        "senior",
        "king",
        "emir",
        "crown",
        "prince",
        "sheikh",
        "mr",
        "mrs",
        "ms",
        "dr",
        "affairs",
        "information",
        "security",
        "intelligence",
    )
)

STATE_WORDS: tuple[tuple[str, str], ...] = (
    ("State Department", "United States"),
    ("White House", "United States"),
    ("Pentagon", "United States"),
    ("Washington", "United States"),
    ("U.S.", "United States"),
    ("United States", "United States"),
    ("US", "United States"),
    ("American", "United States"),
    ("Kremlin", "Russia"),
    ("Hmeimim", "Russia"),
    ("Russian", "Russia"),
    ("Russia's", "Russia"),
    ("Russia", "Russia"),
    ("Moscow", "Russia"),
    ("Syrian Observatory", ""),  # a monitor, not the state
    ("Libyan National Army", ""),  # an army of one side, not the state's
    ("الجيش الوطني الليبي", ""),
    ("Syrian opposition", ""),
    ("opposition", ""),  # "Syria's main opposition bloc": no state speaks
    ("Syrian Network", ""),
    ("Syrian", "Syria"),
    ("Syria's", "Syria"),
    ("Damascus", "Syria"),
    ("SANA", "Syria"),
    ("Turkish", "Turkey"),
    ("Ankara", "Turkey"),
    ("Iranian", "Iran"),
    ("Tehran", "Iran"),
    ("Saudi", "Saudi Arabia"),
    ("Riyadh", "Saudi Arabia"),
    ("Emirati", "United Arab Emirates"),
    ("Yemeni government", "Yemen"),
    ("Ukrainian", "Ukraine"),
    ("Ukraine's", "Ukraine"),
    ("Yemen's government", "Yemen"),
    ("Israel's", "Israel"),
    ("Turkey's", "Turkey"),
    ("Iran's", "Iran"),
    ("Kyiv", "Ukraine"),
    ("Kiev", "Ukraine"),
    ("Israeli", "Israel"),
    ("Egyptian", "Egypt"),
    ("Qatari", "Qatar"),
    ("Libyan", "Libya"),
    ("South Sudan", "South Sudan"),
    ("Sudanese Armed Forces", "Sudan"),
    ("French", "France"),
    ("British", "United Kingdom"),
    ("German", "Germany"),
    # Arabic
    ("الولايات المتحدة", "United States"),
    ("روسيا", "Russia"),
    ("قطر", "Qatar"),
    ("مصر", "Egypt"),
    ("تركيا", "Turkey"),
    ("إيران", "Iran"),
    ("الخارجية الأمريكية", "United States"),
    ("الخارجية الأميركية", "United States"),
    ("الأمريكي", "United States"),
    ("الأميركي", "United States"),
    ("الأمريكية", "United States"),
    ("الأميركية", "United States"),
    ("واشنطن", "United States"),
    ("الروسية", "Russia"),
    ("الروسي", "Russia"),
    ("موسكو", "Russia"),
    ("حميميم", "Russia"),
    ("المرصد السوري", ""),
    ("السورية", "Syria"),
    ("السوري", "Syria"),
    ("دمشق", "Syria"),
    ("التركية", "Turkey"),
    ("اليمنية", "Yemen"),
    ("السعودية", "Saudi Arabia"),
    # Arabic adjectives of the states (nisba, masculine and feminine)
    ("المصري", "Egypt"),
    ("المصرية", "Egypt"),
    ("السوداني", "Sudan"),
    ("السودانية", "Sudan"),
    ("الليبي", "Libya"),
    ("الليبية", "Libya"),
    ("اليمني", "Yemen"),
    ("القطري", "Qatar"),
    ("القطرية", "Qatar"),
    ("السعودي", "Saudi Arabia"),
    ("التركي", "Turkey"),
    ("الإسرائيلي", "Israel"),
    ("الإسرائيلية", "Israel"),
    ("الأوكراني", "Ukraine"),
    ("الأوكرانية", "Ukraine"),
)
_STATE_RES = tuple(
    (re.compile(rf"(?<![\w.]){re.escape(word)}(?!\w)"), state) for word, state in STATE_WORDS
)

# an office: a title or a body that speaks
_OFFICE_HEAD = (
    r"(?:White House|Kremlin|Pentagon|State Department|"
    r"(?i:spokes(?:wo)?man|spokesperson|spokespeople|official|officials|minister|ministry|"
    r"department|envoy|secretary(?: of state)?|president|foreign minister|defen[cs]e ministry|"
    r"army|military|command|centre|center|observatory|monitor|network|coalition|commander|"
    r"mission|office|embassy|agency|government|presidency|ambassador|negotiator|source|sources|"
    r"general|committee|council|officer|chancellor|envoy's office|activists|residents|"
    r"witnesses|monitors?|rebels|opposition|"
    r"state media|state television|media|group))"
    r"(?:\s+(?:for|of|on)\s+(?:the\s+)?(?:[A-Z][\w'’-]{0,30}\s*){1,4})?"
)
_CAP = r"(?:[A-Z][\w.'’-]{0,30}|of|for|the|and|on|in)"
# "Mark Toner, a State Department spokesman, said" / "a State Department spokesman, Mark
# Toner, said" / "the Russian Defence Ministry said" / "said Mark Toner" / "according to X"
_SAY = (
    r"(?:said|says|say|told|stated|added|noted|announced|declared|claimed|insisted|reported|"
    r"acknowledged|confirmed|wrote|tweeted|accused|blamed|charged|counted|recorded|welcomed|"
    r"warned|complained|estimated)"
)
_PERSON = (
    r"(?P<person>(?:(?:Colonel|Col\.|General|Gen\.|Major|Dr\.|Sheikh)\s+)?[A-Z][a-z'’-]{1,30}"
    r"(?:\s+(?:(?:al|el|de|di|da|van|von|bin|ibn|abu|la|le)[\s-]+)?[A-Z][\w'’-]{1,30}){1,3})"
)
_OFFICE = (
    rf"(?P<office>(?:the\s+|a\s+|an\s+)?(?:{_CAP}\s+){{0,6}}?(?:[\w-]{{1,30}}\s+)?"
    rf"{_OFFICE_HEAD}(?:\s+{_OFFICE_HEAD})*)"
)
# after "said X": X is the speaker only when the clause ends there ("said Mark Toner." / "said
# the ministry on Monday"), not in "said the coalition was still committed"
_CLAUSE_END = r"(?=\s*(?:[,.;:!?\"”)]|$|(?:on|in|at|late|early|told|after|before)\b))"
#: each behind the cheap checks of text/prefilter.py (the answers are the pattern's own)
_SPEAKER_PATTERNS = tuple(
    Prefiltered(re.compile(p), starts=False)  # they begin with any name
    for p in (
        rf"{_PERSON},\s+{_OFFICE}(?:\s+[\w\s]{{0,30}}?)?,\s+{_SAY}",
        rf"{_OFFICE},\s+{_PERSON},\s+{_SAY}",
        rf"{_OFFICE}\s+{_PERSON}\s+{_SAY}",
        rf"{_SAY}\s+{_PERSON},\s+{_OFFICE}",
        rf"[Aa]ccording to\s+{_PERSON},\s+{_OFFICE}",
        rf"[Aa]ccording to\s+{_OFFICE}",
        rf"{_SAY}\s+{_OFFICE}{_CLAUSE_END}",
        rf"{_OFFICE}\s+(?:has\s+|had\s+|also\s+)?{_SAY}",
        rf"{_PERSON}\s+(?:has\s+|had\s+)?{_SAY}",
        rf"{_SAY}\s+{_PERSON}{_CLAUSE_END}",
        rf"(?:^|[,”\"]\s*)(?P<person>[A-Z][a-z'’-]{{1,30}})\s+(?:has\s+|had\s+)?{_SAY}\b",
    )
)
_SAY_ANYWHERE = re.compile(_SAY)
# Arabic: "قالت وزارة الخارجية الأمريكية" / "بحسب المرصد السوري" / "أعلن المتحدث باسم ..."
_AR_SAY = (
    r"(?:قال|قالت|أعلن|أعلنت|أكد|أكدت|ذكر|ذكرت|صرح|صرحت|أفاد|أفادت|أشار|أشارت|اتهم|اتهمت|"
    r"أوضح|أوضحت)"
)
_AR_BY = r"(?:(?:بحسب|حسب)(?:\s+ما\s+(?:أعلنه|أعلنته|قاله|قالته|ذكره|ذكرته))?|وفقا ل|وفقاً ل|وفق)"
_AR_HEADS = (
    r"(?:وزارة|الخارجية|المتحدث|الرئيس|رئيس|الناطق|المرصد|الجيش|القيادة|مركز|المبعوث|الأمم|"
    r"الحكومة|وزير|مصدر|مسؤول|الرئاسة|التحالف|الشبكة|ناشطون|ناشطين|مصادر|سكان|هيئة|البيان|"
    r"السعودية|الولايات المتحدة|روسيا|قطر|مصر|تركيا|إيران|المندوب|السفير|قائد|القائد|"
    r"المشير|الفريق|اللواء|العميد|العقيد)"
)
_AR_SPEAKER = re.compile(
    rf"(?:{_AR_SAY}|{_AR_BY})\s*(?P<office>(?:ال?\w+\s+){{0,2}}?{_AR_HEADS}"
    r"(?:\s+(?!(?:إن|أن|ان|إنه|أنه|إنها|أنها|إنهم|أنهم|إلى|الى|عن|في|على|تسجيل|بأن)(?!\w))"
    # what is announced is no office: "أعلنت الحكومة اليمنية ترحيبها بالهدنة"
    r"(?!(?:ترحيب|موافقت|قبول|رفض|التزام|تمديد|تعليق|استعداد|وقف|انتهاء|بدء)\w*)"
    r"(?:ال|ب|ل)?\w+){0,8})"
)
#: what a speaker says, after the name: "رفضه الهدنة", "إن", "قبوله"
_AR_SAID = re.compile(
    r"(?:إن|أن|بأن|ترحيب|موافقت|قبول|رفض|التزام|تمديد|تعليق|استعداد|وقف|انتهاء|بدء)"
)
#: the subject before the verb: "وكان المندوب الروسي لدى الأمم المتحدة فيتالي تشوركين قد أعلن",
#: "الجيش السوداني يعلن"
_AR_SUBJECT = re.compile(
    rf"^(?:[^—–\n]{{0,30}}[—–]\s+)?(?:و?كان[تا]?\s+)?(?P<office>(?:ال?\w+\s+){{0,1}}?{_AR_HEADS}"
    r"(?:\s+\w+){0,8}?)\s+(?:قد\s+)?(?:أعلن|أعلنت|قال|قالت|أكد|أكدت|يعلن|تعلن|يؤكد|تؤكد)(?!\w)"
)
_AR_NISBA = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        w
        for w, _s in STATE_WORDS
        if re.fullmatch(r"ال[\u0621-\u064a]+ي", w) or re.fullmatch(r"ال[\u0621-\u064a]+ية", w)
    )
    + r")(?!\w)"
)
#: a rank before a name: "العميد أحمد عسيري", "الفريق أول عبد الفتاح البرهان"
_AR_RANK = re.compile(
    r"(?<!\w)(?:العميد|اللواء|العقيد|المقدم|الرائد|النقيب|المشير|الفريق(?:\s+أول)?)(?:\s+الركن)?(?!\w)"
)
# a name alone after a verb of saying: "وقال كيربي إن"
_AR_PERSON = re.compile(rf"{_AR_SAY}\s+(?P<person>[^\s،,]+(?:\s+[^\s،,]+)?)\s+(?:إن|أن)(?!\w)")
_LOWER_TAIL = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_NOT_PERSON = re.compile(
    r"^(?:The|A|An|But|And|In|On|At|Since|Rebels?|Government|Violence|Fighting|Truce|"
    r"Ceasefire|It|We|They|He|She|This|That)\b"
)


#: where a speaker is, not whom he speaks for: "speaking in Cairo", "told reporters in Riyadh"
#: ("officials in Damascus" still speak for Syria)
_WHERE = re.compile(
    r"\b(?:[Ss]peaking|reporters|conference|briefing|visit|visiting|meeting|talks)\s+"
    r"(?:(?:in|at|from|to)\s+)?(?:the\s+)?[A-Z][\w-]+"
)


def state_of(words: str) -> str | None:
    """The state the words of a speaker name (:data:`STATE_WORDS`, else the states of the
    statement lexicon: "Tripoli", "Khartoum"), None when none does or a monitor or an
    opposition body speaks (the Syrian Observatory)."""
    words = _WHERE.sub(lambda m: " " * len(m.group()), words)  # "Speaking in Cairo, ..."
    found = [
        (m.start(), -len(m.group()), state) for p, state in _STATE_RES if (m := p.search(words))
    ]
    if any(not state for _a, _b, state in found):
        return None  # a monitor or an opposition body ("Syria's main opposition bloc")
    if found:  # the first named, the longest name there
        return min(found)[2]
    from trucewatch.text.statements.lexicon import state_of as lexicon_state

    return lexicon_state(words)


def _clean_office(office: str | None) -> str | None:
    if not office:
        return None
    office = _LOWER_TAIL.sub("", office.strip())
    office = re.sub(r"\s+", " ", office).strip(" ,")
    return office or None


#: when or to whom the words were said, after the speaker's name: "يوم السبت", "للصحفيين"
_AR_WHEN_TOLD = re.compile(
    r"(?:\s+(?:يوم\s+\S+|أمس|اليوم|مساء\s+\S+|صباح\s+\S+|ليل\s+\S+|للصحفيين|للصحافيين|"
    r"لوسائل\s+الإعلام|في\s+بيان|في\s+تصريح\S*))+(?:\s+في\s+\S+)?$"
)


def _arabic_person(office: str, ends: bool) -> tuple[str | None, str]:
    """The person named at the end of an Arabic office phrase and the office without it:
    after a rank ("المتحدث باسم التحالف العميد أحمد عسيري"), after the state's adjective when
    the phrase ends there ("وزير الدفاع الروسي سيرغي شويغو،"), or a listed official's name
    ending it ("المندوب الروسي لدى الأمم المتحدة فيتالي تشوركين")."""
    told = _AR_WHEN_TOLD.search(office)  # "... سيرغي لافروف يوم السبت", "... للصحفيين"
    if told is not None:
        office, ends = office[: told.start()].strip(), True
    rank = _AR_RANK.search(office)  # "المشير خليفة حفتر": a rank alone, no office
    if rank is not None and 2 <= len(office[rank.end() :].split()) <= 4:
        return office[rank.end() :].strip(), office[: rank.start()].strip()
    nisba = _AR_NISBA.search(office)
    if nisba is not None:  # "الرئيس الأوكراني الأسبق ليونيد كوتشما": "former" is the office's
        former = re.match(r"\s+(?:السابق|الأسبق|الاسبق|الحالي|المؤقت)(?=\s)", office[nisba.end() :])
        cut = nisba.end() + (former.end() if former else 0)
        if ends and 2 <= len(office[cut:].split()) <= 3:
            return office[cut:].strip(), office[:cut].strip()
    words = office.split()
    if ends and len(words) > 2 and state_of_official(words[-1]):
        return " ".join(words[-2:]), " ".join(words[:-2])
    return None, office


@lru_cache(maxsize=2048)  # asked of a sentence by the statements and again by the claims
def pattern_speaker(sentence: str) -> tuple[Speaker, tuple[int, int]] | None:
    """The speaker a sentence names with a verb of saying or "according to" (English or
    Arabic), with the span of the words read, or None."""
    # every English pattern holds a verb of saying or "according to": without one, none can
    # match (they cost more than the rest of the statement rules together)
    english = _SAY_ANYWHERE.search(sentence) is not None or "ccording to" in sentence
    for pattern in _SPEAKER_PATTERNS if english else ():
        for m in pattern.finditer(sentence):
            groups = m.groupdict()
            person = groups.get("person")
            if person and _NOT_PERSON.match(person):
                person = None
            office = _clean_office(groups.get("office"))
            if office and office.lower() in ("officials", "sources", "source", "official"):
                office = office.lower()
            if person is None and office is None:
                continue
            words = " ".join(w for w in (person, office) if w)
            return Speaker(person=person, office=office, state=state_of(words)), m.span()
    arabic = _AR_SPEAKER.search(sentence)
    subject = _AR_SUBJECT.search(sentence) if arabic is None else None
    if arabic or subject:
        found = arabic or subject
        assert found is not None
        after = sentence[found.end("office") :].lstrip()
        # the name ends the phrase: a comma, the verb after a subject, or what is said
        ends = subject is not None or (bool(after) and after[0] in "،,.:")
        ends = ends or _AR_SAID.match(after) is not None
        person, office = _arabic_person(found.group("office").strip(), ends)
        state = state_of(office) if office else None
        state = state or state_of_official(person)
        return Speaker(person, office or None, state), found.span("office")
    alone = _AR_PERSON.search(sentence)
    if alone and not _AR_TIME.match(alone.group("person")):  # not "أعلن الأسبوع الماضي أن"
        return Speaker(person=alone.group("person")), alone.span("person")
    return None


#: a time said after the verb, not a name: "الأسبوع الماضي", "مساء الثلاثاء", "أمس"
_AR_TIME = re.compile(r"(?:ال)?(?:أسبوع|اسبوع|شهر|عام|يوم|أمس|امس|مساء|صباح|ليل|فجر)")
