"""When a sentence names a place for something other than its event (``PlaceMatch.elsewhere``):
where people came from, an earlier event, where a speaker was. :mod:`trucewatch.text.places`
asks it of every place it finds; the event's place is then another one when the sentence names
one (:func:`~trucewatch.text.pipeline.main_place`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trucewatch.text.places import PlaceMatch

__all__ = ["OF_BEFORE", "named_elsewhere"]

# Where people came from, not where the event is: "51 martyrs from Kefraya", "fighters from
# al-Hasakah countryside have been killed in Aleppo countryside".
_ORIGIN_BEFORE = re.compile(
    r"\b(?:(?:martyrs|people|residents|civilians|evacuees|fighters|members|refugees|families|"
    r"displaced|men|women|children|soldiers|militants|bodies|natives|man|woman|child|person|"
    r"citizen|youth|young man|boy|girl|soldier|fighter)"
    r"\s+(?:\w+\s+){0,2}?from|(?:residents|natives|people|evacuees) of)"
    r"\s+(?:the\s+)?(?:(?:\w+\s+){1,3}of\s+)?$",
    re.IGNORECASE,
)


def named_elsewhere(found: Sequence[PlaceMatch], sentence: str, start: int, end: int) -> bool:
    """Whether the place at ``start`` is named for something other than the sentence's event:
    where people came from ("martyrs from A", and B of "martyrs from A and B"), an earlier
    event ("since the battle for A", "in A last year"), where a speaker was ("told reporters in
    A", "In A, the spokesman said")."""
    before = sentence[max(0, start - 50) : start]
    origin = _ORIGIN_BEFORE.search(before)
    if origin and _WITNESS.search(origin.group()) and _SAID_RIGHT_AFTER.match(sentence[end:]):
        origin = None  # "residents of A said": witnesses where it happened
    if origin or _SINCE_BEFORE.search(before):
        return True
    if _SPOKE_IN_BEFORE.search(before) or (
        _IN_AT_START.fullmatch(sentence[:start]) and _SAID_AFTER.match(sentence[end:])
    ):
        return True  # where a speaker was: "told reporters in A", "In A, the minister said"
    if _PAST_AFTER.match(sentence[end : end + 20]):
        return True
    gap = sentence[found[-1].end : start] if found else ""
    return bool(found) and found[-1].elsewhere and _LIST_GAP.fullmatch(gap) is not None


OF_BEFORE = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
_WITNESS = re.compile(r"\b(?:residents|people|natives) of\b", re.IGNORECASE)
_SAID_RIGHT_AFTER = re.compile(
    r"\s+(?:said|say|says|reported|report|told|described|heard)\b", re.IGNORECASE
)
_SPOKE_IN_BEFORE = re.compile(
    r"\b(?:speaking|told\s+(?:reporters|journalists|parliament|lawmakers|(?:a|the)\s+(?:news|"
    r"press)\s+(?:conference|briefing))|(?:at|during)\s+(?:a|the)\s+(?:news|press)\s+"
    r"(?:conference|briefing))\s+(?:in|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_IN_AT_START = re.compile(r"\W*In\s+")
#: "In A, the military spokesman said ...": a comma, the speaker's few words, a speech verb
_SAID_AFTER = re.compile(
    r"\s*,\s*(?:[\w'’.-]+\s+){1,8}?(?:said|says|told|announced|reported)\b", re.IGNORECASE
)
_PAST_AFTER = re.compile(r"\s+(?:last year|in (?:19|20)\d\d)\b", re.IGNORECASE)
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*(?:,|and|,\s*and)\s*", re.IGNORECASE)
