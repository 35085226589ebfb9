"""ACLED adapter, ``acled.v1``: the current (2019+) export and the pre-2019 schema.

The schema is told by the columns: a ``sub_event_type`` column means the 2019+ codebook,
otherwise the old one (``ally_actor_1/2``, ``gwno``, event types such as
"Battle-No change of territory"; files saved by pandas may start with an unnamed index column).
``actor1``/``actor2`` become ``side_a``/``side_b`` and are not directed: ACLED does not say who
acted upon whom. Fatalities are ACLED's single, most conservative count: ``low = best``.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from contextlib import closing
from pathlib import Path

from trucewatch.geo.timezones import timezone_at
from trucewatch.model.event import Actors, Event, Fatalities, Location, Provenance
from trucewatch.sources._acled_columns import WANTED, acled_columns
from trucewatch.sources._columns import PIECE_BYTES, ColumnPiece, column_pieces
from trucewatch.sources._parallel import in_order
from trucewatch.sources._reading import (
    FieldError,
    Fields,
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
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits
from trucewatch.sources.precision import ACLED_GEO_PRECISION, ACLED_TIME_PRECISION, acled_when
from trucewatch.sources.taxonomy_maps import acled_type

__all__ = ["AcledAdapter", "split_actors"]

REQUIRED = (
    "event_date",
    "time_precision",
    "event_type",
    "actor1",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
)

_ASSOC_NEW = ("assoc_actor_1", "assoc_actor_2")  # 2019+ schema
_ASSOC_OLD = ("ally_actor_1", "ally_actor_2")  # pre-2019 schema


def split_actors(value: str | None) -> tuple[str, ...]:
    """ACLED's ``assoc_actor_*`` / ``ally_actor_*``: several actors separated by ';'."""
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(";") if part.strip())


@register("acled")
class AcledAdapter:
    """ACLED CSV export (2019+ or pre-2019 columns) -> events (``acled.v1``)."""

    name = "acled.v1"
    source = "acled"

    def __init__(self, encoding: str = "utf-8", limits: Limits | None = None):
        self.encoding = encoding
        self.limits = limits or DEFAULT_LIMITS

    def read(self, path: Path) -> Iterator[Record]:
        """Every record of ``path`` as an Event or a RowError (SourceError if unreadable)."""
        path = Path(path)
        file = str(path)
        table = read_table(
            path,
            what="ACLED",
            source="acled",
            required=REQUIRED,
            one_of=("event_id_cnty", "data_id"),
            encoding=self.encoding,
            limits=self.limits,
        )
        return convert(table, file, lambda line, fields: self._event(file, line, fields))

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
        pieces = column_pieces(
            path,
            what="ACLED",
            source="acled",
            required=REQUIRED,
            one_of=("event_id_cnty", "data_id"),
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
            records.table,
            lambda chunk: acled_columns(chunk, file, self.source, self.name, split_actors),
        )
        return build_batch(records, flag, columns, file, lambda line, f: self._event(file, line, f))

    def _event(self, file: str, line: int, f: Fields) -> Event:
        lat = parse_float(f, "latitude", -90.0, 90.0)
        lon = parse_float(f, "longitude", -180.0, 180.0)
        geo_precision, radius = ACLED_GEO_PRECISION[
            parse_code(f, "geo_precision", ACLED_GEO_PRECISION)
        ]
        time_precision = parse_code(f, "time_precision", ACLED_TIME_PRECISION)
        day = parse_date(f, "event_date")
        tz = timezone_at(lat, lon)
        when, date_precision = acled_when(time_precision, day, tz)

        event_id = text(f, "event_id_cnty")
        if event_id is None:
            data_id = text(f, "data_id")
            if data_id is None:
                raise FieldError("event_id_cnty", "", "is empty and so is data_id: no event id")
            event_id = f"data_id-{data_id}"

        sub_type = text(f, "sub_event_type")
        main_type = text(f, "event_type")
        fatalities = parse_int(f, "fatalities")
        assoc = _ASSOC_NEW if "sub_event_type" in f else _ASSOC_OLD
        return Event(
            source=self.source,
            source_row_id=event_id,
            adapter=self.name,
            when=when,
            date_precision=date_precision,
            where=Location(
                lat=lat,
                lon=lon,
                radius_km=radius,
                precision=geo_precision,
                place=text(f, "location"),
                country=text(f, "country"),
                admin1=text(f, "admin1"),
                admin2=text(f, "admin2"),
                admin3=text(f, "admin3"),
            ),
            event_type=acled_type(sub_type, main_type),
            actors=Actors(
                side_a=text(f, "actor1"),
                side_b=text(f, "actor2"),
                associated_a=split_actors(text(f, assoc[0])),
                associated_b=split_actors(text(f, assoc[1])),
            ),
            fatalities=Fatalities(low=fatalities, best=fatalities, high=None),
            provenance=Provenance(
                file=file,
                line=line,
                notes=text(f, "notes"),
                publisher=text(f, "source"),
            ),
            source_event_type=sub_type or main_type,
            timezone=tz,
        )
