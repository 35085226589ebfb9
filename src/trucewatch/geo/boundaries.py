"""Administrative boundaries: load GeoJSON / Shapefile / GeoPackage, look units up by code or name.

A :class:`BoundarySet` holds :class:`AdminUnit` polygons in WGS84. Files are read with
``pyogrio.raw`` (WKB + attribute arrays, no geopandas) and reprojected with pyproj when their CRS
is not EPSG:4326. The admin level and the code / name / alternative-name / parent fields are
detected from OCHA COD-AB (``adm1_pcode``, ``adm1_name``, ``adm1_name1`` ...) or GADM (``GID_1``,
``NAME_1``, ``VARNAME_1``) field names, or given explicitly. Lookups are case-, diacritic- and
punctuation-insensitive; unknown or ambiguous names raise :class:`BoundaryError` with close matches.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree
from shapely.validation import explain_validity

from trucewatch.bounded_read import special_kind
from trucewatch.errors import BoundaryError
from trucewatch.model.agreement import normalize_name

if TYPE_CHECKING:  # pyproj is imported when a file is read (~0.06 s of every start-up else)
    from pyproj import CRS

# WGS84 is made on first use (module __getattr__), so not listed for the linters
__all__ = ["AdminUnit", "BoundarySet", "FieldMap", "detect_fields", "wgs84"]


@cache
def wgs84() -> CRS:
    """The coordinate system of every geometry trucewatch keeps (boundaries, scopes,
    events): ``WGS84``, made on first use."""
    from pyproj import CRS

    return CRS.from_epsg(4326)


def __getattr__(name: str) -> Any:
    if name == "WGS84":  # the module's constant, without importing pyproj up front
        return wgs84()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class AdminUnit:
    """One admin unit: its code (pcode), name, level 0..3, alternative names, parent, geometry."""

    code: str
    name: str
    level: int
    layer: str
    geometry: BaseGeometry = field(compare=False, repr=False)
    names: tuple[str, ...] = ()
    parent_code: str | None = None

    def __post_init__(self) -> None:
        if not self.code or not self.name:
            raise BoundaryError(
                f"admin unit {self.code!r} {self.name!r}: code and name are required"
            )
        if self.level not in (0, 1, 2, 3):
            raise BoundaryError(f"admin unit {self.code!r}: level {self.level} is not in 0..3")
        object.__setattr__(self, "names", tuple(n for n in self.names if n and n != self.name))

    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.names)

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, level {self.level})"


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which attribute fields hold the code, name, alternative names and parent code."""

    level: int
    code: str
    name: str
    alt_names: tuple[str, ...] = ()
    parent: str | None = None


def detect_fields(fields: Iterable[str], level: int | None = None) -> FieldMap | None:
    """The fields of the deepest (or given) level: OCHA ``admN_pcode`` + ``admN_name`` (or the
    newer ``admN_en``, other languages ``admN_ar`` ... as alternative names) or GADM ``GID_N``."""
    by_lower = {f.lower(): f for f in fields}
    levels = [level] if level is not None else [3, 2, 1, 0]
    for n in levels:
        for code_f, name_f, alt_re, parent_f in (
            (f"adm{n}_pcode", f"adm{n}_name", rf"^adm{n}_name\d$", f"adm{n - 1}_pcode"),
            (f"adm{n}_pcode", f"adm{n}_en", rf"^adm{n}_(?!en$)[a-z]{{2}}$", f"adm{n - 1}_pcode"),
            (f"gid_{n}", f"name_{n}", rf"^(varname|nl_name)_{n}$", f"gid_{n - 1}"),
        ):
            if code_f in by_lower and name_f in by_lower:
                alts = tuple(by_lower[f] for f in sorted(by_lower) if re.match(alt_re, f))
                return FieldMap(
                    level=n,
                    code=by_lower[code_f],
                    name=by_lower[name_f],
                    alt_names=alts,
                    parent=by_lower.get(parent_f) if n > 0 else None,
                )
    return None


def _layer_crs(path: Path, layer: str | None, declared: str | None, found: str | None) -> CRS:
    name = declared or found
    if name is None:
        raise BoundaryError(
            f"{path}: layer {layer!r} declares no coordinate reference system (no .prj?); "
            "pass crs='EPSG:xxxx' to say which one it uses"
        )
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        return CRS.from_user_input(name)
    except CRSError as exc:
        raise BoundaryError(f"{path}: unknown coordinate reference system {name!r}") from exc


