"""When a truce starts, how long it lasts, when it ends and by when something is due, read from
an English sentence against the article's publication instant, in the truce's time zone.

The day ("on Thursday", "today", "27 February") is resolved by :mod:`trucewatch.text.dates`;
the time of day ("00:01", "from 01:00", "midnight", "1 a.m.") separately, to the minute. A time
written in GMT/UTC ("22:00 GMT Wednesday") is used only when no local time is given, and is
converted. "Starting / from / will ... on Thursday" is the *coming* Thursday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from trucewatch.model.time import zone
from trucewatch.text.dates import DateMatch, resolve_date
from trucewatch.text.numbers import numbers_in
from trucewatch.text.statements import tense
from trucewatch.text.statements.tense import BEGAN, FUTURE, STILL_TO_COME, WAS_TO

__all__ = ["Clock", "duration_in", "end_in", "months_in", "start_in"]

_CLOCK = re.compile(
    r"(?<![\w:.])(?:(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?:\s*(?:hrs|hours|h)\b)?"
    r"(?:\s*(?P<ampm>am|pm|a\.m\.|p\.m\.))?|(?P<h>\d{1,2})\s*(?P<ampm2>am|pm|a\.m\.|p\.m\.)|"
    r"(?P<midnight>midnight)|(?P<noon>noon|midday)"
    r"|(?P<hhmm>[012]\d[0-5]\d)(?=\s*(?:GMT|UTC)))"
    r"(?P<zone>\s*\(?\s*(?:GMT|UTC|Zulu)\b)?(?:\s+(?P<city>[A-Z][a-z]+)\s+time\b)?",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_UNIT = {
    "hour": timedelta(hours=1),
    "day": timedelta(days=1),
    "week": timedelta(weeks=1),
}
_DURATION = re.compile(r"[\s-]+(hour|day|week)s?(?:[\s-]long)?\b", re.IGNORECASE)
#: "two days after", "four days of fighting", "three days ago": a time between, not a length
_NOT_LENGTH = re.compile(r"\s+(?:after|before|later|earlier|ago|since|of)\b", re.IGNORECASE)
_AROUND_MIDNIGHT = re.compile(
    r"\b(?P<n>\w+|\d+)\s+minutes?\s+(?P<side>before|after|past|to)\s+$", re.IGNORECASE
)


def _minutes(word: str) -> int:
    """ "one" 1, "15" 15, "a" 1; 0 when it is no count."""
    if word.lower() == "a":
        return 1
    values = [n.value for n in numbers_in(word) if not n.vague]
    return int(values[0]) if values and 0 < values[0] < 60 else 0


#: "runs from June 2 to August 2": the end after "to" (a date or a time must follow)
_RANGE_TO = re.compile(
    r"\bfrom\s+[^,.;]{1,30}?\s(?:to|and)\s+(?=(?:\d|midnight|noon|January|February|March|April|"
    r"May|June|July|August|September|October|November|December))",
)
#: "from 9:00 to 14:00", "between 08:00 and 16:00": a daily window
_CLOCK_RANGE = re.compile(
    r"\b(?:from|between)\s+\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|hrs)?\s+"
    r"(?:to|and|until|till)\s+\d{1,2}(?:[:.]\d{2})?",
    re.IGNORECASE,
)
#: "for two more months", "a two-month truce", "for another two months"
_MONTHS = re.compile(
    r"\b(?:for\s+(?:another|a further|an additional)\s+)?(?P<n>\w+)(?:\s+more|\s+further|"
    r"\s+additional)?[\s-]+months?\b",
    re.IGNORECASE,
)
_UNTIL = re.compile(
    # not "it was ending its air campaign from midnight": the halt, not its end
    r"\b(?:until|till|through|ending(?!\s+(?:its|their|our|his)\b)|ends|to end|expires?|"
    r"expiring|(?P<past>expired|lapsed))\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Clock:
    """A time of day at ``[start, end)`` of a sentence, local or (``utc``) GMT."""

    hour: int
    minute: int
    start: int
    end: int
    utc: bool
    midnight: bool = False
    zone: str | None = None


def _clocks(sentence: str) -> list[Clock]:
    out = []
    for m in _CLOCK.finditer(sentence):
        if m.group("midnight"):
            hour, minute = 0, 0
        elif m.group("noon"):
            hour, minute = 12, 0
        elif m.group("hhmm"):
            hour, minute = int(m.group("hhmm")[:2]), int(m.group("hhmm")[2:])
        else:
            hour = int(m.group("hh") or m.group("h"))
            minute = int(m.group("mm") or 0)
            ampm = (m.group("ampm") or m.group("ampm2") or "").lower().replace(".", "")
            hour += 12 if ampm == "pm" and hour < 12 else 0
            hour = 0 if ampm == "am" and hour == 12 else hour
        if hour > 23 or minute > 59:
            continue
        midnight = bool(m.group("midnight"))
        zone_name = city_zone(m.group("city")) if m.group("city") else None
        out.append(
            Clock(hour, minute, m.start(), m.end(), bool(m.group("zone")), midnight, zone_name)
        )
    return out


def city_zone(city: str) -> str | None:
    """The IANA zone named after ``city`` ("Damascus time", "Moscow time"), or None."""
    key = city.strip().replace(" ", "_").casefold()
    return _ZONES_BY_CITY().get(key)


def _ZONES_BY_CITY() -> dict[str, str]:
    global _ZONES_CACHE
    if _ZONES_CACHE is None:
        from zoneinfo import available_timezones

        _ZONES_CACHE = {z.rsplit("/", 1)[-1].casefold(): z for z in sorted(available_timezones())}
        _ZONES_CACHE["kiev"] = _ZONES_CACHE.get("kyiv", "Europe/Kyiv")
    return _ZONES_CACHE


_ZONES_CACHE: dict[str, str] | None = None


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def _whole_words(found: DateMatch | None, sentence: str) -> DateMatch | None:
    """``found`` unless it ends inside a word ("Kilo 16 junction" is no 16 June)."""
    if found is not None and found.end < len(sentence) and sentence[found.end].isalpha():
        return None
    return found


def _span_of_days(found: DateMatch) -> bool:
    end = found.interval.end
    return end is not None and end - found.interval.start > timedelta(days=1)


def _one_day(sentence: str, published: datetime, tz: str) -> DateMatch | None:
    """The first date of ``sentence`` that is one day, past spans of days before it ("agreed
    last week to observe from 00:00 on September 1"); else the first date."""
    first = found = _whole_words(resolve_date(sentence, published, tz), sentence)
    for _ in range(3):
        if found is None or not _span_of_days(found):
            break
        sentence = _blank(sentence, [(found.start, found.end)])
        found = _whole_words(resolve_date(sentence, published, tz), sentence)
    return found if found is not None and not _span_of_days(found) else first


#: "announced on Thursday that ...": the day the words were said
_SAID_WEEKDAY = re.compile(
    r"\b(?:said|announced|declared|told [\w ]{1,25}?)\s+(?:late |early )?on\s+"
    r"(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)


def _said_day(sentence: str, published: datetime, tz: str) -> date | None:
    """The day ``sentence`` says its words were said, before the report ("announced on
    Thursday"), or None."""
    m = _SAID_WEEKDAY.search(sentence)
    found = resolve_date(m.group("day"), published, tz) if m is not None else None
    if found is None:
        return None
    day = found.interval.start.astimezone(zone(tz)).date()
    return day if day <= published.astimezone(zone(tz)).date() else None


def _day(
    sentence: str,
    published: datetime,
    tz: str,
    said: date | None = None,
    *,
    context: str | None = None,
) -> tuple[date | None, str | None]:
    """The single day a sentence names (None for a span of days such as "last week"); a
    written date ("May 22") before a weekday next to it ("Monday, May 22"); a date written
    without its year that would be most of a year back is the coming one (a truce to start),
    unless it comes after ``said``, the day the words were said ("announced on Thursday that
    they would stop fighting on Friday": the Friday after that Thursday); ``context``: the
    whole sentence when ``sentence`` is a part of it, for whether the day is still to come."""
    plain = _WEEKDAY.sub(lambda m: " " * len(m.group()), sentence)
    found = _one_day(plain, published, tz)
    if found is None or _span_of_days(found):
        found = _one_day(sentence, published, tz)
    if found is None:
        return None, None
    first = found.interval.start.astimezone(zone(tz)).date()
    end = found.interval.end
    if end is None:
        return None, None
    last = (end - timedelta(microseconds=1)).astimezone(zone(tz)).date()
    if first != last:
        return None, None
    today = published.astimezone(zone(tz)).date()
    whole = sentence if context is None else context  # the words around a part read alone
    to_come = tense.planned(whole)
    after_said = said is not None and first > said
    if _WEEKDAY.search(found.text) and to_come and first < today and not after_said:
        first += timedelta(days=7)  # "starting on Thursday": the coming Thursday
    if first < today - timedelta(days=300) and not re.search(r"\b\d{4}\b", found.text):
        try:
            first = first.replace(year=first.year + 1)
        except ValueError:
            return None, None
    return first, found.text


#: a day named right after a time: "00:00 on Monday", "midnight on 7 January"
_DAY_AFTER = re.compile(
    r"\s*(?:local time\s+)?on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"\d{1,2}\s+[a-z]+|[a-z]+\s+\d{1,2}\b)",
    re.IGNORECASE,
)


def start_in(
    sentence: str, published: datetime, tz: str, *, skip: list[tuple[int, int]] | None = None
) -> tuple[datetime | None, str | None, tuple[int, int] | None]:
    """The start instant a sentence gives, its precision (minute / day) and the span of the
    words it was read from; ``skip``: spans not to read (a reference to an earlier truce)."""
    said = _said_day(sentence, published, tz)
    text = _blank(sentence, skip or [])
    cut = _UNTIL.search(text)
    head = text if cut is None else text[: cut.start()]  # "until Friday" is the end
    clocks = _clocks(head)
    local = [c for c in clocks if not c.utc]
    clock = local[0] if local else (clocks[0] if clocks else None)
    bare = _blank(head, [(c.start, c.end) for c in clocks])
    day, day_text = None, None
    if clock is not None and _DAY_AFTER.match(bare, clock.end):
        # the day right after the time: "declared on Sunday a truce from 00:00 on Monday"
        after = " " * clock.end + bare[clock.end : clock.end + 30]
        day, day_text = _day(after, published, tz, said, context=head)
    if clock is not None and day is None:  # the day written next to the time: "at 21:45 on
        near = bare[: clock.end + 45]  # Monday, May 22"
        day, day_text = _day(
            " " * max(0, clock.start - 45) + near[max(0, clock.start - 45) :], published, tz, said
        )
    if day is None:
        day, day_text = _day(bare, published, tz, said)
    here = zone(tz)
    if clock is None:
        if day is None:
            return None, None, None
        at = head.find(day_text) if day_text else -1
        span = (at, at + len(day_text)) if at >= 0 and day_text else None
        return datetime.combine(day, time(0), here), "day", span
    span = (clock.start, clock.end)
    if clock.zone is not None:
        tz, here = clock.zone, zone(clock.zone)
    night_after: bool = (
        clock.midnight
        and day is not None
        and re.search(
            r"midnight\s+(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
            head[clock.start : clock.start + 30],
            re.IGNORECASE,
        )
        is not None
    )
    if night_after and day is not None:
        # "midnight on Friday": the night of Friday to Saturday; but a truce that "came into
        # force at midnight on Saturday", told on Saturday, or "in force since midnight on
        # Sunday", began as that day began
        since = re.search(r"\bsince\s+$", head[max(0, clock.start - 10) : clock.start])
        gone = since is not None or (
            BEGAN.search(head) is not None
            and datetime.combine(day + timedelta(days=1), time(0), zone(tz))
            > published.astimezone(zone(tz))
        )
        day += timedelta(days=0 if gone else 1)
    offset = _AROUND_MIDNIGHT.search(head[max(0, clock.start - 40) : clock.start])
    if clock.midnight and offset is not None and _minutes(offset.group("n")):
        # "one minute before midnight on Sunday": Sunday 23:59; "one minute after midnight
        # on Monday": Monday 00:01 (the day named is the one the minute belongs to)
        minutes = timedelta(minutes=_minutes(offset.group("n")))
        base = day or published.astimezone(here).date()
        if offset.group("side").lower() in ("after", "past"):
            begin = base - timedelta(days=1) if night_after else base
            return datetime.combine(begin, time(0), here) + minutes, "minute", span
        night = base if night_after else base + timedelta(days=1)
        return datetime.combine(night, time(0), here) - minutes, "minute", span
    if clock.utc:
        base = day or published.astimezone(ZoneInfo("UTC")).date()
        when = datetime.combine(base, time(clock.hour, clock.minute), ZoneInfo("UTC"))
        return when.astimezone(here), "minute", span
    local_now = published.astimezone(here)
    when = datetime.combine(day or local_now.date(), time(clock.hour, clock.minute), here)
    # "from midnight" said in the evening: the coming midnight; but "starting at 18:00" in a
    # report filed at 20:30 is today's, unless the words say it is still to come
    passed = local_now - when > timedelta(hours=3) or STILL_TO_COME.search(head)
    planned = FUTURE.search(head) and not WAS_TO.search(head)  # not "was due to begin at 6"
    # "Hamas said on Sunday it would observe a truce from 2 p.m.", filed on Sunday evening:
    # that Sunday's 2 p.m., the day the words were said (but "at midnight" is the coming one)
    told_today = said is not None and said == local_now.date() and not clock.midnight
    if day is None and when < local_now and planned and passed and not told_today:
        when += timedelta(days=1)
    return when, "minute", span


#: a stated duration longer than this is a misprint, not a truce's ("for 10^20 days")
LONGEST_TRUCE = timedelta(days=3653)
_MOST_UNITS = 10**6  # no unit is counted more than this (timedelta would overflow)


def duration_in(
    sentence: str, *, skip: list[tuple[int, int]] | None = None
) -> tuple[timedelta | None, tuple[int, int] | None]:
    """The stated duration ("48-hour", "for 72 hours", "three-day", "a week-long") and its
    span; ``skip``: spans not to read (a condition's "seven days")."""
    text = _blank(sentence, skip or [])
    for number in numbers_in(text):
        if number.vague or number.value <= 0:
            continue
        m = _DURATION.match(text, number.end)
        if m and not _NOT_LENGTH.match(text, m.end()):
            duration = _UNIT[m.group(1).lower()] * min(number.value, _MOST_UNITS)
            if duration <= LONGEST_TRUCE:  # "for 99999999999999999999 days" is no duration
                return duration, (number.start, m.end())
    clocks = _clocks(text)
    between = _CLOCK_RANGE.search(text)
    if between is not None and len(clocks) >= 2:
        first, second = clocks[0], clocks[1]
        hours = (second.hour * 60 + second.minute - first.hour * 60 - first.minute) % (24 * 60)
        if hours:
            return timedelta(minutes=hours), (first.start, second.end)
    m = re.search(r"\ba (week|day)[\s-]long\b|\bfor a (week|day)\b", text, re.IGNORECASE)
    if m:
        unit = (m.group(1) or m.group(2)).lower()
        return _UNIT[unit], m.span()
    return None, None


def months_in(sentence: str) -> tuple[int | None, tuple[int, int] | None]:
    """A duration in months ("for two more months", "a six-month truce") and its span."""
    for m in _MONTHS.finditer(sentence):
        n = 1 if m.group("n").lower() in ("a", "one") else _minutes(m.group("n"))
        if 0 < n <= 24:
            return n, m.span()
    return None, None


def end_in(
    sentence: str, published: datetime, tz: str
) -> tuple[datetime | None, tuple[int, int] | None]:
    """The end a sentence states ("until Friday", "ending at midnight on Saturday")."""
    cut = _UNTIL.search(sentence)
    ranged = cut is None and _RANGE_TO.search(sentence) is not None
    cut = cut or _RANGE_TO.search(sentence)
    if cut is None:
        return None, None
    tail = sentence[cut.end() : cut.end() + 60]
    tail = re.split(r"[.;]|,\s", tail, maxsplit=1)[0]
    clocks = [c for c in _clocks(tail) if not c.utc]
    day, _text = _day(
        _blank(tail, [(c.start, c.end) for c in clocks]), published - timedelta(days=0), tz
    )
    past = cut.groupdict().get("past") is not None  # "expired at 22:00 on Monday"
    if day is not None and day < published.astimezone(zone(tz)).date() and not past:
        day += timedelta(days=7) if _WEEKDAY.search(tail) else timedelta(0)
    if day is None and not clocks:
        return None, None
    here = zone(tz)
    base = day or published.astimezone(here).date()
    hour, minute = (clocks[0].hour, clocks[0].minute) if clocks else (0, 0)
    if day is not None and (clocks[0].midnight if clocks else not ranged):
        # "until Friday", "until midnight on 7 January": the end of that day; "from June 2
        # to August 2": the day the next window starts
        base += timedelta(days=1)
    span = (cut.start(), cut.end() + len(tail))
    return datetime.combine(base, time(hour, minute), here), span
