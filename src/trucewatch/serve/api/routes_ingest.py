"""POST /ingest/{adapter} and POST /verdicts/refresh: adding events and judging them, from
the API, while the server runs (analyst role).

An upload is streamed to a temporary file under its own name (the name decides the format,
``.json`` or ``.zip`` or ``.html``, and names a news article), read through the adapter without
holding the store, then written in one transaction when the writing turn comes
(:meth:`trucewatch.store.shared.SharedStore.ingest`): the same semantics as
``trucewatch ingest``, whose exit code the answer's ``exit_code`` mirrors.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from trucewatch.errors import BadRowsError, RowError
from trucewatch.jobs import Refreshed, after_write, ingest_file, refresh, source_adapter
from trucewatch.serve.api.access import Access
from trucewatch.serve.api.errors import ApiError
from trucewatch.serve.api.routes_data import access_of
from trucewatch.serve.api.schemas import ErrorShape, RefreshAfterWrite
from trucewatch.store.event_changes import Edits
from trucewatch.store.ingest import IngestReport

__all__ = ["MAX_UPLOAD", "SHOW_BAD_ROWS", "refreshed", "router"]

router = APIRouter(tags=["writes"])
log = logging.getLogger("trucewatch.api")

#: The largest upload accepted by default, in bytes (``create_app(max_upload=...)``).
MAX_UPLOAD = 256 * 2**20
#: Bad rows listed in an answer (all are kept in the store: ``trucewatch events bad-rows``).
SHOW_BAD_ROWS = 100
_FILENAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,199}$")


class BadRow(BaseModel):
    file: str
    line: int
    field: str | None
    value: str | None
    reason: str


class IngestAnswer(BaseModel):
    """What an ingest did, as ``trucewatch ingest`` reports it."""

    file: str = Field(description="upload:<filename>, as the ingest and the events record it")
    adapter: str
    sha256: str
    rows: int = Field(description="Records read (0 when already ingested).")
    stored: int = Field(description="Events written (the new ones and the new versions).")
    replaced: int = Field(
        description="Of those stored, new versions of stored events (edits=replace: edited at "
        "the source; the earlier version kept, GET /events/changes)."
    )
    restored: int = Field(description="Of those stored, events deleted before and sent again.")
    reread_of: int | None = Field(
        default=None,
        description="The file's earlier ingest when this one read the same bytes with other "
        "adapter settings and replaced it (docs/store.md, Readings); null otherwise.",
    )
    dropped: int = Field(
        default=0, description="Events of that earlier reading this one no longer gives: removed."
    )
    duplicates: int
    bad: int = Field(description="Rows refused (all kept in the store's bad_rows).")
    bad_rows: list[BadRow] = Field(description=f"The first {SHOW_BAD_ROWS} refused rows.")
    already_ingested: bool
    ingest_id: int | None
    seconds: float
    exit_code: int = Field(
        description="What trucewatch ingest would exit with: 0 done, 1 done but rows refused."
    )
    refresh: RefreshAfterWrite | None = Field(
        description="The verdicts brought up to date and the alerts queued after the ingest "
        "(null with refresh=false)."
    )
    message: str


class RefreshAnswer(BaseModel):
    """What a verdict update did."""

    windows_total: int
    windows_rejudged: int
    windows_kept: int
    windows_removed: int
    verdicts_written: int
    events: int
    seconds: float
    message: str


def _bad_rows(errors: tuple[RowError, ...] | list[RowError]) -> list[dict[str, Any]]:
    return [
        {"file": e.file, "line": e.line, "field": e.field, "value": e.value, "reason": e.reason}
        for e in errors[:SHOW_BAD_ROWS]
    ]


def _answer(report: IngestReport) -> dict[str, Any]:
    if report.already_ingested:
        message = f"{report.file}: already ingested (ingest #{report.ingest_id}), 0 events added"
    else:
        message = (
            f"{report.file}: {report.rows:,} rows read, {report.added:,} events added"
            f"{report.changes}, {report.duplicates:,} already stored, {report.bad:,} bad rows "
            f"({report.adapter})"
        )
    return {
        "file": report.file,
        "adapter": report.adapter,
        "sha256": report.sha256,
        "rows": 0 if report.already_ingested else report.rows,
        "stored": report.stored,
        "replaced": report.replaced,
        "restored": report.restored,
        "reread_of": report.reread_of,
        "dropped": report.dropped,
        "duplicates": report.duplicates,
        "bad": report.bad,
        "bad_rows": _bad_rows(report.errors),
        "already_ingested": report.already_ingested,
        "ingest_id": report.ingest_id,
        "seconds": round(report.seconds, 3),
        "exit_code": 1 if report.bad else 0,
        "message": message,
    }


def _options(
    encoding: str,
    source_name: str | None,
    mapping: str | None,
    published: str | None,
    split_incidents: bool,
    country: list[str] | None = None,
) -> dict[str, object]:
    """The options the query gives (``mapping`` read as JSON); which of them the source takes
    is checked by :func:`~trucewatch.jobs.source_adapter`, as for ``trucewatch ingest``."""
    options: dict[str, object] = {"encoding": encoding}
    given = {"source_name": source_name, "published": published}
    options.update((name, value) for name, value in given.items() if value is not None)
    if mapping is not None:
        try:
            columns = json.loads(mapping)
        except json.JSONDecodeError as exc:
            raise ApiError(422, f"mapping is not valid JSON: {exc}") from None
        if not isinstance(columns, dict):
            raise ApiError(422, "mapping must be a JSON object ({target: column} or options)")
        options["mapping"] = columns
    if split_incidents:
        options["split_incidents"] = True
    if country:
        options["countries"] = tuple(country)
    return options


async def _receive(request: Request, target: FilePath) -> int:
    """Stream the request body into ``target`` (its size is limited before it gets here:
    ``limits.BodyLimit`` answers 413 past ``create_app(max_upload=...)``)."""
    size = 0
    with target.open("wb") as out:
        async for chunk in request.stream():
            size += len(chunk)
            out.write(chunk)
    if size == 0:
        raise ApiError(422, "the upload is empty: send the file's bytes as the request body")
    return size


def refreshed(done: Refreshed) -> dict[str, Any]:
    """The answer's ``refresh``: what :func:`trucewatch.jobs.after_write` did."""
    report = done.verdicts
    return {
        "judged": report is not None,
        "verdicts_written": done.verdicts_written,
        "events_judged": 0 if report is None else report.events,
        "windows_rejudged": 0 if report is None else report.windows_rejudged,
        "alerts_queued": done.queued,
        "message": str(done),
    }


