"""The report of a stored agreement built from the store's columns equals, byte for byte, the
report today's object path builds (every event of its days judged in memory)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from trucewatch.agreements import load_examples
from trucewatch.catalog import save_agreement
from trucewatch.effect.simulate import SimulationConfig, simulate
from trucewatch.model.time import local_days_interval
from trucewatch.publish import build_report
from trucewatch.publish._store import report_for
from trucewatch.sources.base import adapter_for
from trucewatch.store import EventQuery, Store
from trucewatch.verdicts.store_rules import rules_of
from trucewatch.verdicts.update import update_verdicts
from trucewatch.workspace import columns_of

AGREEMENTS = [a.id for a in load_examples()]
AT = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _filled(path: Path, shared_data: Path | None) -> Store:
    store = Store.open(path)
    if shared_data is not None:
        store.ingest(adapter_for("ucdp-ged"), shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv")
    else:
        store.ingest_events(simulate(SimulationConfig()), label="sim", adapter="simulation.v1")
    for agreement in load_examples():
        save_agreement(store, agreement)
    update_verdicts(store, list(load_examples()))
    return store


def reference(store: Store, agreement_id: str, day: date | None) -> str:
    """The report as today's path builds it: every event of the days judged in memory."""
    agreement = next(a for a in load_examples() if a.id == agreement_id)
    first = min(w.start for w in agreement.windows()) - timedelta(days=29)
    end = None if day is None else local_days_interval(day, day, agreement.timezone).end
    events = list(store.iter_events(EventQuery(start=first, end=end)))
    verdicts = rules_of(store).judge(events, [agreement], include_outside=True)
    return build_report(events, verdicts, agreement, day=day, generated_at=AT).html


def _compare(store: Store, agreement_id: str, day: date | None) -> None:
    assert columns_of(store, agreement_id, update=False) is not None  # the columns' path
    got = report_for(store, agreement_id, day=day, generated_at=AT).html
    want = reference(store, agreement_id, day)
    assert got == want


@pytest.fixture(scope="module")
def ucdp_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with _filled(tmp_path_factory.mktemp("ucdp") / "s.duckdb", shared_data) as store:
        yield store


@pytest.mark.shared_data
@pytest.mark.slow
@pytest.mark.parametrize("agreement_id", AGREEMENTS)
@pytest.mark.parametrize("day", [None, date(2016, 5, 9), date(2016, 9, 20)])
def test_report_from_columns_equals_the_object_path_on_ucdp_ged_2016(
    ucdp_store: Store, agreement_id: str, day: date | None
) -> None:
    _compare(ucdp_store, agreement_id, day)


def test_report_from_columns_equals_the_object_path_on_the_simulation(tmp_path: Path) -> None:
    with _filled(tmp_path / "s.duckdb", None) as store:
        for agreement_id in AGREEMENTS:
            _compare(store, agreement_id, None)
