"""Fixtures of the dashboard tests: the fixture store served by uvicorn on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from dashboard_fixture import Served, build_store, serving


@pytest.fixture(scope="session")
def dashboard_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("dashboard") / "dashboard.duckdb"
    return path, build_store(path)


@pytest.fixture(scope="session")
def served(dashboard_store: tuple[Path, str]) -> Iterator[Served]:
    """The fixture store served read-only, reading public."""
    with serving(*dashboard_store) as running:
        yield running


@pytest.fixture(scope="session")
def client(served: Served) -> Iterator[httpx.Client]:
    with served.client() as c:
        yield c
