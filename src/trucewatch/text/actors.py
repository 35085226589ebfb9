"""How the press names the sides, mapped to canonical actor names.

The canonical names are those the agreements and UCDP use for parties and excluded groups
(``Government of Syria``, ``Syrian insurgents``, ``IS``, ``Jabhat al-Nusra``...), so that a
news event's sides can be judged against an agreement's parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ALIASES", "ActorMatch", "find_actors"]

#: canonical name -> the ways the press writes it (matched case-insensitively, whole words;
#: "IS" and "SAA" only in capitals).
ALIASES: dict[str, tuple[str, ...]] = {
    "Government of Syria": (
        "regime forces",
        "regime troops",
        "the regime",
        "Syrian regime",
        "Assad regime",
        "Assad's forces",
        "Assad forces",
        "pro-Assad forces",
        "Assad loyalists",
        "pro-government forces",
        "government forces",
        "government troops",
        "Syrian government",
        "Syrian army",
        "Syrian Arab Army",
        "SAA",
        "Syrian troops",
        "army troops",
        "Syrian forces",
        "the army",
        "Syrian military",
        "Syrian aircraft",
        "Syrian jets",
        "Syrian warplanes",
        "regime warplanes",
        "regime helicopters",
        "government warplanes",
        "government aircraft",
        "loyalist forces",
        "National Defence Forces",
        "NDF",
        "Damascus government",
        "the government",
        "government",
        "regime",
        "Syrian state",
        "regime's forces",
    ),
    "Syrian insurgents": (
        "rebels",
        "rebel",
        "rebel forces",
        "rebel groups",
        "rebel fighters",
        "insurgents",
        "opposition fighters",
        "opposition forces",
        "armed opposition",
        "opposition groups",
        "armed groups",
        "militants",
        "Free Syrian Army",
        "FSA",
        "Ahrar al-Sham",
        "Jaish al-Islam",
        "Army of Islam",
        "Faylaq al-Rahman",
        "Jaish al-Fatah",
        "Army of Conquest",
        "terrorist groups",
        "terrorists",
        "gunmen",
        "armed men",
        "opposition",
    ),
    "IS": (
        "IS",
        "ISIS",
        "ISIL",
        "Islamic State",
        "Daesh",
        "Da'esh",
        "Daash",
        "Islamic State group",
        "IS militants",
        "Islamic State militants",
        "IS fighters",
        "jihadists",
        "IS group",
        "Islamic State in Iraq and the Levant",
        "Islamic State of Iraq and Syria",
    ),
    "Jabhat al-Nusra": (
        "Nusra Front",
        "al-Nusra Front",
        "Jabhat al-Nusra",
        "al-Nusra",
        "Nusra",
        "Jabhat Nusra",
        "Jabhat Fateh al-Sham",
        "Jabhat Fatah al-Sham",
        "Fateh al-Sham",
        "JFS",
        "Front for the Conquest of the Levant",
        "Hayat Tahrir al-Sham",
        "Hay'at Tahrir al-Sham",
        "HTS",
        "Tahrir al-Sham",
        "al-Qaeda affiliate",
        "al Qaeda's Syrian affiliate",
    ),
    "Russian Federation": (
        "Russian warplanes",
        "Russian jets",
        "Russian aircraft",
        "Russian forces",
        "Russia",
        "Russian air force",
        "Russian military",
        "Russian airstrikes",
        "Russian troops",
    ),
    "International coalition": (
        "US-led coalition",
        "U.S.-led coalition",
        "international coalition",
        "coalition",
        "coalition warplanes",
        "coalition aircraft",
        "US warplanes",
        "American warplanes",
        "coalition forces",
        "US-led alliance",
    ),
    "SDF": (
        "Syrian Democratic Forces",
        "SDF",
        "YPG",
        "Kurdish People's Protection Units",
        "People's Protection Units",
        "Kurdish forces",
        "Kurdish fighters",
        "Kurdish militia",
        "Asayish",
        "self administration forces",
        "Kurdish-led forces",
    ),
    "Turkey": (
        "Turkish army",
        "Turkish forces",
        "Turkish warplanes",
        "Turkish jets",
        "Turkish military",
        "Turkish troops",
        "Turkey",
    ),
    "Hezbollah": ("Hezbollah", "Hizbollah", "Hizbullah", "Lebanese Hezbollah"),
    "Israel": ("Israeli warplanes", "Israeli jets", "Israeli army", "Israel", "Israeli forces"),
    "Civilians": ("civilians", "civilian", "residents", "children", "women"),
}

_CASE_SENSITIVE = frozenset({"IS", "SAA", "NDF", "FSA", "JFS", "HTS", "SDF", "YPG"})


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An actor named at ``[start, end)``: the canonical name and the text as written."""

    canonical: str
    text: str
    start: int
    end: int


def _pattern(aliases: list[tuple[str, str]], flags: int) -> re.Pattern[str]:
    parts: list[str] = []
    for alias, canonical in sorted(aliases, key=lambda a: -len(a[0])):
        escaped = re.escape(alias).replace("'", "['’]").replace(r"\ ", r"[\s-]+")
        parts.append(rf"(?P<g{len(parts)}>{escaped})")
        _GROUPS.append(canonical)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", flags)


_GROUPS: list[str] = []
_PAIRS = [(a, c) for c, names in ALIASES.items() for a in names]
_INSENSITIVE = _pattern([p for p in _PAIRS if p[0] not in _CASE_SENSITIVE], re.IGNORECASE)
_OFFSET = len(_GROUPS)
_SENSITIVE = _pattern([p for p in _PAIRS if p[0] in _CASE_SENSITIVE], 0)


def find_actors(sentence: str) -> list[ActorMatch]:
    """Every actor named in ``sentence``, in order; of overlapping names the longest wins."""
    hits: list[ActorMatch] = []
    for pattern, offset in ((_INSENSITIVE, 0), (_SENSITIVE, _OFFSET)):
        for m in pattern.finditer(sentence):
            index = int(m.lastgroup[1:]) if m.lastgroup else 0  # type: ignore[index]
            canonical = _GROUPS[index + offset]
            hits.append(ActorMatch(canonical, m.group(), m.start(), m.end()))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[ActorMatch] = []
    for h in hits:
        if out and h.start < out[-1].end:
            continue
        out.append(h)
    return out
