"""Whether an English sentence tells a truce's start as still to come or as done: "will begin on
Thursday" and "starting on Thursday" are the coming Thursday, "had agreed to a ceasefire from
Tuesday evening" the Tuesday gone by (used by :mod:`.times`)."""

from __future__ import annotations

import re

__all__ = ["BEGAN", "FUTURE", "HAD_DONE", "STILL_TO_COME", "WAS_TO", "planned"]

FUTURE = re.compile(
    r"\b(?:will|would|is due|are due|due to|set to|to (?:begin|start|take effect|last|come)|"
    r"starting|beginning|begins|starts|takes effect|as of|effective|goes into|come into|"
    # "from Tuesday evening", "from midnight", not "withdrawn from the town"
    r"comes into|from (?:(?:the\s+)?(?:next|coming)\s+)?(?:\d+|midnight|noon|dawn|today|tonight|"
    r"tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|"
    r"march|april|may|june|july|august|september|october|november|december))\b",
    re.IGNORECASE,
)
#: a start told as past: it cannot lie after the report
BEGAN = re.compile(
    r"\b(?:(?:came|went|has come|has gone|entered) into (?:force|effect)|took effect|began|"
    r"started|kicked in)\b",
    re.IGNORECASE,
)
#: "the truce was meant to run from Friday": a plan told in the past, its day gone by
WAS_TO = re.compile(
    r"\b(?:was|were)\s+(?:due|meant|supposed|scheduled|set|expected)\s+to\b", re.IGNORECASE
)
STILL_TO_COME = re.compile(
    r"\b(?:will|would|is due|are due|due to|set to|to (?:begin|start|take effect|last|come))\b",
    re.IGNORECASE,
)
#: "had agreed to a ceasefire from Tuesday evening": a start told in the past perfect
HAD_DONE = re.compile(r"\bhad\s+(?:been\s+)?[a-z]+ed\b", re.IGNORECASE)


def planned(sentence: str) -> bool:
    """Whether the sentence tells a start still to come ("will begin on Thursday", "starting on
    Thursday"), not one told as done ("had agreed to a truce from Tuesday evening")."""
    if WAS_TO.search(sentence) or not FUTURE.search(sentence):
        return False
    return bool(STILL_TO_COME.search(sentence)) or not HAD_DONE.search(sentence)
