"""trucewatch agreements add | list | show | end | in-force | examples, and trucewatch boundaries
load | list."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from trucewatch.agreements import (
    agreement_end_text,
    agreement_to_dict,
    end_text,
    example_paths,
    in_force,
)
from trucewatch.catalog import (
    add_agreement_file,
    agreement_listing,
    load_agreements,
    load_boundary_file,
    record_end,
)
from trucewatch.cli._common import (
    Count,
    DbOption,
    Format,
    FormatOption,
    NoRefreshOption,
    console,
    emit,
    fails_cleanly,
    open_store,
)
from trucewatch.errors import ValidationError
from trucewatch.jobs import after_write
from trucewatch.store.query import parse_instant
from trucewatch.suggest import unknown_agreement

app = typer.Typer(
    no_args_is_help=True, help="Agreements: add files, list them, show their windows."
)
boundaries_app = typer.Typer(no_args_is_help=True, help="Admin boundaries that scopes refer to.")


@app.command("add", epilog="Example: trucewatch agreements add aleppo.yaml")
@fails_cleanly
def add(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Agreement YAML files.", exists=True, dir_okay=False),
    ] = None,
    examples: Annotated[
        bool, typer.Option("--examples", help="Also add the shipped Syria 2016 agreements.")
    ] = False,
    no_refresh: NoRefreshOption = False,
    db: DbOption = None,
) -> None:
    """Validate agreement files and store them (a changed file becomes a new version).

    Then the verdicts of the new or changed windows are judged against the stored events and
    the alerts of every subscription are queued from them, unless --no-refresh.
    """
    paths = list(files or []) + (example_paths() if examples else [])
    if not paths:
        raise typer.BadParameter("give agreement files, or --examples")
    with open_store(db) as store:
        for path in paths:
            agreement, version = add_agreement_file(store, path)
            typer.echo(f"{path}: agreement {agreement.id} stored (version {version})")
        if not no_refresh:
            typer.echo(str(after_write(store)))


@app.command("list", epilog="Example: trucewatch agreements list --format json")
@fails_cleanly
def list_agreements(fmt: FormatOption = Format.table, db: DbOption = None) -> None:
    """List the stored agreements with their start, how they end and number of windows."""
    with open_store(db, read_only=True) as store:
        records = [asdict(listed) for listed in agreement_listing(store)]
    count = Count(len(records), len(records), "agreements")
    emit(records, fmt, ("id", "name", "start_utc", "end", "windows", "scope"), count=count)


@app.command("show", epilog="Example: trucewatch agreements show aleppo-calm-2016-05 -f json")
@fails_cleanly
def show(
    agreement_id: Annotated[str, typer.Argument(help="The agreement id.")],
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Show an agreement: each link of its chain and each declaration, in UTC."""
    with open_store(db, read_only=True) as store:
        agreements = {a.id: a for a in load_agreements(store)}
    if agreement_id not in agreements:
        raise unknown_agreement(agreement_id, agreements)
    data = agreement_to_dict(agreements[agreement_id])
    if fmt is Format.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    if fmt is Format.csv:
        emit(data["windows"], fmt, (*_WINDOW_COLUMNS, "end_utc", "end"))
        return
    console.print(f"[bold]{data['id']}[/] {data['name']}; ends: {data['end']}")
    table = Table(*_WINDOW_COLUMNS, "end")
    for w in data["windows"]:
        cells = ("" if w.get(c) is None else str(w.get(c)) for c in _WINDOW_COLUMNS)
        table.add_row(*cells, w["end"])
    console.print(table)
    for w in [data, *data["windows"]]:
        if w["ended"] and w["ended"]["evidence"]:
            what = "agreement" if w is data else f"window {w['id']}"
            for evidence in w["ended"]["evidence"]:
                console.print(f"{what}, {w['ended']['kind']}: {evidence}", style="dim")


_WINDOW_COLUMNS = ("id", "kind", "parent", "declared_by", "local_start", "start_utc")


