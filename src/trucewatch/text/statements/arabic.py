"""One Arabic sentence read for a truce statement (basic): the truce words (هدنة, وقف إطلاق
النار, وقف الأعمال القتالية, تهدئة, نظام تهدئة), the act (تمديد extend, أعلن declare, اتفاق
agree, قبول/ترحيب accept, رفض reject, خرق/انتهاك accuse, تعليق suspend, انهيار/انتهاء end),
the sides and places by the Arabic rules of :mod:`trucewatch.text.arabic`, the start, end and
duration (:mod:`.arabic_times`) and exclusions ("باستثناء داعش وجبهة النصرة").
"""

from __future__ import annotations

import re
from datetime import datetime

from trucewatch.text.arabic.actors import find_actors
from trucewatch.text.arabic.letters import Folded, fold, fold_pattern, word
from trucewatch.text.arabic.places import find_places
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.statements.arabic_parties import arabic_parties
from trucewatch.text.statements.arabic_places import written_places
from trucewatch.text.statements.arabic_terms import (
    arabic_conditions,
    arabic_deadlines,
    arabic_exclusions,
)
from trucewatch.text.statements.arabic_times import read_times
from trucewatch.text.statements.lexicon import ARABIC_STATES
from trucewatch.text.statements.parties import side_of_state
from trucewatch.text.statements.reading import Reading
from trucewatch.text.statements.speakers import speaker_in

__all__ = ["TRUCE_WORDS", "read_arabic"]

_P = fold_pattern
#: "بوقف الهجوم على مدينة الحديدة", "يوقف هجومه", "تجميد العمليات الهجومية": one side's halt
_HALT = r"(?:[بيتس]?وقف|ايقاف|تجميد)\w*\s+(?:ال)?(?:هجوم\w*|عمليات\s+(?:ال)?هجومي[ةه])"
TRUCE_WORDS = re.compile(
    _P(
        rf"{_HALT}|"
        # "وقف القتال", "وقف الأعمال العدائية", "اتفاق سلام", "خفض التصعيد"
        r"وقف\s+(?:ال)?(?:قتال|اقتتال|معارك|اعمال\s+(?:ال)?عدائي[ةه]|عمليات\s+(?:ال)?عسكري[ةه])|"
        r"اتفاق\w*\s+(?:ال)?سلام|خفض\s+(?:ال)?تصعيد|"
        r"هدن[ةه]|هدنتي|(?:اتفاق|اتفاقي[ةه]|مبادر[ةه])\s+(?:تصدير\s+)?الحبوب|وقف\s+(?:[اإ]طلاق\s+النار|الاعمال\s+القتالية|العمليات\s+القتالية)|"
        r"وقفا?\s+(?:\w+\s+){0,2}?لاطلاق\s+النار|تهدئ[ةه]|نظام\s+تهدئ[ةه]|"
        r"(?:[يتس]+)?وقف\w*\s+(?:\w+\s+)?عمليات\w*\s+القتالي[ةه]"
    )
)
_ACTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (act, re.compile(_P(pattern)))
    for act, pattern in (
        ("reject", r"رفض|يرفض|ترفض|رفضت"),  # "يرفضون تمديد الهدنة": a refusal to extend
        ("extend", r"تمديد|مدد|يمدد|تمدد|تجديد|(?<!م)جدد"),  # not "مجدداً" (again)
        # not "لم يصدر تعليق رسمي" (no comment was given)
        ("suspend", r"(?<!يصدر )(?<!صدر )(?<!اي )(?<!دون )تعليق(?!\s+رسمي)|علق"),
        ("accuse", r"خرق|خروقات|انتهاك|انتهاكات|اتهم|متهم|يتهم|تتهم"),
        ("end", r"انهيار|انهار|انهارت|انتهاء|انتهت"),
        ("accept", r"قبول|قبلت|وافق|موافقت|ترحيب|رحب|التزام|ملتزم"),
        ("agree", r"اتفاق|اتفق|توصل|توقيع|وقع|بضمان[ةه]|برعاي[ةه]|بوساط[ةه]"),
        ("declare", rf"[اأ]علن|[اإ]علان|[يت]علن|بدء|بدا|يبدا|تبدا|سريان|دخل|يدخل|تدخل|{_HALT}"),
    )
)
_NATIONAL = re.compile(_P(r"كامل\s+(?:الاراضي|البلاد)|جميع\s+(?:الاراضي|انحاء)|شاملة|في\s+كل\s+"))
_MAYBE = re.compile(
    _P(
        r"قابل\w*\s+لل?$|يمكن\s+$|امكانية\s+$|اقتراح\s+$|مقترح\s+$|"
        # hoped for or not done: "يأمل أن يلتزم", "دون أن يعلن صراحة قبوله"
        r"يامل\s+ان\s+$|تامل\s+ان\s+$|دون\s+(?:ان\s+)?(?:\w+\s+){0,2}$|(?:^|\s)و?(?:لم|لن)\s+[تين]?$|"
        # not done ("وعدم تجديدها") or a goal ("تهدف إلى التوصل إلى", "بهدف التوصل")
        r"(?:^|\s)و?عدم\s+$|[يت]هدف\s+(?:\w+\s+)?الى\s+(?:ال)?$|\bبهدف\s+(?:ال)?$"
    )
)


