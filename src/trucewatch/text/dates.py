"""When a sentence says an event happened, resolved against the article's publication instant.

Days are local days at the event's place (``tz``, Asia/Damascus for Syria), as everywhere in
trucewatch: "on Thursday" is the last Thursday on or before the publication day in that zone,
"yesterday" the day before, "today at 00:01 in Damascus" the minute 00:01 Damascus time,
"last week" the seven days before publication, "since late April" from 21 April to the
publication instant. A sentence without a date expression gets the publication day and the day
before it (news reports events of the last day or so), with precision ``days``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from trucewatch.model.event import DatePrecision
from trucewatch.model.time import Interval, local_days_interval, zone
from trucewatch.text.prefilter import Prefiltered

__all__ = ["DateMatch", "default_interval", "resolve_date"]

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ),
        start=1,
    )
    for name in names.split()
}
_WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)  # a whole word: "16 junction" names no month


# what may stand between "since" and its date: "since the truce broke down in late April",
# "since the ceasefire began on 27 February"
_SINCE_CLAUSE = r"(?:(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){1,6}?(?:in|on)\s+)?"


@dataclass(frozen=True, slots=True)
class DateMatch:
    """The interval a date expression at ``[start, end)`` of a sentence stands for."""

    interval: Interval
    precision: DatePrecision
    text: str
    start: int
    end: int


def _precision(first: date, last: date) -> DatePrecision:
    return DatePrecision.of_span((last - first).days + 1)


def _month_part(year: int, month: int, part: str | None) -> tuple[date, date]:
    first = date(year, month, 1)
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    part = (part or "").lower()
    if part in ("early", "beginning of", "the beginning of", "start of", "the start of"):
        return first, date(year, month, 10)
    if part in ("mid", "mid-", "middle of", "the middle of"):
        return date(year, month, 11), date(year, month, 20)
    if part in ("late", "end of", "the end of"):
        return date(year, month, 21), last
    return first, last


def _year_for(month: int, day: int, today: date, explicit: str | None) -> int:
    if explicit:
        return int(explicit)
    year = today.year
    try:
        return year - 1 if date(year, month, day) > today else year
    except ValueError:
        return year


_PATTERNS = [
    (
        "clock",
        re.compile(
            r"\b(?:(today|yesterday|tonight)\s+)?at\s+(\d{1,2})[:.](\d{2})(?:\s*"
            r"(a\.?m\.?|p\.?m\.?))?(?:(?:\s+\w+){0,2}(?:\s+time)?\s+on\s+"
            r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)?",
            re.I,
        ),
    ),
    (
        "sincepart",
        re.compile(
            r"\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+(week|month|year)\b",
            re.I,
        ),
    ),
    (
        "sinceday",
        re.compile(
            rf"\bsince\s+{_SINCE_CLAUSE}(?:\w+day,?\s+)?(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+"
            rf"(?:of\s+)?{_MONTH}|{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b)(?:,?\s+(\d{{4}}))?",
            re.I,
        ),
    ),
    (
        "since",
        re.compile(
            rf"\bsince\s+{_SINCE_CLAUSE}(?:(early|mid|late|the (?:beginning|start|middle|end) of)"
            rf"[\s-]+)?{_MONTH}(?:\s+(\d{{4}})|\s+(last year))?",
            re.I,
        ),
    ),
    (
        "daymonth",
        re.compile(
            rf"\b(?:on\s+)?(?:\w+day,?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
            rf"{_MONTH},?(?:\s+(\d{{4}}))?",
            re.I,
        ),
    ),
    (
        "monthday",
        re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I),
    ),
    (
        "monthpart",
        re.compile(
            rf"\b(?:in\s+)?(early|mid|late|the (?:beginning|start|middle|end) of)"
            rf"[\s-]+{_MONTH}(?:\s+(\d{{4}}))?",
            re.I,
        ),
    ),
    (
        "monthyear",
        re.compile(rf"\b(?:in\s+)?{_MONTH}\s+((?:19|20)\d\d)\b", re.I),
    ),
    (
        # "bombed villages in May": the last May up to the day of the text; full month names
        # only ("in Mar" is no month), and the name capitalised ("in may" is no month)
        "month",
        re.compile(
            r"\bin\s+(January|February|March|April|May|June|July|August|September|October|"
            r"November|December)\b(?![\s,]+\d)",
        ),
    ),
    (
        "year",
        # "in 2014"; "the fighting of 1987", "the war of 1973": a year named for a war
        re.compile(
            r"\b(last year|this year|(?:in|(?:war|fighting|uprising|revolution|conflict|battles?|"
            r"offensive|siege|clashes|invasion)\s+of)\s+((?:19|20)\d\d))\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:on|last|this|early|late)?\s*(monday|tuesday|wednesday|"
            r"thursday|friday|saturday|sunday)\b"
            # "on Thursday night and on Friday": both days
            r"(?:(?:\s+(?:night|morning|afternoon|evening))?\s+and\s+(?:on\s+|early\s+|late\s+)?"
            r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)?",
            re.I,
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(today|this morning|this afternoon|this evening|tonight|"
            r"yesterday|last night|overnight|last week|this week|past week|"
            r"last month|past (?:24|48) hours|(\w+) days ago)\b",
            re.I,
        ),
    ),
]
#: the same, each behind the cheap check of the words a match begins with (text/prefilter.py)
_FILTERED = [(kind, Prefiltered(pattern)) for kind, pattern in _PATTERNS]

_AGO = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5}


def default_interval(published: datetime, tz: str) -> tuple[Interval, DatePrecision]:
    """The publication day and the day before it, local at ``tz``."""
    today = published.astimezone(zone(tz)).date()
    return local_days_interval(today - timedelta(days=1), today, tz), DatePrecision.DAYS


def _days(first: date, last: date, tz: str) -> tuple[Interval, DatePrecision]:
    return local_days_interval(first, last, tz), _precision(first, last)


def _since(
    first: date, published: datetime, today: date, tz: str
) -> tuple[Interval, DatePrecision]:
    """From the local day ``first`` to the publication instant (a day at least)."""
    start = datetime.combine(first, time(0), zone(tz))
    end = max(published, start + timedelta(days=1))
    return Interval(start, end), _precision(first, today)


def _resolve(
    kind: str, m: re.Match[str], published: datetime, tz: str
) -> tuple[Interval, DatePrecision] | None:
    local = published.astimezone(zone(tz))
    today = local.date()
    if kind == "clock":
        day = today - timedelta(days=1) if (m.group(1) or "").lower() == "yesterday" else today
        if m.group(5):  # "at 00:01 on Tuesday": that weekday, the last on or before today
            day = today - timedelta(days=(today.weekday() - _WEEKDAYS[m.group(5).lower()]) % 7)
        hour, minute = int(m.group(2)), int(m.group(3))
        ampm = (m.group(4) or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        if ampm == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            return None
        start = datetime.combine(day, time(hour, minute), zone(tz))
        return Interval(start, start + timedelta(minutes=1)), DatePrecision.EXACT
    if kind == "since":
        month = _MONTHS[m.group(2).lower()[:3] if m.group(2).lower()[:4] != "sept" else "sep"]
        year = today.year - 1 if m.group(4) else _year_for(month, 1, today, m.group(3))
        first, _last = _month_part(year, month, m.group(1))
        if first > today and not m.group(3):  # "since late April" on 5 April: last year's
            first, _last = _month_part(year - 1, month, m.group(1))
        return None if first > today else _since(first, published, today, tz)
    if kind == "sincepart":
        unit = m.group(1).lower()
        if unit == "week":
            first = today - timedelta(days=today.weekday())
        else:
            first = today.replace(day=1) if unit == "month" else today.replace(month=1, day=1)
        return _since(first, published, today, tz)
    if kind == "sinceday":
        day_s, month_s = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        named = _MONTHS.get(month_s.lower().rstrip("."), _MONTHS.get(month_s.lower()[:3]))
        if named is None or not 1 <= int(day_s) <= 31:
            return None
        first = date(_year_for(named, int(day_s), today, m.group(5)), named, int(day_s))
        return None if first > today else _since(first, published, today, tz)
    if kind in ("daymonth", "monthday"):
        day_s, month_s = (
            (m.group(1), m.group(2)) if kind == "daymonth" else (m.group(2), m.group(1))
        )
        found = _MONTHS.get(month_s.lower().rstrip("."), _MONTHS.get(month_s.lower()[:3]))
        if found is None or not 1 <= int(day_s) <= 31:
            return None
        year = _year_for(found, int(day_s), today, m.group(3))
        try:
            day = date(year, found, int(day_s))
        except ValueError:
            return None
        return _days(day, day, tz)
    if kind == "monthpart":
        month = _MONTHS[m.group(2).lower()[:3] if m.group(2).lower()[:4] != "sept" else "sep"]
        year = _year_for(month, 1, today, m.group(3))
        first, last = _month_part(year, month, m.group(1))
        if first > today and not m.group(3):  # "in late April" on 5 April: last year's
            first, last = _month_part(year - 1, month, m.group(1))
        return _days(first, last, tz)
    if kind == "monthyear":
        month = _MONTHS[m.group(1).lower()[:3] if m.group(1).lower()[:4] != "sept" else "sep"]
        first, last = _month_part(int(m.group(2)), month, None)
        return None if first > today else _days(first, last, tz)
    if kind == "month":
        month = _MONTHS[m.group(1).lower()]
        first, last = _month_part(today.year, month, None)
        if first > today:  # "in May" on 18 April: last year's May
            first, last = _month_part(today.year - 1, month, None)
        return _days(first, min(last, today), tz)
    if kind == "year":
        year = today.year - 1 if m.group(1).lower() == "last year" else today.year
        year = int(m.group(2)) if m.group(2) else year
        if year > today.year:
            return None
        return _days(date(year, 1, 1), date(year, 12, 31), tz)
    if kind == "weekday":
        back = (today.weekday() - _WEEKDAYS[m.group(1).lower()]) % 7
        if (m.group(0).lower().startswith("last")) and back == 0:
            back = 7
        day = today - timedelta(days=back)
        if m.group(2):  # "on Thursday and Friday": the two days and those between
            other = today - timedelta(days=(today.weekday() - _WEEKDAYS[m.group(2).lower()]) % 7)
            first, last = min(day, other), max(day, other)
            return _days(first, last, tz) if (last - first).days < 7 else _days(day, day, tz)
        return _days(day, day, tz)
    word = m.group(1).lower()
    if word in ("today", "this morning", "this afternoon", "this evening", "tonight"):
        return _days(today, today, tz)
    if word == "yesterday":
        return _days(today - timedelta(days=1), today - timedelta(days=1), tz)
    if word in ("last night", "overnight", "past 24 hours"):
        return _days(today - timedelta(days=1), today, tz)
    if word == "past 48 hours":
        return _days(today - timedelta(days=2), today, tz)
    if word in ("last week", "past week"):
        return _days(today - timedelta(days=7), today - timedelta(days=1), tz)
    if word == "this week":
        return _days(today - timedelta(days=today.weekday()), today, tz)
    if word == "last month":
        last = today.replace(day=1) - timedelta(days=1)
        return _days(last.replace(day=1), last, tz)
    ago = _AGO.get((m.group(2) or "").lower())
    if ago:
        return _days(today - timedelta(days=ago), today - timedelta(days=ago), tz)
    return None


def resolve_date(sentence: str, published: datetime, tz: str = "Asia/Damascus") -> DateMatch | None:
    """The first date expression of ``sentence`` resolved against ``published`` at ``tz``.

    An expression naming a day outside the calendar (year 0, a day past 31 December 9999) is
    no date: the sentence is dated as if it had none."""
    best: DateMatch | None = None
    for kind, pattern in _FILTERED:
        for m in pattern.finditer(sentence):
            try:
                resolved = _resolve(kind, m, published, tz)
            except (OverflowError, ValueError):
                resolved = None  # a day no calendar holds ("31 December 9999", "year 0")
            if resolved is None:
                continue
            if best is None or m.start() < best.start:
                best = DateMatch(resolved[0], resolved[1], m.group().strip(), m.start(), m.end())
            break
        if best is not None and kind == "clock":
            return best  # a time of day is the most precise statement
    return best
