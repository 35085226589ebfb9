"""Benchmark: listing stored verdicts, the read and the rendering apart (prints numbers).

``python benchmarks/listing.py STORE [KIND ...]`` reads the stored verdicts of ``KIND``
(default ``violation``) with their events' columns, as ``trucewatch verdicts`` does, then renders
their parties and explanations (``trucewatch.verdicts.render_columns``), and prints the seconds
and verdicts per second of each half. The store is made by e.g. ``python
benchmarks/pipeline.py --events 1000000 --no-peer --keep DIR`` (DIR/store.duckdb).
"""

from __future__ import annotations

import gc
import os
import sys
import time

from trucewatch.catalog import load_agreements
from trucewatch.store import Store
from trucewatch.store.verdicts import iter_listing
from trucewatch.verdicts.render_columns import ColumnRenderer


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    kinds = sys.argv[2:] or ["violation"]
    with Store.open(sys.argv[1], read_only=True) as store:
        agreements = load_agreements(store)
        gc.disable()
        start = time.perf_counter()
        chunks = list(iter_listing(store.conn, kinds=kinds))
        read = time.perf_counter()
        renderer = ColumnRenderer(agreements)
        n = sum(len(renderer.records(columns)) for columns in chunks)
        done = time.perf_counter()
    print(f"load {os.getloadavg()[0]:.1f}, {n:,} verdicts ({', '.join(kinds)})")
    print(f"  read    {read - start:6.2f} s  {n / max(read - start, 1e-9):>10,.0f} /s")
    print(f"  render  {done - read:6.2f} s  {n / max(done - read, 1e-9):>10,.0f} /s")


if __name__ == "__main__":
    main()
