"""The Python examples of the docs run as written (with the real data for their inputs), and
they import the public API from ``trucewatch``.

Every ```python block of docs/*.md and README.md is either run here (``RUN``: the names it
uses are given, the files it names are the shared data or a temporary folder) or listed in
``NOT_RUN`` with why; a new block must be put in one or the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from trucewatch import Event, adapter_for, load_examples

REPO = Path(__file__).resolve().parents[1]
PAGES = [*sorted((REPO / "docs").glob("*.md")), REPO / "README.md"]
GED = ("ucdp_ged_syria", "ged_syria_2016.csv")

#: (page, index of the block on the page) -> why it is not run
NOT_RUN = {
    ("adapters.md", 1): "a user's own CSV and mapping file",
    ("alerts.md", 0): "delivers to a remote address (the alerts tests deliver to local servers)",
    ("api.md", 0): "starts a server that blocks (the API tests run a real one)",
    ("news.md", 0): "signatures, not code",
    ("verdicts.md", 1): "a signature, not code",
    ("getting-started.md", 0): "run by tests/test_docs.py with its printed counts",
}


def _blocks() -> list[tuple[str, int, str]]:
    out = []
    for page in PAGES:
        found = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
        out.extend((page.name, k, code) for k, code in enumerate(found))
    return out


def _ged_events(shared: Path) -> list[Event]:
    records = adapter_for("ucdp-ged").read(shared.joinpath(*GED))
    return [r for r in records if isinstance(r, Event)]


def _aleppo() -> Any:
    return next(a for a in load_examples() if a.id == "aleppo-calm-2016-05")


def _namespace(page: str, shared: Path) -> dict[str, Any]:
    """What a block uses without defining it (the text around the block says what it is)."""
    names: dict[str, Any] = {"date": date, "Path": Path}
    if page in ("effect.md", "report.md", "verdicts.md"):
        events = _ged_events(shared)
        agreement = _aleppo()
        box = (36.9, 36.0, 37.5, 36.5)  # around Aleppo: a few hundred events
        names["events"] = [
            e for e in events if box[0] <= e.where.lon <= box[2] and box[1] <= e.where.lat <= box[3]
        ]
        names["agreement"] = agreement
    return names


def _localize(code: str, shared: Path, tmp: Path) -> str:
    examples = REPO / "src" / "trucewatch" / "agreements" / "examples"
    return (
        code.replace('"ged_syria_2016.csv"', repr(str(shared.joinpath(*GED))))
        .replace('"../shared/data/', f'"{shared}/')
        .replace('"aleppo-calm-2016-05.yaml"', repr(str(examples / "aleppo-calm-2016-05.yaml")))
        .replace('"build/demo.duckdb"', repr(str(tmp / "demo.duckdb")))
    )


#: per block, what its run must show (beyond running without an error)
CHECKS: dict[tuple[str, int], Callable[[dict[str, Any]], None]] = {
    ("effect.md", 0): lambda ns: len(ns["effects"]) > 0 and len(ns["series"].days) > 300,
    ("report.md", 0): lambda ns: ns["paths"].html.is_file() and ns["paths"].pdf.is_file(),
    ("simulation.md", 0): lambda ns: ns["events"],
    ("verdicts.md", 0): lambda ns: ns["verdicts"],
}


#: packages whose own names a page documents beyond the top-level API
DEEPER = {
    "trucewatch.sources": "every adapter and its mapping helpers (docs/adapters.md)",
    "trucewatch.text": "the news rules' parts (docs/news.md)",
    "trucewatch.effect.breakdown": "change points and conditions (docs/effect.md)",
    "trucewatch.serve.api": "the web service, a face beside the CLI (docs/api.md)",
}


def test_every_python_block_is_run_or_said_why_not():
    blocks = {(page, k) for page, k, _code in _blocks()}
    assert set(NOT_RUN) <= blocks, "NOT_RUN names a block that is gone"
    assert len(blocks - set(NOT_RUN)) >= 8


def test_examples_import_the_public_api_from_trucewatch():
    """A block imports from ``trucewatch`` itself, or says in a comment why it goes deeper."""
    for page, k, code in _blocks():
        if (page, k) in NOT_RUN and "signature" in NOT_RUN[(page, k)]:
            continue
        for line in code.splitlines():
            deep = re.match(r"from (trucewatch\.[\w.]+) import", line)
            if deep and deep.group(1) not in DEEPER:
                assert "#" in line, f"{page} block {k}: {line!r} (import it from trucewatch)"


@pytest.mark.parametrize(
    ("page", "index"),
    [(page, k) for page, k, _ in _blocks() if (page, k) not in NOT_RUN],
    ids=lambda value: str(value),
)
def test_documented_python_example_runs(page, index, shared_data, tmp_path, monkeypatch):
    code = next(c for p, k, c in _blocks() if (p, k) == (page, index))
    monkeypatch.chdir(tmp_path)
    namespace = _namespace(page, shared_data)
    exec(compile(_localize(code, shared_data, tmp_path), f"{page}[{index}]", "exec"), namespace)
    check = CHECKS.get((page, index))
    if check is not None:
        assert check(namespace)
