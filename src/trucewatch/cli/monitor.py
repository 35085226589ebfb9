"""trucewatch summary, demo and info."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from trucewatch.catalog import load_agreements
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
from trucewatch.info import info as gather_info
from trucewatch.model.threshold import threshold_note
from trucewatch.store.catalog import check_agreement_ids
from trucewatch.store.settings import read_settings
from trucewatch.store.stats import events_read_from_text

if TYPE_CHECKING:
    from trucewatch.effect.summary import WindowSummary

_KINDS = ("violation", "possible_violation", "unlocated", "not_covered", "outside_window")

SUMMARY_COLUMNS = (
    "agreement_id",
    "window_id",
    "kind",
    "start",
    "days",
    "events_before",
    "events_during",
    "events_uncertain",
    "percent_change",
    "deaths_before",
    "deaths_during",
    "excluded_during",
    "unlocated_before",
    "unlocated_during",
)


def _records(summaries: Sequence[WindowSummary]) -> list[dict[str, object]]:
    return [
        {
            "agreement_id": s.agreement_id,
            "window_id": s.window_id,
            "kind": s.kind,
            "declared_by": s.declared_by,
            "start": s.start,
            "end": s.end,
            "open_ended": s.open_ended,
            "how_ended": s.how_ended,
            "days": round(s.days, 2),
            "before_days": s.before_days,
            "window_days": s.window_days,
            "events_before": s.events_before,
            "events_during": s.events_during,
            "events_uncertain": s.events_uncertain,
            "percent_change": None if s.percent_change is None else round(s.percent_change, 1),
            "deaths_before": s.deaths_before,
            "deaths_during": s.deaths_during,
            "excluded_during": s.excluded_during,
            "unlocated_before": s.coarser_before + s.mostly_outside_before,
            "unlocated_during": s.left_out_during,
            "coarser_during": s.coarser_during,
            "mostly_outside_during": s.mostly_outside_during,
            "counted": s.counted,
            "top_sides_during": [list(t) for t in s.top_sides_during],
        }
        for s in summaries
    ]


def print_summary(summaries: Sequence[WindowSummary], fmt: Format) -> None:
    from trucewatch.effect.headline import COUNTED  # the verdict engine (numba): imported here

    if fmt is not Format.table:
        emit(_records(summaries), fmt, SUMMARY_COLUMNS)
        return
    by_agreement: dict[str, list[WindowSummary]] = {}
    for s in summaries:
        by_agreement.setdefault(s.agreement_id, []).append(s)
    for agreement_id, rows in by_agreement.items():
        table = Table(
            "window",
            "from (UTC)",
            "until",
            "days",
            "events",
            "change",
            "unc.",
            "deaths",
            "excl.",
            "unloc.",
            title=f"[bold]{agreement_id}[/]: violent events inside the scope, before→during",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            padding=(0, 1),
        )
        for s in rows:
            change = "n/a" if s.percent_change is None else f"{s.percent_change:+.0f}%"
            label = s.window_id + (f" ({s.declared_by})" if s.declared_by else "")
            days = f"{round(s.days, 2):g}" + ("*" if s.open_ended else "") + ("†" if s.cut else "")
            until = "open-ended*" if s.open_ended else s.end.strftime("%d %b %H:%M")
            if not s.open_ended and not s.how_ended.endswith("(stated end)"):
                until += " " + s.how_ended.split(" ", 1)[0]  # how it ended: lapsed, collapsed...
            table.add_row(
                label,
                s.start.strftime("%d %b %H:%M"),
                until,
                days,
                f"{s.events_before}→{s.events_during}",
                change,
                str(s.events_uncertain),
                f"{s.deaths_before}→{s.deaths_during}",
                str(s.excluded_during),
                f"{s.coarser_before + s.mostly_outside_before}→{s.left_out_during}",
            )
        console.print(table)
    console.print(
        f"events = {COUNTED}, on local days (the count of trucewatch effect); before = the same "
        "number of days just before the window's first day; unc. = space or time uncertain; "
        "* = open-ended (no end recorded): its first 28 days are compared; deaths = best "
        "estimates before→during; excl. = events during with a side the truce excludes; "
        "unloc. = events left out before→during, not placed in the scope (too coarse a "
        "location, or mostly outside it)."
        + (
            " † = the events do not cover the window and as many days before it: both periods "
            "are cut to the days they cover (as trucewatch effect does)."
            if any(s.cut for s in summaries)
            else ""
        ),
        style="dim",
    )


@fails_cleanly
def summary(
    agreement: Annotated[
        list[str] | None, typer.Option(help="Only this agreement id (repeatable).")
    ] = None,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Per agreement and window: violent events and deaths inside the scope, before vs during."""
    with open_store(db, read_only=True) as store:
        check_agreement_ids(store, agreement or ())
        agreements = load_agreements(store)
        if agreement:
            agreements = [a for a in agreements if a.id in agreement]
        from trucewatch.effect.summary import summarize  # numba: imported here

        summaries = summarize(store, agreements)
        note = threshold_note(read_settings(store).min_share_inside)
        news = events_read_from_text(store)
    print_summary(summaries, fmt)
    if news:  # a news event counts as one event here, as a coded row does: say so
        note = (note + "\n" if note else "") + (
            f"{news:,} stored events were read from news articles (not coded) and count here "
            "as coded rows do; `trucewatch effect --min-confidence X` leaves out the weaker "
            "(docs/verdicts.md)"
        )
    if note:  # beside a table; on stderr when stdout is for programs
        (console if fmt is Format.table else err_console).print(note, style="dim", highlight=False)


