"""What a country's names files say a scope is: its theatre ("Gaza" for PS, also written
"Gaza Strip") and its areas that stand for several places ("eastern Ukraine" for Donetsk and
Luhansk until 2022); read from its names files (:mod:`trucewatch.text.pack_sides`), used for
truce drafts and claims alike."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from trucewatch.text.pack_sides import areas, theatre

__all__ = ["first_named", "in_areas", "in_theatre", "theatre_names"]


def in_areas(
    country: str | None, on: date | None, scope: tuple[str, ...], texts: Sequence[str]
) -> tuple[str, ...]:
    """``scope`` with an area of ``country`` that stands for several places replaced by them
    on day ``on`` ("Donbas" -> Donetsk, Luhansk), and, when it names no place, the places of
    the first area ``texts`` name, in order ("a ceasefire in eastern Ukraine")."""
    found = areas(country, on) if country and on is not None else {}
    if not found:
        return scope
    if scope:
        return tuple(
            dict.fromkeys(p for name in scope for p in found.get(name.casefold(), (name,)))
        )
    return first_named(found, texts) or scope


def first_named(
    found: Mapping[str, tuple[str, ...]], texts: Sequence[str]
) -> tuple[str, ...] | None:
    """What ``found`` (a casefolded name -> its values, as :mod:`~trucewatch.text.pack_sides`
    gives areas and bodies) holds for the first of its names that ``texts`` use as a word, the
    texts read in order; None when they use none."""
    for text in texts:
        folded = text.casefold()
        for name, values in found.items():
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded):
                return values
    return None


def in_theatre(
    country: str | None, scope: tuple[str, ...], on: date | None = None
) -> tuple[str, ...]:
    """``scope`` with the names of ``country``'s theatre written one way ("Gaza Strip" ->
    "Gaza"), and the theatre itself when it names no place (a country whose truces cover
    one area, not a state, on day ``on``: :func:`~trucewatch.text.pack_sides.theatre`)."""
    found = theatre(country, on) if country else None
    if found is None:
        return theatre_names(country, scope)
    return theatre_names(country, scope) or (found[0],)


def theatre_names(country: str | None, scope: tuple[str, ...]) -> tuple[str, ...]:
    """``scope`` with the names of ``country``'s theatre written one way ("Gaza Strip",
    "قطاع غزة" -> "Gaza"), each once; nothing added."""
    found = theatre(country) if country else None
    if found is None:
        return scope
    return tuple(dict.fromkeys(found[1].get(p.casefold(), p) for p in scope))
