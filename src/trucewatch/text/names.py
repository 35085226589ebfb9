"""Place names: the :class:`Place` record and the keys names are matched by (:func:`norm`:
case, accents, punctuation; :func:`skeleton`: transliteration variants: articles, doubled
letters, e/i/y and o/u, a final h).

The lowest floor of the gazetteer: :mod:`~trucewatch.text.ocha_places`,
:mod:`~trucewatch.text.geonames` and :mod:`~trucewatch.text.gazetteer` build on it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from trucewatch.errors import ValidationError

__all__ = ["Place", "head_keys", "norm", "skeleton"]


@dataclass(frozen=True, slots=True)
class Place:
    """A named place: a populated place (``city``), a governorate (``admin1``), a ``region``
    or the ``country``; ``admin1`` is the name of the admin-1 unit (governorate, province) it
    lies in, as its country's pack (:mod:`trucewatch.text.packs`) or its source names it."""

    name: str
    lat: float
    lon: float
    kind: str
    admin1: str | None
    population: int = 0
    geonameid: int | None = None
    #: the IANA time zone and the country (English name) it lies in
    timezone: str = field(kw_only=True)
    country: str = field(kw_only=True)

    def __post_init__(self) -> None:
        if self.kind not in ("city", "admin1", "region", "country"):
            raise ValidationError(f"place {self.name!r}: unknown kind {self.kind!r}")
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValidationError(f"place {self.name!r}: bad coordinates {self.lat}, {self.lon}")


_ARTICLES = frozenset(
    [
        "al",
        "el",
        "ar",
        "as",
        "ad",
        "an",
        "at",
        "ash",
        "az",
        "ath",
        "ed",
        "es",
        "er",
        "ez",
        "en",
        "et",
        "ul",
    ]
)
_APOSTROPHES = str.maketrans("", "", "'’‘`ʿʾ´")


_NOT_WORD = re.compile(r"[^0-9a-z\u0600-\u06ff]+")


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Lower case, accents and apostrophes removed, other punctuation to single spaces."""
    plain = text.translate(_APOSTROPHES)
    if not plain.isascii():  # most mentions are plain ASCII: no accents to take off
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", plain.lower()).split())


_VOWELS = str.maketrans({"e": "i", "y": "i", "o": "u", "q": "k"})

# Spellings of the same Arabic word that transliteration systems and the press write
# differently (general spelling knowledge: ʿayn, kafr, tall, bayt, shaykh, jabal, ...).
_HEADS = {
    "ein": "ain",
    "ayn": "ain",
    "kfar": "kafr",
    "kafar": "kafr",
    "kefr": "kafr",
    "kfr": "kafr",
    "tell": "tal",
    "tall": "tal",
    "jesr": "jisr",
    "beit": "bayt",
    "bait": "bayt",
    "beyt": "bayt",
    "sheikh": "shaykh",
    "sheik": "shaykh",
    "shaikh": "shaykh",
    "shekh": "shaykh",
    "shikh": "shaykh",
    "jebel": "jabal",
    "jabel": "jabal",
    "jebal": "jabal",
    "jbel": "jabal",
    "maaret": "maarat",
    "maarrat": "maarat",
    "marat": "maarat",
    "hosh": "hawsh",
    "deir": "dayr",
    "der": "dayr",
    "dair": "dayr",
    "dier": "dayr",
    "housh": "hawsh",
}
# A word-final vowel with or without h (ta marbuta: Hasakah, Hasakeh, Hasake, Hasaka).
_FINAL_VOWEL = re.compile(r"(?<=[a-z]{3})(?:[ae]h|[ae])$")


# An article written glued to the doubled sun letter it assimilates to: Ezzor, Arraqqa, Assafira.
_GLUED_ARTICLE = re.compile(r"^[ae](?=(sh|th|dh|[tdrzsn])\1..)")


def _word_skeleton(word: str) -> str:
    word = _HEADS.get(word, word)
    match = _GLUED_ARTICLE.match(word)
    if match:
        word = word[1 + len(match.group(1)) :]
    word = _FINAL_VOWEL.sub("a", word)
    word = word.replace("aw", "u").replace("ei", "ai").replace("ey", "ay").translate(_VOWELS)
    return word


_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)
def skeleton(text: str) -> str:
    """A transliteration-tolerant key: ``Deir Ezzor``, ``Deir ez-Zor`` and ``Dayr az Zawr``
    give the same one. Articles (al-, el-, ad-, ar-, as-...) are dropped, word heads unified
    (Ein/Ayn, Kfar/Kafr, Tell/Tall, Sheikh/Shaykh...), a final -ah/-eh/-a/-e made one, then
    ei→ai, e/y→i, o→u, aw→u, q→k, doubled letters collapsed, a final h dropped."""
    words = [_word_skeleton(w) for w in norm(text).split() if w not in _ARTICLES]
    joined = _DOUBLED.sub(r"\1", "".join(words))
    return joined[:-1] if len(joined) > 3 and joined.endswith("h") else joined


@lru_cache(maxsize=1 << 14)
def head_keys(word: str) -> tuple[str, str] | None:
    """How any name beginning with the whole word ``word`` (a token: the text after it begins
    with a separator that :func:`norm` turns into a space) begins: its :func:`norm`'s first
    word, and a prefix of its :func:`skeleton` ("" when the word is an article only). None
    when ``word`` has no letter :func:`norm` keeps."""
    words = norm(word).split()
    if not words:
        return None
    rest = [w for w in words if w not in _ARTICLES]
    head = _DOUBLED.sub(r"\1", _word_skeleton(rest[0])) if rest else ""
    # the skeleton of a name ending with this word loses a final h
    return words[0], head[:-1] if head.endswith("h") else head
