"""GET /agreements/{id}/report: the monitoring report (HTML or PDF) of a stored agreement.

The report is built by :func:`trucewatch.publish._store.report_for` (what ``trucewatch
report`` runs): from the stored verdicts' columns when they are current, else the agreement
judged in memory against the stored events; a GET never writes to the store. Building is slow
(judging, statistics, charts; the PDF is laid out by WeasyPrint), so one report is built at a
time and answers are cached until the store gets new events or the agreement a new version.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from trucewatch.serve.api.costly import Answers
from trucewatch.serve.api.errors import ApiError
from trucewatch.serve.api.routes_agreements import AgreementId
from trucewatch.serve.api.routes_data import access_of
from trucewatch.serve.api.schemas import ErrorShape
from trucewatch.store.keys import ApiKey
from trucewatch.suggest import unknown_agreement

__all__ = ["REPORT_DAYS_AFTER", "REPORT_DAYS_BEFORE", "router"]

router = APIRouter(tags=["agreements"])

#: The report day may be this many days before the agreement's first window starts ...
REPORT_DAYS_BEFORE = 365
#: ... and this many days after it (the daily series runs to the report day).
REPORT_DAYS_AFTER = 5 * 366

_MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
#: the reports, by store state and parameters, built one at a time (docs/api.md)
REPORTS = Answers("report", 16)


def _build(
    access: Any, request: Request, key: ApiKey | None, agreement_id: str, day: date | None, fmt: str
) -> bytes:
    with access.reading() as store:
        known = [r.agreement_id for r in store.agreement_texts()]
        if agreement_id not in known:
            raise unknown_agreement(agreement_id, known)

        def compute() -> bytes:
            # imported here: the report's modules load matplotlib (~0.4 s of the start-up)
            from trucewatch.publish._pdf import render_pdf
            from trucewatch.publish._store import report_for

            report = report_for(store, agreement_id, day=day)
            return render_pdf(report.html) if fmt == "pdf" else report.html.encode("utf-8")

        return REPORTS.answer(access, request, key, store, (agreement_id, day, fmt), compute)


def _day_range(access: Any, agreement_id: str) -> tuple[date, date] | None:
    from trucewatch.catalog import load_agreements

    with access.reading() as store:
        agreement = next((a for a in load_agreements(store) if a.id == agreement_id), None)
    if agreement is None:
        return None
    first = min(w.start for w in agreement.windows()).date()
    return first - timedelta(days=REPORT_DAYS_BEFORE), first + timedelta(days=REPORT_DAYS_AFTER)


@router.get(
    "/agreements/{agreement_id}/report",
    response_class=Response,
    responses={
        200: {
            "description": "The report: a self-contained HTML page, or its PDF.",
            "content": {
                "text/html": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            },
        },
        404: {"model": ErrorShape},
        422: {"model": ErrorShape},
    },
)
def get_report(
    request: Request,
    agreement_id: AgreementId,
    format: Annotated[Literal["html", "pdf"], Query(description="html or pdf")] = "html",
    day: Annotated[
        date | None,
        Query(
            alias="date",
            description="The report day (local to the agreement); default: the last day "
            "with an event in one of its windows.",
        ),
    ] = None,
) -> Response:
    """The monitoring report of one agreement, as ``trucewatch report`` writes it."""
    access = access_of(request)
    key = access.require_read(request)
    if day is not None:
        span = _day_range(access, agreement_id)
        if span is not None and not span[0] <= day <= span[1]:
            raise ApiError(
                422,
                f"date {day.isoformat()} is outside the days a report of {agreement_id} "
                f"covers ({span[0].isoformat()} to {span[1].isoformat()})",
                details=[{"where": "query.date", "problem": "out of range", "type": "range"}],
            )
    body = _build(access, request, key, agreement_id, day, format)
    name = f"{agreement_id}-{day.isoformat() if day else 'report'}.{format}"
    return Response(
        body,
        media_type=_MEDIA[format],
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