def _ingest(
    access: Access,
    adapter: Any,
    path: FilePath,
    strict: bool,
    label: str,
    refresh: bool,
    edits: Edits,
) -> dict[str, Any]:
    try:
        report = ingest_file(access.shared, adapter, path, strict=strict, label=label, edits=edits)
    except BadRowsError as exc:
        raise ApiError(
            422,
            f"{label}: {len(exc.errors):,} bad row(s) and strict: nothing stored",
            code="bad_rows",
            details=_bad_rows(exc.errors),
        ) from None
    answer = _answer(report)
    answer["refresh"] = refreshed(after_write(access)) if refresh else None
    if refresh:
        answer["message"] += f"; {answer['refresh']['message']}"
    return answer


_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "description": "The file's bytes, as they are on disk (not a multipart form).",
        "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


@router.post(
    "/ingest/{adapter}",
    status_code=201,
    response_model=IngestAnswer,
    responses={
        200: {"model": IngestAnswer, "description": "Already ingested: nothing added."},
        404: {"model": ErrorShape},
        413: {"model": ErrorShape},
        422: {"model": ErrorShape},
        503: {"model": ErrorShape},
    },
    openapi_extra=_UPLOAD_BODY,
)
async def ingest_upload(
    request: Request,
    response: Response,
    adapter: Annotated[
        str, Path(max_length=40, description="ucdp-ged, acled, gdelt, csv or news.")
    ],
    filename: Annotated[
        str,
        Query(
            max_length=200,
            description="The file's name: its suffix decides the format (.csv, .json, .zip, "
            ".html, .txt, .jsonl) and a news text's name is its article id.",
        ),
    ],
    strict: Annotated[bool, Query(description="Refuse the whole file if a row is bad.")] = False,
    edits: Annotated[
        Edits,
        Query(
            description="An event id stored with other content: a bad row (refuse), or the "
            "event's new version, replacing the stored one (replace: sources that edit events "
            "in place, e.g. acled)."
        ),
    ] = "refuse",
    encoding: Annotated[str, Query(max_length=40)] = "utf-8",
    source_name: Annotated[
        str | None, Query(max_length=100, description="csv only: source name in event ids.")
    ] = None,
    mapping: Annotated[
        str | None,
        Query(max_length=1000, description="csv only: JSON {target: column} or options."),
    ] = None,
    published: Annotated[
        str | None, Query(max_length=40, description="news only: when text/HTML was published.")
    ] = None,
    split_incidents: Annotated[
        bool, Query(description="news only: one event per incident of a sentence.")
    ] = False,
    country: Annotated[
        list[str] | None,
        Query(
            max_length=8,
            description="news only: ISO code of a country the news is about (repeatable; "
            "default SY).",
        ),
    ] = None,
    refresh: Annotated[
        bool,
        Query(
            description="Bring the verdicts up to date and queue alerts after the ingest "
            "(false: they stay stale until the next refresh, for bulk loads)."
        ),
    ] = True,
) -> dict[str, Any]:
    """Ingest an uploaded event file (the body) with an adapter. Analyst or admin.

    As ``trucewatch ingest``: the file is stored whole in one transaction or not at all; the
    same bytes through the same adapter again add nothing (200, ``already_ingested``); bad
    rows are refused, kept and listed (``exit_code`` 1), or with ``strict`` refuse the whole
    file (422, nothing stored). With ``edits=replace`` an event id stored with other content
    is the event's new version (``replaced``), not a bad row. 201 when events were stored.
    Reads go on while the file is read; they wait only for the write. Then, unless
    ``refresh=false``, the verdicts are brought up to date and alerts queued from them
    (``refresh`` in the answer says how many).
    """
    access = access_of(request)
    key = await run_in_threadpool(access.require_write, request, "analyst")
    if not _FILENAME.fullmatch(filename) or filename in (".", ".."):
        raise ApiError(
            422,
            f"filename {filename!r}: give the file's plain name, e.g. ged_syria_2016.csv "
            "(letters, digits, '.', '_', '-', ' '; no folders)",
        )
    options = _options(encoding, source_name, mapping, published, split_incidents, country)
    reader = source_adapter(adapter, options)  # 404 for an unknown source, 422 for an option
    label = f"upload:{filename}"
    with tempfile.TemporaryDirectory(prefix="trucewatch-upload-") as folder:
        path = FilePath(folder) / filename
        await _receive(request, path)
        answer = await run_in_threadpool(
            _ingest, access, reader, path, strict, label, refresh, edits
        )
    if answer["already_ingested"]:
        response.status_code = 200
    log.info("ingest by key %s: %s", key.key_id, answer["message"])
    return answer


def _refresh(access: Access) -> dict[str, Any]:
    with access.writing() as store:
        report = refresh(store)
    return {
        "windows_total": report.windows_total,
        "windows_rejudged": report.windows_rejudged,
        "windows_kept": report.windows_kept,
        "windows_removed": report.windows_removed,
        "verdicts_written": report.verdicts_written,
        "events": report.events,
        "seconds": round(report.seconds, 3),
        "message": str(report),
    }


@router.post(
    "/verdicts/refresh",
    response_model=RefreshAnswer,
    responses={503: {"model": ErrorShape}},
)
async def refresh_verdicts(request: Request) -> dict[str, Any]:
    """Bring the stored verdicts up to date with the stored events and agreements (as
    ``trucewatch verdicts`` does first): only windows whose definition changed or that new
    events fall in are judged again. Analyst or admin. Reads wait while it writes."""
    access = access_of(request)
    await run_in_threadpool(access.require_write, request, "analyst")
    return await run_in_threadpool(_refresh, access)
