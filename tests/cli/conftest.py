"""Fixtures for the command-line tests: small UCDP GED files written by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ucdp_rows import UCDP_HEADER, ucdp_row


@pytest.fixture
def write_ged(tmp_path: Path) -> Callable[..., Path]:
    """Write a UCDP GED CSV of ``rows`` (made with :func:`ucdp_row`) and return its path."""

    def write(rows: list[str], name: str = "ged.csv") -> Path:
        path = tmp_path / name
        path.write_text("\n".join([UCDP_HEADER, *rows]) + "\n")
        return path

    return write


@pytest.fixture
def ged_row() -> Callable[..., str]:
    return ucdp_row
