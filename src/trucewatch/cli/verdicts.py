"""trucewatch verdicts and trucewatch explain."""

from __future__ import annotations

import codecs
import csv
import json
import os
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from trucewatch.catalog import load_agreements
from trucewatch.cli._common import (
    Count,
    DbOption,
    MinConfidenceOption,
    console,
    emit,
    err_console,
    fails_cleanly,
    open_store,
)
from trucewatch.cli._common import Format as RecordFormat
from trucewatch.cli._process import freeze_at_exit, skip_pandas_probe
from trucewatch.jobs import refresh
from trucewatch.model.threshold import threshold_note
from trucewatch.model.verdict import VerdictKind
from trucewatch.store.verdict_reads import check_agreements, check_filter, min_share_inside, stale
from trucewatch.store.verdicts import CSV_COLUMNS, VERDICT_COLUMNS

JSON_FIELDS = VERDICT_COLUMNS


class VerdictFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    geojson = "geojson"


def _record(row: dict[str, Any]) -> dict[str, Any]:
    record = {k: row[k] for k in JSON_FIELDS}
    record["parties"] = json.loads(row["parties"])
    return record


@fails_cleanly
def verdicts(
    agreement: Annotated[
        list[str] | None, typer.Option(help="Only this agreement id (repeatable).")
    ] = None,
    verdict: Annotated[
        list[VerdictKind] | None, typer.Option(help="Only this verdict kind (repeatable).")
    ] = None,
    fmt: Annotated[
        VerdictFormat,
        typer.Option("--format", "-f", help="table, json (JSON lines), csv or geojson."),
    ] = VerdictFormat.table,
    update: Annotated[
        bool,
        typer.Option(help="Bring the stored verdicts up to date first (only what changed)."),
    ] = True,
    min_confidence: MinConfidenceOption = None,
    db: DbOption = None,
) -> None:
    """Which events break which truce, and why: one verdict per event and agreement window.

    Events outside a window's scope are not listed (there are many); `trucewatch explain`
    gives the full reasoning for any event, inside or out. The explanation of an event read
    from a news article says so, with its extraction confidence and the parts guessed, and
    the table's footer counts them apart.
    """
    skip_pandas_probe()  # pyarrow would import pandas on its first conversion (~0.1-0.4 s)
    freeze_at_exit()  # no collector pass over numba's, DuckDB's... objects at exit
    agreement_ids = tuple(agreement or ())
    kinds = tuple(k.value for k in verdict or ())
    with open_store(db, read_only=not update) as store:
        check_filter(store, agreement_ids, kinds)
        if update:
            with err_console.status("judging events against the agreements..."):
                report = refresh(store)
            agreements = load_agreements(store)  # parsed once: the store caches them
            err_console.print(f"verdicts: {report}", highlight=False)
        threshold = min_share_inside(store)
        judged_otherwise = None if update else stale(store, threshold)
        if judged_otherwise:
            err_console.print(
                f"warning: {judged_otherwise}", style="yellow", highlight=False, markup=False
            )
        note = threshold_note(threshold)
        if note and fmt is not VerdictFormat.table:  # stdout is for programs
            err_console.print(note, style="dim", highlight=False, markup=False)
        from trucewatch.verdicts.stored import (  # numba: imported here
            iter_verdict_csv,
            iter_verdict_records,
        )

        given = agreements if update else None
        if fmt is VerdictFormat.csv:  # rendered from columns (verdicts/render_csv.py)
            shown = _write_csv(
                iter_verdict_csv(
                    store,
                    given,
                    agreement_ids=agreement_ids,
                    kinds=kinds,
                    min_confidence=min_confidence,
                )
            )
        else:
            chunks = iter_verdict_records(
                store,
                given,
                agreement_ids=agreement_ids,
                kinds=kinds,
                min_confidence=min_confidence,
            )
            if fmt is VerdictFormat.table:
                rows = [r for chunk in chunks for r in chunk]
                _print_lines(rows)
                console.print(
                    str(Count(len(rows), len(rows), "verdicts")) + _from_news(rows),
                    style="dim",
                    highlight=False,
                )
                if note:
                    console.print(note, style="dim", highlight=False, markup=False)
                return
            shown = _stream(chunks, fmt)
    if not shown:
        err_console.print(f"note: {Count(0, 0, 'verdicts')}", style="yellow", highlight=False)


def _from_news(rows: list[dict[str, Any]]) -> str:
    """The footer's note of the verdicts of events read from news articles (not coded rows)."""
    from trucewatch.verdicts.explain import FROM_NEWS

    news = sum(1 for r in rows if FROM_NEWS in r["explanation"])
    return f"; {news:,} of them of events read from news articles (not coded)" if news else ""


