"""A download streamed into a file, with its size and MD5 (:mod:`trucewatch.feeds.http`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Download", "FileSink"]


@dataclass(frozen=True)
class Download:
    """A file downloaded whole: where, its size in bytes and its MD5 (hex)."""

    path: Path
    size: int
    md5: str


class FileSink:
    """The file a download streams into, started again at each try."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = 0
        self.md5 = hashlib.md5(usedforsecurity=False)

    @contextmanager
    def open(self) -> Iterator[Callable[[bytes], object]]:
        self.size = 0
        self.md5 = hashlib.md5(usedforsecurity=False)
        with open(self.path, "wb") as out:

            def write(chunk: bytes) -> None:
                out.write(chunk)
                self.md5.update(chunk)
                self.size += len(chunk)

            yield write
