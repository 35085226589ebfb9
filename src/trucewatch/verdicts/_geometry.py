"""Exact planar primitives for the fast engine, written to give GEOS's answers bit for bit.

* :func:`seg_dist` is GEOS ``Distance::pointToSegment`` (same operations in the same order),
  so the minimum over a scope's segments equals shapely's point-to-boundary distance.
* :func:`orient` is the sign of the orientation determinant, computed exactly: GEOS's floating
  filter first, then an exact sum of the six products (Shewchuk-style expansions) where
  GEOS would fall back to double-double arithmetic.
* :func:`covers_rows` is GEOS ``RayCrossingCounter`` over the segments crossing a point's
  horizontal line; boundary points count as covered.
* :func:`space_exact` and :func:`space_only` answer one (point, radius, scope) query over the
  index of :mod:`trucewatch.verdicts.grid`: the first with the exact distance, the second with
  only as much geometry as the space code needs (bounds first, exact tests where they do not
  decide).

Compiled on first use (numba, cached on disk); nothing runs at import time.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from trucewatch.verdicts import codes as C

#: numba's njit without reference counting (the private ``_nrt=False`` flag): these helpers take
#: and return no new arrays, and dropping the NRT calls halves the cost of calling them.
njit_no_refcount = njit(cache=True, nogil=True, _nrt=False)  # type: ignore[call-overload]

CELL_OUTSIDE, CELL_INSIDE, CELL_BOUNDARY = 0, 1, 2
SCRATCH = 24  # floats of working memory for orient
SUB = 4  # sub-cells across a fine cell in the distance-bounds raster (grid.py)
CHUNK = 16  # consecutive segments per chunk box (the scan of a whole scope skips far chunks)
SKIP = -1  # the pair is OUTSIDE and was not asked for (its distance was not computed)
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


@njit_no_refcount
def _exact_sign(terms: np.ndarray, n: int) -> int:
    """Sign of the exact sum of ``terms[:n]`` (grow an expansion in ``terms[n:2n]``)."""
    e = terms[n : 2 * n]
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


@njit_no_refcount
def orient(
    p1x: float, p1y: float, p2x: float, p2y: float, qx: float, qy: float, scratch: np.ndarray
) -> int:
    """Sign of the orientation of (p1, p2, q): 1 left turn, -1 right turn, 0 collinear.

    ``scratch`` is at least :data:`SCRATCH` floats of working memory (nothing is allocated,
    so callers pay no reference counting).
    """
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
    terms = scratch
    terms[0], terms[1] = _two_prod(p2x, qy)
    terms[2], terms[3] = _two_prod(-p1x, qy)
    terms[4], terms[5] = _two_prod(p1x, p2y)
    terms[6], terms[7] = _two_prod(-p2y, qx)
    terms[8], terms[9] = _two_prod(p1y, qx)
    terms[10], terms[11] = _two_prod(-p1y, p2x)
    return _exact_sign(terms, 12)


@njit_no_refcount
def covers_rows(
    px: float, py: float, xy: np.ndarray, lo: int, hi: int, scratch: np.ndarray
) -> bool:
    """Whether the closed area bounded by segments ``xy[lo:hi]`` covers (px, py).

    ``xy[k]`` is a segment by value, ``(ax, ay, bx, by)`` (the index keeps, per row of a
    scope's fine grid, a copy of the row's segments in one block, so the test reads a few
    cache lines). ``xy[lo:hi]`` must hold every segment whose y-range contains ``py`` (of all
    rings of all polygons of the scope): the crossing parity over all rings is the polygon
    test for valid (multi)polygons, and a point on any segment is on the boundary.
    """
    count = 0
    for k in range(lo, hi):
        p1x = xy[k, 0]
        p1y = xy[k, 1]
        p2x = xy[k, 2]
        p2y = xy[k, 3]
        if p1x < px and p2x < px:
            continue
        if px == p2x and py == p2y:
            return True
        if p1y == py and p2y == py:
            if min(p1x, p2x) <= px <= max(p1x, p2x):
                return True
            continue
        if (p1y > py and p2y <= py) or (p2y > py and p1y <= py):
            sign = orient(p1x, p1y, p2x, p2y, px, py, scratch)
            if sign == 0:
                return True
            if p2y < p1y:
                sign = -sign
            if sign > 0:
                count += 1
    return count % 2 == 1


@njit_no_refcount
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


@njit_no_refcount
def min_dist_chunks(px, py, sax, say, sbx, sby, lo, hi, c0, chunk_box, e):  # type: ignore[no-untyped-def]
    """The smallest :func:`seg_dist` over segments ``lo..hi-1`` (a whole scope).

    The segments come in chunks of :data:`CHUNK` with boxes ``chunk_box[c0:]``; a chunk whose
    box is further than the best distance so far (less a margin ``4 e``) cannot hold the
    minimum and is skipped, so the answer is the plain minimum.
    """
    best = np.inf
    c = c0
    for k0 in range(lo, hi, CHUNK):
        gx = max(chunk_box[c, 0] - px, px - chunk_box[c, 2], 0.0)
        gy = max(chunk_box[c, 1] - py, py - chunk_box[c, 3], 0.0)
        c += 1
        if math.sqrt(gx * gx + gy * gy) - 4.0 * e > best:
            continue
        for j in range(k0, min(k0 + CHUNK, hi)):
            d = seg_dist(px, py, sax[j], say[j], sbx[j], sby[j])
            if d < best:
                best = d
    return best


@njit_no_refcount
def any_within_chunks(px, py, r, sax, say, sbx, sby, lo, hi, c0, chunk_box, e):  # type: ignore[no-untyped-def]
    """Whether some segment of ``lo..hi-1`` has :func:`seg_dist` < r (chunks as above).

    The chunk whose box is nearest is scanned first (it usually holds a segment nearer than
    r when there is one); then the others whose box comes nearer than r.
    """
    n_chunks = (hi - lo + CHUNK - 1) // CHUNK
    best, best_gap = -1, np.inf
    for k in range(n_chunks):
        c = c0 + k
        gx = max(chunk_box[c, 0] - px, px - chunk_box[c, 2], 0.0)
        gy = max(chunk_box[c, 1] - py, py - chunk_box[c, 3], 0.0)
        gap = gx * gx + gy * gy
        if gap < best_gap:
            best, best_gap = k, gap
    if best < 0 or math.sqrt(best_gap) - 4.0 * e >= r:
        return False
    for j in range(lo + best * CHUNK, min(lo + (best + 1) * CHUNK, hi)):
        if seg_dist(px, py, sax[j], say[j], sbx[j], sby[j]) < r:
            return True
    for k in range(n_chunks):
        c = c0 + k
        gx = max(chunk_box[c, 0] - px, px - chunk_box[c, 2], 0.0)
        gy = max(chunk_box[c, 1] - py, py - chunk_box[c, 3], 0.0)
        if k == best or math.sqrt(gx * gx + gy * gy) - 4.0 * e >= r:
            continue
        for j in range(lo + k * CHUNK, min(lo + (k + 1) * CHUNK, hi)):
            if seg_dist(px, py, sax[j], say[j], sbx[j], sby[j]) < r:
                return True
    return False


@njit_no_refcount
def space_exact(s, x, y, r, full, sax, say, sbx, sby, seg_off, pbox, eps, gx0, gy0, cw, ch,
                nx, ny, cell_off, cell_state, cell_dlow, cand_off, cand, cand_dc, row_base,
                row_off, row_xy, chunk_off, chunk_box, scratch):  # type: ignore[no-untyped-def]  # fmt: skip
    """(space code or SKIP, exact distance) of the point (x, y) in scope s's plane, radius r."""
    e = eps[s]
    gap = max(pbox[s, 0] - x, x - pbox[s, 2], pbox[s, 1] - y, y - pbox[s, 3], 0.0)
    if not full and gap > r + 4.0 * e:
        return SKIP, np.nan
    fx = (x - gx0[s]) / cw[s]
    fy = (y - gy0[s]) / ch[s]
    if 0.0 <= fx < nx[s] and 0.0 <= fy < ny[s]:
        i = int(fx)
        j = int(fy)
        cell = cell_off[s] + j * nx[s] + i
        state = cell_state[cell]
        if state == CELL_OUTSIDE:
            if not full and cell_dlow[cell] > r:
                return SKIP, np.nan
            inside = False
        elif state == CELL_INSIDE:
            inside = True
        else:
            row = row_base[s] + j
            inside = covers_rows(x, y, row_xy, row_off[row], row_off[row + 1], scratch)
        # candidates sorted by distance dc from the cell's centre: d >= dc - |p - centre|
        cx = gx0[s] + (i + 0.5) * cw[s]
        cy = gy0[s] + (j + 0.5) * ch[s]
        rho = np.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) + 4.0 * e
        d = np.inf
        for k in range(cand_off[cell], cand_off[cell + 1]):
            if cand_dc[k] - rho > d:
                break
            q = cand[k]
            dk = seg_dist(x, y, sax[q], say[q], sbx[q], sby[q])
            if dk < d:
                d = dk
    else:  # beyond the fine grid, which holds the scope's bounding box: not covered
        inside = False
        d = min_dist_chunks(
            x, y, sax, say, sbx, sby, seg_off[s], seg_off[s + 1], chunk_off[s], chunk_box, e
        )
    inside = inside or d == 0.0
    if d >= r:
        return (C.INSIDE if inside else C.OUTSIDE), d
    return C.SPACE_UNCERTAIN, d


