"""A folder watched for new files as a live feed, ``folder.v1``.

Files whose name matches ``pattern`` (``"*.txt|*.html|*.jsonl"``: shell patterns joined by
``|``) in the folder ``path`` (not its subfolders) are ingested with the file adapter
``adapter`` (``news`` by default; ``ucdp-ged``, ``acled``, ``gdelt``, ``csv`` too, with
``adapter_options``) when they are new or changed since the last pull. The cursor remembers
each file by name, size, modification time and SHA-256 (at most ``keep`` files, the most
recently changed): a file touched but not changed (same SHA-256) is not returned again. A file
modified within the last ``settle_s`` seconds may still be being written: it is left for a
later pull, and the note says so. ``Pull.files`` are the files themselves, not copies; the
ingest is idempotent by SHA-256, so a file returned twice adds nothing.
"""

from __future__ import annotations

import fnmatch
import hashlib
import time
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from trucewatch.errors import FeedError, SourceError
from trucewatch.feeds._options import count_option, seconds_option
from trucewatch.feeds.base import Pull, register_feed
from trucewatch.sources.base import ADAPTER_MODULES
from trucewatch.suggest import unknown

__all__ = ["FolderFeed"]

_CHUNK = 1 << 20


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@register_feed("folder")
class FolderFeed:
    """New or changed files of a folder (options: ``path``, ``pattern``, ``adapter``,
    ``adapter_options``, ``settle_s``, ``keep``, ``name``)."""

    kind = "folder"
    version = "folder.v1"
    every = timedelta(minutes=1)

    def __init__(
        self,
        path: str,
        pattern: str = "*.txt|*.html|*.jsonl",
        adapter: str = "news",
        adapter_options: Mapping[str, object] | None = None,
        settle_s: float = 5.0,
        keep: int = 10_000,
        name: str = "folder",
    ) -> None:
        if adapter not in ADAPTER_MODULES:
            raise unknown("source adapter", adapter, ADAPTER_MODULES, where="", error=SourceError)
        patterns = [p.strip() for p in pattern.split("|") if p.strip()]
        if not patterns:
            raise SourceError(
                f"folder feed option pattern: {pattern!r} names no file pattern "
                '(write e.g. "*.txt|*.html|*.jsonl")'
            )
        self.path = Path(path)
        self.patterns = tuple(patterns)
        self.adapter = adapter
        self.adapter_options = dict(adapter_options or {})
        self.settle_s = seconds_option("folder", "settle_s", settle_s)
        self.keep = count_option("folder", "keep", keep)
        self.name = name

    def pull(self, cursor: Mapping[str, Any] | None, spool: Path) -> Pull:
        """The folder's files new or changed since ``cursor``, oldest change first (``spool``
        is not used: the files are returned where they are)."""
        if not self.path.is_dir():
            raise FeedError(
                f"{self.name}: {self.path} is not a folder (or cannot be read): create it or "
                "fix the feed's path option; tried again next pull",
                feed=self.name,
                state="unavailable",
            )
        known: dict[str, list[Any]] = {
            str(k): list(v) for k, v in dict((cursor or {}).get("files", {})).items()
        }
        now = time.time()
        found: dict[str, list[Any]] = {}
        changed: list[tuple[int, str, Path]] = []
        settling = matched = 0
        unreadable: list[str] = []
        for entry in sorted(self.path.iterdir()):
            if not self._matches(entry.name) or not entry.is_file():
                continue
            matched += 1
            try:
                stat = entry.stat()
                before = known.get(entry.name)
                if before is not None and before[:2] == [stat.st_size, stat.st_mtime_ns]:
                    found[entry.name] = before
                    continue
                if now - stat.st_mtime < self.settle_s:
                    settling += 1
                    if before is not None:
                        found[entry.name] = before
                    continue
                digest = _sha256(entry)
            except OSError as exc:  # removed meanwhile, or not readable: tried again next pull
                unreadable.append(f"{entry.name} ({exc.strerror or type(exc).__name__})")
                continue
            found[entry.name] = [stat.st_size, stat.st_mtime_ns, digest]
            if before is None or before[2] != digest:
                changed.append((stat.st_mtime_ns, entry.name, entry.resolve()))
        newest = sorted(found.items(), key=lambda kv: (kv[1][1], kv[0]))[-self.keep :]
        files = tuple(p for _, _, p in sorted(changed))
        note = (
            f"{len(files)} new or changed file(s) of {matched} matching {'|'.join(self.patterns)}"
        )
        if settling:
            note += f"; {settling} still being written (changed < {self.settle_s:g} s ago)"
        if unreadable:
            note += f"; {len(unreadable)} unreadable, tried again next pull: "
            note += ", ".join(unreadable[:3]) + (", ..." if len(unreadable) > 3 else "")
        return Pull(
            self.name,
            self.adapter,
            files=files,
            cursor={"files": dict(newest)},
            options=self.adapter_options,
            note=note,
        )

    def _matches(self, name: str) -> bool:
        return not name.startswith(".") and any(fnmatch.fnmatchcase(name, p) for p in self.patterns)
