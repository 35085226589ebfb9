"""One English sentence read for a truce statement: the act, who speaks, who agrees, where,
from when, for how long, whom it leaves out, on what condition, by which deadline, who
monitors, and which earlier truce it points at — each with the characters it was read from
(:mod:`.terms`: exclusions and deadlines; :mod:`.scope`: places; :mod:`.speakers`).
"""

from __future__ import annotations

import re
from datetime import datetime

from trucewatch.model.time import zone
from trucewatch.text.actors import find_actors
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.statements import lexicon as lx
from trucewatch.text.statements.parties import parties as _parties
from trucewatch.text.statements.reading import Reading, Spans
from trucewatch.text.statements.reading import inside as _inside
from trucewatch.text.statements.scope import scope as _scope
from trucewatch.text.statements.speakers import completed, speaker_in, subject_speaker
from trucewatch.text.statements.terms import deadline_what as _deadline_what
from trucewatch.text.statements.terms import exclusions as _exclusions
from trucewatch.text.statements.terms import relative_deadlines as _relative_deadlines
from trucewatch.text.statements.times import deadline_day, duration_in, end_in, start_in

__all__ = ["Reading", "read_sentence", "speaker_in"]


def read_sentence(
    text: str,
    published: datetime,
    tz: str,
    gaz: Gazetteer,
) -> Reading | None:
    """The statement ``text`` makes, or None when it names no truce and no truce terms."""
    out = Reading()
    truce = lx.TRUCE.search(text)
    refs = [m.span() for m in lx.REFERENCE.finditer(text)]
    known = [m.span() for m in lx.KNOWN_TRUCE.finditer(text)]
    if refs:
        out.refers_to = text[refs[0][0] : refs[0][1]]
        out.cite("refers_to", refs[0])
    elif known:
        out.refers_to = text[known[0][0] : known[0][1]]
        out.cite("refers_to", known[0])
    actors = find_actors(text, gaz.actors)
    exclusions, excl_spans = _exclusions(text, gaz.actors, refs)
    for name in exclusions:
        out.exclusions.append(name)
    for span in excl_spans:
        out.cite("exclusions", span)
    conditions = [m for m in lx.CONDITION.finditer(text) if not _inside(*m.span(), excl_spans)]
    for m in conditions:
        days = re.search(r"\b(\w+)\s+(?:consecutive |continuous |straight )?days\b", m.group())
        n = None
        if days is not None:
            from trucewatch.text.numbers import numbers_in

            values = [x.value for x in numbers_in(days.group(1)) if not x.vague]
            n = int(values[0]) if values and values[0] > 0 else None
        out.conditions.append((m.group("text").strip(), n, m.span()))
        out.cite("conditions", m.span())
    for m in lx.DEADLINE.finditer(text):
        if _inside(*m.span(), [c.span() for c in conditions]):
            continue
        by = deadline_day(m.group(), published, tz)
        if by is None or by <= published.astimezone(zone(tz)).date():
            continue
        what = _deadline_what(text, m.start(), m.end())
        out.deadlines.append((by, what, m.span()))
        out.cite("deadlines", m.span())
    _relative_deadlines(text, published, tz, truce is not None, out)
    monitor = lx.MONITORING.search(text)
    if monitor is not None and truce is not None:
        out.monitoring = monitor.group().strip()
        out.cite("monitoring", monitor.span())
    cond_spans = [c.span() for c in conditions]
    truces = [t for t in lx.TRUCE.finditer(text) if not _inside(*t.span(), cond_spans)]
    if truce is None or not truces:
        return out if out.has_terms else None
    skip = refs + excl_spans + [c.span() for c in conditions]
    act = _act(text, skip)
    if act is None:
        act = _act(text, excl_spans + [c.span() for c in conditions])
        if act is None:
            return out if out.has_terms else None
        out.pure_reference = bool(refs)
    out.act, trigger = act
    out.cite("act", trigger)
    if out.act in ("extend", "agree", "declare") and _PAST_PERFECT.search(text[: trigger[0]]):
        # "The truce, in force since April, had been renewed twice": background
        out.pure_reference = True
        out.refers_to = out.refers_to or truces[0].group()
        out.evidence["refers_to"] = [(truces[0].start(), trigger[1])]
    speaker, speaker_span = speaker_in(text, gaz)
    if speaker is None:
        speaker, speaker_span = subject_speaker(text, trigger[0], gaz)
    if speaker is not None and speaker_span is not None:
        out.speaker = completed(speaker, speaker_span, text, trigger[0], gaz)
        out.cite("speaker", speaker_span)
    sp = [speaker_span] if speaker_span else []
    party_skip = excl_spans + ([] if out.pure_reference else refs) + [c.span() for c in conditions]
    first = _first_act_word(text, party_skip, trigger[0])
    parties, party_spans = _parties(
        text, actors, (first, trigger[1]), party_skip, sp, gaz, act=out.act, on=published.date()
    )
    out.parties = parties
    for span in party_spans:
        out.cite("parties", span)
    left_out = [m.span("who") for m in lx.EXCLUSION_AFTER.finditer(text)]
    place_skip = excl_spans + left_out + ([] if out.pure_reference else refs)
    _scope(text, gaz, actors, place_skip, out)
    time_skip = ([] if out.pure_reference else refs) + [c.span() for c in conditions]
    time_skip += [(m.start(), m.end()) for m in lx.DEADLINE.finditer(text)]
    time_skip += [m.span() for m in _SAID_ON.finditer(text)]  # the day it was said
    start, precision, start_span = start_in(text, published, tz, skip=time_skip)
    if start is not None:
        out.start, out.start_precision = start, precision
        out.cite("start", start_span)
        key = getattr(start.tzinfo, "key", None)
        out.timezone = key if key and key != tz else None
    duration, duration_span = duration_in(text, skip=[c.span() for c in conditions])
    if duration is not None:
        out.duration = duration
        out.cite("duration", duration_span)
    end, end_span = end_in(text, published, tz)
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
    return out


