"""Arabic text folded for matching, with the way back to the original offsets.

:func:`fold` takes off the short vowels and other marks (tanwin: "قتيلاً" → "قتيلا"), the tatweel
and the invisible joiners, and makes one letter of the spellings news text mixes: the alif with
hamza or madda (أ إ آ ٱ → ا), the final alif maqsura (ى → ي), the ta marbuta (ة → ه), the Persian
kaf and yeh (ک ی → ك ي); Arabic-Indic and Persian digits become ASCII digits and the Arabic
comma, semicolon, question mark, thousands and decimal separators the ASCII ones. Rules are
written in plain Arabic and folded the same way (:func:`fold_pattern`), so "إلى" in a rule
matches "الى" and "إلى" in a text. A match in the folded text is mapped back to the original
with :meth:`Folded.span`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Folded", "fold", "fold_pattern", "word"]

_DELETED = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]  # harakat, tanwin, shadda, sukun, hamza marks
    + [chr(c) for c in range(0x0610, 0x061B)]  # honorifics and Quranic marks
    + ["\u0670", "\u0640", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c"]
)
_MAPPED = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ک": "ك",
    "ی": "ي",
    "،": ",",
    "؛": ";",
    "؟": "?",
    "٬": ",",
    "٫": ".",
    "٪": "%",
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
}
_TABLE = str.maketrans({**_MAPPED, **dict.fromkeys(_DELETED)})


@dataclass(frozen=True, slots=True)
class Folded:
    """A text folded for matching (``text``) and, when marks were taken off, the index in the
    original of each folded character (``index``; None when the two line up) and the
    original's length (``size``)."""

    text: str
    index: tuple[int, ...] | None
    size: int = 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the folded ``[start, end)``; the marks written on its last
        letter ("خمسةُ") are inside it."""
        if self.index is None:
            return start, end
        at = self.index[start] if start < len(self.index) else self.size
        if start >= end:
            return at, at
        return at, self.index[end] if end < len(self.index) else self.size


@lru_cache(maxsize=512)
def fold(text: str) -> Folded:
    """``text`` folded (see the module docstring), with the map back to its offsets."""
    out = text.translate(_TABLE)
    if len(out) == len(text):
        return Folded(out, None)
    index = tuple(i for i, c in enumerate(text) if c not in _DELETED)
    return Folded(out, index, len(text))


def fold_pattern(pattern: str) -> str:
    """A regular expression written in plain Arabic, folded as texts are (its ASCII syntax is
    left as it is)."""
    return pattern.translate(_TABLE)


def word(pattern: str, group: str | None = "w") -> str:
    """A whole-word pattern that also matches with the prefixes written glued to a word: "و"
    and "ف" (and), "ب" (in, with), "ل" (for, to), "ك" (as), and the article "ال" (which loses its
    alif after "ل": "للنظام" is "ل" + "النظام"). The word itself is the group ``group``."""
    folded = _ARTICLE.sub(r"\1ا?ل", fold_pattern(pattern))
    body = f"(?P<{group}>{folded})" if group else f"(?:{folded})"
    return rf"(?<!\w)(?:[وف]?[بلك]?(?:ا?ل(?=\w{{3}}))??){body}(?!\w)"


# the article at the start of a word of a pattern: at its start, or after "|", "(", "(?:"
_ARTICLE = re.compile(r"(^|[|(:\s])ال")
