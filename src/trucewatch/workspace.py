"""What an analysis of one agreement needs from the store: the agreement, the events, verdicts.

Used by ``trucewatch effect`` (and by Python users): verdicts are brought up to date first
when the store is writable, at the store's location threshold (``trucewatch settings``); on a
read-only store, verdicts stored at another threshold are judged again in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from trucewatch.catalog import load_agreements
from trucewatch.model.agreement import Agreement
from trucewatch.model.event import Event
from trucewatch.model.verdict import Verdict
from trucewatch.store import Store
from trucewatch.suggest import unknown_agreement
from trucewatch.verdicts.store_rules import StoreRules, rules_of
from trucewatch.verdicts.stored import stored_verdicts
from trucewatch.verdicts.update import update_verdicts

__all__ = ["Workspace", "workspace"]


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