@app.command(
    "end",
    epilog="Example: trucewatch agreements end syria-coh-2016 --at 2016-04-22 --kind collapsed "
    '--evidence "UN envoy, 22 April 2016: the cessation has collapsed in Aleppo"',
)
@fails_cleanly
def end(
    agreement_id: Annotated[str, typer.Argument(help="The agreement id.")],
    at: Annotated[
        str | None,
        typer.Option(
            help="When it ended: an instant with its offset, or a date (the end of that local "
            "day). Only an expired window may leave it out (its stated end)."
        ),
    ] = None,
    kind: Annotated[
        str, typer.Option(help="expired, lapsed, collapsed, superseded or terminated.")
    ] = "collapsed",
    evidence: Annotated[
        list[str] | None,
        typer.Option(help="A source that reports the end (repeatable); needed but for expired."),
    ] = None,
    window: Annotated[
        str | None, typer.Option(help="Only this window (default: the whole agreement).")
    ] = None,
    replaced_by: Annotated[
        str | None, typer.Option(help="For a lapse: the window that took over.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note kept with the end.")] = None,
    no_refresh: NoRefreshOption = False,
    db: DbOption = None,
) -> None:
    """Record how an agreement or one window ended: a new version of the stored agreement.

    The changed windows are then re-judged (events after the end become outside_window) and
    alerts queued from their verdicts, unless --no-refresh.
    """
    record = {
        "kind": kind,
        "at": at,
        "evidence": evidence or [],
        "replaced_by": replaced_by,
        "note": note,
    }
    with open_store(db) as store:
        agreement, version = record_end(store, agreement_id, record, window=window)
        if window is None:
            typer.echo(f"{agreement.id} (version {version}) ends: {agreement_end_text(agreement)}")
        else:
            ended = end_text(agreement.window(window))
            typer.echo(f"{agreement.id} (version {version}), window {window}: {ended}")
        if not no_refresh:
            typer.echo(str(after_write(store)))


@app.command(
    "in-force",
    epilog="Example: trucewatch agreements in-force 36.2 37.16 2016-05-08T12:00+03:00",
)
@fails_cleanly
def in_force_at(
    lat: Annotated[float, typer.Argument(help="Latitude in degrees (WGS84).")],
    lon: Annotated[float, typer.Argument(help="Longitude in degrees (WGS84).")],
    at: Annotated[
        str, typer.Argument(help="An instant with its offset, e.g. 2016-05-08T12:00+03:00.")
    ],
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Which stored agreements (and which of their windows) are in force at a place and instant."""
    instant = parse_instant(at, "AT")
    if instant is not None and datetime.fromisoformat(at).tzinfo is None:
        raise ValidationError(f"AT {at!r} has no offset: write e.g. {at}+03:00 or {at}Z")
    with open_store(db, read_only=True) as store:
        agreements = load_agreements(store)
    assert instant is not None
    records = [
        {
            "agreement_id": agreement.id,
            "window_id": window.id,
            "kind": window.kind,
            "declared_by": window.declared_by,
            "start_utc": window.interval.start,
            "end_utc": window.interval.end,
        }
        for agreement, window in in_force(agreements, lat, lon, instant)
    ]
    columns = ("agreement_id", "window_id", "kind", "declared_by", "start_utc", "end_utc")
    emit(records, fmt, columns, keep_whole=("agreement_id",))


@app.command("examples", epilog="Example: trucewatch agreements examples")
def examples_list() -> None:
    """Print the paths of the shipped Syria 2016 reference agreement files."""
    for path in example_paths():
        typer.echo(str(path))


@boundaries_app.command(
    "load",
    epilog="Example: trucewatch boundaries load syr_admin1.geojson --layer ocha-adm1",
)
@fails_cleanly
def load(
    file: Annotated[Path, typer.Argument(help="GeoJSON, Shapefile or GeoPackage.", exists=True)],
    layer: Annotated[str | None, typer.Option(help="Name to store the layer under.")] = None,
    level: Annotated[int | None, typer.Option(help="Admin level, when not detectable.")] = None,
    code_field: Annotated[str | None, typer.Option(help="Field holding unit codes.")] = None,
    name_field: Annotated[str | None, typer.Option(help="Field holding unit names.")] = None,
    db: DbOption = None,
) -> None:
    """Load admin boundaries (reprojected to WGS84) so agreement scopes can name units."""
    with open_store(db) as store:
        name, count = load_boundary_file(
            store, file, layer=layer, level=level, code_field=code_field, name_field=name_field
        )
    typer.echo(f"{file}: {count:,} units stored as layer {name!r}")


@boundaries_app.command("list", epilog="Example: trucewatch boundaries list -f csv")
@fails_cleanly
def list_units(fmt: FormatOption = Format.table, db: DbOption = None) -> None:
    """List the stored admin units (layer, level, code, name)."""
    with open_store(db, read_only=True) as store:
        records = store.boundary_records()
    count = Count(len(records), len(records), "units")
    emit(records, fmt, ("layer", "level", "code", "name", "parent"), count=count)
