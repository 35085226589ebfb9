"""Sentences of an Arabic text.

A sentence ends at "." "!" "?" "؟" ";" "؛" followed by a space, at a line break, and at an Arabic
comma "،" that a connective opening a new report follows ("، فيما ..." while, "، بينما ...",
"، في حين ...", "، كما ..." also, "، إلى ذلك ..." meanwhile, "، من جهة أخرى ..." on the other
hand): Arabic news runs reports on with commas where English starts a sentence, and a comma
inside one report ("قتل خمسة مدنيين، بينهم طفلان، في قصف") does not end it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["sentences"]

_CONNECTIVE = (
    r"[وف]?(?:فيما|بينما|في\s+حين|كما|[اإ]لى\s+ذلك|من\s+جهة\s+[أا]خرى|من\s+جهتها|من\s+جهته|"
    r"وفي\s+سياق|في\s+سياق\s+متصل|في\s+غضون\s+ذلك)(?!\w)"
)
_SPLIT = re.compile(
    rf"(?<=[.!?؟;؛])[\"'”’»)]*\s+|\s*\n\s*|(?<=،)\s*(?={_CONNECTIVE})",
)


def sentences(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, sentence)`` for each sentence of ``text`` (``text[start:end] ==
    sentence``)."""
    start = 0
    for m in _SPLIT.finditer(text):
        yield from _piece(text, start, m.start())
        start = m.end()
    yield from _piece(text, start, len(text))


def _piece(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    piece = text[start:end].rstrip().rstrip("،")
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        yield start + lead, start + lead + len(stripped), stripped
