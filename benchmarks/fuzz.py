"""Fuzz every input path: thousands of hostile inputs, and the table of what they did.

Targets: the file adapters (``ucdp-ged``, ``acled``, ``gdelt``, ``csv``, ``news``) fed mutated
excerpts of the real files (``../shared/data`` when present, else the repo's fixtures), the news
extraction (``text``), the agreement loader (``agreements``) and the API (``api``: a real
``trucewatch serve`` on 127.0.0.1 sent hostile requests). Each case runs in a worker process
through the library, under a wall-clock and a memory limit enforced from outside (past them
the worker is killed: a ``hang``). Nothing is written in the repository: every file and store is
in a temporary folder.

Per target the table counts cases that ended in a clear error (an error of trucewatch.errors),
were accepted, raised anything else (traceback) or hung; good rows lost (rows the mutation did
not touch, not in the store as they were); silent drops (a repeated, changed or cut row neither
stored nor reported); requests to a disallowed address; writes let through without their role.
The exit code is 1 if any traceback, hang, loss, silent drop, disallowed request or bypass.

    python benchmarks/fuzz.py                      # ~10,000 cases, seed 13
    python benchmarks/fuzz.py --cases 300 --seed 7 --targets news,text
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzzing.agreements import AGREEMENT_KINDS
from fuzzing.cases import run_case
from fuzzing.news import NEWS_KINDS, TEXT_KINDS
from fuzzing.runner import Case, Outcome, run_cases
from fuzzing.tables import TABLE_KINDS

#: each target's share of the cases, and its kinds of hostile input with their weights
TARGETS: dict[str, tuple[float, dict[str, int]]] = {
    "ucdp-ged": (0.17, TABLE_KINDS),
    "acled": (0.15, TABLE_KINDS),
    "gdelt": (0.15, TABLE_KINDS),
    "csv": (0.13, TABLE_KINDS),
    "news": (0.14, NEWS_KINDS),
    "text": (0.12, TEXT_KINDS),
    "agreements": (0.08, AGREEMENT_KINDS),
    "api": (0.06, {}),
}
#: zip bombs per file target (each may take the whole time limit)
OVERSIZED = 2
OVERSIZED_MB = 1024
COLUMNS = (
    "cases",
    "clear error",
    "accepted",
    "traceback",
    "hang",
    "good rows lost",
    "silent drop",
    "disallowed requests",
    "auth bypass",
)


def plan(total: int, seed: int, targets: Sequence[str]) -> list[Case]:
    """``total`` cases spread over ``targets`` by their shares, kinds drawn by weight."""
    rng = random.Random(seed)
    share = sum(TARGETS[t][0] for t in targets if t != "api")
    cases: list[Case] = []
    for target in targets:
        if target == "api":
            continue
        weight, kinds = TARGETS[target]
        count = max(1, round(total * weight / share))
        names = [k for k, w in kinds.items() if w > 0]
        weights = [kinds[k] for k in names]
        extra = OVERSIZED if "zip_oversized" in kinds and total >= 1000 else 0
        for _ in range(count - extra):
            kind = rng.choices(names, weights)[0]
            cases.append(Case(target, kind, rng.randrange(2**32), len(cases)))
        for _ in range(extra):
            cases.append(Case(target, "zip_oversized", rng.randrange(2**32), len(cases)))
    rng.shuffle(cases)
    return cases


def api_count(total: int, targets: Sequence[str]) -> int:
    if "api" not in targets:
        return 0
    share = sum(TARGETS[t][0] for t in targets)
    return max(1, round(total * TARGETS["api"][0] / share))


def table(outcomes: Iterable[Outcome]) -> dict[str, Counter[str]]:
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for o in outcomes:
        row = rows[o.case.target]
        row["cases"] += 1
        row[o.status] += 1
        row["good rows lost"] += o.lost
        row["silent drop"] += int(o.silent)
        row["disallowed requests"] += o.disallowed
        row["auth bypass"] += o.bypass
    return rows


def render(rows: dict[str, Counter[str]]) -> str:
    names = [t for t in TARGETS if t in rows]
    total: Counter[str] = Counter()
    for name in names:
        total.update(rows[name])
    width = [max(len("target"), *(len(n) for n in names), 5)] + [len(c) for c in COLUMNS]
    lines = [
        " | ".join(
            [
                "target".ljust(width[0]),
                *(c.rjust(w) for c, w in zip(COLUMNS, width[1:], strict=True)),
            ]
        )
    ]
    lines.append("-+-".join("-" * w for w in width))
    for name, row in [*((n, rows[n]) for n in names), ("total", total)]:
        cells = [f"{row[c]:,}".rjust(w) for c, w in zip(COLUMNS, width[1:], strict=True)]
        lines.append(" | ".join([name.ljust(width[0]), *cells]))
    return "\n".join(lines)


def failures(outcomes: Iterable[Outcome]) -> dict[tuple[str, str, str], list[Outcome]]:
    """The failing cases grouped by (target, kind, what happened)."""
    groups: dict[tuple[str, str, str], list[Outcome]] = defaultdict(list)
    for o in outcomes:
        bad = []
        if o.status in ("traceback", "hang"):
            bad.append(f"{o.status}: {o.detail}")
        if o.lost:
            bad.append(f"lost: {o.detail}")
        if o.silent:
            bad.append(f"silent: {o.detail}")
        if o.disallowed or o.bypass:
            bad.append(o.detail)
        if o.extra.get("warning"):
            bad.append(f"note: {o.extra['warning']}")
        for what in bad:
            groups[(o.case.target, o.case.kind, what)].append(o)
    return groups


def failed(rows: dict[str, Counter[str]]) -> bool:
    keys = ("traceback", "hang", "good rows lost", "silent drop", "disallowed requests")
    return any(row[k] for row in rows.values() for k in (*keys, "auth bypass"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases in all (default 10000)")
    parser.add_argument("--seed", type=int, default=13, help="the seed of everything (default 13)")
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated targets")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per case")
    parser.add_argument("--memory-mb", type=float, default=3000.0, help="resident MB per worker")
    parser.add_argument("--data", type=Path, help="the shared data folder (default ../shared/data)")
    parser.add_argument("--show", type=int, default=3, help="example cases shown per failure")
    args = parser.parse_args(argv)
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown targets {unknown}: choose among {', '.join(TARGETS)}")
    outcomes = run(args, targets)
    rows = table(outcomes)
    print(render(rows))
    groups = failures(outcomes)
    if groups:
        print("\nfailing cases by target and kind (count, seeds to replay):")
        for (target, kind, what), items in sorted(
            groups.items(), key=lambda g: (g[0][0], g[0][1], -len(g[1]))
        ):
            seeds = ", ".join(str(o.case.seed) for o in items[: args.show])
            print(f"  {target:10} {kind:18} {len(items):5}  {what}  [seeds {seeds}]")
    return 1 if failed(rows) else 0


def run(args: argparse.Namespace, targets: Sequence[str]) -> list[Outcome]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="trucewatch-fuzz-") as tmp:
        os.environ["TRUCEWATCH_FUZZ_TMP"] = tmp
        if args.data is not None:
            os.environ["TRUCEWATCH_FUZZ_DATA"] = str(args.data)
        cases = plan(args.cases - api_count(args.cases, targets), args.seed, targets)
        print(
            f"fuzz: {args.cases:,} cases, seed {args.seed}, targets {','.join(targets)}, "
            f"{args.jobs} worker(s), {args.timeout:g} s and {args.memory_mb:g} MB per case",
            flush=True,
        )
        if any(c.kind == "zip_oversized" for c in cases):
            from fuzzing.files import tables
            from fuzzing.tables import excerpt, oversized_zip

            built = oversized_zip(excerpt(tables("gdelt")[0], 0), Path(tmp), OVERSIZED_MB)
            built.rename(Path(tmp) / "oversized.export.CSV.zip")
        outcomes: list[Outcome] = []
        for n, outcome in enumerate(
            run_cases(
                cases, run_case, jobs=args.jobs, timeout=args.timeout, memory_mb=args.memory_mb
            ),
            1,
        ):
            outcomes.append(outcome)
            if n % 500 == 0:
                print(
                    f"  {n:,} of {len(cases):,} cases ({time.perf_counter() - started:.0f} s)",
                    flush=True,
                )
        count = api_count(args.cases, targets)
        if count:
            from fuzzing.api import run_api_cases

            outcomes.extend(run_api_cases(count, args.seed, Path(tmp), timeout=args.timeout))
    print(f"done in {time.perf_counter() - started:.0f} s\n")
    return outcomes


if __name__ == "__main__":
    sys.exit(main())
