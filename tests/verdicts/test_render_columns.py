"""Listings render stored verdicts from columns (verdicts/render_columns.py); the text is the
reference renderer's (``render_rows``, one Event per row), row for row and field for field."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_build import events as event_lists
from test_kernel_vs_reference import agreements as agreement_strategy

from trucewatch.agreements import load_examples
from trucewatch.errors import StoreError
from trucewatch.sources.base import adapter_for
from trucewatch.store import Store
from trucewatch.verdicts.stored import (
    iter_verdict_records,
    record,
    render_records,
    render_rows,
    verdict_records,
)
from trucewatch.verdicts.update import update_verdicts


def _reference(store: Store, agreements: list) -> list[dict]:
    """Today's renderer: an Event per row, a Verdict per row, then the record."""
    rows = store.verdict_code_rows()
    events = store.events_by_id(sorted({r["event_id"] for r in rows}))
    return [record(r, v) for r, v in zip(rows, render_rows(rows, events, agreements), strict=True)]


def _listings_equal_reference(store: Store, agreements: list) -> int:
    expected = _reference(store, agreements)
    assert verdict_records(store, agreements) == expected
    chunks = list(iter_verdict_records(store, agreements, chunk=5))
    assert all(len(c) <= 5 for c in chunks)
    assert [r for c in chunks for r in c] == expected
    assert render_records(store, store.verdict_code_rows(), agreements) == expected
    return len(expected)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_listing_renders_every_field_as_the_reference_renderer(data):
    agreements = [data.draw(agreement_strategy(i)) for i in range(data.draw(st.integers(1, 3)))]
    events = data.draw(event_lists(agreements, data.draw(st.integers(1, 24))))
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "s.duckdb") as store:
        store.ingest_events(events, label="prop", adapter="prop.v1")
        update_verdicts(store, agreements)
        _listings_equal_reference(store, agreements)


def test_listing_of_ucdp_2016_equals_the_reference_renderer(shared_data, tmp_path):
    agreements = load_examples()
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest(adapter_for("ucdp-ged"), shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv")
        update_verdicts(store, agreements)
        assert _listings_equal_reference(store, agreements) > 13_000


def test_listing_after_an_agreement_changed_its_parties_is_an_error(tmp_path, shared_data):
    agreements = load_examples()
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest(adapter_for("ucdp-ged"), shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv")
        update_verdicts(store, agreements)
        aleppo = next(a for a in agreements if a.id == "aleppo-calm-2016-05")
        changed = [a if a is not aleppo else _without_parties(a) for a in agreements]
        with pytest.raises(StoreError, match="bring the verdicts up to date"):
            verdict_records(store, changed)


def _without_parties(agreement):
    return replace(agreement, parties=agreement.parties[:1])


def test_listing_of_a_window_the_agreements_no_longer_have_is_an_error(tmp_path, shared_data):
    agreements = load_examples()
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest(adapter_for("ucdp-ged"), shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv")
        update_verdicts(store, agreements)
        others = [a for a in agreements if a.id != "aleppo-calm-2016-05"]
        with pytest.raises(StoreError, match="of agreement 'aleppo-calm-2016-05' are stored"):
            verdict_records(store, others)
