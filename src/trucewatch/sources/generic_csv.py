"""Generic CSV adapter, ``csv.v1``: any delimited file, read through a declared column mapping.

The mapping says which column holds which event field (``{"date": "day", "lat": "y", ...}``);
nothing is guessed from column names. It can be given in Python or loaded from a small YAML or
JSON file with :func:`mapping_from_file` (the CLI's ``--mapping FILE``). See docs/adapters.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from trucewatch.agreements._yaml import MAX_YAML_BYTES, load_yaml
from trucewatch.bounded_read import read_bounded
from trucewatch.errors import AgreementError, SourceError, ValidationError
from trucewatch.geo.timezones import timezone_at
from trucewatch.model.event import (
    Actors,
    DatePrecision,
    Event,
    Fatalities,
    Location,
    LocationPrecision,
    Provenance,
)
from trucewatch.model.taxonomy import is_event_type
from trucewatch.model.time import zone
from trucewatch.sources._reading import (
    FieldError,
    Fields,
    check_day,
    convert,
    parse_day,
    parse_float,
    parse_int,
    read_table,
    text,
)
from trucewatch.sources.base import Record, register
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits
from trucewatch.sources.precision import local_days

__all__ = ["TARGETS", "GenericCsvAdapter", "mapping_from_file"]

#: every event field a column can be mapped to, with its meaning
TARGETS: dict[str, str] = {
    "id": "the record's id in the source (else a hash of the row's content)",
    "date": "the day of the event (or date_start and date_end)",
    "date_start": "first day of the event",
    "date_end": "last day of the event (inclusive)",
    "lat": "latitude in degrees (WGS84)",
    "lon": "longitude in degrees (WGS84)",
    "date_precision": "one of: " + ", ".join(p.value for p in DatePrecision),
    "location_precision": "one of: " + ", ".join(p.value for p in LocationPrecision),
    "radius_km": "location uncertainty in km",
    "side_a": "first actor",
    "side_b": "second actor",
    "event_type": "a taxonomy code, or a label translated by type_map",
    "fatalities": "deaths (best estimate)",
    "fatalities_low": "deaths, low estimate",
    "fatalities_best": "deaths, best estimate",
    "fatalities_high": "deaths, high estimate",
    "place": "place name",
    "country": "country name",
    "admin1": "first-level admin unit (province, governorate)",
    "admin2": "second-level admin unit (district)",
    "notes": "free text",
    "url": "source URL",
}
_OPTIONS = {
    "mapping",
    "source_name",
    "date_format",
    "delimiter",
    "default_radius_km",
    "default_location_precision",
    "default_event_type",
    "type_map",
    "timezone",
    "encoding",
}
_DEFAULTS: dict[str, Any] = {
    "source_name": "csv",
    "date_format": None,
    "delimiter": ",",
    "default_radius_km": 2.0,
    "default_location_precision": "exact",
    "default_event_type": "other",
    "type_map": None,
    "timezone": None,
    "encoding": "utf-8",
}
_SOURCE_NAME = re.compile(r"^[a-z][a-z0-9_\-]*$")


def mapping_from_file(path: Path) -> dict[str, Any]:
    """Adapter options from a YAML or JSON file, ready for ``GenericCsvAdapter(**options)``.

    The file holds the constructor's options (``source_name``, ``mapping``, ``date_format``,
    ``type_map``, ...). A file that holds only a flat ``{target: column}`` mapping is accepted
    as ``{"mapping": ...}``. Raises :class:`SourceError` when it cannot be read or is malformed.
    """
    path = Path(path)
    try:  # a regular file within the limit of a YAML text, read as strictly as an agreement
        raw = read_bounded(path, MAX_YAML_BYTES, "mapping file").decode("utf-8")
        data = json.loads(raw) if path.suffix.lower() == ".json" else load_yaml(raw, str(path))[0]
    except (ValidationError, AgreementError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: the mapping file cannot be read ({exc})") from exc
    except (json.JSONDecodeError, RecursionError) as exc:
        raise SourceError(f"{path}: the mapping file is not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise SourceError(f"{path}: the mapping file must hold a mapping of options")
    if "mapping" not in data and set(data) <= set(TARGETS):
        data = {"mapping": data}
    unknown = sorted(set(data) - _OPTIONS)
    if unknown:
        raise SourceError(
            f"{path}: unknown option(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(sorted(_OPTIONS))}"
        )
    return data


@register("csv")
class GenericCsvAdapter:
    """A delimited file + a declared column mapping -> events (``csv.v1``).

    ``mapping`` maps target fields (see :data:`TARGETS`) to column names; ``lat``, ``lon`` and
    ``date`` (or ``date_start``) are required. ``source_name`` prefixes event ids
    (``mycsv:17``). Dates are read with ``date_format`` (``strptime``) when given, else as
    ``YYYY-MM-DD`` and the other forms of :func:`~trucewatch.sources._reading.parse_day`; they
    are days at the event's place (``timezone`` forces one zone, e.g. ``"UTC"``).

    ``mapping`` may also be the whole options dict of a mapping file (what
    :func:`mapping_from_file` returns, with a ``"mapping"`` key); options passed as arguments
    win over the file's, and the file's over the defaults. So both
    ``GenericCsvAdapter(**mapping_from_file(f))`` and
    ``GenericCsvAdapter(mapping=mapping_from_file(f), source_name="x")`` work.
    """

    name = "csv.v1"

    def __init__(
        self,
        mapping: Mapping[str, Any],
        source_name: str | None = None,
        *,
        date_format: str | None = None,
        delimiter: str | None = None,
        default_radius_km: float | None = None,
        default_location_precision: str | None = None,
        default_event_type: str | None = None,
        type_map: Mapping[str, str] | None = None,
        timezone: str | None = None,
        encoding: str | None = None,
        limits: Limits | None = None,
    ):
        given = {
            "source_name": source_name,
            "date_format": date_format,
            "delimiter": delimiter,
            "default_radius_km": default_radius_km,
            "default_location_precision": default_location_precision,
            "default_event_type": default_event_type,
            "type_map": type_map,
            "timezone": timezone,
            "encoding": encoding,
        }
        columns, options = _resolve(mapping, given)
        where = f"csv adapter {options['source_name']!r}"
        _check_mapping(columns, where)
        if not _SOURCE_NAME.match(str(options["source_name"])):
            raise SourceError(f"{where}: source_name must be lowercase letters, digits, '_' or '-'")
        if not isinstance(options["delimiter"], str) or len(options["delimiter"]) != 1:
            raise SourceError(f"{where}: delimiter {options['delimiter']!r} must be one character")
        self.type_map = {str(k): v for k, v in (options["type_map"] or {}).items()}
        bad = sorted(
            {
                str(c)
                for c in (*self.type_map.values(), options["default_event_type"])
                if not is_event_type(c)
            }
        )
        if bad:
            raise SourceError(
                f"{where}: {', '.join(bad)} not in the event taxonomy "
                "(see trucewatch.model.taxonomy.EVENT_TYPES)"
            )
        try:
            self.default_precision = LocationPrecision(options["default_location_precision"])
            if options["timezone"] is not None:
                zone(options["timezone"])
            self.default_radius_km = float(options["default_radius_km"])
        except (TypeError, ValueError) as exc:
            raise SourceError(f"{where}: {exc}") from exc
        self.mapping: dict[str, str] = dict(columns)
        self.source: str = options["source_name"]
        self.date_format: str | None = options["date_format"]
        self.delimiter: str = options["delimiter"]
        self.default_event_type: str = options["default_event_type"]
        self.timezone: str | None = options["timezone"]
        self.encoding: str = options["encoding"]
        self.limits = limits or DEFAULT_LIMITS

    def settings(self) -> dict[str, object]:
        """The mapping and options a file is read with (the store's fingerprint of a reading:
        the same file with another mapping is read again)."""
        return {
            "mapping": dict(sorted(self.mapping.items())),
            "source_name": self.source,
            "date_format": self.date_format,
            "delimiter": self.delimiter,
            "default_radius_km": self.default_radius_km,
            "default_location_precision": self.default_precision.value,
            "default_event_type": self.default_event_type,
            "type_map": dict(sorted(self.type_map.items())),
            "timezone": self.timezone,
            "encoding": self.encoding,
        }

    def read(self, path: Path) -> Iterator[Record]:
        """Every record of ``path`` as an Event or a RowError (SourceError if unreadable)."""
        path = Path(path)
        file = str(path)
        table = read_table(
            path,
            what=f"{self.source} CSV",
            source="csv",
            required=list(dict.fromkeys(self.mapping.values())),
            delimiter=self.delimiter,
            encoding=self.encoding,
            limits=self.limits,
        )
        return convert(table, file, lambda line, fields: self._event(file, line, fields))

    # ------------------------------------------------------------------ fields

    def _get(self, f: Fields, target: str) -> str | None:
        column = self.mapping.get(target)
        return text(f, column) if column else None

    def _day(self, f: Fields, target: str) -> date:
        column = self.mapping[target]
        raw = f.get(column, "").strip()
        if not raw:
            raise FieldError(column, raw, "is empty; a date is required")
        try:
            if self.date_format:
                day = datetime.strptime(raw, self.date_format).date()
            else:
                day = parse_day(raw)
        except ValueError:
            wanted = self.date_format or "YYYY-MM-DD"
            raise FieldError(column, raw, f"is not a date in the format {wanted}") from None
        return check_day(column, raw, day)

    def _count(self, f: Fields, target: str) -> int | None:
        column = self.mapping.get(target)
        return parse_int(f, column, optional=True) if column else None

    def _when(self, f: Fields, tz: str) -> tuple[Any, DatePrecision]:
        first = self._day(f, "date" if "date" in self.mapping else "date_start")
        last = self._day(f, "date_end") if "date_end" in self.mapping else first
        if last < first:
            raise FieldError(self.mapping["date_end"], last.isoformat(), "is before the start")
        raw = self._get(f, "date_precision")
        if raw is not None:
            try:
                precision = DatePrecision(raw.lower())
            except ValueError:
                allowed = ", ".join(p.value for p in DatePrecision)
                raise FieldError(
                    self.mapping["date_precision"], raw, f"is not one of {allowed}"
                ) from None
        else:
            precision = DatePrecision.of_span((last - first).days + 1)
        return local_days(first, last, tz), precision

    def _event(self, file: str, line: int, f: Fields) -> Event:
        lat = parse_float(f, self.mapping["lat"], -90.0, 90.0)
        lon = parse_float(f, self.mapping["lon"], -180.0, 180.0)
        tz = self.timezone or timezone_at(lat, lon)
        when, date_precision = self._when(f, tz)
        precision = self.default_precision
        raw = self._get(f, "location_precision")
        if raw is not None:
            try:
                precision = LocationPrecision(raw.lower())
            except ValueError:
                allowed = ", ".join(p.value for p in LocationPrecision)
                raise FieldError(
                    self.mapping["location_precision"], raw, f"is not one of {allowed}"
                ) from None
        radius = self.default_radius_km
        if self._get(f, "radius_km") is not None:
            radius = parse_float(f, self.mapping["radius_km"], 0.0, 20_000.0)

        label = self._get(f, "event_type")
        event_type = self._event_type(label)
        best = self._count(f, "fatalities_best")
        if best is None:
            best = self._count(f, "fatalities")
        return Event(
            source=self.source,
            source_row_id=self._get(f, "id") or _content_id(f),
            adapter=self.name,
            when=when,
            date_precision=date_precision,
            where=Location(
                lat=lat,
                lon=lon,
                radius_km=radius,
                precision=precision,
                place=self._get(f, "place"),
                country=self._get(f, "country"),
                admin1=self._get(f, "admin1"),
                admin2=self._get(f, "admin2"),
            ),
            event_type=event_type,
            actors=Actors(side_a=self._get(f, "side_a"), side_b=self._get(f, "side_b")),
            fatalities=Fatalities(
                self._count(f, "fatalities_low"), best, self._count(f, "fatalities_high")
            ),
            provenance=Provenance(
                file=file, line=line, notes=self._get(f, "notes"), url=self._get(f, "url")
            ),
            source_event_type=label,
            timezone=tz,
        )

    def _event_type(self, label: str | None) -> str:
        if label is None:
            return self.default_event_type
        if self.type_map:
            return self.type_map.get(label, "other")
        if not is_event_type(label):
            raise FieldError(
                self.mapping["event_type"],
                label,
                "is not a taxonomy code (e.g. battle.armed_clash); give a type_map to translate",
            )
        return label


def _resolve(
    mapping: Mapping[str, Any], given: dict[str, Any]
) -> tuple[Mapping[str, Any], dict[str, Any]]:
    """Split ``mapping`` into columns and options; explicit arguments win over file options.

    ``mapping`` is either ``{target: column}`` or a whole options dict as
    :func:`mapping_from_file` returns it (``{"mapping": {...}, "date_format": ...}``).
    """
    if not isinstance(mapping, Mapping):
        raise SourceError("csv adapter: mapping must map target fields to column names")
    file_options: dict[str, Any] = {}
    columns: Any = mapping
    if isinstance(mapping.get("mapping"), Mapping):
        file_options = dict(mapping)
        columns = file_options.pop("mapping")
        unknown = sorted(set(file_options) - _OPTIONS)
        if unknown:
            raise SourceError(f"csv adapter: unknown option(s) {', '.join(unknown)}")
    options = {
        name: value if value is not None else file_options.get(name, _DEFAULTS[name])
        for name, value in given.items()
    }
    return columns, options


def _check_mapping(columns: Mapping[str, Any], where: str) -> None:
    for target, column in columns.items():
        if not isinstance(column, str) or not column:
            raise SourceError(
                f"{where}: mapping {target}: {column!r} is not a column name "
                f'(in YAML, quote names such as "no", "yes", "on" or numbers)'
            )
    unknown = sorted(set(columns) - set(TARGETS))
    if unknown:
        raise SourceError(
            f"{where}: unknown mapping target(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(TARGETS)}"
        )
    missing = [t for t in ("lat", "lon") if t not in columns]
    if "date" not in columns and "date_start" not in columns:
        missing.append("date (or date_start)")
    if missing:
        raise SourceError(f"{where}: the mapping lacks {', '.join(missing)}")


def _content_id(fields: Fields) -> str:
    """A stable id from the row's content: the first 16 hex digits of its SHA-1."""
    payload = "\x1f".join(f"{k}\x1e{v}" for k, v in sorted(fields.items()))
    digest = hashlib.sha1(payload.encode("utf-8", "surrogateescape"), usedforsecurity=False)
    return digest.hexdigest()[:16]