def _to_wgs84(geoms: np.ndarray, crs: CRS) -> np.ndarray:
    from pyproj import Transformer

    target = wgs84()
    if crs.equals(target, ignore_axis_order=True):
        return geoms
    transformer = Transformer.from_crs(crs, target, always_xy=True)
    return shapely.transform(
        geoms, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
    )


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def _split_alt(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


class BoundarySet:
    """Admin units in WGS84 with lookups by code, by (name, level) and by point."""

    def __init__(self, units: Iterable[AdminUnit]):
        self._units = tuple(units)
        self._by_code: dict[str, AdminUnit] = {}
        self._by_name: dict[str, list[AdminUnit]] = {}
        for unit in self._units:
            key = unit.code.casefold()
            if key in self._by_code:
                raise BoundaryError(
                    f"admin code {unit.code!r} is used twice ({self._by_code[key]} and {unit}); "
                    "codes must be unique across the loaded boundaries"
                )
            self._by_code[key] = unit
            for name in {normalize_name(n) for n in unit.all_names()}:
                self._by_name.setdefault(name, []).append(unit)
        self._tree: STRtree | None = None

    # ---- loading -------------------------------------------------------------------------------

    @classmethod
    def from_file(
        cls,
        path: str | Path,
        *,
        layer: str | None = None,
        level: int | None = None,
        fields: FieldMap | None = None,
        crs: str | None = None,
        repair: bool = False,
    ) -> BoundarySet:
        """Load a GeoJSON, Shapefile or GeoPackage (every polygon layer unless ``layer`` is given).

        ``level`` picks the admin level when a file carries several (e.g. admin2 rows also have
        adm1 fields); ``fields`` overrides detection; ``crs`` declares a CRS the file lacks;
        ``repair`` fixes invalid polygons with ``shapely.make_valid`` instead of refusing them.
        """
        path = Path(path)
        if not path.exists():
            raise BoundaryError(f"boundary file {str(path)!r} does not exist")
        if (kind := special_kind(path)) is not None:  # GDAL would wait on a FIFO for ever
            raise BoundaryError(f"boundary file {str(path)!r} is {kind}: give the path of a file")
        import pyogrio  # imported here: with geopandas installed it loads pandas (~0.5 s)
        from pyogrio.errors import DataLayerError, DataSourceError

        try:
            layers = [layer] if layer else [str(r[0]) for r in pyogrio.list_layers(path)]
        except (DataSourceError, DataLayerError) as exc:
            raise BoundaryError(f"cannot read boundary file {str(path)!r}: {exc}") from exc
        units: list[AdminUnit] = []
        for name in layers:
            units.extend(_read_layer(path, name, level, fields, crs, repair))
        if not units:
            raise BoundaryError(f"{path}: no admin polygons found (layers: {', '.join(layers)})")
        return cls(units)

    @classmethod
    def from_files(cls, paths: Iterable[str | Path], **options: Any) -> BoundarySet:
        """Load several files (e.g. admin1 and admin2) into one set."""
        units: list[AdminUnit] = []
        for path in paths:
            units.extend(cls.from_file(path, **options))
        return cls(units)

    # ---- records for the store -----------------------------------------------------------------

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per unit: code, name, level, layer, names (JSON list), parent, wkb (bytes)."""
        return [
            {
                "code": u.code,
                "name": u.name,
                "level": u.level,
                "layer": u.layer,
                "names": json.dumps(list(u.names), ensure_ascii=False),
                "parent": u.parent_code,
                "wkb": shapely.to_wkb(u.geometry),
            }
            for u in self._units
        ]

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> BoundarySet:
        """The inverse of :meth:`to_records` (``names`` may be a JSON string or a list)."""
        units = []
        for i, rec in enumerate(records):
            try:
                names = rec.get("names") or []
                if isinstance(names, str):
                    names = json.loads(names)
                units.append(
                    AdminUnit(
                        code=str(rec["code"]),
                        name=str(rec["name"]),
                        level=int(rec["level"]),
                        layer=str(rec.get("layer") or ""),
                        geometry=shapely.from_wkb(bytes(rec["wkb"])),
                        names=tuple(names),
                        parent_code=rec.get("parent"),
                    )
                )
            except (KeyError, TypeError, ValueError, shapely.errors.GEOSException) as exc:
                raise BoundaryError(f"boundary record {i}: cannot rebuild the unit: {exc}") from exc
        return cls(units)

    # ---- lookups -------------------------------------------------------------------------------

    @property
    def units(self) -> tuple[AdminUnit, ...]:
        return self._units

    def __len__(self) -> int:
        return len(self._units)

    def __iter__(self) -> Iterator[AdminUnit]:
        return iter(self._units)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.casefold() in self._by_code

    def levels(self) -> list[int]:
        return sorted({u.level for u in self._units})

    def get(self, code: str) -> AdminUnit:
        """The unit with this code (case-insensitive), or BoundaryError with close codes."""
        unit = self._by_code.get(code.strip().casefold())
        if unit is not None:
            return unit
        close = difflib.get_close_matches(code.casefold(), list(self._by_code), n=5, cutoff=0.6)
        hint = ", ".join(str(self._by_code[c]) for c in close) or "none"
        raise BoundaryError(
            f"no admin unit with code {code!r} in the loaded boundaries "
            f"({len(self)} units, levels {self.levels()}); close matches: {hint}"
        )

    def find(self, name: str, level: int | None = None) -> AdminUnit:
        """The unit called ``name`` (any of its names) at ``level``; errors list the candidates."""
        key = normalize_name(name)
        found = [u for u in self._by_name.get(key, []) if level is None or u.level == level]
        if len(found) == 1:
            return found[0]
        at = f" at level {level}" if level is not None else ""
        if found:
            listed = ", ".join(str(u) for u in found)
            raise BoundaryError(
                f"admin name {name!r}{at} is ambiguous, it names {len(found)} units: {listed}; "
                "give the level or the code instead"
            )
        pool = {
            k: units
            for k, units in self._by_name.items()
            if any(level is None or u.level == level for u in units)
        }
        close = difflib.get_close_matches(key, list(pool), n=5, cutoff=0.6)
        hint = ", ".join(
            str(u) for k in close for u in pool[k] if level is None or u.level == level
        )
        raise BoundaryError(
            f"no admin unit named {name!r}{at} in the loaded boundaries "
            f"({len(self)} units, levels {self.levels()}); close matches: {hint or 'none'}"
        )

    def locate(self, lat: float, lon: float, level: int | None = None) -> list[AdminUnit]:
        """The units whose polygon covers the point, lowest level first."""
        if self._tree is None:
            self._tree = STRtree([u.geometry for u in self._units])
        hits = self._tree.query(shapely.Point(lon, lat), predicate="intersects")
        units = [self._units[i] for i in sorted(hits)]
        return sorted(
            (u for u in units if level is None or u.level == level), key=lambda u: u.level
        )


def _read_layer(
    path: Path,
    layer: str,
    level: int | None,
    fields: FieldMap | None,
    crs: str | None,
    repair: bool,
) -> list[AdminUnit]:
    import pyogrio.raw
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        meta, _fids, wkb, columns = pyogrio.raw.read(path, layer=layer)
    except (DataSourceError, DataLayerError) as exc:
        raise BoundaryError(f"cannot read layer {layer!r} of {str(path)!r}: {exc}") from exc
    names = [str(f) for f in meta["fields"]]
    fmap = fields or detect_fields(names, level)
    if fmap is None:
        raise BoundaryError(
            f"{path} layer {layer!r}: cannot tell the admin level and code/name fields from "
            f"{names}; expected OCHA adm<N>_pcode/adm<N>_name or GADM GID_<N>/NAME_<N> fields, "
            "or pass fields=FieldMap(level=..., code=..., name=...)"
        )
    for f in (fmap.code, fmap.name, *fmap.alt_names, *([fmap.parent] if fmap.parent else [])):
        if f not in names:
            raise BoundaryError(f"{path} layer {layer!r}: no field {f!r} (fields: {names})")
    if wkb is None or len(wkb) == 0:
        return []
    geoms = _to_wgs84(shapely.from_wkb(wkb), _layer_crs(path, layer, crs, meta["crs"]))
    column = dict(zip(names, columns, strict=True))
    units = []
    for i, geom in enumerate(geoms):
        code, name = _text(column[fmap.code][i]), _text(column[fmap.name][i])
        where = f"{path} layer {layer!r} feature {i} ({code or '?'} {name or '?'})"
        if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
            kind = "no geometry" if geom is None else geom.geom_type
            raise BoundaryError(f"{where}: expected a Polygon or MultiPolygon, got {kind}")
        if not geom.is_valid:
            if not repair:
                raise BoundaryError(
                    f"{where}: invalid polygon ({explain_validity(geom)}); fix the file or pass "
                    "repair=True to repair it with shapely.make_valid"
                )
            geom = shapely.make_valid(geom)
        alts = [a for f in fmap.alt_names for a in _split_alt(_text(column[f][i]))]
        parent = _text(column[fmap.parent][i]) if fmap.parent else ""
        try:
            units.append(
                AdminUnit(code, name, fmap.level, layer, geom, tuple(alts), parent or None)
            )
        except BoundaryError as exc:
            raise BoundaryError(f"{where}: {exc}") from exc
    return units
