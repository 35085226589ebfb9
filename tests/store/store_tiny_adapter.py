"""A tiny hand-made event format for the store tests, and its adapter.

One record per line, tab-separated, ``#`` starts a comment::

    id  day(YYYY-MM-DD, Damascus)  lat  lon  event_type  side_a  side_b  best

Any object with ``name``, ``source`` and ``read(path)`` is an adapter; this one needs nothing
but the model, so the store can be tested before the real source adapters exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from trucewatch.errors import RowError, ValidationError
from trucewatch.model import Actors, Event, Fatalities, Location, Provenance, local_days_interval

FIELDS = ("id", "day", "lat", "lon", "event_type", "side_a", "side_b", "best")


class TinyAdapter:
    name = "tiny.v1"
    source = "tiny"

    def read(self, path: Path) -> Iterator[Event | RowError]:
        with Path(path).open(encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, start=1):
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                yield self._record(path.name, line_no, line.split("\t"))

    def _record(self, file: str, line: int, parts: list[str]) -> Event | RowError:
        if len(parts) != len(FIELDS):
            return RowError(file, line, None, None, f"{len(parts)} fields, expected {len(FIELDS)}")
        row = dict(zip(FIELDS, parts, strict=True))
        field = "day"
        try:
            day = date.fromisoformat(row["day"])
            field = "lat"
            lat = float(row["lat"])
            field = "lon"
            lon = float(row["lon"])
            field = "lat"
            where = Location(lat=lat, lon=lon, radius_km=1.0, precision="exact")
            field = "best"
            best = int(row["best"]) if row["best"] else None
            field = "event_type"
            return Event(
                source=self.source,
                source_row_id=row["id"],
                adapter=self.name,
                when=local_days_interval(day, day, "Asia/Damascus"),
                date_precision="day",
                where=where,
                event_type=row["event_type"],
                actors=Actors(side_a=row["side_a"] or None, side_b=row["side_b"] or None),
                fatalities=Fatalities(best=best),
                provenance=Provenance(file=file, line=line),
                timezone="Asia/Damascus",
            )
        except (ValueError, ValidationError) as exc:
            return RowError(file, line, field, row[field], str(exc))


def write_tiny(path: Path, n: int, *, start: int = 0) -> Path:
    """A generated tiny file of ``n`` good rows with ids ``start`` .. ``start + n - 1``."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write("# tiny v1: generated\n")
        for i in range(start, start + n):
            day = date.fromordinal(date(2016, 1, 1).toordinal() + i % 366)
            fh.write(
                f"g{i}\t{day.isoformat()}\t{33 + (i % 400) / 100:.2f}\t{36 + (i % 300) / 100:.2f}"
                f"\tremote.shelling\tGovernment of Syria\tSyrian insurgents\t{i % 7}\n"
            )
    return path
