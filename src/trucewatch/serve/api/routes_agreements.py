"""GET/POST /agreements, GET/PUT /agreements/{id} and POST /agreements/{id}/extensions (the
effect is in routes_effect.py)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder

from trucewatch.agreements import agreement_to_dict, parse_agreement
from trucewatch.agreements._yaml import load_yaml
from trucewatch.agreements.edit import add_extension
from trucewatch.catalog import agreement_listing, load_agreements, stored_boundaries
from trucewatch.errors import AgreementError
from trucewatch.jobs import after_write
from trucewatch.model.agreement import Agreement
from trucewatch.serve.api.bodies import check_length, json_body
from trucewatch.serve.api.errors import ApiError
from trucewatch.serve.api.routes_data import access_of
from trucewatch.serve.api.routes_ingest import refreshed
from trucewatch.serve.api.schemas import (
    MAX_AGREEMENT_TEXT,
    AgreementCreated,
    AgreementSummary,
    ErrorShape,
    ExtensionIn,
)
from trucewatch.store import Store
from trucewatch.suggest import unknown_agreement

__all__ = ["RefreshQuery", "router", "stored_agreement", "with_refresh"]

router = APIRouter(tags=["agreements"])

AgreementId = Annotated[str, Path(min_length=1, max_length=100)]
RefreshQuery = Annotated[
    bool,
    Query(
        description="Re-judge the changed windows against the stored events and queue alerts "
        "after the write (false: their verdicts stay stale until the next refresh)."
    ),
]


def with_refresh(access: Any, answer: dict[str, Any], refresh: bool) -> dict[str, Any]:
    """``answer`` with what the refresh after the write did (trucewatch.jobs.after_write)."""
    return {**answer, "refresh": refreshed(after_write(access)) if refresh else None}


_YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")


def _agreements(store: Store) -> dict[str, Agreement]:
    return {a.id: a for a in load_agreements(store)}


def stored_agreement(store: Store, agreement_id: str) -> Agreement:
    """The latest stored version of ``agreement_id``, or the API's 404 naming the ids there are."""
    agreements = _agreements(store)
    if agreement_id not in agreements:
        raise unknown_agreement(agreement_id, agreements)
    return agreements[agreement_id]


@router.get("/agreements", response_model=list[AgreementSummary])
def list_agreements(request: Request) -> list[dict[str, Any]]:
    """The stored agreements (latest versions) with their start in UTC and their windows."""
    access = access_of(request)
    access.require_read(request)
    with access.reading() as store:
        listed = agreement_listing(store)
    return [jsonable_encoder(asdict(entry)) for entry in listed]


@router.get("/agreements/{agreement_id}")
def get_agreement(request: Request, agreement_id: AgreementId) -> dict[str, Any]:
    """One agreement: parties, scope and every window of its chain, in UTC."""
    access = access_of(request)
    access.require_read(request)
    with access.reading() as store:
        agreement = stored_agreement(store, agreement_id)
    return jsonable_encoder(agreement_to_dict(agreement))


def _text_of(body: bytes, content_type: str) -> str:
    if len(body) > MAX_AGREEMENT_TEXT:
        raise ApiError(413, f"the body is {len(body):,} bytes; at most {MAX_AGREEMENT_TEXT:,}")
    kind = content_type.split(";")[0].strip().lower()
    try:
        raw = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "the body is not UTF-8 text") from None
    if kind == "application/json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ApiError(400, f"the body is not valid JSON: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise ApiError(422, 'a JSON body must be {"text": "<agreement YAML>"}')
        raw = data["text"]
    elif kind not in _YAML_TYPES:
        raise ApiError(
            415,
            f"content type {kind or '(none)'!r}: send YAML (application/yaml) "
            'or JSON {"text": ...} (application/json)',
        )
    if not raw.strip():
        raise ApiError(422, "the agreement text is empty")
    return raw


def _validated(store: Store, text: str, source: str) -> Agreement:
    """The agreement ``text`` stands for, checked by the loader against the stored boundaries."""
    document, node = load_yaml(text, source)  # never reads a file: file scopes are refused
    agreement = parse_agreement(
        document, source=source, boundaries=stored_boundaries(store), node=node
    )
    unresolved = [s.spec.get("admin") for s in agreement.scopes() if s.geometry is None]
    if unresolved:
        raise AgreementError(
            f"scope names admin unit {unresolved[0]} but no stored boundary layer has it: "
            "load one first (trucewatch boundaries load)",
            path=source,
            field="scope",
        )
    return agreement


def _put(store: Store, agreement: Agreement, text: str, origin: str) -> dict[str, Any]:
    version = store.put_agreement(agreement.id, agreement.name, text, origin)
    return {
        "id": agreement.id,
        "name": agreement.name,
        "version": version,
        "windows": len(agreement.windows()),
    }


