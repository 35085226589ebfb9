"""The two shortcuts of the streamed ingest (store/ingest_stream.py): the next piece read in a
thread while the one before is inserted (read_ahead), and a plain INSERT for a piece whose id
range holds no stored id (may_conflict). The stores they fill are held to the record path's by
test_store_ingest_pieces.py; here, their own promises."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.errors import SourceError
from trucewatch.store.ingest_stream import may_conflict, read_ahead

IDS = st.text(alphabet="aAzZ09:é€𝄞_ ", min_size=1, max_size=4)


def events_with(ids: list[str]) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    conn.execute("CREATE TABLE events (event_id VARCHAR PRIMARY KEY)")
    if ids:
        conn.executemany("INSERT INTO events VALUES (?)", [[i] for i in ids])
    return conn


@settings(max_examples=200, deadline=None)
@given(stored=st.sets(IDS, max_size=6), incoming=st.lists(IDS, min_size=1, max_size=6))
def test_a_piece_is_said_free_of_conflicts_only_when_no_stored_id_lies_in_its_range(
    stored, incoming
):
    conn = events_with(sorted(stored))
    free = not may_conflict(conn, pa.table({"event_id": pa.array(incoming, pa.string())}))
    # DuckDB orders the stored ids as Python (and Arrow) order strings: by code point
    low, high = min(incoming), max(incoming)
    assert free == (not any(low <= s <= high for s in stored))
    if free:
        assert not set(stored) & set(incoming)


def test_ids_beyond_ascii_are_ordered_by_their_bytes_in_the_range_check():
    conn = events_with(["ucdp_ged:é"])
    assert not may_conflict(conn, pa.table({"event_id": ["ucdp_ged:a", "ucdp_ged:z"]}))
    assert may_conflict(conn, pa.table({"event_id": ["ucdp_ged:a", "ucdp_ged:€"]}))


def test_read_ahead_gives_every_item_in_order_from_another_thread():
    made_in: set[str] = set()

    def items() -> Iterator[int]:
        for n in range(50):
            made_in.add(threading.current_thread().name)
            yield n

    assert list(read_ahead(items())) == list(range(50))
    assert made_in == {"trucewatch-read-ahead"}


def test_an_error_making_an_item_is_raised_where_that_item_would_have_come():
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise SourceError("f.csv: the header row cannot be read")

    got = []
    with pytest.raises(SourceError, match="header row"):
        for item in read_ahead(items()):
            got.append(item)
    assert got == [1, 2]


def test_leaving_read_ahead_early_stops_the_thread_and_closes_the_items():
    closed = threading.Event()
    made: list[int] = []

    def items() -> Iterator[int]:
        try:
            for n in range(1000):
                made.append(n)
                yield n
        finally:
            closed.set()

    ahead = read_ahead(items())
    assert next(ahead) == 0
    ahead.close()
    assert closed.is_set()
    assert len(made) <= 3  # the one given, one waiting, one being made
    assert not any(t.name == "trucewatch-read-ahead" for t in threading.enumerate())
