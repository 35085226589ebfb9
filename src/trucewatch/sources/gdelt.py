"""GDELT 2.0 event export adapter, ``gdelt.v2``.

Real exports (``*.export.CSV``, or zipped ``*.export.CSV.zip``) are tab-separated, unquoted,
without a header, 61 columns. Files that start with a header row (naming ``GLOBALEVENTID``,
as in samples saved by other tools) are read by that header instead, which may carry extra
columns, in any order. Time: the local day of ``SQLDATE`` at ``ActionGeo``, ending no later
than ``DATEADDED``. Place: ``ActionGeo_*`` with its ``ActionGeo_Type``. Event type: the CAMEO
``EventCode``. Actor1 -> Actor2 is directed (Actor1 acted upon Actor2): of a violent event
or a ceasefire violation (CAMEO 196), Actor1 is the perpetrator and Actor2 the target; of any
other (a truce declared, CAMEO 0871;
an appeal; a meeting) the two are sides with no such roles, so no explanation calls a truce's
declarer "the attacker".
"""

from __future__ import annotations

import csv
import itertools
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from trucewatch.errors import RowError, SourceError
from trucewatch.geo.timezones import timezone_at
from trucewatch.model.event import Actors, DatePrecision, Event, Location, Provenance
from trucewatch.model.taxonomy import is_violent
from trucewatch.sources._reading import (
    FieldError,
    Fields,
    check_columns,
    check_header,
    clean_header,
    convert,
    open_text,
    parse_code,
    parse_date,
    parse_float,
    records,
    rows_of,
    text,
    text_stream,
)
from trucewatch.sources.base import Record, register
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits, check_instant, check_size
from trucewatch.sources.precision import GDELT_GEO_TYPE, gdelt_when
from trucewatch.sources.sniff import GDELT2_WIDTH, looks_like_gdelt_row, shape_hint
from trucewatch.sources.taxonomy_maps import cameo_type

__all__ = ["GDELT2_COLUMNS", "GdeltAdapter"]

#: the 61 columns of a GDELT 2.0 event export, in file order (GDELT 2.0 event codebook)
GDELT2_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
)

_NEEDED = (
    "GLOBALEVENTID",
    "SQLDATE",
    "EventCode",
    "ActionGeo_Type",
    "ActionGeo_Lat",
    "ActionGeo_Long",
)
_NO_LOCATION = "no ActionGeo location: GDELT could not place this event"


