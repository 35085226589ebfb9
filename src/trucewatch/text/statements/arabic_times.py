"""When an Arabic truce statement starts, how long it lasts and when it ends.

The day and the hour are read by :mod:`trucewatch.text.arabic.dates` and the hours written as
words here ("الساعة الواحدة من صباح", "الرابعة عصراً"). The day something was said, set off by
commas after the verb ("أعلن الجيش، الأربعاء، ...") is not the start, unless the truce is
immediate ("وقفاً فورياً") or the hour has no day of its own. "منتصف ليل الخميس الجمعة" is the
midnight between Thursday and Friday. "حتى الرابعة عصراً" and "وحتى الثاني من تشرين الأول" are
the end; durations in hours, days and months ("لشهرين": two calendar months from the start).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from trucewatch.model.event import DatePrecision
from trucewatch.model.time import Interval, zone
from trucewatch.text.arabic.dates import MONTHS, resolve_date
from trucewatch.text.arabic.letters import Folded, fold, fold_pattern
from trucewatch.text.arabic.numbers import numbers_in
from trucewatch.text.dates import DateMatch
from trucewatch.text.sentences import ARABIC_DATELINE
from trucewatch.text.statements.reading import Reading

__all__ = ["add_months", "read_times", "word_clock"]

_P = fold_pattern
_WEEKDAY = r"(?:الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعة|السبت|الاحد)"
_PART = r"(?:صباح|مساء|ليل|فجر|منتصف ليل|عصر|ظهر|بعد الظهر|بعد ظهر)"
_SAID_DAY = re.compile(
    _P(rf"،\s*(?:(?:صباح|مساء|ظهر|فجر|ليل|ليلة|عصر)\s+)?(?:يوم\s+)?{_WEEKDAY}\s*،")
)
_IMMEDIATE = re.compile(_P(r"فوري|فورا|على الفور"))
_NIGHT_PAIR = re.compile(_P(rf"ليل[ةه]?\s+(?:يوم\s+)?({_WEEKDAY})\s+(?:و\s*)?{_WEEKDAY}"))
_MIDNIGHT = re.compile(_P(r"منتصف\s+الليل|منتصف\s+ليل"))
_FUTURE = re.compile(_P(r"اعتبارا|ابتداء|تبدا|يبدا|ستبدا|سيبدا|تدخل|يدخل|ستدخل|سيدخل"))
_WEEKDAY_RE = re.compile(_P(_WEEKDAY))
_HOURS = re.compile(_P(r"\s*(ساعة|ساعات|يوما|يوم|ايام)"))
_UNIT = {_P(k): v for k, v in {"ساعة": 1, "ساعات": 1, "يوما": 24, "يوم": 24, "ايام": 24}.items()}
_MONTHS = re.compile(
    _P(r"(?:ل|لمدة\s+)?(?:(شهرين)|(شهر|شهرا)\b|(\S+)\s+(?:اشهر|شهور))(?:\s+(?:اضافيين|اخرين))?")
)
_UNTIL = re.compile(_P(r"(?:و\s*)?حتى\s+"))
#: "على أن تنطلق عمليات الإجلاء ...": what else is to start, when it is not the truce
_OTHER_START = re.compile(
    _P(r"على\s+ان\s+[يت]\w+\s+(?!(?:\w+\s+)?(?:ال)?(?:اتفاق|هدن|تهدئ|وقف|تطبيق|سريان))")
)
_HOUR_WORDS = {
    _P(k): v
    for k, v in (
        ("الحادية عشرة", 11),
        ("الثانية عشرة", 12),
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
    )
}
_HOUR = "|".join(_HOUR_WORDS)
_WORD_CLOCK = re.compile(
    _P(
        rf"(?:الساعة\s+)?(?P<hour>{_HOUR}|\d{{1,2}}(?!\d))(?::(?P<minute>[0-5]\d)(?!\d))?"
        rf"(?:\s+(?:من\s+)?(?P<part>{_PART})\w*)?"
    ),
)
#: "بين العاشرة صباحاً والثالثة بعد الظهر": a window from one hour to another
_BETWEEN = re.compile(_P(r"بين\s+$"))


_UNITS = ("الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")
_ORDINALS = {
    _P(k): v
    for k, v in (
        ("الأول", 1),
        *((u if i else "الحادي", i + 1) for i, u in enumerate(_UNITS) if i),
        ("العاشر", 10),
        *((f"{u} عشر", i + 11) for i, u in enumerate(_UNITS)),
        ("العشرين", 20),
        *((f"{u} والعشرين", i + 21) for i, u in enumerate(_UNITS)),
        ("الثلاثين", 30),
        ("الحادي والثلاثين", 31),
    )
}
_MONTH_NUMBER = {_P(k): v for k, v in MONTHS.items()}
_WRITTEN_DAY = re.compile(
    "(?<!\\w)(?P<day>"
    + "|".join(sorted(_ORDINALS, key=len, reverse=True))
    + r"|\d{1,2}(?=\s+(?!من)))\s+(?:من\s+)?(?:شهر\s+)?(?P<month>"
    + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))
    + r")(?:\s*/\s*\S+)?(?:\s+(?:عام\s+)?(?P<year>(?:19|20)\d\d))?"
)


def _written_day(
    text: str, folded: Folded, published: datetime, tz: str, start: int = 0
) -> DateMatch | None:
    """ "الثاني من آب/أغسطس", "العشرين من تشرين الأول" (a day in words), "20 شباط/فبراير": the
    one within half a year of publication when no year is written."""
    m = _WRITTEN_DAY.search(folded.text, start)
    if m is None:
        return None
    today = published.astimezone(zone(tz)).date()
    year = int(m.group("year")) if m.group("year") else today.year
    try:
        number = m.group("day")
        number_of_day = int(number) if number.isdigit() else _ORDINALS[number]
        day = date(year, _MONTH_NUMBER[m.group("month")], number_of_day)
        if not m.group("year") and (day - today).days > 183:
            day = day.replace(year=year - 1)
        elif not m.group("year") and (today - day).days > 183:
            day = day.replace(year=year + 1)
    except ValueError:
        return None
    here = zone(tz)
    begin = datetime.combine(day, time(0), here)
    a, b = folded.span(*m.span())
    interval = Interval(begin, datetime.combine(day + timedelta(days=1), time(0), here))
    return DateMatch(interval, DatePrecision.DAY, text[a:b], a, b)


def word_clock(folded: str, start: int = 0, *, bare: bool = False) -> re.Match[str] | None:
    """The first hour written as a word from ``start`` ("الساعة الثامنة صباحاً", "الساعة 11");
    without ``bare`` only after "الساعة" or with its part of the day."""
    for m in _WORD_CLOCK.finditer(folded, start):
        # after "الساعة", or an hour word with its part of the day ("العاشرة صباحاً")
        worded = (bare or m.group("part")) and not m.group("hour").isdigit()
        if m.group().startswith(_P("الساعة")) or worded:
            return m
    return None


def _hour(m: re.Match[str]) -> tuple[int, int]:
    """ "السابعة من مساء" 19:00, "الرابعة عصراً" 16:00, "الثانية عشرة من منتصف ليل" 00:00,
    "الساعة 23:59" 23:59."""
    hour = int(m.group("hour")) if m.group("hour").isdigit() else _HOUR_WORDS[m.group("hour")]
    part = m.group("part") or ""
    if part.startswith((_P("مساء"), _P("عصر"), _P("بعد"))) and hour < 12:
        hour += 12
    if part.startswith(_P("ظهر")) and hour < 6:
        hour += 12  # "الواحدة ظهراً": 13:00
    if part.startswith(_P("ليل")) and 6 <= hour < 12:
        hour += 12  # "الحادية عشرة من ليل الثلاثاء": 23:00, not 11:00
    if hour == 12 and part.startswith((_P("منتصف"), _P("ليل"))):
        hour = 0
    return hour % 24, int(m.group("minute") or 0)


def add_months(when: datetime, months: int) -> datetime:
    """``when`` ``months`` calendar months later (the day kept, or the month's last)."""
    month = when.month - 1 + months
    year, month = when.year + month // 12, month % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    day = min(when.day, (following - timedelta(days=1)).day)
    return when.replace(year=year, month=month, day=day)


def _blank(text: str, a: int, b: int) -> str:
    return text[:a] + " " * (b - a) + text[b:]


def _shift(found: DateMatch | None, by: int) -> DateMatch | None:
    return None if found is None else replace(found, start=found.start + by, end=found.end + by)


def _start(text: str, folded: Folded, published: datetime, tz: str, out: Reading) -> None:
    f = folded.text
    dateline = ARABIC_DATELINE.match(f)
    after_dateline = 0
    if dateline is not None:  # "ميونيخ، 18 شباط/فبراير —": the day of the report, not the start
        after_dateline = dateline.end()
        text = _blank(text, 0, folded.span(0, dateline.end())[1])
    said: DateMatch | None = None
    m = _SAID_DAY.search(f)
    if m is not None and not _IMMEDIATE.search(f):
        a, b = folded.span(*m.span())
        said = _shift(resolve_date(text[a:b], published, tz), a)
        text = _blank(text, a, b)  # the day it was said
    pair = _NIGHT_PAIR.search(f)
    if pair is not None:  # "منتصف ليل الخميس الجمعة": the second day's midnight
        text = _blank(text, *folded.span(*pair.span(1)))
    other = _OTHER_START.search(f)
    if other is not None:  # "على أن تنطلق عمليات الإجلاء عند الخامسة": not the truce's hour
        a = folded.span(*other.span())[0]
        text, f = text[:a], f[: other.start()]
    cut = _UNTIL.search(f)
    head = text if cut is None else text[: folded.span(*cut.span())[0]]
    found = resolve_date(head, published, tz)
    written = _written_day(text, folded, published, tz, after_dateline)
    if written is not None and (cut is None or written.start < len(head)):
        found = written  # "يوم الخميس العشرين من تشرين الأول": the written date
    here = zone(tz)
    clock = word_clock(f[: cut.start()] if cut else f)
    if clock is not None:  # the day written after the hour: "الواحدة من صباح يوم الخميس"
        after = folded.span(*clock.span())[1]
        later = _shift(resolve_date(head[after:], published, tz), after)
        found = (written if written and written.start >= after else later) or found or said
    if clock is not None and found is not None and found.interval.end is not None:
        day = found.interval.start.astimezone(here).date()
        if _coming(f) and day < published.astimezone(here).date():
            day += timedelta(days=7)  # "اعتباراً من يوم الخميس": the coming Thursday
        out.start = datetime.combine(day, time(*_hour(clock)), here)
        out.start_precision = "minute"
        out.cite("start", (found.start, found.end))
    elif found is not None and found.precision.value == "exact":
        out.start, out.start_precision = found.interval.start.astimezone(here), "minute"
        out.cite("start", (found.start, found.end))
    elif found is not None and found.interval.end is not None:
        today = published.astimezone(here).date()
        first = found.interval.start.astimezone(here).date()
        last = (found.interval.end - timedelta(microseconds=1)).astimezone(here).date()
        if first == last:
            midnight = _MIDNIGHT.search(f)
            # "منتصف ليل الجمعة" ends Friday; "منتصف ليل الجمعة 8 آذار" begins the 8th (the
            # date written is the day it starts)
            dated = re.search(r"[0-9٠-٩]", text[found.start : found.end]) is not None
            day = first + timedelta(days=1) if midnight and pair is None and not dated else first
            if _coming(f) and day < today:
                day += timedelta(days=7)  # "على أن يبدأ ... منتصف ليل الجمعة السبت": coming
            out.start = datetime.combine(day, time(0), here)
            out.start_precision = "minute" if midnight else "day"
            out.cite("start", (found.start, found.end))


#: "اعتباراً من يوم أمس الأربعاء": yesterday, not the coming Wednesday
_YESTERDAY = re.compile(_P(r"(?<!\w)امس(?!\w)"))


def _coming(f: str) -> bool:
    """Whether a weekday is the coming one: a start still to come ("اعتباراً من يوم الخميس"),
    not "as of yesterday, Wednesday"."""
    return bool(_FUTURE.search(f) and _WEEKDAY_RE.search(f)) and not _YESTERDAY.search(f)


def _end(text: str, folded: Folded, published: datetime, tz: str, out: Reading) -> None:
    """ "حتى الرابعة عصراً" (the start's day), "وحتى الثاني من تشرين الأول" (that day)."""
    cut = _UNTIL.search(folded.text) or _window_end(folded.text)
    if cut is None:
        return
    here = zone(tz)
    clock = word_clock(folded.text, cut.end(), bare=True)
    if clock is not None and clock.start() - cut.end() < 12 and out.start is not None:
        end = datetime.combine(out.start.astimezone(here).date(), time(*_hour(clock)), here)
        a = folded.span(clock.end(), clock.end())[0]
        named = resolve_date(text[a : a + 25], published, tz)  # "حتى العاشرة من مساء الاثنين"
        if named is not None and named.start <= 8 and named.interval.end is not None:
            day = named.interval.start.astimezone(here).date()
            while day < out.start.astimezone(here).date():
                day += timedelta(days=7)
            end = datetime.combine(day, time(*_hour(clock)), here)
        if end <= out.start:
            end += timedelta(days=1)
        out.end = end
        out.cite("end", folded.span(cut.start(), clock.end()))
        return
    a = folded.span(cut.end(), cut.end())[0]
    found = _written_day(text[a:], fold(text[a:]), published, tz)
    found = found or resolve_date(text[a : a + 60], published, tz)
    if found is None or found.start > 4 or found.interval.end is None:
        return
    day = found.interval.start.astimezone(here).date()
    if out.start is None or day > out.start.astimezone(here).date():
        out.end = datetime.combine(day, time(0), here)
        out.cite("end", (a + found.start, a + found.end))


def _window_end(folded: str) -> re.Match[str] | None:
    """The "و" before the second hour of "بين العاشرة صباحاً والثالثة بعد الظهر"."""
    for m in _WORD_CLOCK.finditer(folded):
        if _BETWEEN.search(folded[max(0, m.start() - 6) : m.start()]):
            return re.compile(r"\s*و").match(folded, m.end())
    return None


def _duration(folded: Folded, out: Reading) -> None:
    f = folded.text
    for number in numbers_in(f):
        unit = _HOURS.match(f, number.end)
        if unit is not None and number.value > 0 and not number.vague:
            out.duration = timedelta(hours=number.value * _UNIT.get(unit.group(1), 1))
            out.cite("duration", folded.span(number.start, unit.end()))
            return
    m = _MONTHS.search(f)
    if m is None or out.start is None:
        return
    if m.group(3):
        values = [n.value for n in numbers_in(m.group(3)) if not n.vague]
        if not values:
            return
        months = int(values[0])
    else:
        months = 2 if m.group(1) else 1
    end = add_months(out.start, months)
    out.duration = end - out.start
    out.end = out.end or end
    out.cite("duration", folded.span(*m.span()))


def read_times(text: str, folded: Folded, published: datetime, tz: str, out: Reading) -> None:
    """Fill ``out``'s start, end and duration from an Arabic sentence (``folded``: its folded
    letters)."""
    _start(text, folded, published, tz, out)
    _end(text, folded, published, tz, out)
    _duration(folded, out)
    start, end = out.start, out.end
    if out.duration is None and start and end and out.start_precision == "minute" and end > start:
        out.duration = end - start  # "من الثامنة صباحاً حتى الرابعة عصراً"
