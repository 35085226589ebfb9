"""Truce terms in an Arabic sentence: conditions ("ما دام الطرف الآخر ملتزماً", "طالما",
"شريطة أن", "في حال", "إذا صمدت الهدنة سبعة أيام") and deadlines ("بحلول الثامن من كانون
الثاني", "قبل الساعة الثانية عشرة ظهر الجمعة", "في موعد أقصاه 15 آذار", and a coming month
named in a call or a plan: "دعا إلى إجراء انتخابات في آذار المقبل"). Read on the folded text
(:func:`~trucewatch.text.arabic.letters.fold`); offsets given back in the original.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, datetime, timedelta

from trucewatch.model.time import zone
from trucewatch.text.arabic.actors import find_actors
from trucewatch.text.arabic.dates import MONTHS, WEEKDAYS
from trucewatch.text.arabic.letters import Folded
from trucewatch.text.arabic.letters import fold_pattern as _P
from trucewatch.text.arabic.numbers import numbers_in
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.statements.reading import Reading
from trucewatch.text.statements.terms import months_later

__all__ = ["arabic_conditions", "arabic_deadlines", "arabic_exclusions"]

_UNITS = ("الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")


def _ordinals() -> dict[str, int]:
    """The days of a month as ordinal words: الأول 1 … العاشر 10, الحادي عشر 11, العشرين 20,
    الحادي والعشرين 21, الثلاثين 30, الحادي والثلاثين 31."""
    out = {"الأول": 1, "العاشر": 10, "الحادي عشر": 11, "العشرين": 20, "الثلاثين": 30}
    out["الحادي والعشرين"], out["الحادي والثلاثين"] = 21, 31
    for n, unit in enumerate(_UNITS, start=2):
        out[unit], out[f"{unit} عشر"], out[f"{unit} والعشرين"] = n, 10 + n, 20 + n
    return {_P(k): v for k, v in out.items()}


_ORDINAL = _ordinals()
_MONTH_OF = {_P(k): v for k, v in MONTHS.items()}
_MONTH = "|".join(sorted(map(re.escape, _MONTH_OF), key=len, reverse=True))
_ORD = "|".join(sorted(map(re.escape, _ORDINAL), key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_B = r"(?<!\w)[وف]?"  # a word start, with "and" glued to it
# the words of a clock before its day: "الساعة الثانية عشرة ظهر الجمعة", "الساعة 12:00 من يوم"
_CLOCK_WORD = (
    r"(?:الساعة|\d{1,2}(?:[:.]\d\d)?|الواحدة|الثانية|الثالثة|الرابعة|الخامسة|السادسة|"
    r"السابعة|الثامنة|التاسعة|العاشرة|الحادية|عشرة|من|ظهر|ظهرا|صباح|صباحا|مساء|مساء|منتصف|"
    r"ليل|فجر)"
)
_DATE = (
    rf"(?:يوم\s+)?(?:(?P<day>\d{{1,2}})|(?P<ord>{_ORD}))\s+(?:من\s+)?(?:شهر\s+)?"
    rf"(?P<month>{_MONTH})(?:\s*/\s*(?:{_MONTH}))?(?:\s+(?:من\s+)?(?:عام\s+)?(?P<year>20\d\d))?"
    rf"|(?:{_CLOCK_WORD}\s+){{0,5}}(?:يوم\s+)?(?P<weekday>{_WEEKDAY})(?!\w)"
)
#: "بحلول الثامن من كانون الثاني", "قبل الساعة الثانية عشرة ظهر الجمعة", "في موعد أقصاه"
_BY = re.compile(
    _P(rf"{_B}(?:بحلول|قبل|في\s+موعد\s+(?:لا\s+يتجاوز|أقصاه)|موعدا\s+أقصاه|أقصاه)\s+(?:{_DATE})")
)
#: a day something is due on or given until: "على أن تبدأ عمليات الإجلاء عند السادسة صباح
#: الخميس", "أمهلت الوسطاء الطرفين حتى يوم الأحد لتسليم الأسرى"
_DUE_AT = re.compile(
    _P(
        rf"{_B}(?:(?:على\s+أن|من\s+المقرر\s+أن)\s+(?P<what>(?:\S+\s+){{0,6}}?)"
        rf"(?:عند|في|حتى|بحلول)|(?P<grant>[تيأ]?مهل\w*)\s+(?:\S+\s+){{0,6}}?حتى)\s+(?:{_DATE})"
        rf"(?:\s+(?P<given>[^.،؛]{{3,80}}))?"
    )
)
#: "في آذار المقبل": a coming month
_NEXT_MONTH = re.compile(
    _P(rf"{_B}(?:في\s+)?(?:شهر\s+)?(?P<month>{_MONTH})(?:\s*/\s*(?:{_MONTH}))?\s+(?:المقبل|القادم)")
)
#: a call, a demand or a plan: what it names for a coming month is a deadline
_PLAN = re.compile(
    _P(
        r"(?<!\w)[وف]?(?:دعا|دعت|يدعو|طالب|طالبت|يطالب|من\s+المقرر|من\s+المتوقع|ينبغي|يجب|على\s+أن|"
        r"[تيأ]?مهل\w*|مهلة|"
        r"تعهد|تعهدت|اتفق|اتفقت|ينص|تنص)(?!\w)"
    )
)
#: "ما دام الطرف الآخر ملتزماً", "طالما", "شريطة أن", "بشرط", "في حال", "إذا"
_CONDITION = re.compile(
    _P(
        r"(?<!\w)[وف]?(?:ما\s+دام(?:ت)?|طالما|شريطة|بشرط|شرط\s+أن|في\s+حال(?:ة)?|إذا|إن\s+(?=صمد))"
        r"\s+(?P<text>[^.،؛]{3,160})"
    )
)
#: who a truce leaves out (group 1): "باستثناء داعش", "لا تشمل", "لا تنطبق الهدنة على",
#: "وتنظيم داعش غير مشمول بالهدنة"
_EXCLUDED = (
    re.compile(
        _P(
            r"(?:باستثناء|ما عدا|عدا|لا تشمل|لا يشمل|تستثني|يستثني|مستثني\w*|استثناء|"
            r"لا\s+[تي]نطبق\s+(?:\S+\s+){0,2}?على)\s+([^.،؛]{2,80})"
        )
    ),
    re.compile(_P(r"([^.،؛]{2,60}?)\s+غير\s+مشمول\w*")),
)
#: the fight against someone goes on: "العمليات ضد داعش والنصرة ستستمر" (in any sentence)
_FIGHT_GOES_ON = re.compile(
    _P(
        r"(?:العمليات|الغارات|الضربات|الحرب|القتال|المعارك)\s+(?:العسكرية\s+)?ضد\s+"
        r"([^.،؛]{2,80}?)\s+(?:ستستمر|سيستمر|تستمر|يستمر|ستتواصل|مستمرة|متواصلة)"
    )
)


def arabic_exclusions(
    text: str, folded: Folded, gaz: Gazetteer, out: Reading, *, truce: bool = True
) -> list[tuple[int, int]]:
    """The sides a sentence leaves out of the truce (the country's canonical names), cited;
    the spans of the names. A sentence naming no truce (``truce`` False) only by saying the
    fight against them goes on."""
    spans = []
    patterns = (*_EXCLUDED, _FIGHT_GOES_ON) if truce else (_FIGHT_GOES_ON,)
    for pattern in patterns:
        for m in pattern.finditer(folded.text):
            a, b = folded.span(*m.span(1))
            names = [x.canonical for x in find_actors(text[a:b], gaz.actors)] if gaz.places else []
            if not truce and not names:
                continue
            spans.append((a, b))
            out.exclusions += [n for n in dict.fromkeys(names) if n not in out.exclusions]
            out.cite("exclusions", (a, b))
    return spans


_DAYS = re.compile(_P(r"\s*(?:يوما|يوم|أيام)"))


#: a commitment to abide ("ستلتزم بها"): its condition is the truce's, even where the
#: sentence names the truce only by a pronoun
_ABIDE = re.compile(
    _P(r"(?<!\w)[وف]?(?:[ستني]?[سنتي]?لتزم\w*|ملتزم\w*|[سنتي]?[سنتي]?حترم\w*|(?:ال)?التزام\w*)")
)


def arabic_conditions(text: str, folded: Folded, out: Reading, *, truce: bool = True) -> None:
    """The conditions of a sentence ``text`` (``folded``: it folded), with their days when
    counted ("سبعة أيام"): of any condition when it names a truce (``truce``), else only of
    a commitment to abide ("ستلتزم بها ما دام الطرف الآخر ملتزماً")."""
    for m in _CONDITION.finditer(folded.text):
        if not truce and _ABIDE.search(folded.text, 0, m.start()) is None:
            continue
        said = m.group("text")
        days = None
        for number in numbers_in(said):
            if _DAYS.match(said, number.end) and number.value > 0 and not number.vague:
                days = int(number.value)
                break
        span = folded.span(*m.span())
        written = text[slice(*folded.span(*m.span("text")))].strip()
        out.conditions.append((written, days, span))
        out.cite("conditions", span)


def arabic_deadlines(text: str, folded: Folded, published: datetime, tz: str, out: Reading) -> None:
    """The deadlines of a sentence: a day after "بحلول" / "قبل" / "في موعد أقصاه", or a day
    something is due on ("على أن تبدأ ... عند السادسة صباح الخميس") or given until ("أمهلت ...
    حتى يوم الأحد") (the coming one when no year is written; a deadline is ahead of
    publication), or a coming month named in a call or a plan (its last day: by that month)."""
    today = published.astimezone(zone(tz)).date()
    for pattern in (_BY, _DUE_AT):
        for m in pattern.finditer(folded.text):
            by = _day(m, today)
            if by is not None and by >= today and not _inside(m.span(), out, folded):
                group = "given" if m.groupdict().get("grant") else "what"
                said = None
                if m.groupdict().get(group):  # what is due, after "على أن" or the day given
                    said = text[slice(*folded.span(*m.span(group)))].strip()
                _add(text, folded, by, m.span(), out, said)
    dated = bool(out.deadlines)  # "خلال 21 يوماً، أي بحلول الثامن": one deadline, the date
    for m in _WITHIN.finditer(folded.text):
        _within(text, folded, m, published, tz, out, dated=dated)
    if _PLAN.search(folded.text) is None:
        return
    for m in _NEXT_MONTH.finditer(folded.text):
        month = _MONTH_OF[m.group("month")]
        year = today.year + (month <= today.month)
        _add(text, folded, date(year, month, monthrange(year, month)[1]), m.span(), out)


#: "خلال شهر", "في غضون 72 ساعة", "خلال 21 يوماً من سريان وقف إطلاق النار" (not "خلال
#: الأيام الثلاثة الأخيرة": a period past)
_WITHIN = re.compile(
    _P(
        r"(?<!\w)(?:خلال|في\s+غضون)\s+(?:(?P<n>\d+|\S+)\s+)?(?P<unit>ساعة|ساعات|يوما|يوم|أيام|"
        r"أسبوع|أسبوعين|أسابيع|شهر|شهرين|أشهر)(?!\w)(?!\s+(?:ال)?(?:ماضية|ماضي|أخيرة|أخير|"
        r"أولى|أول|فائت|فائتة|سابقة|سابق)(?!\w))"
    )
)
_UNIT_DAYS = {
    _P(k): v
    for k, v in (
        ("يوما", 1),
        ("يوم", 1),
        ("أيام", 1),
        ("أسبوع", 7),
        ("أسبوعين", 14),
        ("أسابيع", 7),
        ("شهر", 30),
        ("شهرين", 60),
        ("أشهر", 30),
    )
}
#: counted from the truce's start: "من سريان وقف إطلاق النار", "من بدء الهدنة"
_FROM_TRUCE = re.compile(_P(r"\s*(?:من|بعد)\s+(?:بدء\s+|بداية\s+)?(?:سريان|دخول|بدء|توقيع)"))
#: a future verb ("ستبدأ", "سيتم") or a plan: what is due within a span is a deadline
_FUTURE = re.compile(
    _P(
        r"(?<!\w)[وف]?س(?!تة|تين|تون|نة|نوات|نين|يار|يطر|ياس|يد|ينا)[تينأ]\w{3,}"
        r"|(?<!\w)سوف(?!\w)"
    )
)


def _within(
    text: str,
    folded: Folded,
    m: re.Match[str],
    published: datetime,
    tz: str,
    out: Reading,
    *,
    dated: bool,
) -> None:
    """A span within which something is due: a condition of days when counted from the
    truce's start, else a deadline from publication when the sentence plans or promises."""
    n = 1
    if m.group("n"):
        found = [x for x in numbers_in(m.group("n")) if not x.vague]
        if not found:
            return
        n = int(found[0].value)
    unit = m.group("unit")
    hours = unit in (_P("ساعة"), _P("ساعات"))
    if _FROM_TRUCE.match(folded.text, m.end()):
        days = (n // 24 if n % 24 == 0 else None) if hours else n * _UNIT_DAYS[unit]
        span = folded.span(*m.span())
        out.conditions.append((text[span[0] : span[1]], days, span))
        out.cite("conditions", span)
        return
    if dated or (
        _PLAN.search(folded.text) is None and _FUTURE.search(folded.text, 0, m.start()) is None
    ):
        return
    if hours:
        _add(text, folded, (published + timedelta(hours=n)).astimezone(zone(tz)), m.span(), out)
    else:
        today = published.astimezone(zone(tz)).date()
        if unit in (_P("شهر"), _P("شهرين"), _P("أشهر")):  # calendar months
            _add(
                text,
                folded,
                months_later(today, n * (2 if unit == _P("شهرين") else 1)),
                m.span(),
                out,
            )
        else:
            _add(text, folded, today + timedelta(days=n * _UNIT_DAYS[unit]), m.span(), out)


def _inside(span: tuple[int, int], out: Reading, folded: Folded) -> bool:
    """Whether a deadline is already read at ``span`` (folded offsets)."""
    a, b = folded.span(*span)
    return any(x < b and a < y for _by, _what, (x, y) in out.deadlines)


def _day(m: re.Match[str], today: date) -> date | None:
    if m.group("weekday"):
        return today + timedelta(days=(WEEKDAYS[m.group("weekday")] - today.weekday()) % 7)
    day = int(m.group("day")) if m.group("day") else _ORDINAL[m.group("ord")]
    month = _MONTH_OF[m.group("month")]
    year = int(m.group("year")) if m.group("year") else today.year
    try:
        found = date(year, month, day)
        if m.group("year") is None and found < today:
            found = date(year + 1, month, day)
    except ValueError:
        return None
    return found


def _add(
    text: str,
    folded: Folded,
    by: date | datetime,
    span: tuple[int, int],
    out: Reading,
    what: str | None = None,
) -> None:
    """A deadline at ``span`` (folded offsets), for ``what`` when given, else the words of
    its clause before it."""
    a, b = folded.span(*span)
    clauses = [c.split() for c in re.split(r"[،,؛:]", text[:a])]
    words = next((c for c in reversed(clauses) if len(c) >= 3), clauses[-1])[-8:]
    out.deadlines.append((by, what or " ".join(words) or "deadline", (a, b)))
    out.cite("deadlines", (a, b))