def parse_dateadded(raw: str | None) -> datetime | None:
    """GDELT ``DATEADDED`` (``YYYYMMDDHHMMSS``, UTC) as an aware datetime; None when blank."""
    if not raw:
        return None
    try:
        added = datetime.strptime(raw, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        raise FieldError(
            "DATEADDED", raw, "is not a UTC timestamp written YYYYMMDDHHMMSS"
        ) from None
    try:
        return check_instant(added)
    except ValueError as exc:
        raise FieldError("DATEADDED", raw, str(exc)) from None


#: headerless files: how many first records are looked at before any row is read
_SHAPE_PROBE = 10


def _check_shape(head: list[tuple[int, list[str]] | RowError], file: str) -> None:
    """Refuse a headerless file none of whose first records has a GDELT 2.0 export's shape."""
    records = [r for r in head if not isinstance(r, RowError)]
    if any(looks_like_gdelt_row(values) for _, values in records):
        return
    if not records:
        first = head[0]
        assert isinstance(first, RowError)
        raise SourceError(
            f"{file}: not a GDELT 2.0 event export: none of its first {len(head)} records "
            f"can be read (line {first.line}: {first.reason}); nothing was read"
        )
    line, values = records[0]
    raise SourceError(
        f"{file}: not a GDELT 2.0 event export: line {line} has {len(values)} tab-separated "
        f"field(s), where an export has {GDELT2_WIDTH} starting with a numeric GLOBALEVENTID "
        f"and a YYYYMMDD SQLDATE (or a header row starting with GLOBALEVENTID)"
        f"{shape_hint(values, 'gdelt')}; nothing was read"
    )


def _place_parts(geo_type: int, full_name: str | None) -> tuple[str | None, str | None]:
    """(country, admin1) from ``ActionGeo_FullName``: "City, State, Country" / "State, Country"."""
    if not full_name:
        return None, None
    parts = [p.strip() for p in full_name.split(",")]
    country = parts[-1] or None
    if geo_type in (2, 5) and len(parts) >= 2:
        return country, parts[0] or None
    if geo_type in (3, 4) and len(parts) >= 3:
        return country, parts[-2] or None
    return country, None


@register("gdelt")
class GdeltAdapter:
    """GDELT 2.0 event export (``.CSV``, ``.CSV.zip``, or a TSV with header) -> events."""

    name = "gdelt.v2"
    source = "gdelt"

    #: how the actors' roles are read; another reading of the same file, another fingerprint
    ROLES = "actor1 perpetrator of violent events and ceasefire violations only"

    def __init__(self, encoding: str = "utf-8", limits: Limits | None = None):
        self.encoding = encoding
        self.limits = limits or DEFAULT_LIMITS

    def settings(self) -> dict[str, object]:
        """What a reading depends on, for the store's fingerprint of an ingest."""
        return {"encoding": self.encoding, "roles": self.ROLES}

    def read(self, path: Path) -> Iterator[Record]:
        """Every record of ``path`` as an Event or a RowError (SourceError if unreadable)."""
        path = Path(path)
        if path.suffix.lower() == ".zip":
            yield from self._read_zip(path)
            return
        check_size(path, self.limits)
        with open_text(path, self.encoding) as stream:
            yield from self._read_stream(stream, str(path))

    def _read_zip(self, path: Path) -> Iterator[Record]:
        """The one member of a zipped export; a damaged archive is refused whole."""
        if not path.is_file():
            raise SourceError(f"{path}: no such file")
        check_size(path, self.limits)
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise SourceError(f"{path}: not a readable zip archive ({exc})") from exc
        with archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                names = ", ".join(m.filename for m in members[:5])
                raise SourceError(
                    f"{path}: the zip archive holds {len(members)} files"
                    f"{f' ({names})' if names else ''}; a zipped GDELT export holds exactly one "
                    "(unzip it and ingest the files one by one); nothing was read"
                )
            (member,) = members
            label = f"{path}[{member.filename}]"
            if member.flag_bits & 0x1:
                raise SourceError(
                    f"{label}: the zip member is encrypted; unzip it with its password and "
                    "ingest the file itself; nothing was read"
                )
            try:
                with archive.open(member) as binary:
                    stream = text_stream(binary, self.encoding)
                    yield from self._read_stream(stream, label)
            except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, OSError) as exc:
                raise SourceError(
                    f"{label}: the zip member is damaged ({exc or type(exc).__name__}): "
                    "download the file again; nothing was stored"
                ) from exc

    def _read_stream(self, stream: TextIO, file: str) -> Iterator[Record]:
        rows = rows_of(
            stream,
            file,
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
            limits=self.limits,
            encoding=self.encoding,
        )
        rows.use_header(GDELT2_COLUMNS)
        first = next(rows, None)
        if first is None:
            raise SourceError(f"{file}: the file is empty")
        header: tuple[str, ...] | list[str] = GDELT2_COLUMNS
        items: Iterable[tuple[int, list[str]] | RowError] = rows
        if not isinstance(first, RowError) and "GLOBALEVENTID" in clean_header(first[1]):
            header = clean_header(first[1])  # columns in any order: read by name
            check_header(header, file)
            check_columns(header, _NEEDED, file, "GDELT 2.0 event export", "gdelt")
        else:
            head = [first, *itertools.islice(rows, _SHAPE_PROBE - 1)]
            _check_shape(head, file)
            items = itertools.chain(head, rows)
        rows.use_header(header)
        records_ = records(items, header, file, encoding=self.encoding)
        yield from convert(records_, file, lambda line, fields: self._event(file, line, fields))

    def _event(self, file: str, line: int, f: Fields) -> Event:
        geo_raw = f.get("ActionGeo_Type", "").strip()
        if geo_raw in ("", "0"):
            raise FieldError("ActionGeo_Type", geo_raw, _NO_LOCATION)
        geo_type = parse_code(f, "ActionGeo_Type", GDELT_GEO_TYPE)
        precision, radius = GDELT_GEO_TYPE[geo_type]
        if not f.get("ActionGeo_Lat", "").strip() or not f.get("ActionGeo_Long", "").strip():
            raise FieldError("ActionGeo_Lat", f.get("ActionGeo_Lat", ""), _NO_LOCATION)
        lat = parse_float(f, "ActionGeo_Lat", -90.0, 90.0)
        lon = parse_float(f, "ActionGeo_Long", -180.0, 180.0)
        event_id = text(f, "GLOBALEVENTID")
        if event_id is None:
            raise FieldError("GLOBALEVENTID", "", "is empty; every GDELT event has an id")
        day = parse_date(f, "SQLDATE")
        added = parse_dateadded(text(f, "DATEADDED"))
        tz = timezone_at(lat, lon)
        when, adjusted = gdelt_when(day, tz, added)

        side_a = text(f, "Actor1Name") or text(f, "Actor1Code")
        side_b = text(f, "Actor2Name") or text(f, "Actor2Code")
        code = text(f, "EventCode")
        event_type = cameo_type(code)
        directed = (
            side_a is not None
            and side_b is not None
            and (is_violent(event_type) or event_type == "strategic.ceasefire_violation")
        )
        full_name = text(f, "ActionGeo_FullName")
        country, admin1 = _place_parts(geo_type, full_name)
        notes = None
        if added is not None:
            notes = f"DATEADDED {added.isoformat().replace('+00:00', 'Z')}"
            if adjusted:
                notes += f"; {adjusted}"
        return Event(
            source=self.source,
            source_row_id=event_id,
            adapter=self.name,
            when=when,
            date_precision=DatePrecision.DAY,
            where=Location(
                lat=lat,
                lon=lon,
                radius_km=radius,
                precision=precision,
                place=full_name,
                country=country,
                admin1=admin1,
            ),
            event_type=event_type,
            actors=Actors(
                side_a=side_a,
                side_b=side_b,
                perpetrator=side_a if directed else None,
                target=side_b if directed else None,
            ),
            provenance=Provenance(file=file, line=line, url=text(f, "SOURCEURL"), notes=notes),
            source_event_type=code,
            timezone=tz,
        )
