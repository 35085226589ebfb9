"""A fake live feed for the watch tests, registered as ``fake-ged``: each pull copies the next
page (``page-0001.csv``, ... in the folder ``source``) of small UCDP GED CSV files into the
spool. A file ``fail.json`` in ``source`` makes the next pulls fail: ``{"state": "token
expired"}`` raises that :class:`~trucewatch.errors.FeedError` (``"retry_after"`` too), ``{"bug":
"text"}`` a RuntimeError. Importable by a subprocess (``sys.path`` + ``import fake_feed``)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from trucewatch.errors import FeedError
from trucewatch.feeds.base import Pull, register_feed
from ucdp_rows import UCDP_HEADER

KIND = "fake-ged"


def ged_page(source: Path, number: int, first_id: int, n: int = 2, killed: int = 3) -> Path:
    """Page ``number`` in ``source``: ``n`` UCDP GED events in Aleppo city in May 2016
    (government vs insurgents, ``killed`` dead), inside the shipped Aleppo calm."""
    rows = []
    for k in range(n):
        day = f"2016-05-{5 + k:02d}"
        rows.append(
            f"{first_id + k},2016,1,1,299,Syria: Government,11973,x,118,Government of Syria,"
            f"4456,,Syrian insurgents,1,article,SOHR,{day},headline,SOHR,1,Aleppo city,"
            f"Aleppo Governorate,Jabal Saman district,36.2,37.16,POINT (37.16 36.2),1,Syria,"
            f"652,Middle East,1,1,{day},{day},0,0,{killed},0,{killed},{killed},{killed + 1}"
        )
    source.mkdir(parents=True, exist_ok=True)
    path = source / f"page-{number:04d}.csv"
    path.write_text("\n".join([UCDP_HEADER, *rows]) + "\n")
    return path


def fail_with(source: Path, **how: Any) -> None:
    """Make the feed of ``source`` fail from its next pull on (``state=...`` or ``bug=...``)."""
    source.mkdir(parents=True, exist_ok=True)
    (source / "fail.json").write_text(json.dumps(how))


def heal(source: Path) -> None:
    (source / "fail.json").unlink(missing_ok=True)


@register_feed(KIND)
class FakeGed:
    """Pages of UCDP GED CSV from a folder, ``per_pull`` at a time; the cursor is the number
    of pages pulled."""

    kind = KIND
    version = "fake_ged.v1"
    every = timedelta(minutes=15)

    def __init__(self, source: str, per_pull: int = 1, name: str = KIND) -> None:
        self.source = Path(source)
        self.per_pull = per_pull
        self.name = name

    def pull(self, cursor: Mapping[str, Any] | None, spool: Path) -> Pull:
        failing = self.source / "fail.json"
        if failing.exists():
            how = json.loads(failing.read_text())
            if "bug" in how:
                raise RuntimeError(how["bug"])
            raise FeedError(
                f"{self.name}: {how['state']} (401): set TRUCEWATCH_FAKE_TOKEN again",
                feed=self.name,
                state=how["state"],
                retry_after=how.get("retry_after"),
            )
        done = int((cursor or {}).get("pages", 0))
        pages = sorted(self.source.glob("page-*.csv"))
        taken = pages[done : done + self.per_pull]
        files = []
        for page in taken:
            target = spool / page.name
            shutil.copyfile(page, target)
            files.append(target)
        return Pull(
            feed=self.name,
            adapter="ucdp-ged",
            files=tuple(files),
            cursor={"pages": done + len(taken)},
            more=done + len(taken) < len(pages),
            note=f"{len(taken)} page(s)",
        )
