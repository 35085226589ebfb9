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
from trucewatch.text.statements.acts import (
    BETWEEN_TOOK_EFFECT,
    BOTH_BEGAN,
    BOTH_UNDERTOOK,
    PAST_PERFECT,
    act_of,
    first_act_word,
)
from trucewatch.text.statements.deadline_days import deadline_day
from trucewatch.text.statements.parties import parties as _parties
from trucewatch.text.statements.reading import Reading
from trucewatch.text.statements.reading import inside as _inside
from trucewatch.text.statements.scope import scope as _scope
from trucewatch.text.statements.signatories import signatories
from trucewatch.text.statements.speakers import completed, speaker_in, subject_speaker
from trucewatch.text.statements.terms import condition_days
from trucewatch.text.statements.terms import deadline_what as _deadline_what
from trucewatch.text.statements.terms import exclusions as _exclusions
from trucewatch.text.statements.terms import relative_deadlines as _relative_deadlines
from trucewatch.text.statements.times import duration_in
from trucewatch.text.statements.timing import read_timing, timing_only

__all__ = ["Reading", "read_sentence", "speaker_in"]


def read_sentence(
    text: str,
    published: datetime,
    tz: str,
    gaz: Gazetteer,
    *,
    after_truce: bool = False,
) -> Reading | None:
    """The statement ``text`` makes, or None when it names no truce and no truce terms.
    ``after_truce``: a truce was named before in the article, so "violating the agreement"
    is about it, and "it would begin at 2 a.m." gives its start (:mod:`.timing`)."""
    out = Reading()
    if _only_past_truces(text):  # "Previous truces broke down within weeks": background
        return None
    named = [m for m in lx.ANAPHOR.finditer(text)] if after_truce else []
    own = lx.TRUCE.search(text)  # a truce word of its own, not "the agreement"
    truce = own or (named[0] if named else None)
    refs = [m.span() for m in lx.REFERENCE.finditer(text)]
    since = [m.span() for m in lx.SINCE_BEGAN.finditer(text)]
    since += [m.span() for m in lx.THAT_BEGAN.finditer(text)]
    known = [m.span() for m in lx.KNOWN_TRUCE.finditer(text)]
    if refs or since:
        for span in refs + since:
            out.cite("refers_to", span)
        refs += since
        out.refers_to = text[refs[0][0] : refs[0][1]]
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
    about_truce = any(
        not _inside(*t.span(), cond_spans) for t in [*lx.TRUCE.finditer(text), *named]
    )
    _relative_deadlines(text, published, tz, about_truce, out)  # "provided the truce holds"
    monitor = lx.MONITORING.search(text)
    if monitor is not None and own is not None:
        out.monitoring = monitor.group().strip()
        out.cite("monitoring", monitor.span())
    truces = [t for t in [*lx.TRUCE.finditer(text), *named] if not _inside(*t.span(), cond_spans)]
    where = _COVERS.search(text) or (own is not None and _HOLDS.search(text))
    if truce is not None and truces and where and act_of(text, []) is None:
        # "The truce covers the provinces of A and B", "A ceasefire in Gaza held": where
        _scope(text, gaz, actors, refs + excl_spans, out)
        if not out.scope:  # "The truce applies to all groups except X": its terms alone
            return None if refs else _terms(out)
        out.nationwide = False
        out.duration, length = duration_in(text, skip=refs + cond_spans)
        out.cite("duration", length)
        return out
    if truce is None or not truces:
        return _timed_terms(text, published, tz, gaz, out) if after_truce else _terms(out)
    skip = refs + excl_spans + [c.span() for c in conditions]
    act = act_of(text, skip)
    if act is None:
        act = act_of(text, excl_spans + [c.span() for c in conditions])
        if act is None:  # "The truce was meant to run from 12:00 on Friday": its times
            runs = after_truce and not refs and _RUNS.search(text) is not None
            return _timed_terms(text, published, tz, gaz, out, named=True) if runs else _terms(out)
        out.pure_reference = bool(refs)
    if after_truce and re.match(r"(?:halt|stop)", text[act[1][0] :], re.IGNORECASE):
        # "the army said it would halt its operations at that hour": the terms of the truce
        # named before, not a truce of its own (unless another act word says more)
        act = act_of(text, [*skip, act[1]])
        if act is None:
            return _timed_terms(text, published, tz, gaz, out, named=True)
    out.act, trigger = act
    if out.act not in ("accept", "reject", "accuse") and _only_wished(text):
        # "agreed to call for a ceasefire", "talks aimed at a permanent ceasefire", "ended a
        # round with a draft agreement for a ceasefire": a truce hoped for, none made
        return _terms(out)
    if out.act == "end" and _COLLAPSED.match(text, trigger[0]) and _WATCHER_SAYS.search(text):
        # "'The truce has collapsed in all but name,' the Observatory's director said": how
        # the truce is going (a claim), not a side ending it
        return _terms(out)
    both = BOTH_UNDERTOOK.match(text, trigger[1])
    if out.act == "declare" and both is not None:  # a mediator announcing both sides' pledge
        out.act, trigger = "agree", both.span("verb")
    if own is None and out.act not in ("accuse", "accept", "reject", "end"):
        out.act = None  # "signed an agreement", "excluded from the deal": no act on it
        if after_truce and signatories(text, actors, gaz, published.date(), out):
            return _timed_terms(text, published, tz, gaz, out, named=True)  # who signed it
        if named and _COVERS.search(text):  # "the arrangement, reached through mediators,
            _scope(text, gaz, actors, refs + excl_spans, out)  # covered Saada province"
            out.nationwide = False
        return out if out.has_terms else None
    out.cite("act", trigger)
    other = _OTHER_TRUCE.search(text)
    if other is not None and other.start() <= trigger[0]:
        out.pure_reference = True  # all it says is about that other truce
        out.refers_to = out.refers_to or other.group()
        out.evidence["refers_to"] = [(other.start(), len(text))]
    if out.act in ("extend", "agree", "declare") and PAST_PERFECT.search(text[: trigger[0]]):
        # "The truce, in force since April, had been renewed twice": background
        out.pure_reference = True
        out.refers_to = out.refers_to or truces[0].group()
        ends = (truces[0].start(), truces[0].end(), *trigger)  # the act may come first
        out.evidence["refers_to"] = [(min(ends), max(ends))]
    speaker, speaker_span = speaker_in(text, gaz)
    if speaker is None:
        speaker, speaker_span = subject_speaker(text, trigger[0], gaz)
    if speaker is not None and speaker_span is not None:
        out.speaker = completed(speaker, speaker_span, text, trigger[0], gaz)
        out.cite("speaker", speaker_span)
    sp = [speaker_span] if speaker_span else []
    party_skip = excl_spans + ([] if out.pure_reference else refs) + [c.span() for c in conditions]
    first = first_act_word(text, party_skip, trigger[0])
    parties, party_spans = _parties(
        text, actors, (first, trigger[1]), party_skip, sp, gaz, act=out.act, on=published.date()
    )
    out.parties = parties
    for span in party_spans:
        out.cite("parties", span)
    if (
        out.act == "declare"
        and len(parties) > 1
        and (BETWEEN_TOOK_EFFECT.search(text) or BOTH_BEGAN.match(text, trigger[0]))
    ):
        # "a ceasefire between Israel and Islamic Jihad took effect", "government troops and
        # rebel fighters began observing a truce": the two sides' agreement
        out.act = "agree"
    if out.act == "accept" and len(parties) > 1 and _COMMITTED.match(text, trigger[0]):
        out.act = "agree"  # "Serraj and Haftar committed on Tuesday to a ceasefire": together
    left_out = [m.span("who") for m in lx.EXCLUSION_AFTER.finditer(text)]
    place_skip = excl_spans + left_out + ([] if out.pure_reference else refs)
    _scope(text, gaz, actors, place_skip, out)
    # "accused the coalition of violations since the truce took effect at 23:59 on April 10":
    # an accusation tells the start of the truce it accuses a side of breaking
    told = since if out.act == "accuse" else []
    time_skip = [] if out.pure_reference else [r for r in refs if r not in told]
    time_skip += [c.span() for c in conditions]
    time_skip += [(m.start(), m.end()) for m in lx.DEADLINE.finditer(text)]
    read_timing(text, published, tz, out, skip=time_skip, conditions=cond_spans)
    return out


