"""The Python example of docs/store.md runs as written (store and export paths redirected)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


@pytest.mark.shared_data
def test_docs_store_example_runs(
    shared_data: Path, repo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (repo_root / "docs" / "store.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "docs/store.md has no python example"
    code = blocks[0].replace("build/demo.duckdb", str(tmp_path / "demo.duckdb"))
    code = code.replace('Path("exports/', f'Path("{tmp_path}/exports/')
    monkeypatch.chdir(repo_root)
    exec(compile(code, "docs/store.md", "exec"), {})
    assert (tmp_path / "exports" / "aleppo_battles.geojson").is_file()
