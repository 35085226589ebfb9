"""The event type of a sentence, from keywords, into the project taxonomy.

When a sentence has keywords of several types, the most specific wins, in the order of
:data:`RULES` (chemical before airstrike before bombing before shelling before clash...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["RULES", "TypeMatch", "classify"]

#: (taxonomy code, keyword pattern), most specific first.
RULES: tuple[tuple[str, str], ...] = (
    (
        "remote.chemical",
        r"chemical (?:attack|weapons?|agents?|strike)|chlorine|sarin|nerve (?:gas|"
        r"agent)|toxic (?:gas|gases|substances?)|poison(?:ous)? gas|mustard gas|asphyxiation",
    ),
    (
        "strategic.ceasefire_violation",
        r"(?:violat\w+|breach\w*|broke|breaking) (?:of )?(?:the )?"
        r"(?:truce|ceasefire|cease-fire|cessation of hostilities)|(?:truce|ceasefire|cease-fire) "
        r"violations?",
    ),
    (
        "remote.airstrike",
        r"air ?strikes?|air-strikes?|air raids?|airstrike|warplanes?|war planes?|"
        r"jets?|fighter planes?|aircraft|helicopters?|barrel bombs?|aerial (?:bombardment|attacks?|"
        r"bombing|strikes?)|bombed from the air|drone strikes?|drones?|sorties|air force|"
        r"vacuum bombs?|cluster (?:bombs?|munitions)",
    ),
    (
        "remote.bombing",
        r"car bomb\w*|suicide (?:bomb\w*|attack\w*|blast)|explosive device|IEDs?|"
        r"landmines?|land mines?|mines? explo\w+|bomb(?:ing)? attack|explosions?|blasts?|"
        r"booby[- ]trap\w*|explosive[- ]laden|detonat\w+|bomb blast|bombings?|explod\w+",
    ),
    (
        "remote.shelling",
        r"shell(?:s|ed|ing|fire)?|artillery|mortars?|rockets?|missiles?|"
        r"bombard\w*|projectiles?|cannon|Grad|Scud|hell cannons?|tank fire|surface-to-surface",
    ),
    (
        "civilians.attack",
        r"execut(?:ed|ion|ions|ing)|massacre\w*|beheaded|slaughter\w*|"
        r"shot dead|gunned down|sniper (?:fire|shot)|snipers?|shooting|opened fire|gunfire|"
        r"tortured to death",
    ),
    (
        "battle.territory_change",
        r"(?:seized|captured|recaptured|took|taken|regained|retook|"
        r"seize|capture|recapture|take|regain|retake|gained) (?:full |complete )?(?:control|"
        r"back)|advance[sd]? (?:into|on)|liberat\w+|fell to|captured|recaptured|stormed",
    ),
    (
        "battle.armed_clash",
        r"clash\w*|fighting|fierce battles?|battles?|combat|skirmish\w*|"
        r"firefights?|gun ?battles?|offensive|counter-?attack\w*|assault|ambush\w*|fought",
    ),
    ("civilians.abduction", r"kidnap\w*|abduct\w*|hostages?|forcibly disappeared"),
    ("strategic.arrest", r"arrest\w*|detain\w*|round-?ups?|raids? on homes|detention campaign"),
    (
        "strategic.agreement",
        r"(?:truce|ceasefire|cease-fire|cessation of hostilities|regime of "
        r"calm|evacuation deal|reconciliation agreement) (?:was |has been |had been )?(?:agreed|"
        r"declared|announced|extended|came into (?:force|effect)|takes? effect|took effect|"
        r"went into effect|entered into force|began|begins|starts?)",
    ),
    ("unrest.protest", r"protest\w*|demonstrat\w+|rall(?:y|ies)|sit-ins?"),
)

_COMPILED = tuple(
    (code, re.compile(rf"(?<![\w-])(?:{pat})(?![\w-])", re.IGNORECASE)) for code, pat in RULES
)
_CASE_SENSITIVE = {"remote.shelling": re.compile(r"\bGrad\b|\bScud\b")}


@dataclass(frozen=True, slots=True)
class TypeMatch:
    """The taxonomy code of a sentence, the keyword that decided it, and where it is."""

    code: str
    keyword: str
    start: int
    end: int


def classify(sentence: str) -> TypeMatch | None:
    """The most specific event type whose keywords occur in ``sentence``, or None."""
    for code, pattern in _COMPILED:
        m = pattern.search(sentence)
        if m:
            if m.group().lower() in ("grad", "scud") and not _CASE_SENSITIVE[code].search(sentence):
                continue
            return TypeMatch(code, m.group(), m.start(), m.end())
    return None
