"""trucewatch feeds add | list | remove: the live feeds a store follows (docs/watch.md)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from trucewatch.cli._common import (
    Count,
    DbOption,
    Format,
    FormatOption,
    emit,
    fails_cleanly,
    open_store,
)
from trucewatch.feeds.base import FEED_MODULES
from trucewatch.freshness import feed_statuses, interval
from trucewatch.watch.following import follow, parse_every, parse_options, unfollow

app = typer.Typer(
    no_args_is_help=True,
    help="Live feeds the store follows (UCDP, ACLED, GDELT, news); trucewatch watch pulls them.",
)

_COLUMNS = ("name", "kind", "every", "state", "last_success_at", "next_due_at",
            "events_added", "events_deleted")  # fmt: skip


@app.command("add", epilog="Example: trucewatch feeds add acled --every 1d --option country=Syria")
@fails_cleanly
def add(
    kind: Annotated[str, typer.Argument(help=f"The feed: {', '.join(FEED_MODULES)}.")],
    name: Annotated[
        str | None, typer.Option(help="Its name in the store (default: the kind).")
    ] = None,
    every: Annotated[
        str | None,
        typer.Option(help="How often to pull it: 15m, 1h, 1d, 3600s (default: the feed's own)."),
    ] = None,
    option: Annotated[
        list[str] | None,
        typer.Option(
            help="An option of the feed as key=value (repeat it); a value that reads as JSON "
            "(5000, true) is that number or boolean. Never a credential (docs/feeds.md)."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Follow a live feed: trucewatch watch (or serve --watch) pulls it on its schedule."""
    every_s = None if every is None else parse_every(every)
    options = parse_options(option or [])
    with open_store(db) as store:
        state = follow(store, kind, name=name, every_s=every_s, options=options)
    typer.echo(
        f"following {state.name} ({state.version}) every {interval(state.every_s)}; "
        "trucewatch watch pulls it"
    )


@app.command("list", epilog="Example: trucewatch feeds list -f json")
@fails_cleanly
def list_feeds(fmt: FormatOption = Format.table, db: DbOption = None) -> None:
    """List the followed feeds: schedule, state, last success, next pull, events brought."""
    with open_store(db, read_only=True) as store:
        statuses = feed_statuses(store)
    records = [{**asdict(s), "every": interval(s.every_s)} for s in statuses]
    emit(records, fmt, _COLUMNS, count=Count(len(records), len(records), "feeds"))
    if fmt is Format.table:
        for status in statuses:
            typer.echo(status.line)


@app.command("remove", epilog="Example: trucewatch feeds remove acled")
@fails_cleanly
def remove(
    name: Annotated[str, typer.Argument(help="The name feeds list shows.")],
    db: DbOption = None,
) -> None:
    """Stop following a feed (its cursor is dropped; the events it brought stay)."""
    with open_store(db) as store:
        state = unfollow(store, name)
    typer.echo(
        f"feed {state.name} removed ({state.events_added:,} events added while followed stay)"
    )
