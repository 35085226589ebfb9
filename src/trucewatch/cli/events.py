"""trucewatch events list | bad-rows | changes, and trucewatch export."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from trucewatch.catalog import load_agreements, with_actor_aliases
from trucewatch.cli._common import (
    Count,
    DbOption,
    Format,
    FormatOption,
    MinConfidenceOption,
    emit,
    fails_cleanly,
    open_store,
)
from trucewatch.errors import ValidationError
from trucewatch.model import zone
from trucewatch.store import EventQuery, Store
from trucewatch.store.event_changes import CHANGES
from trucewatch.store.query import actor_guesses, matching_sides, parse_bbox, parse_instant

app = typer.Typer(no_args_is_help=True, help="Look at the stored events.")

LIST_COLUMNS = (
    "event_id",
    "time_start",
    "time_end",
    "place",
    "admin1",
    "lat",
    "lon",
    "radius_km",
    "event_type",
    "side_a",
    "side_b",
    "fatalities_best",
    "confidence",
    "guessed",
)

BboxOption = Annotated[
    str | None,
    typer.Option(help="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT in degrees, e.g. 36.9,36.0,37.4,36.4"),
]
SinceOption = Annotated[
    str | None,
    typer.Option(help="Events that may have happened at or after this day or instant (UTC)."),
]
UntilOption = Annotated[
    str | None, typer.Option(help="Events that may have happened before this day or instant.")
]
SourceOption = Annotated[
    list[str] | None, typer.Option("--source", help="Only this source (repeatable), e.g. ucdp_ged.")
]
ActorOption = Annotated[
    str | None,
    typer.Option(
        help="Only events with a side of this whole name or one of its aliases in the stored "
        "agreements (IS: also Islamic State, ISIS...; never Jaysh al-Islam)."
    ),
]
ActorContainsOption = Annotated[
    str | None,
    typer.Option(help="Only events with a side whose name contains this text (any case)."),
]
TypeOption = Annotated[
    list[str] | None,
    typer.Option("--type", help="Event type code or category (repeatable), e.g. remote."),
]


TABLE_COLUMNS = ("event_id", "local date", "place", "type", "sides", "deaths", "read")


def _local_dates(row: dict[str, object]) -> str:
    """The event's local calendar day(s), as a person reads them: 2016-05-09 or a range."""
    tz = zone(str(row.get("timezone") or "UTC"))
    start, end = row["time_start"], row["time_end"]
    assert isinstance(start, datetime) and isinstance(end, datetime)
    first = start.astimezone(tz)
    last = (end - timedelta(microseconds=1)).astimezone(tz)
    if first.date() == last.date():
        return first.date().isoformat()
    return f"{first.date().isoformat()}..{last.date().isoformat()}"


