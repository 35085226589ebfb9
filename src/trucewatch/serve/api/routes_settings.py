"""GET /settings and PUT /settings: the store's settings (``trucewatch settings``).

Readers see them; only an admin changes them, because a change re-judges every stored verdict
and changes every answer of the API and every command (docs/store.md, "Settings").
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from trucewatch.serve.api.access import Access
from trucewatch.serve.api.routes_data import access_of
from trucewatch.serve.api.schemas import ErrorShape
from trucewatch.settings import SettingsState, change_setting, settings_state

__all__ = ["router"]

router = APIRouter(tags=["settings"])


class SettingsIn(BaseModel):
    """The settings to store (every one: a PUT replaces them)."""

    model_config = ConfigDict(extra="forbid")

    min_share_inside: float = Field(
        ge=0,
        le=1,
        strict=True,
        allow_inf_nan=False,
        description="The least share of an event's location uncertainty disc inside a scope "
        "for the event to count as located in it (docs/verdicts.md, Location); default 0.5.",
    )


class SettingRow(BaseModel):
    name: str
    value: float
    default: float
    is_default: bool
    changed_at: datetime | None = Field(description="When it was last set (null: never).")
    description: str


class SettingsOut(BaseModel):
    """The store's settings and whether the stored verdicts are judged with them."""

    min_share_inside: float
    rules_version: str = Field(description="The rules version verdicts get with these settings.")
    settings: list[SettingRow]
    verdicts_current: bool = Field(
        description="Every stored verdict was judged with these settings (else: stale says why "
        "and POST /verdicts/refresh judges them again)."
    )
    stale: str | None
    note: str = Field(
        description="The sentence outputs that count verdicts add ('' at the default threshold)."
    )


class SettingsChanged(SettingsOut):
    """The settings after a PUT, and what was re-judged."""

    changed: list[str] = Field(description="What changed, one line per setting.")
    verdicts_rejudged: int = Field(description="Agreement windows judged again after it.")


def _out(state: SettingsState) -> dict[str, Any]:
    return {
        "min_share_inside": state.settings.min_share_inside,
        "rules_version": state.rules_version,
        "settings": [asdict(row) for row in state.rows],
        "verdicts_current": state.stale is None,
        "stale": state.stale,
        "note": state.note,
    }


@router.get("/settings", response_model=SettingsOut)
def get_settings(request: Request) -> dict[str, Any]:
    """The store's settings (as ``trucewatch settings show``): the location threshold every
    verdict, count, effect, report and alert is judged with. Readers."""
    access = access_of(request)
    access.require_read(request)
    with access.reading() as store:
        return _out(settings_state(store))


def _change(access: Access, body: SettingsIn) -> dict[str, Any]:
    with access.writing() as store:
        changes = [change_setting(store, name, value) for name, value in body.model_dump().items()]
        state = settings_state(store)
    rejudged = sum(c.update.windows_rejudged for c in changes if c.update is not None)
    return {**_out(state), "changed": [str(c) for c in changes], "verdicts_rejudged": rejudged}


@router.put(
    "/settings",
    response_model=SettingsChanged,
    responses={422: {"model": ErrorShape}, 503: {"model": ErrorShape}},
)
async def put_settings(request: Request, body: SettingsIn) -> dict[str, Any]:
    """Store the settings (as ``trucewatch settings set``), then judge again the stored
    verdicts judged otherwise, in the same writing turn: from the answer on, every route and
    command gives the verdicts of the new settings. Admin. An invalid value is 422 and
    nothing is stored."""
    access = access_of(request)
    await run_in_threadpool(access.require_write, request, "admin")
    return await run_in_threadpool(_change, access, body)
