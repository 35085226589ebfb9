"""trucewatch drafts list | show | reject, and trucewatch agreements accept DRAFT_ID."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

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
from trucewatch.jobs import after_write
from trucewatch.store.drafts import STATUSES, Draft, get_draft, list_drafts

app = typer.Typer(
    no_args_is_help=True,
    help="Draft agreements found in news (trucewatch extract FILE --statements --save).",
)

DRAFT_COLUMNS = ("draft_id", "status", "act", "scope", "start", "extends", "agreement_id")


def draft_record(d: Draft) -> dict[str, Any]:
    """A draft as a flat record for tables, JSON lines and CSV."""
    s = d.statement
    speaker = s.get("speaker") or {}
    return {
        "draft_id": d.draft_id,
        "status": d.status,
        "act": s.get("act"),
        "speaker": ", ".join(v for v in speaker.values() if v) or None,
        "parties": ", ".join(s.get("parties") or ()) or None,
        "scope": ", ".join(s.get("scope") or ()) or ("nationwide" if s.get("nationwide") else None),
        "start": s.get("start"),
        "duration_h": s.get("duration_hours"),
        "exclusions": ", ".join(s.get("exclusions") or ()) or None,
        "deadlines": ", ".join(f"{x['what']} by {x['by']}" for x in s.get("deadlines") or ())
        or None,
        "conf": s.get("confidence"),
        "extends": s.get("extends"),
        "new_agreement": s.get("new_agreement"),
        "agreement_id": d.agreement_id,
        "sentence": d.sentence,
        "source_file": d.source_file,
        "created_at": d.created_at,
        "decided_at": d.decided_at,
    }


@app.command("list", epilog="Example: trucewatch drafts list --status pending")
@fails_cleanly
def list_command(
    status: Annotated[
        str | None, typer.Option(help=f"Only drafts in this state: {', '.join(STATUSES)}.")
    ] = None,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """List the stored drafts, oldest first, with where their review stands."""
    with open_store(db, read_only=True) as store:
        drafts = list_drafts(store, status)
    emit(
        [draft_record(d) for d in drafts],
        fmt,
        DRAFT_COLUMNS,
        keep_whole=("draft_id",),
        count=Count(len(drafts), len(drafts), "drafts"),
    )


@app.command("show", epilog="Example: trucewatch drafts show draft-3f2a9c01b7de --yaml > d.yaml")
@fails_cleanly
def show(
    draft_id: Annotated[str, typer.Argument(help="The draft id (a unique prefix is enough).")],
    yaml_only: Annotated[
        bool, typer.Option("--yaml", help="Print only the draft agreement file, to edit it.")
    ] = False,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Show a draft: its sentences, the truce merged from them, and the draft agreement file
    (or the extension entry of the stored agreement it extends)."""
    with open_store(db, read_only=True) as store:
        draft = get_draft(store, draft_id)
    if yaml_only:
        sys.stdout.write(draft.yaml_text)
        return
    record = draft_record(draft) | {"statement": draft.statement, "yaml": draft.yaml_text}
    if fmt is Format.json:
        emit([record], fmt, ())
        return
    if fmt is Format.csv:
        emit([record], fmt, (*DRAFT_COLUMNS, "sentence"))
        return
    console.print(f"[bold]{draft.draft_id}[/] {draft.status}", highlight=False)
    keys = ("act", "speaker", "parties", "scope", "start", "duration_h", "exclusions")
    for key in (*keys, "deadlines", "conf", "extends"):
        if record.get(key) not in (None, ""):
            console.print(f"{key}: {record[key]}", highlight=False)
    console.print(f"sentence: {draft.sentence}", highlight=False)
    console.print(f"from: {draft.source_file}", highlight=False)
    if draft.agreement_id:
        console.print(f"accepted as agreement {draft.agreement_id}", highlight=False)
    typer.echo("")
    typer.echo(draft.yaml_text, nl=False)


@app.command("reject", epilog="Example: trucewatch drafts reject draft-3f2a9c01b7de")
@fails_cleanly
def reject(
    draft_id: Annotated[str, typer.Argument(help="The draft id (a unique prefix is enough).")],
    db: DbOption = None,
) -> None:
    """Mark a draft rejected: it stays in the store, out of the agreement registry."""
    from trucewatch.drafts import reject as reject_draft  # the text pipeline: imported here

    with open_store(db) as store:
        draft = reject_draft(store, draft_id)
    typer.echo(f"draft {draft.draft_id} rejected")


@fails_cleanly
def accept(
    draft_id: Annotated[str, typer.Argument(help="The draft id (a unique prefix is enough).")],
    edit_file: Annotated[
        Path | None,
        typer.Option(
            help="An edited copy of the draft's YAML (trucewatch drafts show ID --yaml) to "
            "accept instead.",
            dir_okay=False,
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    no_refresh: NoRefreshOption = False,
    db: DbOption = None,
) -> None:
    """Accept a draft into the agreement registry: validate its YAML (or --edit-file) and store
    it as 'agreements add' does; the draft is marked accepted in the same transaction. Its
    windows are then judged and alerts queued, unless --no-refresh (the line goes to stderr
    with --format json)."""
    from trucewatch.drafts import accept as accept_draft  # the text pipeline: imported here

    with open_store(db) as store:
        done = accept_draft(store, draft_id, edit_file=edit_file)
        refreshed = None if no_refresh else after_write(store)
    if fmt is Format.json:
        sys.stdout.write(json.dumps(asdict(done)) + "\n")
    else:
        typer.echo(
            f"draft {done.draft_id} accepted: agreement {done.agreement_id} stored "
            f"(version {done.version})"
        )
    if refreshed is not None:
        typer.echo(str(refreshed), err=fmt is Format.json)
