"""Fixtures of the dashboard tests: the fixture store served by uvicorn on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from dashboard_fixture import Served, build_store, serving

from machine import chromium


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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium (tests/machine.py finds it), one per test module."""
    from playwright import sync_api  # only the browser tests need it

    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium(), headless=True)
        try:
            yield launched
        finally:
            launched.close()
