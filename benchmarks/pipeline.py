"""Benchmark: the whole job a monitor runs, through the real command line, beside the obvious
pandas + geopandas script.

A UCDP-GED-shaped CSV of ``--events N`` rows is made from the real 2016 Syria file
(``../shared/data/ucdp_ged_syria/ged_syria_2016.csv``): its rows repeated with new ids and the
coordinates jittered by up to 0.05 degrees (seeded, ``--seed``). Then, each step a fresh
``trucewatch`` process (start-up included), timed with its peak resident memory:

1. ``ingest ucdp-ged FILE`` (no agreement stored yet: nothing to judge)
2. ``agreements add --examples``, which brings the verdicts up to date (every write refreshes
   them, ``jobs.after_write``)
3. ``verdicts --verdict violation --format csv`` (the verdicts are current: it lists)
4. ``effect --agreement syria-coh-2016``
5. one API page: ``serve`` started, ``GET /verdicts?agreement=syria-coh-2016`` (the start-up
   until the first answer, then the page)
6. the incremental step: ``ingest`` a further ``--more`` events (which judges them: the
   refresh after the write), then ``verdicts`` again with a small listing (``--agreement
   aleppo-calm-2016-05 --verdict violation``), so that the step times the command, not the
   writing of every violation of the store

and, in the same run, the peer: a pandas + geopandas script in its own process (read the CSV,
points, ``sjoin`` per window scope, the time overlap with each window, excluded groups by name,
a verdict CSV written). It does far less (no uncertainty, no store, no explanation), which is
why it is the bar to beat (issue 14). Beside it, the floor of any durable store: DuckDB alone
copying the CSV into a table of a database file (``CREATE TABLE AS SELECT * FROM read_csv``),
which checks, judges and explains nothing. Prints seconds and peak MB per step and the ratio of
trucewatch's verdict part (steps 1-3) to the script. Run:
``python benchmarks/pipeline.py --events 100000``; ``--keep DIR`` keeps the files and the store
in DIR (made if absent, must be empty), ``--inputs DIR`` makes the input files in DIR once
and reuses them in later runs with the same ``--events``, ``--more`` and ``--seed`` (a 10 M-row
file takes minutes to write), ``--no-peer`` leaves out the script (at 10 M events
pandas alone needs more memory than the machine may have).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

FLOOR = r"""
import sys, duckdb
events_csv, db = sys.argv[1:3]
con = duckdb.connect(db)
con.execute("CREATE TABLE events AS SELECT * FROM read_csv(?, all_varchar = true)", [events_csv])
con.execute("CHECKPOINT")
"""

REPO = Path(__file__).resolve().parents[1]
GED = REPO / ".." / "shared" / "data" / "ucdp_ged_syria" / "ged_syria_2016.csv"
BIN = Path(sys.executable).parent
JITTER = 0.05

PEER = r"""
import sys, json
import pandas as pd, geopandas as gpd
from shapely.geometry import shape
events_csv, windows_json, out_csv = sys.argv[1:4]
df = pd.read_csv(events_csv, low_memory=False)
df["start"] = pd.to_datetime(df["date_start"], utc=True)
df["end"] = pd.to_datetime(df["date_end"], utc=True) + pd.Timedelta(days=1)
points = gpd.GeoDataFrame(
    df[["id", "side_a", "side_b", "start", "end", "best", "type_of_violence"]],
    geometry=gpd.points_from_xy(df["longitude"], df["latitude"]), crs="EPSG:4326",
)
rows = []
for w in json.load(open(windows_json)):
    scope = gpd.GeoDataFrame({"w": [w["id"]]}, geometry=[shape(w["geometry"])], crs="EPSG:4326")
    inside = gpd.sjoin(points, scope, predicate="within", how="inner")
    start = pd.Timestamp(w["start"])
    end = pd.Timestamp(w["end"]) if w["end"] else pd.Timestamp.max.tz_localize("UTC")
    during = inside[(inside["start"] < end) & (inside["end"] > start)]
    excluded = during["side_a"].isin(w["excluded"]) | during["side_b"].isin(w["excluded"])
    rows.append(pd.DataFrame({
        "event_id": during["id"], "agreement": w["agreement"], "window": w["window"],
        "verdict": excluded.map({True: "not_covered", False: "violation"}),
    }))
