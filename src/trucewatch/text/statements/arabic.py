"""One Arabic sentence read for a truce statement (basic): the truce words (هدنة, وقف إطلاق
النار, وقف الأعمال القتالية, تهدئة, نظام تهدئة), the act (تمديد extend, أعلن declare, اتفاق
agree, قبول/ترحيب accept, رفض reject, خرق/انتهاك accuse, تعليق suspend, انهيار/انتهاء end),
the sides and places by the Arabic rules of :mod:`trucewatch.text.arabic`, the start (date and
"الساعة 01:00" by :mod:`trucewatch.text.arabic.dates`; "منتصف الليل" midnight), a duration
("48 ساعة", "ثلاثة أيام") and exclusions ("باستثناء داعش وجبهة النصرة").
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, time, timedelta

from trucewatch.model.time import zone
from trucewatch.text.arabic.actors import find_actors
from trucewatch.text.arabic.dates import resolve_date
from trucewatch.text.arabic.letters import fold, fold_pattern
from trucewatch.text.arabic.numbers import numbers_in
from trucewatch.text.arabic.places import find_places
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.statements.arabic_terms import (
    arabic_conditions,
    arabic_deadlines,
    arabic_exclusions,
)
from trucewatch.text.statements.reading import Reading

__all__ = ["read_arabic"]

_P = fold_pattern
_TRUCE = re.compile(
    _P(
        r"هدن[ةه]|هدنتي|وقف\s+(?:[اإ]طلاق\s+النار|الاعمال\s+القتالية|العمليات\s+القتالية)|"
        r"وقفا?\s+(?:فوريا\s+)?لاطلاق\s+النار|تهدئ[ةه]|نظام\s+تهدئ[ةه]"
    )
)
_ACTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (act, re.compile(_P(pattern)))
    for act, pattern in (
        ("extend", r"تمديد|مدد|يمدد|تمدد|تجديد|جدد"),
        ("suspend", r"تعليق|علق"),
        ("reject", r"رفض|يرفض|ترفض|رفضت"),
        ("accuse", r"خرق|خروقات|انتهاك|انتهاكات|اتهم"),
        ("end", r"انهيار|انهارت|انتهاء|انتهت"),
        ("accept", r"قبول|قبلت|وافق|موافقت|ترحيب|رحب|التزام|ملتزم"),
        ("agree", r"اتفاق|اتفق|توصل|توقيع|وقع"),
        ("declare", r"[اأ]علن|[اإ]علان|بدء|بدا|يبدا|تبدا|سريان|دخل|يدخل|تدخل"),
    )
)
_MIDNIGHT = re.compile(_P(r"منتصف\s+الليل"))
_HOURS = re.compile(_P(r"\s*(ساعة|ساعات|يوما|يوم|ايام)"))
_NATIONAL = re.compile(_P(r"كامل\s+(?:الاراضي|البلاد)|جميع\s+(?:الاراضي|انحاء)|شاملة|في\s+كل\s+"))
_UNIT = {
    fold_pattern(k): v
    for k, v in {"ساعة": 1, "ساعات": 1, "يوما": 24, "يوم": 24, "ايام": 24}.items()
}


_HOUR_WORDS = {
    _P(k): v
    for k, v in (
        ("الواحدة", 1),
        ("الثانية", 2),
        ("الثالثة", 3),
        ("الرابعة", 4),
        ("الخامسة", 5),
        ("السادسة", 6),
        ("السابعة", 7),
        ("الثامنة", 8),
        ("التاسعة", 9),
        ("العاشرة", 10),
        ("الحادية عشرة", 11),
        ("الثانية عشرة", 12),
    )
}
_WORD_CLOCK = re.compile(
    _P(
        r"الساعة\s+(الحادية عشرة|الثانية عشرة|الواحدة|الثانية|الثالثة|الرابعة|الخامسة|السادسة|"
        r"السابعة|الثامنة|التاسعة|العاشرة)(?:\s+(?:من\s+)?(صباح|مساء|ليل|فجر|منتصف ليل)\w*)?"
    )
)
_FUTURE = re.compile(_P(r"اعتبارا|ابتداء|تبدا|يبدا|ستبدا|سيبدا|تدخل|يدخل|ستدخل|سيدخل"))
_WEEKDAY = re.compile(_P(r"الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعة|السبت|الاحد"))


def _word_clock(folded: str) -> tuple[int, int] | None:
    """ "الساعة الواحدة من صباح" 01:00, "السابعة من مساء" 19:00, "الثانية عشرة من منتصف ليل"
    00:00 (hours written as words; digits are read by :mod:`trucewatch.text.arabic.dates`)."""
    m = _WORD_CLOCK.search(folded)
    if m is None:
        return None
    hour = _HOUR_WORDS[m.group(1)]
    part = m.group(2) or ""
    if part.startswith(_P("مساء")) and hour < 12:
        hour += 12
    if hour == 12 and (part.startswith(_P("منتصف")) or part.startswith(_P("ليل"))):
        hour = 0
    return hour % 24, 0


_MAYBE = re.compile(_P(r"قابل\w*\s+لل?$|يمكن\s+$|امكانية\s+$|اقتراح\s+$|مقترح\s+$"))


def _act(folded: str) -> tuple[str, tuple[int, int]] | None:
    for act, pattern in _ACTS:
        for m in pattern.finditer(folded):
            if _MAYBE.search(folded[max(0, m.start() - 15) : m.start()]):
                continue  # "قابلين للتجديد": renewable, not renewed
            return act, m.span()
    return None


def read_arabic(text: str, published: datetime, tz: str, gaz: Gazetteer) -> Reading | None:
    """The statement an Arabic sentence makes, or None (offsets in ``text``)."""
    folded = fold(text)
    f = folded.text
    out = Reading()
    arabic_deadlines(text, folded, published, tz, out)  # "بحلول الثامن من كانون الثاني"
    if _TRUCE.search(f) is None:  # terms of the truce named before
        arabic_conditions(text, folded, out, truce=False)
        arabic_exclusions(text, folded, gaz, out, truce=False)  # "العمليات ضد داعش ستستمر"
        return out if out.has_terms else None
    arabic_conditions(text, folded, out)  # "ما دام الطرف الآخر ملتزماً"
    found = _act(f)
    excluded = arabic_exclusions(text, folded, gaz, out)  # "باستثناء داعش"
    if found is None:  # "ولا تشمل التهدئة داعش": terms of the truce named before
        return out if out.has_terms else None
    out.act, span = found
    out.cite("act", folded.span(*span))
    for actor in find_actors(text, gaz.actors) if gaz.places else ():
        if any(a <= actor.start < b for a, b in excluded) or actor.canonical == "Civilians":
            continue
        if actor.canonical not in out.parties:
            out.parties.append(actor.canonical)
            out.cite("parties", (actor.start, actor.end))
    for place in find_places(text, gaz):
        if any(a <= place.start < b for a, b in excluded) or place.place.kind == "country":
            continue
        if place.start < 20 and re.match(r"\s*[—–-]\s", text[place.end : place.end + 4]):
            continue  # the dateline
        if re.search(_P(r"بتوقيت\s*$"), fold(text[max(0, place.start - 10) : place.start]).text):
            continue  # "بتوقيت دمشق": a clock's zone
        if place.place.name not in out.scope:
            out.scope.append(place.place.name)
            out.cite("scope", (place.start, place.end))
    national = _NATIONAL.search(f)
    if national is not None and not out.scope:
        out.nationwide = True
        out.cite("nationwide", folded.span(*national.span()))
    date = resolve_date(text, published, tz)
    here = zone(tz)
    clock = _word_clock(f)
    if clock is not None:  # the day written after the hour: "الواحدة من صباح يوم الخميس"
        after = folded.span(*_WORD_CLOCK.search(f).span())[1]  # type: ignore[union-attr]
        later = resolve_date(text[after:], published, tz)
        date = (
            date
            if later is None
            else replace(later, start=later.start + after, end=later.end + after)
        )
    if clock is not None and date is not None and date.interval.end is not None:
        day = date.interval.start.astimezone(here).date()
        if _FUTURE.search(f) and day < published.astimezone(here).date() and _WEEKDAY.search(f):
            day += timedelta(days=7)  # "اعتباراً من يوم الخميس": the coming Thursday
        out.start = datetime.combine(day, time(*clock), here)
        out.start_precision = "minute"
        out.cite("start", (date.start, date.end))
    elif date is not None and date.precision.value == "exact":
        out.start, out.start_precision = date.interval.start.astimezone(here), "minute"
        out.cite("start", (date.start, date.end))
    elif date is not None and date.interval.end is not None:
        first = date.interval.start.astimezone(here).date()
        last = (date.interval.end - timedelta(microseconds=1)).astimezone(here).date()
        if first == last:
            midnight = _MIDNIGHT.search(f)
            day = first + timedelta(days=1) if midnight else first
            out.start = datetime.combine(day, time(0), here)
            out.start_precision = "minute" if midnight else "day"
            out.cite("start", (date.start, date.end))
    for number in numbers_in(f):
        unit = _HOURS.match(f, number.end)
        if unit is not None and number.value > 0 and not number.vague:
            out.duration = timedelta(hours=number.value * _UNIT.get(unit.group(1), 1))
            out.cite("duration", folded.span(number.start, unit.end()))
            break
    return out
