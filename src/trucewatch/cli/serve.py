"""trucewatch serve and trucewatch keys create | list | revoke."""

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
    err_console,
    fails_cleanly,
    open_store,
)
from trucewatch.cli._spool import SpoolOption, spool_beside
from trucewatch.store import default_db_path
from trucewatch.store.keys import ROLES

keys_app = typer.Typer(no_args_is_help=True, help="API keys: every write to the API needs one.")


@fails_cleanly
def serve(
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it local.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    public_read: Annotated[
        bool, typer.Option(help="Let requests without a key read (writes always need one).")
    ] = True,
    alerts_every: Annotated[
        float,
        typer.Option(
            help="Queue and deliver alerts every so many seconds (0: never); SMTP settings "
            "come from TRUCEWATCH_SMTP_*.",
            min=0,
        ),
    ] = 60.0,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch", help="Also pull the followed feeds on their schedules (trucewatch watch)."
        ),
    ] = False,
    spool: SpoolOption = None,
    db: DbOption = None,
) -> None:
    """Serve the JSON API (OpenAPI at /openapi.json) until interrupted.

    The server does not lock other commands out: they read the store beside it and write it
    in turns (a request waits for a write in progress, up to 30 s). Analysts can also ingest
    and refresh verdicts through the API. It runs the alerts (trucewatch alerts run) every
    --alerts-every seconds, and with --watch the followed feeds (trucewatch watch) beside them.
    """
    from trucewatch.serve.api import serve as run

    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"warning: binding {host}: the API is reachable from other machines")
    path = db or default_db_path()
    run(
        path,
        host=host,
        port=port,
        public_read=public_read,
        alerts_every=alerts_every or None,
        watch_spool=(spool or spool_beside(path)) if watch else None,
    )


@keys_app.command("create", epilog="Example: trucewatch keys create --role analyst --name desk")
@fails_cleanly
def create(
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")],
    name: Annotated[str, typer.Option(help="Who or what the key is for.")] = "",
    db: DbOption = None,
) -> None:
    """Create an API key; its secret is printed once and only its hash is stored."""
    with open_store(db) as store:
        key, secret = store.create_api_key(role, name)
    err_console.print(f"key {key.key_id} ({key.role}) created; keep the secret, it is not stored:")
    typer.echo(secret)


@keys_app.command("list", epilog="Example: trucewatch keys list -f json")
@fails_cleanly
def list_keys(fmt: FormatOption = Format.table, db: DbOption = None) -> None:
    """List the API keys (ids, names, roles, dates; never the secrets)."""
    with open_store(db, read_only=True) as store:
        records = [asdict(k) for k in store.api_keys()]
    count = Count(len(records), len(records), "keys")
    emit(records, fmt, ("key_id", "name", "role", "created_at", "revoked_at"), count=count)


@keys_app.command("revoke", epilog="Example: trucewatch keys revoke 36c56254")
@fails_cleanly
def revoke(
    key_id: Annotated[str, typer.Argument(help="The key id that keys list shows.")],
    db: DbOption = None,
) -> None:
    """Revoke an API key: requests with it are refused from now on."""
    with open_store(db) as store:
        key = store.revoke_api_key(key_id)
    typer.echo(f"key {key.key_id} revoked at {key.revoked_at}")