pd.concat(rows).to_csv(out_csv, index=False)
print(sum(len(r) for r in rows))
"""


def make_events(path: Path, n: int, seed: int, first_id: int = 10_000_000) -> None:
    """``n`` GED rows: the real file's rows repeated, new ids, coordinates jittered."""
    rng = random.Random(seed)
    with GED.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    at = {name: header.index(name) for name in ("id", "latitude", "longitude")}
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for i in range(n):
            row = list(rows[i % len(rows)])
            row[at["id"]] = str(first_id + i)
            for name in ("latitude", "longitude"):
                row[at[name]] = f"{float(row[at[name]]) + rng.uniform(-JITTER, JITTER):.6f}"
            writer.writerow(row)


def windows_file(path: Path) -> None:
    """The bundled agreements' windows as plain JSON for the peer script (not timed)."""
    from shapely.geometry import mapping

    from trucewatch.agreements import example_paths, load_agreements

    out = []
    for agreement in load_agreements(example_paths()):
        names = [n.name for g in agreement.excluded_groups for n in g.names]
        for window in agreement.windows():
            scope = agreement.scope_of(window)
            if scope is None or scope.geometry is None:
                continue
            out.append(
                {
                    "id": f"{agreement.id}/{window.id}",
                    "agreement": agreement.id,
                    "window": window.id,
                    "geometry": mapping(scope.geometry),
                    "start": window.interval.start.isoformat(),
                    "end": window.interval.end.isoformat() if window.interval.end else None,
                    "excluded": names,
                }
            )
    path.write_text(json.dumps(out))


#: the peer and the floor run with numpy's huge pages as the ``trucewatch`` command line sets
#: them (off unless the user said otherwise, ``cli/__init__.py``), so that a machine setting
#: favours neither side (on the development machine the script takes ~6.7 s without and ~12.3 s
#: with them at 1 M events)
SAME_NUMPY = {"NUMPY_MADVISE_HUGEPAGE": os.environ.get("NUMPY_MADVISE_HUGEPAGE", "0")}


