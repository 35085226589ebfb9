"""How the press names the sides, mapped to canonical actor names.

The canonical names are those the agreements and UCDP use for parties and excluded groups, so
that a news event's sides can be judged against an agreement's parties. The aliases come from
the country packs (``actors`` of ``text/packs/<CODE>.json``) and, when news is ingested into a
store, from the parties and excluded groups of the stored agreements
(:meth:`ActorTable.extended`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from trucewatch.errors import ValidationError
from trucewatch.text.pack_sides import pack_sides
from trucewatch.text.packs import DEFAULT_COUNTRIES, packs, shipped_packs

if TYPE_CHECKING:
    from trucewatch.model.agreement import Agreement

__all__ = [
    "ActorMatch",
    "ActorTable",
    "actor_table",
    "agreement_sides",
    "find_actors",
    "with_sides",
]


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


def _short_capitals(alias: str) -> bool:
    """Whether an alias from an agreement is matched in its own case: an acronym of at most
    four capitals ("IS", "JFS", "AQAP"), which in lower case is an English word or nothing."""
    return alias.isascii() and alias.isalpha() and alias.isupper() and len(alias) <= 4


class ActorTable:
    """Aliases (the ways the press names a side) mapped to canonical names, compiled into two
    regexes: most names case-insensitively, those in ``case_sensitive`` ("IS", "SAA") in their
    own case. An alias listed under two canonical names is an error."""

    def __init__(
        self,
        aliases: Mapping[str, Iterable[str]],
        case_sensitive: Iterable[str] = (),
        *,
        origin: str = "the alias table",
    ) -> None:
        self.aliases: dict[str, tuple[str, ...]] = {c: tuple(a) for c, a in aliases.items()}
        self.case_sensitive = frozenset(case_sensitive)
        pairs = [(a, c) for c, names in self.aliases.items() for a in names]
        folded = [a for a, _c in pairs if a not in self.case_sensitive]
        self._canonical = {_key(a): c for a, c in pairs if a not in self.case_sensitive}
        if len(self._canonical) != len(folded):
            twice = sorted(k for k, n in Counter(_key(a) for a in folded).items() if n > 1)
            raise ValidationError(f"{origin}: alias {twice[0]!r} is listed twice")
        self._sensitive_names = {a: c for a, c in pairs if a in self.case_sensitive}
        self._insensitive = (
            re.compile(rf"(?<![\w-])(?:{_trie(folded)})(?![\w-])", re.IGNORECASE)
            if folded
            else None
        )
        strict = list(self._sensitive_names)
        self._sensitive = (
            re.compile(rf"(?<![\w-])(?:{_trie(strict, fold=False)})(?![\w-])") if strict else None
        )

    def knows(self, alias: str) -> str | None:
        """The canonical name ``alias`` is read as, None when the table does not know it."""
        if alias in self._sensitive_names:
            return self._sensitive_names[alias]
        return None if alias in self.case_sensitive else self._canonical.get(_key(alias))

    def extended(
        self,
        more: Mapping[str, Iterable[str]],
        *,
        case_sensitive: Iterable[str] | None = None,
        origin: str = "",
    ) -> ActorTable:
        """This table with the aliases of ``more`` (canonical -> aliases) it does not know
        yet; an alias it knows keeps its canonical name. The aliases in ``case_sensitive`` are
        matched in their own case; without that list, acronyms of at most four capitals are."""
        listed = None if case_sensitive is None else frozenset(case_sensitive)
        aliases = {c: list(a) for c, a in self.aliases.items()}
        strict = set(self.case_sensitive)
        taken = {_key(a) for names in aliases.values() for a in names}
        for canonical, names in more.items():
            for alias in names:
                if not alias.strip() or self.knows(alias) is not None:
                    continue
                if _short_capitals(alias) if listed is None else alias in listed:
                    if alias in strict:
                        continue
                    strict.add(alias)
                elif _key(alias) in taken:
                    continue
                taken.add(_key(alias))
                aliases.setdefault(canonical, []).append(alias)
        return ActorTable(aliases, strict, origin=origin or "the alias table")

    def find(self, sentence: str) -> list[ActorMatch]:
        """Every actor named in ``sentence``, in order; of overlapping names the longest wins."""
        hits = []
        if self._insensitive is not None:
            hits = [
                ActorMatch(canonical, m.group(), m.start(), m.end())
                for m in self._insensitive.finditer(sentence)
                if (canonical := self._canonical.get(_key(m.group()))) is not None
            ]
        if self._sensitive is not None:
            hits += [
                ActorMatch(self._sensitive_names[m.group()], m.group(), m.start(), m.end())
                for m in self._sensitive.finditer(sentence)
            ]
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        out: list[ActorMatch] = []
        for h in hits:
            if out and h.start < out[-1].end:
                continue
            out.append(h)
        return out


@lru_cache(maxsize=16)
def actor_table(countries: tuple[str, ...] = DEFAULT_COUNTRIES) -> ActorTable:
    """The aliases of the packs of ``countries`` (:mod:`trucewatch.text.packs`), in order: an
    alias a pack before gave another side keeps that side. A country's Arabic aliases
    (``actors`` of ``text/packs/arabic/<CODE>.json``) follow its pack's; the Arabic rules read
    them from here (:mod:`trucewatch.text.arabic.actors`), so that an agreement's sides rename
    them as they rename the English ones (:func:`with_sides`). A country with no pack gives the
    sides of its name files (:func:`~trucewatch.text.packs.pack_sides`: "Rapid Support Forces"
    for SD), in English and Arabic alike; one with neither gives none."""
    from trucewatch.text.arabic.names import arabic_pack, has_arabic_pack

    table = ActorTable({})
    shipped = set(shipped_packs())
    for code in dict.fromkeys(c.strip().upper() for c in countries):
        if code not in shipped:
            aliases, strict = pack_sides(code)
            table = table.extended(
                aliases, case_sensitive=strict, origin=f"text/packs/{code}.*.json"
            )
            continue
        (pack,) = packs((code,))
        table = table.extended(
            pack.actors, case_sensitive=pack.case_sensitive, origin=f"text/packs/{pack.code}.json"
        )
        if has_arabic_pack(pack.code):
            table = table.extended(
                arabic_pack(pack.code).get("actors", {}),
                case_sensitive=(),
                origin=f"text/packs/arabic/{pack.code}.json",
            )
    return table


def find_actors(sentence: str, table: ActorTable | None = None) -> list[ActorMatch]:
    """Every actor named in ``sentence``, in order; of overlapping names the longest wins.
    ``table``: the aliases to read (a gazetteer's :attr:`~trucewatch.text.gazetteer.Gazetteer.
    actors`); default those of :data:`~trucewatch.text.packs.DEFAULT_COUNTRIES`."""
    return (table or actor_table()).find(sentence)


def agreement_sides(agreements: Iterable[Agreement]) -> list[tuple[str, tuple[str, ...]]]:
    """The parties and excluded groups of ``agreements`` (by agreement id) as ``(name, every
    name)``: a party's name and aliases, a group's names of every period (guarantors and
    mediators are not sides of the fighting)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for agreement in sorted(agreements, key=lambda a: a.id):
        out += [(p.name, (p.name, *p.aliases)) for p in agreement.parties]
        out += [(g.name, tuple(n.name for n in g.names)) for g in agreement.excluded_groups]
    return out


def with_sides(table: ActorTable, sides: Iterable[tuple[str, Iterable[str]]]) -> ActorTable:
    """``table`` reading the sides of agreements too (:func:`agreement_sides`), so that a news
    event names a side the way its agreement does. For each side, in order:

    * one of its names is already a canonical name of the table ("Government of Syria"): its
      other names become aliases of it;
    * else one of its names is an alias of a canonical name that no side before kept: that
      canonical name is renamed to the side's (the pack's "Ansar Allah" becomes an agreement's
      "Houthis", and "Ansar Allah" stays an alias of it), and its names become aliases;
    * else the side's name is a new canonical name with its names as aliases.

    An alias the table (or a side before) already gives another side keeps that side.
    """
    aliases = {c: list(a) for c, a in table.aliases.items()}
    strict = set(table.case_sensitive)
    current = ActorTable(aliases, strict)
    kept: set[str] = set()
    for name, every in sides:
        names = [n for n in dict.fromkeys((name, *every)) if n.strip()]
        canonical = next((n for n in names if n in current.aliases), None)
        if canonical is None:
            known = next((c for n in names if (c := current.knows(n)) is not None), None)
            if known is not None and known not in kept and known != "Civilians":
                moved = aliases.pop(known)
                listed = {_key(a) for a in moved}
                aliases[name] = moved if _key(known) in listed else [*moved, known]
                current = ActorTable(aliases, strict)
            canonical = name
        kept.add(canonical)
        current = current.extended({canonical: names})
        aliases = {c: list(a) for c, a in current.aliases.items()}
        strict = set(current.case_sensitive)
    return current
