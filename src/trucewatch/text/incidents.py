"""One sentence reporting several incidents at different places, cut into its incidents."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from trucewatch.model.event import LocationPrecision
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.places import PlaceMatch
from trucewatch.text.rule_sets import ENGLISH, RuleSet

__all__ = ["incidents"]

_CLAUSE = re.compile(r",?\s+(?:while|whereas|and|but|as well as)\s+|;\s*", re.IGNORECASE)


def incidents(
    sentence: str, gazetteer: Gazetteer, rules: RuleSet = ENGLISH
) -> list[tuple[int, int, PlaceMatch]]:
    """The distinct incidents of one sentence, as ``(start, end, place)`` spans of it.

    The sentence is cut at clause joints (", while", "and", "but", ";"); a clause with its own
    place (not one named for something else, :attr:`PlaceMatch.elsewhere`) and its own event
    keyword starts an incident, the other clauses belong to the one before ("Airstrikes hit
    Douma and shelling killed three in Homs" is two incidents; "Barrel bombs struck Aleppo and
    Idlib, killing 5" is one). Returns ``[]`` unless there are two or more incidents at
    different places.
    """
    cuts = [0]
    for m in _CLAUSE.finditer(sentence):
        cuts.extend((m.start(), m.end()))
    cuts.append(len(sentence))
    found: list[list[Any]] = []
    for piece_start, piece_end in zip(cuts[::2], cuts[1::2], strict=True):
        piece = sentence[piece_start:piece_end]
        places = [
            p
            for p in rules.find_places(piece, gazetteer)
            if p.precision is not LocationPrecision.COUNTRY and not p.elsewhere
        ]
        if places and rules.classify(piece) is not None:
            place = replace(places[0], start=places[0].start + piece_start)
            place = replace(place, end=place.start + len(place.text))
            found.append([0 if not found else piece_start, piece_end, place])
        elif found:
            found[-1][1] = piece_end
    if len(found) < 2 or len({f[2].place.name for f in found}) < 2:
        return []
    return [(int(a), int(b), p) for a, b, p in found]