#: "previous truces", "dozens of ceasefires", "a string of truces": earlier truces as a class
_PAST_TRUCES = re.compile(
    r"\b(?:previous|earlier|prior|past|several|many|dozens of|scores of|numerous|other|"
    r"successive|repeated|a (?:string|series|number) of|most|those)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:truces|cease-?fires|pauses|lulls|cessations)\b",
    re.IGNORECASE,
)


#: a truce asked for, aimed at or drafted, not made: "urged a ceasefire", "aimed at a
#: permanent ceasefire", "a draft agreement for a lasting ceasefire"
_WISHED = re.compile(
    r"\b(?:urg(?:e|es|ed|ing)|calls?\s+for|called\s+for|calling\s+for|appeal(?:s|ed)?\s+for|"
    r"aim(?:s|ed|ing)?\s+at|seek(?:s|ing)?|sought|push(?:es|ed|ing)?\s+for|"
    r"press(?:es|ed|ing)?\s+for|draft|hop(?:e|es|ed|ing)\s+for|work(?:s|ed|ing)?\s+towards?)"
    r"\s+(?:[\w-]+\s+){0,4}?$",
    re.IGNORECASE,
)


def _only_wished(text: str) -> bool:
    """Whether every truce word of ``text`` names a truce asked for, aimed at or drafted."""
    if _STIPULATES.search(text):  # "The deal, signed in Zawiya, calls for an immediate halt"
        return False
    truces = list(lx.TRUCE.finditer(text))
    return bool(truces) and all(
        _WISHED.search(text[max(0, t.start() - 50) : t.start()]) for t in truces
    )


