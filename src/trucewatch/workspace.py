"""What an analysis of one agreement needs from the store: the agreement, the events, verdicts.

Two forms: :func:`columns_of` reads the violent events' columns and the agreement's stored
verdicts per window as arrays (:mod:`trucewatch.store.analysis`; what ``effect`` and the
report compute from), when the stored verdicts are current at the store's location threshold;
:func:`workspace` holds every stored event as an :class:`Event` and the verdicts as objects
(the reference, and the rare case of verdicts stored at another threshold on a read-only
store, judged again in memory). Verdicts are brought up to date first when the store is
writable and ``update`` is asked for, at the store's threshold (``trucewatch settings``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from trucewatch.catalog import load_agreements
from trucewatch.effect.stored import AgreementColumns, columns_for, current
from trucewatch.model.agreement import Agreement
from trucewatch.model.event import Event
from trucewatch.model.verdict import Verdict
from trucewatch.store import Store
from trucewatch.suggest import unknown_agreement
from trucewatch.verdicts.store_rules import StoreRules, rules_of
from trucewatch.verdicts.stored import stored_verdicts
from trucewatch.verdicts.update import update_verdicts

__all__ = [
    "AgreementColumns",
    "Workspace",
    "columns_for",
    "columns_of",
    "load_agreement",
    "workspace",
]


@dataclass(frozen=True)
class Workspace:
    """One agreement with every stored event and the stored verdicts of its windows.

    Pairs whose event lies outside a window's scope have no verdict (they count as outside).
    ``rules``: the store's rules the verdicts were judged by (its location threshold).
    """

    agreement: Agreement
    events: tuple[Event, ...]
    verdicts: tuple[Verdict, ...]
    adapters: tuple[str, ...]
    rules: StoreRules


def workspace(store: Store, agreement_id: str, *, update: bool = True) -> Workspace:
    """Load ``agreement_id``, the events and its verdicts (updated first if ``update``)."""
    agreements = load_agreements(store)
    by_id = {a.id: a for a in agreements}
    if agreement_id not in by_id:
        raise unknown_agreement(agreement_id, by_id)
    rules = rules_of(store)
    if update and not store.read_only:
        update_verdicts(store, agreements)
    events = tuple(store.iter_events())
    verdicts = tuple(stored_verdicts(store, agreements, agreement_ids=(agreement_id,)))
    if any(v.rules_version != rules.version for v in verdicts):  # stored at another threshold
        verdicts = tuple(rules.judge(events, [by_id[agreement_id]]))
    adapters = tuple(sorted({e.adapter for e in events}))
    return Workspace(by_id[agreement_id], events, verdicts, adapters, rules)


def load_agreement(store: Store, agreement_id: str) -> tuple[Agreement, list[Agreement]]:
    """The stored agreement ``agreement_id`` and every stored agreement (NotFoundError naming
    the stored ids for an unknown one)."""
    agreements = load_agreements(store)
    by_id = {a.id: a for a in agreements}
    if agreement_id not in by_id:
        raise unknown_agreement(agreement_id, by_id)
    return by_id[agreement_id], agreements


def columns_of(
    store: Store,
    agreement_id: str,
    *,
    update: bool = True,
    start: datetime | None = None,
    end: datetime | None = None,
) -> AgreementColumns | None:
    """The agreement's analysis columns (verdicts updated first if ``update`` and the store is
    writable), or None when its stored verdicts are not current (a read-only store, or
    ``update=False``, behind an ingest or a change of the threshold or of the agreement): then
    :func:`workspace` judges in memory. ``start``, ``end``: only the events overlapping
    ``[start, end)``."""
    agreement, agreements = load_agreement(store, agreement_id)
    rules = rules_of(store)
    if update and not store.read_only and not current(store, rules, agreement):
        update_verdicts(store, agreements)  # (when current: nothing to update for it)
    return columns_for(store, agreement, start=start, end=end)
