"""Benchmark: the fast verdict engine beside geopandas.sjoin + pandas filters.

Generates ``--agreements`` M agreements over a 7 x 5 degree region (star-shaped scopes of
64-512 vertices, a third with a hole, some multipolygons; windows with extension chains,
open ends and unilateral declarations; parties with accession instants; excluded groups) and
``--events`` N events (uniform points, radius 0-10 km, one- or several-day intervals, sides
drawn from party aliases, excluded names, coalitions, unknown names or none), then prints:

* fast engine (``trucewatch.verdicts.kernel.classify``): numba compile time, index build time,
  then steady-state events/s over chunks of ``--chunk`` events (generated chunk by chunk
  outside the timing, so memory does not grow with N) in two modes: monitor mode
  (``kinds={violation, possible_violation}, with_distance=False``) over N events, and the
  default mode (every pair not outside, exact distance) over ``--full-events``; peak RSS;
* baseline on the first ``--baseline-events`` events: ``geopandas.sjoin(points or discs,
  scopes, predicate="intersects")`` in WGS84, joined to the windows and filtered in pandas
  (time relation, side statuses, verdict) -- events/s.

Distribution: each scope holds about 0.1 % of the events; about half of the events are within
r of at least one of 1,000 scopes and about 1 in 8 has a violation or possible violation.

What is compared: sjoin "intersects" of a point with a scope is exactly "not OUTSIDE" for a
zero radius (the scope covers the point), so for r = 0 events the script checks (1) the
compared set: (event, window, verdict) with verdict violation or possible violation, monitor
mode against sjoin + pandas, and (2) every not-outside pair with its verdict, default mode
against sjoin + pandas; it exits non-zero on a difference. For r > 0 sjoin joins a disc
buffered (quad_segs=8) in one plane about the region's centre, which is not the per-scope
plane of the contract: those pairs are counted, not required to match.

Run one core: ``NUMBA_NUM_THREADS=1 taskset -c 0 python benchmarks/verdicts.py`` (about
30 s; the defaults are the issue's size, N = 10 M, M = 1,000).
"""

from __future__ import annotations

import argparse
import math
import resource
import time
from datetime import UTC, datetime, timedelta

import numpy as np

from trucewatch.model.agreement import Agreement, ExcludedGroup, GroupName, Party, Scope, Window
from trucewatch.model.time import Interval
from trucewatch.model.verdict import VerdictKind
from trucewatch.verdicts import codes as C
from trucewatch.verdicts.columns import AgreementColumns, EventColumns, to_ns
from trucewatch.verdicts.grid import index_of
from trucewatch.verdicts.kernel import PairColumns, classify

REGION = (35.5, 32.3, 42.5, 37.3)  # lon/lat box around Syria
T0 = datetime(2016, 1, 1, tzinfo=UTC)
NAMES = (
    "Government of Syria",
    "Syrian army",
    "Syrian insurgents",
    "IS",
    "Jabhat al-Nusra",
    "Ahrar al-Sham, Jabhat al-Nusra",
    "SDF",
    "Civilians",
)
EXCLUDED = (
    ExcludedGroup("islamic-state", (GroupName("Islamic State"), GroupName("IS"))),
    ExcludedGroup("nusra", (GroupName("Jabhat al-Nusra"),)),
)


def _star(rng: np.random.Generator, lon: float, lat: float, radius: float, n: int) -> np.ndarray:
    angles = np.sort(rng.uniform(0, 2 * np.pi, n))
    r = radius * rng.uniform(0.7, 1.0, n)
    k = 111.195
    ring = np.column_stack(
        [lon + r * np.cos(angles) / (k * math.cos(math.radians(lat))), lat + r * np.sin(angles) / k]
    )
    return np.vstack([ring, ring[:1]])


def _scope(rng: np.random.Generator, j: int) -> Scope:
    import shapely

    lon = rng.uniform(REGION[0] + 0.3, REGION[2] - 0.3)
    lat = rng.uniform(REGION[1] + 0.3, REGION[3] - 0.3)
    radius = rng.uniform(3.0, 12.0)
    shell = _star(rng, lon, lat, radius, int(rng.integers(64, 513)))
    holes = [_star(rng, lon, lat, 0.3 * radius, 64)] if rng.random() < 0.33 else []
    geometry = shapely.Polygon(shell, holes)
    if rng.random() < 0.15:
        offset = 3.0 * radius / 111.195
        other = shapely.Polygon(_star(rng, lon + offset, lat, 0.5 * radius, 64))
        geometry = shapely.MultiPolygon([geometry, other])
    return Scope.make("geojson", {"bench": j}, geometry)