#: the end of a dateline after its city: a dash, after the day and the agency if any
_DATELINE_END = re.compile(r"(?:،\s*[^—–\n.،]{0,30}?)?\s*[—–-]\s")
_SPEAKS = re.compile(_P(r"\s+(?:[تي](?:علن|رحب|رفض|قبل|وافق|تهم|ؤكد|دعو|طالب|حذر|تحدث|قول))"))
#: "تعليق مشاركته في محادثات جدة": participation in talks suspended, not the truce (but
#: "تعليق مشاركتها في اتفاق الحبوب" suspends its part in a deal)
_NOT_TRUCE_OBJECT = re.compile(
    _P(r"\w*\s+(?:مشارك(?!\w*\s+في\s+(?:ال)?اتفاق)|عضوي|محادثات|المحادثات|المفاوضات|مفاوضات)")
)
#: "وينص اتفاق ستوكهولم على ...": what an agreement stipulates is its terms, not an act
_STIPULATES = re.compile(_P(r"(?:^|\s)و?[يت]نص\s"))
#: "أعلنت ... موافقتها على هدنة": acceptance of a truce named for the first time (no article)
_NEW_TRUCE = re.compile(_P(r"\w*\s+(?:على\s+)?(?:هدن[ةه]|تهدئ[ةه]|وقف\s+لاطلاق)"))
_DECLARED = re.compile(_P(r"[اأ]علن|[يت]علن"))


#: "دعا ... إلى تمديد الهدنة", "دعا ... إلى احترام الهدنة والعمل على تمديدها": an extension
#: called for, not made (the act within a few words of the call's "إلى")
_CALLED_FOR = re.compile(
    # "دعا ... إلى", "يدعوان إلى «إعلان وقف»", "اتفقوا على الدعوة إلى وقف شامل"
    _P(r"(?:دعا|دعت|يدعو|تدعو|الدعو[ةه]|طالب|حث)\w*[\s،,](?:[^.]*?\s)?الى\s+(?:[^\s.]+\s+){0,5}$")
)
#: "منذ بدء الهدنة", "بعد سريان التهدئة", "قبل ساعات من بدء الهدنة": a time told by the
#: truce's start, not its act
_SINCE_START = re.compile(
    _P(
        r"(?:^|\s)و?(?:منذ|بعد|قبل|حتى)\s+(?:(?:\d+\s+)?(?:ساع|ايام|يوم|دقائق|لحظات)\w*\s+من\s+)?(?:ال)?$"
    )
)
_START_WORD = re.compile(_P(r"بدء|بدا|سريان|دخول|التوصل|توصل|توقيع"))
#: "وكانت ... قد اتفقت": the past perfect, right before the act word
_HAD = re.compile(_P(r"^\W*و?كان(?:ت|وا)?\s[^.]{0,160}?\sقد\s"))
#: "الاتفاقات السابقة", "الهدن السابقة": earlier truces as the subject
_EARLIER = re.compile(_P(r"(?:اتفاق|هدن|تهدئ)\w*\s+(?:ال)?سابق\w*\s+$"))
#: "تجدد القصف", "تجددت الاشتباكات": shelling or clashes renewed, not the truce
_FIGHTING_AFTER = re.compile(
    _P(r"\w*\s+(?:ال)?(?:قصف|اشتباك|معارك|المعارك|قتال|القتال|غارات|الغارات|هجوم|الهجوم)")
)


