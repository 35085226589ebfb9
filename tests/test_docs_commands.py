"""Every command line the docs show names a real command with real options.

A page that tells a user to run a command that does not exist (``trucewatch verdicts update``)
or an option that is not there sends them astray; this reads every ``trucewatch ...`` in the
README and docs/*.md — in shell blocks and in inline code — and checks it against the commands.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer

from trucewatch.cli import app
from trucewatch.cli._lazy import LazyGroup

ROOT = typer.main.get_command(app)
if isinstance(ROOT, LazyGroup):
    ROOT.load_all()  # the real commands, not the stand-ins --help lists
_SHELL_END = re.compile(r"\s(?:\||>|<|&&|;|#|2>)")


def _command_lines(text: str) -> list[str]:
    """``trucewatch ...`` as written in shell blocks (one per line) and in inline code."""
    found = []
    for block in re.findall(r"```(?:sh|bash|console|shell)?\n(.*?)```", text, re.S):
        for line in re.sub(r"\\\n\s*", " ", block).splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("trucewatch "):
                found.append(line)
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    found += [m for m in re.findall(r"`(trucewatch [^`]+)`", prose)]
    return found


def _pages() -> list[Path]:
    root = Path(__file__).resolve().parents[1]
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def problems_of(line: str) -> list[str]:
    """What is wrong with one command line (nothing: a real command with real options)."""
    line = line.replace("[", "").replace("]", "")  # [--window W]: an optional part, as written
    words = shlex.split(_SHELL_END.split(" " + line, maxsplit=1)[0].strip())[1:]
    command: Any = ROOT
    path = ["trucewatch"]
    while words and hasattr(command, "commands"):
        name = words[0]
        group_options = {o: p for p in command.params for o in (*p.opts, *p.secondary_opts)}
        if name.split("=", 1)[0] in group_options and name not in ("--version", "-V"):
            words.pop(0)  # an option of the group itself (trucewatch --wait 30 ingest ...)
            param = group_options[name.split("=", 1)[0]]
            if "=" not in name and not param.is_flag and words:
                words.pop(0)
            continue
        if name.isupper():
            return []  # a placeholder for any command (trucewatch --wait SECONDS COMMAND)
        if name.startswith("-"):
            break
        if name not in command.commands:
            return [f"{' '.join(path)} has no command {name!r} ({', '.join(command.commands)})"]
        command = command.commands[name]
        path.append(words.pop(0))
    if hasattr(command, "commands"):
        group_options = ("--help", "-h", *(("--version", "-V") if command is ROOT else ()))
        return [] if not words or words[0] in group_options else [f"{' '.join(path)}: {words}"]
    options = {o: p for p in command.params for o in (*p.opts, *p.secondary_opts)}
    options["--help"] = None
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    room = sum(10**6 if a.nargs == -1 else a.nargs for a in arguments)
    positional = 0
    problems = []
    while words:
        word = words.pop(0)
        if word.startswith("-") and len(word) > 1 and not re.match(r"-\d", word):
            name = word.split("=", 1)[0]
            if name not in options:
                problems.append(f"{' '.join(path)} has no option {name}")
                continue
            param = options[name]
            takes_value = param is not None and not (param.is_flag or param.count)
            if not takes_value:
                continue
            value = word.split("=", 1)[1] if "=" in word else (words.pop(0) if words else None)
            shown = param.display_type(command.make_context(path[-1], [], resilient_parsing=True))
            inner = re.sub(r"^list\[(.*)\]$", r"\1", shown.strip("<>"))
            choices = inner.split("|") if "|" in inner else None
            if value is not None and choices and value not in choices:
                problems.append(f"{' '.join(path)} {name} {value!r}: not one of {choices}")
        elif word not in ("...", "…"):
            positional += 1
    if positional > room:
        problems.append(f"{' '.join(path)} takes {room} argument(s), the docs give {positional}")
    return problems


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_every_documented_command_line_is_a_real_command(page: Path) -> None:
    wrong = {
        line: problems
        for line in _command_lines(page.read_text(encoding="utf-8"))
        if (problems := problems_of(line))
    }
    assert not wrong, f"{page.name}: {wrong}"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("trucewatch verdicts update", "takes 0 argument(s)"),
        ("trucewatch verdict --agreement x", "has no command 'verdict'"),
        ("trucewatch events list --actors IS", "has no option --actors"),
        ("trucewatch agreements frobnicate", "has no command 'frobnicate'"),
        ("trucewatch events list --format geojson", "--format 'geojson': not one of"),
    ],
)
def test_the_check_finds_a_wrong_command_line(line: str, problem: str) -> None:
    assert any(problem in p for p in problems_of(line)), problems_of(line)


@pytest.mark.parametrize(
    "line",
    [
        "trucewatch verdicts --agreement aleppo-calm-2016-05 --verdict violation --db m.duckdb",
        "trucewatch ingest ucdp-ged ged.csv --db monitor.duckdb",
        "trucewatch events list --actor IS --format csv > is.csv",
        "trucewatch serve --no-public-read",
        "trucewatch agreements in-force 36.2 37.16 2016-05-08T12:00+03:00",
        "trucewatch keys --help",
        "trucewatch verdicts --format=geojson --verdict violation",
    ],
)
def test_the_check_accepts_a_right_command_line(line: str) -> None:
    assert problems_of(line) == []
