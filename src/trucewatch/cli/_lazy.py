"""Commands imported when they run, not when the program starts.

``trucewatch --help`` lists every command, and ``trucewatch --version`` needs none; importing
them all would import most of the library (DuckDB, the agreement loader, the text pipeline...)
before anything is done. So the top-level group knows each command by a :class:`Lazy` entry
(its name, the line ``--help`` lists and a function that imports and registers it), shows a
stand-in for it in the listing, and imports the real command only when it is run or its own
``--help`` is asked for. A test holds the stand-ins to the real commands' help.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import typer
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    from typer import _click  # the click typer carries (the types of its groups' methods)

__all__ = ["Lazy", "LazyGroup", "Register", "StandIn"]

#: imports a command's module and registers the command on the app given, under the name given
Register = Callable[[typer.Typer, str], None]


@dataclass(frozen=True)
class Lazy:
    """A top-level command (or group of commands) imported on first use.

    ``summary`` is what ``trucewatch --help`` lists: the first paragraph of the command's help.
    ``register`` registers the real command exactly as it would be registered eagerly.
    """

    name: str
    summary: str
    register: Register


def _nothing() -> None:
    """Callback of the holder app: it makes typer build a group, so names are kept."""


class StandIn(TyperCommand):
    """What ``--help`` lists for a command not imported yet; it never runs."""

    def invoke(self, ctx: _click.Context) -> Any:
        raise RuntimeError(f"the stand-in of {self.name!r} ran: LazyGroup.load() it first")


class LazyGroup(TyperGroup):
    """The top-level group: stand-ins for every :attr:`entries` command until one is used.

    Subclass it with ``entries`` set and pass the subclass as ``typer.Typer(cls=...)``.
    """

    entries: ClassVar[Sequence[Lazy]] = ()

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._lazy = {entry.name: entry for entry in self.entries}
        for entry in self.entries:  # stand-ins, in the order the entries are listed
            self.commands.setdefault(entry.name, StandIn(entry.name, help=entry.summary))

    def load(self, name: str) -> _click.Command:
        """The real command ``name`` (imported and built on first use, then kept)."""
        entry = self._lazy.pop(name, None)
        if entry is not None:
            holder = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
            holder.callback()(_nothing)
            entry.register(holder, name)
            built = typer.main.get_command(holder)
            assert isinstance(built, TyperGroup), built
            self.commands[name] = built.commands[name]
        return self.commands[name]

    def load_all(self) -> None:
        """Import every command (for the generated reference, docs/cli.md)."""
        for name in list(self._lazy):
            self.load(name)

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        if args and args[0] in self._lazy:
            self.load(args[0])
        return super().resolve_command(ctx, args)
