"""Benchmark: UCDP GED ingest through ``Store.ingest`` beside plain pandas + DuckDB.

Prints rows/s of

* trucewatch: ``Store.ingest(adapter_for("ucdp-ged"), file)`` into a fresh temporary store
  (parse, validate into Event objects, one transaction with a bulk Arrow insert), and
* baseline: ``pandas.read_csv(file)`` and a DuckDB ``CREATE TABLE AS SELECT * FROM df`` into a
  fresh database (no validation, no model, no idempotence),

best of ``--repeat`` runs each, then the peak Python heap of one run of each (tracemalloc) and
the peak resident memory of the whole process. Run: ``python benchmarks/ingest.py``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FILE = REPO / ".." / "shared" / "data" / "ucdp_ged_syria" / "ged_syria_2016.csv"


def _trucewatch_ingest(path: Path) -> int:
    from trucewatch.sources.base import adapter_for
    from trucewatch.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.duckdb") as store:
        report = store.ingest(adapter_for("ucdp-ged"), path)
        return report.rows


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


def _best_of(repeat: int, run: Callable[[Path], int], path: Path) -> tuple[int, float]:
    best = float("inf")
    rows = 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = run(path)
        best = min(best, time.perf_counter() - start)
    return rows, best


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
    args = parser.parse_args(argv)
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
    for label, run in (
        ("trucewatch Store.ingest (ucdp-ged)", _trucewatch_ingest),
        ("pandas.read_csv + DuckDB insert", _pandas_duckdb),
    ):
        rows, seconds = _best_of(args.repeat, run, path)
        results.append((label, rows, seconds, _peak_heap_mib(run, path)))
    width = max(len(r[0]) for r in results)
    print(f"{'':{width}}  {'rows':>8}  {'seconds':>8}  {'rows/s':>10}  {'peak heap':>10}")
    for label, rows, seconds, heap in results:
        print(
            f"{label:{width}}  {rows:>8,}  {seconds:>8.3f}  {rows / seconds:>10,.0f}  "
            f"{heap:>7.1f} MiB"
        )
    ratio = results[0][2] / results[1][2]
    print(f"trucewatch takes {ratio:.1f}x the time of the baseline (which validates nothing)")
    print("peak heap = Python allocations (tracemalloc); Arrow and DuckDB buffers are not in it")
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"peak resident memory of this process: {maxrss_kib / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
