"""The spatial index of the fast engine: a coarse grid of scopes, a fine grid per scope.

* Global grid (degrees): each cell lists the scopes whose bounding box, widened by the
  largest event radius, meets the cell (with a lower bound of the distance, "gap"), and
  each scope lists its cells: the scope-by-scope loop walks a scope's cells, the
  event-by-event loop the scopes of an event's cell.
* Fine grid (km, in each scope's plane, over its bounding box plus a margin): each cell is
  ``inside`` or ``outside`` (no boundary segment comes near it: every point of the cell has the
  same answer, with a lower bound on the distance to the boundary) or ``boundary``. Each cell
  lists the only segments that can be nearest to a point of the cell (sorted by their distance
  to the cell's centre, so a query stops early), and each row of cells
  lists the segments whose y-range meets the row (for the exact ray-crossing test).
* Rasters of distances: per fine cell SUB x SUB sub-cells, and beyond the fine grid an outer
  raster reaching OUTER_KM past the box, each holding the signed distance from its centre to
  the boundary (int16 steps of a per-scope unit). Distance being 1-Lipschitz, a point at rho
  from a centre whose distance is d lies at |d| +- rho from the boundary: most pairs are
  decided from one lookup.
  (Built in :mod:`trucewatch.verdicts.rasters`.)

Margins (``eps``, about 1e-9 of the scope's size) are far above float rounding, so every
shortcut gives the answer the exact computation would. Built once per :class:`AgreementColumns`
and cached on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from numba import njit

from trucewatch.verdicts._geometry import (
    CELL_BOUNDARY,
    CELL_INSIDE,
    CELL_OUTSIDE,
    CHUNK,
    SCRATCH,
    SUB,
    covers_rows,
    seg_dist,
)
from trucewatch.verdicts.columns import AgreementColumns
from trucewatch.verdicts.global_grid import GlobalGrid, global_grid
from trucewatch.verdicts.rasters import (
    OUTER_KM,
    OUTER_SUB,
    float32_down,
    outer_raster,
    quantize,
    sub_raster,
)

__all__ = [
    "CELL_BOUNDARY",
    "CELL_INSIDE",
    "CELL_OUTSIDE",
    "GlobalGrid",
    "ScopeIndex",
    "index_of",
]

_MAX_FINE_CELLS = 1024
_MAX_FINE_SIDE = 64

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class ScopeIndex:
    """Segments, plane bounding boxes and fine grids of every scope (see the module docstring)."""

    sax: F64
    say: F64
    sbx: F64
    sby: F64
    seg_off: I64
    pbox: F64  # (S, 4): xmin, ymin, xmax, ymax in the plane
    eps: F64
    gx0: F64
    gy0: F64
    cw: F64
    ch: F64
    nx: I64
    ny: I64
    cell_off: I64
    cell_state: npt.NDArray[np.int8]
    cell_dlow: F64
    cand_off: I64
    cand: npt.NDArray[np.int32]
    # distance from the cell's centre to each candidate (ascending per cell), as float32
    # rounded down: only ever used as a lower bound (to stop a scan early)
    cand_dc: npt.NDArray[np.float32]
    cell_dhigh: F64  # upper bound (plus a margin) of the distance from the cell to the boundary
    row_base: I64
    row_off: I64
    row_seg: npt.NDArray[np.int32]
    row_xy: F64  # (len(row_seg), 4): the row's segments by value (ax, ay, bx, by)
    scope_win_off: I64
    scope_win: I64
    scope_t0: I64  # earliest start of the scope's windows
    scope_t1: I64  # latest end of the scope's windows (OPEN_END if one is open-ended)
    everywhere: I64
    chunk_off: I64  # scope s's segments in chunks of CHUNK: boxes chunk_box[chunk_off[s]:...]
    chunk_box: F64  # (chunks, 4): xmin, ymin, xmax, ymax of each chunk's segments
    # the fine grid again at SUB x SUB finer: per sub-cell the signed distance from its centre
    # to the boundary (_raster, int16 steps); scope s's sub-cells start at sub_off[s], by row.
    # After them, per scope, the outer raster: cells of 1/OUTER_SUB of a fine cell over the box
    # widened by OUTER_KM (origin out_x0/out_y0, out_nx x out_ny cells from out_off[s]), for
    # points beyond the fine grid; the last entry is NO_BOUNDS (beyond both)
    sub_off: I64
    sub_bounds: npt.NDArray[np.int16]  # in steps of sub_unit[s] (see _quantize)
    out_x0: F64
    out_y0: F64
    out_nx: I64
    out_ny: I64
    out_off: I64
    sub_unit: F64
    _grids: dict[float, GlobalGrid] = field(default_factory=dict, repr=False)

    def global_grid(self, agreements: AgreementColumns, max_radius_km: float) -> GlobalGrid:
        """The global grid for events of radius at most ``max_radius_km`` (cached)."""
        grid = self._grids.get(max_radius_km)
        if grid is None:
            grid = global_grid(agreements, self, max_radius_km)
            self._grids[max_radius_km] = grid
        return grid


def index_of(agreements: AgreementColumns) -> ScopeIndex:
    """The index of ``agreements`` (built on first use, then cached on the columns)."""
    cache: dict[str, Any] = agreements._cache
    index = cache.get("index")
    if index is None:
        index = _build(agreements)
        cache["index"] = index
    return index  # type: ignore[no-any-return]


def _segments(a: AgreementColumns) -> tuple[F64, F64, F64, F64, I64]:
    """Every ring's segments, scope after scope (rings are stored in scope order)."""
    ro = a.ring_offsets
    starts = [np.arange(ro[k], ro[k + 1] - 1) for k in range(len(ro) - 1)]
    first = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
    counts = np.zeros(a.n_scopes, dtype=np.int64)
    for s in range(a.n_scopes):
        r0 = a.poly_offsets[a.scope_offsets[s]]
        r1 = a.poly_offsets[a.scope_offsets[s + 1]]
        counts[s] = np.sum(np.diff(ro[r0 : r1 + 1]) - 1)
    offsets = np.zeros(a.n_scopes + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(counts)
    return a.vx[first], a.vy[first], a.vx[first + 1], a.vy[first + 1], offsets


def _build(a: AgreementColumns) -> ScopeIndex:
    sax, say, sbx, sby, seg_off = _segments(a)
    # one row per segment, so that a segment's four coordinates share a cache line: the
    # columns are strided views of it
    segments = np.column_stack([sax, say, sbx, sby])
    sax, say, sbx, sby = (segments[:, k] for k in range(4))
    n = a.n_scopes
    pbox = np.zeros((n, 4))
    gx0, gy0, cw, ch = (np.zeros(n) for _ in range(4))
    nx, ny = np.ones(n, dtype=np.int64), np.ones(n, dtype=np.int64)
    eps = np.zeros(n)
    for s in range(n):
        lo, hi = seg_off[s], seg_off[s + 1]
        xs = np.concatenate([sax[lo:hi], sbx[lo:hi]])
        ys = np.concatenate([say[lo:hi], sby[lo:hi]])
        pbox[s] = xs.min(), ys.min(), xs.max(), ys.max()
        w, h = pbox[s, 2] - pbox[s, 0], pbox[s, 3] - pbox[s, 1]
        margin = 0.25 * max(w, h) + 1.0
        width, height = w + 2 * margin, h + 2 * margin
        target = min(max(hi - lo, 64), _MAX_FINE_CELLS)
        size = math.sqrt(width * height / target)
        nx[s] = min(max(math.ceil(width / size), 1), _MAX_FINE_SIDE)
        ny[s] = min(max(math.ceil(height / size), 1), _MAX_FINE_SIDE)
        gx0[s], gy0[s] = pbox[s, 0] - margin, pbox[s, 1] - margin
        cw[s], ch[s] = width / nx[s], height / ny[s]
        extent = max(abs(pbox[s]).max(), width, height)
        eps[s] = 1e-9 * (extent + 1.0)
    built = _build_fine(sax, say, sbx, sby, seg_off, gx0, gy0, cw, ch, nx, ny, eps)
    cell_off, state, dlow, cand_off, cand, cand_dc, row_base, row_off, row_seg, row_xy = built
    # the first candidate is the nearest segment to the centre: d <= its distance + half-diagonal
    half_diag = 0.5 * np.sqrt(cw * cw + ch * ch) + 4.0 * eps
    dhigh = cand_dc[cand_off[:-1]] + np.repeat(half_diag, nx * ny)
    cand_dc = float32_down(cand_dc)
    # windows per scope, and windows whose scope is everywhere
    order = np.argsort(a.window_scope, kind="stable")
    counts = np.bincount(a.window_scope[a.window_scope >= 0], minlength=n)
    scope_win_off = np.zeros(n + 1, dtype=np.int64)
    scope_win_off[1:] = np.cumsum(counts)
    scope_win = order[a.window_scope[order] >= 0].astype(np.int64)
    everywhere = np.flatnonzero(a.window_scope < 0).astype(np.int64)
    scope_t0 = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    scope_t1 = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    scoped = a.window_scope >= 0
    np.minimum.at(scope_t0, a.window_scope[scoped], a.start_ns[scoped])
    np.maximum.at(scope_t1, a.window_scope[scoped], a.end_ns[scoped])
    chunk_off, chunk_box = _chunks(sax, say, sbx, sby, seg_off)
    sub_off = cell_off * (SUB * SUB)
    centre = sub_raster(sax, say, sbx, sby, gx0, gy0, cw, ch, nx, ny, eps, cell_off, state,
                        cand_off, cand, row_base, row_off, row_xy)  # fmt: skip
    out_x0 = pbox[:, 0] - OUTER_KM
    out_y0 = pbox[:, 1] - OUTER_KM
    out_w, out_h = cw / OUTER_SUB, ch / OUTER_SUB
    out_nx = np.ceil((pbox[:, 2] - pbox[:, 0] + 2 * OUTER_KM) / out_w).astype(np.int64)
    out_ny = np.ceil((pbox[:, 3] - pbox[:, 1] + 2 * OUTER_KM) / out_h).astype(np.int64)
    out_off = np.zeros(n + 1, dtype=np.int64)
    out_off[1:] = len(centre) + np.cumsum(out_nx * out_ny)
    out_off[0] = len(centre)
    outer = outer_raster(sax, say, sbx, sby, seg_off, pbox, eps, out_x0, out_y0, out_w, out_h,
                          out_nx, out_ny, chunk_off, chunk_box)  # fmt: skip
    sub_unit, sub_bounds = quantize(centre, outer, sub_off, out_off)
    return ScopeIndex(
        sax, say, sbx, sby, seg_off, pbox, eps, gx0, gy0, cw, ch, nx, ny, cell_off, state, dlow,
        cand_off, cand, cand_dc, dhigh, row_base, row_off, row_seg, row_xy, scope_win_off,
        scope_win, scope_t0, scope_t1, everywhere, chunk_off, chunk_box, sub_off, sub_bounds,
        out_x0, out_y0, out_nx, out_ny, out_off[:-1].copy(), sub_unit,
    )  # fmt: skip


def _chunks(sax: F64, say: F64, sbx: F64, sby: F64, seg_off: I64) -> tuple[I64, F64]:
    """Boxes of each scope's segments in runs of CHUNK (consecutive segments lie close)."""
    counts = -(-np.diff(seg_off) // CHUNK)
    chunk_off = np.zeros(len(counts) + 1, dtype=np.int64)
    chunk_off[1:] = np.cumsum(counts)
    starts = np.concatenate(
        [np.arange(seg_off[s], seg_off[s + 1], CHUNK) for s in range(len(counts))]
        + [np.zeros(0, dtype=np.int64)]
    )
    box = np.zeros((len(starts), 4))
    if len(starts):  # the chunks tile the segments in order: reduce over each run
        box[:, 0] = np.minimum.reduceat(np.minimum(sax, sbx), starts)
        box[:, 1] = np.minimum.reduceat(np.minimum(say, sby), starts)
        box[:, 2] = np.maximum.reduceat(np.maximum(sax, sbx), starts)
        box[:, 3] = np.maximum.reduceat(np.maximum(say, sby), starts)
    return chunk_off, box


@njit(cache=True, nogil=True)
def _grow(arr: np.ndarray, used: int) -> np.ndarray:
    if used < len(arr):
        return arr
    out = np.empty(max(2 * len(arr), 16), dtype=arr.dtype)
    out[:used] = arr[:used]
    return out


@njit(cache=True, nogil=True)
def _build_fine(sax, say, sbx, sby, seg_off, gx0, gy0, cw, ch, nx, ny, eps):  # type: ignore[no-untyped-def]
    n = len(seg_off) - 1
    cell_off = np.zeros(n + 1, dtype=np.int64)
    row_base = np.zeros(n + 1, dtype=np.int64)
    for s in range(n):
        cell_off[s + 1] = cell_off[s] + nx[s] * ny[s]
        row_base[s + 1] = row_base[s] + ny[s]
    n_cells = cell_off[n]
    state = np.zeros(n_cells, dtype=np.int8)
    dlow = np.zeros(n_cells)
    cand_off = np.zeros(n_cells + 1, dtype=np.int64)
    cand = np.empty(max(n_cells * 8, 16), dtype=np.int32)
    cand_dc = np.empty(max(n_cells * 8, 16))
    n_cand = 0
    row_off = np.zeros(row_base[n] + 1, dtype=np.int64)
    row_seg = np.empty(max(row_base[n] * 8, 16), dtype=np.int32)
    n_row = 0
    scratch = np.empty(SCRATCH)
    for s in range(n):  # per row of cells, the segments whose y-range meets it
        e = eps[s]
        for j in range(ny[s]):
            y0 = gy0[s] + j * ch[s] - e
            y1 = gy0[s] + (j + 1) * ch[s] + e
            for k in range(seg_off[s], seg_off[s + 1]):
                if max(say[k], sby[k]) >= y0 and min(say[k], sby[k]) <= y1:
                    row_seg = _grow(row_seg, n_row)
                    row_seg[n_row] = k
                    n_row += 1
            row_off[row_base[s] + j + 1] = n_row
    row_xy = np.empty((n_row, 4))  # the same segments by value, for covers_rows
    for q in range(n_row):
        k = row_seg[q]
        row_xy[q, 0] = sax[k]
        row_xy[q, 1] = say[k]
        row_xy[q, 2] = sbx[k]
        row_xy[q, 3] = sby[k]
    for s in range(n):
        lo, hi = seg_off[s], seg_off[s + 1]
        dc = np.empty(hi - lo)
        hd = 0.5 * np.sqrt(cw[s] * cw[s] + ch[s] * ch[s])
        e = eps[s]
        for j in range(ny[s]):
            r_lo = row_off[row_base[s] + j]
            r_hi = row_off[row_base[s] + j + 1]
            cy = gy0[s] + (j + 0.5) * ch[s]
            for i in range(nx[s]):
                cx = gx0[s] + (i + 0.5) * cw[s]
                best = np.inf
                for k in range(lo, hi):
                    d = seg_dist(cx, cy, sax[k], say[k], sbx[k], sby[k])
                    dc[k - lo] = d
                    if d < best:
                        best = d
                cell = cell_off[s] + j * nx[s] + i
                if best > hd + 4.0 * e:
                    inside = covers_rows(cx, cy, row_xy, r_lo, r_hi, scratch)
                    state[cell] = 1 if inside else 0
                    dlow[cell] = best - hd - 2.0 * e
                else:
                    state[cell] = 2
                    dlow[cell] = 0.0
                limit = best + 2.0 * hd + 4.0 * e
                first = n_cand
                for k in range(lo, hi):
                    if dc[k - lo] <= limit:
                        cand = _grow(cand, n_cand)
                        cand_dc = _grow(cand_dc, n_cand)
                        cand[n_cand] = k
                        cand_dc[n_cand] = dc[k - lo]
                        n_cand += 1
                order = np.argsort(cand_dc[first:n_cand], kind="mergesort")
                cand[first:n_cand] = cand[first:n_cand][order]
                cand_dc[first:n_cand] = cand_dc[first:n_cand][order]
                cand_off[cell + 1] = n_cand
    return (
        cell_off,
        state,
        dlow,
        cand_off,
        cand[:n_cand].copy(),
        cand_dc[:n_cand].copy(),
        row_base,
        row_off,
        row_seg[:n_row].copy(),
        row_xy,
    )
