"""The main job on the embedded default: reference agreements, an event set, a summary.

It also judges every event against every agreement window and counts the verdicts.

Real UCDP GED data is used when given (or found in ``../shared/data``); otherwise the seeded,
clearly labelled SYNTHETIC simulation of :mod:`trucewatch.effect.simulate`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from trucewatch.agreements import load_examples
from trucewatch.catalog import save_agreement
from trucewatch.effect.simulate import SimulationConfig, simulate
from trucewatch.effect.summary import WindowSummary, summarize
from trucewatch.errors import SourceError
from trucewatch.jobs import ingest_file, refresh
from trucewatch.model.agreement import Agreement
from trucewatch.model.verdict import most_serious
from trucewatch.store import IngestReport, Store

__all__ = ["UCDP_IN_SHARED", "DemoResult", "run_demo"]

UCDP_IN_SHARED = Path("ucdp_ged_syria") / "ged_syria_2016.csv"


@dataclass(frozen=True)
class DemoResult:
    """What the demo did: which data, what was ingested, and the summary per window."""

    data_label: str
    synthetic: bool
    ingest: IngestReport
    agreements: tuple[Agreement, ...]
    summaries: tuple[WindowSummary, ...]
    verdict_counts: dict[str, Counter[str]]  # agreement id -> most serious kind -> events


def run_demo(
    store: Store,
    *,
    data: Path | None = None,
    shared: Path | None = None,
    seed: int = 2016,
    progress: Callable[[int], None] | None = None,
) -> DemoResult:
    """Load the reference agreements, ingest an event set, and summarize every agreement.

    ``data``: a UCDP GED CSV to use. ``shared``: the shared data folder, whose UCDP GED Syria
    2016 file is used when present. With neither, the seeded simulation is used.
    """
    agreements = tuple(load_examples())
    for agreement in agreements:
        save_agreement(store, agreement)

    path = data
    if path is None and shared is not None and (shared / UCDP_IN_SHARED).is_file():
        path = shared / UCDP_IN_SHARED
    if path is not None:
        if not path.is_file():
            raise SourceError(f"{path}: no such file; pass a UCDP GED CSV with DATA=path")
        report = ingest_file(store, "ucdp-ged", path, progress=progress)
        label, synthetic = f"UCDP GED ({path.name})", False
    else:
        config = SimulationConfig(seed=seed)
        report = store.ingest_events(
            simulate(config), label=f"simulation seed={seed}", adapter="simulation.v1"
        )
        label, synthetic = f"SYNTHETIC simulation (seed {seed})", True
    summaries = tuple(summarize(store, agreements))
    refresh(store)  # the stored verdicts of every stored agreement, as trucewatch verdicts
    counts = _event_counts(store, agreements)
    return DemoResult(label, synthetic, report, agreements, summaries, counts)


def _event_counts(store: Store, agreements: Sequence[Agreement]) -> dict[str, Counter[str]]:
    """Per agreement, its events by their most serious verdict over its windows (an event
    judged against several windows counts once, as in the report)."""
    kinds: dict[tuple[str, str], list[str]] = {}
    for row in store.verdict_code_rows():
        kinds.setdefault((row["agreement_id"], row["event_id"]), []).append(row["verdict"])
    counts: dict[str, Counter[str]] = {a.id: Counter() for a in agreements}
    for (agreement_id, _), found in kinds.items():
        if agreement_id in counts:  # the store may hold other agreements than the demo's
            counts[agreement_id][most_serious(found).value] += 1
    return counts
