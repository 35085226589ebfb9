"""Rows written as a CSV file in the spool folder, atomically (a file is whole or absent)."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

__all__ = ["columns_of", "write_csv"]


def columns_of(rows: Iterable[Mapping[str, object]], order: Sequence[str]) -> list[str]:
    """The columns of ``rows``: those of ``order`` that occur, in that order, then any other
    field in the order first seen (nothing the source sent is dropped)."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(str(key), None)
    known = [name for name in order if name in seen]
    return known + [name for name in seen if name not in set(order)]


def write_csv(
    path: Path,
    rows: Sequence[Mapping[str, object]],
    columns: Sequence[str],
    cell: Callable[[str, object], str],
) -> Path:
    """``rows`` as a CSV file with the header ``columns`` (a missing field is empty), each
    value written by ``cell(column, value) -> str``; written beside ``path`` and renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([cell(c, row.get(c)) for c in columns])
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
