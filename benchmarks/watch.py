"""Benchmark: a batch landing on a large store, until its alerts are queued (issue 16).

A store of N events (``--store FILE``: a copy of a ready one, never written; or ``--events N``:
made as ``benchmarks/pipeline.py`` makes it, UCDP-GED-shaped rows of the real 2016 Syria file)
with the four shipped agreements gets five subscriptions (one per agreement, one for all; the
default kinds, webhook to a public address, never delivered here). Then two batches land:

- (a) ``--batch`` new events (default 3,000: a GDELT 15-minute file's size), as one UCDP GED
  file (the same engine path as any source: read, stored, judged, queued);
- (b) ``--weekly`` rows (default 20,000: a week of ACLED). Without ``--edits`` all are new
  events. With ``--edits`` (once ``jobs.ingest_file(..., edits="replace")`` and
  ``Store.delete_events`` exist) a quarter of them are edits of stored events (same id, moved
  coordinates) and one in twenty ids are deleted; the rest are new.

Each batch is timed from landing (the file in place) to its alerts queued, two ways:

- **command**: ``trucewatch ingest ucdp-ged FILE`` in a fresh process (start-up, the numba
  kernels loaded from their cache, the file stored, ``jobs.after_write``: verdicts, alerts
  queued), with its peak RSS; with ``--edits``, ``--edits replace``, the deletions in a second
  process (``Store.delete_events`` then ``jobs.after_write``), both summed;
- **resident**: in one process that keeps the store open and has landed a small batch before
  (kernels warm, agreements parsed), as ``trucewatch watch`` runs: ``jobs.ingest_file`` then
  ``jobs.after_write`` (and the deletions), with the split (ingest / verdicts / queue) and the
  process's peak RSS;

and beside them the obvious alternative, the **peer**: a plain script that appends the batch to
a DuckDB table of the N events (``INSERT ... FROM read_csv``) and runs a geopandas ``sjoin`` of
the batch against the agreements' window scopes (the peer of ``benchmarks/pipeline.py`` on the
batch). It stores no verdict and queues no alert: the bar, not an equal.

The command and the resident each get their own copy of the store (made before timing); the
load average is printed with each figure (the machine is shared). Run:
``python benchmarks/watch.py --store /work/bench/s10m.duckdb --work DIR`` (DIR on a disk with
room for three copies of the store; removed at the end unless ``--keep``). To time another
checkout with the same script, run it with ``PYTHONPATH=<checkout>/src``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import BIN, GED, JITTER, SAME_NUMPY, make_events, windows_file

HOOK = "https://93.184.215.14/hook"  # a public address: accepted, never called here

PEER = r"""
import sys, json, duckdb
import pandas as pd, geopandas as gpd
from shapely.geometry import shape
db, batch_csv, windows_json, out_csv = sys.argv[1:5]
con = duckdb.connect(db)
con.execute("INSERT INTO events SELECT * FROM read_csv(?, all_varchar = true)", [batch_csv])
con.close()
df = pd.read_csv(batch_csv, low_memory=False)
df["start"] = pd.to_datetime(df["date_start"], utc=True)
df["end"] = pd.to_datetime(df["date_end"], utc=True) + pd.Timedelta(days=1)
points = gpd.GeoDataFrame(
    df[["id", "side_a", "side_b", "start", "end"]],
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
"""

DELETE = r"""
import sys, json, time
from datetime import UTC, datetime
from trucewatch import jobs
from trucewatch.store import Store
db, ids_file = sys.argv[1:3]
ids = json.loads(open(ids_file).read())
with Store.open(db) as store:
    report = store.delete_events(ids, origin="benchmark", now=datetime.now(UTC))
    print(report)
    print(jobs.after_write(store))
"""


def load() -> str:
    """The load averages (1, 5, 15 min), as ``uptime`` says them."""
    return "load " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    """CPU seconds of this process so far (every thread, user and system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(
    args: list[str], stdout: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """Run one process to its end: (seconds, its CPU seconds, its peak resident MB). The CPU
    seconds say what the machine's load hides: on 2 cores shared by others the wall time of the
    same work varies by 2-4 times."""
    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=out, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if stdout:
        out.close()  # type: ignore[union-attr]
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed:\n{err[-2000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


# -- setup (not timed) ---------------------------------------------------------------------------


def batch_events(path: Path, n: int, seed: int, first_id: int) -> None:
    """``n`` GED rows drawn at random from the whole real file (so that a batch spans the year
    as a feed's does, not only its first days), new ids from ``first_id``, coordinates
    jittered as the store's."""
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
            row = list(rng.choice(rows))
            row[at["id"]] = str(first_id + i)
            for name in ("latitude", "longitude"):
                row[at[name]] = f"{float(row[at[name]]) + rng.uniform(-JITTER, JITTER):.6f}"
            writer.writerow(row)


def prepare(base: Path) -> int:
    """Open ``base`` once (migrations), make its verdicts current, add the subscriptions if
    absent; return how many events it holds."""
    from trucewatch import jobs
    from trucewatch.catalog import load_agreements
    from trucewatch.store import Store
    from trucewatch.store.subscriptions import create_subscription, list_subscriptions

    with Store.open(base) as store:
        jobs.refresh(store)
        ids = sorted(a.id for a in load_agreements(store))
        if len(ids) < 4:
            raise SystemExit(f"{base}: {len(ids)} agreements stored; the four shipped are needed")
        names = {s.name for s in list_subscriptions(store)}
        for name, agreements in [*((f"bench-{a}", [a]) for a in ids), ("bench-all", [])]:
            if name not in names:
                create_subscription(
                    store.conn, name=name, channel="webhook", target=HOOK, agreement_ids=agreements
                )
        return int(store.conn.execute("SELECT count(*) FROM events").fetchone()[0])


def stored_ids(base: Path, n: int, seed: int) -> list[int]:
    """``n`` numbers of stored UCDP GED ids, sampled (seeded)."""
    import duckdb

    con = duckdb.connect(str(base), read_only=True)
    try:
        rows = con.execute(  # (a sample's size and seed cannot be parameters)
            "SELECT CAST(substr(event_id, 10) AS BIGINT) FROM events "
            f"WHERE event_id LIKE 'ucdp_ged:%' USING SAMPLE reservoir({int(n)} ROWS) "
            f"REPEATABLE ({int(seed)})"
        ).fetchall()
    finally:
        con.close()
    return sorted(int(r[0]) for r in rows)


def weekly_files(folder: Path, n: int, seed: int, base: Path, edits: bool) -> tuple[Path, Path]:
    """The weekly batch (a CSV) and its deletions (a JSON list of ids)."""
    weekly, deletions = folder / "weekly.csv", folder / "deletions.json"
    if not edits:
        batch_events(weekly, n, seed + 3, first_id=96_000_000)
        deletions.write_text("[]")
        return weekly, deletions
    n_edit, n_delete = n // 4, n // 20
    sample = stored_ids(base, n_edit + n_delete, seed)
    random.Random(seed).shuffle(sample)
    edited, deleted = sample[:n_edit], sample[n_edit:]
    batch_events(weekly, n - n_edit - n_delete, seed + 3, first_id=96_000_000)
    moved = folder / "edited.csv"
    batch_events(moved, len(edited), seed + 4, first_id=0)
    with moved.open(newline="", encoding="utf-8") as f, weekly.open("a", newline="") as out:
        rows = csv.reader(f)  # (quoted fields may hold line breaks)
        next(rows)
        writer = csv.writer(out)
        for stored, row in zip(edited, rows, strict=True):  # the same ids, other content
            writer.writerow([str(stored), *row[1:]])
    deletions.write_text(json.dumps([f"ucdp_ged:{i}" for i in deleted]))
    return weekly, deletions


def peer_db(base: Path, target: Path) -> None:
    """The peer's database: the store's events as a plain table of the GED columns it reads."""
    import duckdb

    con = duckdb.connect(str(target))
    try:
        con.execute(f"ATTACH '{base}' AS s (READ_ONLY)")
        header = GED.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        cols = ", ".join(f'NULL::VARCHAR AS "{c}"' for c in header)
        con.execute(f"CREATE TABLE events AS SELECT {cols} FROM range(0) LIMIT 0")
        con.execute(
            "INSERT INTO events (id, latitude, longitude, date_start, date_end, side_a, side_b) "
            "SELECT event_id, lat, lon, time_start, time_end, side_a, side_b FROM s.events"
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()


# -- the resident process ------------------------------------------------------------------------


def resident(
    db: Path, warm: Path, batches: list[tuple[str, Path, Path | None]], edits: bool
) -> None:
    """One process: the store open, a small batch landed first (kernels warm), then each
    batch timed from landing to queued. Prints one JSON line per batch."""
    from datetime import UTC, datetime

    from trucewatch import jobs
    from trucewatch.publish.alerts.runner import queue_alerts
    from trucewatch.store import Store

    with Store.open(db) as store:
        jobs.ingest_file(store, "ucdp-ged", warm)
        jobs.after_write(store)
        warm_mb = peak_mb()
        for name, batch, deletions in batches:
            c0 = cpu_s()
            t0 = time.perf_counter()
            extra = {"edits": "replace"} if edits else {}
            report = jobs.ingest_file(store, "ucdp-ged", batch, **extra)  # type: ignore[arg-type]
            deleted = 0
            if deletions is not None:
                ids = json.loads(deletions.read_text())
                if ids:
                    deleted = store.delete_events(  # type: ignore[attr-defined]
                        ids, origin="benchmark", now=datetime.now(UTC)
                    ).deleted
            t1 = time.perf_counter()
            judged = jobs.refresh_if_needed(store)
            t2 = time.perf_counter()
            queued = queue_alerts(store)
            t3 = time.perf_counter()
            print(
                json.dumps(
                    {
                        "batch": name,
                        "stored": report.stored,
                        "replaced": getattr(report, "replaced", 0),
                        "deleted": deleted,
                        "verdicts": 0 if judged is None else judged.verdicts_written,
                        "queued": queued,
                        "ingest_s": t1 - t0,
                        "verdicts_s": t2 - t1,
                        "queue_s": t3 - t2,
                        "total_s": t3 - t0,
                        "cpu_s": cpu_s() - c0,
                        "warm_peak_mb": warm_mb,
                        "peak_mb": peak_mb(),
                        "load": load(),
                    }
                ),
                flush=True,
            )


# -- main ----------------------------------------------------------------------------------------


def command(
    db: Path, batch: Path, deletions: Path | None, edits: bool
) -> tuple[float, float, float, str]:
    """The batch through fresh processes: (seconds, CPU seconds, peak MB, what they printed
    last)."""
    out = db.parent / "command.out"
    argv = [str(BIN / "trucewatch"), "ingest", "ucdp-ged", str(batch), "--db", str(db)]
    seconds, cpu, mb = timed([*argv, *(["--edits", "replace"] if edits else [])], out)
    said = out.read_text().strip().splitlines()[-1:]
    if deletions is not None and json.loads(deletions.read_text()):
        s2, c2, mb2 = timed([sys.executable, "-c", DELETE, str(db), str(deletions)], out)
        seconds, cpu, mb = seconds + s2, cpu + c2, max(mb, mb2)
        said += out.read_text().strip().splitlines()[-1:]
    return seconds, cpu, mb, " | ".join(said)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="a ready store to copy (never written)")
    parser.add_argument("--events", type=int, default=100_000, help="without --store: its size")
    parser.add_argument("--batch", type=int, default=3_000, help="the 15-minute batch's events")
    parser.add_argument("--weekly", type=int, default=20_000, help="the weekly batch's rows")
    parser.add_argument(
        "--edits",
        action="store_true",
        help="the weekly batch with edits and deletions (needs ingest edits= and delete_events)",
    )
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--work", type=Path, help="folder for the copies (default: a temporary one)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--no-peer", action="store_true", help="leave out the peer script")
    parser.add_argument("--no-command", action="store_true", help="leave out the command runs")
    parser.add_argument("--resident", nargs="+", help=argparse.SUPPRESS)  # the child's own mode
    parser.add_argument("--prepare", help=argparse.SUPPRESS)  # the setup, in a child
    args = parser.parse_args()
    if args.prepare:  # in a child, so that this process stays small: a child's peak RSS
        job = json.loads(args.prepare)  # (wait4) starts from its parent's
        base = Path(job["base"])
        n = prepare(base)
        weekly_files(Path(job["folder"]), job["weekly"], job["seed"], base, job["edits"])
        if job["peer"]:
            peer_db(base, Path(job["peer"]))
        print(n)
        return
    if args.resident:
        db, warm, *rest = (Path(p) for p in args.resident)
        batches = [(p.stem, p, None) for p in rest if p.suffix == ".csv"]
        dels = [p for p in rest if p.suffix == ".json"]
        if dels:
            batches[-1] = (*batches[-1][:2], dels[0])
        resident(db, warm, batches, args.edits)
        return
    if not GED.is_file():
        raise SystemExit(f"skipped: {GED} is absent (the real UCDP GED file is needed)")
    folder = Path(tempfile.mkdtemp(prefix="tw-watch-", dir=args.work))
    try:
        run(args, folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path) -> None:
    tw = str(BIN / "trucewatch")
    base = folder / "base.duckdb"
    t0 = time.perf_counter()
    if args.store is not None:
        shutil.copyfile(args.store, base)
    else:
        make_events(folder / "events.csv", args.events, args.seed)
        for argv in (
            [tw, "ingest", "ucdp-ged", str(folder / "events.csv"), "--db", str(base)],
            [tw, "agreements", "add", "--examples", "--db", str(base)],
        ):
            timed(argv)
    job = {
        "base": str(base),
        "folder": str(folder),
        "weekly": args.weekly,
        "seed": args.seed,
        "edits": args.edits,
        "peer": "" if args.no_peer else str(folder / "peer.duckdb"),
    }
    argv = [sys.executable, __file__, "--prepare", json.dumps(job)]
    child = subprocess.run(argv, capture_output=True, text=True)
    if child.returncode != 0:
        raise SystemExit(f"the setup failed:\n{child.stderr[-3000:]}")
    n = int(child.stdout.split()[-1])
    weekly, deletions = folder / "weekly.csv", folder / "deletions.json"
    warm, batch = folder / "warm.csv", folder / "gdelt.csv"
    batch_events(warm, 50, args.seed + 1, first_id=94_000_000)
    batch_events(batch, args.batch, args.seed + 2, first_id=95_000_000)
    windows_file(folder / "windows.json")
    copies = {"command": folder / "command.duckdb", "resident": folder / "resident.duckdb"}
    for copy in copies.values():
        shutil.copyfile(base, copy)
    if not args.keep:
        base.unlink()
    kind = "with edits and deletions" if args.edits else "additions only"
    print(
        f"watch: a store of {n:,} events, 4 agreements, 5 subscriptions; batches of "
        f"{args.batch:,} and {args.weekly:,} rows ({kind}); "
        f"{os.cpu_count()} cores (setup {time.perf_counter() - t0:.0f} s, not timed)",
        flush=True,
    )
    rows: list[str] = []

    def show(line: str) -> None:
        rows.append(line)
        print(line, flush=True)

    if not args.no_command:
        db = copies["command"]
        timed([tw, "ingest", "ucdp-ged", str(warm), "--db", str(db)])  # as the resident does
        for name, file, dels in (("15-minute", batch, None), ("weekly", weekly, deletions)):
            before = load()
            seconds, cpu, mb, said = command(db, file, dels, args.edits)
            show(
                f"  command  {name:<10} {seconds:7.2f} s {cpu:6.2f} s CPU {mb:6.0f} MB  "
                f"({before})  {said}"
            )
    argv = [sys.executable, __file__, "--resident", str(copies["resident"]), str(warm)]
    argv += [str(batch), str(weekly)] + ([str(deletions)] if args.edits else [])
    before = load()
    child = subprocess.run(
        [*argv, *(["--edits"] if args.edits else [])], capture_output=True, text=True
    )
    if child.returncode != 0:
        raise SystemExit(f"the resident process failed:\n{child.stderr[-3000:]}")
    for line in child.stdout.splitlines():
        r = json.loads(line)
        name = {"gdelt": "15-minute", "weekly": "weekly"}[r["batch"]]
        show(
            f"  resident {name:<10} {r['total_s']:7.2f} s {r['cpu_s']:6.2f} s CPU "
            f"{r['peak_mb']:6.0f} MB  ({before})  "
            f"ingest {r['ingest_s']:.2f} s, verdicts {r['verdicts_s']:.2f} s, queue "
            f"{r['queue_s']:.2f} s; {r['stored']:,} added, {r['replaced']:,} edited, "
            f"{r['deleted']:,} deleted, {r['verdicts']:,} verdicts, {r['queued']:,} alerts "
            f"queued (peak after the warm-up batch {r['warm_peak_mb']:.0f} MB)"
        )
        before = r["load"]
    if not args.no_peer:
        for name, file in (("15-minute", batch), ("weekly", weekly)):
            before = load()
            seconds, cpu, mb = timed(
                [
                    sys.executable,
                    "-c",
                    PEER,
                    str(folder / "peer.duckdb"),
                    str(file),
                    str(folder / "windows.json"),
                    str(folder / "peer.csv"),
                ],
                env=SAME_NUMPY,
            )
            show(
                f"  peer     {name:<10} {seconds:7.2f} s {cpu:6.2f} s CPU {mb:6.0f} MB  ({before})"
            )


if __name__ == "__main__":
    main()
