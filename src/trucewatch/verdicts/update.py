"""Keep the stored verdicts current, judging only what changed (docs/verdicts.md, "Storage").

The unit of work is an agreement window. A window whose definition changed — its interval (a
recorded end cuts it), how it ended, its scope, the agreement's parties or exclusions, or the
rules version: see :func:`window_key` — or that is new is judged against every event; an
unchanged window only against the events ingested after it was last judged, whose verdicts are
appended. Windows that no longer exist lose their verdicts. Events reach the engine as Arrow
columns read from the store in batches (no :class:`Event` objects); verdicts are stored as
codes (:mod:`trucewatch.verdicts.encode`). New verdicts may make stored ones contested: the
pairs are found in SQL among the verdicts of each window overlapping the new ones in time
(:func:`trucewatch.store.verdict_update.contested_candidates`). Everything is written in one
transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.model.agreement import Agreement
from trucewatch.model.verdict import Space, TimeRelation
from trucewatch.store import Store
from trucewatch.store.rows import paused_gc
from trucewatch.verdicts import reasons as R
from trucewatch.verdicts.build import window_list
from trucewatch.verdicts.codes import code_of
from trucewatch.verdicts.columns import AgreementColumns, EventColumns
from trucewatch.verdicts.contested import contested_marks, overlapping_pairs
from trucewatch.verdicts.encode import BIT, encode_pairs
from trucewatch.verdicts.kernel import classify
from trucewatch.verdicts.pairs import PairColumns
from trucewatch.verdicts.store_rules import rules_of
from trucewatch.verdicts.window_key import window_key

__all__ = ["BATCH_EVENTS", "UpdateReport", "update_verdicts", "window_key"]

#: events judged at a time: the engine's memory is bounded by a batch, not by the store
BATCH_EVENTS = 1_000_000


@dataclass(frozen=True)
class UpdateReport:
    """What an update did: windows re-judged (new or changed: judged against every event),
    kept (judged against the new events only), removed; verdicts written; ``events``: the
    events read and judged (all of them when a window changed, else the new ones)."""

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
            f"{self.verdicts_written:,} verdicts written, {self.events:,} events judged "
            f"in {self.seconds:.1f} s"
        )


def update_verdicts(
    store: Store,
    agreements: Sequence[Agreement],
    *,
    prune: bool = True,
    progress: Callable[[str], None] | None = None,
    batch_events: int = BATCH_EVENTS,
) -> UpdateReport:
    """Bring the store's verdicts up to date with ``agreements`` and the stored events.

    ``prune``: drop the verdicts of windows (and agreements) not in ``agreements``.
    The location rule's threshold is the store's setting ``min_share_inside``
    (:func:`~trucewatch.verdicts.store_rules.rules_of`; docs/verdicts.md, "Location"): it is
    stored with the verdicts (in their rules version), so a changed setting re-judges every
    window, and every command judges with the same one. ``batch_events``: events judged at a
    time (memory).
    """
    rules = rules_of(store)
    threshold, version = rules.min_share_inside, rules.version
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    last_ingest = store.last_ingest_id()
    states = store.verdict_window_states()
    windows = window_list(agreements)
    keys = [window_key(a, w, threshold) for a, w in windows]
    through = np.empty(len(windows), dtype=np.int64)  # judged through this ingest: -1 never
    for index, ((agreement, window), key) in enumerate(zip(windows, keys, strict=True)):
        stored_key, judged = states.get((agreement.id, window.id), (None, -1))
        through[index] = judged if stored_key == key else -1
    changed = np.flatnonzero(through < 0)
    current = {(a.id, w.id) for a, w in windows}
    removed = [k for k in states if k not in current] if prune else []
    ids = [(a.id, w.id) for a, w in windows]
    now = datetime.now(UTC)
    written = events_read = 0
    spans: dict[int, tuple[int, int, frozenset[str]]] = {}
    with store.verdict_update() as update:
        numbers = update.start(ids, rejudged=[ids[i] for i in changed], removed=removed)
        window_numbers = np.array([numbers[k] for k in ids], dtype=np.int32)
        after = int(through.min()) if len(through) else last_ingest
        say(f"judging the events of ingests after {after} against {len(windows)} windows")
        names = update.side_names(max(after, 0), last_ingest)
        packed = AgreementColumns.from_agreements(agreements, names)  # one index for all
        for table in update.event_batches(max(after, 0), last_ingest, batch_events):
            events_read += table.num_rows
            with paused_gc():  # no collector passes during a batch
                events = EventColumns.from_arrow(table, names)
                pairs = classify(events, packed, min_share_inside=threshold)
                ingest = np.asarray(table.column("ingest_id"), dtype=np.int64)
                keep = ingest[pairs.event_idx] > through[pairs.window_idx]
                if not keep.all():
                    pairs = _take(pairs, np.flatnonzero(keep))
                codes = encode_pairs(
                    pairs, events, table, packed, agreements, windows, window_numbers
                )
                update.append(codes, now)
                written += codes.num_rows
                _add_spans(spans, pairs, events, table, window_numbers)
        say("marking contested verdicts")
        found = update.contested_candidates(now, BIT[R.NOT_VIOLENT], spans)
        candidates = overlapping_pairs(found) if found.num_rows else []
        if candidates:
            involved = sorted({x for _, a, b in candidates for x in (a, b)})
            facts = {
                row["event_id"]: (
                    row["lat"],
                    row["lon"],
                    row["radius_km"],
                    row["side_a"],
                    row["side_b"],
                    row["perpetrator"],
                )
                for row in update.event_facts(involved).to_pylist()
            }
            marks = contested_marks(candidates, facts)
            update.apply_contested(marks, BIT[R.CONTESTED], now)
        update.finish(
            [(a, w, k, last_ingest) for (a, w), k in zip(ids, keys, strict=True)],
            version,
            now,
        )
    return UpdateReport(
        windows_total=len(windows),
        windows_rejudged=len(changed),
        windows_kept=len(windows) - len(changed),
        windows_removed=len(removed),
        verdicts_written=written,
        events=events_read,
        seconds=time.perf_counter() - started,
    )


_OUTSIDE = code_of(Space.OUTSIDE)
_EDGE_OR_DURING = [code_of(TimeRelation.DURING), code_of(TimeRelation.UNCERTAIN)]


def _add_spans(
    spans: dict[int, tuple[int, int, frozenset[str]]],
    pairs: PairColumns,
    events: EventColumns,
    table: pa.Table,
    window_numbers: np.ndarray,
) -> None:
    """Add the new relevant verdicts of a batch (those the contested check looks at) to
    ``spans``: per window number, the UTC µs span of their events and their sources."""
    e = pairs.event_idx
    relevant = (pairs.space != _OUTSIDE) & np.isin(pairs.time, _EDGE_OR_DURING) & events.violent[e]
    if not relevant.any():
        return
    e, w = e[relevant], window_numbers[pairs.window_idx[relevant]]
    codes = pc.dictionary_encode(table.column("source")).combine_chunks()
    names = codes.dictionary.to_pylist()
    source = np.asarray(codes.indices, dtype=np.int64)[e]
    lo, hi = events.lo_ns[e] // 1000, events.hi_ns[e] // 1000
    for number in np.unique(w).tolist():
        mine = w == number
        found = frozenset(names[k] for k in np.unique(source[mine]).tolist())
        first, last = int(lo[mine].min()), int(hi[mine].max())
        if number in spans:
            before = spans[number]
            first, last = min(first, before[0]), max(last, before[1])
            found |= before[2]
        spans[number] = (first, last, found)


def _take(pairs: PairColumns, rows: np.ndarray) -> PairColumns:
    assert pairs.location is not None
    return PairColumns(
        event_idx=pairs.event_idx[rows],
        window_idx=pairs.window_idx[rows],
        space=pairs.space[rows],
        time=pairs.time[rows],
        side_a_status=pairs.side_a_status[rows],
        side_b_status=pairs.side_b_status[rows],
        verdict=pairs.verdict[rows],
        distance_km=pairs.distance_km[rows],
        location=pairs.location[rows],
    )
