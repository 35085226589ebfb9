"""Scope geometries of agreements: GeoJSON polygons, files, geodesic circles, in WGS84.

Every function returns a valid shapely Polygon/MultiPolygon in EPSG:4326 (lon, lat) or raises
:class:`~trucewatch.errors.ValidationError` saying what is wrong and how to fix it; the agreement
loader adds the file and field to the message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from trucewatch.errors import ValidationError
from trucewatch.geo.boundaries import BoundarySet, wgs84
from trucewatch.geo.geojson import (
    POLYGONAL,
    check_coordinates,
    geometries,
    legacy_crs,
    read_geojson,
)
from trucewatch.model.agreement import Scope, ScopeKind

if TYPE_CHECKING:  # pyproj is imported when a scope needs it (~0.06 s of a start-up else)
    from pyproj import CRS, Geod

__all__ = [
    "FILE_SCOPE_REFUSED",
    "area_km2",
    "bbox",
    "build_scope",
    "check_polygon",
    "circle",
    "polygon_from_geojson",
    "read_geojson_file",
    "reproject",
    "resolve_admin_scope",
]


@cache
def _geod() -> Geod:
    from pyproj import Geod

    return Geod(ellps="WGS84")


def __getattr__(name: str) -> Any:
    if name == "WGS84":  # re-exported from geo.boundaries, made on first use
        return wgs84()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Why a ``file:`` scope is refused in a text that does not come from a file on disk.
FILE_SCOPE_REFUSED = (
    "a file scope is read only when an agreement file is added from disk ('trucewatch "
    "agreements add FILE' reads it beside the YAML and stores its geometry inline); an "
    "agreement sent as text (API, stored version, draft) must give its geometry inline "
    "(geojson: ...), as a point with radius_km, or as an admin unit of a loaded boundary layer"
)


def _crs(name: str) -> CRS:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        return CRS.from_user_input(name)
    except CRSError as exc:
        raise ValidationError(
            f"unknown coordinate reference system {name!r}: use e.g. 'EPSG:3857' or 'EPSG:4326'"
        ) from exc


def reproject(geometry: BaseGeometry, crs: str | CRS) -> BaseGeometry:
    """The geometry transformed from ``crs`` to WGS84 lon/lat (unchanged if already WGS84)."""
    from pyproj import CRS, Transformer

    source = crs if isinstance(crs, CRS) else _crs(crs)
    if source.equals(wgs84(), ignore_axis_order=True):
        return geometry
    transformer = Transformer.from_crs(source, wgs84(), always_xy=True)
    return shapely.transform(
        geometry, lambda xy: _stack(transformer.transform(xy[:, 0], xy[:, 1])), include_z=False
    )


def _stack(xy: tuple[Any, Any]) -> Any:
    return np.column_stack(xy)


def check_polygon(geometry: BaseGeometry) -> BaseGeometry:
    """Refuse anything but a valid, non-empty (Multi)Polygon within lon/lat bounds."""
    if geometry.geom_type not in POLYGONAL:
        raise ValidationError(
            f"scope geometry is a {geometry.geom_type}; allowed: Polygon or MultiPolygon"
        )
    if geometry.is_empty:
        raise ValidationError("scope geometry is empty")
    minx, miny, maxx, maxy = bounds = geometry.bounds
    if not all(math.isfinite(b) for b in bounds):
        raise ValidationError(
            f"scope coordinates {bounds} are not all finite numbers (after reprojection, if a "
            "crs is declared): check the coordinates and the crs"
        )
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise ValidationError(
            f"scope coordinates {bounds} are outside lon [-180, 180] / lat [-90, 90]: "
            "coordinates are (lon, lat) in WGS84; for projected coordinates add crs: EPSG:xxxx"
        )
    _refuse_invalid(geometry)
    return geometry


def _refuse_invalid(geometry: BaseGeometry) -> None:
    if not geometry.is_valid:
        raise ValidationError(
            f"scope polygon is not valid ({explain_validity(geometry)}): rings must not "
            "cross themselves or each other; holes must lie inside the outer ring "
            "(invalid polygons are refused, never repaired)"
        )


def polygon_from_geojson(obj: Mapping[str, Any], crs: str | None = None) -> BaseGeometry:
    """A WGS84 (Multi)Polygon from a GeoJSON geometry, Feature or FeatureCollection.

    ``crs`` (e.g. ``EPSG:3857``) declares the coordinates' system; a legacy GeoJSON ``crs``
    member is honoured too; otherwise coordinates are lon/lat WGS84 (RFC 7946).
    Several polygons are merged into one MultiPolygon. Positions are checked (numbers, finite,
    lon/lat ranges without a crs) and counted against the limits of
    :mod:`trucewatch.geo.geojson` before any geometry is built.
    """
    if not isinstance(obj, Mapping):
        raise ValidationError(f"expected a GeoJSON object, got {type(obj).__name__}")
    declared = crs or legacy_crs(obj)
    check_coordinates(obj, lonlat=declared is None)
    parts = []
    for where, geometry in geometries(obj):
        try:
            parts.append(shape(geometry))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            named = f" at {where.rstrip('.')}" if where else ""
            raise ValidationError(
                f"GeoJSON {geometry.get('type')}{named} is malformed: {exc}"
            ) from exc
    for part in parts:
        _refuse_invalid(part)
    merged = parts[0] if len(parts) == 1 else shapely.union_all(parts)
    if declared is not None:
        projected, merged = merged, reproject(merged, declared)
        _check_round_trip(projected, merged, declared)
    return check_polygon(shapely.normalize(merged) if merged.geom_type in POLYGONAL else merged)


def _check_round_trip(projected: BaseGeometry, lonlat: BaseGeometry, crs: str) -> None:
    """Refuse coordinates outside the domain of ``crs`` (they map back to other coordinates:
    an x of 1e300 in EPSG:3857 wraps round the Earth)."""
    from pyproj import Transformer

    source = _crs(crs)
    if source.equals(wgs84(), ignore_axis_order=True):
        return
    xy = shapely.get_coordinates(lonlat)
    back = Transformer.from_crs(wgs84(), source, always_xy=True).transform(xy[:, 0], xy[:, 1])
    original = shapely.get_coordinates(projected)
    same = all(
        np.allclose(np.asarray(b), original[:, i], rtol=1e-6, atol=1e-3) for i, b in enumerate(back)
    )
    if not same:
        raise ValidationError(
            f"scope coordinates are outside the area where {crs} is defined (they do not map "
            "to one place on Earth and back): check the coordinates and the crs"
        )


def read_geojson_file(path: Path, crs: str | None = None) -> BaseGeometry:
    """The polygons of a GeoJSON file, merged, in WGS84 (see :func:`polygon_from_geojson`).

    Only a regular file of at most :data:`~trucewatch.geo.geojson.MAX_SCOPE_FILE_BYTES` is
    read: a FIFO, a device or a directory is refused without being opened for reading.
    """
    obj = read_geojson(path)
    try:
        return polygon_from_geojson(obj, crs)
    except ValidationError as exc:
        raise ValidationError(f"in {str(path)!r}: {exc}") from exc


def circle(lat: float, lon: float, radius_km: float, segments: int = 64) -> BaseGeometry:
    """A geodesic disc of ``radius_km`` around a point, as a WGS84 polygon.

    The point is buffered in an azimuthal equidistant projection centred on it (distances from
    the centre are true there), then the polygon is projected back to lon/lat.
    """
    if not -90 <= lat <= 90:
        raise ValidationError(f"latitude {lat} is outside [-90, 90]")
    if not -180 <= lon <= 180:
        raise ValidationError(f"longitude {lon} is outside [-180, 180]")
    if not 0 < radius_km <= 2000:
        raise ValidationError(f"radius_km {radius_km} is outside (0, 2000]")
    from pyproj import CRS

    aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs")
    disc = Point(0.0, 0.0).buffer(radius_km * 1000.0, quad_segs=max(4, segments // 4))
    return check_polygon(reproject(disc, aeqd))


def bbox(geometry: BaseGeometry) -> tuple[float, float, float, float]:
    """``(min_lon, min_lat, max_lon, max_lat)``."""
    minx, miny, maxx, maxy = geometry.bounds
    return (minx, miny, maxx, maxy)


def area_km2(geometry: BaseGeometry) -> float:
    """Geodesic area on the WGS84 ellipsoid, in km²."""
    area, _perimeter = _geod().geometry_area_perimeter(geometry)
    return abs(area) / 1e6


def build_scope(
    spec: Mapping[str, Any], base_dir: Path | None = None, boundaries: BoundarySet | None = None
) -> Scope:
    """A :class:`Scope` from its spec as written in an agreement file.

    Exactly one of ``admin``, ``geojson``, ``file``, ``point`` (with ``radius_km``); ``crs`` only
    with ``geojson``/``file``. ``file`` is read relative to ``base_dir``, the folder of the
    agreement file; without ``base_dir`` (a text from the API, the store or a draft) a file scope
    is refused without looking at the path. Admin scopes stay unresolved (geometry None) unless
    ``boundaries`` is given.
    """
    kinds = [k for k in ("admin", "geojson", "file", "point") if k in spec]
    if len(kinds) != 1:
        got = ", ".join(kinds) or "none of them"
        raise ValidationError(
            f"a scope needs exactly one of admin, geojson, file, point; got {got}"
        )
    kind: ScopeKind = kinds[0]  # type: ignore[assignment]
    if ("radius_km" in spec) != (kind == "point"):
        raise ValidationError("radius_km goes with point, and a point scope needs radius_km")
    if "crs" in spec and kind not in ("geojson", "file"):
        raise ValidationError(f"crs is only allowed with geojson or file scopes, not {kind}")
    label = spec.get("label")
    body = {k: v for k, v in spec.items() if k != "label"}
    if kind == "admin":
        scope = Scope.make("admin", body, None, label)
        return scope if boundaries is None else resolve_admin_scope(scope, boundaries)
    if kind == "geojson":
        geometry = polygon_from_geojson(spec["geojson"], spec.get("crs"))
    elif kind == "file":
        if base_dir is None:
            raise ValidationError(FILE_SCOPE_REFUSED)
        target = Path(spec["file"])
        target = target if target.is_absolute() else base_dir / target
        geometry = read_geojson_file(target, spec.get("crs"))
    else:
        point = spec["point"]
        geometry = circle(float(point["lat"]), float(point["lon"]), float(spec["radius_km"]))
    return Scope.make(kind, body, geometry, label)


def resolve_admin_scope(scope: Scope, boundaries: BoundarySet) -> Scope:
    """An admin scope with the geometry of its unit (other scopes are returned unchanged).

    Raises :class:`~trucewatch.errors.BoundaryError` (with close matches) for unknown units.
    """
    if scope.kind != "admin":
        return scope
    admin = scope.spec["admin"]
    if "code" in admin and "name" not in admin:
        unit = boundaries.get(str(admin["code"]))
    elif "name" in admin and "code" not in admin:
        unit = boundaries.find(str(admin["name"]), admin.get("level"))
    else:
        raise ValidationError("an admin scope needs either code or name (with optional level)")
    if "level" in admin and unit.level != admin["level"]:
        raise ValidationError(
            f"admin unit {unit} is at level {unit.level}, not {admin['level']} as written"
        )
    return scope.with_geometry(unit.geometry)