@fails_cleanly
def demo(
    data: Annotated[
        Path | None,
        typer.Option(help="A UCDP GED CSV to use instead of the shared data or the simulation."),
    ] = None,
    shared: Annotated[
        Path | None, typer.Option(help="The shared data folder; its UCDP GED file is used.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the simulation.")] = 2016,
    db: DbOption = None,
) -> None:
    """The main job: load the reference agreements, ingest events, print a monitoring summary."""
    from trucewatch.demo import run_demo  # numba, timezonefinder: imported here

    with (
        open_store(db) as store,
        Progress(
            SpinnerColumn(),
            TextColumn("ingesting {task.completed:,} records"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task("ingest", total=None)
        result = run_demo(
            store,
            data=data,
            shared=shared,
            seed=seed,
            progress=lambda n: progress.update(task, completed=n),
        )
        path = store.path
        note = threshold_note(read_settings(store).min_share_inside)
    if result.synthetic:
        console.print(
            "[bold yellow]SYNTHETIC DATA[/]: no UCDP GED file was found, so the events are a "
            "seeded simulation (docs/simulation.md); the numbers are not real."
        )
    report = result.ingest
    console.print(
        f"Store {path}: {len(result.agreements)} reference agreements; events from "
        f"{result.data_label}: {report.rows:,} read, {report.stored:,} added, "
        f"{len(report.errors):,} bad rows."
    )
    print_summary(result.summaries, Format.table)
    console.print(
        "\n[bold]Events by verdict[/] (each event once per agreement, under its most serious "
        "verdict over the windows; trucewatch verdicts lists them, explain says why)"
    )
    open_ended = {a.id for a in result.agreements if a.open_ended}
    for agreement_id, counts in result.verdict_counts.items():
        parts = [f"{counts[k]:,} {k.replace('_', ' ')}" for k in _KINDS if counts[k]]
        flag = ", open-ended (no end recorded)" if agreement_id in open_ended else ""
        console.print(f"  {agreement_id}{flag}: {', '.join(parts) or 'no events in scope'}")
    if note:  # the store's location threshold, when it is not the default
        console.print(note, style="dim", highlight=False)


@fails_cleanly
def info(fmt: FormatOption = Format.table, db: DbOption = None) -> None:
    """Versions of trucewatch and its parts, adapters, and statistics of the store."""
    with open_store(db, read_only=db is not None and db.exists()) as store:
        data = gather_info(store)
    if fmt is not Format.table:
        sys.stdout.write(json.dumps(data, default=str) + "\n")
        return
    for section, values in data.items():
        table = Table("", "", title=section, title_justify="left", show_header=False)
        for key, value in values.items():
            table.add_row(str(key), str(value))
        console.print(table)
