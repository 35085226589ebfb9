"""Event <-> row: one mapping, exact both ways, also through a real DuckDB file."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trucewatch.model import (
    Actors,
    DatePrecision,
    Event,
    Fatalities,
    Interval,
    Location,
    LocationPrecision,
    Provenance,
)
from trucewatch.model.taxonomy import EVENT_TYPES
from trucewatch.store import Store
from trucewatch.store.rows import (
    ALL_COLUMNS,
    EVENT_COLUMNS,
    STORE_ONLY_COLUMNS,
    event_to_row,
    events_to_table,
    row_to_event,
)

_text = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=30)
_opt = st.none() | _text
_instants = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


@st.composite
def events(draw: st.DrawFn) -> Event:
    start = draw(_instants)
    length = draw(st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=400)))
    side_a, side_b = draw(_opt), draw(_opt)
    directed = draw(st.booleans()) and side_a is not None and side_b is not None
    known = sorted(draw(st.lists(st.integers(0, 10**12), min_size=3, max_size=3)))
    low, best, high = (draw(st.none() | st.just(v)) for v in known)
    return Event(
        source=draw(st.from_regex(r"[a-z][a-z0-9_\-]{0,12}", fullmatch=True)),
        source_row_id=draw(st.from_regex(r"[A-Za-z0-9:._\-]{1,20}", fullmatch=True)),
        adapter=draw(_text),
        when=Interval(start, start + length),
        date_precision=draw(st.sampled_from(DatePrecision)),
        where=Location(
            lat=draw(st.floats(-90, 90)),
            lon=draw(st.floats(-180, 180)),
            radius_km=draw(st.floats(0, 5000)),
            precision=draw(st.sampled_from(LocationPrecision)),
            place=draw(_opt),
            country=draw(_opt),
            admin1=draw(_opt),
            admin2=draw(_opt),
            admin3=draw(_opt),
        ),
        event_type=draw(st.sampled_from(sorted(EVENT_TYPES))),
        actors=Actors(
            side_a=side_a,
            side_b=side_b,
            perpetrator=side_a if directed else None,
            target=side_b if directed else None,
            associated_a=tuple(draw(st.lists(_text, max_size=3))),
            associated_b=tuple(draw(st.lists(_text, max_size=3))),
        ),
        fatalities=Fatalities(low=low, best=best, high=high),
        provenance=Provenance(
            file=draw(_opt),
            line=draw(st.none() | st.integers(1, 10**9)),
            article=draw(_opt),
            headline=draw(_opt),
            url=draw(_opt),
            notes=draw(_opt),
            publisher=draw(_opt),
        ),
        source_event_type=draw(_opt),
        timezone=draw(st.sampled_from(["UTC", "Asia/Damascus", "Europe/Moscow"])),
    )


@settings(max_examples=200, deadline=None)
@given(events())
def test_rows_event_to_row_to_event_is_identity(event: Event) -> None:
    assert row_to_event(event_to_row(event)) == event


@settings(max_examples=30, deadline=None)
@given(st.lists(events(), max_size=5))
def test_rows_arrow_table_holds_the_same_rows(batch: list[Event]) -> None:
    table = events_to_table(batch)
    assert table.column_names == list(EVENT_COLUMNS)
    assert [row_to_event(r) for r in table.to_pylist()] == batch


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events())
def test_rows_event_survives_the_store_unchanged(store: Store, event: Event) -> None:
    event = dataclasses.replace(event, source_row_id=uuid.uuid4().hex)
    store.ingest_events([event], label="hypothesis", adapter="test.v1")
    back = [e for e in store.iter_events() if e.event_id == event.event_id]
    assert back == [event]


def test_rows_columns_match_the_events_table(db_path: Path) -> None:
    Store.open(db_path).close()
    with duckdb.connect(str(db_path), read_only=True) as conn:
        names = [r[0] for r in conn.execute("DESCRIBE events").fetchall()]
    assert names == list(ALL_COLUMNS)
    assert sorted(names) == sorted([*EVENT_COLUMNS, *STORE_ONLY_COLUMNS])


def test_rows_store_returns_utc_datetimes(filled: Store) -> None:
    row = filled.events()[0]
    for col in ("time_start", "time_end", "ingested_at"):
        assert row[col].utcoffset() == timedelta(0)
    # 25 Feb 2016 in Damascus (UTC+2) starts at 22:00 UTC the day before
    assert row["time_start"] == datetime(2016, 2, 24, 22, tzinfo=UTC)
