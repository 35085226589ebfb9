"""POST /agreements/{id}/end: record how an agreement, or one of its windows, ended."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool

from trucewatch.catalog import record_end
from trucewatch.serve.api.bodies import json_body
from trucewatch.serve.api.routes_agreements import RefreshQuery, with_refresh
from trucewatch.serve.api.routes_data import access_of
from trucewatch.serve.api.schemas import AgreementCreated, EndIn, ErrorShape

__all__ = ["router"]

router = APIRouter(tags=["agreements"])

AgreementId = Annotated[str, Path(min_length=1, max_length=100)]


def _end_agreement(
    access: Any, agreement_id: str, end: dict[str, Any], origin: str
) -> dict[str, Any]:
    with access.writing() as store:
        window = end.pop("window", None)
        agreement, version = record_end(store, agreement_id, end, window=window, origin=origin)
    return {
        "id": agreement.id,
        "name": agreement.name,
        "version": version,
        "windows": len(agreement.windows()),
    }


@router.post(
    "/agreements/{agreement_id}/end",
    status_code=201,
    response_model=AgreementCreated,
    responses={404: {"model": ErrorShape}, 422: {"model": ErrorShape}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": EndIn.model_json_schema()}},
        }
    },
)
async def end_agreement(
    request: Request, agreement_id: AgreementId, refresh: RefreshQuery = True
) -> dict[str, Any]:
    """Record how the agreement, or one window, ended: a new version. Analyst or admin.

    The body is an end as JSON (``kind``, ``at``, ``evidence``, optional ``window``,
    ``replaced_by``, ``note``): e.g. a collapse with its date and source, or a breakdown the
    effect module detected that an analyst accepts. The server adds it to the stored text and
    checks the result with the loader; its errors are 422 naming the field (``ended.at``). A
    window or agreement that already has an end is refused (422): change it with PUT. The
    changed windows are then re-judged and alerts queued (``refresh``), unless
    ``refresh=false``.
    """
    access = access_of(request)
    key = await run_in_threadpool(access.require_write, request, "analyst")
    fields = await json_body(request, EndIn, "the end")
    origin = f"api (key {key.key_id}): end recorded"
    answer = await run_in_threadpool(_end_agreement, access, agreement_id, fields, origin)
    return await run_in_threadpool(with_refresh, access, answer, refresh)
