"""Start-up: a command imports what it needs, nothing more (its cost: benchmarks/startup.py).

Each probe runs the command line in a fresh interpreter and reports which modules were
imported; these are behaviour tests (which modules), not timings.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from machine import scaled
from trucewatch.cli import app
from trucewatch.cli._lazy import LazyGroup, StandIn
from trucewatch.cli.app import COMMANDS
from trucewatch.sources.base import ADAPTER_MODULES, registered_adapters

runner = CliRunner()

#: what no listing, no --help and no `agreements list` may import (each costs 0.1-1 s)
HEAVY = (
    "numba",
    "scipy",
    "matplotlib",
    "weasyprint",
    "pyogrio",
    "geopandas",
    "pandas",
    "statsmodels",
    "ruptures",
    "trafilatura",
    "fastapi",
    "uvicorn",
    "timezonefinder",
)

PROBE = r"""
import contextlib, io, json, sys
import typer
from trucewatch.cli import app

group = typer.main.get_command(app)
codes = []
for args in json.loads(sys.argv[1]):
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            group.main(args, prog_name="trucewatch")
        except SystemExit as exc:
            codes.append(exc.code)
print(json.dumps({"codes": codes, "modules": sorted(sys.modules)}))
"""


def _probe(*runs: list[str]) -> tuple[list[int], set[str]]:
    """Run the command lines in one new interpreter: their exit codes and the modules loaded."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(runs)],
        capture_output=True,
        text=True,
        check=True,
        timeout=scaled(300),
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["codes"], set(result["modules"])


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


def _command_paths() -> list[list[str]]:
    group = typer.main.get_command(app)
    assert isinstance(group, LazyGroup)
    group.load_all()
    paths: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        paths.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(group, [])
    return paths[1:]


def test_importing_the_package_imports_none_of_its_modules():
    script = "import sys, trucewatch; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=scaled(300),
    )
    modules = set(done.stdout.split())
    assert sorted(m for m in modules if m.startswith("trucewatch")) == ["trucewatch"]
    assert _heavy(modules) == [] and "numpy" not in modules


def test_help_and_version_import_no_command_and_no_library_module():
    codes, modules = _probe(["--help"], ["--version"], ["-V"])
    assert codes == [0, 0, 0]
    ours = sorted(m for m in modules if m.startswith("trucewatch"))
    assert ours == ["trucewatch", "trucewatch.cli", "trucewatch.cli._lazy", "trucewatch.cli.app"]
    assert _heavy(modules) == []
    assert "duckdb" not in modules


def test_no_command_help_imports_a_heavy_library():
    paths = _command_paths()
    assert ["agreements", "list"] in paths and ["effect"] in paths and ["report"] in paths
    codes, modules = _probe(*([*path, "--help"] for path in paths))
    assert codes == [0] * len(paths)
    assert _heavy(modules) == []


def test_agreements_list_imports_no_heavy_library(tmp_path):
    db = tmp_path / "monitor.duckdb"
    added = runner.invoke(app, ["agreements", "add", "--examples", "--db", str(db)])
    assert added.exit_code == 0, added.output
    codes, modules = _probe(["agreements", "list", "--db", str(db)])
    assert codes == [0]
    assert _heavy(modules) == []
    assert "trucewatch.text.pipeline" not in modules  # only 'agreements accept' needs it


def test_feeds_list_and_status_import_no_heavy_library(tmp_path):
    db = tmp_path / "monitor.duckdb"
    added = runner.invoke(app, ["agreements", "add", "--examples", "--db", str(db)])
    assert added.exit_code == 0, added.output
    codes, modules = _probe(["feeds", "list", "--db", str(db)], ["status", "--db", str(db)])
    assert codes == [0, 0]
    assert _heavy(modules) == []


def test_ingest_help_lists_every_adapter_without_importing_them():
    result = runner.invoke(app, ["ingest", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for name in ADAPTER_MODULES:
        assert name in result.output
    codes, modules = _probe(["ingest", "--help"])
    assert codes == [0]
    imported = {name for name, module in ADAPTER_MODULES.items() if module in modules}
    assert imported <= {"csv"}  # the csv mapping reader serves ingest's --mapping option


def test_adapter_table_names_the_module_of_every_registered_adapter():
    registered = {
        name: factory.__module__
        for name, factory in registered_adapters().items()
        if factory.__module__.startswith("trucewatch.")
    }
    assert registered == ADAPTER_MODULES


def test_adapter_for_imports_only_the_adapter_asked_for():
    script = (
        "import sys; from trucewatch.sources.base import adapter_for; adapter_for('gdelt'); "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('trucewatch.sources.'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=scaled(300),
    )
    loaded = set(done.stdout.split())
    assert "trucewatch.sources.gdelt" in loaded
    assert loaded.isdisjoint(m for n, m in ADAPTER_MODULES.items() if n != "gdelt")


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_the_installed_package_version(flag):
    result = runner.invoke(app, [flag])
    assert result.exit_code == 0
    assert result.output == f"trucewatch {version('trucewatch')}\n"


def test_help_lists_each_command_with_the_first_paragraph_of_its_own_help():
    group = typer.main.get_command(app)
    assert isinstance(group, LazyGroup)
    group.load_all()
    assert list(group.commands) == [entry.name for entry in COMMANDS]
    for entry in COMMANDS:
        command = group.commands[entry.name]
        assert not isinstance(command, StandIn), entry.name
        first = inspect.cleandoc(command.help or "").split("\n\n")[0]
        assert (entry.summary, command.short_help, command.hidden) == (first, None, False)


def test_help_with_stand_ins_reads_as_with_the_commands_loaded(capsys):
    def top_help(loaded: bool) -> str:
        group = typer.main.get_command(app)
        assert isinstance(group, LazyGroup)
        if loaded:
            group.load_all()
        assert group.main(["--help"], prog_name="trucewatch", standalone_mode=False) == 0
        return capsys.readouterr().out

    stand_ins = top_help(loaded=False)
    group = typer.main.get_command(app)
    assert isinstance(group, LazyGroup)
    assert all(isinstance(group.commands[e.name], StandIn) for e in COMMANDS)
    assert "gazetteer" in stand_ins
    assert stand_ins == top_help(loaded=True)


def test_a_command_runs_from_its_stand_in_and_fails_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # relative paths: a long temporary path would be wrapped inside the error box
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["agreements", "add", "nothing.yaml", "--db", "s"])
    assert result.exit_code == 2
    assert "nothing.yaml" in result.output
    typo = runner.invoke(app, ["agrements", "list"])
    assert typo.exit_code == 2
    assert "Did you mean 'agreements'" in typo.output


def test_the_wait_default_of_the_top_level_option_is_the_stores():
    import importlib

    from trucewatch.cli import _common

    assert importlib.import_module("trucewatch.cli.app").DEFAULT_WAIT == _common.DEFAULT_WAIT


_HUGE_PAGE_PROBE = """
import os, sys
from trucewatch.cli import main
sys.argv = ["trucewatch", "--version"]
try:
    main()
except SystemExit:
    pass
import numpy
print(os.environ.get("NUMPY_MADVISE_HUGEPAGE"), numpy._core.multiarray._get_madvise_hugepage())
"""


@pytest.mark.parametrize(("given", "seen"), [(None, "0 False"), ("1", "1 True")])
def test_the_command_line_turns_numpy_huge_pages_off_unless_the_user_set_them(
    given: str | None, seen: str
):
    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    if given is not None:
        env["NUMPY_MADVISE_HUGEPAGE"] = given
    out = subprocess.run(
        [sys.executable, "-c", _HUGE_PAGE_PROBE], env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[-2] == seen
