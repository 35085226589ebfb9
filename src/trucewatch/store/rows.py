"""The one mapping between :class:`~trucewatch.Event` and a row of the ``events`` table.

``event_to_row`` and ``row_to_event`` are exact inverses: ``row_to_event(event_to_row(e)) == e``
for every valid event. ``events_to_table`` builds the same rows column-wise as a pyarrow Table
for bulk inserts.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from trucewatch.model.event import (
    Actors,
    DatePrecision,
    Event,
    Fatalities,
    Location,
    LocationPrecision,
    Provenance,
)
from trucewatch.model.time import Interval

__all__ = [
    "ALL_COLUMNS",
    "EVENT_COLUMNS",
    "EVENT_SCHEMA",
    "STORE_ONLY_COLUMNS",
    "event_to_row",
    "events_to_table",
    "paused_gc",
    "row_to_event",
]

_TS = pa.timestamp("us", tz="UTC")
_TEXT_LIST = pa.list_(pa.string())

#: Columns an Event maps to, in table order, with their Arrow types.
EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("source", pa.string()),
        ("source_row_id", pa.string()),
        ("adapter", pa.string()),
        ("time_start", _TS),
        ("time_end", _TS),
        ("date_precision", pa.string()),
        ("timezone", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("radius_km", pa.float64()),
        ("location_precision", pa.string()),
        ("place", pa.string()),
        ("country", pa.string()),
        ("admin1", pa.string()),
        ("admin2", pa.string()),
        ("admin3", pa.string()),
        ("side_a", pa.string()),
        ("side_b", pa.string()),
        ("perpetrator", pa.string()),
        ("target", pa.string()),
        ("associated_a", _TEXT_LIST),
        ("associated_b", _TEXT_LIST),
        ("event_type", pa.string()),
        ("source_event_type", pa.string()),
        ("fatalities_low", pa.int64()),
        ("fatalities_best", pa.int64()),
        ("fatalities_high", pa.int64()),
        ("prov_file", pa.string()),
        ("prov_line", pa.int64()),
        ("article", pa.string()),
        ("headline", pa.string()),
        ("url", pa.string()),
        ("notes", pa.string()),
        ("publisher", pa.string()),
        ("confidence", pa.float64()),
        ("guessed", _TEXT_LIST),
    ]
)

#: Names of the Event columns, in table order.
EVENT_COLUMNS: tuple[str, ...] = tuple(EVENT_SCHEMA.names)

#: Columns the store adds to every event row (not part of the Event itself).
STORE_ONLY_COLUMNS: tuple[str, ...] = ("ingest_id", "ingested_at")

#: The columns an event read from text adds (migration 12, after the store's own columns).
_TEXT_COLUMNS: tuple[str, ...] = ("confidence", "guessed")

#: The columns of the table ``events``, in order: the event's, then the store's own, then the
#: extraction's (an event record as read back, an export, a page of the API).
ALL_COLUMNS: tuple[str, ...] = (
    *(c for c in EVENT_COLUMNS if c not in _TEXT_COLUMNS),
    *STORE_ONLY_COLUMNS,
    *_TEXT_COLUMNS,
)


def _values(e: Event) -> tuple[Any, ...]:
    w, a, f, p = e.where, e.actors, e.fatalities, e.provenance
    return (
        e.event_id,
        e.source,
        e.source_row_id,
        e.adapter,
        e.when.start,
        e.when.end,
        e.date_precision.value,
        e.timezone,
        float(w.lat),
        float(w.lon),
        float(w.radius_km),
        w.precision.value,
        w.place,
        w.country,
        w.admin1,
        w.admin2,
        w.admin3,
        a.side_a,
        a.side_b,
        a.perpetrator,
        a.target,
        list(a.associated_a),
        list(a.associated_b),
        e.event_type,
        e.source_event_type,
        f.low,
        f.best,
        f.high,
        p.file,
        p.line,
        p.article,
        p.headline,
        p.url,
        p.notes,
        p.publisher,
        e.confidence,
        list(e.guessed),
    )


def event_to_row(event: Event) -> dict[str, Any]:
    """The ``events`` row of ``event`` (without the store-only columns), as a plain dict."""
    return dict(zip(EVENT_COLUMNS, _values(event), strict=True))


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def row_to_event(row: Mapping[str, Any]) -> Event:
    """Rebuild the Event of an ``events`` row (a dict from :meth:`Store.events` or a query)."""
    return Event(
        source=row["source"],
        source_row_id=row["source_row_id"],
        adapter=row["adapter"],
        when=Interval(_utc(row["time_start"]), _utc(row["time_end"])),
        date_precision=DatePrecision(row["date_precision"]),
        where=Location(
            lat=row["lat"],
            lon=row["lon"],
            radius_km=row["radius_km"],
            precision=LocationPrecision(row["location_precision"]),
            place=row["place"],
            country=row["country"],
            admin1=row["admin1"],
            admin2=row["admin2"],
            admin3=row["admin3"],
        ),
        event_type=row["event_type"],
        actors=Actors(
            side_a=row["side_a"],
            side_b=row["side_b"],
            perpetrator=row["perpetrator"],
            target=row["target"],
            associated_a=tuple(row["associated_a"] or ()),
            associated_b=tuple(row["associated_b"] or ()),
        ),
        fatalities=Fatalities(
            low=row["fatalities_low"], best=row["fatalities_best"], high=row["fatalities_high"]
        ),
        provenance=Provenance(
            file=row["prov_file"],
            line=row["prov_line"],
            article=row["article"],
            headline=row["headline"],
            url=row["url"],
            notes=row["notes"],
            publisher=row["publisher"],
        ),
        source_event_type=row["source_event_type"],
        timezone=row["timezone"],
        confidence=row.get("confidence"),
        guessed=tuple(row.get("guessed") or ()),
    )


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many long-lived objects.

    Bulk loads create millions of objects that all stay alive; without the pause the collector
    rescans them again and again (it halves the time of a 200k-row ingest).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def events_to_table(events: Iterable[Event]) -> pa.Table:
    """The rows of ``events`` as one pyarrow Table with :data:`EVENT_SCHEMA`."""
    with paused_gc():
        rows = [_values(e) for e in events]
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in EVENT_COLUMNS]
        del rows
        arrays = [
            pa.array(col, type=fld.type) for col, fld in zip(columns, EVENT_SCHEMA, strict=True)
        ]
    return pa.Table.from_arrays(arrays, schema=EVENT_SCHEMA)
