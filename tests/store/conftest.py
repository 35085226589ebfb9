"""Fixtures of the store tests: a fresh store file, the tiny test adapter, the hand-made files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_tiny_adapter import TinyAdapter

from trucewatch.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def tiny() -> TinyAdapter:
    return TinyAdapter()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "trucewatch.duckdb"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        yield opened


@pytest.fixture
def filled(store: Store, tiny: TinyAdapter) -> Store:
    """A store holding a1..a7 of the two hand-made files (a4, a5 are in both)."""
    store.ingest(tiny, FIXTURES / "aleppo_feb.tev")
    store.ingest(tiny, FIXTURES / "aleppo_mar.tev")
    return store
