"""trucewatch status: how fresh the store is (feeds, last ingest, verdicts, alerts)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer

from trucewatch.cli._common import DbOption, Format, FormatOption, fails_cleanly, open_store
from trucewatch.errors import ValidationError
from trucewatch.freshness import freshness


@fails_cleanly
def status(
    fmt: FormatOption = Format.table,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Exit 1 if a feed is failing or stale, or the verdicts are stale."
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """How fresh the store is: each feed's last sync and state, verdicts, alerts waiting.

    It shows each followed feed, the last ingest (by any path), whether the stored verdicts are
    current, and the alerts queued, failed, sent and dead.

    A feed never pulled, failing (token missing or expired, forbidden, rate limited,
    unavailable, bad data: with what to do) or stale (no success for 3 times its interval) says
    so. --format json gives the same as GET /status.
    """
    if fmt is Format.csv:
        raise ValidationError("status prints --format table or json, not csv")
    with open_store(db, read_only=True) as store:
        found = freshness(store)
    if fmt is Format.table:
        for line in found.lines():
            typer.echo(line)
    else:
        typer.echo(json.dumps({**asdict(found), "lines": found.lines()}, default=str))
    unwell = any(f.state not in ("ok", "never") or f.stale for f in found.feeds)
    if check and (unwell or found.verdicts == "stale"):
        raise typer.Exit(1)