def make_agreements(m: int, seed: int) -> list[Agreement]:
    """``m`` random agreements (see the module docstring)."""
    rng = np.random.default_rng(seed)
    out = []
    for j in range(m):
        aid = f"a{j}"
        start = T0 + timedelta(hours=int(rng.integers(0, 24 * 300)))
        end = None if rng.random() < 0.2 else start + timedelta(days=int(rng.integers(7, 31)))

        def window(
            wid: str, kind: str, s: datetime, e: datetime | None, aid: str = aid, **kw: str
        ) -> Window:
            tz = "Asia/Damascus"
            return Window(wid, aid, kind, Interval(s, e), tz, s.isoformat(), **kw)  # type: ignore[arg-type]

        base = window("base", "base", start, end)
        extensions, parent, s = [], "base", end or start + timedelta(days=10)
        for k in range(int(rng.integers(0, 4))):
            e = s + timedelta(hours=int(rng.integers(48, 121)))
            extensions.append(window(f"ext{k}", "extension", s, e, parent_id=parent))
            parent, s = f"ext{k}", e
        declarations = []
        if rng.random() < 0.3:
            d0 = start - timedelta(hours=int(rng.integers(1, 48)))
            declarations.append(window("decl", "declaration", d0, None, declared_by="gos"))
        accession = start + timedelta(hours=int(rng.integers(-48, 48)))
        parties = (
            Party("gos", "Government of Syria", ("Syrian army",), accession),
            Party("opposition", "Armed opposition", ("Syrian insurgents",)),
        )
        out.append(
            Agreement(
                aid,
                f"Agreement {j}",
                "Asia/Damascus",
                base,
                _scope(rng, j),
                parties,
                excluded_groups=EXCLUDED,
                extensions=tuple(extensions),
                declarations=tuple(declarations),
            )
        )
    return out


def event_region(spread: float) -> tuple[float, float, float, float]:
    """The box events are drawn from: :data:`REGION` scaled ``spread`` times about its centre."""
    cx, cy = (REGION[0] + REGION[2]) / 2, (REGION[1] + REGION[3]) / 2
    hx, hy = spread * (REGION[2] - REGION[0]) / 2, spread * (REGION[3] - REGION[1]) / 2
    return (cx - hx, max(cy - hy, -89.0), cx + hx, min(cy + hy, 89.0))


def make_events(n: int, seed: int, spread: float = 1.0) -> EventColumns:
    """``n`` random events as columns (sides index :data:`NAMES`, -1 for none).

    Events are uniform over :func:`event_region` (``spread`` 1: the scopes' own region).
    """
    rng = np.random.default_rng(seed)
    box = event_region(spread)
    lo = to_ns(T0) + rng.integers(0, 330 * 24, n) * 3_600_000_000_000
    hours = rng.choice(np.array([1, 24, 24, 24, 72, 720]), n) * 3_600_000_000_000
    return EventColumns.from_arrays(
        lon=rng.uniform(box[0], box[2], n),
        lat=rng.uniform(box[1], box[3], n),
        radius_km=rng.choice(np.array([0.0, 0.0, 1.0, 2.0, 5.0, 10.0]), n),
        lo_ns=lo,
        hi_ns=lo + hours,
        violent=rng.random(n) < 0.9,
        side_a=rng.integers(-1, len(NAMES), n).astype(np.int32),
        side_b=rng.integers(-1, len(NAMES), n).astype(np.int32),
        names=NAMES,
    )


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


MONITOR = frozenset({VerdictKind.VIOLATION, VerdictKind.POSSIBLE_VIOLATION})


def _timed_pass(args: argparse.Namespace, agreements: AgreementColumns, n: int, **kw: object):
    """(seconds in classify, pairs, events with a pair) over n events."""
    total, pairs_n, touched = 0.0, 0, 0
    for c, start in enumerate(range(0, n, args.chunk)):
        events = make_events(min(args.chunk, n - start), args.seed + 1 + c, args.spread)
        t = time.perf_counter()
        pairs = classify(events, agreements, **kw)  # type: ignore[arg-type]
        total += time.perf_counter() - t
        pairs_n += len(pairs)
        touched += len(np.unique(pairs.event_idx))
        del events, pairs
    return total, pairs_n, touched


