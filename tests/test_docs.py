"""The docs are tested: the README's two commands, links, and the generated CLI reference."""

import re
import shlex

import pytest
from typer.testing import CliRunner

from trucewatch.cli import _docs, app

runner = CliRunner()


def test_readme_opens_with_exactly_the_two_set_up_commands(repo_root):
    text = (repo_root / "README.md").read_text()
    first_block = re.search(r"```(?:sh)?\n(.*?)```", text, re.S)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert [c for c in commands if c] == ["make demo", "make test"]


def test_every_relative_link_in_the_docs_points_to_a_file(repo_root):
    pages = [repo_root / "README.md", *sorted((repo_root / "docs").glob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#]+)\)", page.read_text()):
            if target.startswith("http"):
                continue
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_cli_reference_is_current(repo_root):
    current = (repo_root / "docs" / "cli.md").read_text()
    assert current == _docs.render(), "regenerate: python -m trucewatch.cli._docs > docs/cli.md"


def test_cli_reference_documents_every_command_with_an_example():
    text = _docs.render()
    for command in (
        "ingest",
        "agreements add",
        "agreements list",
        "agreements show",
        "events list",
        "export",
        "demo",
        "info",
        "boundaries load",
        "summary",
    ):
        section = text.split(f"## trucewatch {command}\n", 1)
        assert len(section) == 2, f"no section for {command}"
        assert "Example: `trucewatch" in section[1].split("\n## ", 1)[0]


def test_architecture_names_every_package(repo_root):
    text = (repo_root / "docs" / "architecture.md").read_text()
    src = repo_root / "src" / "trucewatch"
    for package in sorted(p.name for p in src.iterdir() if (p / "__init__.py").exists()):
        assert f"{package}/" in text, f"docs/architecture.md does not mention {package}/"


def _commands_in_section(text: str, heading: str) -> list[list[str]]:
    section = text.split(heading, 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    lines = [line.split("  #")[0].strip() for line in block.group(1).splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith("trucewatch ")]


@pytest.mark.parametrize(
    ("page", "heading"),
    [("README.md", "## A first session"), ("docs/getting-started.md", "## A monitoring session")],
)
def test_documented_sessions_run_as_written(page, heading, repo_root, shared_data, tmp_path):
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRUCEWATCH_DB", str(tmp_path / "monitor.duckdb"))
    try:
        text = (repo_root / page).read_text()
        commands = _commands_in_section(text, heading)
        assert len(commands) >= 5
        for args in commands:
            if ">" in args:  # a shell redirection: the command's output goes to a file
                args = args[: args.index(">")]
            args = [a.replace("../shared/data", str(shared_data)) for a in args]
            args = [str(tmp_path / "monitor.duckdb") if a == "monitor.duckdb" else a for a in args]
            result = runner.invoke(app, args)
            assert result.exit_code == 0, f"{page}: trucewatch {' '.join(args)}\n{result.output}"
    finally:
        monkeypatch.undo()


def test_getting_started_python_example_runs(repo_root, shared_data, tmp_path, capsys):
    text = (repo_root / "docs" / "getting-started.md").read_text()
    code = re.search(r"## From Python.*?```python\n(.*?)```", text, re.S)
    assert code is not None
    ged = shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv"
    source = code.group(1).replace('"ged_syria_2016.csv"', repr(str(ged)))
    source = source.replace('"monitor.duckdb"', repr(str(tmp_path / "monitor.duckdb")))
    exec(compile(source, "getting-started.md", "exec"), {})
    out = capsys.readouterr().out
    assert "6170 events added" in out
    assert "ext-72h-2016-05-07" in out  # a violation during the Aleppo extension