def _stored_text(store: Store, agreement_id: str) -> str:
    texts = {r.agreement_id: r.text for r in store.agreement_texts()}
    if agreement_id not in texts:
        raise unknown_agreement(agreement_id, texts)
    return texts[agreement_id]


def _store_agreement(access: Any, text: str, origin: str) -> dict[str, Any]:
    with access.writing() as store:
        return _put(store, _validated(store, text, "request body"), text, origin)


def _replace_agreement(access: Any, agreement_id: str, text: str, origin: str) -> dict[str, Any]:
    with access.writing() as store:
        _stored_text(store, agreement_id)
        agreement = _validated(store, text, "request body")
        if agreement.id != agreement_id:
            raise AgreementError(
                f"the text is agreement {agreement.id!r} but the path says {agreement_id!r}: "
                "a text replaces the agreement with its own id (POST /agreements adds a new one)",
                path="request body",
                field="id",
            )
        return _put(store, agreement, text, origin)


def _extend_agreement(
    access: Any, agreement_id: str, extension: dict[str, Any], origin: str
) -> dict[str, Any]:
    with access.writing() as store:
        source = f"agreement {agreement_id} with the new extension"
        text = add_extension(_stored_text(store, agreement_id), extension, source=source)
        return _put(store, _validated(store, text, source), text, origin)


_TEXT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/yaml": {"schema": {"type": "string"}},
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"text": {"type": "string"}},
                    "required": ["text"],
                }
            },
        },
    }
}


async def _body_text(request: Request) -> str:
    check_length(request)
    body = await request.body()
    return _text_of(body, request.headers.get("content-type", ""))


@router.post(
    "/agreements",
    status_code=201,
    response_model=AgreementCreated,
    responses={422: {"model": ErrorShape}},
    openapi_extra=_TEXT_BODY,
)
async def create_agreement(request: Request, refresh: RefreshQuery = True) -> dict[str, Any]:
    """Validate an agreement (YAML text, or JSON {"text": ...}) and store it. Analyst or admin.

    The same text again keeps its version; a changed text for the same id is a new version.
    Then its new or changed windows are judged and alerts queued (``refresh``), unless
    ``refresh=false``.
    """
    access = access_of(request)
    key = await run_in_threadpool(access.require_write, request, "analyst")
    text = await _body_text(request)
    origin = f"api (key {key.key_id})"
    answer = await run_in_threadpool(_store_agreement, access, text, origin)
    return await run_in_threadpool(with_refresh, access, answer, refresh)


@router.put(
    "/agreements/{agreement_id}",
    response_model=AgreementCreated,
    responses={404: {"model": ErrorShape}, 422: {"model": ErrorShape}},
    openapi_extra=_TEXT_BODY,
)
async def replace_agreement(
    request: Request, agreement_id: AgreementId, refresh: RefreshQuery = True
) -> dict[str, Any]:
    """Store a new full text for an existing agreement: a new version. Analyst or admin.

    404 for an id not stored (POST /agreements adds one); 422 when the text's id is not the
    path's, or the loader refuses the text. The same text again keeps its version.
    """
    access = access_of(request)
    key = await run_in_threadpool(access.require_write, request, "analyst")
    text = await _body_text(request)
    origin = f"api (key {key.key_id})"
    answer = await run_in_threadpool(_replace_agreement, access, agreement_id, text, origin)
    return await run_in_threadpool(with_refresh, access, answer, refresh)


@router.post(
    "/agreements/{agreement_id}/extensions",
    status_code=201,
    response_model=AgreementCreated,
    responses={404: {"model": ErrorShape}, 422: {"model": ErrorShape}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ExtensionIn.model_json_schema()}},
        }
    },
)
async def add_agreement_extension(
    request: Request, agreement_id: AgreementId, refresh: RefreshQuery = True
) -> dict[str, Any]:
    """Append an extension to the agreement's chain: a new version. Analyst or admin.

    The body is one extension as JSON (``id``, ``start`` — default: when its parent ends —,
    ``end`` or ``duration``, optional ``parent``, ``timezone``, ``scope``, ``note``,
    ``source``). The server appends it to the stored text and checks the result with the
    loader; its errors are 422 naming the field (``extensions[2].start``).
    """
    access = access_of(request)
    key = await run_in_threadpool(access.require_write, request, "analyst")
    fields = await json_body(request, ExtensionIn, "the extension")
    origin = f"api (key {key.key_id})"
    answer = await run_in_threadpool(_extend_agreement, access, agreement_id, fields, origin)
    return await run_in_threadpool(with_refresh, access, answer, refresh)
