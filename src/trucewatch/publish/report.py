"""The monitoring report: one self-contained HTML page (and its PDF) for one agreement.

``build_report`` is pure: from events, their verdicts and the agreement (and, if already
computed, the daily series, effect estimates, change points and conditions) it returns a
:class:`Report` holding the HTML text and the PNG figures. ``write_report`` writes the HTML and
the PDF atomically (a temporary file in the same folder, then :func:`os.replace`): either both
files are complete, or the old ones, if any, stay as they were.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from trucewatch.errors import TrucewatchError, ValidationError
from trucewatch.model.agreement import BASE_WINDOW_ID, Agreement
from trucewatch.model.event import Event
from trucewatch.model.time import local_days_interval
from trucewatch.model.verdict import RULES_VERSION, Verdict
from trucewatch.publish import _content as content
from trucewatch.publish import _sections as sections
from trucewatch.publish._charts import series_png
from trucewatch.publish._glance import glance, news_violations
from trucewatch.publish._html import page
from trucewatch.publish._map import Boundary, MapPoint, map_png
from trucewatch.publish._pdf import render_pdf

if TYPE_CHECKING:
    from trucewatch.claims import ClaimCheck
    from trucewatch.effect.breakdown import ConditionResult
    from trucewatch.effect.estimates import WindowEffect
    from trucewatch.effect.series import DailySeries

__all__ = ["Report", "ReportFigure", "ReportPaths", "build_report", "write_report"]

DEFAULT_DAYS_BEFORE = 28


@dataclass(frozen=True, slots=True)
class ReportFigure:
    """One embedded chart: its id in the page, its alternative text and the PNG bytes."""

    figure_id: str
    alt: str
    png: bytes


@dataclass(frozen=True, slots=True)
class Report:
    """A built report: the HTML page (self-contained) and the figures it embeds."""

    agreement_id: str
    day: date | None
    title: str
    html: str
    figures: tuple[ReportFigure, ...]
    sections: tuple[str, ...]

    @property
    def stem(self) -> str:
        """The file name without extension: ``<agreement>-<day>`` (or ``-report``)."""
        return f"{self.agreement_id}-{self.day.isoformat() if self.day else 'report'}"


@dataclass(frozen=True, slots=True)
class ReportPaths:
    """Where a report was written."""

    html: Path
    pdf: Path


def series_range(agreement: Agreement, day: date | None, days_before: int) -> tuple[date, date]:
    tz = ZoneInfo(agreement.timezone)
    start_day = agreement.base.start.astimezone(tz).date()
    earliest = min(w.start for w in agreement.windows()).astimezone(tz).date()
    first = earliest - timedelta(days=days_before)
    last = max(day or start_day, start_day + timedelta(days=1))
    return first, last


def build_report(
    events: Sequence[Event],
    verdicts: Sequence[Verdict],
    agreement: Agreement,
    *,
    day: date | None = None,
    window_id: str = BASE_WINDOW_ID,
    series: DailySeries | None = None,
    effects: Sequence[WindowEffect] | None = None,
    change_points: Sequence[date] | None = None,
    conditions: Sequence[ConditionResult] | None = None,
    days_before: int = DEFAULT_DAYS_BEFORE,
    generated_at: datetime | None = None,
    boundaries: Sequence[Boundary] = (),
    freshness: Sequence[str] = (),
    claims: Sequence[ClaimCheck] = (),
) -> Report:
    """Build the report of ``agreement`` from ``events`` and their ``verdicts``.

    ``verdicts`` are those of ``judge(events, [agreement], include_outside=True)`` (other
    agreements' are ignored; without the outside pairs the control area is empty).
    ``day`` is the report's day (local to the agreement); by default the last day with an
    event in one of its windows. When not given, the statistics are computed with
    :mod:`trucewatch.effect`: ``series``, the ``DailySeries`` of ``window_id`` from
    ``days_before`` days before the first window start to ``day``; ``effects``,
    ``estimate_effect`` over the same days; ``change_points`` and ``conditions`` on that
    series. ``generated_at`` defaults to now (UTC). ``boundaries`` (admin units) are drawn on
    the map under the events. ``freshness``: the live feeds' lines
    (:func:`trucewatch.freshness.feed_statuses`), said under the first section. ``claims``:
    claims checked against the agreement (:func:`trucewatch.claims.check_claim`), listed in a
    section of their own beside the measured change (none: no such section).
    """
    if days_before < 1:
        raise ValidationError(f"days_before {days_before} must be >= 1")
    window = agreement.window(window_id)
    tz = agreement.timezone
    by_id = {e.event_id: e for e in events}
    judged = content.per_event(verdicts, agreement.id)
    if day is None:
        day = content.default_day(by_id, judged, tz)
    first_day, last_day = series_range(agreement, day, days_before)
    if series is None or effects is None or change_points is None or conditions is None:
        series, effects, change_points, conditions = _statistics(
            events,
            verdicts,
            agreement,
            window,
            first_day,
            last_day,
            series,
            effects,
            change_points,
            conditions,
        )

    return assemble_report(
        agreement,
        window_id,
        day,
        by_id,
        judged,
        statistics=(series, effects, change_points, conditions),
        n_events=len(events),
        n_judged=len(judged),
        points=_points(events, judged, agreement, day),
        adapters=sorted({e.adapter for e in events}),
        generated_at=generated_at,
        boundaries=boundaries,
        freshness=freshness,
        claims=claims,
    )


def assemble_report(
    agreement: Agreement,
    window_id: str,
    day: date | None,
    by_id: Mapping[str, Event],
    judged: Mapping[str, list[Verdict]],
    *,
    statistics: tuple[DailySeries, Sequence[WindowEffect], Sequence[date], Sequence[Any]],
    n_events: int,
    n_judged: int,
    points: Sequence[MapPoint],
    adapters: Sequence[str],
    generated_at: datetime | None = None,
    boundaries: Sequence[Boundary] = (),
    freshness: Sequence[str] = (),
    claims: Sequence[ClaimCheck] = (),
) -> Report:
    """The report page from its parts: the events with a verdict other than outside the scope
    (``by_id``) and their verdicts (every window, outside pairs included), the statistics
    (series, effects, change points, conditions), how many events there are and how many were
    judged against the windows, the map's
    points and the adapters of the events. :func:`build_report` makes them from objects,
    :func:`trucewatch.publish._store.report_for` from the store's columns."""
    series, effects, change_points, conditions = statistics
    window = agreement.window(window_id)
    tz = agreement.timezone
    title = f"Monitoring report: {agreement.name}"
    subtitle = (
        f"Agreement {agreement.id} · report day {day.isoformat() if day else '(no data)'} "
        f"(local, {tz}) · {n_events} events, {n_judged} judged against its windows"
        + news_violations(by_id, judged)
    )
    map_fig = ReportFigure(
        "fig-map",
        f"Map of the scope of {agreement.id} with events by verdict",
        map_png(
            _scopes(agreement),
            points,
            title=f"{agreement.id}: events from the start to {day or 'now'}, by verdict",
            boundaries=boundaries,
        ),
    )
    series_fig = ReportFigure(
        "fig-series",
        f"Daily series of events and deaths in the scope of {agreement.id}",
        series_png(
            series,
            timezone=tz,
            change_points=tuple(change_points),
            title=f"{agreement.id}, window {window.id}: daily events and deaths",
        ),
    )
    day_shown, spanning = ([], 0) if day is None else content.day_events(day, by_id, judged, tz)
    so_far = content.until(judged, by_id, day_end(day, tz))
    # what a monitor reads first (the day, the change, the cases pending), then the rest
    body = [
        glance(day, day_shown, spanning, series, so_far),
        *([sections.freshness(freshness)] if freshness else []),
        sections.day_violations(day, day_shown, spanning),
        sections.summary(agreement, so_far, adapters, day),
        sections.windows(agreement),
        sections.figure_section(
            "map", "Map of the scope and the events", map_fig, boundaries=bool(boundaries)
        ),
        sections.figure_section("series", "Daily series", series_fig),
        sections.effects(effects),
        sections.did(effects, series),
        sections.bounds(effects, series),
        *([_claims_section(claims, agreement.id)] if claims else []),
        sections.parties(content.by_party(by_id, so_far)),
        sections.types(content.by_type(by_id, so_far)),
        sections.conditions(agreement, conditions),
        sections.change_points(change_points),
        sections.sources(agreement, [d.event for d in day_shown], adapters),
    ]
    now = generated_at or datetime.now(UTC)
    footer = sections.footer(now, RULES_VERSION, adapters)
    html_text = page(title, subtitle, body, footer)
    return Report(
        agreement_id=agreement.id,
        day=day,
        title=title,
        html=html_text,
        figures=(map_fig, series_fig),
        sections=sections.SECTION_IDS + (("claims",) if claims else ()),
    )


def _claims_section(claims: Sequence[ClaimCheck], agreement_id: str) -> Any:
    from trucewatch.publish._claims_section import claims_section  # only with claims

    return claims_section(claims, agreement_id)


def _statistics(
    events: Sequence[Event],
    verdicts: Sequence[Verdict],
    agreement: Agreement,
    window: Any,
    first_day: date,
    last_day: date,
    series: Any,
    effects: Any,
    change_points: Any,
    conditions: Any,
) -> tuple[Any, Any, Any, Any]:
    # imported here: the statistics are optional inputs, and heavy (statsmodels, ruptures)
    if series is None:
        from trucewatch.effect.series import daily_series

        series = daily_series(
            events, verdicts, agreement, window, first_day=first_day, last_day=last_day
        )
    if effects is None:
        from trucewatch.effect.estimates import estimate_effect

        effects = estimate_effect(
            events, verdicts, agreement, first_day=first_day, last_day=last_day
        )
    if change_points is None:
        from trucewatch.effect.breakdown import change_points as find_change_points

        change_points = find_change_points(series)
    if conditions is None:
        from trucewatch.effect.breakdown import evaluate_conditions

        conditions = evaluate_conditions(agreement, series)
    return series, effects, change_points, conditions


def day_end(day: date | None, timezone: str) -> datetime | None:
    """The instant the local ``day`` ends (None for no day)."""
    if day is None:
        return None
    return local_days_interval(day, day, timezone).end


def _scopes(agreement: Agreement) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    seen: set[str] = set()
    for w in agreement.windows():
        scope = agreement.scope_of(w)
        if scope is None or scope.geometry is None or scope.spec_json in seen:
            continue
        seen.add(scope.spec_json)
        out.append((scope.label or f"{w.id} ({scope.kind})", scope.geometry))
    return out


def _points(
    events: Sequence[Event],
    judged: dict[str, list[Verdict]],
    agreement: Agreement,
    day: date | None,
) -> list[MapPoint]:
    """Events from the first window start to the end of ``day``, coloured by their worst
    verdict (an event with no verdict for this agreement lies outside its scope)."""
    start = min(w.start for w in agreement.windows())
    end = day_end(day, agreement.timezone)
    out = []
    for e in events:
        hi = e.when.end
        assert hi is not None
        if hi <= start or (end is not None and e.when.start >= end):
            continue
        kind = content.worst(judged.get(e.event_id, []))
        out.append(MapPoint(e.where.lon, e.where.lat, kind.value))
    return out


def _write_temp(folder: Path, suffix: str, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(prefix=".trucewatch-", suffix=suffix, dir=folder)
    try:
        os.chmod(name, 0o644)  # mkstemp makes 0600; a report is meant to be shared
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def write_report(report: Report, out_dir: Path, *, stem: str | None = None) -> ReportPaths:
    """Write ``<stem>.html`` and ``<stem>.pdf`` into ``out_dir`` (created if needed).

    The PDF is rendered first, both files go to temporary files in ``out_dir``, then each is
    moved into place with :func:`os.replace` (PDF first): a failure leaves no partial file.
    """
    name = stem or report.stem
    if not name or "/" in name or name.startswith("."):
        raise ValidationError(f"report file stem {name!r} must be a plain, non-hidden name")
    pdf_bytes = render_pdf(report.html)
    out_dir = Path(out_dir)
    temps: list[Path] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = ReportPaths(out_dir / f"{name}.html", out_dir / f"{name}.pdf")
        temps.append(_write_temp(out_dir, ".pdf", pdf_bytes))
        temps.append(_write_temp(out_dir, ".html", report.html.encode("utf-8")))
        os.replace(temps[0], paths.pdf)
        os.replace(temps[1], paths.html)
    except OSError as exc:
        raise TrucewatchError(f"cannot write the report into {out_dir}: {exc}") from exc
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
    return paths
