"""Benchmark: the stored agreements loaded on every request, parsed each time or kept in
``store.cache`` (prints numbers).

``python benchmarks/agreements_cache.py [--runs N] [--vertices V]`` stores the shipped example
agreements in a temporary store, then times ``load_agreements`` (what each API request that
needs the agreements runs) as a server does it, through one ``SharedStore`` whose cache lives as
long as it does, beside the obvious alternative: every call parsing every text again (a new
``StoreCache`` per call, what every call did before the cache). Then again with one more
agreement whose scope is a polygon of ``V`` vertices (default 49,999, under the limit of 50,000).
Medians of ``N`` calls (default 7) after a first call that fills the cache.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import tempfile
import time
from pathlib import Path

from trucewatch.agreements import example_paths
from trucewatch.catalog import add_agreement_file, load_agreements
from trucewatch.store import Store
from trucewatch.store.cache import StoreCache
from trucewatch.store.shared import SharedStore


def _polygon_agreement(folder: Path, vertices: int) -> Path:
    ring = [
        [
            round(37.15 + 0.2 * math.cos(2 * math.pi * i / vertices), 6),
            round(36.2 + 0.15 * math.sin(2 * math.pi * i / vertices), 6),
        ]
        for i in range(vertices)
    ]
    path = folder / "polygon.yaml"
    path.write_text(
        "format: trucewatch.agreement/1\nid: polygon-scope\nname: Polygon scope\n"
        "timezone: Asia/Damascus\nstart: 2016-05-05T01:00:00+03:00\nduration: 48h\n"
        "scope:\n  geojson: "
        + json.dumps({"type": "Polygon", "coordinates": [[*ring, ring[0]]]})
        + "\n",
        encoding="utf-8",
    )
    return path


def _median_ms(shared: SharedStore, runs: int, *, fresh: bool) -> float:
    times = []
    with shared.reading() as store:
        load_agreements(store)  # fills the cache
        for _ in range(runs):
            if fresh:
                store.cache = StoreCache()
            start = time.perf_counter()
            load_agreements(store)
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--vertices", type=int, default=49_999)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store.duckdb"
        with Store.open(path) as store:
            for example in example_paths():
                add_agreement_file(store, example)
        stages = [("the shipped examples", None), (f"+ a {args.vertices:,}-vertex scope", 1)]
        print(f"{'agreements':<34} {'parsed each call':>17} {'cached':>10}")
        for label, more in stages:
            if more is not None:
                with Store.open(path) as store:
                    add_agreement_file(store, _polygon_agreement(Path(tmp), args.vertices))
            shared = SharedStore(path, linger=60.0)
            try:
                each = _median_ms(shared, args.runs, fresh=True)
                cached = _median_ms(shared, args.runs, fresh=False)
            finally:
                shared.close()
            print(f"{label:<34} {each:>14.1f} ms {cached:>7.2f} ms")


if __name__ == "__main__":
    main()
