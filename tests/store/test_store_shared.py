"""SharedStore: the server's way to a store. Reads share a lease that is let go when a writer
(of this process or another) waits, or when idle; an ingest reads its file before it waits for
the writing turn; an upload's name stands for the temporary path in what is stored."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from store_tiny_adapter import TinyAdapter

from live_server import handmade_event, holding, wait_until
from machine import scaled
from trucewatch.errors import StoreBusyError
from trucewatch.store import Store
from trucewatch.store.shared import SharedStore

_WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from live_server import handmade_event
    from trucewatch.store import Store
    with Store.open({db!r}, wait=60) as store:
        store.ingest_events([handmade_event(50)], label="other process", adapter="h.v1")
    """
)


@pytest.fixture
def made(db_path: Path) -> Path:
    with Store.open(db_path) as store:
        store.ingest_events([handmade_event(i) for i in range(3)], label="h", adapter="h.v1")
    return db_path


def _count(shared: SharedStore) -> int:
    with shared.reading() as store:
        return store.count_events()


def test_shared_lease_is_let_go_for_a_writer_of_another_process(made: Path) -> None:
    shared = SharedStore(made, linger=3600)
    try:
        assert _count(shared) == 3
        assert "leased" in repr(shared)
        tests = str(Path(__file__).resolve().parents[1])
        writer = subprocess.run(
            [sys.executable, "-c", _WRITER.format(tests=tests, db=str(made))],
            capture_output=True,
            text=True,
            timeout=scaled(120),
        )
        assert writer.returncode == 0, writer.stderr
        assert _count(shared) == 4  # a new lease sees what the writer wrote
    finally:
        shared.close()


def test_shared_idle_lease_is_let_go_after_linger(made: Path) -> None:
    shared = SharedStore(made, linger=0.2)
    assert _count(shared) == 3
    wait_until(lambda: "not held" in repr(shared), "the idle lease to be let go")
    with Store.open(made, wait=0) as store:  # nobody holds the store now
        assert store.count_events() == 3
    shared.close()


def test_shared_reads_wait_for_a_write_of_the_same_process(made: Path) -> None:
    shared = SharedStore(made, linger=3600)
    assert _count(shared) == 3
    writing, release = threading.Event(), threading.Event()

    def write() -> None:
        with shared.writing() as store:
            writing.set()
            release.wait(60)
            store.ingest_events([handmade_event(9)], label="mine", adapter="h.v1")

    writer = threading.Thread(target=write)
    writer.start()
    assert writing.wait(60)
    counts: list[int] = []
    reader = threading.Thread(target=lambda: counts.append(_count(shared)))
    reader.start()
    release.set()
    writer.join(60)
    reader.join(60)
    assert counts == [4]  # the read waited for the write instead of reading around it
    shared.close()


def test_shared_write_inside_a_read_of_the_same_thread_is_refused(made: Path) -> None:
    shared = SharedStore(made)
    with (
        shared.reading(),
        pytest.raises(RuntimeError, match="would wait for itself"),
        shared.writing(),
    ):
        pass
    shared.close()


def test_shared_read_gives_up_after_its_wait_with_the_writer_named(made: Path) -> None:
    shared = SharedStore(made, wait=0.3)
    with holding(made, "write") as writer, pytest.raises(StoreBusyError, match=str(writer.pid)):
        _count(shared)
    assert _count(shared) == 3
    shared.close()


def test_shared_ingest_reads_the_file_before_it_waits_for_the_writing_turn(
    made: Path, fixtures: Path
) -> None:
    shared = SharedStore(made, wait=120, linger=0)
    read: list[int] = []
    reports: list = []
    with holding(made, "write"):
        thread = threading.Thread(
            target=lambda: reports.append(
                shared.ingest(TinyAdapter(), fixtures / "aleppo_feb.tev", progress=read.append)
            )
        )
        thread.start()
        wait_until(lambda: read, "the file to be read while another process writes")
        assert not reports  # read, and now waiting for its turn
    thread.join(120)
    (report,) = reports
    assert (report.stored, report.bad, report.already_ingested) == (5, 2, False)
    again = shared.ingest(TinyAdapter(), fixtures / "aleppo_feb.tev")
    assert again.already_ingested and again.ingest_id == report.ingest_id


def test_shared_ingest_label_stands_for_the_uploaded_file(made: Path, fixtures: Path) -> None:
    shared = SharedStore(made, linger=0)
    report = shared.ingest(TinyAdapter(), fixtures / "aleppo_feb.tev", label="upload:feb.tev")
    assert report.file == "upload:feb.tev"
    assert {e.file for e in report.errors} == {"upload:feb.tev"}
    with Store.open(made, read_only=True) as store:
        stored = store.events()
        assert {r["prov_file"] for r in stored if r["source"] == "tiny"} == {"upload:feb.tev"}
        assert {e.file for e in store.bad_rows(report.ingest_id)} == {"upload:feb.tev"}
        assert store.ingests()[-1].file == "upload:feb.tev"


def test_shared_ingest_into_a_new_store_creates_it(tmp_path: Path, fixtures: Path) -> None:
    shared = SharedStore(tmp_path / "new" / "s.duckdb", linger=0)
    assert shared.ingest(TinyAdapter(), fixtures / "aleppo_mar.tev").stored > 0
    assert _count(shared) > 0


def test_shared_a_read_inside_a_read_does_not_wait_for_a_waiting_writer(made: Path) -> None:
    shared = SharedStore(made, linger=3600, wait=30)
    with shared.reading() as outer:
        writer = threading.Thread(target=lambda: Store.open(made, wait=60).close())
        writer.start()
        wait_until(lambda: "draining" in repr(shared), "the lease to see the writer waiting")
        with shared.reading() as inner:
            assert inner.count_events() == outer.count_events() == 3
    writer.join(60)
    shared.close()
