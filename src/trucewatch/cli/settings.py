"""trucewatch settings show / set: the store's settings (trucewatch.settings)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from trucewatch.cli._common import (
    DbOption,
    Format,
    FormatOption,
    console,
    emit,
    err_console,
    fails_cleanly,
    open_store,
)

app = typer.Typer(
    no_args_is_help=True,
    help="Settings of the store that every command and the API use (the location threshold).",
)

_COLUMNS = ("name", "value", "default", "changed_at", "description")


@app.command("show", epilog="Example: trucewatch settings show --db monitor.duckdb")
@fails_cleanly
def show(fmt: FormatOption = Format.table, db: DbOption = None) -> None:
    """Show each setting: its value, its default, when it was set and what it means."""
    from trucewatch.settings import settings_state

    with open_store(db, read_only=True) as store:
        state = settings_state(store)
    records = [{**asdict(r), "name": r.name.replace("_", "-")} for r in state.rows]
    emit(records, fmt, _COLUMNS, keep_whole=("name", "value"))
    if fmt is Format.table:
        console.print(f"rules version of new verdicts: {state.rules_version}", highlight=False)
    if state.stale:
        err_console.print(f"note: {state.stale}", style="yellow", highlight=False, markup=False)


@app.command(
    "set", epilog="Example: trucewatch settings set min-share-inside 0.3 --db monitor.duckdb"
)
@fails_cleanly
def set_(
    name: Annotated[str, typer.Argument(help="The setting: min-share-inside.")],
    value: Annotated[str, typer.Argument(help="Its new value (min-share-inside: 0 to 1).")],
    update: Annotated[
        bool,
        typer.Option(
            help="Re-judge the stored verdicts judged otherwise now (else: at the next update)."
        ),
    ] = True,
    db: DbOption = None,
) -> None:
    """Change a setting; the stored verdicts are judged again with it.

    min-share-inside (default 0.5) is the least share of an event's location uncertainty disc
    inside a scope for the event to count as located in it; below it a possible violation is
    unlocated (docs/verdicts.md, Location). An invalid value is refused and nothing is stored.
    """
    from trucewatch.settings import change_setting
    from trucewatch.store.settings import parse_setting

    parsed = parse_setting(name, value)  # checked before the store is opened
    with open_store(db) as store:
        if update:
            with err_console.status("setting, then judging events against the agreements..."):
                change = change_setting(store, name, parsed)
        else:
            change = change_setting(store, name, parsed, update=False)
    typer.echo(str(change))
