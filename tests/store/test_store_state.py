"""The store-state token that the API's caches key on changes with every kind of write, made
by any process: an answer cached for one state is never given for another."""

from __future__ import annotations

from datetime import UTC, datetime

import shapely
from shapely.geometry import box

from live_server import handmade_event
from trucewatch.errors import RowError
from trucewatch.model.verdict import RULES_VERSION
from trucewatch.store import Store


def _unit(geometry: shapely.Geometry) -> dict:
    return {"code": "SY02", "name": "Aleppo", "level": 1, "wkb": shapely.to_wkb(geometry)}


def test_state_token_changes_with_every_kind_of_write(store: Store) -> None:
    tokens = [store.state_token()]

    def changed() -> bool:
        tokens.append(store.state_token())
        return tokens[-1] != tokens[-2]

    store.ingest_events([handmade_event(1)], label="a", adapter="h.v1")
    assert changed()
    bad = RowError("b", 2, "lat", "95", "out of range")
    report = store.ingest_events([handmade_event(1)], label="b", adapter="h.v1", errors=[bad])
    assert (report.stored, report.duplicates) == (0, 1)  # no new event, one more ingest
    assert changed()
    store.put_agreement("x", "X", "text 1", "test")
    assert changed()
    store.put_agreement("x", "X", "text 2", "test")
    assert changed()
    store.put_boundaries("ocha", [_unit(box(36.0, 35.6, 38.5, 36.8))])
    assert changed()
    store.put_boundaries("ocha", [_unit(box(36.0, 35.6, 38.5, 36.9))])  # same count, new shape
    assert changed()
    with store.verdict_update() as update:
        update.start([], rejudged=[], removed=[])
        update.finish([], RULES_VERSION, datetime.now(UTC))
    assert not changed()  # nothing written, nothing changed
    assert len(set(tokens)) == len(tokens) - 1


def test_state_token_is_the_same_for_every_reader_of_an_unchanged_store(store: Store) -> None:
    store.ingest_events([handmade_event(i) for i in range(3)], label="a", adapter="h.v1")
    token = store.state_token()
    store.close()
    with Store.open(store.path, read_only=True) as reader:
        assert reader.state_token() == token
