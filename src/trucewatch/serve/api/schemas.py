"""The shapes of requests and answers (pydantic), as published in /openapi.json."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AgreementCreated",
    "AgreementSummary",
    "AgreementText",
    "EffectAnswer",
    "EndIn",
    "ErrorBody",
    "ErrorShape",
    "EventPage",
    "ExtensionIn",
    "Health",
    "RefreshAfterWrite",
    "VerdictPage",
]

#: The longest agreement text accepted, in characters (bytes for a raw YAML body).
MAX_AGREEMENT_TEXT = 1_000_000


class ErrorBody(BaseModel):
    code: str = Field(description="A stable machine code: not_found, invalid, unauthorized...")
    message: str = Field(description="What went wrong and how to fix it, for people.")
    details: Any = Field(default=None, description="Per-field problems, when there are any.")


class ErrorShape(BaseModel):
    """Every error the API answers with."""

    error: ErrorBody


class Health(BaseModel):
    status: str
    version: str
    schema_version: int
    public_read: bool
    read_only: bool


class AgreementSummary(BaseModel):
    id: str
    name: str
    version: int
    start_utc: str | None
    end_utc: str | None = Field(description="When the last window ends; null if open-ended.")
    open_ended: bool = Field(description="Some window has no end, stated or recorded.")
    end: str = Field(
        description="How it ends, for people: 'open-ended (no end recorded): <windows>', or "
        "the recorded end ('collapsed 2016-09-19T21:00:00Z'), or the last window's end."
    )
    windows: int
    scope: str


class AgreementText(BaseModel):
    """An agreement in the YAML format trucewatch.agreement/1, as text."""

    text: str = Field(min_length=1, max_length=MAX_AGREEMENT_TEXT)


class RefreshAfterWrite(BaseModel):
    """What the refresh after a write did (trucewatch.jobs.after_write): verdicts brought up to
    date, alerts queued (delivered by the alert schedule or ``trucewatch alerts run``)."""

    judged: bool = Field(description="False when there was nothing to judge (no agreement).")
    verdicts_written: int
    events_judged: int
    windows_rejudged: int
    alerts_queued: int
    message: str


class AgreementCreated(BaseModel):
    id: str
    name: str
    version: int
    windows: int
    refresh: RefreshAfterWrite | None = Field(
        default=None, description="The refresh after the write; null with refresh=false."
    )


SLUG = r"^[a-z0-9][a-z0-9_.-]*$"


class ExtensionIn(BaseModel):
    """A new extension of an agreement's chain, with the keys of the YAML format."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=SLUG, max_length=100, description="New window id (a slug).")
    parent: str | None = Field(
        default=None, pattern=SLUG, max_length=100, description="Default: the last window."
    )
    start: str | None = Field(
        default=None,
        max_length=64,
        description="ISO 8601 instant with an offset; default: when the parent window ends.",
    )
    end: str | None = Field(default=None, max_length=64, description="Instant; or duration.")
    duration: str | None = Field(
        default=None, max_length=32, description="'48h', '3d', '90min', 'PT48H'..."
    )
    timezone: str | None = Field(default=None, max_length=64, description="IANA zone name.")
    scope: dict[str, Any] | None = Field(
        default=None, description="A scope of its own, as in the format (admin, geojson, point)."
    )
    note: str | None = Field(default=None, max_length=10_000)
    source: str | None = Field(default=None, pattern=r"^https?://\S+$", max_length=2_000)


class EndIn(BaseModel):
    """How an agreement (or one window) ended: an ``ended`` record of the YAML format."""

    model_config = ConfigDict(extra="forbid")

    window: str | None = Field(
        default=None, pattern=SLUG, max_length=100, description="Default: the whole agreement."
    )
    kind: Literal["expired", "lapsed", "collapsed", "superseded", "terminated"]
    at: str | None = Field(
        default=None,
        max_length=64,
        description="An instant with its offset, or a date YYYY-MM-DD (the end of that local "
        "day); only an expired window may leave it out.",
    )
    evidence: list[Annotated[str, Field(min_length=1, max_length=10_000)]] = Field(
        default_factory=list,
        max_length=50,
        description="Sources that report the end; needed for every kind but expired.",
    )
    replaced_by: str | None = Field(
        default=None, pattern=SLUG, max_length=100, description="Lapsed: the window that took over."
    )
    note: str | None = Field(default=None, max_length=10_000)


class EventPage(BaseModel):
    items: list[dict[str, Any]]
    total: int = Field(description="How many events match the filters (all pages).")
    limit: int
    offset: int
    next_cursor: str | None = Field(
        description="Pass as cursor= to get the next page; null on the last page."
    )
    truncated: bool = Field(description="More events match after this page (see next_cursor).")


class VerdictPage(BaseModel):
    items: list[dict[str, Any]]
    total: int = Field(description="How many verdicts match the filters (all pages).")
    limit: int
    offset: int
    truncated: bool = Field(description="More verdicts match after this page (offset=...).")


class EffectAnswer(BaseModel):
    agreement_id: str
    horizons: list[int | None]
    control: str
    min_share_inside: float = Field(
        description="The store's location threshold the events were judged with (GET /settings)."
    )
    records: list[dict[str, Any]] = Field(
        description="One record per window, horizon, measure, area and treatment of uncertain "
        "events (kind rate_ratio), and per difference in differences."
    )
