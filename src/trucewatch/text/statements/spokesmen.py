"""The person who speaks for a side after its statement: "The Saudi-led coalition accused the
Houthis ... . Coalition spokesman Turki al-Maliki told a briefing ..." — the statement's
speaker is a body (or no one is named) and one of the next two sentences names a person who
speaks for a side of that statement (the side its parties or its speaker name, read from the
person's office or state, or of no side but with a word of the statement speaker's office: "a
military spokesman" of "Ukraine's military"). That person becomes the statement's speaker,
with the office and state read there (the body's state for a spokesman of the same body, who
names none). A surname alone takes the full name
the article gave before ("Presidents Tayyip Erdogan and Vladimir Putin ... Erdogan said").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from trucewatch.text.actors import find_actors
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.statement_model import Speaker, Statement
from trucewatch.text.statements.officials import side_of_leader
from trucewatch.text.statements.parties import side_of_state
from trucewatch.text.statements.speakers import full_name, speaker_in

__all__ = ["named_spokesmen"]

#: how many sentences after a statement its spokesman may be named in
_REACH = 2


def named_spokesmen(
    statements: Sequence[Statement],
    units: Sequence[tuple[int, str]],
    gaz: Gazetteer,
    text: str,
) -> list[Statement]:
    """``statements`` with the person who speaks for each one's side in the next sentences
    (see the module docstring); ``units``: (sentence index, sentence) of the article's body,
    ``text``: the body, for the full names of persons named by surname."""
    said: dict[int, Speaker | None] = {}
    body = dict(units)
    out = list(statements)
    for i, s in enumerate(out):
        if s.speaker is not None and s.speaker.person:
            person = full_name(s.speaker.person, text, gaz)  # "Erdogan said"
            if person != s.speaker.person:
                out[i] = replace(s, speaker=_as_named(s.speaker, person, body.values(), gaz))
            continue
        sides = _statement_sides(s, gaz)
        if not sides:
            continue
        for j in range(max(s.sentence_index, -1) + 1, max(s.sentence_index, -1) + 1 + _REACH):
            if j not in body:
                break
            if j not in said:
                said[j] = speaker_in(body[j], gaz)[0]
            later = said[j]
            if later is None or not later.person:
                continue
            theirs = _speaker_sides(later, gaz)
            same_body = not theirs and _same_body(s.speaker, later)
            if not (theirs & sides) and not same_body:
                continue
            # the body's state for its spokesman of no state ("a military spokesman")
            state = later.state or (s.speaker.state if same_body and s.speaker else None)
            person = full_name(later.person, text[: text.find(body[j])], gaz)
            out[i] = replace(s, speaker=Speaker(person, later.office, state))
            break
    return out


_GENERIC = frozenset(
    {
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "officials",
        "source",
        "sources",
        "senior",
        "deputy",
        "the",
        "a",
        "an",
        "of",
        "for",
        "in",
        "to",
        "and",
    }
)


def _as_named(speaker: Speaker, person: str, sentences: Iterable[str], gaz: Gazetteer) -> Speaker:
    """``speaker`` named in full, with the office and state of the sentence that named the
    person so ("U.S. Vice President Mike Pence announced ..." then "Pence told reporters")."""
    for sentence in sentences:
        if person in sentence:
            said = speaker_in(sentence, gaz)[0]
            if said is not None and said.person == person:
                return Speaker(person, speaker.office or said.office, speaker.state or said.state)
    return replace(speaker, person=person)


def _same_body(speaker: Speaker | None, later: Speaker) -> bool:
    """Whether ``later`` (of no side or state) speaks for the body of ``speaker``: a word of
    the office they share ("Ukraine's military" ... "a military spokesman, Andriy Lysenko")."""
    if speaker is None or not speaker.office or not later.office or later.state:
        return False
    words = {w.strip(",.'’").casefold() for w in speaker.office.split()} - _GENERIC
    return bool(words & {w.strip(",.'’").casefold() for w in later.office.split()})


def _statement_sides(s: Statement, gaz: Gazetteer) -> set[str]:
    sides = {gaz.actors.knows(p) or p for p in s.parties}
    if s.speaker is not None:
        sides |= _speaker_sides(s.speaker, gaz)
    return sides


def _speaker_sides(speaker: Speaker, gaz: Gazetteer) -> set[str]:
    """The sides a speaker speaks for: those its office names ("coalition spokesman", "RSF
    commander"), and the side of its state."""
    sides = {a.canonical for a in find_actors(speaker.office or "", gaz.actors)}
    sides.discard("Civilians")
    led = side_of_leader(speaker.person, gaz.actors.aliases)  # "Hemedti said"
    if led is not None:
        sides.add(led)
    if speaker.state:
        side = side_of_state(speaker.state, gaz)
        sides.add(gaz.actors.knows(side) or side)
    return sides
