"""The typer application: every command registered in one place."""

from __future__ import annotations

from typing import Annotated

import typer

from trucewatch.cli import (
    _common,
    agreements,
    alerts,
    drafts,
    effect,
    events,
    gazetteer,
    ingest,
    monitor,
    serve,
    text,
    verdicts,
)

app = typer.Typer(
    name="trucewatch",
    no_args_is_help=True,
    help="Monitor ceasefires: agreements as data, conflict events, and whether the truce holds.",
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _options(
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            envvar="TRUCEWATCH_WAIT",
            min=0,
            help="Seconds a command waits for its turn on the store while another process "
            "writes it (or, to write, reads it); then it stops with exit code 2.",
        ),
    ] = _common.DEFAULT_WAIT,
) -> None:
    """Monitor ceasefires: agreements as data, conflict events, and whether the truce holds."""
    _common.set_wait(wait)


app.command(
    "ingest",
    epilog="Example: trucewatch ingest ucdp-ged ged_syria_2016.csv --db monitor.duckdb",
)(ingest.ingest)
app.add_typer(agreements.app, name="agreements")
app.add_typer(agreements.boundaries_app, name="boundaries")
app.add_typer(events.app, name="events")
app.command(
    "export", epilog="Example: trucewatch export aleppo.geojson --bbox 36.9,36.0,37.4,36.4"
)(events.export)
app.command("summary", epilog="Example: trucewatch summary --agreement syria-coh-2016")(
    monitor.summary
)
app.command(
    "verdicts",
    epilog="Example: trucewatch verdicts --agreement aleppo-calm-2016-05 --verdict violation",
)(verdicts.verdicts)
app.command("explain", epilog="Example: trucewatch explain ucdp_ged:214797")(verdicts.explain)
app.command("effect", epilog="Example: trucewatch effect --agreement syria-coh-2016 -f json")(
    effect.effect
)
app.command(
    "report", epilog="Example: trucewatch report --agreement aleppo-calm-2016-05 --date 2016-05-09"
)(effect.report)
app.command(
    "extract", epilog="Example: trucewatch extract article.html --published 2016-05-04T12:00+03:00"
)(text.extract)
app.add_typer(text.evaluate_app, name="evaluate")
app.command("serve", epilog="Example: trucewatch serve --port 8000 --db monitor.duckdb")(
    serve.serve
)
app.add_typer(serve.keys_app, name="keys")
app.command("demo", epilog="Example: trucewatch demo --db demo.duckdb")(monitor.demo)
app.command("info", epilog="Example: trucewatch info --format json")(monitor.info)
agreements.app.command(
    "accept", epilog="Example: trucewatch agreements accept draft-3f2a9c01b7de --edit-file d.yaml"
)(drafts.accept)
app.add_typer(drafts.app, name="drafts")
app.add_typer(gazetteer.app, name="gazetteer")
app.add_typer(alerts.subscriptions_app, name="subscriptions")
app.add_typer(alerts.alerts_app, name="alerts")
