"""Gazetteer entries, ``(place, names)``, from a country's pack and from GeoNames / OCHA rows:
the floor :mod:`trucewatch.text.gazetteer` builds its index on."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from trucewatch.errors import SourceError
from trucewatch.text.names import Place, norm
from trucewatch.text.packs import Pack, country_name, pack, shipped_packs

__all__ = ["geonames_entries", "pack_entries", "population_centres", "sites", "unit_entries"]


def population_centres(
    rows: Iterable[dict[str, object]], country: Pack
) -> dict[str, tuple[float, float]]:
    """Each admin-1 unit's population-weighted centre over GeoNames rows of ``country``
    (``admin1code``, ``latitude``, ``longitude``, ``population``): where an event said to be
    "in Homs province" most likely is, unlike the polygon centroid, which for Homs, Rif Dimashq
    and Deir ez-Zor lies in the desert far from where people live."""
    sums: dict[str, list[float]] = {}
    for row in rows:
        unit = country.unit_of_code(str(row.get("admin1code") or ""))
        weight = float(row.get("population") or 0)  # type: ignore[arg-type]
        if unit and weight > 0:
            acc = sums.setdefault(unit.name, [0.0, 0.0, 0.0])
            acc[0] += weight * float(row["latitude"])  # type: ignore[arg-type]
            acc[1] += weight * float(row["longitude"])  # type: ignore[arg-type]
            acc[2] += weight
    return {gov: (round(a / w, 4), round(b / w, 4)) for gov, (a, b, w) in sums.items()}


def pack_entries(
    country: Pack, centres: dict[str, tuple[float, float]] | None = None
) -> Iterator[tuple[Place, tuple[str, ...]]]:
    """The hand facts of a pack: its admin-1 units (at the population centre of their places
    when known), regions, sites and the country."""
    for unit in country.admin1:
        lat, lon = (centres or {}).get(unit.name, (unit.lat, unit.lon))
        place = _in(country, unit.name, lat, lon, "admin1", unit.name)
        names = (unit.name, *unit.spellings)
        named = tuple(f"{n} {w}" for n in names for w in country.admin1_words) + unit.names
        yield place, ((*named, *names) if unit.bare_name_is_unit else named)
    for area in country.regions:
        yield _in(country, area.name, area.lat, area.lon, "region", area.admin1), area.spellings
    for site in sites(country):
        yield site, next(s.spellings for s in country.sites if s.name == site.name)
    name, lat, lon = country.country, country.lat, country.lon
    yield _in(country, name, lat, lon, "country", None, country.population), country.names


def _in(
    country: Pack, name: str, lat: float, lon: float, kind: str, admin1: str | None, people: int = 0
) -> Place:
    """A place of ``country`` written in its pack."""
    return Place(
        name,
        lat,
        lon,
        kind,
        admin1,
        population=people,
        timezone=country.timezone,
        country=country.country,
    )


@lru_cache(maxsize=16)
def sites(country: Pack) -> tuple[Place, ...]:
    return tuple(_in(country, s.name, s.lat, s.lon, "city", s.admin1) for s in country.sites)


def _indexable(name: str) -> bool:
    """Latin-script names (with accents) and Arabic-script ones; not Cyrillic, Greek, ..."""
    return all(
        ord(c) < 0x250 or "\u0600" <= c <= "\u06ff" or unicodedata.combining(c) for c in name
    )


def geonames_entries(
    rows: Iterable[dict[str, Any]], country: str
) -> Iterator[tuple[Place, tuple[str, ...]]]:
    """Places of GeoNames / OCHA rows (of ``country`` unless a row names its own): filed under
    the admin-1 unit the row names (``admin1``, set when loaded), else the one its country's
    pack gives its ``admin1code``."""
    for row in rows:
        code = str(row.get("country") or row.get("countrycode") or country).upper()
        own = pack(code) if code in shipped_packs() else None
        admin1 = row.get("admin1")
        if admin1 is None and own is not None:
            unit = own.unit_of_code(str(row.get("admin1code") or ""))
            admin1 = unit.name if unit else None
        alternates = row.get("alternatenames") or ()
        assert isinstance(alternates, (list, tuple))
        units = _unit_names(own) if own is not None else frozenset()
        names = tuple(
            str(n) for n in alternates if _indexable(str(n)) and norm(str(n)) not in units
        )
        geonameid = row.get("geonameid")
        timezone = row.get("timezone") or (own.timezone if own else None)
        if not timezone:
            raise SourceError(
                f"place {row.get('name')!r} of {code} has no time zone: load its file again "
                "(trucewatch gazetteer load) to have it looked up"
            )
        place = Place(
            str(row["name"]),
            float(row["latitude"]),
            float(row["longitude"]),
            str(row.get("kind") or "city"),
            None if admin1 is None else str(admin1),
            population=int(row.get("population") or 0),
            timezone=str(timezone),
            geonameid=int(geonameid) if geonameid is not None else None,
            country=own.country if own else country_name(code),
        )
        yield place, names


@lru_cache(maxsize=16)
def _unit_names(country: Pack) -> frozenset[str]:
    """The names that mean an admin-1 unit itself (``bare_name_is_unit``: "Rif Dimashq",
    "Hadramout", "al-Jawf"): never a GeoNames place's alternate name (a village "Jawf" is not
    named for the governorate the press means)."""
    return frozenset(
        norm(n) for u in country.admin1 if u.bare_name_is_unit for n in (u.name, *u.spellings)
    )


def unit_entries(data: dict[str, Any]) -> Iterator[tuple[Place, tuple[str, ...]]]:
    """The admin-1 units a loaded source of a country without a pack read from its own
    ``ADM1`` rows, indexed under their names alone and with "governorate" / "province"."""
    code = str(data["country"]).upper()
    name = country_name(code)
    for unit in data.get("units", ()):
        names = tuple(str(n) for n in unit.get("alternatenames", ()) if _indexable(str(n)))
        place = Place(
            str(unit["name"]),
            float(unit["latitude"]),
            float(unit["longitude"]),
            "admin1",
            str(unit["name"]),
            timezone=str(unit["timezone"]),
            country=name,
        )
        every = (place.name, *names)
        yield place, (*every, *(f"{n} {w}" for n in every for w in ("governorate", "province")))
