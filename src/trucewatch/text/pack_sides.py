"""The sides of a country as data, with or without its pack: the actor aliases (canonical side
-> the ways the press names it, any language) and the sides at war by period ("the two sides",
"the warring parties").

A country with a pack (:mod:`trucewatch.text.packs`) has its pack's; a country whose places are
not written yet has those of its names files read alone (``text/packs/<CODE>.<tag>.json``,
format ``trucewatch.pack-names/1``, e.g. ``LY.sides.json``); docs/countries.md, "Sides of a
country without a pack".
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from trucewatch.errors import ValidationError
from trucewatch.text import packs as _packs
from trucewatch.text.packs import (
    NAMES_FORMAT,
    pack,
    read_format,
    shipped_packs,
    string_list,
)
from trucewatch.text.warring import (
    Government,
    WarringSides,
    parse_governments,
    parse_period,
    parse_warring,
)

__all__ = [
    "areas",
    "bodies",
    "government_on",
    "pack_sides",
    "sides_only_packs",
    "theatre",
    "warring_sides",
]


def read_names_file(file: Path) -> dict[str, Any]:
    """A names file's JSON object (ValidationError naming the file when it is not one)."""
    return read_format(file, NAMES_FORMAT)


def sides_only_packs() -> tuple[str, ...]:
    """The codes of the countries with name files (``<CODE>.<tag>.json``) but no pack: their
    sides are known, their places are not (yet)."""
    shipped = set(shipped_packs())
    named = {p.name.split(".")[0] for p in _packs.PACK_DIR.glob("*.*.json")}
    return tuple(sorted(c for c in named if c not in shipped))


def pack_sides(code: str) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """The actor aliases of country ``code`` (canonical side -> the ways the press names it,
    any language) and those matched in their own case: its pack's, else those of the name
    files written for it (``<CODE>.<tag>.json``, read alone, in name order); nothing for a
    country with neither. ValidationError naming the file for a name file that is not right."""
    code = code.strip().upper()
    if code in shipped_packs():
        found = pack(code)
        return dict(found.actors), found.case_sensitive
    return _sides(code)


@lru_cache(maxsize=32)
def _sides(code: str) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    actors: dict[str, list[str]] = {}
    strict: list[str] = []
    for file in sorted(_packs.PACK_DIR.glob(f"{code}.*.json")) if code.isalpha() else ():
        names = read_names_file(file)
        if str(names.get("country", "")).upper() != code:
            raise ValidationError(f"{file}: field 'country' must be {code!r}, its file's code")
        for canonical, aliases in dict(names.get("actors") or {}).items():
            more = string_list(aliases, f"{file}: actors.{canonical}")
            actors[str(canonical)] = [*actors.get(str(canonical), []), *more]
        strict += string_list(names.get("case_sensitive", []), f"{file}: case_sensitive")
    _packs.check_aliases(actors, f"text/packs/{code}.*.json: actors")
    return {c: tuple(a) for c, a in actors.items()}, frozenset(strict)


def theatre(code: str, on: date | None = None) -> tuple[str, dict[str, str]] | None:
    """The area a truce of country ``code`` covers when the text names no place, and the ways
    it is written (casefolded -> its name): the ``theatre`` of its names files (``PS``: "Gaza",
    written "Gaza Strip", "قطاع غزة"), with or without a pack; None when none is written, or
    when ``on`` is before the day its ``from`` gives (PS: Hamas took Gaza on 15 June 2007;
    the factions' truces before it covered the West Bank and Israel too, so a truce naming no
    place then is nationwide). ValidationError naming the file when the entry is not right."""
    found = _theatre(code.strip().upper())
    if found is None:
        return None
    name, names, first = found
    return None if on is not None and first is not None and on < first else (name, names)


@lru_cache(maxsize=32)
def _theatre(code: str) -> tuple[str, dict[str, str], date | None] | None:
    for file in sorted(_packs.PACK_DIR.glob(f"{code}.*.json")) if code.isalpha() else ():
        entry = read_names_file(file).get("theatre")
        if entry is None:
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise ValidationError(
                f"{file}: field 'theatre' must be an object with a 'name' and its 'names' "
                '(e.g. {"name": "Gaza", "names": ["Gaza Strip"]})'
            )
        name = entry["name"].strip()
        names = [name, *string_list(entry.get("names", []), f"{file}: theatre.names")]
        since = entry.get("from")
        try:
            first = None if since is None else date.fromisoformat(str(since))
        except ValueError:
            raise ValidationError(
                f"{file}: theatre.from must be a date written YYYY-MM-DD, got {since!r}"
            ) from None
        return name, {n.strip().casefold(): name for n in names if n.strip()}, first
    return None


