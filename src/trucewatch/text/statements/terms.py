"""Truce terms in an English sentence: who is left out ("does not cover X", "X are
excluded", "terrorists who are not party to it") and deadlines counted from publication
("within a month") or written as a day ("talks are due to start on 18 April"), with what each
deadline is for."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, datetime, timedelta

from trucewatch.model.time import zone
from trucewatch.text.actors import find_actors
from trucewatch.text.statements import lexicon as lx
from trucewatch.text.statements.deadline_days import deadline_day
from trucewatch.text.statements.reading import Reading, Spans
from trucewatch.text.statements.reading import inside as _inside

__all__ = [
    "condition_days",
    "deadline_what",
    "exclusions",
    "months_later",
    "relative_deadlines",
]


def exclusions(
    text: str, table: object, skip: Spans, country: str | None = None
) -> tuple[list[str], Spans]:
    """Who a truce sentence leaves out, as canonical side names (``table``: the country's
    actor table), "terrorists not party to it" as written, and the sides the UN lists as
    terrorist in ``country`` for "groups designated as terrorist by the UN"; with the spans."""
    from trucewatch.text.actors import ActorTable

    assert isinstance(table, ActorTable)
    names: list[str] = []
    spans: Spans = []
    not_party = [n.span() for n in lx.NOT_PARTY.finditer(text)]
    for pattern in (lx.EXCLUSION_AFTER, lx.EXCLUSION_BEFORE):
        for m in pattern.finditer(text):
            who_a, who_b = m.span("who")
            found = False
            for np in lx.NOT_PARTY.finditer(text, who_a, who_b):
                names += _not_party(np.group().strip(), country)
                found = True
            for a in find_actors(m.group("who"), table):
                if a.canonical not in names and not _inside(
                    who_a + a.start, who_a + a.end, not_party
                ):
                    names.append(a.canonical)
                    found = True
            # no pack, or a group the pack does not know ("the Azov regiment"): as written
            unknown_group = (
                not found
                and pattern is lx.EXCLUSION_AFTER
                and _GROUP_WORD.search(m.group("who")) is not None
            )
            if not table.aliases or unknown_group:
                for name in _written_names(m.group("who"), examples_only=found):
                    names.append(name)
                    found = True
            if found:
                spans.append(m.span())
    for m in lx.FIGHT_GOES_ON.finditer(text):  # "operations against X will continue"
        group = "who" if m.group("who") is not None else "who2"
        who_a = m.start(group)
        fought = [
            a.canonical
            for a in find_actors(m.group(group), table)
            if not _inside(who_a + a.start, who_a + a.end, not_party)
        ]
        if fought:
            names += fought
            spans.append(m.span())
    for np in lx.NOT_PARTY.finditer(text):
        if not _inside(np.start(), np.end(), spans):
            names += _not_party(np.group().strip(), country)
            spans.append(np.span())
    return list(dict.fromkeys(names)), spans


def _not_party(phrase: str, country: str | None) -> list[str]:
    """The sides a "not party" phrase names: those the UN lists in ``country`` when it names
    the UN's list, else the phrase as written."""
    listed = lx.UN_LISTED.get(country or "", ())
    return list(listed) if listed and lx.UN_NAMED.search(phrase) else [phrase]


_EXAMPLES = re.compile(r"\b(?:such as|including|like|namely|notably|in particular)\s+(.+)$")
_NAMES = re.compile(
    r"(?<![\w.])(?:the\s+)?((?:[A-Z][\w'’-]+)(?:\s+(?:al-|of\s+)?[A-Z][\w'’-]+){0,3})"
)


#: a word that makes a name an armed group's, not a place's ("the Azov regiment", not "Darfur")
_GROUP_WORD = re.compile(
    r"\b(?:groups?|brigades?|regiments?|battalions?|militias?|fronts?|factions?|movements?|"
    r"organi[sz]ations?|forces|fighters|units?|army)\b",
    re.IGNORECASE,
)


