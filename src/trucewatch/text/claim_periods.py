"""The period a claim is about: when it starts, relative to the article's publication.

"in the past week", "over the last 24 hours", "in the past three days" count back from the
publication instant; "since 4 May", "since Monday", "since late April" start at that day (the
article's language rules resolve it: :mod:`trucewatch.text.dates`); "since it took effect on 12
September" at the day named; "since the truce began", "so far", "in the first 24 hours" at the
truce's start when the article gives it ("came into force at midnight on Friday": the
midnight that ends Friday, as the press uses it), else it is left to the checker. Periods end
at publication (:func:`trucewatch.text.claims.find_claims`).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from trucewatch.model.time import zone
from trucewatch.text.arabic.letters import fold
from trucewatch.text.arabic.numbers import numbers_in as arabic_numbers
from trucewatch.text.numbers import numbers_in
from trucewatch.text.rule_sets import RuleSet

__all__ = ["AR_TRUCE", "TRUCE", "claim_period", "number", "truce_start"]

TRUCE = (
    r"(?:truce|ceasefire|cease-fire|cessation of hostilities|regime of calm|calm|"
    r"(?:humanitarian )?pause|humanitarian truce|armistice|deal|agreement|lull)"
)
AR_TRUCE = r"(?:الهدنة|هدنة|وقف إطلاق النار|وقف اطلاق النار|التهدئة|وقف الأعمال العدائية|الاتفاق)"
# the start of a period: "in the past week", "over the last 24 hours", "in the past three days"
_UNITS = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}
_PAST = re.compile(
    r"\b(?:in|over|during|for|within)\s+(?:the\s+)?(?P<which>past|last|previous|first)\s+"
    r"(?:(?P<n>\d+|\w+)\s+)?(?P<unit>hour|day|week|month)s?\b",
    re.IGNORECASE,
)
_IN_N = re.compile(r"\b(?:in|within)\s+(?P<n>\d+|\w+)\s+(?P<unit>hour|day|week)s?\b", re.IGNORECASE)
_SINCE = re.compile(r"\bsince\s+", re.IGNORECASE)
_AR_PAST = re.compile(
    fold(
        r"(?:خلال|في)\s+(?:ال)?(?:(?P<n>\d+|\S+)\s+)?(?P<unit>ساعة|ساعات|الساعات|يوم|أيام|الأيام|"
        r"أسبوع|الأسبوع|الأسابيع)\s*(?:ال)?(?:(?P<n2>\d+)\s+)?(?:الماضية|الماضي|الأخيرة|الأخير)"
    ).text
)
_AR_UNITS = {
    "ساع": timedelta(hours=1),
    "الساع": timedelta(hours=1),
    "يوم": timedelta(days=1),
    "ايام": timedelta(days=1),
    "الايام": timedelta(days=1),
    "اسبوع": timedelta(weeks=1),
    "الاسبوع": timedelta(weeks=1),
    "الاسابيع": timedelta(weeks=1),
}


def number(word: str | None) -> int | None:
    if not word:
        return None
    found = [n for n in numbers_in(word) if not n.vague]
    return found[0].value if found else None


_STARTED = re.compile(
    rf"\b(?:{TRUCE}|it)\b[^.;]{{0,80}}?\b(?:came into (?:force|effect)|took effect|went into "
    rf"(?:force|effect)|entered into force|began|started|(?:has been|was) in force since)\b",
    re.IGNORECASE,
)
_AR_STARTED = re.compile(
    fold(
        rf"(?:بدء|بدأت|بدئها|دخول|دخلت|سريان)\s+(?:\S+\s+){{0,2}}?{AR_TRUCE}|{AR_TRUCE}\s+"
        r"(?:\S+\s+){0,2}?(?:حيز التنفيذ|بدأت|دخلت)"
    ).text
)
_FROM_START = re.compile(
    rf"\b(?:since\s+(?:the\s+)?(?:(?:start|beginning)\s+of\s+)?(?:\w+\s+)?{TRUCE}|since it|"
    rf"so far|in the first|since its (?:start|beginning))\b",
    re.IGNORECASE,
)
_MIDNIGHT_ON = re.compile(r"\bmidnight\s+(?:on\s+)?$", re.IGNORECASE)
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.IGNORECASE)


def _started(
    text: str, rules: RuleSet, published: datetime, tz: str, arabic: bool
) -> datetime | None:
    """When ``text`` says the truce started ("came into force at midnight on Friday", "since it
    took effect on 12 September"), or None. "Midnight on Friday" is the midnight that ends
    Friday, as the press uses it."""
    m = (_AR_STARTED if arabic else _STARTED).search(fold(text).text if arabic else text)
    if m is None:
        return None
    rest = (fold(text).text if arabic else text)[m.end() :]
    found = rules.resolve_date(rest[:60], published, tz)
    if found is None:
        return None
    start = found.interval.start
    if not arabic and _MIDNIGHT_ON.search(rest[: found.start]) and _WEEKDAY.search(found.text):
        start += timedelta(days=1)
    return start


def truce_start(
    texts: list[str], rules: RuleSet, published: datetime, tz: str, arabic: bool
) -> datetime | None:
    """When the article says its truce started: the first of ``texts`` (the headline, then the
    sentences) that does."""
    for text in texts:
        start = _started(text, rules, published, tz, arabic)
        if start is not None and start <= published:
            return start
    return None


def claim_period(
    text: str, rules: RuleSet, published: datetime, tz: str, arabic: bool
) -> datetime | bool | None:
    """When the claim's period starts (it ends at publication); True: from the truce's start
    ("since the truce began", "so far", "in the first 24 hours"); None: not said."""
    own = _started(text, rules, published, tz, arabic)
    if own is not None:
        return own
    if (not arabic and _FROM_START.search(text)) or (
        arabic and _AR_STARTED.search(fold(text).text)
    ):
        return True
    past = (_AR_PAST if arabic else _PAST).search(text)
    if past is not None and not arabic and past.group("which").lower() == "first":
        return True  # "during the first day": from the truce's start
    if past is not None:
        n = past.groupdict().get("n2") or past.group("n")
        count = (
            (arabic_numbers(n)[0].value if arabic_numbers(n) else None)
            if arabic and n
            else number(n)
        )
        count = count or 1
        unit_word = past.group("unit").lower()
        if arabic:
            unit = next((u for k, u in _AR_UNITS.items() if unit_word.startswith(k)), None)
            if unit is None:
                return None
        elif unit_word == "month":
            unit = timedelta(days=30)
        else:
            unit = _UNITS[unit_word]
        return published - count * unit
    clock = _clock_start(text, published, tz, arabic)
    if clock is not None:
        return clock
    if arabic:
        if "منذ" in text:
            found = rules.resolve_date(text[text.index("منذ") :], published, tz)
            return None if found is None else found.interval.start
        return None
    since = _SINCE.search(text)
    if since is not None:
        found = rules.resolve_date(text[since.end() - len(since.group()) :], published, tz)
        if found is not None and found.start <= len(since.group()) + 2:
            return found.interval.start
        return None
    window = _IN_N.search(text)
    if window is not None and number(window.group("n")):
        return published - (number(window.group("n")) or 1) * _UNITS[window.group("unit").lower()]
    return None


# "since midnight", "after 09:00", "since 06:00 GMT on Tuesday", "منذ منتصف الليل"
_CLOCK = re.compile(
    r"\b(?:since|after|from)\s+(?P<clock>midnight|noon|\d{1,2}[:.]\d\d|\d{1,2}\s*[ap]\.?m\.?)"
    r"(?:\s*(?P<utc>GMT|UTC)|\s*local time)?(?:\s+(?:on\s+)?(?P<day>(?:mon|tues|wednes|thurs|"
    r"fri|satur|sun)day))?\b",
    re.IGNORECASE,
)
_AR_MIDNIGHT = re.compile(fold(r"منذ\s+منتصف\s+(?:ال)?ليل").text)
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _clock_start(text: str, published: datetime, tz: str, arabic: bool) -> datetime | None:
    """The instant a clock time starts the period at: the last such time before publication
    ("since midnight": the midnight that began the day; "since 06:00 on Tuesday"; "midnight
    on Friday" is the midnight that ends Friday, as the press uses it)."""
    if arabic:
        if _AR_MIDNIGHT.search(fold(text).text) is None:
            return None
        hour, minute, day, utc = 0, 0, None, False
        said = "midnight"
    else:
        m = _CLOCK.search(text)
        if m is None:
            return None
        said = m.group("clock").lower()
        day, utc = m.group("day"), bool(m.group("utc"))
        if said in ("midnight", "noon"):
            hour, minute = (0, 0) if said == "midnight" else (12, 0)
        else:
            digits = re.findall(r"\d+", said)
            hour, minute = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
            if "p" in said and hour < 12:
                hour += 12
            elif "a" in said and hour == 12:
                hour = 0
        if hour > 23 or minute > 59:
            return None
    local = published.astimezone(zone("UTC" if utc else tz))
    at = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if day is not None:
        back = (local.weekday() - _DAYS.index(day[:3].lower())) % 7
        at -= timedelta(days=back)
        if said == "midnight":
            at += timedelta(days=1)  # "midnight on Friday": the end of Friday
    while at > published:
        at -= timedelta(days=1 if day is None else 7)
    return at
