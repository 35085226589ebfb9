"""One English sentence read for a truce statement: the act, who speaks, who agrees, where,
from when, for how long, whom it leaves out, on what condition, by which deadline, who
monitors, and which earlier truce it points at — each with the characters it was read from
(:mod:`.terms`: exclusions and deadlines; :mod:`.scope`: places; :mod:`.speakers`).
"""

from __future__ import annotations

import re
from datetime import datetime

from trucewatch.model.time import zone
from trucewatch.text.actors import ActorMatch, find_actors
from trucewatch.text.gazetteer import Gazetteer, norm
from trucewatch.text.statements import lexicon as lx
from trucewatch.text.statements.reading import Reading, Spans
from trucewatch.text.statements.reading import inside as _inside
from trucewatch.text.statements.scope import scope as _scope
from trucewatch.text.statements.speakers import speaker_in, subject_speaker
from trucewatch.text.statements.terms import condition_days
from trucewatch.text.statements.terms import deadline_what as _deadline_what
from trucewatch.text.statements.terms import exclusions as _exclusions
from trucewatch.text.statements.terms import relative_deadlines as _relative_deadlines
from trucewatch.text.statements.times import deadline_day, duration_in, end_in, start_in

__all__ = ["Reading", "read_sentence", "speaker_in"]


def _states(text: str, spans: Spans) -> list[tuple[str, int, int]]:
    out = []
    for m in lx.STATE_NAMES.finditer(text):
        if _inside(m.start(), m.end(), spans):
            continue
        state = lx.state_of(m.group())
        # "Syrian army", "Russian warplanes": an adjective before a noun is not the state itself
        nxt = text[m.end() : m.end() + 20]
        if re.match(
            r"\s+(?:army|forces|troops|government|regime|military|warplanes|jets)", nxt, re.I
        ):
            continue
        if lx.TRUCE.match(nxt.lstrip()) or re.match(r"['’]s\s", nxt):
            continue  # "the Syria truce", "Syria-wide": where, not who
        if state is not None:
            out.append((state, m.start(), m.end()))
    return out


def _parties(
    text: str,
    actors: list[ActorMatch],
    trigger: tuple[int, int],
    skip: Spans,
    speaker: Spans,
    gaz: Gazetteer,
) -> tuple[list[str], Spans]:
    """Who does the act: the sides and states named before it (after the reporting clause),
    else those of "between X and Y" after it. Names inside an exclusion, a reference or the
    speaker's own phrase are not parties."""
    named: list[tuple[str, int, int]] = [
        (_as_state(a), a.start, a.end) for a in actors if not _inside(a.start, a.end, skip)
    ]
    for state, a, b in _states(text, skip):
        if not any(s < b and a < e for _n, s, e in named):
            named.append((state, a, b))
    for name, a, b in _named_pair(text, trigger[0], gaz):
        if name and not any(s < b and a < e for _n, s, e in named):
            named.append((name, a, b))
    named.sort(key=lambda x: x[1])
    low = speaker[0][1] if speaker and speaker[0][1] <= trigger[0] else 0
    before = [n for n in named if low <= n[1] and n[2] <= trigger[0]]
    if not before and speaker and 0 <= trigger[0] - speaker[0][1] <= 2:
        before = [n for n in named if _inside(n[1], n[2], speaker)]  # "the army announced"
    if not before:
        before = [n for n in named if n[2] <= trigger[0] and not _inside(n[1], n[2], speaker)]
    if not before:
        between = re.search(r"\b(?:between|among|by)\s+[^.;]{3,120}", text[trigger[1] :])
        if between is not None:
            a, b = trigger[1] + between.start(), trigger[1] + between.end()
            before = [n for n in named if a <= n[1] and n[2] <= b]
    if not before:
        return [], []
    # only the last subject: "X said Y agreed" keeps Y
    names: list[str] = []
    for name, _a, _b in before:
        if name not in names and name != "Civilians":
            names.append(name)
    return names, [(a, b) for _n, a, b in before]


def _as_state(a: ActorMatch) -> str:
    """A state named by its name ("Russia", "the US") is that state, whatever the pack's
    canonical name for its forces."""
    m = lx.STATE_NAMES.fullmatch(a.text.strip())
    state = lx.state_of(a.text) if m is not None else None
    return state or a.canonical


_PAIR = re.compile(
    r"(?P<a>(?:[A-Z][\w'’.-]+)(?: [A-Z][\w'’.-]+){0,3}) and (?:the )?"
    r"(?P<b>(?:[A-Z][\w'’.-]+)(?: [A-Z][\w'’.-]+){0,3})\s+(?:have |has |had |on \w+ )?$"
)


def _named_pair(text: str, trigger: int, gaz: Gazetteer) -> list[tuple[str, int, int]]:
    """ "Israel and Hamas agreed": two names joined by "and" right before the act."""
    m = _PAIR.search(text[:trigger])
    if m is None:
        return []
    out = []
    for g in ("a", "b"):
        name = re.sub(r"^The ", "", m.group(g))
        if gaz.by_norm.get(norm(name)) or lx.OFFICE.search(name):
            continue
        out.append(
            (lx.state_of(name) if lx.STATE_NAMES.fullmatch(name) else name, m.start(g), m.end(g))
        )
    return out  # type: ignore[return-value]


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
    country = gaz.countries[0] if gaz.countries else None
    exclusions, excl_spans = _exclusions(text, gaz.actors, refs, country)
    for name in exclusions:
        out.exclusions.append(name)
    for span in excl_spans:
        out.cite("exclusions", span)
    conditions = [m for m in lx.CONDITION.finditer(text) if not _inside(*m.span(), excl_spans)]
    for m in conditions:
        out.conditions.append((m.group("text").strip(), condition_days(m.group()), m.span()))
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
    cond_spans = [c.span() for c in conditions]
    about_truce = any(not _inside(*t.span(), cond_spans) for t in lx.TRUCE.finditer(text))
    _relative_deadlines(text, published, tz, about_truce, out)  # "provided the truce holds"
    monitor = lx.MONITORING.search(text)
    if monitor is not None and truce is not None:
        out.monitoring = monitor.group().strip()
        out.cite("monitoring", monitor.span())
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
        out.speaker = speaker
        out.cite("speaker", speaker_span)
    sp = [speaker_span] if speaker_span else []
    party_skip = excl_spans + ([] if out.pure_reference else refs) + [c.span() for c in conditions]
    first = _first_act_word(text, party_skip, trigger[0])
    parties, party_spans = _parties(text, actors, (first, trigger[1]), party_skip, sp, gaz)
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


def _act(text: str, skip: Spans) -> tuple[str, tuple[int, int]] | None:
    """The act of the sentence: the first of :data:`ACT_PRIORITY` it has, outside ``skip``
    and not only possible ("could be extended", "ready to extend", "a plan to extend")."""
    for act in lx.ACT_PRIORITY:
        for m in lx.ACT_PATTERNS[act].finditer(text):
            if _inside(m.start(), m.end(), skip):
                continue
            if _MAYBE.search(text[max(0, m.start() - 40) : m.start()]):
                continue
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
