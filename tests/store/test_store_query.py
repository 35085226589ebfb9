"""Queries: bbox, time overlap, sources, actors, event types, limit — validated up front."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from trucewatch.errors import ValidationError
from trucewatch.store import EventQuery, Store

DAMASCUS_WINTER = timezone(timedelta(hours=2))
COH_START = datetime(2016, 2, 27, tzinfo=DAMASCUS_WINTER)  # 00:00 Damascus, 27 Feb 2016


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventQuery(), [1, 2, 3, 4, 5, 6, 7]),
        (EventQuery(start=COH_START), [3, 4, 5, 6, 7]),
        (EventQuery(end=COH_START), [1, 2]),
        (EventQuery(start=COH_START, end=COH_START + timedelta(days=1)), [3]),
        (EventQuery(bbox=(37.0, 36.1, 37.3, 36.3)), [1, 2, 6, 7]),
        (EventQuery(bbox=(170.0, -10.0, -170.0, 10.0)), []),
        (EventQuery(sources=("tiny",)), [1, 2, 3, 4, 5, 6, 7]),
        (EventQuery(sources=("ucdp-ged",)), []),
        (EventQuery(actor_contains="FATEH"), [2]),
        (EventQuery(actor="FATEH"), []),
        (EventQuery(actor="jabhat fateh al sham"), [2]),
        (EventQuery(actor="russia"), [6]),
        (EventQuery(actor="IS"), [4]),
        (EventQuery(actor="Islamic State", actor_aliases=("IS",)), [4]),
        (EventQuery(actor="government of syria"), [1, 2, 3, 5, 7]),
        (EventQuery(event_types=("remote",)), [1, 3, 5, 6]),
        (EventQuery(event_types=("battle.armed_clash", "civilians")), [2, 4, 7]),
        (EventQuery(limit=2), [1, 2]),
        (EventQuery(limit=0), []),
        (EventQuery(start=COH_START, bbox=(37.0, 36.1, 37.3, 36.3), event_types=("remote",)), [6]),
    ],
    ids=lambda v: "" if isinstance(v, list) else None,
)
def test_query_selects_matching_events_in_time_order(
    filled: Store, query: EventQuery, expected: list[int]
) -> None:
    ids = [f"tiny:a{i}" for i in expected]
    assert [e["event_id"] for e in filled.events(query)] == ids
    assert [e.event_id for e in filled.iter_events(query)] == ids
    assert filled.count_events(query) == len(ids)


def test_query_event_dated_26_feb_ends_before_truce_start(filled: Store) -> None:
    a2 = next(e for e in filled.events() if e["event_id"] == "tiny:a2")
    assert a2["time_end"] == COH_START.astimezone(UTC)
    assert "tiny:a2" not in {e["event_id"] for e in filled.events(EventQuery(start=COH_START))}


def test_query_matches_associated_actors(store: Store, filled: Store) -> None:
    import dataclasses

    event = next(filled.iter_events(EventQuery(limit=1)))
    actors = dataclasses.replace(event.actors, associated_b=("Jaysh al-Islam",))
    store.ingest_events(
        [dataclasses.replace(event, source_row_id="assoc", actors=actors)],
        label="assoc",
        adapter="test.v1",
    )
    contains = EventQuery(actor_contains="jaysh")
    assert [e.source_row_id for e in store.iter_events(contains)] == ["assoc"]
    whole = EventQuery(actor="jaysh al-islam")
    assert [e.source_row_id for e in store.iter_events(whole)] == ["assoc"]
    assert store.count_events(EventQuery(actor="jaysh")) == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bbox": (36.0, 35.0, 38.0)}, "four numbers"),
        ({"bbox": (36.0, 95.0, 38.0, 96.0)}, "min_lat 95.0 is outside"),
        ({"bbox": (36.0, 37.0, 38.0, 35.0)}, "min_lat 37.0 is above max_lat"),
        ({"start": datetime(2016, 2, 27)}, "has no time zone"),
        ({"start": COH_START, "end": COH_START}, "is not after start"),
        ({"event_types": ("airstrike",)}, "neither a type code nor a category"),
        ({"event_types": "remote"}, "tuples of names"),
        ({"actor": "  "}, "must be a name"),
        ({"actor_contains": "  "}, "non-empty"),
        ({"actor_aliases": ("ISIS",)}, "give actor too"),
        ({"event_types": ("airstrikes",)}, "did you mean remote.airstrike"),
        ({"limit": -1}, "limit -1"),
    ],
)
def test_query_refuses_impossible_filters(kwargs: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        EventQuery(**kwargs)