def areas(code: str, on: date) -> dict[str, tuple[str, ...]]:
    """The areas of country ``code`` that stand for several of its places on day ``on`` (the
    ``areas`` of its names files, with or without a pack: ``UA``'s Donbas, written
    "eastern Ukraine", is Donetsk and Luhansk until February 2022): each way an area is
    written (casefolded) -> its places. ValidationError naming the file when an entry is not
    right."""
    return _on(code, "areas", "places", on)


def bodies(code: str, on: date) -> dict[str, tuple[str, ...]]:
    """The bodies of country ``code`` whose members are sides on day ``on`` (the ``bodies`` of
    its names files, with or without a pack: ``UA``'s Trilateral Contact Group is
    Ukraine, Russia and the separatists until February 2022): each way a body is written
    (casefolded) -> its sides. ValidationError naming the file when an entry is not right."""
    found = _on(code, "bodies", "sides", on)
    actors = pack_sides(code)[0]
    for sides in found.values():
        unknown = [s for s in sides if s not in actors]
        if unknown:
            raise ValidationError(f"text/packs/{code}.*.json: bodies: {unknown[0]!r} is no side")
    return found


def _on(code: str, key: str, field: str, on: date) -> dict[str, tuple[str, ...]]:
    return {
        name: values
        for names, values, since, until in _named_groups(code.strip().upper(), key, field)
        if (since is None or since <= on) and (until is None or on <= until)
        for name in names
    }


@lru_cache(maxsize=32)
def _named_groups(
    code: str, key: str, field: str
) -> tuple[tuple[tuple[str, ...], tuple[str, ...], date | None, date | None], ...]:
    """The ``key`` entries of the names files of ``code``: {name, names, ``field``: [...],
    since, until} each, as (the ways it is written, casefolded; ``field``; since; until)."""
    out = []
    for file in sorted(_packs.PACK_DIR.glob(f"{code}.*.json")) if code.isalpha() else ():
        for k, entry in enumerate(read_names_file(file).get(key, [])):
            where = f"{file}: {key}[{k}]"
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise ValidationError(
                    f"{where}: an object with a 'name', its 'names' and its '{field}' "
                    '(e.g. {"name": "Donbas", "names": ["eastern Ukraine"], "places": '
                    '["Donetsk", "Luhansk"]})'
                )
            values = tuple(string_list(entry.get(field), f"{where}.{field}"))
            if not values:
                raise ValidationError(f"{where}.{field}: name at least one")
            names = (entry["name"], *string_list(entry.get("names", []), f"{where}.names"))
            since, until = parse_period(entry, where)
            out.append((tuple(n.strip().casefold() for n in names), values, since, until))
    return tuple(out)


def warring_sides(code: str, on: date) -> tuple[str, ...]:
    """The sides at war in country ``code`` on day ``on`` (its pack's ``warring``, else its
    names files'); () when none is written for that day."""
    code = code.strip().upper()
    periods = pack(code).warring if code in shipped_packs() else _names_warring(code)
    for period in periods:
        if (period.since is None or period.since <= on) and (
            period.until is None or on <= period.until
        ):
            return period.sides
    return ()


def government_on(code: str, on: date) -> str | None:
    """The side that was country ``code``'s government on day ``on`` (its pack's
    ``governments``, else its names files'): who "Libya" declaring a truce in March 2011 is
    (the Gaddafi government); None when none is written for that day."""
    code = code.strip().upper()
    periods = pack(code).governments if code in shipped_packs() else _names_governments(code)
    return next((g.side for g in periods if g.holds(on)), None)


@lru_cache(maxsize=32)
def _names_governments(code: str) -> tuple[Government, ...]:
    actors, _strict = _sides(code)
    out: list[Government] = []
    for file in sorted(_packs.PACK_DIR.glob(f"{code}.*.json")) if code.isalpha() else ():
        out += parse_governments(read_names_file(file).get("governments", []), actors, str(file))
    return tuple(out)


@lru_cache(maxsize=32)
def _names_warring(code: str) -> tuple[WarringSides, ...]:
    actors, _strict = _sides(code)
    out: list[WarringSides] = []
    for file in sorted(_packs.PACK_DIR.glob(f"{code}.*.json")) if code.isalpha() else ():
        out += parse_warring(read_names_file(file).get("warring", []), actors, str(file))
    return tuple(out)
