"""Benchmark: what the commands a user types cost from start to finish, start-up included.

Each command runs in a new process; its wall time, CPU time (user + system) and peak resident
memory are measured (``os.wait4``), and the median of ``--repeat`` runs, after one warm-up run,
is printed. In the same run, beside them:

* the obvious baselines: an empty Python (``python -c pass``), ``import pandas`` and
  ``import geopandas`` (when installed) in the same interpreter;
* the same commands run by another installation, ``--baseline-bin`` (default
  ``/work/main/.venv/bin/trucewatch``, the checkout of the main branch; ``--baseline-bin ''``
  skips it). A command that installation lacks is shown with its exit code.

Each installation builds its own small store first (``trucewatch demo --db``: the reference
agreements and the seeded simulation, in a temporary folder). Wall time depends on what else
the machine runs (the load average is printed); CPU time much less so.

Run: ``python benchmarks/startup.py [--repeat 7]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """The median of several runs of one command (or the exit code it failed with)."""

    wall: float
    cpu: float
    rss_mb: float
    exit_code: int = 0

    def cells(self) -> list[str]:
        if self.exit_code:
            return [f"exit {self.exit_code}", "", ""]
        return [f"{self.wall:.2f}", f"{self.cpu:.2f}", f"{self.rss_mb:.0f}"]


def _once(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 2):  # 2: a usage error (an option the baseline lacks) is a result
            err.seek(0)
            sys.exit(f"{' '.join(argv)} failed ({code}):\n{err.read().decode()[-2000:]}")
    # ru_maxrss is in kilobytes on Linux
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code


def measure(argv: list[str], repeat: int, env: dict[str, str]) -> Run:
    """Median wall time, CPU time and peak memory of ``repeat`` runs, after a warm-up run."""
    _once(argv, env)  # warm-up: file system cache, numba's on-disk cache, .pyc files
    runs = [_once(argv, env) for _ in range(repeat)]
    if runs[0][3]:
        return Run(0.0, 0.0, 0.0, runs[0][3])
    return Run(
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        statistics.median(r[2] for r in runs),
    )


def build_store(trucewatch: Path, db: Path, env: dict[str, str]) -> None:
    """The reference agreements and the seeded simulation, ingested and judged."""
    subprocess.run(
        [str(trucewatch), "demo", "--db", str(db)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )


def commands(db: Path) -> list[tuple[str, list[str]]]:
    where = ["--db", str(db)]
    return [
        ("trucewatch --help", ["--help"]),
        ("trucewatch --version", ["--version"]),
        ("trucewatch agreements --help", ["agreements", "--help"]),
        ("trucewatch effect --help", ["effect", "--help"]),
        ("trucewatch report --help", ["report", "--help"]),
        ("trucewatch agreements list", ["agreements", "list", *where]),
        ("trucewatch events list --limit 10", ["events", "list", "--limit", "10", *where]),
        ("trucewatch summary", ["summary", *where]),
    ]


def _has(python: Path, module: str) -> bool:
    probe = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([str(python), "-c", probe], check=False).returncode == 0


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--trucewatch",
        type=Path,
        default=Path(sys.executable).parent / "trucewatch",
        help="the installation to measure (default: the one beside this Python)",
    )
    parser.add_argument(
        "--baseline-bin",
        default=None,
        help="another installation's trucewatch to time beside this one (e.g. an older "
        "commit's .venv/bin/trucewatch)",
    )
    args = parser.parse_args()
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("TRUCEWATCH_DB", None)
    installs = {"this": args.trucewatch}
    if args.baseline_bin and Path(args.baseline_bin).exists():
        installs["baseline"] = Path(args.baseline_bin)
    load_before = os.getloadavg()

    with tempfile.TemporaryDirectory() as tmp:
        results: dict[str, dict[str, Run]] = {}
        for name, trucewatch in installs.items():
            db = Path(tmp) / f"{name}.duckdb"
            build_store(trucewatch, db, env)
            for label, argv in commands(db):
                run = measure([str(trucewatch), *argv], args.repeat, env)
                results.setdefault(label, {})[name] = run
        python = args.trucewatch.parent / "python"
        baselines = [("python -c pass", "pass")]
        baselines += [
            (f"python -c 'import {m}'", f"import {m}")
            for m in ("pandas", "geopandas")
            if _has(python, m)
        ]
        base_rows = [
            [label, *measure([str(python), "-c", code], args.repeat, env).cells()]
            for label, code in baselines
        ]

    header = ["command", "wall s", "CPU s", "RSS MB"]
    if "baseline" in installs:
        header += ["before: wall s", "CPU s", "RSS MB"]
    rows = [
        [label, *(cell for name in installs for cell in runs[name].cells())]
        for label, runs in results.items()
    ]
    print(
        f"trucewatch start-up, median of {args.repeat} runs after a warm-up "
        f"({os.cpu_count()} CPUs, load average {load_before[0]:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after)"
    )
    print(f"this: {args.trucewatch}")
    if "baseline" in installs:
        print(f"before: {installs['baseline']}")
    print()
    print(_table(header, rows))
    print()
    print(_table(["baseline", "wall s", "CPU s", "RSS MB"], base_rows))


if __name__ == "__main__":
    main()
