"""The folder feed (folder.v1) on a real folder: new and changed files returned once, oldest
change first, files still being written left for a later pull, any file adapter."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from trucewatch.errors import FeedError, SourceError
from trucewatch.feeds import folder
from trucewatch.feeds.base import feed_for
from trucewatch.feeds.folder import FolderFeed
from trucewatch.jobs import ingest_file
from trucewatch.store import Store

ALEPPO = "An air strike hit a market in Aleppo on Thursday, killing 12 people."
HOMS = "Shelling killed three civilians in Homs yesterday."


def _article(folder: Path, name: str, text: str, age_s: float = 60.0) -> Path:
    """A JSON-lines article file last modified ``age_s`` seconds ago."""
    path = folder / name
    line = {"id": path.stem, "text": text, "published": "2016-05-05T14:00:00+03:00"}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    _age(path, age_s)
    return path


def _age(path: Path, age_s: float) -> None:
    then = time.time() - age_s
    os.utime(path, (then, then))


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_folder_feed_is_registered_with_its_version(inbox):
    feed = feed_for("folder", path=str(inbox))
    assert (feed.kind, feed.version, feed.name) == ("folder", "folder.v1", "folder")


def test_folder_new_files_are_returned_oldest_first_and_not_twice(inbox, tmp_path):
    b = _article(inbox, "b.jsonl", HOMS, age_s=60)
    a = _article(inbox, "a.jsonl", ALEPPO, age_s=120)
    (inbox / "notes.md").write_text("not an article")
    feed = FolderFeed(str(inbox), pattern="*.jsonl|*.txt")
    first = feed.pull(None, tmp_path / "spool")
    assert first.files == (a.resolve(), b.resolve()) and first.adapter == "news"
    again = feed.pull(first.cursor, tmp_path / "spool")
    assert again.files == () and "0 new or changed file(s) of 2" in again.note
    json.loads(json.dumps(again.cursor))  # JSON-able: the store keeps it


def test_folder_file_still_being_written_is_skipped_until_stable(inbox, tmp_path):
    done = _article(inbox, "done.jsonl", ALEPPO)
    busy = _article(inbox, "busy.jsonl", HOMS, age_s=0)
    feed = FolderFeed(str(inbox), settle_s=30)
    first = feed.pull(None, tmp_path)
    assert first.files == (done.resolve(),) and "1 still being written" in first.note
    _age(busy, 60)
    second = feed.pull(first.cursor, tmp_path)
    assert second.files == (busy.resolve(),)


def test_folder_changed_file_is_returned_and_a_touched_one_is_not(inbox, tmp_path):
    a = _article(inbox, "a.jsonl", ALEPPO, age_s=300)
    b = _article(inbox, "b.jsonl", HOMS, age_s=300)
    feed = FolderFeed(str(inbox))
    first = feed.pull(None, tmp_path)
    _article(inbox, "a.jsonl", HOMS, age_s=100)  # new content
    _age(b, 100)  # touched only
    second = feed.pull(first.cursor, tmp_path)
    assert second.files == (a.resolve(),)
    assert second.cursor["files"]["b.jsonl"][1] != first.cursor["files"]["b.jsonl"][1]
    assert feed.pull(second.cursor, tmp_path).files == ()


def test_folder_cursor_keeps_at_most_keep_files_the_latest_changed(inbox, tmp_path):
    for n in range(4):
        _article(inbox, f"{n}.jsonl", ALEPPO, age_s=400 - n * 10)
    pull = FolderFeed(str(inbox), keep=2).pull(None, tmp_path)
    assert len(pull.files) == 4 and sorted(pull.cursor["files"]) == ["2.jsonl", "3.jsonl"]


def test_folder_with_a_file_adapter_passes_its_options(inbox, tmp_path):
    csv = inbox / "ged.csv"
    csv.write_text("id,date\n")
    _age(csv, 60)
    feed = FolderFeed(
        str(inbox), pattern="*.csv", adapter="ucdp-ged", adapter_options={"encoding": "utf-8"}
    )
    pull = feed.pull(None, tmp_path)
    assert (pull.adapter, dict(pull.options), pull.files) == (
        "ucdp-ged",
        {"encoding": "utf-8"},
        (csv.resolve(),),
    )


def test_folder_missing_is_unavailable(tmp_path):
    with pytest.raises(FeedError, match="not a folder") as caught:
        FolderFeed(str(tmp_path / "nowhere")).pull(None, tmp_path)
    assert caught.value.state == "unavailable"


def test_folder_unknown_adapter_is_refused_with_a_suggestion(inbox):
    with pytest.raises(SourceError, match="ucdp-ged"):
        FolderFeed(str(inbox), adapter="ucdp_ged")


def test_folder_files_ingest_into_a_real_store_once(inbox, tmp_path):
    _article(inbox, "a.jsonl", ALEPPO)
    feed = FolderFeed(str(inbox))
    pull = feed.pull(None, tmp_path)
    with Store.open(tmp_path / "s.duckdb") as store:
        report = ingest_file(store, pull.adapter, pull.files[0], options=pull.options)
        again = ingest_file(store, pull.adapter, pull.files[0], options=pull.options)
    assert report.stored >= 1 and again.already_ingested


def test_folder_unreadable_file_is_noted_and_tried_again(inbox, tmp_path, monkeypatch):
    locked = _article(inbox, "locked.jsonl", ALEPPO)
    if os.geteuid() != 0:
        locked.chmod(0)
    else:  # root reads any file: the read is refused as the file system refuses it for others
        reading = folder._sha256

        def refused(path: Path) -> str:
            if path.name == "locked.jsonl":
                raise PermissionError(13, "Permission denied", str(path))
            return reading(path)

        monkeypatch.setattr(folder, "_sha256", refused)
    try:
        pull = FolderFeed(str(inbox)).pull(None, tmp_path)
    finally:
        locked.chmod(0o644)
        monkeypatch.undo()
    assert pull.files == () and "1 unreadable, tried again next pull: locked.jsonl" in pull.note
    assert FolderFeed(str(inbox)).pull(pull.cursor, tmp_path).files == (locked.resolve(),)
