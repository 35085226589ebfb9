"""Numbers in news text (digits, number words, vague words) and the death toll of a sentence.

Vague words follow ACLED's coding as the issue states it: "dozens" = 12, "hundreds" = 100;
"scores" = 20, "several"/"a number of" = 3 (our choice, documented in docs/news.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MAX_TOLL", "DeathToll", "Number", "death_toll", "numbers_in"]

#: the largest number read as a death toll: no single event kills more (a number above it is
#: a misprint or not a count of deaths, and would not fit the store's integers either)
MAX_TOLL = 10_000_000

_UNITS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 2
    )
}
_VAGUE = {
    "dozens": 12,
    "dozen": 12,
    "tens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "several": 3,
    "a number of": 3,
    "a few": 3,
}
_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w.])(?:(?P<digits>\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\w.]\d)"
    rf"|(?P<words>(?:{_WORD})(?:[\s-]+(?:{_WORD}))?(?:\s+(?:hundred|thousand))?"
    rf"|a\s+hundred|a\s+dozen)"
    rf"|(?P<vague>dozens|dozen|scores|hundreds|thousands|several|a number of|a few|tens))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Number:
    """A number at ``[start, end)``; ``vague`` for words such as "dozens"."""

    value: int
    start: int
    end: int
    vague: bool = False


def _words_value(text: str) -> int:
    words = text.lower().replace("-", " ").split()
    total = 0
    for w in words:
        if w == "a":
            total = max(total, 1)
        elif w == "hundred":
            total = max(total, 1) * 100
        elif w == "thousand":
            total = max(total, 1) * 1000
        elif w == "dozen":
            total = max(total, 1) * 12
        else:
            total += _UNITS.get(w, 0) + _TENS.get(w, 0)
    return total


def numbers_in(text: str) -> list[Number]:
    """Every number in ``text``, in order; years (1900-2099 written as digits) are skipped."""
    out: list[Number] = []
    for m in _NUMBER.finditer(text):
        if m.group("digits"):
            value = int(m.group("digits").replace(",", ""))
            if 1900 <= value <= 2099 and "," not in m.group("digits"):
                continue
            after = text[m.end() : m.end() + 3]
            if after[:1] in (":", "/", "%") or re.match(r"\s?(?:km|am|pm|a\.m|p\.m)", after):
                continue
            out.append(Number(value, m.start(), m.end()))
        elif m.group("words"):
            out.append(Number(_words_value(m.group("words")), m.start(), m.end()))
        else:
            out.append(
                Number(
                    _VAGUE[" ".join(m.group("vague").lower().split())],
                    m.start(),
                    m.end(),
                    vague=True,
                )
            )
    return out


@dataclass(frozen=True, slots=True)
class DeathToll:
    """Deaths reported by a sentence: low / best / high and where the number is."""

    low: int | None
    best: int | None
    high: int | None
    start: int
    end: int
    text: str
    vague: bool = False  # "dozens", "hundreds", "several": a coded value, not a count


_KILLED_AFTER = re.compile(
    r"^[\s\w,'’\-]{0,60}?\b(killed|dead|died|dies?|deaths|martyred|martyrs|lost their lives|"
    r"killing|"
    r"perished|fatalities|bodies|casualties were killed)\b",
    re.IGNORECASE,
)
_KILLED_BEFORE = re.compile(
    r"\b(kill(?:ed|ing|s)?|execut(?:ed|ing|es)|massacred|slaughtered|eliminat(?:ed|es|ing)|"
    r"death toll (?:\w+\s){0,3}|toll (?:\w+\s){0,3}|left|leaving|claimed|"
    r"claiming|martyrdom of|deaths of|bodies of)\s*(?:at least|more than|over|about|around|"
    r"nearly|some|up to|almost|approximately|an estimated|roughly|at|of|to|the)?\s*"
    r"(?:at least|more than|over|about|some|nearly|up to)?\s*$",
    re.IGNORECASE,
)
_NOT_DEATHS = re.compile(
    r"^\s*(?:people\s+|others\s+|civilians\s+)?(?:were\s+)?(wounded|injured|hurt|missing|"
    r"arrested|detained|displaced|years?|months?|days?|hours?|km|kilomet|miles?|meters?|"
    r"metres?|percent|per cent|%|times|targets|raids|strikes|air ?strikes|shells|rockets|"
    r"missiles|barrel|villages|towns|families|houses|buildings|fighters? jets|warplanes|"
    r"vehicles|tanks|members of parliament)",
    re.IGNORECASE,
)
_HURT = re.compile(r"^\W*(?:wounded|injured|hurt)\b", re.IGNORECASE)
_RISEN = re.compile(
    r"\b(?:(?:risen|rose|rises|climbed|climbs|reached|reaches|increased|jumped|mounted)\s+to"
    r"|reached|reaches|has hit|stands at|stood at)\s+(?:at least\s+|more than\s+|over\s+)?$",
    re.IGNORECASE,
)
_TOLL_WORDS = re.compile(r"\b(?:toll|killed|dead|deaths|victims|martyrs)\b", re.IGNORECASE)
_SUBSET = re.compile(r"\b(including|among them|of whom|of them|among whom)\s*$", re.IGNORECASE)
_LOW = re.compile(r"\b(at least|more than|over|upwards of|no fewer than)\s*$", re.IGNORECASE)
_HIGH = re.compile(r"\b(up to|as many as|at most|nearly|almost)\s*$", re.IGNORECASE)


# Between a number and "killed", an "and" that joins two names ("98 evacuees from Fuaa and
# Kafraya were killed") does not make the number a part of the toll, other ones do ("One
# mother and her child died", "12 wounded and 3 killed").
_NAMES_AND = re.compile(r"\b[A-Z][\w'’\-]*\s+and\s+(?=[A-Z])")
# a part of the toll named between the number and "killed" is no other count
_PART_OF = re.compile(
    r"\b(?:including|among them|among whom|of whom)\b.*", re.IGNORECASE | re.DOTALL
)


def death_toll(sentence: str) -> DeathToll | None:
    """The first death toll in ``sentence``: a number before a killing word ("12 people were
    killed", "dozens dead") or after one ("killing 12", "death toll rose to 70"); "at least"
    and "more than" make it a lower bound, "up to" an upper bound; numbers introduced by
    "including" (a part of the toll) and counts of wounded, strikes or days are skipped, and so
    is a number above :data:`MAX_TOLL` ("killed 99999999999999999999 people")."""
    for num in numbers_in(sentence):
        before = sentence[max(0, num.start - 40) : num.start]
        after = sentence[num.end : num.end + 80]
        # "kill 83, injured 100": after a killing word, a number the wounded follow is the dead
        dead_then_hurt = _HURT.match(after) is not None and _KILLED_BEFORE.search(before)
        if _SUBSET.search(before) or (_NOT_DEATHS.match(after) and not dead_then_hurt):
            continue
        if not (
            _KILLED_AFTER.match(after)
            or _KILLED_BEFORE.search(before)
            or (_RISEN.search(before) and _TOLL_WORDS.search(sentence[: num.start]))
        ):
            continue
        if _KILLED_AFTER.match(after):
            gap = after[: _KILLED_AFTER.match(after).start(1)]  # type: ignore[union-attr]
            gap = _PART_OF.sub(" ", gap)  # "600 Syrians including 136 children have been killed"
            other = re.search(r"\b(?:wounded|injured|and)\b|\d", _NAMES_AND.sub(" ", gap))
            if other and not _KILLED_BEFORE.search(before):
                continue
        value = num.value
        if value > MAX_TOLL:
            continue  # no event kills that many: a misprint or not a count of deaths
        low: int | None = value
        high: int | None = value
        if _LOW.search(before) or num.vague:
            high = None
        if _HIGH.search(before):
            low = None
        if re.match(r"^\s*\+", after):
            high = None
        return DeathToll(
            low, value, high, num.start, num.end, sentence[num.start : num.end], num.vague
        )
    return None
