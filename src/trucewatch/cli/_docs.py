"""Render docs/cli.md from the commands themselves, so the docs cannot drift from the code.

``python -m trucewatch.cli._docs > docs/cli.md`` regenerates it; a test checks it is current.
"""

from __future__ import annotations

import inspect
from typing import Any

import typer

from trucewatch.cli._lazy import LazyGroup
from trucewatch.cli.app import app

HEADER = """# Command line reference

Generated from the commands by `python -m trucewatch.cli._docs > docs/cli.md`; a test fails
when it is out of date. Every command takes `--db PATH` (default: `$TRUCEWATCH_DB`, else a file
in your user data folder) and `--help`. Commands that print records take
`--format table|json|csv`; `json` is JSON lines.

Exit codes, the same for every command:

| code | meaning |
|---|---|
| 0 | done |
| 1 | done, but some input rows were refused (reported and kept: `trucewatch events bad-rows`) |
| 2 | nothing done: bad input or usage, with a message naming the file, row, field or value |
| 3 | internal error (a bug): one line `internal error: <type>: <message>` naming the file \
in the temporary folder that holds its traceback (`TRUCEWATCH_DEBUG=1` prints the traceback \
on stderr instead); please report it with that traceback. Nothing is left half-written: the \
store is written in whole transactions |
| 130 | interrupted (Ctrl-C), quietly; nothing is left half-written |
| 141 | the reader of the output stopped reading it (a pipe into `head`), quietly \
(0 or 1 when the table writer saw it first) |

Commands take turns on a store, also while
`trucewatch serve` runs: `trucewatch --wait SECONDS COMMAND` (or `$TRUCEWATCH_WAIT`; default
600) is how long a command waits for its turn, saying so on stderr, before it stops with exit
code 2 (see [store.md](store.md), "Who may open a store when").

An id or value the store does not know (an agreement, event, draft, subscription or key id, a
source name, an event type, a verdict kind) is an error, exit code 2, whose message guesses
what was meant and names what is known; a known value that matches nothing prints
"0 ... match" and exits 0. A listing counts its rows in the table's footer; one cut at its limit
says how many match in all and how to get them (`--limit N`, `--all`), on stderr with `json`
and `csv` so that stdout stays clean. Tables printed to a file or a pipe are as wide as their
content: no cell is cut or wrapped.

`trucewatch --version` (or `-V`) prints the installed
version. A command imports only what it needs, when it runs: `trucewatch --help` takes about
0.1 s of CPU ([architecture.md](architecture.md), "Start-up").
"""


def _walk(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    """Leaf commands of the (click-like) command tree typer builds, with their paths."""
    if hasattr(command, "commands"):
        out: list[tuple[list[str], Any]] = []
        for name in sorted(command.commands):
            out.extend(_walk(command.commands[name], [*path, name]))
        return out
    return [(path, command)]


def _param_line(param: Any, ctx: Any) -> str:
    if param.param_type_name == "argument":
        many = "..." if param.nargs == -1 else ""
        required = "" if param.required else " (optional)"
        return f"- `{param.name.upper()}{many}`{required}: {param.help or ''}"
    names = ", ".join(f"`{o}`" for o in param.opts)
    kind = "" if param.is_flag else " " + param.display_type(ctx).strip("<>")
    default = ""
    if not param.is_flag and param.default not in (None, (), []):
        value = getattr(param.default, "value", param.default)
        default = f" (default: `{value}`)"
    return f"- {names}{kind}: {param.help or ''}{default}"


def render() -> str:
    root = typer.main.get_command(app)
    if isinstance(root, LazyGroup):
        root.load_all()
    parts = [HEADER]
    for path, command in _walk(root, []):
        parts.append(f"\n## trucewatch {' '.join(path)}\n")
        parts.append(inspect.cleandoc(command.help or "") + "\n")
        params = [p for p in command.params if p.name != "help"]
        ctx = command.make_context(path[-1], [], resilient_parsing=True)
        if params:
            parts.append("\n" + "\n".join(_param_line(p, ctx) for p in params) + "\n")
        if command.epilog:
            parts.append(f"\n{command.epilog.replace('Example: ', 'Example: `').rstrip()}`\n")
    return "".join(parts)


if __name__ == "__main__":
    print(render(), end="")
