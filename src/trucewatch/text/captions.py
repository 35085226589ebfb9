"""Page furniture among an article's sentences: photo captions and what placards say.

A caption ("A man walks past a destroyed building in Douma on May 3. (Reuters)") or a placard
("Protesters hold a banner reading 'Save Aleppo'") is no event, and its places are not the
article's: :func:`furniture_of` finds them (English; the Arabic cues are read with the other
reasons in :mod:`trucewatch.text.not_events`), :func:`masked` blanks a placard's words so the
places of the rest of the sentence can still be read.
"""

from __future__ import annotations

from trucewatch.text.not_event_cues import (
    AR_PLACARD_WORDS,
    CAPTION_HEAD,
    CREDIT_END,
    CREDIT_ONLY,
    CREDIT_START,
    DATE_STAMP,
    PLACARD,
    PLACARD_END,
    PLACARD_SCENE,
    QUOTED,
    SCENE,
    SEEN,
)
from trucewatch.text.rule_sets import RuleSet

__all__ = ["furniture_of", "masked"]


def masked(sentence: str) -> str:
    """``sentence`` with the words of a placard, banner or sign blanked out (same length, same
    offsets), so that a place named on a placard is not read as the event's."""
    out = sentence
    arabic = () if sentence.isascii() else AR_PLACARD_WORDS.finditer(sentence)
    for m in arabic:  # an ASCII sentence has no Arabic placard
        out = out[: m.start(1)] + " " * len(m.group(1)) + out[m.end(1) :]
    for m in PLACARD.finditer(sentence):
        quoted = QUOTED.match(sentence, m.end())
        if quoted is not None:
            a, b = quoted.start(), quoted.end()
        else:
            stop = PLACARD_END.search(sentence, m.end())
            a, b = m.end(), stop.start() if stop else len(sentence)
        out = out[:a] + " " * (b - a) + out[b:]
    return out


def furniture_of(sentence: str, rules: RuleSet, following: str | None) -> str | None:
    """ "caption" or "placard" (English), read before anything else of the sentence."""
    if CREDIT_ONLY.match(sentence) or CAPTION_HEAD.match(sentence):
        return "caption"
    credit_next = following is not None and (
        CREDIT_ONLY.match(following) is not None or CREDIT_START.match(following) is not None
    )

    def stamped() -> bool:
        return SEEN.search(sentence) is not None or DATE_STAMP.search(sentence) is not None

    def scene() -> bool:
        return SCENE.match(sentence) is not None

    # a caption: a credit with a scene or a stamp, or a scene with a stamp (the dear scene
    # asked only when the answer turns on it)
    credited = credit_next or CREDIT_END.search(sentence) is not None
    if (credited or stamped()) and ((credited and stamped()) or scene()):
        return "caption"
    if PLACARD_SCENE.search(sentence) and scene():
        return "placard"
    if PLACARD.search(sentence) and rules.classify(masked(sentence)) is None:
        return "placard"
    return None
