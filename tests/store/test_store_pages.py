"""The typed reads of the web service (store/event_pages.py, verdict_pages.py, map_reads.py):
Arrow tables of the documented columns, UTC times, most serious verdicts, unknown ids refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from live_server import fill_store, handmade_event
from trucewatch.errors import NotFoundError, ValidationError
from trucewatch.model.verdict import SEVERITY
from trucewatch.store import EventQuery, Store
from trucewatch.store.event_pages import RECORD_COLUMNS, event_page, event_record
from trucewatch.store.map_reads import MAP_EVENT_COLUMNS, NO_VERDICT, map_events
from trucewatch.store.verdict_pages import PAGE_COLUMNS, verdict_page
from trucewatch.store.verdicts import read_verdicts

UTC = pa.timestamp("us", tz="UTC")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("pages") / "pages.duckdb"
    with Store.open(path) as s:
        fill_store(s, [handmade_event(i) for i in range(60)], label="pages", adapter="pages.v1")
        yield s


def test_an_event_page_is_an_arrow_table_of_the_record_columns_in_utc(store: Store) -> None:
    page = event_page(store, EventQuery(), limit=7, offset=5)
    assert page.rows.column_names == list(RECORD_COLUMNS)
    assert page.rows.schema.field("time_start").type == UTC
    assert (page.total, page.first, page.rows.num_rows, page.truncated) == (60, 5, 7, True)
    ids = [
        r[0]
        for r in store.conn.execute(
            "SELECT event_id FROM events ORDER BY time_start, event_id"
        ).fetchall()
    ]
    assert page.rows.column("event_id").to_pylist() == ids[5:12]


def test_the_page_after_the_last_event_of_a_page_starts_with_the_next_one(store: Store) -> None:
    first = event_page(store, EventQuery(), limit=10)
    last = first.rows.slice(9).to_pylist()[0]
    after = event_page(store, EventQuery(), limit=10, after=(last["time_start"], last["event_id"]))
    both = event_page(store, EventQuery(), limit=20)
    assert (
        after.rows.column("event_id").to_pylist() == both.rows.column("event_id").to_pylist()[10:]
    )


def test_a_page_past_the_end_is_empty_and_keeps_the_total(store: Store) -> None:
    page = event_page(store, EventQuery(), limit=10, offset=60)
    assert (page.rows.num_rows, page.total, page.truncated) == (0, 60, False)
    assert page.rows.column_names == list(RECORD_COLUMNS)


def test_a_page_of_more_than_the_most_rows_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="the limit is 1 to 1000"):
        event_page(store, EventQuery(), limit=1001)


def test_an_unknown_event_is_not_found_not_an_empty_record(store: Store) -> None:
    assert event_record(store, "handmade:007").column("event_id").to_pylist() == ["handmade:007"]
    with pytest.raises(NotFoundError, match=re.escape("no event 'handmade:nope'")):
        event_record(store, "handmade:nope")


def test_a_verdict_page_is_the_slice_of_read_verdicts(store: Store) -> None:
    expected = read_verdicts(store.conn)
    page = verdict_page(store, limit=9, offset=4)
    assert page.rows.column_names == list(PAGE_COLUMNS) and page.total == len(expected)
    keys = [(r["event_id"], r["agreement_id"], r["window_id"]) for r in page.rows.to_pylist()]
    assert keys == [(r["event_id"], r["agreement_id"], r["window_id"]) for r in expected[4:13]]
    assert page.rows.schema.field("time_start").type == UTC


def test_an_event_on_the_map_carries_its_most_serious_verdict(store: Store) -> None:
    found = map_events(store, EventQuery(), limit=1000)
    assert found.rows.column_names == list(MAP_EVENT_COLUMNS) and found.total == 60
    order = [k.value for k in SEVERITY]
    verdicts: dict[str, list[str]] = {}
    for r in read_verdicts(store.conn):
        verdicts.setdefault(r["event_id"], []).append(r["verdict"])
    for row in found.rows.to_pylist():
        kinds = verdicts.get(row["event_id"], [])
        expected = min(kinds, key=order.index) if kinds else NO_VERDICT
        assert (row["kind"], row["n_verdicts"]) == (expected, len(kinds)), row["event_id"]
    assert len({row["kind"] for row in found.rows.to_pylist()}) >= 2


def test_map_events_of_a_kind_count_only_that_kind(store: Store) -> None:
    everything = map_events(store, EventQuery(), limit=1000).rows.to_pylist()
    kind = everything[0]["kind"]
    found = map_events(store, EventQuery(), kinds=[kind], limit=3)
    assert found.total == sum(r["kind"] == kind for r in everything)
    assert found.rows.num_rows == min(3, found.total)
    with pytest.raises(ValidationError, match="violations"):
        map_events(store, EventQuery(), kinds=["violations"], limit=3)