def _write_csv(chunks: Iterator[tuple[Any, int]]) -> int:
    """Write the header and the CSV lines (UTF-8 bytes, chunk by chunk, straight to the
    binary stream when stdout writes UTF-8); how many lines."""
    csv.writer(sys.stdout, lineterminator="\n").writerow(CSV_COLUMNS)
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    encoding = getattr(sys.stdout, "encoding", None)
    if not encoding or codecs.lookup(encoding).name != "utf-8" or os.linesep != "\n":
        binary = None  # the text stream encodes (and ends lines) as it always did
    shown = 0
    for lines, count in chunks:
        if binary is not None:
            binary.write(lines)
        else:
            sys.stdout.write(lines.to_pybytes().decode())
        shown += count
    if binary is not None:
        binary.flush()
    return shown


def _stream(chunks: Iterable[list[dict[str, Any]]], fmt: VerdictFormat) -> int:
    """Write the records chunk by chunk as json lines or geojson; how many were written."""
    shown = 0
    if fmt is VerdictFormat.geojson:
        sys.stdout.write('{"type": "FeatureCollection", "features": [\n')
    for rows in chunks:
        lines = []
        for row in rows:
            if fmt is VerdictFormat.json:
                lines.append(json.dumps(_record(row)) + "\n")
            else:
                feature = {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                    "properties": _record(row),
                }
                lines.append(("," if shown else "") + json.dumps(feature, ensure_ascii=False))
                lines.append("\n")
            shown += 1
        sys.stdout.write("".join(lines))
    if fmt is VerdictFormat.geojson:
        sys.stdout.write("]}\n")
    return shown


_STYLE = {
    "violation": "bold red",
    "possible_violation": "yellow",
    "not_covered": "cyan",
    "outside_window": "dim",
    "outside_scope": "dim",
    "unlocated": "magenta",
}


def _print_lines(rows: list[dict[str, Any]]) -> None:
    """One readable paragraph per verdict: who, which window, the verdict and why."""
    for row in rows:
        style = _STYLE.get(row["verdict"], "default")  # never an empty tag: '[]x[/]' raises
        console.print(
            f"[{style}]{row['verdict']}[/] {row['event_id']} "
            f"[dim]{row['agreement_id']}/{row['window_id']}[/]",
            highlight=False,
        )
        console.print(f"  {row['explanation']}", highlight=False, markup=False)


@fails_cleanly
def explain(
    event_id: Annotated[str, typer.Argument(help="The event id, e.g. ucdp_ged:214797.")],
    agreement: Annotated[
        list[str] | None, typer.Option(help="Only this agreement id (repeatable).")
    ] = None,
    fmt: Annotated[
        RecordFormat, typer.Option("--format", "-f", help="table, json or csv.")
    ] = RecordFormat.table,
    db: DbOption = None,
) -> None:
    """The full reasoning for one event against every window of the agreements."""
    from trucewatch.verdicts.store_rules import rules_of  # numba: imported here

    with open_store(db, read_only=True) as store:
        check_agreements(store, agreement or ())
        event = store.event(event_id)
        agreements = load_agreements(store)
        rules = rules_of(store)
    if agreement:
        agreements = [a for a in agreements if a.id in agreement]
    found = rules.judge(
        [event], agreements, engine="reference", include_outside=True, contested=False
    )
    records: list[dict[str, Any]] = [
        {
            "event_id": v.event_id,
            "agreement_id": v.agreement_id,
            "window_id": v.window_id,
            "verdict": v.verdict.value,
            "space": v.space.value,
            "distance_km": v.distance_km,
            "share_inside": v.share_inside,
            "time": v.time.value,
            "parties": [
                {"side": s.side, "name": s.name, "status": s.status.value, "matched": s.matched}
                for s in v.parties
            ],
            "reasons": list(v.reasons),
            "explanation": v.explanation,
        }
        for v in found
    ]
    if fmt is not RecordFormat.table:
        emit(records, fmt, tuple(k for k in records[0] if k != "parties") if records else ())
        return
    from trucewatch.verdicts.explain import extraction_phrase

    console.print(
        f"[bold]{event.event_id}[/] {event.event_type} at {event.where.place or '?'} "
        f"({event.where.lat}, {event.where.lon}, ±{event.where.radius_km:g} km), "
        f"UTC {event.when}{extraction_phrase(event.confidence, event.guessed)}",
        highlight=False,
    )
    for r in records:
        table = Table(show_header=False, box=None, pad_edge=False)
        table.add_row("verdict", f"[bold]{r['verdict']}[/]")
        distance = "" if r["distance_km"] is None else f", {r['distance_km']:.2f} km from the edge"
        share = "" if r["share_inside"] is None else f", {100 * r['share_inside']:.0f} % inside"
        table.add_row("space", f"{r['space']}{distance}{share}")
        table.add_row("time", r["time"])
        for side in r["parties"]:
            matched = f" ({side['matched']})" if side["matched"] else ""
            table.add_row(f"side {side['side']}", f"{side['name']}: {side['status']}{matched}")
        table.add_row("reasons", ", ".join(r["reasons"]))
        table.add_row("why", r["explanation"])
        console.print(f"\n[bold]{r['agreement_id']}[/] / {r['window_id']}", highlight=False)
        console.print(table)
    if rules.note():
        console.print(f"\n{rules.note()}", style="dim", highlight=False, markup=False)
