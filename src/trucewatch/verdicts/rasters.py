"""The engine's rasters of distances to a scope's boundary (built with the index, grid.py).

* :func:`sub_raster`: per fine cell, SUB x SUB sub-cells, each with the signed distance from
  its centre to the boundary (positive when covered), the exact value GEOS gives;
* :func:`outer_raster`: beyond the fine grid, cells of 1/OUTER_SUB of a fine cell reaching
  OUTER_KM past the scope's box, with the distance from each centre (never covered there);
* :func:`quantize`: both as int16 steps of a per-scope unit, NO_BOUNDS for "beyond both".

Distance being 1-Lipschitz, a point at rho from a centre whose distance is d lies at
|d| +- rho from the boundary, and on the centre's side when rho < |d| (see by_scope).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from numba import njit

from trucewatch.verdicts._geometry import (
    CELL_BOUNDARY,
    CELL_INSIDE,
    SCRATCH,
    SUB,
    covers_rows,
    min_dist_chunks,
    seg_dist,
)

__all__ = [
    "NO_BOUNDS",
    "OUTER_KM",
    "OUTER_SUB",
    "float32_down",
    "outer_raster",
    "quantize",
    "sub_raster",
]

NO_BOUNDS = -32768  # the raster's entry for points beyond both rasters
OUTER_KM = 12.0  # the outer raster reaches this far beyond a scope's box
OUTER_SUB = 2  # outer raster cells across a fine cell's width

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def quantize(centre: F64, outer: F64, sub_off: I64, out_off: I64) -> tuple[F64, Any]:
    """Both rasters as int16 in per-scope units (km per step; half the bytes of float32).

    A scope's unit is its largest distance over 32,000, so no value overflows; the kernel
    adds one unit to its margin (rounding to the nearest step is off by half a unit). The
    last entry, -32768, means no bounds.
    """
    n = len(sub_off) - 1
    unit = np.empty(n)
    q = np.empty(len(centre) + len(outer) + 1, dtype=np.int16)
    q[-1] = NO_BOUNDS
    for s in range(n):
        parts = (
            (sub_off[s], centre[sub_off[s] : sub_off[s + 1]]),
            (out_off[s], outer[out_off[s] - len(centre) : out_off[s + 1] - len(centre)]),
        )
        largest = max(float(np.abs(values).max(initial=0.0)) for _, values in parts)
        unit[s] = max(largest, 1e-6) / 32000.0
        for start, values in parts:
            q[start : start + len(values)] = np.rint(values / unit[s])
    return unit, q


def float32_down(values: F64) -> npt.NDArray[np.float32]:
    """``values`` as float32, each rounded towards minus infinity (never above the value)."""
    out = values.astype(np.float32)
    above = out.astype(np.float64) > values
    out[above] = np.nextafter(out[above], np.float32(-np.inf))
    return out


@njit(cache=True, nogil=True)
def outer_raster(sax, say, sbx, sby, seg_off, pbox, eps, out_x0, out_y0, cw, ch, out_nx,
                  out_ny, chunk_off, chunk_box):  # type: ignore[no-untyped-def]  # fmt: skip
    """The distance from each outer cell's centre to the boundary, negated (as in sub_raster).

    Only consulted for points beyond the fine grid, which are never covered: a cell that
    meets the scope's box lies inside the fine grid (a fine cell is narrower than its
    margin), so the centre of a consulted cell is outside the box and not covered either.
    """
    n = len(pbox)
    centre = np.empty(np.sum(out_nx * out_ny))
    at = 0
    for s in range(n):
        e = eps[s]
        for j in range(out_ny[s]):
            cy = out_y0[s] + (j + 0.5) * ch[s]
            for i in range(out_nx[s]):
                cx = out_x0[s] + (i + 0.5) * cw[s]
                d = min_dist_chunks(cx, cy, sax, say, sbx, sby, seg_off[s], seg_off[s + 1],
                                    chunk_off[s], chunk_box, e)  # fmt: skip
                centre[at] = -d  # not covered: see the docstring
                at += 1
    return centre


@njit(cache=True, nogil=True)
def sub_raster(sax, say, sbx, sby, gx0, gy0, cw, ch, nx, ny, eps, cell_off, state, cand_off, cand,
            row_base, row_off, row_xy):  # type: ignore[no-untyped-def]  # fmt: skip
    """The signed distance from each sub-cell's centre to the boundary (SUB x SUB per cell).

    Sub-cells are stored row by row over the scope's whole fine grid (``nx * SUB`` across);
    the value is positive when the centre is covered, negative when not (zero on the
    boundary). The cell's candidates hold the segment nearest to every point of the cell, so
    the value is the exact distance GEOS gives. A point p at distance rho from the centre is
    then at distance within |value| +- rho of the boundary, on the centre's side when
    rho < |value| (see by_scope).
    """
    n = len(gx0)
    total = cell_off[n] * SUB * SUB
    centre = np.empty(total)
    scratch = np.empty(SCRATCH)
    for s in range(n):
        sw = cw[s] / SUB
        sh = ch[s] / SUB
        across = nx[s] * SUB
        base = cell_off[s] * SUB * SUB
        for j in range(ny[s]):
            row = row_base[s] + j
            for i in range(nx[s]):
                cell = cell_off[s] + j * nx[s] + i
                for b in range(SUB):
                    cy = gy0[s] + (j * SUB + b + 0.5) * sh
                    for a in range(SUB):
                        cx = gx0[s] + (i * SUB + a + 0.5) * sw
                        best = np.inf
                        for k in range(cand_off[cell], cand_off[cell + 1]):
                            q = cand[k]
                            d = seg_dist(cx, cy, sax[q], say[q], sbx[q], sby[q])
                            if d < best:
                                best = d
                        at = base + (j * SUB + b) * across + i * SUB + a
                        if state[cell] == CELL_BOUNDARY:
                            inside = covers_rows(cx, cy, row_xy, row_off[row],
                                                 row_off[row + 1], scratch)  # fmt: skip
                        else:
                            inside = state[cell] == CELL_INSIDE
                        centre[at] = best if inside else -best
    return centre
