"""The parties of an Arabic statement: its first subject and the sides joined to it by "و"
(read by :mod:`.arabic`), and:

- a state adjective joined to a side's adjective: "القوات الروسية والسورية" (Russian and
  Syrian forces) → the Syrian state's side too;
- the other side of a truce "with" it, for an act both sides do (extend, agree, accept):
  "تمديد الهدنة مع قوات الدعم السريع";
- never the doer of a relative clause ("رفضه الهدنة التي أعلنتها موسكو": not Moscow);
- for a breach one side reports of another ("وقال مصدر حكومي إن قوات الدعم السريع ارتكبت 70
  خرقاً"), the sides of the speaker only: the accuser's act, not the accused's.
"""

from __future__ import annotations

import re

from trucewatch.text.arabic.actors import find_actors
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.statement_model import Speaker
from trucewatch.text.statements.officials import side_of_leader
from trucewatch.text.statements.parties import side_of_state
from trucewatch.text.statements.speaker_patterns import STATE_WORDS

__all__ = ["arabic_parties"]

_NISBA = {
    w: state for w, state in STATE_WORDS if state and re.fullmatch(r"ال[\u0621-\u064a]+ي[ةه]?", w)
}
_JOINED_NISBA = re.compile(r"\s+و(" + "|".join(map(re.escape, _NISBA)) + r")(?!\w)")
_WITH = re.compile(r"(?:هدن[ةه]|إطلاق\s+النار|اطلاق\s+النار|التهدئ[ةه])\s+مع\s+$")
#: "قال X إن ..." / "أعلن X أن ...": what X says of another side
_REPORTED = re.compile(
    r"(?:قال|قالت|أعلن|أعلنت|أكد|أكدت|ذكر|ذكرت|أفاد|أفادت)\s+(?P<who>[^،,.]{2,80}?)\s+(?:إن|أن|بأن)\s"
)
_ACCUSES = re.compile(r"اتهم|يتهم|تتهم|متهم|حمّل|حمل")
#: "الهدنة التي أعلنتها موسكو": the doer of a relative clause is not the sentence's subject
_RELATIVE = re.compile(r"(?:التي|الذي|اللتين|اللذين)\s+(?:\S+\s+){1,2}$")
_BOTH_SIDES = frozenset({"extend", "agree", "accept"})
_ALONE = frozenset({"declare", "extend", "suspend", "end", "accept", "reject", "accuse"})


def arabic_parties(
    text: str,
    subjects: list[tuple[str, int, int]],
    gaz: Gazetteer,
    act: str | None,
    excluded: list[tuple[int, int]],
    speaker: Speaker | None = None,
    said: tuple[int, int] = (0, 0),
) -> list[tuple[str, int, int]]:
    """The parties of ``text``: its ``subjects`` (name, start, end) and the others of the
    module docstring, as (name, start, end); with none, for an act one side does alone, the
    side of ``speaker`` read at ``said`` (the side a leader leads, else his state's: "أعلن
    الرئيس الأوكراني ... رفضه الهدنة" → Ukraine)."""
    found = _parties(text, subjects, gaz, act, excluded)
    if found or speaker is None or act not in _ALONE:
        return found
    side = side_of_leader(speaker.person, gaz.actors.aliases)
    if side is None and speaker.state:
        side = side_of_state(speaker.state, gaz)
    return [] if side is None else [(side, *said)]


def _parties(
    text: str,
    subjects: list[tuple[str, int, int]],
    gaz: Gazetteer,
    act: str | None,
    excluded: list[tuple[int, int]],
) -> list[tuple[str, int, int]]:
    sides = [a for a in find_actors(text, gaz.actors) if a.canonical != "Civilians"]
    sides = [a for a in sides if not any(x <= a.start < y for x, y in excluded)]
    reported = _REPORTED.search(text) if act == "accuse" else None
    if reported is not None and not _ACCUSES.search(text):
        # "وقال مصدر حكومي إن قوات الدعم السريع ارتكبت 70 خرقاً": the speaker accuses
        at, end = reported.span("who")
        return [(a.canonical, a.start, a.end) for a in sides if at <= a.start and a.end <= end]
    out = [n for n in subjects if not _RELATIVE.search(text[max(0, n[1] - 30) : n[1]])]
    named = {n for n, _a, _b in out}
    for a in sides:
        joined = _JOINED_NISBA.match(text, a.end)
        if joined is not None and a.canonical in named:
            side = side_of_state(_NISBA[joined.group(1)], gaz)
            out.append((side, joined.start(1), joined.end(1)))
        elif act in _BOTH_SIDES and _WITH.search(text[max(0, a.start - 30) : a.start]):
            out.append((a.canonical, a.start, a.end))
    return out
