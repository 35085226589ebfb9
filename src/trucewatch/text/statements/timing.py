"""The start, duration and end of an English truce statement (:mod:`.times` reads the
words), and the sentences that give only these about a truce named before ("It will begin at
2 a.m. on Friday", "The extension runs from June 2 to August 2").

The day a statement was said or voted ("said on Tuesday", "voted on Thursday", "a statement
read at around 19:00") is not its start; nor is the day of an end, a rejection, an accusation or
a suspension ("ran out on Sunday evening"), unless the sentence says when something starts. A
duration in months counts calendar months from the start ("for two more months"). An end is
read in the start's zone ("from 12:00 Moscow time ... until midnight on 7 January").
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from trucewatch.model.time import zone
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.places import find_places
from trucewatch.text.statements import lexicon as lx
from trucewatch.text.statements.arabic_times import add_months
from trucewatch.text.statements.reading import Reading, Spans
from trucewatch.text.statements.times import duration_in, end_in, months_in, start_in

__all__ = ["SAID_ON", "TIMING_SUBJECT", "place_durations", "read_timing", "timing_only"]

#: the day or hour something was said, voted or read out, not the truce's ("accepted by both
#: sides late on Monday, began at 08:00": the day of the acceptance)
SAID_ON = re.compile(
    r"\b(?:said|says|told [\w ]{1,25}?|announced|added|confirmed|reported|stated|declared|"
    r"voted|decided)"
    r"\s+(?:late |early )?(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|today|yesterday)\b|"
    r"\b(?:accepted|agreed|approved|signed|brokered|reached)\b[^,.;]{0,40}?\b(?:late |early )?"
    r"on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?=,|\s+(?:by|in|between|after|with)\b)|"
    r"\b(?:statement|broadcast|address|speech|briefing|news conference)\s+(?:[\w-]+\s+){0,5}?"
    r"at\s+(?:around\s+|about\s+)?\d{1,2}[:.]\d{2}",
    re.IGNORECASE,
)
#: a sentence about when a truce named before starts, lasts or ends: "it would begin at ..."
TIMING_SUBJECT = re.compile(
    r"\b(?:it|the (?:extension|agreement|deal|arrangement|accord))\s+(?:[\w']+\s+){0,2}?"
    r"(?:begins?|began|start(?:s|ed)?|takes? effect|took effect|(?:come|comes|came) into|"
    r"lasts?|runs?|ends?|expires?)\b",
    re.IGNORECASE,
)
_IMMEDIATE = re.compile(
    r"\bimmediate(?:ly)?\s+(?:\w+\s+){0,2}?(?:truce|cease-?fire|halt|cessation|stop|end)|"
    r"\bwith immediate effect\b|\beffective immediately\b|"
    # "the truce took effect immediately", "the halt begins immediately"
    r"\b(?:t(?:ook|akes?|aking) (?:effect|hold)|c(?:ame|omes?) into (?:force|effect)|"
    r"w(?:ent|ould go) into (?:force|effect)|began|begins?|start(?:s|ed)?)\s+immediately\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"monday|tuesday|wednesday|thursday|friday|saturday|sunday", re.IGNORECASE)
_STARTS = re.compile(
    r"\b(?:from|starting|beginning|as of|effective|take effect|takes effect|took effect|"
    r"taking effect|begins?|began|start(?:s|ed)?|in force|into (?:force|effect))\b",
    re.IGNORECASE,
)
#: acts whose day is that of the act, not of a truce's start
_NOT_STARTS = ("end", "reject", "accuse", "suspend", "accept", "agree")


def _blank(text: str, spans: Spans) -> str:
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def _said_day(text: str, published: datetime, tz: str) -> datetime:
    """The local day a statement was said ("said on Tuesday"), else the publication's: when
    an immediate truce starts."""
    said = next((m for m in SAID_ON.finditer(text) if _WEEKDAY.search(m.group())), None)
    when = start_in(said.group(), published, tz)[0] if said is not None else None
    day = (when or published).astimezone(zone(tz)).date()
    return datetime.combine(day, time(0), zone(tz))


def read_timing(
    text: str,
    published: datetime,
    tz: str,
    out: Reading,
    *,
    skip: Spans,
    conditions: Spans,
) -> None:
    """Fill ``out``'s start, duration and end from ``text`` (``skip``: words of an earlier
    truce, deadlines; ``conditions``: "if calm holds for seven days")."""
    skip = skip + [m.span() for m in SAID_ON.finditer(text)]
    dateline = lx.DATELINE.match(text)  # "KIEV, March 29 —": the day filed, not the start
    if dateline is not None:
        skip = [*skip, dateline.span()]
    start, precision, start_span = start_in(text, published, tz, skip=skip)
    if start is not None and out.act in _NOT_STARTS and not _STARTS.search(_blank(text, skip)):
        start = None  # "ran out on Sunday evening": the day of the end
    immediate = _IMMEDIATE.search(text)
    if start is None and immediate is not None and out.act in ("declare", "agree", None):
        start, precision, start_span = _said_day(text, published, tz), "day", immediate.span()
    if start is not None:
        out.start, out.start_precision = start, precision
        out.cite("start", start_span)
        key = getattr(start.tzinfo, "key", None)
        out.timezone = key if key and key != tz else None
    duration, duration_span = duration_in(text, skip=conditions)
    if duration is not None:
        out.duration = duration
        out.cite("duration", duration_span)
    end, end_span = end_in(text, published, out.timezone or tz)
    if (
        end is not None
        and out.act == "extend"
        and out.start_precision != "minute"
        and re.search(r"\b(?:due to expire|was to expire|expir\w+|set to end)\b", text)
    ):
        out.start, out.start_precision = end, "minute"  # from when the old one expires
        out.evidence["start"] = [end_span] if end_span else []
    elif end is not None and (start is None or end > start):
        out.end = end
        out.cite("end", end_span)
    months, months_span = months_in(_blank(text, conditions))
    if out.duration is None and months is not None and out.start is not None:
        until = add_months(out.start, months)
        out.duration = until - out.start
        out.end = out.end or until
        out.cite("duration", months_span)


def timing_only(
    text: str, published: datetime, tz: str, gaz: Gazetteer | None = None
) -> Reading | None:
    """What a sentence without a truce word says about the timing of the truce named before
    it ("It will last 24 hours", "The extension runs from June 2 to August 2"), or None;
    with ``gaz``, durations place by place ("24 hours in Eastern Ghouta and 72 hours in the
    Latakia countryside")."""
    if lx.TRUCE.search(text) or not TIMING_SUBJECT.search(text):
        return None
    out = Reading()
    read_timing(text, published, tz, out, skip=[], conditions=[])
    if gaz is not None:
        out.place_durations = place_durations(text, gaz)
    return out if out.start or out.duration or out.end else None


_PER_PLACE = re.compile(
    r"\b(?P<n>\d+|\w+)[\s-]+(?P<unit>hour|day|week)s?\s+in\s+(?P<where>[^,;.]+?)"
    r"(?=\s+and\s+\S+[\s-]+(?:hour|day|week)|[,;.]|$)",
    re.IGNORECASE,
)


def place_durations(text: str, gaz: Gazetteer) -> list[tuple[str, timedelta]]:
    """ "24 hours in Eastern Ghouta and 72 hours in the Latakia countryside": each place's
    duration (gazetteer names), when the sentence gives two or more."""
    out: list[tuple[str, timedelta]] = []
    for m in _PER_PLACE.finditer(text):
        duration, _span = duration_in(f"{m.group('n')} {m.group('unit')}")
        found = find_places(m.group("where"), gaz)
        if duration is not None and found and found[0].place.name not in dict(out):
            out.append((found[0].place.name, duration))
    return out if len(out) >= 2 else []
