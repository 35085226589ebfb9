"""A process killed with SIGKILL in the middle of an ingest that replaces edited events leaves
the store as it was before the file (every event in its first version, no history, no change
logged) or with all of it (every event replaced, its first version in the history, each change
logged): never a part.

A real subprocess ingests an ACLED file whose every event was edited (``edits="replace"``,
streamed: ``store/ingest_stream.py``) into a copy of a store holding the first versions, and is
killed at fractions of the whole run measured by a first, unkilled run (so the kills land in
the start-up, the reading, the replacing and around the commit on any machine), and once as
soon as the write-ahead log appears, and once while it waits inside its transaction after
writing every row (its progress callback holds it there).
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

from acled_rows import acled_file, acled_row
from trucewatch.jobs import ingest_file
from trucewatch.store import Store

ROWS = 20_000
HERE = Path(__file__).resolve().parent

_CHILD = textwrap.dedent(
    """
    import time
    from pathlib import Path
    from trucewatch.jobs import ingest_file
    from trucewatch.store import Store

    def written(records):  # called inside the transaction, after the file's rows are written
        print("written", flush=True)
        if {hold}:
            time.sleep(120)

    with Store.open({db!r}) as store:
        path = Path({edited!r})
        print(ingest_file(store, "acled", path, edits="replace", progress=written), flush=True)
    """
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A closed store holding ROWS ACLED events, and the file of all of them edited."""
    folder = tmp_path_factory.mktemp("edit-crash")
    days = [f"2016-05-{1 + k % 28:02d}" for k in range(ROWS)]
    first = acled_file(folder / "first.csv", [acled_row(k, days[k]) for k in range(ROWS)])
    edited = acled_file(
        folder / "edited.csv",
        [acled_row(k, days[k], fatalities=5, timestamp=1_700_000_000) for k in range(ROWS)],
    )
    db = folder / "base.duckdb"
    with Store.open(db) as store:
        assert ingest_file(store, "acled", first).stored == ROWS
    return db, edited


def _run_child(
    db: Path, edited: Path, kill_after: float | None, *, on_wal: bool = False, hold: bool = False
):
    """Ingest ``edited`` into ``db`` in a child; SIGKILL it ``kill_after`` s after it started
    (or as soon as the WAL appears, or with ``hold`` once it has written every row and waits
    inside its transaction; never if ``kill_after`` is None). Returns the exit code and the
    seconds the child ran."""
    code = _CHILD.format(db=str(db), edited=str(edited), hold=hold)
    wal = Path(f"{db}.wal")
    started = time.monotonic()
    errors = db.with_suffix(".stderr")
    with (
        errors.open("w") as stderr,
        subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=stderr, text=True
        ) as child,
    ):
        assert child.stdout is not None
        if hold:
            # (other lines may come first: DuckDB's progress bar on a slow machine)
            lines = iter(child.stdout.readline, "")
            if not any(line.strip() == "written" for line in lines):
                raise AssertionError(f"exit {child.wait()}: {errors.read_text()}")
        elif on_wal:
            deadline = started + 60
            while not wal.exists() and child.poll() is None and time.monotonic() < deadline:
                time.sleep(0.0005)
        elif kill_after is not None:
            while child.poll() is None and time.monotonic() - started < kill_after:
                time.sleep(0.001)
        if child.poll() is None and (on_wal or hold or kill_after is not None):
            child.send_signal(signal.SIGKILL)
        child.stdout.read()
        exit_code = child.wait()
    return exit_code, time.monotonic() - started


def _check_whole(db: Path) -> bool:
    """Whether the edit is in the store (all of it), after checking it is all or nothing."""
    with Store.open(db, wait=0) as store:  # the killed writer's turn is free at once
        assert store.count_events() == ROWS
        fatalities = store.conn.execute(
            "SELECT fatalities_best, count(*) FROM events GROUP BY 1"
        ).fetchall()
        history = store.conn.execute("SELECT count(*) FROM event_history").fetchone()
        changes = store.count_event_changes()
        ingests = len(store.ingests())
    if fatalities == [(3, ROWS)]:
        assert (history, changes, ingests) == ((0,), 0, 1)
        return False
    assert fatalities == [(5, ROWS)], f"a part of the edit: {fatalities}"
    assert (history, changes, ingests) == ((ROWS,), ROWS, 2)
    return True


@pytest.fixture(scope="module")
def whole_run(base: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> float:
    """Seconds an unkilled child runs (it must succeed and replace every event)."""
    base_db, edited = base
    db = tmp_path_factory.mktemp("calibrate") / "whole.duckdb"
    shutil.copy(base_db, db)
    code, seconds = _run_child(db, edited, None)
    assert code == 0
    assert _check_whole(db)
    return seconds


@pytest.mark.slow
@pytest.mark.parametrize("fraction", [0.5, 0.8, 0.9, 0.95, 0.97, 0.99, "wal", "written"])
def test_a_kill_during_a_replacing_ingest_leaves_none_or_all_of_the_edits(
    base: tuple[Path, Path], whole_run: float, tmp_path: Path, fraction: float | str
) -> None:
    base_db, edited = base
    db = tmp_path / "killed.duckdb"
    shutil.copy(base_db, db)
    if fraction == "wal":
        code, _ = _run_child(db, edited, None, on_wal=True)
    elif fraction == "written":  # every row replaced, the transaction not yet committed
        code, _ = _run_child(db, edited, None, hold=True)
        assert code == -signal.SIGKILL
    else:
        code, _ = _run_child(db, edited, float(fraction) * whole_run)
    assert code in (0, -signal.SIGKILL)
    replaced = _check_whole(db)
    if code == 0:
        assert replaced
    if fraction == "written":
        assert not replaced