def _written_names(who: str, *, examples_only: bool = False) -> list[str]:
    """The sides an exclusion names, as written, where no pack knows the country's sides:
    the names after "such as" / "including" when it gives examples, else the list's names
    ("groups the U.N. lists as terrorist, such as Islamic State" → Islamic State); not a
    state or an abbreviation with points ("U.N.")."""
    examples = _EXAMPLES.search(who)
    if examples is None and examples_only:
        return []
    text = examples.group(1) if examples else who
    out = []
    for m in _NAMES.finditer(text):
        name = m.group(1)
        if lx.STATE_NAMES.fullmatch(name) or name in out:
            continue
        out.append(name)
    return out


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WITHIN_N = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "ten": 10,
    "fourteen": 14,
    "thirty": 30,
}
_WITHIN_UNIT = {"day": 1, "week": 7, "month": 30}
_GIVEN = (
    r"\b(?:ha(?:ve|s|d)|gives?|given|gave|giving|grant(?:s|ed)|allow(?:s|ed))\s+"
    r"(?:[\w-]+\s+){0,3}?"
)
#: "rebels have until Friday to accept", "given until 12:00 on Friday to sign up"
_GIVEN_UNTIL = re.compile(
    _GIVEN
    + r"until\s+(?:(?:noon|midnight|\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)"
    r"\s+(?:on\s+)?)?(?P<when>" + "|".join(_WEEKDAYS) + r"|\d{1,2} [A-Z][a-z]+|[A-Z][a-z]+ \d{1,2})"
    r"\b[^.;]{0,30}?\s+to\s+\w+",
    re.IGNORECASE,
)
#: "armed groups have 48 hours to leave", "were given seven days to hand over", "giving the
#: rebels a week to disarm"
_GIVEN_SPAN = re.compile(
    _GIVEN + r"(?P<n>\d+|an?|one|two|three|four|five|six|seven|ten|fourteen|thirty)[\s-]*"
    r"(?P<unit>hour|day|week)s?\s+to\s+\w+",
    re.IGNORECASE,
)


def months_later(today: date, n: int) -> date:
    """The same day ``n`` calendar months later: 29 Dec -> 29 Jan, 31 Jan -> 28 Feb."""
    months = today.month - 1 + n
    year, month = today.year + months // 12, months % 12 + 1
    return date(year, month, min(today.day, monthrange(year, month)[1]))