def table_rows(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """A narrow view of event rows for the terminal; json/csv keep every column."""
    return [
        {
            "event_id": r["event_id"],
            "local date": _local_dates(r),
            "place": r.get("place") or r.get("admin1"),
            "type": r["event_type"],
            "sides": " – ".join(str(x) for x in (r.get("side_a"), r.get("side_b")) if x),
            "deaths": r.get("fatalities_best"),
            "read": _read(r.get("confidence"), r.get("guessed")),
        }
        for r in rows
    ]


def _read(confidence: object, guessed: object) -> str:
    """How an event was read: "coded" for a dataset row, else "news 0.25 (place, date guessed)"
    (its extraction confidence and the parts guessed)."""
    if not isinstance(confidence, float | int):
        return "coded"
    parts = list(guessed) if isinstance(guessed, list | tuple) else []
    return f"news {confidence:.2f}" + (f" ({', '.join(parts)} guessed)" if parts else "")


def build_query(
    bbox: str | None,
    since: str | None,
    until: str | None,
    source: list[str] | None,
    actor: str | None,
    actor_contains: str | None,
    types: list[str] | None,
    limit: int | None = None,
    min_confidence: float | None = None,
) -> EventQuery:
    """The query of the options, checked before the store is opened."""
    return EventQuery(
        bbox=parse_bbox(bbox),
        start=parse_instant(since, "--since"),
        end=parse_instant(until, "--until"),
        sources=tuple(source or ()),
        actor=actor,
        actor_contains=actor_contains,
        event_types=tuple(types or ()),
        limit=limit,
        min_confidence=min_confidence,
    )


def _actor_hint(store: Store, query: EventQuery) -> str:
    """Why an actor filter matched nothing, when no stored side has the name at all."""
    if query.actor is None or matching_sides(store, query.actor_names):
        return ""
    guesses = actor_guesses(store, query.actor, load_agreements(store))
    guess = f" (did you mean {' or '.join(guesses)}?)" if guesses else ""
    return f"no side in the store is named {query.actor!r}{guess}"


@app.command("list", epilog="Example: trucewatch events list --since 2016-05-01 --actor IS")
@fails_cleanly
def list_events(
    bbox: BboxOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    actor: ActorOption = None,
    actor_contains: ActorContainsOption = None,
    types: TypeOption = None,
    min_confidence: MinConfidenceOption = None,
    limit: Annotated[
        int, typer.Option(help="At most this many events (the first by time).", min=0)
    ] = 100,
    all_: Annotated[bool, typer.Option("--all", help="Every matching event (no limit).")] = False,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """List stored events, filtered by place, time, source, actor and type.

    At most --limit events: a listing cut there says how many match in all (in the table's
    footer; on stderr with json and csv, so that stdout stays clean). The column "read" says
    whether an event is a coded dataset row or was read from a news article (its extraction
    confidence and the parts guessed).
    """
    limit_or_none = None if all_ else limit
    query = build_query(
        bbox, since, until, source, actor, actor_contains, types, limit_or_none, min_confidence
    )
    with open_store(db, read_only=True) as store:
        query = with_actor_aliases(store, query)
        rows = store.events(query)
        total = len(rows)
        if query.limit is not None and total >= query.limit:
            total = store.count_events(replace(query, limit=None))
        hint = _actor_hint(store, query) if total == 0 else ""
    count = Count(len(rows), total, "events", "--limit N or --all for more", hint)
    if fmt is Format.table:
        emit(
            table_rows(rows),
            fmt,
            TABLE_COLUMNS,
            keep_whole=("event_id", "local date"),
            count=count,
        )
    else:
        emit(rows, fmt, LIST_COLUMNS, count=count)


@app.command("bad-rows", epilog="Example: trucewatch events bad-rows --format csv")
@fails_cleanly
def bad_rows(fmt: FormatOption = Format.table, db: DbOption = None) -> None:
    """List every input row that ingest refused, with file, line, field and reason."""
    with open_store(db, read_only=True) as store:
        errors = store.bad_rows()
    records = [
        {"file": e.file, "line": e.line, "field": e.field, "value": e.value, "reason": e.reason}
        for e in errors
    ]
    count = Count(len(records), len(records), "bad rows")
    emit(records, fmt, ("file", "line", "field", "value", "reason"), count=count)


CHANGE_COLUMNS = ("change_id", "changed_at", "event_id", "change", "origin", "ingest_id", "detail")


@app.command("changes", epilog="Example: trucewatch events changes --since 2026-01-01")
@fails_cleanly
def changes(
    since: Annotated[
        str | None, typer.Option(help="Changes made at or after this day or instant (UTC).")
    ] = None,
    change: Annotated[
        str | None, typer.Option(help=f"Only this kind of change: {', '.join(CHANGES)}.")
    ] = None,
    limit: Annotated[
        int, typer.Option(help="At most this many changes (the oldest first).", min=0)
    ] = 100,
    all_: Annotated[bool, typer.Option("--all", help="Every matching change (no limit).")] = False,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """List the events edited, deleted and restored at their source, oldest first.

    An ingest with --edits replace logs each event it replaced (its earlier version is kept),
    a feed each event its source deleted, and an ingest each deleted event sent again
    (restored). The footer says how many match in all.
    """
    after = parse_instant(since, "--since")
    with open_store(db, read_only=True) as store:
        rows = store.event_changes(after, change=change, limit=None if all_ else limit)
        total = store.count_event_changes(after, change=change)
    records = [
        {
            "change_id": c.change_id,
            "changed_at": c.changed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "event_id": c.event_id,
            "change": c.change,
            "origin": c.origin,
            "ingest_id": c.ingest_id,
            "detail": c.detail,
        }
        for c in rows
    ]
    count = Count(len(records), total, "changes", "--limit N or --all for more")
    emit(records, fmt, CHANGE_COLUMNS, keep_whole=("event_id", "changed_at"), count=count)


@fails_cleanly
def export(
    out: Annotated[Path, typer.Argument(help="Output file; .csv, .geojson or .parquet.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="csv, geojson or parquet (default: from the suffix)."),
    ] = None,
    bbox: BboxOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    actor: ActorOption = None,
    actor_contains: ActorContainsOption = None,
    types: TypeOption = None,
    min_confidence: MinConfidenceOption = None,
    db: DbOption = None,
) -> None:
    """Export events as CSV, GeoJSON or Parquet; the file appears whole or not at all."""
    kind = fmt or out.suffix.lower().lstrip(".")
    kind = {"json": "geojson", "pq": "parquet"}.get(kind, kind)
    if kind not in {"csv", "geojson", "parquet"}:
        raise ValidationError(
            f"cannot tell the format of {out}: use a .csv, .geojson or .parquet name or --format"
        )
    query = build_query(
        bbox, since, until, source, actor, actor_contains, types, None, min_confidence
    )
    with open_store(db, read_only=True) as store:
        n = store.export_events(out, kind, with_actor_aliases(store, query))
    typer.echo(f"{out}: {n:,} events written ({kind})" + ("; 0 events match" if not n else ""))