def _act(folded: str) -> tuple[str, tuple[int, int]] | None:
    if _STIPULATES.search(folded[:40]):
        return None  # the terms of a truce named before
    truces = list(TRUCE_WORDS.finditer(folded))
    # "اتفقوا على الدعوة إلى وقف شامل لإطلاق النار": a truce called for, none made (a
    # reaction to the call, "رفض الدعوة إلى هدنة", is still one)
    called = bool(truces) and all(_CALLED_FOR.search(folded[: t.start()]) for t in truces)
    for act, pattern in _ACTS:
        for m in pattern.finditer(folded):
            if _MAYBE.search(folded[max(0, m.start() - 30) : m.start()]):
                continue  # "قابلين للتجديد": renewable, not renewed
            if _CALLED_FOR.search(folded[: m.start()]):
                continue
            if _START_WORD.fullmatch(m.group()) and _SINCE_START.search(folded[: m.start()]):
                continue
            if _EARLIER.search(folded[max(0, m.start() - 30) : m.start()]):
                continue  # "الاتفاقات السابقة انهارت سريعاً": earlier truces, background
            if act == "extend" and _FIGHTING_AFTER.match(folded, m.end()):
                continue
            if act == "suspend" and _NOT_TRUCE_OBJECT.match(folded, m.end()):
                continue
            if (
                act == "accept"
                and _NEW_TRUCE.match(folded, m.end())
                and _DECLARED.search(folded, 0, m.start())
            ):
                return "declare", m.span()  # announced its acceptance of a new truce
            if called and act not in ("accept", "reject", "accuse"):
                return None
            return act, m.span()
    return None


