"""Place names: the :class:`Place` record, the 14 governorates written by hand, and the keys
names are matched by (:func:`norm`: case, accents, punctuation; :func:`skeleton`:
transliteration variants: articles, doubled letters, e/i/y and o/u, a final h).

The lowest floor of the gazetteer: :mod:`~trucewatch.text.ocha_places`,
:mod:`~trucewatch.text.geonames` and :mod:`~trucewatch.text.gazetteer` build on it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from trucewatch.errors import ValidationError

__all__ = ["GOVERNORATES", "Place", "code_to_governorate", "norm", "skeleton"]


@dataclass(frozen=True, slots=True)
class Place:
    """A named place: a populated place (``city``), a governorate (``admin1``), a ``region``
    or the ``country``; ``admin1`` is the English governorate name it lies in."""

    name: str
    lat: float
    lon: float
    kind: str
    admin1: str | None
    population: int = 0
    timezone: str = "Asia/Damascus"
    geonameid: int | None = None
    country: str = "Syria"

    def __post_init__(self) -> None:
        if self.kind not in ("city", "admin1", "region", "country"):
            raise ValidationError(f"place {self.name!r}: unknown kind {self.kind!r}")
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValidationError(f"place {self.name!r}: bad coordinates {self.lat}, {self.lon}")


# Governorates: English name (OCHA COD-AB spelling in brackets in docs/news.md), GeoNames admin1
# code, centroid of the OCHA admin-1 polygon (syr_admin1.geojson, computed once and written here
# as facts), and the spellings the press uses.
GOVERNORATES: dict[str, tuple[str, float, float, tuple[str, ...]]] = {
    "Al-Hasakah": (
        "01",
        36.491,
        40.907,
        (
            "Hasakah",
            "Hasakeh",
            "Hassakeh",
            "Hasaka",
            "Hassake",
            "Al-Hasakeh",
            "Hassakah",
            "Haseke",
            "Hasake",
        ),
    ),
    "Latakia": ("02", 35.575, 36.027, ("Lattakia", "Latakiyah", "Lattaquie", "Ladhiqiyah")),
    "Quneitra": ("03", 33.044, 35.793, ("Qunaytirah", "Kuneitra", "Qunaitra")),
    "Ar-Raqqah": (
        "04",
        36.012,
        38.995,
        ("Raqqa", "Raqqah", "Rakka", "Al-Raqqa", "Ar-Raqqa", "Al-Raqqah", "Raqa"),
    ),
    "As-Suwayda": (
        "05",
        32.749,
        36.847,
        ("Suwayda", "Sweida", "Suwaida", "Sweyda", "Soueida", "As-Sweida"),
    ),
    "Daraa": ("06", 32.856, 36.224, ("Deraa", "Dar'a", "Daraya'a", "Dera'a", "Darʿa")),
    "Deir ez-Zor": (
        "07",
        35.13,
        40.324,
        (
            "Deir Ezzor",
            "Deir al-Zor",
            "Deir el-Zor",
            "Deir Ez-Zor",
            "Deir Zor",
            "Dayr az-Zawr",
            "Deir Ezzur",
            "Deirezzor",
            "Deir-ez-Zor",
            "Der Ezzor",
            "Der-Ezzor",
        ),
    ),
    "Rif Dimashq": (
        "08",
        33.492,
        37.392,
        (
            "Rif Dimashq",
            "Rural Damascus",
            "Reef Damascus",
            "Damascus Countryside",
            "Rif Damascus",
            "Rif-Dimashq",
            "Damascus countryside",
            "Damascus suburbs",
        ),
    ),
    "Aleppo": ("09", 36.218, 37.643, ("Halab", "Alep")),
    "Hama": ("10", 35.221, 37.212, ("Hamah", "Hamat")),
    "Homs": ("11", 34.47, 38.377, ("Hims", "Hums")),
    "Idlib": ("12", 35.785, 36.682, ("Idleb", "Edlib", "Idlip")),
    "Damascus": ("13", 33.516, 36.278, ("Dimashq", "Damas")),
    "Tartus": ("14", 34.959, 36.078, ("Tartous", "Tartos", "Tortosa")),
}

_CODE_TO_GOV = {code: name for name, (code, *_rest) in GOVERNORATES.items()}

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


@lru_cache(maxsize=1 << 16)
def skeleton(text: str) -> str:
    """A transliteration-tolerant key: ``Deir Ezzor``, ``Deir ez-Zor`` and ``Dayr az Zawr``
    give the same one. Articles (al-, el-, ad-, ar-, as-...) are dropped, word heads unified
    (Ein/Ayn, Kfar/Kafr, Tell/Tall, Sheikh/Shaykh...), a final -ah/-eh/-a/-e made one, then
    ei→ai, e/y→i, o→u, aw→u, q→k, doubled letters collapsed, a final h dropped."""
    words = [_word_skeleton(w) for w in norm(text).split() if w not in _ARTICLES]
    joined = re.sub(r"(.)\1+", r"\1", "".join(words))
    return joined[:-1] if len(joined) > 3 and joined.endswith("h") else joined


def code_to_governorate(code: str) -> str | None:
    """The governorate of a GeoNames admin-1 code (``\"7\"`` or ``\"07\"``), None when unknown."""
    return _CODE_TO_GOV.get(code.zfill(2))
