"""trucewatch subscriptions add | list | remove, and trucewatch alerts run | list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trucewatch.cli._common import (
    EXIT_ROWS_REFUSED,
    Count,
    DbOption,
    Format,
    FormatOption,
    emit,
    err_console,
    fails_cleanly,
    open_store,
    shared_store,
)
from trucewatch.errors import ValidationError
from trucewatch.jobs import refresh_if_needed
from trucewatch.publish.alerts import (
    DeliverySettings,
    allow_webhook_network,
    disallow_webhook_network,
    run_alerts,
    subscribe,
    subscriptions,
    unsubscribe,
    webhook_networks,
)
from trucewatch.store.outbox import STATUSES, outbox_rows
from trucewatch.store.query import parse_bbox
from trucewatch.store.subscriptions import DEFAULT_KINDS
from trucewatch.suggest import not_one_of

subscriptions_app = typer.Typer(
    no_args_is_help=True, help="Who gets alerts about which verdicts, by e-mail or webhook."
)
alerts_app = typer.Typer(no_args_is_help=True, help="Queue and deliver alerts (the outbox).")

_SUB_COLUMNS = (
    "subscription_id",
    "name",
    "channel",
    "target",
    "agreement_ids",
    "kinds",
    "min_fatalities",
    "min_confidence",
    "mode",
    "created_at",
    "revoked_at",
)
_OUTBOX_COLUMNS = (
    "delivery_id",
    "subscription_id",
    "event_id",
    "agreement_id",
    "verdict",
    "status",
    "attempts",
    "next_attempt_at",
    "last_error",
)


@subscriptions_app.command(
    "add",
    epilog="Example: trucewatch subscriptions add --name desk --email desk@example.org "
    "--agreement syria-coh-2016 --kind violation --min-fatalities 5",
)
@fails_cleanly
def add(
    name: Annotated[str, typer.Option(help="Who or what the subscription is for.")],
    email: Annotated[str | None, typer.Option(help="Send alerts to this e-mail address.")] = None,
    webhook: Annotated[
        str | None, typer.Option(help="POST alerts as signed JSON to this http(s) URL.")
    ] = None,
    agreement: Annotated[
        list[str] | None, typer.Option(help="Only verdicts on this stored agreement (repeatable).")
    ] = None,
    bbox: Annotated[
        str | None,
        typer.Option(help="Only events in MIN_LON,MIN_LAT,MAX_LON,MAX_LAT (degrees)."),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(help=f"Verdict kinds (repeatable). Default: {', '.join(DEFAULT_KINDS)}."),
    ] = None,
    min_fatalities: Annotated[
        int, typer.Option(help="Only events with at least this many killed (best estimate).")
    ] = 0,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Only events read from news articles with at least this extraction "
            "confidence (0-1); coded dataset rows always.",
        ),
    ] = None,
    digest: Annotated[
        bool, typer.Option("--digest", help="One message a day instead of one per alert.")
    ] = False,
    timezone: Annotated[
        str, typer.Option(help="The time zone of a digest's day (IANA name).")
    ] = "UTC",
    include_existing: Annotated[
        bool,
        typer.Option("--include-existing", help="Also alert verdicts stored before now."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Subscribe an e-mail address or a webhook to alerts on new verdicts.

    A webhook gets a secret, printed once: receivers check each delivery's signature with it.
    """
    if (email is None) == (webhook is None):
        raise ValidationError("give exactly one of --email ADDRESS or --webhook URL")
    channel, target = ("email", email) if email is not None else ("webhook", webhook)
    assert target is not None
    with open_store(db) as store:
        sub = subscribe(
            store,
            name=name,
            channel=channel,
            target=target,
            agreement_ids=agreement or (),
            bbox=parse_bbox(bbox),
            kinds=kind or DEFAULT_KINDS,
            min_fatalities=min_fatalities,
            min_confidence=min_confidence,
            mode="digest" if digest else "immediate",
            timezone=timezone,
            include_existing=include_existing,
            on_new_key=_say_new_key,
        )
    err_console.print(
        f"subscription {sub.subscription_id} ({sub.channel} {sub.target}) added",
        markup=False,
        highlight=False,
    )
    if sub.secret is not None:
        err_console.print("the webhook secret (signs every delivery; shown only now):")
        typer.echo(sub.secret)
    else:
        typer.echo(sub.subscription_id)


def _say_new_key(path: Path) -> None:
    err_console.print(
        f"created {path} (mode 0600): the key that encrypts the webhook secrets in the store. "
        "Keep it with the store, apart from its copies: without it no webhook is signed.",
        markup=False,
        highlight=False,
    )


