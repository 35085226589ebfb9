"""The share of an event's uncertainty disc inside a scope: circle ∩ polygon areas, exactly.

The disc is a true circle of radius r in the scope's plane. The area of (circle ∩ polygon) is
the sum, over the edges (a, b) of every ring, of the signed area of (circle ∩ triangle(centre,
a, b)) (:func:`edge_area`: a triangle where the edge is inside the circle, a circular sector
where it is outside), times the ring's weight: +1 for a shell, -1 for a hole, times the sign of
the ring's orientation. No polygon clipping is needed, and an edge costs a few operations.

:func:`share_of_rings` is the definition (plain Python, edge after edge); the fast engine
compiles the same functions with numba (same operations in the same order, so the same
floats) and uses a quicker sum (:func:`_fast_total`: runs of chunks far from the centre
contribute one sector, telescoped) to decide, falling back to the definition when the quick
share is within :data:`BAND` of the threshold.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
from numba import njit

__all__ = [
    "BAND",
    "COARSER",
    "LOCATED",
    "MOSTLY_OUTSIDE",
    "edge_area",
    "location_code",
    "ring_weight",
    "rings_of",
    "share_of_rings",
    "shares_for_rings",
]

#: location codes of a pair (PairColumns.location)
LOCATED = 0  # located in the scope, or the question does not arise (space not uncertain)
COARSER = 1  # the disc is too large for min_share of it to fit in the scope
MOSTLY_OUTSIDE = 2  # the share inside is below the threshold
#: a quick share this close to the threshold is recomputed by the definition
BAND = 1e-9
_CHUNK = 16  # edges per chunk box of the quick sum

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def edge_area(ax: float, ay: float, bx: float, by: float, r: float) -> float:
    """Signed area of (circle of radius ``r`` about the origin) ∩ (triangle origin, a, b)."""
    rr = r * r
    if ax * ax + ay * ay <= rr and bx * bx + by * by <= rr:  # inside the circle: a triangle
        return 0.5 * (ax * by - ay * bx)
    dx = bx - ax
    dy = by - ay
    a = dx * dx + dy * dy
    if a == 0.0:
        return 0.0
    b = ax * dx + ay * dy
    c = ax * ax + ay * ay - r * r
    disc = b * b - a * c
    if disc <= 0.0:  # the edge's line misses the circle: a sector
        return 0.5 * r * r * math.atan2(ax * by - ay * bx, ax * bx + ay * by)
    root = math.sqrt(disc)
    t1 = (-b - root) / a
    t2 = (-b + root) / a
    if t2 <= 0.0 or t1 >= 1.0:  # the segment itself misses the circle: a sector
        return 0.5 * r * r * math.atan2(ax * by - ay * bx, ax * bx + ay * by)
    px, py = ax, ay
    if t1 > 0.0:
        px = ax + t1 * dx
        py = ay + t1 * dy
    qx, qy = bx, by
    if t2 < 1.0:
        qx = ax + t2 * dx
        qy = ay + t2 * dy
    out = 0.5 * (px * qy - py * qx)  # the part of the edge inside the circle: a triangle
    if t1 > 0.0:
        out += 0.5 * r * r * math.atan2(ax * py - ay * px, ax * px + ay * py)
    if t2 < 1.0:
        out += 0.5 * r * r * math.atan2(qx * by - qy * bx, qx * bx + qy * by)
    return out


def _ring_total(xs: Any, ys: Any, lo: int, hi: int, px: float, py: float, r: float) -> float:
    """Signed area of circle ∩ ring ``xs/ys[lo:hi]`` (closed), edge after edge."""
    total = 0.0
    for k in range(lo, hi - 1):
        total += edge_area(xs[k] - px, ys[k] - py, xs[k + 1] - px, ys[k + 1] - py, r)
    return total


def ring_weight(xs: F64, ys: F64, hole: bool) -> float:
    """+1 / -1: the ring's orientation sign (counter-clockwise +1), negated for a hole.

    The orientation is the sign of the shoelace sum, summed exactly (``math.fsum``), so it is
    the same whichever engine asks. A ring of zero area weighs 0.
    """
    twice = math.fsum((xs[:-1] * ys[1:] - xs[1:] * ys[:-1]).tolist())
    sign = 0.0 if twice == 0.0 else math.copysign(1.0, twice)
    return -sign if hole else sign


def rings_of(planar: Any) -> tuple[list[tuple[F64, F64, float]], float]:
    """The rings of a planar (Multi)Polygon as (xs, ys, weight), and the scope's area.

    The area is the exact sum of the rings' shoelace areas (shells minus holes), rounded once.
    """
    polygons = [planar] if planar.geom_type == "Polygon" else list(planar.geoms)
    out: list[tuple[F64, F64, float]] = []
    terms: list[float] = []
    for polygon in polygons:
        for k, ring in enumerate((polygon.exterior, *polygon.interiors)):
            coords = np.asarray(ring.coords, dtype=np.float64)
            xs, ys = np.ascontiguousarray(coords[:, 0]), np.ascontiguousarray(coords[:, 1])
            weight = ring_weight(xs, ys, k > 0)
            out.append((xs, ys, weight))
            terms.extend((weight * 0.5 * (xs[:-1] * ys[1:] - xs[1:] * ys[:-1])).tolist())
    return out, math.fsum(terms)


def share_of_rings(rings: list[tuple[F64, F64, float]], px: float, py: float, r: float) -> float:
    """Share of the circle (centre ``px, py``, radius ``r`` > 0) inside the rings, in [0, 1]."""
    total = 0.0
    for xs, ys, weight in rings:
        total += weight * _ring_total(xs, ys, 0, len(xs), px, py, r)
    share = total / (math.pi * r * r)
    return min(1.0, max(0.0, share))


def location_code(r: float, scope_area: float, share: float | None, min_share: float) -> int:
    """:data:`COARSER`, :data:`MOSTLY_OUTSIDE` or :data:`LOCATED` for an uncertain space.

    Coarser: even placed over the whole scope, the disc (area pi r²) could not have
    ``min_share`` of its area inside (pi r² * min_share > the scope's area).
    """
    if math.pi * r * r * min_share > scope_area:
        return COARSER
    if share is not None and share < min_share:
        return MOSTLY_OUTSIDE
    return LOCATED


# ---- the fast engine's side: the same functions compiled (tables: verdicts.locate.DiscTable) ----

_edge_nb = njit(cache=True, nogil=True)(edge_area)


@njit(cache=True, nogil=True)
def _ring_nb(xs, ys, lo, hi, px, py, r):  # type: ignore[no-untyped-def]
    """:func:`_ring_total`, compiled (the same loop)."""
    total = 0.0
    for k in range(lo, hi - 1):
        total += _edge_nb(xs[k] - px, ys[k] - py, xs[k + 1] - px, ys[k + 1] - py, r)
    return total


@njit(cache=True, nogil=True)
def _chunks(vx, vy, ring_offsets):  # type: ignore[no-untyped-def]
    """Per ring, chunks of up to 16 edges: chunk_off[k]..chunk_off[k+1], boxes (n, 4)."""
    n_rings = len(ring_offsets) - 1
    chunk_off = np.zeros(n_rings + 1, dtype=np.int64)
    for k in range(n_rings):
        edges = max(ring_offsets[k + 1] - ring_offsets[k] - 1, 0)
        chunk_off[k + 1] = chunk_off[k] + (edges + _CHUNK - 1) // _CHUNK
    box = np.empty((chunk_off[-1], 4))
    for k in range(n_rings):
        lo, hi = ring_offsets[k], ring_offsets[k + 1]
        for c in range(chunk_off[k], chunk_off[k + 1]):
            v0 = lo + (c - chunk_off[k]) * _CHUNK
            v1 = min(v0 + _CHUNK, hi - 1)  # last vertex of the chunk's last edge
            x0, y0, x1, y1 = vx[v0], vy[v0], vx[v0], vy[v0]
            for v in range(v0, v1 + 1):
                x0 = min(x0, vx[v])
                y0 = min(y0, vy[v])
                x1 = max(x1, vx[v])
                y1 = max(y1, vy[v])
            box[c, 0], box[c, 1], box[c, 2], box[c, 3] = x0, y0, x1, y1
    return chunk_off, box


@njit(cache=True, nogil=True)
def _sector(ax, ay, bx, by, r):  # type: ignore[no-untyped-def]
    return 0.5 * r * r * math.atan2(ax * by - ay * bx, ax * bx + ay * by)


@njit(cache=True, nogil=True)
def _fast_total(px, py, r, k0, k1, vx, vy, ring_offsets, weights, chunk_off, box):  # type: ignore[no-untyped-def]  # fmt: skip
    """Signed area of circle ∩ rings k0..k1-1, the quick way (equal up to rounding).

    Edges whose boxes are further than r from the centre lie outside the circle; a run of
    consecutive such edges (whole chunks of 16 at a time when a chunk's box is far) whose union
    box does not contain the centre lies in a half-plane through the centre, so its sectors add
    up to one sector from its first to its last vertex (one atan2 instead of one per edge).
    """
    rr = r * r
    total = 0.0
    for k in range(k0, k1):
        lo = ring_offsets[k]
        acc = 0.0
        run = False
        ux0 = uy0 = ux1 = uy1 = 0.0
        first = last = 0
        for c in range(chunk_off[k], chunk_off[k + 1]):
            v0 = lo + (c - chunk_off[k]) * _CHUNK
            v1 = min(v0 + _CHUNK, ring_offsets[k + 1] - 1)
            gx = max(box[c, 0] - px, px - box[c, 2], 0.0)
            gy = max(box[c, 1] - py, py - box[c, 3], 0.0)
            if gx * gx + gy * gy > rr:  # the whole chunk: one piece of a run
                bx0, by0, bx1, by1 = box[c, 0], box[c, 1], box[c, 2], box[c, 3]
                if run:
                    nx0, ny0 = min(ux0, bx0), min(uy0, by0)
                    nx1, ny1 = max(ux1, bx1), max(uy1, by1)
                    if nx0 <= px <= nx1 and ny0 <= py <= ny1:  # would enclose the centre
                        acc += _sector(vx[first] - px, vy[first] - py, vx[last] - px,
                                       vy[last] - py, r)  # fmt: skip
                        ux0, uy0, ux1, uy1 = bx0, by0, bx1, by1
                        first = v0
                    else:
                        ux0, uy0, ux1, uy1 = nx0, ny0, nx1, ny1
                else:
                    run = True
                    ux0, uy0, ux1, uy1 = bx0, by0, bx1, by1
                    first = v0
                last = v1
                continue
            for v in range(v0, v1):
                ax, ay, bx, by = vx[v], vy[v], vx[v + 1], vy[v + 1]
                ex0, ex1 = min(ax, bx), max(ax, bx)
                ey0, ey1 = min(ay, by), max(ay, by)
                gx = max(ex0 - px, px - ex1, 0.0)
                gy = max(ey0 - py, py - ey1, 0.0)
                if gx * gx + gy * gy > rr:  # this edge is outside the circle
                    if run:
                        nx0, ny0 = min(ux0, ex0), min(uy0, ey0)
                        nx1, ny1 = max(ux1, ex1), max(uy1, ey1)
                        if nx0 <= px <= nx1 and ny0 <= py <= ny1:
                            acc += _sector(vx[first] - px, vy[first] - py, vx[last] - px,
                                           vy[last] - py, r)  # fmt: skip
                            ux0, uy0, ux1, uy1 = ex0, ey0, ex1, ey1
                            first = v
                        else:
                            ux0, uy0, ux1, uy1 = nx0, ny0, nx1, ny1
                    else:
                        run = True
                        ux0, uy0, ux1, uy1 = ex0, ey0, ex1, ey1
                        first = v
                    last = v + 1
                    continue
                if run:
                    acc += _sector(vx[first] - px, vy[first] - py, vx[last] - px,
                                   vy[last] - py, r)  # fmt: skip
                    run = False
                acc += _edge_nb(ax - px, ay - py, bx - px, by - py, r)
        if run:
            acc += _sector(vx[first] - px, vy[first] - py, vx[last] - px, vy[last] - py, r)
        total += weights[k] * acc
    return total


@njit(cache=True, nogil=True)
def _square_share(px, py, r, b):  # type: ignore[no-untyped-def]
    """An upper bound of :func:`_box_share` without trigonometry: the area of (the disc's
    bounding square ∩ the box) over the disc's area."""
    w = min(px + r, b[2]) - max(px - r, b[0])
    h = min(py + r, b[3]) - max(py - r, b[1])
    if w <= 0.0 or h <= 0.0:
        return 0.0
    return w * h / (math.pi * r * r)


@njit(cache=True, nogil=True)
def _box_share(px, py, r, b):  # type: ignore[no-untyped-def]
    """Share of the circle inside the box ``b`` (xmin, ymin, xmax, ymax): its four edges."""
    x0, y0, x1, y1 = b[0] - px, b[1] - py, b[2] - px, b[3] - py
    area = (
        _edge_nb(x0, y0, x1, y0, r)
        + _edge_nb(x1, y0, x1, y1, r)
        + _edge_nb(x1, y1, x0, y1, r)
        + _edge_nb(x0, y1, x0, y0, r)
    )
    return area / (math.pi * r * r)


@njit(cache=True, nogil=True)
def _exact_total(px, py, r, k0, k1, vx, vy, ring_offsets, weights):  # type: ignore[no-untyped-def]
    """:func:`share_of_rings`' sum, compiled (the same operations in the same order)."""
    total = 0.0
    for k in range(k0, k1):
        total += weights[k] * _ring_nb(vx, vy, ring_offsets[k], ring_offsets[k + 1], px, py, r)
    return total


@njit(cache=True, nogil=True)
def _locate(event_idx, scope_of_row, px_all, py_all, r_all, min_share, scope_rings, vx, vy,
            ring_offsets, weights, areas, boxes, chunk_off, box, out):  # type: ignore[no-untyped-def]  # fmt: skip
    """Location codes of the rows (all with an uncertain space); the same (event, scope) as
    the row before reuses its answer."""
    prev_e, prev_s, prev = -1, -1, 0
    for i in range(len(event_idx)):
        e = event_idx[i]
        s = scope_of_row[i]
        if e == prev_e and s == prev_s:
            out[i] = prev
            continue
        px, py, r = px_all[i], py_all[i], r_all[i]
        code = 0
        if math.pi * r * r * min_share > areas[s]:
            code = 1
        elif min_share > 0.0 and _square_share(px, py, r, boxes[s]) < min_share - BAND:
            code = 2  # even the scope's box holds too little of the disc's bounding square
        elif min_share > 0.0 and _box_share(px, py, r, boxes[s]) < min_share - BAND:
            code = 2  # even the scope's whole box holds too little of the disc
        elif min_share > 0.0:
            k0, k1 = scope_rings[s], scope_rings[s + 1]
            quick = _fast_total(px, py, r, k0, k1, vx, vy, ring_offsets, weights, chunk_off, box)
            share = quick / (math.pi * r * r)
            if abs(share - min_share) <= BAND:
                exact = _exact_total(px, py, r, k0, k1, vx, vy, ring_offsets, weights)
                share = min(1.0, max(0.0, exact / (math.pi * r * r)))
            if share < min_share:
                code = 2
        out[i] = code
        prev_e, prev_s, prev = e, s, code
    return out


@njit(cache=True, nogil=True)
def _exact_shares(scope_of_row, px, py, r, scope_rings, vx, vy, ring_offsets, weights):  # type: ignore[no-untyped-def]  # fmt: skip
    out = np.empty(len(scope_of_row))
    for i in range(len(scope_of_row)):
        s = scope_of_row[i]
        total = _exact_total(px[i], py[i], r[i], scope_rings[s], scope_rings[s + 1], vx, vy,
                             ring_offsets, weights)  # fmt: skip
        out[i] = min(1.0, max(0.0, total / (math.pi * r[i] * r[i])))
    return out


def shares_for_rings(rings: list[tuple[F64, F64, float]], px: F64, py: F64, r: F64) -> F64:
    """:func:`share_of_rings` for many circles against one scope's rings, compiled (the same
    floats)."""
    if not rings:
        return np.zeros(len(px))
    vx = np.concatenate([xs for xs, _, _ in rings])
    vy = np.concatenate([ys for _, ys, _ in rings])
    offsets = np.zeros(len(rings) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(xs) for xs, _, _ in rings])
    weights = np.array([w for _, _, w in rings], dtype=np.float64)
    scope = np.zeros(len(px), dtype=np.int64)
    bounds = np.array([0, len(rings)], dtype=np.int64)
    return _exact_shares(scope, np.ascontiguousarray(px, dtype=np.float64),
                         np.ascontiguousarray(py, dtype=np.float64),
                         np.ascontiguousarray(r, dtype=np.float64), bounds, vx, vy, offsets,
                         weights)  # fmt: skip
