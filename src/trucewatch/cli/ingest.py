"""trucewatch ingest SOURCE FILE..."""

from __future__ import annotations

import functools
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from trucewatch.cli._common import (
    EXIT_ERROR,
    EXIT_ROWS_REFUSED,
    DbOption,
    err_console,
    fails_cleanly,
    shared_store,
)
from trucewatch.errors import BadRowsError
from trucewatch.jobs import after_write, ingest_file, source_adapter, source_limits
from trucewatch.sources.base import ADAPTER_MODULES
from trucewatch.sources.generic_csv import mapping_from_file
from trucewatch.sources.limits import DEFAULT_LIMITS, STREAMED_MAX_BYTES, Limits
from trucewatch.store.event_changes import check_edits

SHOW_BAD_ROWS = 20
*_OTHERS, _LAST = ADAPTER_MODULES  # the adapters' table: listing them imports none of them
SOURCES_HELP = f"{', '.join(_OTHERS)} or {_LAST}."


class Edit(StrEnum):
    """What ``--edits`` takes (:data:`trucewatch.store.event_changes.EDITS`)."""

    REFUSE = "refuse"
    REPLACE = "replace"


def _advance(progress: Progress, task: TaskID, records: int) -> None:
    progress.update(task, completed=records)


@fails_cleanly
def ingest(
    source: Annotated[str, typer.Argument(help=SOURCES_HELP)],
    files: Annotated[
        list[Path], typer.Argument(help="Files to ingest.", exists=True, dir_okay=False)
    ],
    strict: Annotated[
        bool, typer.Option("--strict", help="Reject a whole file if any of its rows is bad.")
    ] = False,
    encoding: Annotated[str, typer.Option(help="Text encoding of the files.")] = "utf-8",
    mapping: Annotated[
        Path | None,
        typer.Option(
            help="csv only, and needed: a YAML/JSON file mapping event fields to your columns."
        ),
    ] = None,
    source_name: Annotated[
        str | None,
        typer.Option(
            help="csv only: the source name used in event ids (default: the mapping file's "
            "source_name, else csv)."
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(help="news only: when text/HTML files were published (ISO 8601, offset)."),
    ] = None,
    split_incidents: Annotated[
        bool,
        typer.Option(
            "--split-incidents",
            help="news only: one event per incident when a sentence reports several at "
            "different places (off by default; a file already ingested is not re-read with "
            "it: see docs/news.md).",
        ),
    ] = False,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            help="news only: the ISO code of a country the news is about (its pack's places "
            "and names of the sides; repeat for several). Default: SY.",
        ),
    ] = None,
    types: Annotated[
        str | None,
        typer.Option(
            help="news only: who types an event sentence, rules (keywords, the default) or "
            "model (the learned head, slower: docs/news.md).",
        ),
    ] = None,
    max_bytes: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Refuse a file larger than this, uncompressed (bytes). Default: "
            f"{STREAMED_MAX_BYTES} (16 GiB) for ucdp-ged and acled, streamed into the store in "
            f"pieces; {DEFAULT_LIMITS.max_bytes} (512 MiB) for the other sources, whose files "
            "are held in memory whole.",
        ),
    ] = None,
    max_line_chars: Annotated[
        int,
        typer.Option(min=1, help="A longer line is a bad row (characters).", show_default=True),
    ] = DEFAULT_LIMITS.max_line_chars,
    max_bad_rows: Annotated[
        int,
        typer.Option(
            min=1,
            help="Stop and store nothing from a file with more bad rows than this.",
            show_default=True,
        ),
    ] = DEFAULT_LIMITS.max_bad_rows,
    edits: Annotated[
        Edit,
        typer.Option(
            help="An event id already stored with other content: refuse it as a bad row, or "
            "replace the stored event by this new version (sources that edit events in place, "
            "e.g. acled; the old version is kept in the history: trucewatch events changes).",
        ),
    ] = Edit.REFUSE,
    no_refresh: Annotated[
        bool,
        typer.Option(
            "--no-refresh",
            help="Store the events only: the verdicts stay stale and no alert is queued until "
            "the next refresh (trucewatch verdicts, alerts run, or an ingest without it). For "
            "bulk loads of many files in separate commands.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Read event files of a source into the store; bad rows are reported, never lost silently.

    Each file is stored whole in one transaction: a file already ingested adds nothing, and an
    interrupted ingest leaves the store as it was. Without --strict, good rows are stored and
    every bad row is reported (file, line, field, reason) and the exit code is 1; with --strict
    a file with any bad row is rejected whole (exit code 2). An event id already stored, or
    repeated in the file, with different content is a bad row (the first record is kept), or
    with --edits replace, for an id already stored, the event's new version (the stored one
    goes to the history, its verdicts are judged again; trucewatch events changes). A
    file over a --max-* limit is refused whole (exit code 2). A file is read before the store
    is taken for writing, so a running `trucewatch serve` keeps answering meanwhile; a
    ucdp-ged or acled file over 64 MiB is streamed into the store in its writing turn instead.

    Then the verdicts of the new events are brought up to date against every stored
    agreement and the alerts of every subscription are queued from them (one line says how
    many; `trucewatch alerts run` or `serve --alerts-every` delivers them), unless
    --no-refresh.
    """
    options: dict[str, object] = {"encoding": encoding}
    given = {"source_name": source_name, "published": published}
    options.update((name, value) for name, value in given.items() if value is not None)
    if mapping is not None:
        options["mapping"] = mapping_from_file(mapping)
    if split_incidents:
        options["split_incidents"] = True
    if country:
        options["countries"] = tuple(country)
    if types is not None:
        options["types"] = types
    default = source_limits(source)
    limits = Limits(max_bytes or default.max_bytes, max_line_chars, max_bad_rows)
    if limits != DEFAULT_LIMITS:  # what every adapter reads under unless given others
        options["limits"] = limits
    adapter = source_adapter(source, options)  # the one check of the options (trucewatch.jobs)
    refused = stored = 0
    edit_mode = check_edits(edits.value)
    store = shared_store(db)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,} records"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,  # piped: no bar, and no blank line left behind
    ) as progress:
        for path in files:
            task = progress.add_task(f"{path.name}", total=None)
            try:
                report = ingest_file(
                    store,
                    adapter,
                    path,
                    strict=strict,
                    progress=functools.partial(_advance, progress, task),
                    edits=edit_mode,
                )
            except BadRowsError as exc:
                progress.remove_task(task)
                typer.echo(f"error: {exc}", err=True)
                if stored and not no_refresh:  # the files stored before this one
                    typer.echo(str(after_write(store)))
                raise typer.Exit(EXIT_ERROR) from exc
            progress.remove_task(task)
            if report.already_ingested:
                typer.echo(f"{path}: already ingested, 0 events added")
                continue
            typer.echo(
                f"{path}: {report.rows:,} rows read, {report.added:,} events added"
                f"{report.changes}, {report.duplicates:,} already stored, "
                f"{len(report.errors):,} bad rows ({report.adapter}, {report.seconds:.1f} s)"
            )
            for error in report.errors[:SHOW_BAD_ROWS]:
                typer.echo(f"  bad row {error}", err=True)
            if len(report.errors) > SHOW_BAD_ROWS:
                typer.echo(
                    f"  ... and {len(report.errors) - SHOW_BAD_ROWS:,} more "
                    "(all are kept: trucewatch events bad-rows lists them)",
                    err=True,
                )
            refused += len(report.errors)
            stored += report.stored
    if not no_refresh:
        typer.echo(str(after_write(store)))
    if refused:
        raise typer.Exit(EXIT_ROWS_REFUSED)
