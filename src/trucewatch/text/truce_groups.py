"""Which truce statements of an article are about the same truce (:func:`group_statements`,
:func:`compatible`), and which tell only the background of one (:func:`long_before`,
:func:`about_the_truce_named`, :func:`starts_the_one_truce`); used by
:mod:`trucewatch.text.truce_drafts`. docs/news.md, "Drafts".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from trucewatch.text.scope_names import theatre_names
from trucewatch.text.statement_model import Statement

__all__ = [
    "NEWS_START",
    "about_the_truce_named",
    "compatible",
    "group_statements",
    "long_before",
    "starts_the_one_truce",
]


_REACTIONS = ("accept", "reject", "accuse")


def compatible(group: list[Statement], s: Statement) -> bool:
    if s.sentence_index < 0:  # a headline's times are loose ("from midnight"): places decide
        s = replace(s, start=None, start_precision=None, duration=None)
    head = group[0]
    scope_a = {p for g in group for p in theatre_names(g.country, g.scope)}
    if scope_a and s.scope and not scope_a & set(theatre_names(s.country, s.scope)):
        return False
    if (_wide(head) and s.scope) or (_wide(s) and scope_a):
        return False
    starts = {g.start for g in group if g.start is not None}
    if s.start is not None and starts and not any(_same_start(g, s) for g in group):
        return False
    durations = {g.duration for g in group if g.duration is not None}
    if s.duration is not None and durations and s.duration not in durations:
        return False
    declared = {p for g in group if g.act == "declare" for p in g.parties}
    if (
        s.act == "declare"
        and s.sentence_index >= 0
        and s.parties
        and declared
        and not declared & set(s.parties)
        and s.start is not None
        and starts
    ):
        return False  # each side's own unilateral truce ("Israel halts fire, Hamas gives a week")
    states = {g.speaker.state for g in group if g.speaker is not None and g.speaker.state}
    state = s.speaker.state if s.speaker is not None else None
    acts = {g.act for g in group}
    if state and states and state not in states and s.act not in acts | set(_REACTIONS):
        return False  # another state's own truce; a reaction ("Washington welcomed it") joins
    return not (("extend" in acts) != (s.act == "extend") and s.start is not None and starts)


#: "a comprehensive ceasefire", "وقف شامل": all hostilities, not all the country
_ALL_HOSTILITIES = re.compile(r"comprehensive|complete|شامل", re.IGNORECASE)


def _wide(s: Statement) -> bool:
    """Whether ``s`` says its truce covers the whole country, not only all hostilities."""
    spans = s.evidence.get("nationwide", ())
    return s.nationwide and not (spans and all(_ALL_HOSTILITIES.search(x.text) for x in spans))


def _same_start(a: Statement, b: Statement) -> bool:
    """The same instant, or the same day when either gives only the day ("on Sunday" and
    "at 9 p.m. on Sunday")."""
    if a.start is None or b.start is None:
        return False
    if a.start == b.start:
        return True
    loose = "day" in (a.start_precision, b.start_precision)
    return loose and a.start.date() == b.start.astimezone(a.start.tzinfo).date()


def _bare(s: Statement) -> bool:
    """Names no place, start, duration or reach of its own: it is about a truce named around."""
    return not s.scope and not s.nationwide and s.start is None and s.duration is None


def group_statements(statements: Sequence[Statement]) -> list[list[Statement]]:
    groups: list[list[Statement]] = []
    body = [s for s in statements if s.sentence_index >= 0]
    head = [s for s in statements if s.sentence_index < 0]
    for s in body:
        if _bare(s) and groups and compatible(groups[-1], s):
            groups[-1].append(s)
            continue
        for group in reversed(groups):
            if compatible(group, s) and not (_bare(group[0]) and len(group) == 1 and s.scope):
                group.append(s)
                break
        else:
            if groups and _bare(groups[-1][0]) and all(_bare(g) for g in groups[-1]):
                groups[-1].append(s)  # a bare statement first, its truce named after it
            else:
                groups.append([s])
    for s in head:  # the headline joins the body's truce it matches best
        best = [g for g in groups if compatible(g, s) and s.act in {x.act for x in g}]
        best = best or [g for g in groups if compatible(g, s)]
        if best:
            best[0].insert(0, s)
        else:
            groups.insert(0, [s])
    return groups


#: how long before a report a truce it makes or declares may have begun and still be news
NEWS_START = timedelta(days=14)


def long_before(s: Statement, published: datetime) -> bool:
    """Whether ``s`` makes or extends a truce that began more than :data:`NEWS_START` before
    the report: a truce of the background (no labelled new truce of the set does)."""
    return (
        s.act in ("declare", "agree", "extend")
        and s.start is not None
        and s.sentence_index >= 0
        and published - s.start > NEWS_START
    )


def about_the_truce_named(group: list[Statement]) -> bool:
    """Whether a group only reacts to a truce (accuses, accepts, rejects) and names no place
    or start of its own: it is about the one stored truce the article names."""
    return all(
        s.act in _REACTIONS and not s.scope and (s.start is None or _told_start(s)) for s in group
    )


def _told_start(s: Statement) -> bool:
    """Whether ``s``'s start is read from its words about the truce it reacts to ("since the
    truce took effect at midnight on Saturday"), not a start of its own."""
    told = s.evidence.get("refers_to", ())
    starts = s.evidence.get("start", ())
    return any(r.start <= x.start and x.end <= r.end for r in told for x in starts)


def starts_the_one_truce(
    ref: Statement, resolved: str | None, groups: list[list[Statement]]
) -> bool:
    """Whether ``ref``, a reference to no stored truce, tells when the article's only truce
    began: it has a start, that truce has none, and it fits its places."""
    if resolved is not None or ref.start is None or len(groups) != 1:
        return False
    return all(g.start is None for g in groups[0]) and compatible(groups[0], ref)
