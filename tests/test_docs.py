"""The docs are tested: the README's two commands, links, and the generated CLI reference."""

import re

from trucewatch.cli import _docs


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
