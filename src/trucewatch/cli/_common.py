"""What every command shares: the --db and --format options, error handling, output."""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich import box
from rich.console import Console, ConsoleDimensions
from rich.table import Table

from trucewatch.errors import StoreBusyError, TrucewatchError
from trucewatch.store import Store, default_db_path
from trucewatch.store.shared import SharedStore

P = ParamSpec("P")
R = TypeVar("R")

#: the width of a console whose output is not a terminal: no table cell is cut or wrapped
PIPE_WIDTH = 100_000


class WideWhenPiped(Console):
    """A rich console as wide as its content when its output is not a terminal.

    Rich takes 80 columns when it cannot ask a terminal, and so wraps or cuts (with "…") the
    cells of a table piped to a file or another program; a program reading them needs them
    whole.
    """

    @property
    def size(self) -> ConsoleDimensions:
        size = Console.size.fget(self)  # type: ignore[attr-defined]
        if self.is_terminal:
            return size  # type: ignore[no-any-return]
        return ConsoleDimensions(PIPE_WIDTH, size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


console = WideWhenPiped()
err_console = WideWhenPiped(stderr=True)

#: exit codes: 0 ok, 1 done but some input rows were refused, 2 nothing done (bad input, usage);
#: 3 an internal error and 130 interrupted come from the top-level group (``_crash.py``)
EXIT_ROWS_REFUSED = 1
EXIT_ERROR = 2

#: the opt-out of the refresh after a write of agreements (trucewatch.jobs.after_write)
NoRefreshOption = Annotated[
    bool,
    typer.Option(
        "--no-refresh",
        help="Store the change only: its verdicts stay stale and no alert is queued until the "
        "next refresh (trucewatch verdicts, alerts run).",
    ),
]

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="The store (a DuckDB file). Default: $TRUCEWATCH_DB, else a file in your data folder.",
        envvar="TRUCEWATCH_DB",
        dir_okay=False,
    ),
]


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="table for people; json (JSON lines) or csv for programs."),
]
MinConfidenceOption = Annotated[
    float | None,
    typer.Option(
        min=0.0,
        max=1.0,
        help="Leave out events read from news articles whose extraction confidence is below "
        "this (0-1); coded dataset rows are always kept.",
    ),
]


def fails_cleanly(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a TrucewatchError into one readable line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except StoreBusyError as exc:
            typer.echo(f"error: {exc} (trucewatch --wait SECONDS, or TRUCEWATCH_WAIT)", err=True)
            raise typer.Exit(EXIT_ERROR) from exc
        except TrucewatchError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(EXIT_ERROR) from exc

    return wrapper


#: Seconds a command waits for its turn on the store (``trucewatch --wait``, TRUCEWATCH_WAIT).
DEFAULT_WAIT = 600.0
_wait = {"seconds": DEFAULT_WAIT}


def set_wait(seconds: float) -> None:
    """How long the commands of this run wait for their turn on the store (``--wait``)."""
    _wait["seconds"] = seconds


def _say_waiting(message: str) -> None:
    err_console.print(message, highlight=False, soft_wrap=True)


@contextmanager
def open_store(db: Path | None, *, read_only: bool = False) -> Iterator[Store]:
    """The store, read-only (beside other readers) or alone for writing; waits its turn for
    up to ``--wait`` seconds, saying so on stderr (docs/store.md)."""
    store = Store.open(db, read_only=read_only, wait=_wait["seconds"], on_wait=_say_waiting)
    try:
        yield store
    finally:
        store.close()


def shared_store(db: Path | None) -> SharedStore:
    """The store opened only while each step needs it (see SharedStore, with nothing kept)."""
    return SharedStore(
        db or default_db_path(), wait=_wait["seconds"], linger=0, on_wait=_say_waiting
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    if isinstance(value, tuple):
        return list(value)
    return value


@dataclass(frozen=True)
class Count:
    """How many records a listing shows of how many match, and how to get the rest."""

    shown: int
    total: int
    noun: str
    more: str = ""
    hint: str = ""

    @property
    def truncated(self) -> bool:
        return self.shown < self.total

    def __str__(self) -> str:
        hint = f"; {self.hint}" if self.hint else ""
        if self.total == 0:
            return f"0 {self.noun} match{hint}"
        if self.truncated:
            more = f"; {self.more}" if self.more else ""
            return f"{self.shown:,} of {self.total:,} {self.noun} shown{more}{hint}"
        return f"{self.total:,} {self.noun}{hint}"


def emit(
    records: Sequence[dict[str, Any]],
    fmt: Format,
    columns: Sequence[str],
    *,
    keep_whole: Sequence[str] = (),
    count: Count | None = None,
) -> None:
    """Print records as a rich table, JSON lines (all fields) or CSV (``columns``).

    In a table, the ``keep_whole`` columns are never wrapped or cut; the others give way.
    ``count`` goes in a table's footer; with json or csv it goes to stderr (stdout stays
    clean for programs) when the listing is cut at its limit or nothing matches.
    """
    if fmt is not Format.table and count is not None and (count.truncated or not count.total):
        err_console.print(f"note: {count}", style="yellow", highlight=False)
    if fmt is Format.json:
        for record in records:
            sys.stdout.write(json.dumps({k: _plain(v) for k, v in record.items()}) + "\n")
        return
    if fmt is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for record in records:
            writer.writerow(
                ["" if record.get(c) is None else _plain(record.get(c)) for c in columns]
            )
        return
    caption = None if count is None else str(count)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, caption=caption, caption_justify="left")
    for column in columns:
        table.add_column(column, no_wrap=column in keep_whole)
    for record in records:
        table.add_row(
            *("" if record.get(c) is None else str(_plain(record.get(c))) for c in columns)
        )
    console.print(table)
