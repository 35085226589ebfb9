"""Arabic names of the main places of the conflicts without a country pack (Ukraine, Gaza,
Sudan, Libya), for the area of a claim in an Arabic article: "في منطقتي دونيتسك ولوغانسك" →
Donetsk, Luhansk; "من غزة" → Gaza (the names: :mod:`trucewatch.text.arabic.place_names`); a
name is taken as a whole word, with or without a leading و / ب / ل / ف.
"""

from __future__ import annotations

import re
from functools import cache

from trucewatch.text.arabic.letters import fold
from trucewatch.text.arabic.place_names import COUNTRIES as _COUNTRIES
from trucewatch.text.arabic.place_names import PLACES as _PLACES

__all__ = ["arabic_country_names", "arabic_places"]


@cache
def _pattern(country: str) -> re.Pattern[str] | None:
    names = _PLACES.get(country)
    if not names:
        return None
    spellings = {fold(s).text: name for name, written in names.items() for s in written}
    alternatives = "|".join(map(re.escape, sorted(spellings, key=len, reverse=True)))
    return re.compile(rf"(?<!\w)(?:[وبلف])?(?P<name>{alternatives})(?!\w)")


def arabic_places(folded: str, country: str) -> list[str]:
    """The English names of the places of ``country`` (ISO2) that ``folded`` (Arabic text,
    :func:`~trucewatch.text.arabic.letters.fold`) names, in order, once each."""
    pattern = _pattern(country.upper())
    if pattern is None:
        return []
    spellings = {fold(s).text: n for n, w in _PLACES[country.upper()].items() for s in w}
    out: list[str] = []
    for m in pattern.finditer(folded):
        name = spellings[m.group("name")]
        if name not in out:
            out.append(name)
    return out


def arabic_country_names(country: str) -> tuple[str, ...]:
    """The Arabic names of ``country`` (ISO2), folded; none when not known."""
    return tuple(fold(n).text for n in _COUNTRIES.get(country.upper(), ()))