_SAID_ON = re.compile(
    r"\b(?:said|says|told [\w ]{1,25}?|announced|added|confirmed|reported|stated|declared)"
    r"\s+(?:late |early )?(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|today|yesterday)\b",
    re.IGNORECASE,
)


_ADJECTIVE = re.compile(
    r"\s+(?!the\b|a\b|an\b|its\b)(?:[\w-]+\s+)?"
    r"(?:truce|cease-?fire|cessation|regime of calm|pause)\b",
    re.IGNORECASE,
)
_PAST_PERFECT = re.compile(r"\bhad been\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def _first_act_word(text: str, skip: Spans, before: int) -> int:
    """Where the first act word before ``before`` starts: the subject ends there ("Hamas
    said it had agreed with the mediators in Qatar to extend": Qatar is no party)."""
    found = [
        m.start()
        for pattern in lx.ACT_PATTERNS.values()
        for m in pattern.finditer(text, 0, before + 1)
        if not _inside(m.start(), m.end(), skip) and m.start() <= before
    ]
    return min(found, default=before)


_MAYBE = re.compile(
    r"\b(?:could|may|might|ready to|willing to|urged?d? \w+ to|"
    r"press(?:ed|ing)? (?:\w+ )?(?:to|for)|"
    r"(?:proposal|plan|offer|call|bid|efforts?|talks?) to|possib\w+|hopes? to|want(?:s|ed)? to|"
    r"(?:did|does|do) not|without|no agreement (?:to|on))\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)


_WELCOMED = re.compile(
    r"\b(?:welcom|hail|prais|applaud|endors)\w*\s+(?:the|a|an|this|its|their)\s+"
    r"(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)


def _act(text: str, skip: Spans) -> tuple[str, tuple[int, int]] | None:
    """The act of the sentence: the first of :data:`ACT_PRIORITY` it has, outside ``skip``
    and not only possible ("could be extended", "ready to extend", "a plan to extend")."""
    for act in lx.ACT_PRIORITY:
        for m in lx.ACT_PATTERNS[act].finditer(text):
            if _inside(m.start(), m.end(), skip):
                continue
            if _MAYBE.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            if _WELCOMED.search(text[max(0, m.start() - 40) : m.start()]):
                continue  # "welcomed the renewal": the act is the welcome (accept)
            if (
                act != "accuse"
                and _ADJECTIVE.match(text, m.end())
                and re.search(
                    r"\b(?:the|a|an|its|their)\s+$", text[max(0, m.start() - 8) : m.start()]
                )
            ):
                continue  # "the renewed ceasefire", "an announced truce": no act
            return act, m.span()
    return None