def run_engine(args: argparse.Namespace, agreements: AgreementColumns) -> None:
    """Time both modes over the events, chunk by chunk."""
    t = time.perf_counter()
    classify(make_events(1000, 0), agreements)
    classify(make_events(1000, 0), agreements, with_distance=False, kinds=MONITOR)
    print(f"  first calls (numba compile unless cached on disk) {time.perf_counter() - t:6.2f} s")
    # the engine keeps its sort and output buffers per thread: the first full-size call pays
    # for touching that memory once (page faults), later calls reuse it
    warm = make_events(min(args.chunk, args.events), args.seed, args.spread)
    t = time.perf_counter()
    classify(warm, agreements, with_distance=False, kinds=MONITOR)
    print(
        f"  first call with a full chunk of {len(warm):,} events (allocates the per-thread "
        f"buffers): {time.perf_counter() - t:6.3f} s"
    )
    del warm
    n = args.events
    total, pairs_n, touched = _timed_pass(args, agreements, n, with_distance=False, kinds=MONITOR)
    print(
        f"  monitor mode (kinds=violation+possible_violation, with_distance=False), "
        f"N={n:,}: {total:6.2f} s -> {n / total:,.0f} events/s; {pairs_n:,} pairs, "
        f"{touched / n:.1%} of events have one"
    )
    # each chunk above is classified right after it is generated (the index starts cold in
    # the processor's cache); the same chunk classified again shows the warm speed
    again = make_events(min(args.chunk, n), args.seed + 1, args.spread)
    best = math.inf
    for _ in range(5):
        t = time.perf_counter()
        classify(again, agreements, with_distance=False, kinds=MONITOR)
        best = min(best, time.perf_counter() - t)
    print(
        f"  monitor mode, one chunk of {len(again):,} classified again (warm cache, best of 5): "
        f"{len(again) / best:,.0f} events/s"
    )
    del again
    n = min(args.full_events, args.events)
    total, pairs_n, touched = _timed_pass(args, agreements, n)
    print(
        f"  default mode (every pair not outside, exact distance), N={n:,}: {total:6.2f} s "
        f"-> {n / total:,.0f} events/s; {pairs_n / n:.2f} pairs per event, "
        f"{touched / n:.1%} of events within r of a scope"
    )
    print(f"  peak RSS after engine: {_maxrss_mb():,.0f} MB")


