"""Benchmark: UCDP GED ingest through ``Store.ingest`` beside plain pandas + DuckDB.

Prints rows/s of

* trucewatch: ``Store.ingest(adapter_for("ucdp-ged"), file)`` into a fresh temporary store
  (the file read as columns, checked by column expressions, one transaction with a bulk Arrow
  insert),
* the record path: the same adapter without its column reader (an Event per record, as before
  issue 14; ``--no-row-path`` leaves it out), and
* baseline: ``pandas.read_csv(file)`` and a DuckDB ``CREATE TABLE AS SELECT * FROM df`` into a
  fresh database (no validation, no model, no idempotence),

best of ``--repeat`` runs each (with the CPU seconds of that run, all threads), then the peak
Python heap of one run of each (tracemalloc) and the peak resident memory of the whole
process. ``--events N`` makes a GED-shaped file of N
rows first (the real rows repeated with new ids and jittered points, as
``benchmarks/pipeline.py`` does). Run: ``python benchmarks/ingest.py --events 100000``.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
DEFAULT_FILE = REPO / ".." / "shared" / "data" / "ucdp_ged_syria" / "ged_syria_2016.csv"


def _trucewatch_ingest(path: Path) -> int:
    from trucewatch.sources.base import adapter_for
    from trucewatch.sources.limits import Limits
    from trucewatch.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.duckdb") as store:
        report = store.ingest(adapter_for("ucdp-ged", limits=Limits(max_bytes=1 << 40)), path)
        return report.rows


class _RowPath:
    """The ucdp-ged adapter without ``read_columns``: the record-by-record path."""

    def __init__(self) -> None:
        from trucewatch.sources.base import adapter_for
        from trucewatch.sources.limits import Limits

        self._adapter = adapter_for("ucdp-ged", limits=Limits(max_bytes=1 << 40))
        self.name, self.source = self._adapter.name, self._adapter.source
        self.limits = self._adapter.limits

    def read(self, path: Path):  # type: ignore[no-untyped-def]
        return self._adapter.read(path)


def _row_path_ingest(path: Path) -> int:
    from trucewatch.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.duckdb") as store:
        return store.ingest(_RowPath(), path).rows


def _pandas_duckdb(path: Path) -> int:
    import duckdb
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        df = pd.read_csv(path)
        with duckdb.connect(str(Path(tmp) / "baseline.duckdb")) as conn:
            conn.register("df", df)
            conn.execute("CREATE TABLE events AS SELECT * FROM df")
            row = conn.execute("SELECT count(*) FROM events").fetchone()
        return int(row[0]) if row else 0


def _cpu_seconds() -> float:
    """User and system CPU seconds of this process, all its threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _best_of(repeat: int, run: Callable[[Path], int], path: Path) -> tuple[int, float, float]:
    """(rows, best wall seconds, CPU seconds of that run): on a machine shared with other
    jobs the CPU seconds vary less than the wall time."""
    best, cpu = float("inf"), 0.0
    rows = 0
    for _ in range(repeat):
        start, cpu_start = time.perf_counter(), _cpu_seconds()
        rows = run(path)
        seconds = time.perf_counter() - start
        if seconds < best:
            best, cpu = seconds, _cpu_seconds() - cpu_start
    return rows, best, cpu


def _peak_heap_mib(run: Callable[[Path], int], path: Path) -> float:
    tracemalloc.start()
    try:
        run(path)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="UCDP GED CSV file")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (best is shown)")
    parser.add_argument("--events", type=int, default=0, help="make a GED-shaped file of N rows")
    parser.add_argument("--no-row-path", action="store_true", help="leave out the record path")
    args = parser.parse_args(argv)
    if args.events:
        from pipeline import make_events

        made = tempfile.TemporaryDirectory()
        args.file = Path(made.name) / f"ged_{args.events}.csv"
        make_events(args.file, args.events, seed=1)
    path: Path = args.file.resolve()
    if not path.is_file():
        print(
            f"benchmark file not found: {path}\n"
            "give a UCDP GED CSV with --file, or put the shared data beside the repo "
            "(<repo>/../shared/data/ucdp_ged_syria/ged_syria_2016.csv)",
            file=sys.stderr,
        )
        return 2
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    _trucewatch_ingest(path)  # warm up imports and file cache; not timed
    print(f"file: {path} ({path.stat().st_size / 2**20:.1f} MiB), best of {args.repeat}")
    results = []
    runs: list[tuple[str, Callable[[Path], int]]] = [
        ("trucewatch Store.ingest (ucdp-ged)", _trucewatch_ingest),
        ("pandas.read_csv + DuckDB insert", _pandas_duckdb),
    ]
    if not args.no_row_path:
        runs.append(("record path (before issue 14)", _row_path_ingest))
    for label, run in runs:
        rows, seconds, cpu = _best_of(args.repeat, run, path)
        results.append((label, rows, seconds, cpu, _peak_heap_mib(run, path)))
    width = max(len(r[0]) for r in results)
    print(
        f"{'':{width}}  {'rows':>9}  {'seconds':>8}  {'rows/s':>10}  {'CPU s':>7}  "
        f"{'peak heap':>10}"
    )
    for label, rows, seconds, cpu, heap in results:
        print(
            f"{label:{width}}  {rows:>9,}  {seconds:>8.3f}  {rows / seconds:>10,.0f}  "
            f"{cpu:>7.2f}  {heap:>7.1f} MiB"
        )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores)")
    ratio = results[0][2] / results[1][2]
    print(f"trucewatch takes {ratio:.1f}x the time of the baseline (which validates nothing)")
    print("peak heap = Python allocations (tracemalloc); Arrow and DuckDB buffers are not in it")
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"peak resident memory of this process: {maxrss_kib / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
