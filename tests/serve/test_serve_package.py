"""The dashboard's static files ship in the package: ``trucewatch serve`` reads them from the
installed ``trucewatch/serve/dashboard/``, which only the package data of pyproject.toml puts
into a wheel."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "src" / "trucewatch"


def test_every_dashboard_file_is_package_data():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["trucewatch"]
    files = sorted(
        p.relative_to(PACKAGE).as_posix()
        for p in (PACKAGE / "serve" / "dashboard").rglob("*")
        if p.is_file()
    )
    assert "serve/dashboard/index.html" in files
    left_out = [f for f in files if not any(fnmatch(f, g) for g in globs)]
    assert left_out == [], f"dashboard files a wheel would leave out: {left_out}"
