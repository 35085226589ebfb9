"""Who makes a truce statement: the noun phrase around a reporting verb ("X said", "said X",
"according to X") read for a person, an office and the state the office belongs to ("Mark
Toner, a State Department spokesman" → Mark Toner, State Department spokesman, United States).
"""

from __future__ import annotations

import re

from trucewatch.text.gazetteer import Gazetteer, norm
from trucewatch.text.statement_model import Speaker
from trucewatch.text.statements import lexicon as lx

__all__ = ["speaker_in"]

_PERSON = re.compile(
    r"(?<![\w-])(?:[A-Z][a-z]+(?:[-'][A-Za-z]+)?|al-[A-Z][a-z]+)(?:\s+(?:[A-Z][a-z]+(?:[-'][A-Za-z]+)?"
    r"|al-[A-Z][a-z]+|bin|ibn|de|van)){1,3}(?![\w-])"
)
_TITLES = re.compile(
    r"\b(?:(?:deputy |assistant |foreign |defen[cs]e |prime |special |senior )*(?:spokes(?:man|"
    r"woman|person)|minister|secretary(?: of state)?|envoy|ambassador|president|general|colonel|"
    r"commander|chief|official|adviser|advisor)|(?:state )?department|ministry|command)\b",
    re.IGNORECASE,
)


def _clause_np(text: str) -> tuple[int, int] | None:
    """The noun phrase of a speaker around a reporting verb, as a span of ``text``."""
    verb = lx.REPORTING.search(text)
    if verb is None:
        return None
    if verb.group().lower() == "according to":
        m = re.match(
            r"\s*([^.;:]{3,120}?)(?=[.;:]|,\s+(?:the|a|which|who)\b|$)", text[verb.end() :]
        )
        return None if m is None else (verb.end() + m.start(1), verb.end() + m.end(1))
    before = text[: verb.start()].rstrip(" ,")
    cut = max(before.rfind(". "), before.rfind("; "), before.rfind('"'), before.rfind("”"))
    start = cut + 1 if cut >= 0 else 0
    if verb.start() - start > 110 or before.endswith(("that", "which")):
        start = max(start, verb.start() - 110)
    np_text = text[start : verb.start()].strip(" ,")
    if len(np_text.split()) > 8 and "," in np_text:  # "..., the State Department said"
        parts = [p.strip() for p in np_text.split(",")]
        tail = parts[-1]
        if len(parts) > 2 and re.match(r"(?:a|an|the)\s", tail) and len(parts[-2].split()) <= 4:
            tail = f"{parts[-2]}, {tail}"  # "Mark Toner, a State Department spokesman"
        if 0 < len(tail.split()) <= 10:
            np_text = tail
    if len(np_text.split()) <= 14 and np_text:
        first = text.find(np_text, start)
        return first, first + len(np_text)
    after = re.match(r"\s*([^.;:\"]{3,100}?)(?=[.;:\"]|$)", text[verb.end() :])
    if after is not None:  # "..., said Mark Toner, a State Department spokesman."
        return verb.end() + after.start(1), verb.end() + after.end(1)
    return None


def speaker_in(
    text: str, gaz: Gazetteer | None = None
) -> tuple[Speaker | None, tuple[int, int] | None]:
    """Who speaks in ``text``: "Mark Toner, a State Department spokesman, said" → person
    Mark Toner, office State Department spokesman, state United States."""
    span = _clause_np(text)
    if span is None:
        return None, None
    phrase = text[span[0] : span[1]]
    tail = re.split(r",\s+(?:which|who|adding|saying)\b", phrase)[0]
    if len(tail.split()) > 14:
        tail = " ".join(tail.split()[-8:])
    office_m = _TITLES.search(tail) or lx.OFFICE.search(tail)
    office = None
    if office_m is not None:
        left = re.split(r"[,(]|\band\b", tail[: office_m.start()])[-1]
        right = re.match(
            r"[\w\s'-]{0,40}?(?=,|$| [A-Z][a-z]+ [A-Z]|\s+(?:said|told))", tail[office_m.end() :]
        )
        words = (left + office_m.group() + (right.group() if right else "")).strip()
        office = re.sub(r"^(?:a|an|the|its|his|her)\s+", "", words, flags=re.I).strip(" ,")
        office = re.sub(r"\s+[A-Z][a-z]+ [A-Z][a-z]+$", "", office) or None
    persons = [m for m in _PERSON.finditer(tail) if not lx.OFFICE.search(m.group())]
    if gaz is not None:
        persons = [m for m in persons if not gaz.by_norm.get(norm(m.group()))]
    persons = [m for m in persons if lx.state_of(m.group()) is None or " " in m.group()]
    person = None
    for m in persons:
        words = m.group().split()
        if not any(lx.STATE_NAMES.fullmatch(w) for w in words) and not _TITLES.search(m.group()):
            person = m.group()
            break
    state = lx.state_of(tail)
    if person and office is None and state is None and len(person.split()) < 2:
        person = None
    if person is None and office is None and state is None:
        return None, None
    return Speaker(person=person, office=office, state=state), span
