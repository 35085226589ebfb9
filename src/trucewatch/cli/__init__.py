"""The command line: a thin face over the library. Nothing imports it."""

from __future__ import annotations

from trucewatch.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="trucewatch")
