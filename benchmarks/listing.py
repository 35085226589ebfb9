"""Benchmark: listing stored verdicts, the read and the rendering apart (prints numbers).

``python benchmarks/listing.py STORE [KIND ...]`` reads the stored verdicts of ``KIND``
(default ``violation``) with their events' columns, as ``trucewatch verdicts`` does, then renders
their parties and explanations (``trucewatch.verdicts.render_columns``), and prints the seconds
and verdicts per second of each half; then the same for the CSV listing (the codes read as
Arrow batches, ``trucewatch.verdicts.render_csv`` writing the lines). The store is made by
e.g. ``python benchmarks/pipeline.py --events 1000000 --no-peer --keep DIR``
(DIR/store.duckdb).
"""

from __future__ import annotations

import gc
import os
import sys
import time

from trucewatch.catalog import load_agreements
from trucewatch.store import Store
from trucewatch.store.verdict_reads import code_listing
from trucewatch.store.verdicts import iter_listing
from trucewatch.verdicts.render_columns import ColumnRenderer
from trucewatch.verdicts.render_csv import CsvRenderer


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
        del chunks
        batches = list(code_listing(store, kinds=kinds))
        csv_read = time.perf_counter()
        csv = CsvRenderer(agreements)
        size = sum(len(csv.lines(batch)) for batch in batches)
        csv_done = time.perf_counter()
    print(f"load {os.getloadavg()[0]:.1f}, {n:,} verdicts ({', '.join(kinds)})")
    print(f"  records: read {read - start:6.2f} s  {n / max(read - start, 1e-9):>10,.0f} /s")
    print(f"           render {done - read:6.2f} s  {n / max(done - read, 1e-9):>10,.0f} /s")
    print(f"  csv:     read {csv_read - done:6.2f} s  {n / max(csv_read - done, 1e-9):>10,.0f} /s")
    print(
        f"           render {csv_done - csv_read:6.2f} s  "
        f"{n / max(csv_done - csv_read, 1e-9):>10,.0f} /s ({size / 1e6:.0f} MB)"
    )


if __name__ == "__main__":
    main()
