"""How Arabic news names the sides, mapped to the canonical actor names of
:mod:`trucewatch.text.actors` ("قوات النظام" → ``Government of Syria``, "داعش" → ``IS``, "قسد" →
``SDF``; "الحوثيون" → ``Ansar Allah`` in Yemen). The aliases are data, in each country's Arabic
pack (``text/packs/arabic/<CODE>.json``, ``actors``), read into the gazetteer's actor table with
the country's English aliases (:func:`~trucewatch.text.actors.actor_table`): the Arabic aliases of
the countries the news is read for, under the names the stored agreements give those sides
(:func:`~trucewatch.text.actors.with_sides`). A name may carry the prefixes glued to Arabic
words ("والنظام", "لقوات النظام").
"""

from __future__ import annotations

import re
from functools import lru_cache

from trucewatch.text.actors import ActorMatch, ActorTable, actor_table
from trucewatch.text.arabic.letters import fold, word

__all__ = ["find_actors"]

_ARABIC = re.compile(r"[\u0620-\u064a]")


@lru_cache(maxsize=16)
def _aliases(table: ActorTable) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """The Arabic aliases of ``table``, folded, as one pattern and a map to their canonical
    names (a table is not changed once built: cached by identity)."""
    canonical: dict[str, str] = {}
    for name, aliases in table.aliases.items():
        for alias in aliases:
            if _ARABIC.search(alias):
                canonical.setdefault(" ".join(fold(alias).text.split()), name)
    if not canonical:
        return None, canonical
    body = "|".join(
        re.escape(a).replace(r"\ ", r"\s+") for a in sorted(canonical, key=len, reverse=True)
    )
    return re.compile(word(body)), canonical


def _canonical(text: str, canonical: dict[str, str]) -> str | None:
    key = " ".join(text.split())
    return canonical.get(key) or canonical.get("ا" + key)  # "لنظام" of "للنظام"


def find_actors(sentence: str, table: ActorTable | None = None) -> list[ActorMatch]:
    """Every side named in an Arabic ``sentence``, in order (the longest name at a position):
    the Arabic aliases of ``table`` (a gazetteer's :attr:`~trucewatch.text.gazetteer.Gazetteer.
    actors`; default those of :data:`~trucewatch.text.packs.DEFAULT_COUNTRIES`)."""
    pattern, canonical = _aliases(table if table is not None else actor_table())
    if pattern is None:
        return []
    folded = fold(sentence)
    out: list[ActorMatch] = []
    for m in pattern.finditer(folded.text):
        name = _canonical(m.group("w"), canonical)
        if name is not None:
            start, end = folded.span(m.start("w"), m.end("w"))
            out.append(ActorMatch(name, sentence[start:end], start, end))
    return out
