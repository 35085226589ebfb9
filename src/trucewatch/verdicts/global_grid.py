"""The global grid of the fast engine: scopes per cell of a lon/lat grid, and cells per scope.

Each cell lists the scopes whose bounding box, widened by the largest event radius, meets the
cell, with a lower bound of the distance ("gap"); each scope lists its cells. The
scope-by-scope loop walks a scope's cells, the event-by-event loop the scopes of an event's
cell. Built by :meth:`trucewatch.verdicts.grid.ScopeIndex.global_grid` (cached per radius).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from trucewatch.verdicts.columns import AgreementColumns
from trucewatch.verdicts.plane import KM_PER_DEGREE

if TYPE_CHECKING:
    from trucewatch.verdicts.grid import ScopeIndex

__all__ = ["GlobalGrid", "global_grid"]

_MAX_GLOBAL_SIDE = 1024
_GLOBAL_CELLS_PER_SCOPE = 8.0  # global cells across a typical widened scope box
_PAD = 1e-7  # degrees, far above the rounding of the inverse projection and the cell lookup

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class GlobalGrid:
    """Scopes per cell of a lon/lat grid: cell (i, j) lists ``scopes[offsets[c]:offsets[c+1]]``.

    Each cell's scopes are sorted by ``gaps``, so an event of radius r stops at the first scope
    whose gap exceeds r (every later one is OUTSIDE for it).
    """

    lon0: float
    lat0: float
    size: float  # degrees per cell
    nx: int
    ny: int
    offsets: I64
    scopes: npt.NDArray[np.int32]
    gaps: F64  # lower bound (km, minus a margin) of the cell-to-scope-box distance, ascending
    cell_gap: F64  # per cell, its smallest gap (inf for a cell without scopes)
    # the same lists per scope: scope s meets cells scope_cells[scope_off[s]:scope_off[s+1]]
    # (ascending) with gaps scope_gaps[...]; scope_order: scopes by their first cell
    scope_off: I64
    scope_cells: I64
    scope_gaps: F64
    scope_order: I64


def global_grid(a: AgreementColumns, index: ScopeIndex, max_radius_km: float) -> GlobalGrid:
    n = a.n_scopes
    if n == 0:
        none = np.zeros(0, dtype=np.int64)
        return GlobalGrid(
            0.0, 0.0, 1.0, 1, 1, np.zeros(2, dtype=np.int64), np.zeros(0, np.int32), np.zeros(0),
            np.full(1, np.inf), np.zeros(1, dtype=np.int64), none, np.zeros(0), none,
        )  # fmt: skip
    boxes = np.zeros((n, 4))
    kxs = np.zeros(n)
    for s in range(n):
        lon0, lat0, coslat0 = a.origins[s]
        reach = max_radius_km + 4.0 * index.eps[s]
        kx = max(coslat0, 1e-12) * KM_PER_DEGREE
        kxs[s] = kx
        x0, y0, x1, y1 = index.pbox[s]
        boxes[s] = (
            lon0 + (x0 - reach) / kx - _PAD,
            lat0 + (y0 - reach) / KM_PER_DEGREE - _PAD,
            lon0 + (x1 + reach) / kx + _PAD,
            lat0 + (y1 + reach) / KM_PER_DEGREE + _PAD,
        )
    lon_min, lat_min = boxes[:, 0].min(), boxes[:, 1].min()
    lon_max, lat_max = boxes[:, 2].max(), boxes[:, 3].max()
    typical = float(np.median(np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])))
    span = max(lon_max - lon_min, lat_max - lat_min)
    size = max(typical / _GLOBAL_CELLS_PER_SCOPE, span / _MAX_GLOBAL_SIDE, 1e-6)
    gnx = min(math.ceil((lon_max - lon_min) / size) + 1, _MAX_GLOBAL_SIDE + 1)
    gny = min(math.ceil((lat_max - lat_min) / size) + 1, _MAX_GLOBAL_SIDE + 1)
    i0 = np.clip(((boxes[:, 0] - lon_min) / size).astype(np.int64), 0, gnx - 1)
    i1 = np.clip(((boxes[:, 2] - lon_min) / size).astype(np.int64), 0, gnx - 1)
    j0 = np.clip(((boxes[:, 1] - lat_min) / size).astype(np.int64), 0, gny - 1)
    j1 = np.clip(((boxes[:, 3] - lat_min) / size).astype(np.int64), 0, gny - 1)
    cells: list[I64] = []
    owners: list[I64] = []
    gaps: list[F64] = []
    for s in range(n):
        mesh_i, mesh_j = np.meshgrid(np.arange(i0[s], i1[s] + 1), np.arange(j0[s], j1[s] + 1))
        ii, jj = mesh_i.ravel(), mesh_j.ravel()
        cells.append(jj * gnx + ii)
        owners.append(np.full(len(ii), s, dtype=np.int64))
        # the cell's lon/lat box (padded for the rounding of the cell lookup) in s's plane
        lon0, lat0, _ = a.origins[s]
        cx0 = (lon_min + ii * size - _PAD - lon0) * kxs[s]
        cx1 = (lon_min + (ii + 1) * size + _PAD - lon0) * kxs[s]
        cy0 = (lat_min + jj * size - _PAD - lat0) * KM_PER_DEGREE
        cy1 = (lat_min + (jj + 1) * size + _PAD - lat0) * KM_PER_DEGREE
        x0, y0, x1, y1 = index.pbox[s]
        gx = np.maximum(np.maximum(x0 - cx1, cx0 - x1), 0.0)
        gy = np.maximum(np.maximum(y0 - cy1, cy0 - y1), 0.0)
        gap = np.sqrt(gx * gx + gy * gy) * (1.0 - 1e-9) - 4.0 * index.eps[s] - 1e-6
        gaps.append(np.maximum(gap, 0.0))
    cell = np.concatenate(cells)
    owner = np.concatenate(owners)
    gap = np.concatenate(gaps)
    order = np.lexsort((owner, gap, cell))
    offsets = np.zeros(gnx * gny + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(np.bincount(cell, minlength=gnx * gny))
    cell_gap = np.full(gnx * gny, np.inf)
    np.minimum.at(cell_gap, cell, gap)
    by_scope = np.lexsort((cell, owner))
    scope_off = np.zeros(n + 1, dtype=np.int64)
    scope_off[1:] = np.cumsum(np.bincount(owner, minlength=n))
    scope_cells = cell[by_scope]
    scope_order = np.argsort(scope_cells[scope_off[:-1]], kind="stable").astype(np.int64)
    return GlobalGrid(
        float(lon_min), float(lat_min), float(size), gnx, gny, offsets,
        owner[order].astype(np.int32), gap[order].copy(), cell_gap, scope_off, scope_cells,
        gap[by_scope].copy(), scope_order,
    )  # fmt: skip
