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
        # named by their weapon: only the government and its allies dropped barrel bombs
        "barrel bombs",
        "barrel bomb",
        "Syrian air strikes",
        "Syrian airstrikes",
        "Syrian strikes",
        "Syrian raids",
        "Syrian air raids",
        "Syrian shelling",
        "Syria army",
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
        "Russian",
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
        "US-led",
        "U.S.-led",
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
        "Turkish",
    ),
    "Hezbollah": ("Hezbollah", "Hizbollah", "Hizbullah", "Lebanese Hezbollah"),
    "Israel": (
        "Israeli warplanes",
        "Israeli jets",
        "Israeli army",
        "Israel",
        "Israeli forces",
        "Israeli",
    ),
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


def _key(alias: str) -> str:
    """An alias as matched text is looked up: case folded (as ``re.IGNORECASE`` matches: the
    long s "ſ" is an "s"), one space, one apostrophe."""
    return _SPACES.sub(" ", alias.casefold()).replace("’", "'")


_SPACES = re.compile(r"[\s-]+")


def _trie(aliases: list[str], *, fold: bool = True) -> str:
    """One regex for many aliases, factored by common prefixes ("rebel(?: forces| groups)?"):
    Python's ``re`` tries an alternation branch by branch at each position, so a flat list of
    ~200 names is several times slower than the same names as a trie. Greedy, so the longest
    name at a position is tried first. Spaces match any run of spaces or hyphens, apostrophes
    either apostrophe; ``fold=False`` keeps the case (for "IS", "SDF")."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for alias in aliases:
        node = root
        for char in _key(alias) if fold else alias:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        branches = [_TOKENS.get(c, re.escape(c)) + emit(child) for c, child in node.items() if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?" if len(branches) == 1 else body[:-1] + ")?"
        return body

    return emit(root)


_TOKENS = {" ": r"[\s-]+", "'": "['’]"}
_PAIRS = [(a, c) for c, names in ALIASES.items() for a in names]
_FOLDED = [a for a, _c in _PAIRS if a not in _CASE_SENSITIVE]
_CANONICAL = {_key(a): c for a, c in _PAIRS if a not in _CASE_SENSITIVE}
_INSENSITIVE = re.compile(rf"(?<![\w-])(?:{_trie(_FOLDED)})(?![\w-])", re.IGNORECASE)
_SENSITIVE_NAMES = {a: c for a, c in _PAIRS if a in _CASE_SENSITIVE}
_SENSITIVE = re.compile(rf"(?<![\w-])(?:{_trie(list(_SENSITIVE_NAMES), fold=False)})(?![\w-])")
if len(_CANONICAL) != len(_FOLDED):
    raise AssertionError("an alias is listed twice in ALIASES")  # pragma: no cover


def find_actors(sentence: str) -> list[ActorMatch]:
    """Every actor named in ``sentence``, in order; of overlapping names the longest wins."""
    hits = [
        ActorMatch(canonical, m.group(), m.start(), m.end())
        for m in _INSENSITIVE.finditer(sentence)
        if (canonical := _CANONICAL.get(_key(m.group()))) is not None
    ]
    hits += [
        ActorMatch(_SENSITIVE_NAMES[m.group()], m.group(), m.start(), m.end())
        for m in _SENSITIVE.finditer(sentence)
    ]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[ActorMatch] = []
    for h in hits:
        if out and h.start < out[-1].end:
            continue
        out.append(h)
    return out
