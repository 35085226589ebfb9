"""A GeoNames dump read (``SY.txt``, ``LB.txt``, ``allCountries.txt``: 19 tab-separated
columns, no header): the places of one country, each filed under that country's admin-1 unit,
bad lines reported and skipped. :mod:`trucewatch.text.geonames` saves them as a source."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trucewatch.errors import RowError, SourceError
from trucewatch.text.packs import pack, shipped_packs

__all__ = ["FEATURE_CLASSES", "GeoNamesFile", "read_geonames"]

#: GeoNames feature classes kept: populated places, areas, terrain (mountains...), spots
FEATURE_CLASSES = ("P", "L", "T", "S")
_COLUMNS = 19


@dataclass(frozen=True)
class GeoNamesFile:
    """A GeoNames dump as read: the kept rows, the bad lines (skipped), and how many good lines
    were left out (another country or feature class)."""

    path: Path
    rows: tuple[dict[str, Any], ...]
    bad: tuple[RowError, ...]
    other: int
    lines: int
    #: ``geonames``, or ``ocha:<layer>`` for an OCHA COD-AB GeoJSON layer (then ``lines``
    #: counts features and a bad row's ``line`` is its index in ``features``)
    kind: str = "geonames"
    #: the admin-1 units of the country read from the dump's own ``ADM1`` rows
    units: tuple[dict[str, Any], ...] = ()
    #: the other countries whose places the file holds, most places first
    other_countries: tuple[str, ...] = ()


def _row(path: Path, line_no: int, cols: list[str]) -> dict[str, Any] | RowError:
    def bad(field: str, value: str, reason: str) -> RowError:
        return RowError(str(path), line_no, field, value, reason)

    checks: list[tuple[str, str, str, type[int] | type[float]]] = [
        ("geonameid", cols[0], "a positive integer", int),
        ("latitude", cols[4], "a number in [-90, 90]", float),
        ("longitude", cols[5], "a number in [-180, 180]", float),
        ("population", cols[14] or "0", "a whole number", int),
    ]
    values: dict[str, float | int] = {}
    for field, raw, allowed, kind in checks:
        try:
            values[field] = kind(raw)
        except ValueError:
            return bad(field, raw, f"not {allowed}")
    if not -90 <= values["latitude"] <= 90:
        return bad("latitude", cols[4], "outside [-90, 90]")
    if not -180 <= values["longitude"] <= 180:
        return bad("longitude", cols[5], "outside [-180, 180]")
    if not cols[1].strip():
        return bad("name", cols[1], "empty; every GeoNames row has a name")
    return {
        "geonameid": int(values["geonameid"]),
        "name": cols[1],
        "latitude": float(values["latitude"]),
        "longitude": float(values["longitude"]),
        "feature": f"{cols[6]}.{cols[7]}",
        "admin1code": cols[10],
        "population": int(values["population"]),
        "timezone": cols[17] or None,
        "alternatenames": [n for n in [cols[2], *cols[3].split(",")] if n],
        "country": cols[8],
    }


def read_geonames(path: Path, *, country: str = "SY") -> GeoNamesFile:
    """Read a GeoNames dump; lines that are not 19 tab-separated fields or hold a bad number
    are reported (line number, field, value, why) and skipped, not fatal. Each place is filed
    under its admin-1 unit (``admin1``): the one ``country``'s pack gives its admin-1 code,
    else the dump's own ``ADM1`` row of that code, else none; a place without a time zone gets
    the pack's, else the zone at its point."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    country = country.strip().upper()
    units: dict[str, dict[str, Any]] = {}
    rows: list[dict[str, Any]] = []
    bad: list[RowError] = []
    other = lines = 0
    elsewhere: Counter[str] = Counter()
    try:
        with open(path, encoding="utf-8") as stream:
            for line_no, line in enumerate(stream, start=1):
                lines = line_no
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.rstrip("\r\n").split("\t")
                if len(cols) != _COLUMNS:
                    bad.append(
                        RowError(
                            str(path),
                            line_no,
                            None,
                            None,
                            f"{len(cols)} tab-separated fields, a GeoNames dump has {_COLUMNS} "
                            "(geonameid, name, asciiname, alternatenames, latitude, ...)",
                        )
                    )
                    continue
                if cols[8] == country and cols[6] == "A" and cols[7] == "ADM1":
                    unit = _row(path, line_no, cols)
                    if isinstance(unit, dict):
                        units.setdefault(unit["admin1code"], unit)
                if cols[8] != country or cols[6] not in FEATURE_CLASSES:
                    other += 1
                    elsewhere[cols[8]] += cols[8] != country
                    continue
                row = _row(path, line_no, cols)
                (bad if isinstance(row, RowError) else rows).append(row)  # type: ignore[arg-type]
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start} of line {lines + 1}); "
            "GeoNames dumps are UTF-8"
        ) from exc
    _file_under_units(rows, units, country)
    return GeoNamesFile(
        path,
        tuple(rows),
        tuple(bad),
        other,
        lines,
        units=tuple(units.values()),
        other_countries=tuple(c for c, n in elsewhere.most_common() if n),
    )


def _file_under_units(
    rows: list[dict[str, Any]], units: dict[str, dict[str, Any]], country: str
) -> None:
    """Set each row's ``admin1`` (the unit's name) and a missing ``timezone`` (in place)."""
    own = pack(country) if country in shipped_packs() else None
    for row in [*rows, *units.values()]:
        code = str(row["admin1code"])
        unit = own.unit_of_code(code) if own is not None else None
        row["admin1"] = unit.name if unit else units[code]["name"] if code in units else None
        if not row["timezone"]:
            row["timezone"] = own.timezone if own else _zone(row["latitude"], row["longitude"])


def _zone(lat: float, lon: float) -> str:
    from trucewatch.geo.timezones import timezone_at

    return timezone_at(lat, lon)
