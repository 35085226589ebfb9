"""The report's map: the scope polygons, admin boundaries and the events gathered in clusters.

Drawn with matplotlib's object API like :mod:`trucewatch.publish._charts` (no pyplot, no global
state, PNG bytes out). No web tiles are fetched: the map is the scope's polygons, the admin
boundaries kept in the store and the event points only.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from trucewatch.model.verdict import VerdictKind
from trucewatch.publish._charts import (
    DRAW_ORDER,
    KIND_LABELS,
    SMALL_FONT,
    VERDICT_COLOURS,
    png_bytes,
    shortened,
)

__all__ = ["Boundary", "Cluster", "MapPoint", "cluster_points", "map_png"]

_KM_PER_DEGREE = 111.195


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One event on the map: where, and the verdict that colours it."""

    lon: float
    lat: float
    verdict: str


@dataclass(frozen=True, slots=True)
class Boundary:
    """One admin unit drawn under the events: its name, admin level (0-3) and geometry."""

    name: str
    level: int
    geometry: BaseGeometry


@dataclass(frozen=True, slots=True)
class Cluster:
    """Events of one verdict gathered in one cell of the map: where to draw them, how many."""

    lon: float
    lat: float
    verdict: str
    count: int


#: cells across the map's width in which events are gathered into one marker per verdict
CLUSTER_CELLS = 40
#: at most this many units of the finest level drawn are named on the map
_MAX_NAMED = 40