def timed(
    args: list[str], stdout: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Run one process to its end (``env`` added to this one's environment): (seconds, its
    peak resident MB)."""
    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=out, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if stdout:
        out.close()  # type: ignore[union-attr]
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def api_page(db: Path) -> tuple[float, float, int]:
    """``serve`` started: (seconds to its first answer, seconds of one verdict page, rows)."""
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(BIN / "trucewatch"), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/health", timeout=5).read()
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - started > 600:
                    raise SystemExit("serve did not answer") from None
                time.sleep(0.1)
        up = time.perf_counter() - started
        t0 = time.perf_counter()
        url = f"{base}/verdicts?agreement=syria-coh-2016"
        body = json.loads(urllib.request.urlopen(url, timeout=600).read())
        page = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return up, page, len(body.get("items", body.get("verdicts", [])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--more", type=int, default=10_000, help="events of the incremental step")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", type=Path, help="keep the files and the store in this folder")
    parser.add_argument("--inputs", type=Path, help="make (once) and reuse the input files here")
    parser.add_argument("--no-peer", action="store_true", help="leave out the peer script")
    args = parser.parse_args()
    if not GED.is_file():
        raise SystemExit(f"skipped: {GED} is absent (the real UCDP GED file is needed)")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        if any(args.keep.iterdir()):
            raise SystemExit(f"--keep {args.keep}: the folder is not empty")
    tw = str(BIN / "trucewatch")
    with tempfile.TemporaryDirectory(prefix="tw-pipeline-") as tmp:
        folder = args.keep if args.keep is not None else Path(tmp)
        t0 = time.perf_counter()
        inputs = args.inputs if args.inputs is not None else folder
        events, more = inputs / "events.csv", inputs / "more.csv"
        windows = inputs / "windows.json"
        stamp = inputs / "inputs.json"
        made_for = {"events": args.events, "more": args.more, "seed": args.seed}
        if not (stamp.is_file() and json.loads(stamp.read_text()) == made_for):
            inputs.mkdir(parents=True, exist_ok=True)
            stamp.unlink(missing_ok=True)
            make_events(events, args.events, args.seed)
            make_events(more, args.more, args.seed + 1, first_id=90_000_000)
            windows_file(windows)
            stamp.write_text(json.dumps(made_for))
        db = folder / "store.duckdb"
        print(f"(input files made in {time.perf_counter() - t0:.0f} s, not timed below)")
        print(
            f"pipeline: {args.events:,} GED-shaped events (+{args.more:,} incremental), seed "
            f"{args.seed}, jitter {JITTER} deg, {os.cpu_count()} cores, load "
            f"{os.getloadavg()[0]:.1f}",
            flush=True,
        )
        steps: list[tuple[str, float, float]] = []

        def step(name: str, argv: list[str], stdout: Path | None = None, n: int = 0) -> None:
            seconds, peak = timed(argv, stdout)
            steps.append((name, seconds, peak))
            n = n or args.events
            print(
                f"  {name:<40} {seconds:9.1f} s {peak:8.0f} MB {seconds / n * 1e6:9.1f} us/event",
                flush=True,
            )

        step("ingest ucdp-ged", [tw, "ingest", "ucdp-ged", str(events), "--db", str(db)])
        step(
            "agreements add --examples (+ verdicts)",
            [tw, "agreements", "add", "--examples", "--db", str(db)],
        )
        step(
            "verdicts (violations as CSV)",
            [tw, "verdicts", "--verdict", "violation", "--format", "csv", "--db", str(db)],
            folder / "violations.csv",
        )
        step(
            "effect --agreement syria-coh-2016",
            [tw, "effect", "--agreement", "syria-coh-2016", "--db", str(db)],
        )
        up, page, rows = api_page(db)
        print(f"  {'serve: start-up to first answer':<40} {up:9.1f} s")
        print(f"  {'GET /verdicts (one page, ' + str(rows) + ' rows)':<40} {page:9.3f} s")
        more_n = args.more
        step(
            "incremental: ingest (+ verdicts)",
            [tw, "ingest", "ucdp-ged", str(more), "--db", str(db)],
            n=more_n,
        )
        step(
            "incremental: verdicts (one agreement listed)",
            [
                tw,
                "verdicts",
                "--agreement",
                "aleppo-calm-2016-05",
                "--verdict",
                "violation",
                "--format",
                "csv",
                "--db",
                str(db),
            ],
            folder / "violations2.csv",
            n=more_n,
        )
        whole = sum(s for _, s, _ in steps[:4]) + up + page
        verdict_part = sum(s for name, s, _ in steps[:3])
        print(
            f"whole job (steps 1-5): {whole:.1f} s, {whole / args.events * 1e6:.1f} us/event; "
            f"peak {max(m for _, _, m in steps[:4]):.0f} MB"
        )
        if args.no_peer:
            return
        peer_s, peer_mb = timed(
            [sys.executable, "-c", PEER, str(events), str(windows), str(folder / "peer.csv")],
            env=SAME_NUMPY,
        )
        print(f"  {'peer: pandas + geopandas script':<40} {peer_s:9.1f} s {peer_mb:8.0f} MB")
        floor_s, floor_mb = timed(
            [sys.executable, "-c", FLOOR, str(events), str(folder / "floor.duckdb")],
            env=SAME_NUMPY,
        )
        print(f"  {'floor: DuckDB read_csv into a table':<40} {floor_s:9.1f} s {floor_mb:8.0f} MB")
        print(
            f"verdict part (ingest + agreements + verdicts): {verdict_part:.1f} s = "
            f"{verdict_part / peer_s:.2f}x the script's {peer_s:.1f} s; per event "
            f"{verdict_part / args.events * 1e6:.1f} us vs {peer_s / args.events * 1e6:.1f} us"
        )
        print(
            f"whole job / script: {whole / peer_s:.2f}x; ingest / floor: "
            f"{steps[0][1] / floor_s:.2f}x"
        )


if __name__ == "__main__":
    main()
