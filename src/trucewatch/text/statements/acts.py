"""The act of a truce sentence (:func:`act_of`): the first act word of the priority order
that is not only possible, hoped for, described or in an aside, and the cues that turn one act
into another ("announced that both sides had pledged": their agreement); used by
:mod:`.english`."""

from __future__ import annotations

import re

from trucewatch.text.statements import lexicon as lx
from trucewatch.text.statements.reading import Spans
from trucewatch.text.statements.reading import inside as _inside

__all__ = [
    "BETWEEN_TOOK_EFFECT",
    "BOTH_BEGAN",
    "BOTH_UNDERTOOK",
    "PAST_PERFECT",
    "act_of",
    "described_at",
    "first_act_word",
]


_ADJECTIVE = re.compile(
    r"\s+(?!the\b|a\b|an\b|its\b)(?:[\w-]+\s+)?"
    r"(?:truce|cease-?fire|cessation|regime of calm|pause)\b",
    re.IGNORECASE,
)
PAST_PERFECT = re.compile(r"\bhad been\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def first_act_word(text: str, skip: Spans, before: int) -> int:
    """Where the first act word before ``before`` starts: the subject ends there ("Hamas
    said it had agreed with the mediators in Qatar to extend": Qatar is no party)."""
    found = [
        m.start()
        for pattern in lx.ACT_PATTERNS.values()
        for m in pattern.finditer(text, 0, before + 1)
        if not _inside(m.start(), m.end(), skip) and m.start() <= before
    ]
    return min(found, default=before)


_MAYBE = re.compile(
    r"\b(?:could|may|might|ready to|willing to|urged?d? \w+ to|"
    r"press(?:ed|ing)? (?:\w+ )?(?:to|for)|"
    r"(?:proposal|plan|offer|call|bid|efforts?|talks?) to|possib\w+|hopes? to|want(?:s|ed)? to|"
    r"(?:did|does|do|would|will|shall|had|has|have) not|(?:won|wouldn|didn|hadn|hasn|haven)'t|"
    r"never|declined to|decided not to|"
    r"without|no agreement (?:to|on)|(?:was|were) (?:due|meant|supposed|scheduled) to|"
    # a deadline to act is no act: "have until Friday to accept", "were given 48 hours to"
    r"ha(?:ve|s|d) until [\w ,:]{1,30} to|(?:ha(?:ve|s|d)|given) (?:\w+ ){1,2}(?:hours|days) to|"
    r"deadline to)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)


_WELCOMED = re.compile(
    r"\b(?:welcom|hail|prais|applaud|endors)\w*\s+(?:the|a|an|this|its|their)\s+"
    r"(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
_NOUN = re.compile(r"(?:agreement|deal|accord)\b", re.IGNORECASE)
_DEADLINE_ENDS = re.compile(r"(?:expired|expires|lapsed|ran out|passed)\b", re.IGNORECASE)
_PARTICIPLE = re.compile(r"(?:brokered|negotiated|mediated|sponsored)\s+by\b", re.IGNORECASE)


_NOT_THE_TRUCE = re.compile(
    r"\s+(?:its|their|his|her|the)\s+(?:formal\s+)?(?:participation|involvement|membership|"
    r"role|attendance)\b",
    re.IGNORECASE,
)


_IF_LATER = re.compile(r"(?:\s+[\w-]+){0,3}?\s+(?:if|unless|provided|as long as)\b", re.I)
_MODAL = re.compile(r"\b(?:would|will|could)\s+be\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:any|every|future|possible|potential)\s+$", re.IGNORECASE)


def _not_an_act(text: str, m: re.Match[str]) -> bool:
    """ "the ceasefire agreement": the truce named; "a deadline ... expired": the deadline's
    end, not the truce's; "suspended its participation in the talks": not the truce's;
    "would be renewed automatically if ...": a condition's outcome; "respond to any
    violation": no violation said to have happened."""
    before = text[max(0, m.start() - 30) : m.start()]
    if _MODAL.search(before) and _IF_LATER.match(text, m.end()):
        return True
    if _BEGINS.fullmatch(m.group()) and _OTHER_SUBJECT.search(before):
        return True  # "the ceasefire comes as the grain harvest begins": the harvest's start
    if _HYPOTHETICAL.search(before) and re.match(r"violat|breach", m.group(), re.IGNORECASE):
        return True
    if re.match(r"suspen", m.group(), re.IGNORECASE) and _NOT_THE_TRUCE.match(text, m.end()):
        return True
    if _NOUN.match(text, m.start()) and re.search(r"(?:truce|cease-?fire)s?\s$", text[: m.start()]):
        return True
    return bool(
        _DEADLINE_ENDS.match(text, m.start()) and re.search(r"\bdeadline\b", text[: m.start()])
    )


_BEGINS = re.compile(r"begins?|began|begun|beginning|start(?:s|ed|ing)?", re.IGNORECASE)
#: "as the grain harvest begins", "when the school year starts": something else begins
_OTHER_SUBJECT = re.compile(
    r"\b(?:as|when|while|once|before|after)\s+the\s+(?:[\w-]+\s+){0,2}?"
    r"(?!truce|cease-?fire|pause|calm|lull|cessation|halt|deal|agreement)[a-z][\w-]*\s+$",
    re.IGNORECASE,
)


def described_at(text: str, start: int) -> bool:
    """ "a cessation of hostilities brokered by Washington": the act word at ``start`` of
    ``text`` describes the truce; it is not an act of the sentence."""
    if not _PARTICIPLE.match(text, start):
        return False
    return any(0 <= start - t.end() <= 40 for t in lx.TRUCE.finditer(text, 0, start))


#: words that are not the sentence's own act: a relative clause ("the truce, which he
#: declared and then extended once, expired"), a reason ("because the rebels refused to abide
#: by it", "after Hamas rejected the plan") or a charge made on the way (", accusing X of")
_ASIDE = re.compile(
    r",\s+which\b[^,;]*?(?=,|;|\.\s|\.?$)|,\s+(?:accusing|blaming)\b[^;]*?(?=,|;|\.\s|\.?$)|"
    r"\bbecause\b[^,;]*?(?=,|;|\.\s|\.?$)|"
    # "signed a peace agreement ..., but two other groups refused to sign": others' refusal
    r",?\s+but\s+[^,;]*?\b(?:refused|declined)\s+to\s+(?:sign|join)\b[^,;]*?(?=,|;|\.\s|\.?$)|"
    r"\bafter\s+[^,;.]*?\b(?:reject|refus|dismiss|violat|breach|accus)\w*[^,;]*?(?=,|;|\.\s|\.?$)",
    re.IGNORECASE,
)


def act_of(text: str, skip: Spans) -> tuple[str, tuple[int, int]] | None:
    """The act of the sentence: the first of :data:`ACT_PRIORITY` it has, outside ``skip``
    and not only possible ("could be extended", "ready to extend", "a plan to extend"); a
    participle describing the truce ("brokered by X") only when it has no other; an act in an
    aside (:data:`_ASIDE`) only when the main clause has none."""
    asides = [m.span() for m in _ASIDE.finditer(text)]
    main = skip + asides
    # an aside's act only when it is about a truce ("the truce, which he declared"), not "the
    # air campaign, which began in March"
    unrelated = [(a, b) for a, b in asides if not lx.TRUCE.search(text, max(0, a - 40), b)]
    for spans in (main, skip + unrelated):
        found = _first_act(text, spans, described=False) or _first_act(text, spans, described=True)
        if found is not None and found[0] == "accept" and _ANSWERING.match(text, found[1][0]):
            # "said it would halt missile attacks, answering a request by the U.N. envoy": a
            # halt of its own, given in answer to a call, is declared
            halt = next((m for m in lx.HALTS.finditer(text) if not _inside(*m.span(), spans)), None)
            if halt is not None:
                return "declare", halt.span()
        if found is not None:
            return found
    return None


#: "announced that the government and the Houthis had both given assurances that they would
#: stop fighting": the two sides' agreement, announced by the mediator
BOTH_UNDERTOOK = re.compile(
    r"\s+(?:on\s+\w+\s+)?that\s+[^.;]{3,120}?\s+(?:had|have)\s+(?:both|each)\s+"
    r"(?P<verb>given (?:assurances|guarantees|undertakings)|pledged|undertaken|committed)",
    re.IGNORECASE,
)
BOTH_BEGAN = re.compile(r"began observing|started observing|began to observe", re.IGNORECASE)
_ANSWERING = re.compile(r"answer|respond|heed|in response", re.IGNORECASE)
#: a truce between two sides said to begin: their agreement
BETWEEN_TOOK_EFFECT = re.compile(
    r"\b(?:truce|cease-?fire|calm|cessation of hostilities)\s+between\s+[^.;]{3,80}?\s+"
    r"(?:took effect|began|came into (?:force|effect)|went into effect|took hold|"
    r"(?:has|have) (?:taken effect|begun|come into (?:force|effect)))\b",
    re.IGNORECASE,
)


def _first_act(text: str, skip: Spans, *, described: bool) -> tuple[str, tuple[int, int]] | None:
    for act in lx.ACT_PRIORITY:
        for m in lx.ACT_PATTERNS[act].finditer(text):
            if _inside(m.start(), m.end(), skip):
                continue
            if _not_an_act(text, m) or (not described and described_at(text, m.start())):
                continue
            if _MAYBE.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            if _WELCOMED.search(text[max(0, m.start() - 40) : m.start()]):
                continue  # "welcomed the renewal": the act is the welcome (accept)
            if (
                act != "accuse"
                and _ADJECTIVE.match(text, m.end())
                and re.search(
                    r"\b(?:the|a|an|its|their)\s+$",
                    text[max(0, m.start() - 8) : m.start()],
                    re.IGNORECASE,
                )
            ):
                continue  # "the renewed ceasefire", "an announced truce": no act
            return act, m.span()
    return None
