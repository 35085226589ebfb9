"""Who signed a truce named before, from a sentence that points back at it: "The agreement,
signed by the government, the Sudan Liberation Movement/Army and the Justice and Equality
Movement, takes effect on Sunday" — its signatories join the truce's parties (and its start
is read as terms, by :mod:`.english`)."""

from __future__ import annotations

import re
from datetime import date

from trucewatch.text.actors import ActorMatch
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.pack_sides import government_on
from trucewatch.text.packs import country_name
from trucewatch.text.statements.parties import side_of_state
from trucewatch.text.statements.reading import Reading

__all__ = ["SIGNED_BY", "signatories"]

#: "the agreement, signed by A, B and C," / "the deal, which was signed by A and B"
SIGNED_BY = re.compile(
    r"\b(?:agreement|deal|accord|pact|protocols?)\s*,?\s+(?:which\s+was\s+|that\s+was\s+)?"
    r"(?:signed|agreed|concluded)\s+(?:late\s+\w+\s+)?by\s+(?P<who>[^;:()]{3,200}?)"
    r"(?=,\s+(?!(?:and|the|a|an)\b)[a-z]|\.|;|$)",
    re.IGNORECASE,
)


def signatories(
    text: str, actors: list[ActorMatch], gaz: Gazetteer, on: date, out: Reading
) -> bool:
    """Whether ``text`` names who signed the truce named before; if so, they are ``out``'s
    parties, cited ("the government": the country's government that day)."""
    m = SIGNED_BY.search(text)
    if m is None:
        return False
    a, b = m.span("who")
    found = [(x.canonical, x.start, x.end) for x in actors if a <= x.start and x.end <= b]
    own = _GOVERNMENT.search(text, a, b)
    code = gaz.countries[0] if gaz.countries else None
    if own is not None and code is not None:
        side = government_on(code, on) or side_of_state(country_name(code), gaz)
        found.append((side, *own.span()))
    if not found:
        return False
    for name, start, end in sorted(found, key=lambda f: f[1]):
        if name not in out.parties:
            out.parties.append(name)
            out.cite("parties", (start, end))
    return True


_GOVERNMENT = re.compile(r"\bthe government\b", re.IGNORECASE)
