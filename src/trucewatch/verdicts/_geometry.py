"""Exact planar primitives for the fast engine, written to give GEOS's answers bit for bit.

* :func:`seg_dist` is GEOS ``Distance::pointToSegment`` (same operations in the same order),
  so the minimum over a scope's segments equals shapely's point-to-boundary distance.
* :func:`orient` is the sign of the orientation determinant, computed exactly: GEOS's floating
  filter first, then an exact sum of the six products (Shewchuk-style expansions) where
  GEOS would fall back to double-double arithmetic.
* :func:`covers` is GEOS ``RayCrossingCounter`` over the segments crossing a point's
  horizontal line; boundary points count as covered.

Compiled on first use (numba, cached on disk); nothing runs at import time.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_SPLIT = 134217729.0  # 2**27 + 1, Dekker's splitter
_SAFE_EPSILON = 1e-15  # GEOS DP_SAFE_EPSILON


@njit(cache=True, nogil=True)
def seg_dist(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    """Distance from (px, py) to segment A-B, as GEOS computes it."""
    if ax == bx and ay == by:
        dx = px - ax
        dy = py - ay
        return math.sqrt(dx * dx + dy * dy)
    r = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / (
        (bx - ax) * (bx - ax) + (by - ay) * (by - ay)
    )
    if r <= 0.0:
        dx = px - ax
        dy = py - ay
        return math.sqrt(dx * dx + dy * dy)
    if r >= 1.0:
        dx = px - bx
        dy = py - by
        return math.sqrt(dx * dx + dy * dy)
    s = ((ay - py) * (bx - ax) - (ax - px) * (by - ay)) / (
        (bx - ax) * (bx - ax) + (by - ay) * (by - ay)
    )
    return abs(s) * math.sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay))


@njit(cache=True, nogil=True)
def _two_prod(a: float, b: float) -> tuple[float, float]:
    x = a * b
    c = _SPLIT * a
    ahi = c - (c - a)
    alo = a - ahi
    c = _SPLIT * b
    bhi = c - (c - b)
    blo = b - bhi
    err = alo * blo - (((x - ahi * bhi) - alo * bhi) - ahi * blo)
    return x, err


@njit(cache=True, nogil=True)
def _exact_sign(terms: np.ndarray) -> int:
    """Sign of the exact sum of ``terms`` (grow an expansion, read its top component)."""
    n = len(terms)
    e = np.zeros(n)
    m = 0
    for k in range(n):
        q = terms[k]
        for i in range(m):
            x = q + e[i]
            bv = x - q
            av = x - bv
            e[i] = (q - av) + (e[i] - bv)
            q = x
        e[m] = q
        m += 1
    for i in range(m - 1, -1, -1):
        if e[i] > 0.0:
            return 1
        if e[i] < 0.0:
            return -1
    return 0


@njit(cache=True, nogil=True)
def orient(p1x: float, p1y: float, p2x: float, p2y: float, qx: float, qy: float) -> int:
    """Sign of the orientation of (p1, p2, q): 1 left turn, -1 right turn, 0 collinear."""
    detleft = (p1x - qx) * (p2y - qy)
    detright = (p1y - qy) * (p2x - qx)
    det = detleft - detright
    if detleft > 0.0:
        if detright <= 0.0:
            return 1 if det > 0.0 else (-1 if det < 0.0 else 0)
        detsum = detleft + detright
    elif detleft < 0.0:
        if detright >= 0.0:
            return 1 if det > 0.0 else (-1 if det < 0.0 else 0)
        detsum = -detleft - detright
    else:
        return 1 if det > 0.0 else (-1 if det < 0.0 else 0)
    errbound = _SAFE_EPSILON * detsum
    if det >= errbound or -det >= errbound:
        return 1 if det > 0.0 else (-1 if det < 0.0 else 0)
    # exact: p2x*qy - p1x*qy + p1x*p2y - p2y*qx + p1y*qx - p1y*p2x
    terms = np.empty(12)
    terms[0], terms[1] = _two_prod(p2x, qy)
    terms[2], terms[3] = _two_prod(-p1x, qy)
    terms[4], terms[5] = _two_prod(p1x, p2y)
    terms[6], terms[7] = _two_prod(-p2y, qx)
    terms[8], terms[9] = _two_prod(p1y, qx)
    terms[10], terms[11] = _two_prod(-p1y, p2x)
    return _exact_sign(terms)


@njit(cache=True, nogil=True)
def covers(
    px: float,
    py: float,
    sax: np.ndarray,
    say: np.ndarray,
    sbx: np.ndarray,
    sby: np.ndarray,
    segs: np.ndarray,
    lo: int,
    hi: int,
) -> bool:
    """Whether the closed area bounded by segments ``segs[lo:hi]`` covers (px, py).

    ``segs[lo:hi]`` must hold every segment whose y-range contains ``py`` (of all rings of
    all polygons of the scope): the crossing parity over all rings is the polygon test for
    valid (multi)polygons, and a point on any segment is on the boundary.
    """
    count = 0
    for k in range(lo, hi):
        j = segs[k]
        p1x = sax[j]
        p1y = say[j]
        p2x = sbx[j]
        p2y = sby[j]
        if p1x < px and p2x < px:
            continue
        if px == p2x and py == p2y:
            return True
        if p1y == py and p2y == py:
            if min(p1x, p2x) <= px <= max(p1x, p2x):
                return True
            continue
        if (p1y > py and p2y <= py) or (p2y > py and p1y <= py):
            sign = orient(p1x, p1y, p2x, p2y, px, py)
            if sign == 0:
                return True
            if p2y < p1y:
                sign = -sign
            if sign > 0:
                count += 1
    return count % 2 == 1


@njit(cache=True, nogil=True)
def min_dist(
    px: float,
    py: float,
    sax: np.ndarray,
    say: np.ndarray,
    sbx: np.ndarray,
    sby: np.ndarray,
    segs: np.ndarray,
    lo: int,
    hi: int,
) -> float:
    """The smallest :func:`seg_dist` over segments ``segs[lo:hi]``."""
    best = np.inf
    for k in range(lo, hi):
        j = segs[k]
        d = seg_dist(px, py, sax[j], say[j], sbx[j], sby[j])
        if d < best:
            best = d
    return best


@njit(cache=True, nogil=True)
def min_dist_span(
    px: float,
    py: float,
    sax: np.ndarray,
    say: np.ndarray,
    sbx: np.ndarray,
    sby: np.ndarray,
    lo: int,
    hi: int,
) -> float:
    """The smallest :func:`seg_dist` over segments ``lo..hi-1`` (a whole scope)."""
    best = np.inf
    for j in range(lo, hi):
        d = seg_dist(px, py, sax[j], say[j], sbx[j], sby[j])
        if d < best:
            best = d
    return best
