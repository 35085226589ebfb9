"""Keep the stored verdicts current, re-judging only what changed.

The unit of work is an agreement window. A window is re-judged (all its pairs, so that its
contested facts stay consistent) when its definition changed — its interval (a recorded end
cuts it), how it ended, its scope, the
agreement's parties or exclusions, or the rules version: see :func:`window_key` — or when new
events fall inside its scope. Windows that no longer exist lose their verdicts. Everything is
written in one transaction; a new extension re-judges that extension only.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from trucewatch.model.agreement import Agreement, Window
from trucewatch.model.verdict import DEFAULT_MIN_SHARE_INSIDE, rules_version
from trucewatch.store import Store
from trucewatch.verdicts.contested import mark_contested
from trucewatch.verdicts.judge import build_verdicts, judge_pairs, window_list
from trucewatch.verdicts.store_rules import rules_of

__all__ = ["UpdateReport", "update_verdicts", "window_key"]


@dataclass(frozen=True)
class UpdateReport:
    """What an update did: windows re-judged, kept as they were, removed; verdicts written."""

    windows_total: int
    windows_rejudged: int
    windows_kept: int
    windows_removed: int
    verdicts_written: int
    events: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.windows_rejudged} of {self.windows_total} windows re-judged "
            f"({self.windows_kept} unchanged, {self.windows_removed} removed), "
            f"{self.verdicts_written:,} verdicts written over {self.events:,} events "
            f"in {self.seconds:.1f} s"
        )


def window_key(
    agreement: Agreement, window: Window, min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE
) -> str:
    """A fingerprint of everything a window's verdicts depend on, bar the events (the rules
    version carries the location threshold, so a changed threshold re-judges the window)."""
    scope = agreement.scope_of(window)
    geometry = None if scope is None or scope.geometry is None else scope.geometry.wkb_hex
    spec = {
        "rules": rules_version(min_share_inside),
        "agreement": agreement.id,
        "window": [window.id, window.kind, window.declared_by, window.parent_id],
        "interval": [window.interval.start.isoformat(), str(window.interval.end)],
        "local_start": window.local_start,
        "timezone": window.timezone,
        "scope": geometry,
        "parties": [[p.id, p.name, list(p.aliases), str(p.accession)] for p in agreement.parties],
        "excluded": [
            [g.id, [[n.name, str(n.valid_from), str(n.valid_until)] for n in g.names]]
            for g in agreement.excluded_groups
        ],
    }
    end = window.ended
    if end is not None:  # only then: windows without an end keep the keys stored before ends
        spec["ended"] = [end.kind, end.replaced_by, end.written]
        spec["nominal_end"] = str(window.nominal_interval.end)
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


def update_verdicts(
    store: Store,
    agreements: Sequence[Agreement],
    *,
    prune: bool = True,
    progress: Callable[[str], None] | None = None,
) -> UpdateReport:
    """Bring the store's verdicts up to date with ``agreements`` and the stored events.

    ``prune``: drop the verdicts of windows (and agreements) not in ``agreements``.
    The location rule's threshold is the store's setting ``min_share_inside``
    (:func:`~trucewatch.verdicts.store_rules.rules_of`; docs/verdicts.md, "Location"): it is
    stored with the verdicts (in their rules version), so a changed setting re-judges every
    window, and every command judges with the same one.
    """
    rules = rules_of(store)
    threshold, version = rules.min_share_inside, rules.version
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    say("reading events")
    events, ingest_ids = store.events_with_ingest()
    last_ingest = store.last_ingest_id()
    states = store.verdict_window_states()
    windows = window_list(agreements)
    keys = [window_key(a, w, threshold) for a, w in windows]
    say(f"classifying {len(events):,} events against {len(windows)} windows")
    pairs = judge_pairs(events, agreements, min_share_inside=threshold)
    event_ingest = np.asarray(ingest_ids, dtype=np.int64)
    dirty: list[int] = []
    for index, ((agreement, window), key) in enumerate(zip(windows, keys, strict=True)):
        stored_key, judged_through = states.get((agreement.id, window.id), (None, -1))
        if stored_key != key:
            dirty.append(index)
            continue
        mine = pairs.window_idx == index
        if len(event_ingest) and np.any(event_ingest[pairs.event_idx[mine]] > judged_through):
            dirty.append(index)
    rows = np.flatnonzero(np.isin(pairs.window_idx, dirty))
    say(f"explaining {len(rows):,} verdicts in {len(dirty)} windows")
    verdicts = build_verdicts(pairs, events, agreements, rows=rows, min_share_inside=threshold)
    verdicts = mark_contested(verdicts, {e.event_id: e for e in events})
    current = {(a.id, w.id) for a, w in windows}
    removed = [k for k in states if k not in current] if prune else []
    rejudged = [(windows[i][0].id, windows[i][1].id) for i in dirty]
    store.replace_verdicts(
        verdicts=verdicts,
        rejudged=rejudged,
        removed=removed,
        states=[(a.id, w.id, k, last_ingest) for (a, w), k in zip(windows, keys, strict=True)],
        rules_version=version,
    )
    return UpdateReport(
        windows_total=len(windows),
        windows_rejudged=len(dirty),
        windows_kept=len(windows) - len(dirty),
        windows_removed=len(removed),
        verdicts_written=len(verdicts),
        events=len(events),
        seconds=time.perf_counter() - started,
    )
