"""Events on the northern edge of the Aleppo city truce's outline, for the location threshold.

With a 2 km uncertainty radius, an event at 36.279 N, 37.16 E has 41 % of its disc inside the
outline: unlocated at the default threshold (0.5), a possible violation at 0.3. One on 3 May
2016 falls in the days before the base window, one on 6 May 2016 inside it; one at the
outline's centre on 6 May is a violation at any threshold.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from live_server import day_event
from trucewatch.agreements import example_paths
from trucewatch.catalog import add_agreement_file
from trucewatch.model import Event
from trucewatch.store import Store

#: the edge event during the base window (41 % of its disc inside the outline)
EDGE_DURING = "edge:during"
EDGE_BEFORE = "edge:before"
CENTRE = "edge:centre"
AGREEMENT = "aleppo-calm-2016-05"


def edge_events() -> list[Event]:
    """The three events of the module docstring."""
    return [
        day_event("edge", "during", date(2016, 5, 6), 36.279, 37.16),
        day_event("edge", "before", date(2016, 5, 3), 36.279, 37.16),
        day_event("edge", "centre", date(2016, 5, 6), 36.2, 37.16),
    ]


def edge_store(path: Path) -> Path:
    """A store file at ``path`` with the shipped agreements and :func:`edge_events` (no
    verdicts yet, no setting: the default threshold)."""
    with Store.open(path) as store:
        for agreement_file in example_paths():
            add_agreement_file(store, agreement_file)
        store.ingest_events(edge_events(), label="edge", adapter="edge.v1")
    return path