_STATE_OF = {" ".join(fold(w).text.split()): state for w, state in ARABIC_STATES.items()}
_STATES = re.compile(word("|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _STATE_OF)))
#: what may join two subjects: "و", a comma, an adjective or place of the first ("وحدات حماية
#: الشعب الكردية والقوات", "الحكومة الانتقالية في السودان وتحالف الجبهة الثورية") and a noun
#: of the second
_JOINED = re.compile(
    r"^\s*(?:في\s+\S+\s*)?(?:ال[\u0621-\u064a]+ي[ةه]?\s*)?[و،,]\s*"
    r"(?:تحالف|حركة|حركات|قوات|جماعة|فصائل)?\s*$"
)
#: "من القاهرة", "في الدوحة", "مفاوضات القاهرة": a venue or the talks held there, not who acts
#: (a state's name right after a preposition or a noun of talks)
_VENUE_BEFORE = re.compile(
    r"(?<![\w])(?:من|في|إلى|الى|مفاوضات|محادثات|مباحثات|اجتماع|اجتماعات|قمة|مؤتمر|إعلان|اعلان)"
    r"\s+$"
)
#: "القادم من ترهونة", "المنحدرين من مدينة مصراتة": where a side comes from (not "حركات من
#: دارفور", armed movements of the regions a peace deal covers)
_FROM_BEFORE = re.compile(
    _P(
        r"(?<!\w)(?:ال)?(?:قادم|آتي|منحدر|متحدر)(?:ة|ين|ون)?\s+من\s+(?:(?:مدينة|بلدة|منطقة)\s+)?$|"
        # what a side holds: "الذي يسيطر على العاصمة طرابلس", not where its truce applies
        r"(?:الذي|التي|الذين)\s+[يت]سيطر\w*\s+على\s+(?:ال\w+\s+)?$|"
        # "ممثلين عن كييف وموسكو", "ممثل كييف في المجموعة": a capital for its government
        r"(?:ممثل\w*|[يت]مثل)\s+(?:عن\s+)?(?:\w+\s+و\s*)?$|"
        # "ولم يصدر تعليق رسمي من دمشق": a capital for its government's word
        r"(?:تعليق|رد|موقف|بيان|تصريح)\w*\s+(?:رسمي\w*\s+)?من\s+$|"
        # "قاعدة حميميم الجوية قرب اللاذقية": a place it lies near, not the scope
        r"(?:قرب|بالقرب\s+من|على\s+مقرب[ةه]\s+من)\s+$|"
        # "في دار الرئاسة بصنعاء", "في فندق بالدوحة": the building where it was signed
        r"(?:في|داخل)\s+(?:دار|قصر|مقر|فندق|قاعة|قاعدة)\s+(?:\S+\s+){0,2}?(?:ب|في\s+)?$"
    )
)


def _subjects(
    text: str,
    f: str,
    folded: Folded,
    gaz: Gazetteer,
    excluded: list[tuple[int, int]],
) -> list[tuple[str, int, int]]:
    """The parties of an Arabic sentence: its first side or state (verb-subject order: "أعلنت
    الحكومة اليمنية", "اتفقت الولايات المتحدة وروسيا") and those joined to it by "و" — not the
    object ("اتهمت الحكومة اليمنية جماعة الحوثي" is the government's act)."""
    named = [
        (a.canonical, a.start, a.end)
        for a in find_actors(text, gaz.actors)
        if a.canonical != "Civilians"
    ]
    for m in _STATES.finditer(f):
        a, b = folded.span(*m.span("w"))
        if not any(s < b and a < e for _n, s, e in named):
            state = _STATE_OF.get(" ".join(m.group("w").split()))
            if state is not None and not _venue(text, a):
                named.append((side_of_state(state, gaz), a, b))
    named = [n for n in named if not any(x <= n[1] < y for x, y in excluded)]
    named.sort(key=lambda n: n[1])
    # the dateline's city ("الدوحة —", "الدوحة، 23 شباط/فبراير —") is where, not who
    named = [n for n in named if n[1] > 30 or not _DATELINE_END.match(text, n[2], n[2] + 40)]
    out = named[:1]
    for name, a, b in named[1:]:
        if not _JOINED.match(text[out[-1][2] : a]):
            break
        out.append((name, a, b))
    return out


def _venue(text: str, start: int) -> bool:
    """Whether the name at ``start`` is a capital or state named as where talks are held or
    words are said ("أعلن أمس من القاهرة", "إلى مفاوضات القاهرة"): a venue, not a party."""
    return _VENUE_BEFORE.search(text, max(0, start - 12), start) is not None


#: "على أن يبدأ تطبيق الاتفاق منتصف ليل الجمعة السبت": when the truce named before starts
_TIMING_SUBJECT = re.compile(
    _P(r"(?:[يت]بدا|[يت]دخل|سريان|تطبيق|[يت]نتهي|[يت]ستمر|[يت]متد)\s+(?:\w+\s+){0,2}?(?:ال)?اتفاق")
)


def read_arabic(
    text: str, published: datetime, tz: str, gaz: Gazetteer, *, after_truce: bool = False
) -> Reading | None:
    """The statement an Arabic sentence makes, or None (offsets in ``text``); ``after_truce``:
    a truce was named before, so a sentence on when "the agreement" starts gives its start."""
    folded = fold(text)
    f = folded.text
    out = Reading()
    arabic_deadlines(text, folded, published, tz, out)  # "بحلول الثامن من كانون الثاني"
    if TRUCE_WORDS.search(f) is None:  # terms of the truce named before
        timing = _TIMING_SUBJECT.search(f) if after_truce else None
        if timing is not None:  # "على أن يبدأ تطبيق الاتفاق منتصف ليل الجمعة"
            at = folded.span(*timing.span())[0]
            read_times(" " * at + text[at:], fold(" " * at + text[at:]), published, tz, out)
        arabic_conditions(text, folded, out, truce=False)
        arabic_exclusions(text, folded, gaz, out, truce=False)  # "العمليات ضد داعش ستستمر"
        return out if out.has_terms else None
    arabic_conditions(text, folded, out)  # "ما دام الطرف الآخر ملتزماً"
    found = _act(f)
    excluded = arabic_exclusions(text, folded, gaz, out)  # "باستثناء داعش"
    if found is None:  # "ولا تشمل التهدئة داعش": terms of the truce named before
        _places_after_truce(text, folded, gaz, out)  # "هدنة لخمس ساعات في غزة": where
        return out if out.has_terms else None
    out.act, span = found
    out.cite("act", folded.span(*span))
    if out.act in ("agree", "declare", "extend") and _HAD.search(f):
        # "وكانت الهدنة قد أعلنت ...": told in the past perfect, a truce named as background
        truce = TRUCE_WORDS.search(f)
        ends = (*span, *(truce.span() if truce is not None else span))
        a, b = folded.span(min(ends), max(ends))
        out.pure_reference, out.refers_to = True, text[a:b]
        out.evidence["refers_to"] = [(a, b)]
    speaker, said = speaker_in(text, gaz)
    if speaker is not None and said is not None:
        out.speaker = speaker
        out.cite("speaker", said)
    subjects = _subjects(text, f, folded, gaz, excluded)
    named = arabic_parties(text, subjects, gaz, out.act, excluded, out.speaker, said or (0, 0))
    for name, a, b in named:
        if name not in out.parties:
            out.parties.append(name)
            out.cite("parties", (a, b))
    for place in find_places(text, gaz):
        if any(a <= place.start < b for a, b in excluded) or place.place.kind == "country":
            continue
        if place.place in gaz.neighbours:
            continue  # a neighbour's town is where rockets fall, not a truce's scope
        if place.start < 20 and _DATELINE_END.match(text, place.end, place.end + 40):
            continue  # the dateline ("غزة —", "كييف، 1 يوليو (وكالات) —")
        subject = place.start < 3 or re.search(
            r"(?:^|\s)و\s*$", text[max(0, place.start - 3) : place.start]
        )
        if subject and _SPEAKS.match(fold(text[place.end : place.end + 12]).text):
            continue  # "دمشق تعلن قبولها", "وكييف تتحدث عن خروقات": the capital for its government
        if re.search(_P(r"بتوقيت\s*$"), fold(text[max(0, place.start - 10) : place.start]).text):
            continue  # "بتوقيت دمشق": a clock's zone
        if _FROM_BEFORE.search(fold(text[max(0, place.start - 40) : place.start]).text):
            continue  # "اللواء السابع القادم من ترهونة": where a side comes from
        struck = _STRUCK_IN.search(fold(text[max(0, place.start - 60) : place.start]).text)
        if struck is not None and not struck.group("halt"):
            continue  # "بغارة إسرائيلية على سيارته في مدينة غزة": where a strike hit (not
            # "بوقف الهجوم على مدينة الحديدة", the halt's object)
        if place.place.name not in out.scope:
            out.scope.append(place.place.name)
            out.cite("scope", (place.start, place.end))
    if not gaz.places:
        _places_after_truce(text, folded, gaz, out)
    national = _NATIONAL.search(f)
    if national is not None and not out.scope:
        out.nationwide = True
        out.cite("nationwide", folded.span(*national.span()))
    read_times(text, folded, published, tz, out)
    if out.act in ("end", "reject", "accuse", "suspend", "agree") and not _STARTS.search(f):
        if out.act == "end" and out.start_precision == "minute" and out.end is None:
            out.end = out.start  # "بعد انتهاء الهدنة عند الساعة 11 من مساء الأحد"
            out.evidence["end"] = out.evidence.get("start", [])
        out.start, out.start_precision = None, None  # the day of the end, not a start
        out.evidence.pop("start", None)
    return out


#: "بغارة إسرائيلية على سيارته في مدينة غزة", "قصف ... على": where violence struck
_STRUCK_IN = re.compile(
    _P(
        r"(?P<halt>(?:وقف|ايقاف|تجميد)\w*\s+)?(?<!\w)[وب]?(?:ال)?"
        r"(?:غار|قصف|هجوم|اغتيال|اشتباك|معارك|ضرب)\w*\s+(?:\S+\s+){0,4}?(?:في|على)\s+"
        r"(?:مدين[ةه]\s+|بلد[ةه]\s+|قري[ةه]\s+)?$"
    )
)
#: words saying when something starts ("بدأت", "اعتباراً من", "يدخل حيز التنفيذ")
_STARTS = re.compile(_P(r"بدء|بدا|يبدا|تبدا|اعتبارا|ابتداء|سريان|دخل|يدخل|تدخل|منذ|فور"))


def _places_after_truce(text: str, folded: Folded, gaz: Gazetteer, out: Reading) -> None:
    """The places a truce word is followed by ("وقف إطلاق النار في منطقتي دونيتسك ولوغانسك"),
    for a country without a gazetteer (:mod:`.arabic_places`)."""
    truce = TRUCE_WORDS.search(folded.text)
    if truce is None or gaz.places:
        return
    for name, a, b in written_places(text, folded, truce.end()):
        if name not in out.scope:
            out.scope.append(name)
            out.cite("scope", (a, b))
