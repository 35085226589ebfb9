"""Benchmark: the step ``trucewatch verdicts --verdict violation --format csv`` on a big store,
this checkout against another one, beside the obvious alternative (prints numbers).

``python benchmarks/verdicts_step.py STORE [--before BIN] [--runs N] [--more CSV]``

STORE is a store with events and agreements but no verdicts yet, e.g. made by
``trucewatch ingest ucdp-ged events.csv --db STORE`` and ``trucewatch agreements add --examples
--db STORE`` (``benchmarks/pipeline.py --inputs DIR`` writes such a file). Each run copies STORE
to a temporary folder (every run starts from the same state) and runs the step as a fresh
process: with this checkout's ``trucewatch`` ("after") and, with ``--before BIN`` (the
``trucewatch`` of another checkout, e.g. ``../main/.venv/bin/trucewatch``), that one ("before"),
alternately, ``--runs`` times each; it prints the wall seconds, the update's own seconds (as the
command reports them), the peak resident memory, and checks that both write the same bytes.
The alternative is DuckDB alone writing the same listing's stored codes as CSV
(``COPY ... TO``, no explanation, no update): what the listing costs without the rendering.
With ``--more CSV`` the incremental step follows each run: ``ingest ucdp-ged CSV`` into the
updated store, then ``verdicts --agreement aleppo-calm-2016-05 --verdict violation --format
csv``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AFTER = Path(sys.executable).parent / "trucewatch"
STEP = ["verdicts", "--verdict", "violation", "--format", "csv"]
SMALL = ["verdicts", "--agreement", "aleppo-calm-2016-05", "--verdict", "violation"]
ALTERNATIVE = """
import sys, duckdb
conn = duckdb.connect(sys.argv[1], read_only=True)
conn.execute(
    "COPY (SELECT v.event_id, v.agreement_id, v.window_id, v.verdict, v.space, v.time, "
    "v.distance_km, v.share_inside, array_to_string(v.reasons, ' ') AS reasons "
    "FROM verdicts v JOIN events e USING (event_id) WHERE v.verdict = 'violation' "
    "ORDER BY v.agreement_id, e.time_start, v.event_id, v.window_id) TO '" + sys.argv[2] + "'"
)
"""


def _run(command: list[str], out: Path) -> tuple[float, int, str]:
    """Wall seconds, peak resident MB and stderr of ``command`` writing stdout to ``out``."""
    with out.open("wb") as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        stderr.seek(0)
        text = stderr.read().decode(errors="replace")
    if status != 0:
        sys.exit(f"{' '.join(command)} failed:\n{text}")
    return wall, usage.ru_maxrss // 1024, text


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--before", type=Path, help="the trucewatch of another checkout")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--more", type=Path, help="a further GED CSV for the incremental step")
    args = parser.parse_args()
    versions = [("after", AFTER)] + ([("before", args.before)] if args.before else [])
    print(f"load {os.getloadavg()[0]:.1f}; {args.store}")
    digests: dict[str, set[str]] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for run in range(args.runs):
            for name, tw in versions if run % 2 == 0 else versions[::-1]:
                db = work / "store.duckdb"
                shutil.copyfile(args.store, db)
                wall, peak, err = _run([str(tw), *STEP, "--db", str(db)], work / f"{name}.csv")
                found = re.search(r"events judged in ([0-9.]+) s", err)
                update = found.group(1) if found else "?"
                digests.setdefault(name, set()).add(_digest(work / f"{name}.csv"))
                line = f"  {name:<7} step {wall:6.2f} s (update {update} s), {peak:,} MB"
                if args.more:
                    ingest = [str(tw), "ingest", "ucdp-ged", str(args.more), "--db", str(db)]
                    _run(ingest, work / "ingest.out")
                    small, small_peak, _ = _run(
                        [str(tw), *SMALL, "--format", "csv", "--db", str(db)], work / "small.csv"
                    )
                    line += f"; incremental {small:.2f} s, {small_peak:,} MB"
                print(line, flush=True)
                if name == "after" and run == 0:
                    lines = (work / "after.csv").read_bytes().count(b"\n") - 1
                    alt, alt_peak, _ = _run(
                        [sys.executable, "-c", ALTERNATIVE, str(db), str(work / "alt.csv")],
                        work / "alt.out",
                    )
                    print(f"  DuckDB COPY of the codes alone: {alt:.2f} s, {alt_peak:,} MB "
                          f"({lines:,} lines listed)", flush=True)  # fmt: skip
    same = len(set().union(*digests.values())) == 1
    print(f"outputs: {'identical' if same else 'DIFFERENT'} ({digests})")
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
