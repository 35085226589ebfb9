"""The listing of few verdicts read in two steps (their events' row ids, then those rows) gives
the rows, columns and order of the one join it replaces (store/verdict_reads.code_listing)."""

from __future__ import annotations

import pyarrow as pa
import pytest

import trucewatch.store.verdict_reads as reads
from trucewatch.agreements import load_examples
from trucewatch.catalog import save_agreement
from trucewatch.sources.base import adapter_for
from trucewatch.store import Store
from trucewatch.verdicts.update import update_verdicts


def _listing(store: Store, **scope) -> pa.Table:
    batches = list(reads.code_listing(store, **scope))
    return pa.Table.from_batches(batches) if batches else pa.table({})


@pytest.mark.parametrize(
    "scope",
    [
        {},
        {"agreement_ids": ("aleppo-calm-2016-05",), "kinds": ("violation",)},
        {"kinds": ("possible_violation", "not_covered")},
        {"agreement_ids": ("latakia-2016-04", "syria-coh-2016")},
    ],
)
def test_listing_by_row_id_equals_the_listing_by_one_join(
    tmp_path, shared_data, monkeypatch, scope
):
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest(adapter_for("ucdp-ged"), shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv")
        agreements = load_examples()
        for agreement in agreements:
            save_agreement(store, agreement)  # (a filter names stored agreements)
        update_verdicts(store, agreements)
        monkeypatch.setattr(reads, "BY_ROW_ID", 10**9)
        by_row_id = _listing(store, **scope)
        monkeypatch.setattr(reads, "BY_ROW_ID", -1)
        by_join = _listing(store, **scope)
    assert by_row_id.num_rows > 0
    assert by_row_id.schema.equals(by_join.schema)
    assert by_row_id.equals(by_join)


def test_listing_by_row_id_of_a_stopped_reader_leaves_the_store_usable(tmp_path, shared_data):
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest(adapter_for("ucdp-ged"), shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv")
        update_verdicts(store, load_examples())
        listing = reads.code_listing(store, chunk=10)
        first = next(listing)
        listing.close()
        again = _listing(store)
    assert first.num_rows == 10
    assert again.num_rows > 10
