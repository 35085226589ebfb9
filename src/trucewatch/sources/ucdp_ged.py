"""UCDP Georeferenced Event Dataset (GED) adapter, ``ucdp_ged.v1``.

Reads the GED CSV download (codebook 19.1 columns; quoted fields may span lines) or a page of
the GED API (``{"TotalCount": .., "Result": [{...}, ...]}``, a path ending ``.json``).
Time: the local days ``date_start``..``date_end`` at the event's place; place: ``where_prec``
(see :mod:`trucewatch.sources.precision`). One-sided violence (type 3) is directed:
``side_a`` is the perpetrator, ``side_b`` the target.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator
from contextlib import closing
from pathlib import Path

from trucewatch.errors import RowError, SourceError
from trucewatch.geo.timezones import timezone_at
from trucewatch.model.event import Actors, Event, Location, Provenance
from trucewatch.sources._columns import PIECE_BYTES, ColumnPiece, column_pieces
from trucewatch.sources._ged_columns import (
    WANTED,
    ged_columns,
    reconcile_fatalities,
    violence_type,
)
from trucewatch.sources._lines import CONTROL, control_reason, without_bom
from trucewatch.sources._parallel import in_order
from trucewatch.sources._reading import (
    FieldError,
    Fields,
    check_columns,
    convert,
    parse_code,
    parse_date,
    parse_float,
    parse_int,
    read_table,
    text,
)
from trucewatch.sources._vector import ColumnBatch, build_batch, by_chunk
from trucewatch.sources.base import Record, register
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits, check_size
from trucewatch.sources.precision import UCDP_DATE_PRECISION, UCDP_WHERE_PRECISION, ucdp_when

__all__ = ["UcdpGedAdapter", "reconcile_fatalities"]

REQUIRED = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "latitude",
    "longitude",
    "date_prec",
    "date_start",
    "date_end",
    "low",
    "best",
    "high",
)


def _unquote(value: str | None) -> str | None:
    """GED wraps ``source_article`` in an extra pair of double quotes; drop that pair."""
    if value and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].strip() or None
    return value


@register("ucdp-ged")
class UcdpGedAdapter:
    """UCDP GED CSV or API JSON page -> events (``ucdp_ged.v1``)."""

    name = "ucdp_ged.v1"
    source = "ucdp_ged"

    def __init__(self, encoding: str = "utf-8", limits: Limits | None = None):
        self.encoding = encoding
        self.limits = limits or DEFAULT_LIMITS

    def read(self, path: Path) -> Iterator[Record]:
        """Every record of ``path`` as an Event or a RowError (SourceError if unreadable)."""
        path = Path(path)
        file = str(path)
        if path.suffix.lower() == ".json":
            items = self._json_records(path)
        else:
            items = read_table(
                path,
                what="UCDP GED",
                source="ucdp-ged",
                required=REQUIRED,
                encoding=self.encoding,
                limits=self.limits,
            )
        return convert(items, file, lambda line, fields: self._event(file, line, fields))

    def read_columns(self, path: Path) -> ColumnBatch | None:
        """Every record of ``path`` as in :meth:`read`, the good ones as columns (None for a
        file the column reader does not take: read it with :meth:`read`)."""
        pieces = self.read_column_pieces(path, None)
        if pieces is None:
            return None
        with closing(pieces):
            return next(pieces)

    def read_column_pieces(
        self, path: Path, piece_bytes: int | None = PIECE_BYTES
    ) -> Generator[ColumnBatch, None, None] | None:
        """:meth:`read_columns` in pieces of about ``piece_bytes`` bytes of the file, in file
        order (memory bounded by the piece; pieces are parsed and checked by worker threads,
        :func:`~trucewatch.sources._parallel.in_order`)."""
        path = Path(path)
        if path.suffix.lower() == ".json":
            return None
        pieces = column_pieces(
            path,
            what="UCDP GED",
            source="ucdp-ged",
            required=REQUIRED,
            wanted=WANTED,
            encoding=self.encoding,
            limits=self.limits,
            piece_bytes=piece_bytes,
        )
        if pieces is None:
            return None
        return in_order(lambda piece: self._column_batch(path, piece), pieces)

    def _column_batch(self, path: Path, piece: ColumnPiece) -> ColumnBatch:
        file = str(path)
        records = piece.records()
        flag, columns = by_chunk(
            records.table, lambda chunk: ged_columns(chunk, file, self.source, self.name)
        )
        return build_batch(records, flag, columns, file, lambda line, f: self._event(file, line, f))

    def _json_records(self, path: Path) -> Iterator[tuple[int, Fields] | RowError]:
        """API page records as string fields; ``line`` is the record's 1-based position."""
        file = str(path)
        if path.is_file():
            check_size(path, self.limits)
        try:
            page = json.loads(path.read_bytes().decode(self.encoding))
        except FileNotFoundError as exc:
            raise SourceError(f"{file}: no such file") from exc
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise SourceError(f"{file}: not a readable UCDP GED API JSON page ({exc})") from exc
        results = page.get("Result") if isinstance(page, dict) else None
        if not isinstance(results, list):
            raise SourceError(
                f"{file}: not a UCDP GED API page: expected an object with a 'Result' list"
            )
        if results and isinstance(results[0], dict):
            check_columns(list(results[0]), REQUIRED, file, "UCDP GED API", "ucdp-ged")
        for number, item in enumerate(results, start=1):
            if not isinstance(item, dict):
                yield RowError(file, number, None, None, "the result is not a JSON object")
                continue
            fields = {
                without_bom(str(k)): "" if v is None else without_bom(str(v))
                for k, v in item.items()
            }
            bad = next((k for k, v in fields.items() if CONTROL.search(v)), None)
            if bad is not None:
                value = fields[bad]
                yield RowError(
                    file, number, bad, CONTROL.sub("\ufffd", value), control_reason(value)
                )
                continue
            yield number, fields

    def _event(self, file: str, line: int, f: Fields) -> Event:
        lat = parse_float(f, "latitude", -90.0, 90.0)
        lon = parse_float(f, "longitude", -180.0, 180.0)
        where_precision, radius = UCDP_WHERE_PRECISION[
            parse_code(f, "where_prec", UCDP_WHERE_PRECISION)
        ]
        date_prec = parse_code(f, "date_prec", UCDP_DATE_PRECISION)
        start = parse_date(f, "date_start")
        end = parse_date(f, "date_end")
        tz = timezone_at(lat, lon)
        when, date_precision = ucdp_when(date_prec, start, end, tz)

        violence = text(f, "type_of_violence")
        event_type = violence_type(violence)
        side_a, side_b = text(f, "side_a"), text(f, "side_b")
        directed = violence == "3" and side_a is not None and side_b is not None
        actors = Actors(
            side_a=side_a,
            side_b=side_b,
            perpetrator=side_a if directed else None,
            target=side_b if directed else None,
        )
        fatalities, note = reconcile_fatalities(
            parse_int(f, "low", optional=True),
            parse_int(f, "best", optional=True),
            parse_int(f, "high", optional=True),
        )
        source_row_id = text(f, "id")
        if source_row_id is None:
            raise FieldError("id", "", "is empty; every UCDP GED event has an id")
        return Event(
            source=self.source,
            source_row_id=source_row_id,
            adapter=self.name,
            when=when,
            date_precision=date_precision,
            where=Location(
                lat=lat,
                lon=lon,
                radius_km=radius,
                precision=where_precision,
                place=text(f, "where_coordinates") or text(f, "where_description"),
                country=text(f, "country"),
                admin1=text(f, "adm_1"),
                admin2=text(f, "adm_2"),
            ),
            event_type=event_type,
            actors=actors,
            fatalities=fatalities,
            provenance=Provenance(
                file=file,
                line=line,
                article=_unquote(text(f, "source_article")),
                headline=text(f, "source_headline"),
                publisher=text(f, "source_office"),
                notes=note,
            ),
            source_event_type=violence,
            timezone=tz,
        )