#: what an agreement provides for is its terms, not a wish
_STIPULATES = re.compile(
    r"\b(?:deal|agreement|accord|memorandum|protocol|pact)\b[^.;]{0,60}?\bcalls?\s+for\b",
    re.IGNORECASE,
)


def _only_past_truces(text: str) -> bool:
    """Whether every truce word of ``text`` names earlier truces as a class."""
    past = [m.span() for m in _PAST_TRUCES.finditer(text)]
    return bool(past) and all(
        any(a <= t.start() and t.end() <= b for a, b in past) for t in lx.TRUCE.finditer(text)
    )


def _terms(out: Reading) -> Reading | None:
    return out if out.has_terms else None


#: "the truce was meant to run from 12:00 on Friday": when a truce named before runs
_RUNS = re.compile(
    r"\b(?:to|would|will|was|were|is)\s+(?:\w+\s+)?(?:run|last|begin|start|end|expire)\b",
    re.IGNORECASE,
)


def _timed_terms(
    text: str, published: datetime, tz: str, gaz: Gazetteer, out: Reading, *, named: bool = False
) -> Reading | None:
    """``out`` with the start, duration and end of a sentence that names no act, for the
    truce named before it ("it would begin at 2 a.m. on Friday"; with ``named``, a sentence
    that names the truce: "the truce was meant to run from 12:00 on Friday"); None when it
    has no terms."""
    timed: Reading | None = Reading()
    if named:
        read_timing(text, published, tz, timed, skip=[], conditions=[])  # type: ignore[arg-type]
    else:
        timed = timing_only(text, published, tz, gaz)
    if timed is not None:
        out.start, out.start_precision = timed.start, timed.start_precision
        out.duration, out.end, out.timezone = timed.duration, timed.end, timed.timezone
        out.place_durations = timed.place_durations
        out.evidence.update(timed.evidence)
    return _terms(out)


_COMMITTED = re.compile(r"commit(?:ted|s)?\b", re.IGNORECASE)
_COLLAPSED = re.compile(r"collaps\w*|broke down|breakdown", re.IGNORECASE)
#: an observer's words, not a side's: monitors, residents, activists, analysts, diplomats
_WATCHER_SAYS = re.compile(
    r"\b(?:Observatory|monitor(?:s|ing group)?|residents|activists|analysts|witnesses|"
    r"diplomats|medics|aid (?:workers|agencies|groups)|its director)\b[^.;]{0,40}?\b"
    r"(?:said|says|reported|told)\b|\b(?:said|says|reported|told)\b[^.;]{0,30}?\b(?:the\s+)?"
    r"(?:Observatory|monitors|residents|activists|analysts|witnesses|diplomats)\b",
)
#: a sentence saying where a truce named before applies
_COVERS = re.compile(
    r"\b(?:truce|cease-?fire|it|deal|agreement|arrangement)(?:,\s+[^,;.]{3,60},)?\s+"
    r"(?:also\s+)?(?:covers|covered|will cover|would cover|applies to|applied to|will apply to|"
    r"would apply to|includes)\b",
    re.IGNORECASE,
)
#: a sentence saying a truce holds ("a 72-hour ceasefire in Gaza held through its first day")
_HOLDS = re.compile(
    r"\b(?:truce|cease-?fire|cessation|calm|pause|lull)s?\b[^.;]{0,80}?(?<!was )(?<!were )"
    r"(?<!been )\b(?:held|holds|holding)\b(?!\s+(?:talks|a\b|an\b|the\b))",
    re.IGNORECASE,
)
#: "a similar truce announced on Friday", "an earlier ceasefire": another truce than the news
_OTHER_TRUCE = re.compile(
    r"\b(?:a|an|the)\s+(?:similar|previous|earlier|prior|former)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:truce|cease-?fire|cessation of hostilities|pause|calm)s?\b",
    re.IGNORECASE,
)
