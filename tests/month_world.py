"""A seeded month of an ACLED-like source for the "month in the life" test: every simulated day
new events are coded, some earlier ones edited in place (moved, their toll revised) and some
deleted, each change stamped with the day's time as ACLED stamps its rows (``timestamp``).

:class:`World` holds the source as of a day (its live rows and its deletions), which the test
hands to the fake ACLED API of tests/feeds/fake_apis.py; :func:`export_csv` writes rows as one
export file, which the ``acled`` adapter reads. The events are in March 2016 around Aleppo,
Idleb and Damascus, inside the shipped nationwide cessation of hostilities, between the
government and either the opposition (parties) or the Islamic State (excluded), so their
verdicts differ; an edit may move an event out of Syria.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

#: the first simulated day (the wall clock of the feed, not the events' dates)
FIRST_DAY = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
DAYS = 30

_PLACES = [
    ("Aleppo", "Aleppo", "Jebel Saman", 36.2021, 37.1343),
    ("Idleb", "Idleb", "Idleb", 35.9306, 36.6339),
    ("Damascus", "Damascus", "Damascus", 33.5102, 36.2913),
    ("Douma", "Rural Damascus", "Duma", 33.5722, 36.4019),
]
_SIDES = [
    ("Military Forces of Syria (2000-)", "Opposition Rebels (Syria)"),
    ("Military Forces of Syria (2000-)", "Islamic State (Syria)"),
    ("Opposition Rebels (Syria)", "Hayat Tahrir al Sham"),
]
_TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
]


@dataclass(frozen=True)
class Row:
    """One event as the source holds it now."""

    number: int
    day: int  # event date: 2016-03-<day>
    place: int
    sides: int
    kind: int
    fatalities: int
    timestamp: int
    shift: float = 0.0  # degrees moved north by edits

    @property
    def event_id(self) -> str:
        return f"SYR{self.number}"

    def record(self) -> dict[str, str]:
        """The event as ACLED's API gives it (strings, the columns of its current export)."""
        location, admin1, admin2, lat, lon = _PLACES[self.place]
        actor1, actor2 = _SIDES[self.sides]
        event_type, sub_type = _TYPES[self.kind]
        return {
            "event_id_cnty": self.event_id,
            "event_date": f"2016-03-{self.day:02d}",
            "year": "2016",
            "time_precision": "1",
            "disorder_type": "Political violence",
            "event_type": event_type,
            "sub_event_type": sub_type,
            "actor1": actor1,
            "assoc_actor_1": "",
            "inter1": "State forces",
            "actor2": actor2,
            "assoc_actor_2": "",
            "inter2": "Rebel group",
            "interaction": "State forces-Rebel group",
            "civilian_targeting": "",
            "iso": "760",
            "region": "Middle East",
            "country": "Syria",
            "admin1": admin1,
            "admin2": admin2,
            "admin3": admin2,
            "location": location,
            "latitude": f"{lat + self.shift:.4f}",
            "longitude": f"{lon:.4f}",
            "geo_precision": "1",
            "source": "SOHR",
            "source_scale": "National",
            "notes": f"Simulated event {self.number}.",
            "fatalities": str(self.fatalities),
            "tags": "",
            "timestamp": str(self.timestamp),
        }


@dataclass
class World:
    """The source over a month: :meth:`advance` codes one more day of changes."""

    seed: int = 16
    day: int = -1
    rows: dict[str, Row] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)  # id -> deleted_timestamp
    _next: int = 100_000

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)

    def advance(self) -> None:
        """Code the next day: 4-8 new events, 0-2 edits of live ones, a deletion every third
        day; each change stamped with a second of that day."""
        self.day += 1
        r = self.random
        clock = int((FIRST_DAY + timedelta(days=self.day)).timestamp())
        tick = 0
        yesterday = self._next - 1  # the last event coded the day before
        for _ in range(r.randint(4, 8)):
            tick += 1
            row = Row(self._next, r.randint(1, 30), r.randrange(len(_PLACES)),
                      r.randrange(len(_SIDES)), r.randrange(len(_TYPES)), r.randint(0, 6),
                      clock + tick)  # fmt: skip
            self._next += 1
            self.rows[row.event_id] = row
        live = sorted(self.rows)
        for event_id in r.sample(live, k=min(len(live), r.randint(0, 2))):
            tick += 1
            old = self.rows[event_id]
            self.rows[event_id] = replace(
                old,
                fatalities=old.fatalities + r.randint(1, 3),
                shift=old.shift + r.choice([0.0, 0.5, 1.5]),
                timestamp=clock + tick,
            )
        gone = []
        if self.day % 3 == 2 and self.rows:
            gone.append(r.choice(sorted(self.rows)))
        if self.day % 5 == 4:  # one coded the day before: its alert may not be sent yet
            gone.extend(i for i in sorted(self.rows) if self.rows[i].number == yesterday)
        for event_id in dict.fromkeys(gone):
            tick += 1
            del self.rows[event_id]
            self.deleted[event_id] = clock + tick

    def now(self) -> datetime:
        """The wall clock at the end of the current day's coding."""
        return FIRST_DAY + timedelta(days=self.day, hours=12)

    def changed_since(self, timestamp: int) -> tuple[list[Row], list[tuple[str, int]]]:
        """What a pull after ``timestamp`` gets: the live rows stamped later, and the ids
        deleted later (with their deletion stamps)."""
        rows = sorted((r for r in self.rows.values() if r.timestamp > timestamp),
                      key=lambda r: (r.timestamp, r.number))  # fmt: skip
        gone = sorted((i, t) for i, t in self.deleted.items() if t > timestamp)
        return rows, gone


def export_csv(records: list[dict[str, str]], path: Path) -> Path:
    """``records`` (as :meth:`Row.record` makes them) as one ACLED export file at ``path``."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    return path
