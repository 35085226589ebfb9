"""The store's columns for the analysis of one agreement: the violent events and each window's
stored verdicts as arrays (:mod:`trucewatch.store.analysis`), when the stored verdicts are
current; what the effect, the summary, the report and the dashboard's series compute from
(docs/effect.md, "From a store").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from trucewatch.effect.columnar import LocalDays, local_days
from trucewatch.model import is_violent
from trucewatch.model.agreement import Agreement
from trucewatch.store import Store
from trucewatch.store.analysis import (
    EventTable,
    WindowVerdicts,
    other_rules_versions,
    violent_events,
    window_verdicts,
)
from trucewatch.verdicts.store_rules import StoreRules, rules_of

__all__ = ["AgreementColumns", "columns_for", "current"]


@dataclass(frozen=True, eq=False)
class AgreementColumns:
    """One agreement with the columns of the stored violent events (store order), their local
    days in the agreement's time zone and each window's stored verdicts aligned with them."""

    agreement: Agreement
    table: EventTable
    days: LocalDays
    verdicts: dict[str, WindowVerdicts]  # by window id
    rules: StoreRules


def current(store: Store, rules: StoreRules, agreement: Agreement) -> bool:
    """Whether every window of ``agreement`` has stored verdicts judged by ``rules`` through
    the latest ingest (no window changed, no threshold changed, no ingest since)."""
    states = store.verdict_window_states()
    last = store.last_ingest_id()
    for window in agreement.windows():
        state = states.get((agreement.id, window.id))
        if state is None or state[0] != rules.window_key(agreement, window) or state[1] < last:
            return False
    return other_rules_versions(store, agreement.id, rules.version) == 0


def columns_for(
    store: Store,
    agreement: Agreement,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
) -> AgreementColumns | None:
    """The analysis columns of ``agreement`` (as given, stored or not) when the store holds
    its verdicts current (judged for this very definition at the store's threshold, through
    the latest ingest), else None. ``start``, ``end``: only the events overlapping
    ``[start, end)``."""
    rules = rules_of(store)
    if not current(store, rules, agreement):
        return None
    table = violent_events(store, is_violent, start, end)
    verdicts = {
        w.id: window_verdicts(store, is_violent, agreement.id, w.id, start, end, table=table)
        for w in agreement.windows()
    }
    return AgreementColumns(
        agreement, table, local_days(table, agreement.timezone), verdicts, rules
    )
