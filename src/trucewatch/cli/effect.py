"""trucewatch effect and trucewatch report."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.table import Table

from trucewatch.cli._common import (
    DbOption,
    Format,
    FormatOption,
    MinConfidenceOption,
    console,
    fails_cleanly,
    open_store,
)
from trucewatch.errors import ValidationError
from trucewatch.suggest import not_one_of

if TYPE_CHECKING:
    from trucewatch.effect.estimates import WindowEffect
    from trucewatch.effect.headline import Headline

CONTROLS = ("country", "excluded")


def read_volume(path: Path) -> dict[date, float]:
    """A reporting-volume series: a CSV with columns ``date`` (YYYY-MM-DD) and ``volume``."""
    volume: dict[date, float] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"date", "volume"} <= set(reader.fieldnames):
            raise ValidationError(f"{path}: needs a header with the columns date and volume")
        for line, row in enumerate(reader, start=2):
            try:
                day = date.fromisoformat(row["date"])
                value = float(row["volume"])
            except (TypeError, ValueError):
                raise ValidationError(
                    f"{path}:{line}: date {row.get('date')!r} / volume {row.get('volume')!r} "
                    "must be YYYY-MM-DD and a number"
                ) from None
            if value <= 0:
                raise ValidationError(f"{path}:{line}: volume {value} must be > 0")
            volume[day] = value
    return volume


_SHORT = {"negative_binomial": "NB", "exact_poisson": "Poisson", "block_bootstrap": "bootstrap"}


def _method(method: str) -> str:
    for long, short in _SHORT.items():
        method = method.replace(long, short)
    return method


def _ci(low: float | None, high: float | None) -> str:
    return "" if low is None or high is None else f"{low:.2f}–{high:.2f}"


def _left_out_line(head: Headline) -> str:
    """What the scope's events count, and what they leave out, before → during."""
    b, d = head.before, head.during
    return (
        f"scope events = {head.counted}. Not counted, before→during: uncertain "
        f"{b.uncertain}→{d.uncertain} (the 'in' rows add them), an excluded group's fighting "
        f"{b.excluded}→{d.excluded}, unlocated {b.coarser + b.mostly_outside}→"
        f"{d.coarser + d.mostly_outside} (location coarser than the scope "
        f"{b.coarser}→{d.coarser}, mostly outside it {b.mostly_outside}→{d.mostly_outside})."
    )


def _print_table(effects: list[WindowEffect]) -> None:
    for we in effects:
        horizon = "whole window" if we.horizon_days is None else f"{we.horizon_days} days"
        table = Table(
            "measure",
            "area",
            "unc.",
            "before",
            "during",
            "ratio",
            "95 % CI",
            "method",
            title=f"[bold]{we.agreement_id}[/] / {we.window_id}, {horizon} "
            f"(before from {we.before_first}, during {we.during_first}..{we.during_last})",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )
        for e in we.estimates:
            ratio = "" if e.rate_ratio is None else f"{e.rate_ratio:.2f}"
            table.add_row(
                e.measure,
                e.area,
                "in" if e.uncertain == "included" else "out",
                f"{e.before:g}",
                f"{e.during:g}",
                ratio,
                _ci(e.ci_low, e.ci_high),
                _method(e.method),
            )
        for d in we.did:
            ratio = "" if d.ratio is None else f"{d.ratio:.2f}"
            table.add_row(
                d.measure,
                "DiD",
                "in" if d.uncertain == "included" else "out",
                "",
                "",
                ratio,
                _ci(d.ci_low, d.ci_high),
                _method(d.method),
            )
        console.print(table)
        if we.headline is not None:
            console.print(_left_out_line(we.headline), markup=False, highlight=False)
        control = [e for e in we.estimates if e.area == "control"]
        if control and all(e.before == e.during == 0 for e in control):  # the why is the note
            console.print(f"control area: {control[0].note}.", markup=False)
    console.print(
        "ratio = events (or deaths) per day during / before; unc. = uncertain events (time or "
        "space) counted out or in; DiD = the scope's ratio over the control's; NB = negative "
        "binomial GLM; +draws = UCDP low/best/high propagated by draws (docs/effect.md).",
        style="dim",
    )


