"""A process killed with SIGKILL in the middle of an ingest leaves the store whole.

A real subprocess ingests a large generated file and is killed at increasing delays after it
has read the whole file: fractions of the write phase (build the Arrow table, insert, commit)
measured by a first, unkilled run, so the kills land before, inside and around the commit on
any machine; and once as soon as the write-ahead log appears. After each kill the store is
reopened: it holds either none or all of the file's events, and the ingests table agrees with
the events table.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from store_tiny_adapter import TinyAdapter, write_tiny

from trucewatch.store import Store

ROWS = 60_000
HERE = Path(__file__).resolve().parent

_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {here!r})
    from store_tiny_adapter import TinyAdapter
    from trucewatch.store import Store

    with Store.open({db!r}) as store:
        store.ingest(TinyAdapter(), Path({big!r}), progress=lambda n: print(n, flush=True))
    print("done", flush=True)
    """
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    """A closed store holding the small fixture file, and a big file to ingest into copies."""
    folder = tmp_path_factory.mktemp("crash")
    db = folder / "base.duckdb"
    with Store.open(db) as store:
        fixtures = HERE.parent / "fixtures" / "store" / "aleppo_feb.tev"
        before = store.ingest(TinyAdapter(), fixtures).stored
    return db, write_tiny(folder / "big.tev", ROWS), before


def _run_child(db: Path, big: Path, kill_after: float | None, *, on_wal: bool = False):
    """Ingest ``big`` into ``db`` in a child; SIGKILL it ``kill_after`` s after it has read
    every row (or as soon as the WAL appears; never if ``kill_after`` is None).
    Returns the exit code and the seconds from "read every row" to the child's exit."""
    code = _CHILD.format(here=str(HERE), db=str(db), big=str(big))
    wal = Path(f"{db}.wal")
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.strip() in (str(ROWS), "done"):
                break
        read_done = time.monotonic()
        if on_wal:
            deadline = read_done + 10
            while not wal.exists() and child.poll() is None and time.monotonic() < deadline:
                time.sleep(0.0005)
        elif kill_after is not None:
            time.sleep(kill_after)
        if child.poll() is None and (on_wal or kill_after is not None):
            child.send_signal(signal.SIGKILL)
        child.stdout.read()
        exit_code = child.wait()
        return exit_code, time.monotonic() - read_done


def _check_whole(db: Path, before: int) -> int:
    with Store.open(db, wait=0) as store:  # the killed writer's turn is free at once
        count = store.count_events()
        ingests = store.ingests()
        assert count in (before, before + ROWS), f"partial ingest: {count} events"
        assert sum(i.stored for i in ingests) == count
        assert len(ingests) == (1 if count == before else 2)
        assert store.stats().bad_rows == 2
    return count


@pytest.fixture(scope="module")
def write_phase(base: tuple[Path, Path, int], tmp_path_factory: pytest.TempPathFactory) -> float:
    """Seconds from "read every row" to the end of an unkilled child (which must succeed)."""
    base_db, big, before = base
    db = tmp_path_factory.mktemp("calibrate") / "whole.duckdb"
    shutil.copy(base_db, db)
    code, seconds = _run_child(db, big, None)
    assert code == 0
    assert _check_whole(db, before) == before + ROWS
    return seconds


@pytest.mark.slow
@pytest.mark.parametrize("fraction", [0.0, 0.3, 0.6, 0.8, 0.9, "wal"])
def test_crash_sigkill_mid_ingest_leaves_none_or_all_of_the_file(
    base: tuple[Path, Path, int], write_phase: float, tmp_path: Path, fraction: float | str
) -> None:
    base_db, big, before = base
    db = tmp_path / "killed.duckdb"
    shutil.copy(base_db, db)
    if fraction == "wal":
        code, _ = _run_child(db, big, None, on_wal=True)
    else:
        code, _ = _run_child(db, big, float(fraction) * write_phase)
    assert code in (0, -signal.SIGKILL)
    count = _check_whole(db, before)
    if code == 0:
        assert count == before + ROWS
    if fraction == 0.0:
        assert count == before  # killed while the rows were still being built