def relative_deadlines(
    text: str, published: datetime, tz: str, about_truce: bool, out: Reading
) -> None:
    """ "resume talks within a month" (from publication) and, outside a truce's own sentence
    (a lead-in "Under the deal," is not the truce's own), "talks are due to start on 18 April"
    / "patrols will begin on March 15"."""
    today = published.astimezone(zone(tz)).date()
    lead = _LEAD_IN.match(text)  # "Under the deal, patrols will begin on March 15": a term
    if lead is not None and lx.TRUCE.search(text, lead.end()) is None:
        about_truce = False
    from_truce = _FROM_TRUCE.search(text) is not None
    dated = bool(out.deadlines)  # "within 21 days, that is by 8 January": one deadline, the date
    for m in [*lx.WITHIN.finditer(text), *_GIVEN_SPAN.finditer(text)]:
        raw = (m.group("n") or "1").lower()
        n = int(raw) if raw.isdigit() else _WITHIN_N.get(raw, 1)
        unit = m.group("unit").lower()
        if from_truce:  # "finished within 14 days" of the truce's start: a term, not a date
            days = n * _WITHIN_UNIT[unit] if unit != "hour" else (n // 24 if n % 24 == 0 else None)
            out.conditions.append((_subject(text, m.end()), days or None, m.span()))
            out.cite("conditions", m.span())
            continue
        if dated:
            continue
        what = _purpose(text, m.end()) if m.re is _GIVEN_SPAN else _subject(text, m.start())
        if unit == "hour":  # "leave within 72 hours": an instant
            by_at = published + timedelta(hours=n)
            out.deadlines.append((by_at.astimezone(zone(tz)), what, m.span()))
            out.cite("deadlines", m.span())
            continue
        if unit == "month":
            by = months_later(today, n)
        else:
            by = today + timedelta(days=n * _WITHIN_UNIT[unit])
        out.deadlines.append((by, what, m.span()))
        out.cite("deadlines", m.span())
    _day_deadlines(text, today, out)
    for m in _GIVEN_UNTIL.finditer(text):
        when = m.group("when").lower()
        if when in _WEEKDAYS:
            due: date | None = today + timedelta(days=(_WEEKDAYS.index(when) - today.weekday()) % 7)
        else:
            due = deadline_day(m.group("when"), published, tz)
        if due is not None and due >= today:
            out.deadlines.append((due, _purpose(text, m.end()), m.span()))
            out.cite("deadlines", m.span())
    if about_truce:
        return
    for m in lx.DUE_ON.finditer(text):
        due_on = deadline_day(m.group("date"), published, tz)
        if due_on is None or due_on <= today:
            continue
        out.deadlines.append((due_on, _subject(text, m.start()), m.span()))
        out.cite("deadlines", m.span())


#: a lead-in naming the deal a term comes from ("Under the deal,", "As part of the truce,"):
#: the sentence is about the term, not the truce's own
_LEAD_IN = re.compile(
    r"^(?:[^,;]{0,40}?[—–]\s+)?(?:under|as part of|in line with|according to)\s+(?:the|this|"
    r"that|its)\s+(?:[\w-]+\s+){0,3}?(?:deal|agreement|accord|truce|cease-?fire|plan|"
    r"arrangement|memorandum)\s*,",
    re.IGNORECASE,
)
#: a span counted from the truce: "the second day after the ceasefire", "within 21 days of the
#: truce taking effect"
_FROM_TRUCE = re.compile(
    r"\b(?:after|of|from)\s+(?:the\s+)?(?:start\s+of\s+(?:the\s+)?)?(?:[\w-]+\s+)?"
    r"(?:truce|cease-?fire|cessation|armistice)\b(?!\s+(?:talks|negotiations))",
    re.IGNORECASE,
)
#: "before midnight", "by the end of the day": the day of publication
_TODAY = re.compile(
    r"\b(?:by|before|no later than|not later than)\s+(?:midnight|tonight|the end of (?:the )?"
    r"day|the end of today)\b(?!\s+(?:on|of)\s)",  # not "midnight on Saturday": that day
    re.IGNORECASE,
)
#: "accept the terms by Friday", "no later than midnight on Saturday", "by 12:00 GMT on Friday"
_BY_WEEKDAY = re.compile(
    r"\b(?:by|before|no later than|not later than)\s+(?:(?:midnight|noon|\d{1,2}[:.]\d\d"
    r"(?:\s*(?:[ap]\.?m\.?|GMT|UTC|local time))?|\d{1,2}\s*[ap]\.?m\.?)\s+(?:on\s+)?)?"
    r"(?:(?:this|next)\s+)?(?P<day>" + "|".join(_WEEKDAYS) + r")\b",
    re.IGNORECASE,
)
#: "by the end of the month", "before the end of next week"
_END_OF = re.compile(
    r"\b(?:by|before|no later than|not later than)\s+the\s+end\s+of\s+(?P<which>the|this|"
    r"next)\s+(?P<unit>week|month|year)\b",
    re.IGNORECASE,
)
#: "a 90-day deadline for X to leave expired on Saturday", "the ultimatum expires on Friday"
_LAPSES = re.compile(
    r"\b(?:deadline|ultimatum|time limit)\b(?P<what>[^.;]{0,160}?)\s+(?P<verb>expired|passed|"
    r"ran out|lapsed|elapsed|expires|runs out|lapses|ends|will expire|(?:is|was) due to expire)"
    r"\s+(?:on\s+)?(?P<day>today|tonight|" + "|".join(_WEEKDAYS) + r")\b",
    re.IGNORECASE,
)


#: what is still to be done, in the clause before a deadline ("would be completed", "must")
_TO_BE_DONE = re.compile(
    r"\b(?:would|will|must|should|shall|has to|have to|had to|is to|are to|was to|were to|"
    r"due|expected|wants?|wanted|set|needs? to|(?:told|asked|ordered|required|obliged|"
    r"supposed|urged|called on|given|allowed)\b(?:\s+\w+){0,3}\s+to)\b[^,;]*$",
    re.IGNORECASE,
)


def _day_deadlines(text: str, today: date, out: Reading) -> None:
    """Deadlines named by the day of publication ("completed before midnight"), the end of a
    week, month or year ("by the end of the month"), or a deadline said to lapse on a weekday
    ("the 90-day deadline for X to leave expired on Saturday")."""
    for m in _TODAY.finditer(text):
        if not _TO_BE_DONE.search(text[max(0, m.start() - 80) : m.start()]):
            continue  # "began one minute before midnight on Sunday": a time, not a deadline
        out.deadlines.append((today, _subject(text, m.start()), m.span()))
        out.cite("deadlines", m.span())
    for m in _BY_WEEKDAY.finditer(text):
        if not _TO_BE_DONE.search(text[max(0, m.start() - 80) : m.start()]):
            continue  # "by Friday the guns had fallen silent": a time, not a deadline
        shift = (_WEEKDAYS.index(m.group("day").lower()) - today.weekday()) % 7
        out.deadlines.append((today + timedelta(days=shift), _subject(text, m.start()), m.span()))
        out.cite("deadlines", m.span())
    for m in _END_OF.finditer(text):
        if not _TO_BE_DONE.search(text[max(0, m.start() - 80) : m.start()]):
            continue
        unit, ahead = m.group("unit").lower(), int(m.group("which").lower() == "next")
        if unit == "week":
            by = today + timedelta(days=6 - today.weekday() + 7 * ahead)
        elif unit == "month":
            year, month = (
                today.year + (today.month + ahead - 1) // 12,
                (today.month + ahead - 1) % 12 + 1,
            )
            by = date(year, month, monthrange(year, month)[1])
        else:
            by = date(today.year + ahead, 12, 31)
        out.deadlines.append((by, _subject(text, m.start()), m.span()))
        out.cite("deadlines", m.span())
    for m in _LAPSES.finditer(text):
        day = m.group("day").lower()
        by = today
        if day in _WEEKDAYS:
            shift = (_WEEKDAYS.index(day) - today.weekday()) % 7
            past = m.group("verb").lower() in ("expired", "passed", "ran out", "lapsed", "elapsed")
            by = today - timedelta(days=(7 - shift) % 7) if past else today + timedelta(days=shift)
        what = re.sub(r"^\s*(?:for|to|on)\s+", "", m.group("what"))
        what = re.split(r"\s+(?:under|in|of)\s+the\b", what)[0].strip()
        out.deadlines.append((by, what or "deadline", m.span()))
        out.cite("deadlines", m.span())


_SPAN = re.compile(
    r"\b(?P<n>\w+)[\s-]+(?:consecutive |continuous |straight |full )?(?P<unit>day|week|hour)s?\b",
    re.IGNORECASE,
)


def condition_days(text: str) -> int | None:
    """The days a condition counts: "holds for seven days" 7, "for a week" 7, "two weeks" 14,
    "48 hours" 2 (whole days only); None when it counts none."""
    from trucewatch.text.numbers import numbers_in

    for m in _SPAN.finditer(text):
        raw = m.group("n").lower()
        if raw in ("a", "one"):
            n = 1
        else:
            values = [x.value for x in numbers_in(raw) if not x.vague]
            if not values or values[0] <= 0:
                continue
            n = int(values[0])
        unit = m.group("unit").lower()
        if unit == "hour":
            if n % 24 == 0:
                return n // 24
            continue
        return n * (7 if unit == "week" else 1)
    return None


def _purpose(text: str, end: int) -> str:
    """What a deadline given to someone is for: the words of "to ..." that end at ``end``
    and the rest of its clause ("have until Friday to accept the terms" → accept the terms)."""
    verb = re.search(r"\bto\s+\w+$", text[:end])
    start = verb.start() + 3 if verb else end
    words = re.split(r"[,;.]", text[start:])[0].split()[:8]
    return " ".join(words) or "deadline"


def _subject(text: str, at: int) -> str:
    """The words of a clause before ``at`` ("Peace talks between the government and the
    Houthis"), without a dateline or a lead-in ("Under the deal,")."""
    before = text[:at]
    cut = max(before.rfind(", "), before.rfind("; "), before.rfind(" and the two sides "))
    words = before[cut + 1 :].strip(" ,")
    words = re.sub(r"^(?:and|but|while|that|under the \w+)\s+", "", words, flags=re.IGNORECASE)
    words = re.sub(r"\s+(?:are|is|were|was|will|would|should|must|to)$", "", words)
    return " ".join(words.split()[-10:]) or "deadline"


def deadline_what(text: str, at: int, end: int) -> str:
    """What a deadline is for: "set 1 August as the date by which a political transition
    should begin" → the words after "by which"; else the words before "by"."""
    after = re.match(
        r"\s+as (?:the|a) (?:date|deadline|target)(?: (?:by which|for))?\s+"
        r"([^.;,]{3,80})",
        text[end:],
    )
    if after is None and re.match(r"deadline\b", text[at:], re.IGNORECASE):
        after = re.match(r"\s+(?:for|to)\s+(?:the\s+)?([^.;,]{3,80})", text[end:])
    if after is not None:
        return re.sub(r"\s+(?:should|must|would|will|to)\b.*$", "", after.group(1)).strip()
    before = text[:at]
    cut = max(before.rfind(","), before.rfind(" that "), before.rfind(" said "))
    words = before[cut + 1 :].strip()
    words = re.sub(r"^(?:that|said|the US|which)\s+", "", words, flags=re.I)
    return " ".join(words.split()[-8:]) or "deadline"
