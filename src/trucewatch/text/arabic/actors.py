"""How Arabic news names the sides, mapped to the canonical actor names of
:mod:`trucewatch.text.actors` ("قوات النظام" → ``Government of Syria``, "داعش" → ``IS``, "قسد" →
``SDF``). The aliases are data, in the country's Arabic pack (``text/packs/arabic/SY.json``,
``actors``); a name may carry the prefixes glued to Arabic words ("والنظام", "لقوات النظام").
"""

from __future__ import annotations

import re
from functools import lru_cache

from trucewatch.text.actors import ActorMatch, ActorTable
from trucewatch.text.arabic.letters import fold, word
from trucewatch.text.arabic.names import arabic_pack

__all__ = ["find_actors"]


@lru_cache(maxsize=4)
def _aliases(country: str = "SY") -> tuple[re.Pattern[str], dict[str, str]]:
    canonical: dict[str, str] = {}
    for name, aliases in arabic_pack(country).get("actors", {}).items():
        for alias in aliases:
            canonical[" ".join(fold(alias).text.split())] = name
    body = "|".join(
        re.escape(a).replace(r"\ ", r"\s+") for a in sorted(canonical, key=len, reverse=True)
    )
    return re.compile(word(body)), canonical


def _canonical(text: str, canonical: dict[str, str]) -> str | None:
    key = " ".join(text.split())
    return canonical.get(key) or canonical.get("ا" + key)  # "لنظام" of "للنظام"


def find_actors(sentence: str, table: ActorTable | None = None) -> list[ActorMatch]:
    """Every side named in an Arabic ``sentence``, in order (the longest name at a position).
    ``table`` (the English aliases of the gazetteer) is not read: Arabic names are in the
    Arabic pack."""
    pattern, canonical = _aliases()
    folded = fold(sentence)
    out: list[ActorMatch] = []
    for m in pattern.finditer(folded.text):
        name = _canonical(m.group("w"), canonical)
        if name is not None:
            start, end = folded.span(m.start("w"), m.end("w"))
            out.append(ActorMatch(name, sentence[start:end], start, end))
    return out
