"""The command line: a thin face over the library. Nothing imports it."""

from __future__ import annotations

import os

from trucewatch.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    # numpy asks the kernel for huge pages on every large array; on a machine whose huge-page
    # defrag is "madvise" each first touch of them then costs more than it saves (docs/store.md,
    # "Speed": ~1 s of system time per 1 M events at ingest and effect). A user's own setting
    # wins; numpy reads it when imported, which the command line does after this line.
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    app(prog_name="trucewatch")
