"""When an Arabic sentence says an event happened, resolved against the publication instant.

The same days as :mod:`trucewatch.text.dates` reads in English, local at the event's place:
"اليوم" (today, also "صباح اليوم", "فجر اليوم"), "أمس"/"البارحة" (yesterday), "أول أمس" (the day
before), "الليلة الماضية" (last night: yesterday and today), "يوم الثلاثاء" (the last Tuesday on
or before publication; "الثلاثاء الماضي" a week back when published on a Tuesday), "الأسبوع
الماضي", "الشهر الماضي", "العام الماضي", "خلال الساعات الـ24 الماضية", "منذ/قبل يومين/ثلاثة أيام";
dates with the month by its Levantine name ("كانون الثاني" … "كانون الأول") or its Egyptian /
Gulf one ("يناير" … "ديسمبر"), or both ("15 شباط/فبراير 2016"), the day as a number or an
ordinal ("التاسع عشر من حزيران", "الحادي والعشرين من آب"), parts of a month ("مطلع آذار"
early, "منتصف" mid, "أواخر" late) and "منذ" (since) a month; a time "الساعة 10:30 صباحاً".
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from trucewatch.model.event import DatePrecision
from trucewatch.model.time import Interval, local_days_interval, zone
from trucewatch.text.arabic.letters import fold, fold_pattern
from trucewatch.text.dates import DateMatch

__all__ = ["MONTHS", "ORDINAL_DAYS", "WEEKDAYS", "resolve_date"]

#: month names, Levantine and Egyptian, to their number
MONTHS: dict[str, int] = {
    **dict.fromkeys(("كانون الثاني", "يناير", "جانفي"), 1),
    **dict.fromkeys(("شباط", "فبراير", "فيفري"), 2),
    **dict.fromkeys(("آذار", "مارس"), 3),
    **dict.fromkeys(("نيسان", "أبريل", "إبريل", "ابريل", "أفريل"), 4),
    **dict.fromkeys(("أيار", "مايو", "ماي"), 5),
    **dict.fromkeys(("حزيران", "يونيو", "يونيه", "جوان"), 6),
    **dict.fromkeys(("تموز", "يوليو", "يوليه", "جويلية"), 7),
    **dict.fromkeys(("آب", "أغسطس", "اغسطس", "أوت"), 8),
    **dict.fromkeys(("أيلول", "سبتمبر"), 9),
    **dict.fromkeys(("تشرين الأول", "أكتوبر"), 10),
    **dict.fromkeys(("تشرين الثاني", "نوفمبر"), 11),
    **dict.fromkeys(("كانون الأول", "ديسمبر"), 12),
}
_MONTH_OF = {fold_pattern(k): v for k, v in MONTHS.items()}
_MONTH = "|".join(sorted((re.escape(k) for k in _MONTH_OF), key=len, reverse=True))
# a second name of the same month: "شباط/فبراير", "فبراير (شباط)"
_ALSO = rf"(?:\s*[/(]\s*(?:{_MONTH})\s*\)?)?"
_YEAR = r"(?:\s+(?:من\s+)?(?:العام\s+|عام\s+)?(?P<year>(?:19|20)\d\d))?"
#: the days of the week, folded -> Monday 0 .. Sunday 6
WEEKDAYS = {
    fold_pattern(k): v
    for k, v in (
        ("الاثنين", 0),
        ("الإثنين", 0),
        ("الثلاثاء", 1),
        ("الأربعاء", 2),
        ("الخميس", 3),
        ("الجمعة", 4),
        ("السبت", 5),
        ("الأحد", 6),
    )
}
_PARTS = {
    fold_pattern(k): v
    for k, v in (
        ("مطلع", "early"),
        ("أوائل", "early"),
        ("بداية", "early"),
        ("مستهل", "early"),
        ("منتصف", "mid"),
        ("أواسط", "mid"),
        ("أواخر", "late"),
        ("نهاية", "late"),
        ("أخر", "late"),
    )
}
_PART = "|".join(_PARTS)
_UNITS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")
#: a day of the month written as an ordinal ("التاسع عشر من حزيران"), folded -> the day
ORDINAL_DAYS = {
    fold_pattern(k): v
    for k, v in (
        *((w, n) for n, w in enumerate((*_UNITS, "العاشر"), 1)),
        ("الحادي عشر", 11),
        *((f"{w} عشر", n) for n, w in enumerate(_UNITS[1:], 12)),
        ("العشرين", 20),
        *((f"{w} والعشرين", n) for n, w in enumerate(("الحادي", *_UNITS[1:]), 21)),
        ("الثلاثين", 30),
        ("الحادي والثلاثين", 31),
    )
}
_ORDINAL = "|".join(
    sorted((k.replace(" و", r"\s+و\s*").replace(" ", r"\s+") for k in ORDINAL_DAYS), key=len)[::-1]
)
_B = r"(?<!\w)[وف]?"  # a word start, with "and" glued to it
_P = fold_pattern

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "clock",
        re.compile(
            _P(
                rf"{_B}(?:(?P<day>اليوم|أمس)\s+)?(?:عند\s+|في\s+)?(?:تمام\s+)?الساعة\s+"
                r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:\s+(?P<ampm>صباحا|مساء|ظهرا|فجرا|ليلا|عصرا))?"
            )
        ),
    ),
    (
        "since",
        re.compile(
            rf"{_B}منذ\s+(?:(?P<part>{_PART})\s+)?(?:شهر\s+)?(?P<month>{_MONTH}){_ALSO}{_YEAR}"
        ),
    ),
    (
        "daymonth",
        re.compile(
            rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?(?P<month>{_MONTH}){_ALSO}{_YEAR}"
            r"(?!\w)"
        ),
    ),
    (
        "ordinal",
        re.compile(
            rf"{_B}(?P<ordinal>{_ORDINAL})\s+من\s+(?:شهر\s+)?(?P<month>{_MONTH}){_ALSO}{_YEAR}(?!\w)"
        ),
    ),
    (
        "monthpart",
        re.compile(rf"{_B}(?P<part>{_PART})\s+(?:شهر\s+)?(?P<month>{_MONTH}){_ALSO}{_YEAR}(?!\w)"),
    ),
    (
        "monthyear",
        re.compile(
            rf"{_B}(?:في\s+|خلال\s+)?(?:شهر\s+)?(?P<month>{_MONTH}){_ALSO}\s+(?:من\s+)?"
            r"(?:العام\s+|عام\s+)?(?P<year>(?:19|20)\d\d)(?!\d)"
        ),
    ),
    (
        "year",
        re.compile(
            _P(r"(?<!\w)(?P<word>العام\s+الماضي|العام\s+الحالي|هذا\s+العام|العام\s+الجاري)(?!\w)")
        ),
    ),
    (
        "weekday",
        re.compile(rf"{_B}(?:يوم\s+)?(?P<weekday>{'|'.join(WEEKDAYS)})(?P<last>\s+الماضي)?(?!\w)"),
    ),
    (
        "relative",
        re.compile(
            _P(
                rf"{_B}(?P<word>(?:صباح|مساء|فجر|ظهر|ليل|ليلة)\s+(?:اليوم|أمس)|"
                r"أول\s+(?:من\s+)?أمس|يوم\s+أمس|الليلة\s+الماضية|البارحة|اليوم|أمس|الليلة|"
                r"الأسبوع\s+الماضي|الأسبوع\s+الفائت|هذا\s+الأسبوع|الأسبوع\s+الجاري|"
                r"الأسبوع\s+الحالي|الشهر\s+الماضي|الشهر\s+الفائت|"
                r"(?:خلال\s+)?(?:ال)?(?:ساعات\s+)?(?:ال)?(?P<hours>24|48)\s+ساعة\s+(?:ال)?(?:ماضية|الماضية)|"
                r"(?:خلال\s+)?الساعات\s+(?:ال)?(?P<hours2>24|48)\s+(?:ال)?(?:ماضية|الماضية)|"
                r"(?:منذ|قبل)\s+(?P<ago>يومين|ثلاثة\s+أيام|أربعة\s+أيام|خمسة\s+أيام|"
                r"[2-9]\s+أيام))"
                r"(?!\w)(?!\s+(?:التالي|نفسه|ذاته|الأول|الثاني|الثالث|السابق))"
            )
        ),
    ),
]
_AGO = {_P(k): v for k, v in (("يومين", 2), ("ثلاثة أيام", 3), ("أربعة أيام", 4), ("خمسة أيام", 5))}


def _days(first: date, last: date, tz: str) -> tuple[Interval, DatePrecision]:
    return local_days_interval(first, last, tz), DatePrecision.of_span((last - first).days + 1)


def _month_days(year: int, month: int, part: str | None) -> tuple[date, date]:
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    kind = _PARTS.get(part or "")
    if kind == "early":
        return first, date(year, month, 10)
    if kind == "mid":
        return date(year, month, 11), date(year, month, 20)
    if kind == "late":
        return date(year, month, 21), last
    return first, last


def _year_for(month: int, day: int, today: date, explicit: str | None) -> int:
    if explicit:
        return int(explicit)
    try:
        return today.year - 1 if date(today.year, month, day) > today else today.year
    except ValueError:
        return today.year


def _resolve(
    kind: str, m: re.Match[str], published: datetime, tz: str
) -> tuple[Interval, DatePrecision] | None:
    today = published.astimezone(zone(tz)).date()
    groups = m.groupdict()
    if kind == "clock":
        day = today - timedelta(days=1) if groups["day"] == _P("أمس") else today
        hour, minute = int(groups["h"]), int(groups["m"])
        if groups["ampm"] in (_P("مساء"), _P("ليلا"), _P("عصرا"), _P("ظهرا")) and hour < 12:
            hour += 12
        if hour > 23 or minute > 59:
            return None
        start = datetime.combine(day, time(hour, minute), zone(tz))
        return Interval(start, start + timedelta(minutes=1)), DatePrecision.EXACT
    if kind in ("since", "monthpart", "monthyear"):
        month = _MONTH_OF[groups["month"]]
        year = _year_for(month, 1, today, groups["year"])
        first, last = _month_days(year, month, groups.get("part"))
        if first > today and not groups["year"]:
            first, last = _month_days(year - 1, month, groups.get("part"))
        if first > today:
            return None
        if kind == "since":
            start = datetime.combine(first, time(0), zone(tz))
            return Interval(
                start, max(published, start + timedelta(days=1))
            ), DatePrecision.of_span((today - first).days + 1)
        return _days(first, last, tz)
    if kind in ("daymonth", "ordinal"):
        month = _MONTH_OF[groups["month"]]
        if kind == "ordinal":
            day_n = ORDINAL_DAYS[re.sub(r"\sو\s*", " و", " ".join(groups["ordinal"].split()))]
        else:
            day_n = int(groups["day"])
        if not 1 <= day_n <= 31:
            return None
        day = date(_year_for(month, day_n, today, groups["year"]), month, day_n)
        return _days(day, day, tz)
    if kind == "year":
        year = today.year - 1 if groups["word"].endswith(_P("الماضي")) else today.year
        return _days(date(year, 1, 1), date(year, 12, 31), tz)
    if kind == "weekday":
        back = (today.weekday() - WEEKDAYS[groups["weekday"]]) % 7
        if groups["last"] and back == 0:
            back = 7
        day = today - timedelta(days=back)
        return _days(day, day, tz)
    return _relative(m, today, tz)


def _relative(m: re.Match[str], today: date, tz: str) -> tuple[Interval, DatePrecision] | None:
    word = " ".join(m.group("word").split())
    one = timedelta(days=1)
    hours = m.group("hours") or m.group("hours2")
    if hours:
        return _days(today - one * (int(hours) // 24), today, tz)
    if m.group("ago"):
        ago = _AGO.get(" ".join(m.group("ago").split()))
        ago = ago or int(m.group("ago").split()[0])
        return _days(today - one * ago, today - one * ago, tz)
    if word.startswith(_P("أول")):
        return _days(today - 2 * one, today - 2 * one, tz)
    if word in (_P("الليلة الماضية"), _P("ليل أمس"), _P("ليلة أمس")):
        return _days(today - one, today, tz)
    if word.endswith(_P("أمس")) or word == _P("البارحة"):
        return _days(today - one, today - one, tz)
    if word.endswith(_P("اليوم")) or word == _P("الليلة"):
        return _days(today, today, tz)
    if _P("الأسبوع") in word:
        if word.endswith((_P("الماضي"), _P("الفائت"))):
            return _days(today - 7 * one, today - one, tz)
        return _days(today - one * today.weekday(), today, tz)
    if _P("الشهر") in word:
        last = today.replace(day=1) - one
        return _days(last.replace(day=1), last, tz)
    return None


def resolve_date(sentence: str, published: datetime, tz: str = "Asia/Damascus") -> DateMatch | None:
    """The first date expression of an Arabic ``sentence`` resolved against ``published`` at
    ``tz`` (offsets in ``sentence``); a time of day wins over any other expression."""
    folded = fold(sentence)
    best: DateMatch | None = None
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(folded.text):
            try:
                resolved = _resolve(kind, m, published, tz)
            except (OverflowError, ValueError):
                resolved = None
            if resolved is None:
                continue
            start, end = folded.span(m.start(), m.end())
            if best is None or start < best.start:
                best = DateMatch(resolved[0], resolved[1], sentence[start:end].strip(), start, end)
            break
        if best is not None and kind == "clock":
            return best
    return best
