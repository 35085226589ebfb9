"""The parties of an Arabic statement: its first subject and the sides joined to it by "و"
(read by :mod:`.arabic`), and:

- a state adjective joined to a side's adjective: "القوات الروسية والسورية" (Russian and
  Syrian forces) → the Syrian state's side too;
- the other side of a truce "with" it, for an act both sides do (extend, agree, accept):
  "تمديد الهدنة مع قوات الدعم السريع";
- for a breach one side reports of another ("وقال مصدر حكومي إن قوات الدعم السريع ارتكبت 70
  خرقاً"), the sides of the speaker only: the accuser's act, not the accused's.
"""

from __future__ import annotations

import re

from trucewatch.text.arabic.actors import find_actors
from trucewatch.text.gazetteer import Gazetteer
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
_BOTH_SIDES = frozenset({"extend", "agree", "accept"})


def arabic_parties(
    text: str,
    subjects: list[tuple[str, int, int]],
    gaz: Gazetteer,
    act: str | None,
    excluded: list[tuple[int, int]],
) -> list[tuple[str, int, int]]:
    """The parties of ``text``: its ``subjects`` (name, start, end) and the others of the
    module docstring, as (name, start, end)."""
    sides = [a for a in find_actors(text, gaz.actors) if a.canonical != "Civilians"]
    sides = [a for a in sides if not any(x <= a.start < y for x, y in excluded)]
    reported = _REPORTED.search(text) if act == "accuse" else None
    if reported is not None and not _ACCUSES.search(text):
        # "وقال مصدر حكومي إن قوات الدعم السريع ارتكبت 70 خرقاً": the speaker accuses
        at, end = reported.span("who")
        return [(a.canonical, a.start, a.end) for a in sides if at <= a.start and a.end <= end]
    out = list(subjects)
    named = {n for n, _a, _b in subjects}
    for a in sides:
        joined = _JOINED_NISBA.match(text, a.end)
        if joined is not None and a.canonical in named:
            side = side_of_state(_NISBA[joined.group(1)], gaz)
            out.append((side, joined.start(1), joined.end(1)))
        elif act in _BOTH_SIDES and _WITH.search(text[max(0, a.start - 30) : a.start]):
            out.append((a.canonical, a.start, a.end))
    return out