@njit_no_refcount
def space_only(s, x, y, r, sax, say, sbx, sby, seg_off, pbox, eps, gx0, gy0, cw, ch, nx, ny,
               cell_off, cell_state, cell_dlow, cand_off, cand, cand_dc, row_base, row_off,
               row_xy, chunk_off, chunk_box, scratch):  # type: ignore[no-untyped-def]  # fmt: skip
    """The space code :func:`space_exact` gives, deciding ``d >= r`` without computing d.

    With d the exact distance GEOS would compute: OUTSIDE far from the box; the cell's state
    when r <= its lower bound; UNCERTAIN when r exceeds an upper bound (distance from the cell
    centre to the boundary plus the point's offset from the centre); otherwise the exact
    coverage test and segment distances until one is below r (or the sorted candidates are all
    provably >= r). r = 0 needs only coverage (and whether d == 0, which counts as covered).
    """
    e = eps[s]
    gap = max(pbox[s, 0] - x, x - pbox[s, 2], pbox[s, 1] - y, y - pbox[s, 3], 0.0)
    if gap > r + 4.0 * e:
        return C.OUTSIDE
    fx = (x - gx0[s]) / cw[s]
    fy = (y - gy0[s]) / ch[s]
    if not (0.0 <= fx < nx[s] and 0.0 <= fy < ny[s]):
        # beyond the fine grid (which holds the box with a margin): not covered, d > 0
        lo, hi = seg_off[s], seg_off[s + 1]
        if any_within_chunks(x, y, r, sax, say, sbx, sby, lo, hi, chunk_off[s], chunk_box, e):
            return C.SPACE_UNCERTAIN
        return C.OUTSIDE
    i = int(fx)
    j = int(fy)
    cell = cell_off[s] + j * nx[s] + i
    state = cell_state[cell]
    if state != CELL_BOUNDARY and r <= cell_dlow[cell]:
        return C.INSIDE if state == CELL_INSIDE else C.OUTSIDE
    c0 = cand_off[cell]
    c1 = cand_off[cell + 1]
    cx = gx0[s] + (i + 0.5) * cw[s]
    cy = gy0[s] + (j + 0.5) * ch[s]
    rho = np.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) + 4.0 * e
    if r > 0.0:  # a segment nearer than r decides without the coverage test
        for k in range(c0, c1):
            if cand_dc[k] - rho >= r:
                break
            q = cand[k]
            if seg_dist(x, y, sax[q], say[q], sbx[q], sby[q]) < r:
                return C.SPACE_UNCERTAIN
    if state == CELL_INSIDE:
        inside = True
    elif state == CELL_OUTSIDE:
        inside = False
    else:
        row = row_base[s] + j
        inside = covers_rows(x, y, row_xy, row_off[row], row_off[row + 1], scratch)
    if r == 0.0 and not inside:
        for k in range(c0, c1):  # d == 0 counts as covered
            if cand_dc[k] - rho > 0.0:
                break
            q = cand[k]
            if seg_dist(x, y, sax[q], say[q], sbx[q], sby[q]) == 0.0:
                return C.INSIDE
    return C.INSIDE if inside else C.OUTSIDE