def run_geopandas(
    events: EventColumns, agreements: AgreementColumns, agreement_objs: list[Agreement]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(event, window, verdict) with sjoin + pandas, sorted like the engine's pairs."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    geometries = {}
    for a_idx, a in enumerate(agreement_objs):
        for w_idx in np.flatnonzero(agreements.window_agreement == a_idx):
            geometries.setdefault(int(agreements.window_scope[w_idx]), a.scope.geometry)  # type: ignore[union-attr]
    scopes = gpd.GeoDataFrame(
        {"scope": list(geometries)}, geometry=list(geometries.values()), crs="EPSG:4326"
    )
    lon0, lat0 = (REGION[0] + REGION[2]) / 2, (REGION[1] + REGION[3]) / 2
    k, kx = 111.195, 111.195 * math.cos(math.radians(lat0))
    points = shapely.points(events.lon, events.lat)
    r = events.radius_km
    discs = shapely.buffer(
        shapely.points((events.lon - lon0) * kx, (events.lat - lat0) * k), r, quad_segs=8
    )
    discs = shapely.transform(
        discs, lambda xy: np.column_stack([xy[:, 0] / kx + lon0, xy[:, 1] / k + lat0])
    )
    geometry = np.where(r > 0, discs, points)
    left = gpd.GeoDataFrame({"event": np.arange(len(events))}, geometry=geometry, crs="EPSG:4326")
    joined = gpd.sjoin(left, scopes, predicate="intersects")[["event", "scope"]]
    windows = pd.DataFrame(
        {"scope": agreements.window_scope, "window": np.arange(len(agreements.window_ids))}
    )
    df = joined.merge(windows, on="scope")
    e, w = df["event"].to_numpy(), df["window"].to_numpy()
    lo, hi = events.lo_ns[e], events.hi_ns[e]
    s, end = agreements.start_ns[w], agreements.end_ns[w]
    tm = np.select(
        [hi <= s, lo >= end, (lo >= s) & (hi <= end)],
        [C.BEFORE, C.AFTER, C.DURING],
        C.TIME_UNCERTAIN,
    )
    a = agreements.window_agreement[w]

    def status(side: np.ndarray) -> np.ndarray:
        kind = np.where(side < 0, 0, agreements.name_kind[a, np.maximum(side, 0)])
        acc = agreements.accession_ns[a, np.maximum(side, 0)]
        party = np.select([acc <= lo, acc >= hi], [C.PARTY, C.NOT_YET_PARTY], C.ACCESSION_UNCERTAIN)
        table = np.array([C.ABSENT, C.UNKNOWN, -1, C.EXCLUDED, C.MIXED])
        return np.where(kind == 2, party, table[kind])

    sa, sb = status(events.side_a[e]), status(events.side_b[e])
    both = np.stack([sa, sb])
    engaged = ((both == C.PARTY) | (both == C.ACCESSION_UNCERTAIN)).any(axis=0)
    doubt = ((both == C.MIXED) | (both == C.ACCESSION_UNCERTAIN)).any(axis=0)
    space_uncertain = r[e] > 0  # sjoin cannot tell inside from across the edge for a disc
    verdict = np.select(
        [
            (tm == C.BEFORE) | (tm == C.AFTER),
            ~events.violent[e] | (both == C.EXCLUDED).any(axis=0),
            (both == C.NOT_YET_PARTY).any(axis=0),
            ~engaged | space_uncertain | (tm == C.TIME_UNCERTAIN) | doubt,
        ],
        [C.OUTSIDE_WINDOW, C.NOT_COVERED, C.NOT_COVERED, C.POSSIBLE_VIOLATION],
        C.VIOLATION,
    )
    order = np.lexsort((w, e))
    return e[order], w[order], verdict[order]


def _pairs(pairs: PairColumns, n: int, zero: np.ndarray) -> dict[tuple[int, int], int]:
    """(event, window) -> verdict for the pairs of events < n where ``zero`` (r = 0)."""
    keep = pairs.event_idx < n
    rows = zip(pairs.event_idx[keep], pairs.window_idx[keep], pairs.verdict[keep], strict=True)
    return {(i, j): v for i, j, v in rows if zero[i]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--full-events", type=int, default=2_000_000)
    parser.add_argument("--agreements", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=1_000_000)
    parser.add_argument("--baseline-events", type=int, default=200_000)
    parser.add_argument(
        "--spread",
        type=float,
        default=1.0,
        help="events over a box this many times the scopes' region in each direction "
        "(1: about half of the events within r of a scope; 2: about an eighth)",
    )
    args = parser.parse_args()
    print(
        f"trucewatch verdicts benchmark: N={args.events:,} events, M={args.agreements:,} "
        f"agreements, events over {args.spread:g} x the scopes' region"
    )
    t = time.perf_counter()
    agreement_objs = make_agreements(args.agreements, args.seed)
    packed = AgreementColumns.from_agreements(agreement_objs, NAMES)
    n_vertices = len(packed.vx)
    print(
        f"  generated + packed {len(packed.window_ids):,} windows, {packed.n_scopes:,} scopes, "
        f"{n_vertices:,} vertices in {time.perf_counter() - t:.2f} s"
    )
    t = time.perf_counter()
    index_of(packed)
    print(f"  index build (incl. compile of the builder) {time.perf_counter() - t:8.2f} s")
    print("fast engine (one thread; chunks of --chunk events generated outside the timing):")
    run_engine(args, packed)
    n_base = min(args.baseline_events, args.chunk, args.events)
    print(f"geopandas.sjoin + pandas filters on the first {n_base:,} events:")
    events = make_events(min(args.chunk, args.events), args.seed + 1, args.spread)
    subset = EventColumns.from_arrays(
        **{f: getattr(events, f)[:n_base] for f in ("lon", "lat", "radius_km", "lo_ns", "hi_ns",
                                                   "violent", "side_a", "side_b")},
        names=NAMES,
    )  # fmt: skip
    t = time.perf_counter()
    e, w, verdict = run_geopandas(subset, packed, agreement_objs)
    elapsed = time.perf_counter() - t
    print(f"  {n_base:,} events: {elapsed:8.2f} s -> {n_base / elapsed:,.0f} events/s")
    print(f"peak RSS at the end: {_maxrss_mb():,.0f} MB")
    zero = subset.radius_km == 0
    slow_all = {(i, j): v for i, j, v in zip(e, w, verdict, strict=True) if zero[i]}
    full = classify(subset, packed)
    monitor = classify(subset, packed, with_distance=False, kinds=MONITOR)
    fast_all = _pairs(full, n_base, zero)
    wanted = {C.VIOLATION, C.POSSIBLE_VIOLATION}
    slow_mon = {k: v for k, v in slow_all.items() if v in wanted}
    fast_mon = _pairs(monitor, n_base, zero)
    same_mon, same_all = fast_mon == slow_mon, fast_all == slow_all
    print(
        f"check 1 (compared set: (event, window, verdict) with verdict violation or "
        f"possible_violation, r = 0 events): {len(fast_mon):,} pairs; monitor mode == "
        f"sjoin+pandas: {same_mon}"
    )
    print(
        f"check 2 (every not-outside pair of the r = 0 events, with its verdict): "
        f"{len(fast_all):,} pairs; default mode == sjoin+pandas: {same_all}"
    )
    fast_pos = {(i, j) for i, j in zip(full.event_idx[full.event_idx < n_base],
                                       full.window_idx[full.event_idx < n_base], strict=True)
                if not zero[i]}  # fmt: skip
    slow_pos = {(i, j) for i, j in zip(e, w, strict=True) if not zero[i]}
    print(
        f"      r > 0 events (not compared): engine {len(fast_pos):,} pairs, sjoin on polygonal "
        f"discs in one plane {len(slow_pos):,}, differing {len(fast_pos ^ slow_pos):,}"
    )
    if not (same_mon and same_all):
        raise SystemExit("the engine and the baseline disagree on r = 0 events")


if __name__ == "__main__":
    main()
