"""GeoJSON scopes as untrusted input: shape, coordinates and size checked before shapely.

A scope's GeoJSON is walked in Python before any geometry is built, so a polygon of a million
vertices is refused after counting :data:`MAX_SCOPE_VERTICES` of them, and a NaN, an infinity, a
boolean or a longitude of 200 is refused with the position where it is
(``features[2].geometry.coordinates[0][17]``) instead of reaching GEOS. Limits per scope:
:data:`MAX_SCOPE_VERTICES` positions, :data:`MAX_SCOPE_RINGS` rings, :data:`MAX_SCOPE_POLYGONS`
polygons (features included); a scope file is read only if it is a regular file of at most
:data:`MAX_SCOPE_FILE_BYTES`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from trucewatch.bounded_read import read_bounded
from trucewatch.errors import ValidationError

__all__ = [
    "MAX_SCOPE_FILE_BYTES",
    "MAX_SCOPE_POLYGONS",
    "MAX_SCOPE_RINGS",
    "MAX_SCOPE_VERTICES",
    "POLYGONAL",
    "check_coordinates",
    "geometries",
    "geometry_only",
    "legacy_crs",
    "read_geojson",
]

#: Positions in one scope: 3 times the most detailed OCHA Syrian district (16,255); written
#: inline (about 40 bytes a position) it stays well within the 4 MiB of an agreement text.
MAX_SCOPE_VERTICES = 50_000
#: Rings (outer rings and holes) in one scope.
MAX_SCOPE_RINGS = 10_000
#: Polygons (and features) in one scope: every OCHA Syrian sub-district is 272.
MAX_SCOPE_POLYGONS = 5_000
#: Largest GeoJSON scope file read (16 MiB; OCHA's 272 Syrian sub-districts are 5 MB).
MAX_SCOPE_FILE_BYTES = 16 * 1024 * 1024

POLYGONAL = ("Polygon", "MultiPolygon")
_SIMPLIFY = "simplify it (e.g. shapely's simplify or mapshaper) or name an admin unit"


def geometries(obj: Mapping[str, Any], where: str = "") -> list[tuple[str, Mapping[str, Any]]]:
    """The (Multi)Polygon geometries of a geometry, Feature or FeatureCollection, each with the
    place it has in ``obj`` (``features[2].geometry``)."""
    kind = obj.get("type")
    if kind == "Feature":
        geometry = obj.get("geometry")
        if not isinstance(geometry, Mapping):
            named = f" {where.rstrip('.')}" if where else ""
            raise ValidationError(f"GeoJSON Feature{named} has no geometry")
        return [(f"{where}geometry.", geometry)]
    if kind == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list) or not features:
            raise ValidationError("GeoJSON FeatureCollection has no features")
        if len(features) > MAX_SCOPE_POLYGONS:
            raise ValidationError(
                f"GeoJSON FeatureCollection has {len(features):,} features; at most "
                f"{MAX_SCOPE_POLYGONS:,} in one scope: merge them or {_SIMPLIFY}"
            )
        found = []
        for i, feature in enumerate(features):
            if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
                raise ValidationError(f"features[{i}] is not a GeoJSON Feature")
            found += geometries(feature, f"features[{i}].")
        return found
    if kind in POLYGONAL:
        return [(where, obj)]
    raise ValidationError(
        f"GeoJSON type {kind!r} is not allowed: use a Polygon, MultiPolygon, Feature "
        "(or, in a file, a FeatureCollection) of polygons"
    )


class _Counts:
    def __init__(self) -> None:
        self.vertices = self.rings = self.polygons = 0

    def add(self, vertices: int, rings: int, polygons: int) -> None:
        self.vertices += vertices
        self.rings += rings
        self.polygons += polygons
        for what, count, limit in (
            ("vertices", self.vertices, MAX_SCOPE_VERTICES),
            ("rings", self.rings, MAX_SCOPE_RINGS),
            ("polygons", self.polygons, MAX_SCOPE_POLYGONS),
        ):
            if count > limit:
                raise ValidationError(
                    f"the scope has more than {limit:,} {what}; at most {limit:,} in one "
                    f"scope: {_SIMPLIFY}"
                )


def _position(value: Any, where: str, lonlat: bool) -> None:
    if not isinstance(value, list) or not 2 <= len(value) <= 3:
        raise ValidationError(f"{where}: {_short(value)} is not a position [lon, lat]")
    for axis, number in zip(("x", "y", "z"), value, strict=False):
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise ValidationError(f"{where}: {axis} {_short(number)} is not a number")
        if not math.isfinite(number):
            raise ValidationError(f"{where}: {axis} {number} is not a finite number")
    if lonlat and not (-180 <= value[0] <= 180 and -90 <= value[1] <= 90):
        raise ValidationError(
            f"{where}: position {value} is outside lon [-180, 180] / lat [-90, 90]: "
            "coordinates are (lon, lat) in WGS84; for projected coordinates add crs: EPSG:xxxx"
        )


def _polygon(rings: Any, where: str, counts: _Counts, lonlat: bool) -> None:
    if not isinstance(rings, list) or not rings:
        raise ValidationError(f"{where}: a polygon is a non-empty list of rings")
    counts.add(0, len(rings), 1)
    for r, ring in enumerate(rings):
        if not isinstance(ring, list):
            raise ValidationError(f"{where}[{r}]: a ring is a list of positions")
        counts.add(len(ring), 0, 0)
        for p, position in enumerate(ring):
            _position(position, f"{where}[{r}][{p}]", lonlat)


def check_coordinates(obj: Mapping[str, Any], lonlat: bool) -> None:
    """Refuse malformed, non-finite or (``lonlat``) out-of-range positions and scopes over the
    limits of this module, naming the position; ``obj`` as for :func:`geometries`."""
    counts = _Counts()
    for where, geometry in geometries(obj):
        kind = geometry.get("type")
        if kind not in POLYGONAL:
            raise ValidationError(
                f"GeoJSON geometry {kind!r} is not allowed: use Polygon or MultiPolygon"
            )
        coordinates = geometry.get("coordinates")
        here = f"{where}coordinates"
        if kind == "Polygon":
            _polygon(coordinates, here, counts, lonlat)
            continue
        if not isinstance(coordinates, list) or not coordinates:
            raise ValidationError(f"{here}: a MultiPolygon is a non-empty list of polygons")
        for i, rings in enumerate(coordinates):
            _polygon(rings, f"{here}[{i}]", counts, lonlat)


def geometry_only(obj: Mapping[str, Any]) -> dict[str, Any]:
    """The polygons of ``obj`` as a plain GeoJSON object (properties and foreign members
    dropped), for writing a scope file's content inline."""
    parts = [{"type": g["type"], "coordinates": g["coordinates"]} for _where, g in geometries(obj)]
    out: dict[str, Any] = parts[0]
    if len(parts) > 1:
        features = [{"type": "Feature", "properties": {}, "geometry": g} for g in parts]
        out = {"type": "FeatureCollection", "features": features}
    crs = legacy_crs(obj)
    if crs is not None:
        out["crs"] = {"type": "name", "properties": {"name": crs}}
    return out


def legacy_crs(obj: Mapping[str, Any]) -> str | None:
    """The legacy GeoJSON 2008 ``crs`` member (``{"type": "name", ...}``), if any."""
    member = obj.get("crs")
    if isinstance(member, Mapping):
        props = member.get("properties")
        if isinstance(props, Mapping) and isinstance(props.get("name"), str):
            return str(props["name"])
    return None


def read_geojson(path: Path) -> Any:
    """The JSON of a scope file: a regular file of at most :data:`MAX_SCOPE_FILE_BYTES`."""
    data = read_bounded(path, MAX_SCOPE_FILE_BYTES, "GeoJSON file")
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_constant)
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{str(path)!r} is not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{str(path)!r} is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError as exc:
        raise ValidationError(f"{str(path)!r} nests lists or objects too deeply") from exc
    except ValidationError as exc:
        raise ValidationError(f"in {str(path)!r}: {exc}") from exc


def _constant(name: str) -> Any:
    raise ValidationError(f"{name} is not a number JSON allows (coordinates must be finite)")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
