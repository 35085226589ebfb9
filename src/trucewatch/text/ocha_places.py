"""OCHA COD-AB place files (GeoJSON) read as gazetteer rows: Syria's layers, or another
country's in the same layout when its pack (:mod:`trucewatch.text.packs`) has the admin-1
pcodes or names.

``trucewatch gazetteer load`` takes, besides GeoNames dumps, the GeoJSON layers of the OCHA
Common Operational Dataset of administrative boundaries (COD-AB, HDX "Syrian Arab Republic -
Subnational Administrative Boundaries", CC BY-IGO 3.0), recognised by their field names:

* ``syr_neighborhoods`` (``neighborho`` / ``neighbor_1`` / ``neighbor_2``): city
  neighbourhoods of Aleppo, Damascus, Homs, Hama, ... (polygons) -> a ``city`` place at a
  point inside the polygon, in its governorate ("Handarat", "Sheikh Maqsoud", "Jobar");
* ``syr_admincapitals`` (``adm_p_lvl``): seats of the admin units (points) -> ``city``;
* ``syr_adminpoints`` (``admin_leve``): label points of districts and sub-districts -> ``region``;
* ``syr_admin3`` / ``syr_admin2`` (``adm3_pcode`` / ``adm2_pcode`` polygons): sub-districts and
  districts -> a ``region`` at the polygon's representative point (inside it).

English and Arabic names are both indexed (the Arabic "مركز" = "centre of" prefix removed); the
governorate comes from the admin-1 pcode (OCHA numbers them differently from GeoNames; the
pack's ``pcode``), else from its English name (any spelling of the pack) or its name in the
other script (the pack's ``boundary_names``). A bad feature (no name, no usable geometry,
coordinates out of range, a governorate we do not know) is reported by its index in
``features`` and skipped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from trucewatch.errors import RowError, SourceError
from trucewatch.text.names import skeleton
from trucewatch.text.packs import Admin1, Pack, pack

__all__ = ["OCHA_LAYERS", "is_geojson", "ocha_rows"]

#: layer -> (field that identifies it, English name, Arabic name, code field, admin-1 prefix,
#: place kind)
OCHA_LAYERS: dict[str, tuple[str, str, str, str, str, str]] = {
    "neighbourhoods": ("neighborho", "neighborho", "neighbor_1", "neighbor_2", "adm1_", "city"),
    "admincapitals": ("adm_p_lvl", "name", "name_1", "adm3_pcode", "adm1_", "city"),
    "adminpoints": ("admin_leve", "name", "name1", "adm3_pcode", "adm1_", "region"),
    "admin3": ("adm3_pcode", "adm3_name", "adm3_name1", "adm3_pcode", "adm1_", "region"),
    "admin2": ("adm2_pcode", "adm2_name", "adm2_name1", "adm2_pcode", "adm1_", "region"),
}
_CENTRE_OF = re.compile(r"^\s*مركز\s+")
# "Mokhayam Handarat" (mukhayyam = camp) is also written "Handarat camp".
_CAMP = re.compile(r"^(?:mokhayam|mukhayam|mukhayyam|mokhayyam)\s+(.+)$", re.IGNORECASE)


def is_geojson(path: Path) -> bool:
    """Whether ``path`` holds JSON (its first non-blank character is ``{``), not a TSV dump."""
    with open(path, "rb") as stream:
        head = stream.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


def _layer(props: dict[str, Any]) -> str | None:
    for layer, (key, *_rest) in OCHA_LAYERS.items():
        if key in props:
            return layer
    return None


def _admin1_names(props: dict[str, Any], layer: str) -> tuple[str, str, str]:
    if layer == "neighbourhoods":
        return (str(props.get(k) or "") for k in ("adm1_pcode", "adm1_en", "adm1_ar"))  # type: ignore[return-value]
    return (str(props.get(k) or "") for k in ("adm1_pcode", "adm1_name", "adm1_name1"))  # type: ignore[return-value]


def _governorate(country: Pack, pcode: str, english: str, arabic: str) -> Admin1 | None:
    for unit in country.admin1:
        if unit.pcode and unit.pcode == pcode.strip().upper():
            return unit
    for unit in country.admin1:
        if arabic.strip() and arabic.strip() in unit.boundary_names:
            return unit
    key = skeleton(english) if english.strip() else ""
    for unit in country.admin1:
        if key and key in {skeleton(s) for s in (unit.name, *unit.spellings)}:
            return unit
    return None


def _point(geometry: Any, props: dict[str, Any]) -> tuple[float, float]:
    """(lat, lon) of a Point, or a point inside a (Multi)Polygon (shapely's representative
    point, not the centroid, which can fall outside a crescent-shaped unit)."""
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise ValueError("no geometry")
    kind = geometry["type"]
    if kind == "Point":
        lon, lat = geometry["coordinates"][:2]
        return float(lat), float(lon)
    if kind in ("Polygon", "MultiPolygon"):
        from shapely.geometry import shape

        try:
            point = shape(geometry).representative_point()
        except Exception as exc:  # shapely raises several types for malformed rings
            raise ValueError(f"unreadable {kind} ({exc})") from exc
        return float(point.y), float(point.x)
    raise ValueError(f"geometry type {kind!r}; a place needs a Point, Polygon or MultiPolygon")


def _names(english: str, arabic: str) -> list[str]:
    names: list[str] = []
    for part in english.split("/"):
        part = part.strip()
        if part:
            names.append(part)
            camp = _CAMP.match(part)
            if camp:
                names.extend([camp.group(1), f"{camp.group(1)} camp"])
    for part in arabic.split("/"):
        part = _CENTRE_OF.sub("", part).strip()
        if part:
            names.append(part)
    return names


def ocha_rows(
    path: Path, *, country: str = "SY"
) -> tuple[str, list[dict[str, Any]], list[RowError], int, int]:
    """Read an OCHA COD-AB GeoJSON layer: ``(layer, rows, bad, other, features)``.

    ``rows`` are gazetteer rows in the shape :mod:`trucewatch.text.geonames` stores (``ref``
    ``ocha:<layer>:<code>`` instead of a geonameid, GeoNames admin-1 code, ``kind``); ``bad``
    the skipped features (``line`` = index in ``features``); ``other`` the features left out
    (the country and governorate units, which the gazetteer has built in; another country).
    ``country`` needs a pack (its admin-1 units: NotFoundError otherwise).
    """
    country = country.strip().upper()
    own = pack(country)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text ({exc.reason}); GeoJSON is UTF-8") from exc
    except ValueError as exc:
        raise SourceError(f"{path}: not valid JSON ({exc})") from exc
    features = data.get("features") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(features, list)
    ):
        raise SourceError(
            f"{path}: not a GeoJSON FeatureCollection; gazetteer load takes a GeoNames dump "
            "(SY.txt) or an OCHA COD-AB layer (syr_neighborhoods, syr_admincapitals, "
            "syr_adminpoints, syr_admin3, syr_admin2 .geojson)"
        )
    first = next((f.get("properties") for f in features if isinstance(f, dict)), None) or {}
    layer = _layer(first)
    if layer is None:
        fields = ", ".join(sorted(first)[:12]) or "none"
        keys = ", ".join(v[0] for v in OCHA_LAYERS.values())
        raise SourceError(
            f"{path}: a FeatureCollection whose properties ({fields}) are not those of an OCHA "
            f"COD-AB place layer (one of the fields {keys}; admin0/admin1 layers add nothing: "
            "the governorates are built in)"
        )
    _key, name_f, arabic_f, code_f, _prefix, kind = OCHA_LAYERS[layer]
    rows: list[dict[str, Any]] = []
    bad: list[RowError] = []
    other = 0
    for index, feature in enumerate(features):

        def fail(field: str | None, value: object, reason: str, index: int = index) -> None:
            shown = None if value is None else str(value)
            bad.append(RowError(str(path), index, field, shown, f"features[{index}]: {reason}"))

        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            fail(None, None, "no properties object")
            continue
        level = props.get("adm_p_lvl", props.get("admin_leve"))
        if str(props.get("adm0_pcode") or country) != country or (
            level is not None and str(level) in ("0", "1")
        ):
            other += 1  # another country, or the country / a governorate (built in)
            continue
        english = str(props.get(name_f) or "").strip()
        arabic = str(props.get(arabic_f) or "").strip()
        if not english:
            fail(name_f, props.get(name_f), "empty; a place needs its English name")
            continue
        pcode, adm1_en, adm1_ar = _admin1_names(props, layer)
        gov = _governorate(own, pcode, adm1_en, adm1_ar)
        if gov is None:
            pcodes = sorted(u.pcode for u in own.admin1 if u.pcode)
            known = f"pcodes {pcodes[0]}..{pcodes[-1]}, or " if pcodes else ""
            fail(
                "adm1_pcode",
                pcode or adm1_en,
                f"not an admin-1 unit of {own.country} ({known}a name of one in "
                f"text/packs/{own.code}.json)",
            )
            continue
        try:
            lat, lon = _point(feature.get("geometry"), props)
        except (ValueError, TypeError, IndexError, KeyError) as exc:
            fail("geometry", None, str(exc))
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            fail("geometry", f"{lon}, {lat}", "coordinates outside [-180, 180] x [-90, 90]")
            continue
        code = str(props.get(code_f) or "") or f"{index}"
        names = _names(english, arabic)
        ref_name = str(props.get(f"adm{layer[-1]}_ref_n") or "") if layer[-1].isdigit() else ""
        if ref_name.strip():
            names.append(ref_name.strip())
        rows.append(
            {
                "geonameid": None,
                "ref": f"ocha:{layer}:{code}:{index}",
                "name": names[0],
                "latitude": round(lat, 6),
                "longitude": round(lon, 6),
                "feature": f"OCHA.{layer}",
                "admin1code": gov.code,
                "admin1": gov.name,
                "country": own.code,
                "population": 0,
                "timezone": own.timezone,
                "kind": kind,
                "alternatenames": names[1:],
            }
        )
    return layer, rows, bad, other, len(features)