@fails_cleanly
def effect(
    agreement: Annotated[str, typer.Option(help="The agreement id.")],
    horizon: Annotated[
        list[int] | None,
        typer.Option(help="Days before vs during (repeatable); default 7, 14, 28 and whole."),
    ] = None,
    control: Annotated[
        str, typer.Option(help="Control area: country (rest of the country) or excluded.")
    ] = "country",
    volume: Annotated[
        Path | None,
        typer.Option(
            help="CSV of date,volume (e.g. GDELT article counts) to adjust for.", exists=True
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the deaths draws.")] = 0,
    min_confidence: MinConfidenceOption = None,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Did violence fall? Rate ratios before vs during each window, with 95 % intervals.

    For events and deaths, inside the scope and in a control area, with uncertain events
    counted out and counted in, and the difference in differences. Events read from news
    articles count as coded rows do; --min-confidence leaves out the weaker ones.
    """
    # imported here, not at the top: scipy, statsmodels and numba load with them
    from trucewatch.analysis import DEFAULT_HORIZONS, effect_for
    from trucewatch.effect.estimates import effect_records

    if control not in CONTROLS:
        raise not_one_of("--control", control, CONTROLS)
    horizons: tuple[int | None, ...] = (*horizon,) if horizon else DEFAULT_HORIZONS
    series_volume = read_volume(volume) if volume else None
    with open_store(db) as store:
        result = effect_for(
            store,
            agreement,
            horizons=horizons,
            control=control,
            volume=series_volume,
            seed=seed,
            suggest=fmt is Format.table,
            min_confidence=min_confidence,
        )
    effects = result.effects
    if result.rules.note():  # the location threshold, when it is not the default
        if fmt is Format.table:
            console.print(result.rules.note(), style="dim", highlight=False)
        else:
            typer.echo(result.rules.note(), err=True)
    if fmt is Format.table:
        _print_table(effects)
        for found in result.suggested:
            console.print(
                f"suggested end of {found.window_id}: {found.at.isoformat()} (events in scope "
                f"rise from {found.day.isoformat()} to {found.after:.2f} a day, from "
                f"{found.before:.2f} during the window and {found.baseline:.2f} before it); "
                f"accept with `{found.command()}`",
                markup=False,
            )
        return
    records = effect_records(effects)
    if fmt is Format.json:
        for record in records:
            sys.stdout.write(json.dumps(record, default=str) + "\n")
        return
    columns = list(records[0]) if records else []
    for r in records:
        columns.extend(k for k in r if k not in columns)
    writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)


@fails_cleanly
def report(
    agreement: Annotated[str, typer.Option(help="The agreement id.")],
    day: Annotated[
        str | None,
        typer.Option("--date", help="The report's day (YYYY-MM-DD); default the last with data."),
    ] = None,
    out: Annotated[
        Path, typer.Option(help="Folder to write the HTML and PDF into.", file_okay=False)
    ] = Path("reports"),
    min_confidence: MinConfidenceOption = None,
    claims: Annotated[
        Path | None,
        typer.Option(
            help="Claims to list beside the measured change, each checked against the "
            "agreement: a claims file (claims extract -f json) or articles to read them from.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write a monitoring mission's daily report: a self-contained HTML file and its PDF.

    A map of the scope and the events by verdict, the daily series with every window start,
    the before/after table with 95 % intervals, violations by party and type, the day's
    violations with their explanations, conditions, change points and the sources cited.
    Violations read from news articles are counted apart in its header and first section.
    """
    from trucewatch.cli.claims import claims_in
    from trucewatch.publish import write_report_for_store  # matplotlib, numba: imported here

    try:
        when = None if day is None else date.fromisoformat(day)
    except ValueError:
        raise ValidationError(f"--date {day!r} is not a day like 2016-05-09") from None
    said = [] if claims is None else claims_in(claims)
    out.mkdir(parents=True, exist_ok=True)
    with open_store(db, read_only=True) as store:
        paths = write_report_for_store(
            store, agreement, out, day=when, min_confidence=min_confidence, claims=said
        )
    typer.echo(f"{paths.html}\n{paths.pdf}")
