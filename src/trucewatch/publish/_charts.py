"""The report's daily series plot, and what the report's plots share (colours, PNG output).

Plots are drawn with matplotlib's object API (no pyplot, no global state): each function
builds its own :class:`matplotlib.figure.Figure` on an Agg canvas and returns PNG bytes, so
importing this module changes nothing in matplotlib's settings and needs no display. The map
is in :mod:`trucewatch.publish._map`.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

from trucewatch.model.verdict import VerdictKind

__all__ = ["VERDICT_COLOURS", "series_png"]

#: Colour of each verdict on the map (colour-blind-safe Okabe-Ito hues).
VERDICT_COLOURS: dict[str, str] = {
    VerdictKind.VIOLATION.value: "#D55E00",
    VerdictKind.POSSIBLE_VIOLATION.value: "#E69F00",
    VerdictKind.UNLOCATED.value: "#CC79A7",
    VerdictKind.NOT_COVERED.value: "#0072B2",
    VerdictKind.OUTSIDE_WINDOW.value: "#999999",
    VerdictKind.OUTSIDE_SCOPE.value: "#BBBBBB",
}
DRAW_ORDER = (
    VerdictKind.OUTSIDE_SCOPE.value,
    VerdictKind.OUTSIDE_WINDOW.value,
    VerdictKind.NOT_COVERED.value,
    VerdictKind.UNLOCATED.value,
    VerdictKind.POSSIBLE_VIOLATION.value,
    VerdictKind.VIOLATION.value,
)
KIND_LABELS = {
    VerdictKind.VIOLATION.value: "violation",
    VerdictKind.POSSIBLE_VIOLATION.value: "possible violation",
    VerdictKind.UNLOCATED.value: "unlocated",
    VerdictKind.NOT_COVERED.value: "not covered",
    VerdictKind.OUTSIDE_WINDOW.value: "outside the window",
    VerdictKind.OUTSIDE_SCOPE.value: "outside the scope",
}
_DPI = 110
SMALL_FONT = 8
_ABOVE: dict[str, Any] = {
    "loc": "lower left",
    "bbox_to_anchor": (0.0, 1.0),
    "ncol": 3,
    "fontsize": 7,
    "frameon": False,
}


def png_bytes(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI, metadata={"Software": None})
    return buf.getvalue()


def shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _local(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)


def series_png(
    series: Any,
    *,
    timezone: str,
    change_points: Sequence[date] = (),
    title: str,
) -> bytes:
    """The daily series: events in the scope (and uncertain ones), deaths with their low-high
    band, the control area, and sources per day; the start and every later window start
    (extension, declaration) as vertical lines, change points as dashed lines.

    ``series`` is a :class:`trucewatch.effect.series.DailySeries` (read by field name).
    """
    tz = ZoneInfo(timezone)
    days = [datetime(d.year, d.month, d.day, 12) for d in series.days]
    panels = 3
    fig = Figure(figsize=(8.0, 6.4), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(panels, 1, sharex=True, height_ratios=(3, 2, 1.4))
    width = 0.85

    ax = axes[0]
    certain = list(series.scope_events)
    uncertain = list(series.scope_uncertain)
    ax.bar(days, certain, width=width, color="#D55E00", label="events in the scope")
    ax.bar(
        days,
        uncertain,
        width=width,
        bottom=certain,
        color="#E69F00",
        alpha=0.7,
        label="uncertain (time or space)",
    )
    if series.control_events is not None:
        ax2 = ax.twinx()
        ax2.plot(
            days,
            list(series.control_events),
            color="#0072B2",
            linewidth=1.0,
            label="control area (right axis)",
        )
        ax2.set_ylabel("control events", fontsize=SMALL_FONT, color="#0072B2")
        ax2.tick_params(labelsize=SMALL_FONT, colors="#0072B2")
        ax2.set_ylim(bottom=0)
        handles = ax.get_legend_handles_labels()
        more = ax2.get_legend_handles_labels()
        ax.legend(handles[0] + more[0], handles[1] + more[1], **_ABOVE)
    else:
        ax.legend(**_ABOVE)
    ax.set_ylabel("events / day", fontsize=SMALL_FONT)

    ax = axes[1]
    ax.fill_between(
        days,
        list(series.scope_deaths_low),
        list(series.scope_deaths_high),
        step="mid",
        color="#CC79A7",
        alpha=0.3,
        label="deaths low-high",
    )
    ax.step(days, list(series.scope_deaths_best), where="mid", color="#882255", linewidth=1.0)
    ax.plot([], [], color="#882255", label="deaths (best)")
    ax.set_ylabel("deaths / day", fontsize=SMALL_FONT)
    ax.legend(fontsize=7, loc="upper right")

    ax = axes[2]
    ax.bar(days, list(series.sources_per_day), width=width, color="#777777", label="sources")
    if series.volume is not None:
        ax3 = ax.twinx()
        ax3.plot(days, list(series.volume), color="#009E73", linewidth=1.0)
        ax3.set_ylabel("volume", fontsize=SMALL_FONT, color="#009E73")
        ax3.tick_params(labelsize=SMALL_FONT, colors="#009E73")
    ax.set_ylabel("sources / day", fontsize=SMALL_FONT)

    first = days[0] - timedelta(hours=12) if days else None
    last = days[-1] + timedelta(hours=12) if days else None
    key = []
    for i, (label, instant) in enumerate(series.marks, start=1):
        x = _local(instant, tz)
        key.append(f"{i} {label} ({x:%d %b %H:%M})")
        if first is not None and last is not None and not first <= x <= last:
            continue
        for a in axes:
            a.axvline(x, color="black", linewidth=1.2 if i == 1 else 0.7, zorder=5)
        axes[0].annotate(
            str(i),
            xy=(x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, -2 - 8 * ((i - 1) % 3)),
            textcoords="offset points",
            fontsize=6.5,
            va="top",
            ha="left",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            zorder=6,
        )
    for cp in change_points:
        x = datetime(cp.year, cp.month, cp.day)
        for a in axes:
            a.axvline(x, color="#CC0000", linewidth=0.9, linestyle="--", zorder=5)
    if change_points:
        axes[1].plot([], [], color="#CC0000", linestyle="--", label="change point")
        axes[1].legend(fontsize=7, loc="upper right", framealpha=0.8)

    for a in axes:
        a.tick_params(labelsize=SMALL_FONT)
        a.grid(axis="y", color="#e5e5e5", linewidth=0.5)
        a.set_ylim(bottom=0)
    locator = AutoDateLocator()
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(ConciseDateFormatter(locator))
    if first is not None and last is not None:
        axes[-1].set_xlim(first, last)
    windows = textwrap.fill("window starts: " + " · ".join(key), 130)
    axes[-1].set_xlabel(f"local day ({timezone})\n{windows}", fontsize=SMALL_FONT - 1)
    fig.suptitle(title, fontsize=9)
    return png_bytes(fig)