@subscriptions_app.command("list", epilog="Example: trucewatch subscriptions list -f json")
@fails_cleanly
def list_subscriptions(
    all_: Annotated[bool, typer.Option("--all", help="Also the removed ones.")] = False,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """List the subscriptions (never their secrets)."""
    with open_store(db, read_only=True) as store:
        records = [s.public() for s in subscriptions(store, include_removed=all_)]
    emit(records, fmt, _SUB_COLUMNS, count=Count(len(records), len(records), "subscriptions"))
    for record in records:
        if record["defect"] is not None:
            err_console.print(f"warning: {record['defect']}", markup=False, highlight=False)


@subscriptions_app.command("remove", epilog="Example: trucewatch subscriptions remove 3f2a9c1e")
@fails_cleanly
def remove(
    subscription_id: Annotated[str, typer.Argument(help="The id subscriptions list shows.")],
    db: DbOption = None,
) -> None:
    """Remove a subscription: nothing more is queued or sent to it."""
    with open_store(db) as store:
        sub = unsubscribe(store, subscription_id)
    typer.echo(f"subscription {sub.subscription_id} removed at {sub.revoked_at}")


@alerts_app.command(
    "run",
    epilog="Example: trucewatch alerts run --smtp-host mail.example.org --smtp-from tw@example.org",
)
@fails_cleanly
def run(
    smtp_host: Annotated[
        str | None, typer.Option(help="SMTP server for e-mail.", envvar="TRUCEWATCH_SMTP_HOST")
    ] = None,
    smtp_port: Annotated[
        int | None,
        typer.Option(help="Its port (default 25).", envvar="TRUCEWATCH_SMTP_PORT", min=1),
    ] = None,
    smtp_from: Annotated[
        str | None, typer.Option(help="From address of e-mails.", envvar="TRUCEWATCH_SMTP_FROM")
    ] = None,
    smtp_starttls: Annotated[
        bool | None,
        typer.Option(
            "--smtp-starttls/--no-smtp-starttls",
            help="Upgrade the SMTP connection with STARTTLS. Login: TRUCEWATCH_SMTP_USER and "
            "TRUCEWATCH_SMTP_PASSWORD.",
            show_default=False,
        ),
    ] = None,
    max_attempts: Annotated[
        int | None, typer.Option(help="Give up on an alert after this many failures (8).", min=1)
    ] = None,
    queue_only: Annotated[
        bool, typer.Option("--queue-only", help="Queue new alerts but send nothing.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Bring the verdicts up to date, queue alerts for new verdicts that match a
    subscription, then send those due.

    Events ingested or agreements changed without a refresh (ingest --no-refresh, an
    interrupted command) are judged first, so no alert waits for `trucewatch verdicts`.
    Failed deliveries stay queued and are retried with backoff by later runs (exit code 1).
    """
    settings = DeliverySettings.from_env(
        smtp_host=smtp_host,
        smtp_port=smtp_port,
        smtp_from=smtp_from,
        smtp_starttls=smtp_starttls,
        max_attempts=max_attempts,
    )
    # the store is taken only to queue, read and mark, in turns: never while a message is sent
    report = run_alerts(
        shared_store(db), settings, deliver=not queue_only, refresh=refresh_if_needed
    )
    for error in report.errors:
        err_console.print(f"failed: {error}", markup=False, highlight=False)
    typer.echo(str(report))
    if report.messages_failed:
        raise typer.Exit(EXIT_ROWS_REFUSED)


@alerts_app.command("list", epilog="Example: trucewatch alerts list --status failed")
@fails_cleanly
def list_alerts(
    status: Annotated[
        list[str] | None, typer.Option(help=f"Only these states: {', '.join(STATUSES)}.")
    ] = None,
    subscription: Annotated[str | None, typer.Option(help="Only this subscription id.")] = None,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """List queued alerts (the outbox) with their state, attempts and last error."""
    for value in status or ():
        if value not in STATUSES:
            raise not_one_of("--status", value, STATUSES)
    with open_store(db, read_only=True) as store:
        rows = outbox_rows(store, subscription_id=subscription, statuses=status or ())
    records = [{k: v for k, v in vars(r).items() if k != "payload"} for r in rows]
    emit(records, fmt, _OUTBOX_COLUMNS, count=Count(len(records), len(records), "alerts"))


@alerts_app.command("allow-network", epilog="Example: trucewatch alerts allow-network 10.20.0.0/16")
@fails_cleanly
def allow_network(
    network: Annotated[
        str, typer.Argument(help="A network in CIDR form: 127.0.0.0/8, 10.20.0.0/16, fd00::/8.")
    ],
    db: DbOption = None,
) -> None:
    """Let webhooks reach a network that is not public (loopback, private, link-local...).

    By default webhooks go only to public addresses. The list is kept in the store: it holds
    for new subscriptions, the API server and every delivery. Only who can write the store
    allows a network; API keys cannot.
    """
    with open_store(db) as store:
        allowed = allow_webhook_network(store, network)
    typer.echo("webhooks may reach public addresses and " + ", ".join(str(n) for n in allowed))


@alerts_app.command(
    "disallow-network", epilog="Example: trucewatch alerts disallow-network 10.20.0.0/16"
)
@fails_cleanly
def disallow_network(
    network: Annotated[
        str | None, typer.Argument(help="A network allowed before, as listed.", show_default=False)
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every allowed network.")] = False,
    db: DbOption = None,
) -> None:
    """Take a network off the ones webhooks may reach; deliveries to it are then refused."""
    if (network is None) == (not all_):
        raise ValidationError("give exactly one of NETWORK or --all")
    with open_store(db) as store:
        allowed = disallow_webhook_network(store, network)
    rest = ", ".join(str(n) for n in allowed)
    typer.echo("webhooks may reach public addresses" + (f" and {rest}" if rest else " only"))


@alerts_app.command("networks", epilog="Example: trucewatch alerts networks")
@fails_cleanly
def networks(db: DbOption = None) -> None:
    """List the networks webhooks may reach besides public addresses (allow-network)."""
    with open_store(db, read_only=True) as store:
        allowed = webhook_networks(store)
    for net in allowed:
        typer.echo(str(net))
    err_console.print(
        f"{len(allowed)} network(s) allowed besides public addresses", highlight=False
    )
