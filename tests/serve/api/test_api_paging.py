"""Pages from the cached sorted starts equal slices of the plain ORDER BY, ties included."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from live_server import day_event
from trucewatch.model import Event, Fatalities
from trucewatch.serve.api.pages import event_page
from trucewatch.store import EventQuery, Store


def _event(serial: int) -> Event:
    day = date(2016, 3, 1) + timedelta(days=serial % 4)  # many events share a start
    return day_event(
        "tie",
        f"{(serial * 7919) % 1000:03d}-{serial}",
        day,
        35.0 + serial % 3,
        37.0,
        radius_km=1.0,
        country=None,
        side_a="A",
        side_b="B",
        fatalities=Fatalities(low=0, best=1, high=1),
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path: Path = tmp_path_factory.mktemp("paging") / "ties.duckdb"
    with Store.open(path) as s:
        s.ingest_events([_event(i) for i in range(53)], label="ties", adapter="tie.v1")
        yield s


def _expected(store: Store, where: str = "TRUE") -> list[str]:
    rows = store.conn.execute(
        f"SELECT event_id FROM events WHERE {where} ORDER BY time_start, event_id"
    ).fetchall()
    return [r[0] for r in rows]


@pytest.mark.parametrize("limit", [1, 5, 13, 100])
def test_every_offset_page_is_the_slice_of_the_full_order(store: Store, limit: int) -> None:
    expected = _expected(store)
    for offset in range(0, len(expected) + 2):
        page = event_page(store, EventQuery(), limit=limit, offset=offset, cursor=None)
        assert page["total"] == len(expected)
        assert [e["event_id"] for e in page["items"]] == expected[offset : offset + limit]


@pytest.mark.parametrize("limit", [1, 4, 17])
def test_cursor_walk_visits_every_event_once_in_order(store: Store, limit: int) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        page = event_page(store, EventQuery(), limit=limit, offset=0, cursor=cursor)
        seen += [e["event_id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == _expected(store)


def test_filtered_pages_count_and_slice_the_matches(store: Store) -> None:
    query = EventQuery(bbox=(36.5, 35.5, 37.5, 36.5))
    expected = _expected(store, "lat BETWEEN 35.5 AND 36.5")
    page = event_page(store, query, limit=6, offset=5, cursor=None)
    assert page["total"] == len(expected)
    assert [e["event_id"] for e in page["items"]] == expected[5:11]


def test_new_events_change_the_total_at_once(tmp_path: Path) -> None:
    with Store.open(tmp_path / "grow.duckdb") as s:
        s.ingest_events([_event(i) for i in range(5)], label="one", adapter="tie.v1")
        assert event_page(s, EventQuery(), limit=10, offset=0, cursor=None)["total"] == 5
        s.ingest_events([_event(i) for i in range(5, 9)], label="two", adapter="tie.v1")
        page = event_page(s, EventQuery(), limit=10, offset=0, cursor=None)
        assert page["total"] == 9 and len(page["items"]) == 9
