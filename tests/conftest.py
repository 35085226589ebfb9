"""Fixtures shared by every test module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO / ".." / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data beside the repo (``../shared/data``); skip the test where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data not found at {SHARED_DATA}: tests on shared files are skipped")
    return SHARED_DATA


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


#: where a user's state lives by default; every test sees temporary folders instead
_HOME_VARIABLES = ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")
#: trucewatch's own variables naming a user's folder or store, unset in every test
_TRUCEWATCH_VARIABLES = ("TRUCEWATCH_GAZETTEER_DIR", "TRUCEWATCH_DB")


@pytest.fixture(scope="session")
def _library_caches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for other libraries' caches (matplotlib's font list), built once a run."""
    return tmp_path_factory.mktemp("library-caches")


@pytest.fixture(autouse=True)
def _no_user_folders(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    _library_caches: Path,
) -> Iterator[Path]:
    """Every test runs with a new, empty home and XDG folders, so no test reads what a user
    loaded (``trucewatch gazetteer load``, a default store) or writes into their folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in _HOME_VARIABLES[1:]:
        monkeypatch.setenv(name, str(home / name.lower()))
    for name in _TRUCEWATCH_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MPLCONFIGDIR", os.environ.get("MPLCONFIGDIR") or str(_library_caches))
    yield home
