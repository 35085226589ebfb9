"""The language of a text: py3langid's naive Bayes model (its weights ship in the package, nothing
is downloaded), and the cheap test the news pipeline runs first.

:func:`detect` asks the model (``(language, probability)``, ISO 639-1 codes). The model takes about
2 s to load (once per process) and ~50 µs a text, so :func:`is_arabic` — what the pipeline asks of
each article — first looks at the script: a text with no Arabic letters (the English articles,
nearly all of them) is not Arabic and the model is never loaded; a text whose letters are mostly
Arabic script is asked of the model, which tells Arabic from Persian, Urdu, Pashto or Kurdish
written in the same script (docs/news.md, "Arabic").
"""

from __future__ import annotations

import re
import threading
from typing import Any

__all__ = ["ARABIC_SHARE", "SAMPLE_CHARS", "arabic_share", "detect", "is_arabic"]

#: the characters of a text that are looked at (its start: enough for a language, cheap)
SAMPLE_CHARS = 600
#: the share of a text's letters that must be Arabic script before the model is asked
ARABIC_SHARE = 0.5

_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LOCK = threading.Lock()
_MODEL: Any = None


def _model() -> Any:
    global _MODEL
    with _LOCK:
        if _MODEL is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _MODEL = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return _MODEL


def detect(text: str) -> tuple[str, float]:
    """The language of ``text`` (ISO 639-1, e.g. ``"ar"``, ``"en"``, ``"fa"``) and the model's
    probability for it; the first :data:`SAMPLE_CHARS` characters are read."""
    language, probability = _model().classify(text[:SAMPLE_CHARS])
    return str(language), round(float(probability), 4)


def arabic_share(text: str) -> float:
    """The share of Arabic-script letters among the Arabic and Latin letters of ``text``'s
    first :data:`SAMPLE_CHARS` characters (0 when it has none of either)."""
    sample = text[:SAMPLE_CHARS]
    arabic = len(_ARABIC_LETTER.findall(sample))
    if not arabic:
        return 0.0
    return arabic / (arabic + len(_LATIN_LETTER.findall(sample)))


def is_arabic(text: str) -> bool:
    """Whether ``text`` is Arabic: mostly Arabic script (:data:`ARABIC_SHARE`) and Arabic to
    the model. A text without Arabic letters is answered without the model."""
    if _ARABIC_LETTER.search(text, 0, SAMPLE_CHARS) is None:
        return False
    return arabic_share(text) >= ARABIC_SHARE and detect(text)[0] == "ar"
