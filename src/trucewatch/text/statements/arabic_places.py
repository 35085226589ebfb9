"""Places of Arabic truce statements in countries without a gazetteer (Libya, Sudan, Gaza,
Ukraine): the Arabic names the press writes for their regions and main cities, kept under the
English name the English reader would keep as written ("في منطقتي دونيتسك ولوغانسك" →
Donetsk, Luhansk), and the places a truce sentence names after its truce word.
"""

from __future__ import annotations

import re

from trucewatch.text.arabic.letters import Folded, fold_pattern
from trucewatch.text.arabic.place_names import PLACES

__all__ = ["DASH_AFTER", "WRITTEN", "written_places"]

#: Arabic name -> the English name as an English article writes it
WRITTEN: dict[str, str] = {
    arabic: english
    for names in PLACES.values()
    for english, spellings in names.items()
    for arabic in spellings
}
_NAMES = sorted(WRITTEN, key=len, reverse=True)
_FOLDED = {" ".join(fold_pattern(n).split()): WRITTEN[n] for n in _NAMES}
_PLACE = re.compile(
    r"(?<!\w)(?:[وب]|ل|في\s+)?(?P<name>"
    + "|".join(fold_pattern(n).replace(" ", r"\s+") for n in _NAMES)
    + r")(?!\w)"
)
#: the dash after a dateline's city ("غزة —"): the city is where the report was filed
DASH_AFTER = re.compile(r"\s*[—–-]\s")
#: a clock's city ("بتوقيت كييف") is no scope
_CLOCK_CITY = re.compile(fold_pattern(r"بتوقيت\s*$"))


def written_places(
    text: str, folded: Folded, after: int, reach: int = 80
) -> list[tuple[str, int, int]]:
    """The places of :data:`WRITTEN` within ``reach`` folded characters after ``after`` (the
    truce word), as (English name, start, end) in ``text``; not the dateline nor a clock's
    city."""
    out: list[tuple[str, int, int]] = []
    for m in _PLACE.finditer(folded.text, after, after + reach):
        a, b = folded.span(*m.span("name"))
        if DASH_AFTER.match(text[b : b + 4]) and a < 20:
            continue
        if _CLOCK_CITY.search(folded.text[max(0, m.start("name") - 10) : m.start("name")]):
            continue
        name = _FOLDED.get(" ".join(m.group("name").split()))
        if name is None:
            name = next((WRITTEN[n] for n in _NAMES if re.fullmatch(_pattern(n), m["name"])), None)
        if name is not None and name not in [n for n, _a, _b in out]:
            out.append((name, a, b))
    return out


def _pattern(name: str) -> str:
    return fold_pattern(name).replace(" ", r"\s+")
