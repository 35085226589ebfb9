"""The typer application: every command registered in one place, imported when it runs.

``COMMANDS`` lists the commands in the order ``trucewatch --help`` shows them, each with the
first paragraph of its help (a test compares it with the command's own) and how to register
it. A command's module is imported only when that command runs or shows its own ``--help``
(``_lazy.py``); ``trucewatch --help`` and ``trucewatch --version`` import none of them.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import typer
from typer.exceptions import TyperException

from trucewatch.cli._lazy import Lazy, LazyGroup, Register


def _target(target: str) -> Any:
    module, attr = target.split(":")
    return getattr(importlib.import_module(f"trucewatch.cli.{module}"), attr)


def _command(target: str, example: str) -> Register:
    """Register the function ``module:function`` of ``trucewatch.cli`` as a command."""

    def register(app: typer.Typer, name: str) -> None:
        app.command(name, epilog=f"Example: {example}")(_target(target))

    return register


def _group(target: str) -> Register:
    """Register the ``typer.Typer`` ``module:attribute`` of ``trucewatch.cli`` as a group."""

    def register(app: typer.Typer, name: str) -> None:
        app.add_typer(_target(target), name=name)

    return register


def _agreements(app: typer.Typer, name: str) -> None:
    """``agreements``, with ``accept`` (a draft accepted into the registry) among its commands."""
    from trucewatch.cli import agreements, drafts

    if not any(c.name == "accept" for c in agreements.app.registered_commands):
        agreements.app.command(
            "accept",
            epilog="Example: trucewatch agreements accept draft-3f2a9c01b7de --edit-file d.yaml",
        )(drafts.accept)
    app.add_typer(agreements.app, name=name)


COMMANDS = (
    Lazy(
        "ingest",
        "Read event files of a source into the store; bad rows are reported, never lost silently.",
        _command(
            "ingest:ingest", "trucewatch ingest ucdp-ged ged_syria_2016.csv --db monitor.duckdb"
        ),
    ),
    Lazy(
        "export",
        "Export events as CSV, GeoJSON or Parquet; the file appears whole or not at all.",
        _command("events:export", "trucewatch export aleppo.geojson --bbox 36.9,36.0,37.4,36.4"),
    ),
    Lazy(
        "summary",
        "Per agreement and window: violent events and deaths inside the scope, before vs during.",
        _command("monitor:summary", "trucewatch summary --agreement syria-coh-2016"),
    ),
    Lazy(
        "verdicts",
        "Which events break which truce, and why: one verdict per event and agreement window.",
        _command(
            "verdicts:verdicts",
            "trucewatch verdicts --agreement aleppo-calm-2016-05 --verdict violation",
        ),
    ),
    Lazy(
        "explain",
        "The full reasoning for one event against every window of the agreements.",
        _command("verdicts:explain", "trucewatch explain ucdp_ged:214797"),
    ),
    Lazy(
        "effect",
        "Did violence fall? Rate ratios before vs during each window, with 95 % intervals.",
        _command("effect:effect", "trucewatch effect --agreement syria-coh-2016 -f json"),
    ),
    Lazy(
        "report",
        "Write a monitoring mission's daily report: a self-contained HTML file and its PDF.",
        _command(
            "effect:report",
            "trucewatch report --agreement aleppo-calm-2016-05 --date 2016-05-09",
        ),
    ),
    Lazy(
        "extract",
        "Find events in news articles and print them, with the sentence each came from.",
        _command(
            "text:extract", "trucewatch extract article.html --published 2016-05-04T12:00+03:00"
        ),
    ),
    Lazy(
        "serve",
        "Serve the JSON API (OpenAPI at /openapi.json) until interrupted.",
        _command("serve:serve", "trucewatch serve --port 8000 --db monitor.duckdb"),
    ),
    Lazy(
        "demo",
        "The main job: load the reference agreements, ingest events, print a monitoring summary.",
        _command("monitor:demo", "trucewatch demo --db demo.duckdb"),
    ),
    Lazy(
        "info",
        "Versions of trucewatch and its parts, adapters, and statistics of the store.",
        _command("monitor:info", "trucewatch info --format json"),
    ),
    Lazy("agreements", "Agreements: add files, list them, show their windows.", _agreements),
    Lazy(
        "boundaries", "Admin boundaries that scopes refer to.", _group("agreements:boundaries_app")
    ),
    Lazy("events", "Look at the stored events.", _group("events:app")),
    Lazy("evaluate", "Score the pipelines on annotated data.", _group("text:evaluate_app")),
    Lazy("keys", "API keys: every write to the API needs one.", _group("serve:keys_app")),
    Lazy(
        "settings",
        "Settings of the store that every command and the API use (the location threshold).",
        _group("settings:app"),
    ),
    Lazy(
        "drafts",
        "Draft agreements found in news (trucewatch extract FILE --statements --save).",
        _group("drafts:app"),
    ),
    Lazy(
        "claims",
        "Claims in news about how a truce is going, and whether the data support them.",
        _group("claims:app"),
    ),
    Lazy(
        "gazetteer",
        "The gazetteer the news extractor uses: load GeoNames dumps or OCHA place layers for "
        "villages and districts.",
        _group("gazetteer:app"),
    ),
    Lazy(
        "subscriptions",
        "Who gets alerts about which verdicts, by e-mail or webhook.",
        _group("alerts:subscriptions_app"),
    ),
    Lazy("alerts", "Queue and deliver alerts (the outbox).", _group("alerts:alerts_app")),
    Lazy(
        "feeds",
        "Live feeds the store follows (UCDP, ACLED, GDELT, news); trucewatch watch pulls them.",
        _group("feeds:app"),
    ),
    Lazy(
        "watch",
        "Pull the followed feeds on their schedules, refresh verdicts, queue and deliver alerts.",
        _command("watch:watch", "trucewatch watch --db monitor.duckdb"),
    ),
    Lazy(
        "status",
        "How fresh the store is: each feed's last sync and state, verdicts, alerts waiting.",
        _command("status:status", "trucewatch status --db monitor.duckdb"),
    ),
)


class _Commands(LazyGroup):
    """The top-level group; an exception that no command caught ends here (``_crash.py``):
    an error of trucewatch.errors exits 2, any other 3 (a bug), Ctrl-C 130 (typer's)."""

    entries = COMMANDS

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException, KeyboardInterrupt, EOFError):
            raise  # typer's own ways out: exit codes, usage errors, Ctrl-C (130)
        except Exception as exc:
            from trucewatch.cli import _crash  # only now: --help and --version import nothing

            raise _crash.uncaught(exc) from exc


app = typer.Typer(
    name="trucewatch",
    cls=_Commands,
    no_args_is_help=True,
    help="Monitor ceasefires: agreements as data, conflict events, and whether the truce holds.",
    pretty_exceptions_enable=False,
    add_completion=False,
)


#: how long a command waits for its turn on the store (the same as ``_common.DEFAULT_WAIT``,
#: written here so that ``--help`` imports no store; a test holds the two equal)
DEFAULT_WAIT = 600.0


def _print_version(value: bool) -> None:
    if value:
        from trucewatch import __version__  # from the installed package's metadata

        typer.echo(f"trucewatch {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Print the version of trucewatch and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            envvar="TRUCEWATCH_WAIT",
            min=0,
            help="Seconds a command waits for its turn on the store while another process "
            "writes it (or, to write, reads it); then it stops with exit code 2.",
        ),
    ] = DEFAULT_WAIT,
) -> None:
    """Options of trucewatch itself, before the command."""
    from trucewatch.cli import _common

    _common.set_wait(wait)