def cluster_points(
    points: Sequence[MapPoint], extent: tuple[float, float, float, float], cos0: float
) -> list[Cluster]:
    """Points inside ``extent`` gathered per square cell (``CLUSTER_CELLS`` across) and verdict.

    A cluster sits at the mean of its points; when a cell holds several verdicts, each is
    nudged by most of a cell in its own direction so that none hides another. Points
    outside the extent are left out (the legend still counts them).
    """
    x0, y0, x1, y1 = extent
    size_x = (x1 - x0) / CLUSTER_CELLS
    size_y = size_x * cos0  # square on the ground: a degree of longitude is shorter
    cells: dict[tuple[int, int], dict[str, list[MapPoint]]] = {}
    for p in points:
        if not (x0 <= p.lon <= x1 and y0 <= p.lat <= y1):
            continue
        key = (int((p.lon - x0) // size_x), int((p.lat - y0) // size_y))
        cells.setdefault(key, {}).setdefault(p.verdict, []).append(p)
    out = []
    for by_kind in cells.values():
        nudge = len(by_kind) > 1
        for verdict, members in by_kind.items():
            lon = sum(p.lon for p in members) / len(members)
            lat = sum(p.lat for p in members) / len(members)
            if nudge:
                angle = 2 * math.pi * DRAW_ORDER.index(verdict) / len(DRAW_ORDER)
                lon += math.cos(angle) * size_x * 0.8
                lat += math.sin(angle) * size_y * 0.8
            out.append(Cluster(lon, lat, verdict, len(members)))
    return out


def _draw_boundaries(
    ax: Any, boundaries: Sequence[Boundary], extent: tuple[float, float, float, float]
) -> None:
    """Admin units crossing the extent, thin grey lines (coarser levels darker); the finest
    level drawn is named when it has few enough units in view."""
    view = box(*extent)
    shown = [b for b in boundaries if b.geometry.intersects(view)]
    if not shown:
        return
    finest = max(b.level for b in shown)
    for b in shown:
        for polygon in _polygons(b.geometry.intersection(view)):
            xs, ys = polygon.exterior.xy
            ax.plot(
                xs,
                ys,
                color="#777777" if b.level < finest else "#aaaaaa",
                linewidth=0.9 if b.level < finest else 0.5,
                zorder=1.5,
            )
    named = [b for b in shown if b.level == finest]
    if len(named) > _MAX_NAMED:
        return
    for b in named:
        where = b.geometry.intersection(view).representative_point()
        ax.annotate(
            shortened(b.name, 24),
            (where.x, where.y),
            ha="center",
            va="center",
            fontsize=5.5,
            color="#666666",
            style="italic",
            zorder=1.6,
        )


def _nice_km(span_km: float) -> float:
    """A round scale-bar length near a fifth of the map's width."""
    target = max(span_km / 5.0, 0.1)
    power = 10 ** math.floor(math.log10(target))
    for step in (5, 2, 1):
        if step * power <= target:
            return step * power
    return power


def _polygons(geometry: BaseGeometry) -> list[Any]:
    if geometry.geom_type == "Polygon":
        return [geometry]
    return [g for g in getattr(geometry, "geoms", []) if g.geom_type == "Polygon"]


def map_png(
    scopes: Sequence[tuple[str, BaseGeometry]],
    points: Sequence[MapPoint],
    *,
    title: str,
    boundaries: Sequence[Boundary] = (),
) -> bytes:
    """A map of the scope polygon(s) and the events coloured by verdict, with a km scale bar.

    The extent is the scopes' bounds with a margin; the aspect ratio is corrected for latitude
    so that a kilometre east is as long as a kilometre north near the centre of the map.
    Events are gathered into clusters (:func:`cluster_points`), each labelled with its count;
    ``boundaries`` (admin units) are drawn under them, the finest level legible at this
    extent named.
    """
    fig = Figure(figsize=(7.0, 5.6), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    bounds = [g.bounds for _, g in scopes]
    if bounds:
        x0 = min(b[0] for b in bounds)
        y0 = min(b[1] for b in bounds)
        x1 = max(b[2] for b in bounds)
        y1 = max(b[3] for b in bounds)
    elif points:
        x0, x1 = min(p.lon for p in points), max(p.lon for p in points)
        y0, y1 = min(p.lat for p in points), max(p.lat for p in points)
    else:
        x0, y0, x1, y1 = -1.0, -1.0, 1.0, 1.0
    pad = max(x1 - x0, y1 - y0, 0.02) * 0.12
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    lat0 = (y0 + y1) / 2
    cos0 = max(math.cos(math.radians(lat0)), 0.05)

    styles = ("-", "--", ":", "-.")
    for i, (label, geometry) in enumerate(scopes):
        for j, polygon in enumerate(_polygons(geometry)):
            xs, ys = polygon.exterior.xy
            ax.fill(xs, ys, facecolor="#f2efe6" if i == 0 else "none", zorder=1)
            ax.plot(
                xs,
                ys,
                color="#333333",
                linewidth=1.2 if i == 0 else 0.9,
                linestyle=styles[i % len(styles)],
                label=f"scope: {shortened(label)}" if j == 0 else None,
                zorder=2,
            )
            for hole in polygon.interiors:
                hx, hy = hole.xy
                ax.fill(hx, hy, facecolor="white", zorder=1)
                ax.plot(hx, hy, color="#333333", linewidth=0.7, zorder=2)

    _draw_boundaries(ax, boundaries, (x0, y0, x1, y1))
    totals = Counter(p.verdict for p in points)
    clusters = cluster_points(points, (x0, y0, x1, y1), cos0)
    for verdict in DRAW_ORDER:
        chosen = [c for c in clusters if c.verdict == verdict]
        if not totals[verdict]:
            continue
        ax.scatter(
            [c.lon for c in chosen],
            [c.lat for c in chosen],
            s=[30 + 22 * math.sqrt(c.count) for c in chosen],
            c=VERDICT_COLOURS[verdict],
            edgecolors="black" if verdict == VerdictKind.VIOLATION.value else "white",
            linewidths=0.4,
            alpha=0.85,
            label=f"{KIND_LABELS[verdict]} ({totals[verdict]})",
            zorder=3,
        )
        for c in chosen:
            if c.count >= 2:
                ax.annotate(
                    f"{c.count:,}",
                    (c.lon, c.lat),
                    xytext=(0, 0),
                    textcoords="offset points",
                    ha="center",
                    va="center",
                    fontsize=6 if c.count < 100 else 5.5,
                    color="white" if verdict != VerdictKind.OUTSIDE_SCOPE.value else "#333333",
                    fontweight="bold",
                    zorder=4,
                )

    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1.0 / cos0)
    ax.set_xlabel("longitude (°E)", fontsize=SMALL_FONT)
    ax.set_ylabel("latitude (°N)", fontsize=SMALL_FONT)
    ax.tick_params(labelsize=SMALL_FONT)
    ax.set_title(title, fontsize=9)
    ax.grid(color="#dddddd", linewidth=0.5, zorder=0)

    width_km = (x1 - x0) * _KM_PER_DEGREE * cos0
    bar_km = _nice_km(width_km)
    bar_deg = bar_km / (_KM_PER_DEGREE * cos0)
    bx = x0 + (x1 - x0) * 0.05
    by = y0 + (y1 - y0) * 0.05
    ax.plot([bx, bx + bar_deg], [by, by], color="black", linewidth=3, zorder=4)
    ax.text(
        bx + bar_deg / 2,
        by + (y1 - y0) * 0.015,
        f"{bar_km:g} km",
        ha="center",
        va="bottom",
        fontsize=SMALL_FONT,
        zorder=4,
    )
    legend = fig.legend(loc="outside lower center", ncol=2, fontsize=7, frameon=False)
    for handle in legend.legend_handles:
        if isinstance(handle, PathCollection):
            handle.set_sizes([40])  # one size in the key, whatever the first cluster's count
    return png_bytes(fig)
