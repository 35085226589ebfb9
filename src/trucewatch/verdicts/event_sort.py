"""The sort of a block of events for the engine's loops (index in grid.py).

:func:`cell_keys` gives each event its key (global cell, radius class) and drops, in one
branch-free pass, the events that can give no wanted row; :func:`spatial_sort` writes the kept
events' columns in key order (the event-by-event loop), :func:`scatter_records` writes them
as 64-byte rows (the scope-by-scope loop); :func:`event_major` puts pairs back in event
order.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = [
    "N_RADIUS_CLASSES",
    "RADIUS_CLASS_MAX",
    "cell_keys",
    "event_major",
    "scatter_records",
    "spatial_sort",
]

#: radius classes within a global cell (upper bounds, km; the last class takes the rest)
RADIUS_CLASS_MAX = np.array([0.0, 2.0, 5.0, 10.0, 25.0, 50.0, np.inf])
N_RADIUS_CLASSES = len(RADIUS_CLASS_MAX)


@njit(cache=True, nogil=True)
def cell_keys(lon, lat, rad, violent, side_a, side_b, b0, b1, g_lon0, g_lat0, g_size, g_nx,
               g_ny, cell_gap, near_only, drop_quiet, name_dropped, key, order):  # type: ignore[no-untyped-def]  # fmt: skip
    """The kept events of b0..b1-1 and their keys at the front of order/key; (kept, count).

    The key of an event is (cell, radius class): ``cell * N_RADIUS_CLASSES + k`` where class
    k holds radii up to RADIUS_CLASS_MAX[k] (the last class: any larger radius), so that a
    cell's events come by increasing radius class and a scope skips, per cell, the classes
    whose radii cannot reach it. ``count[key]`` is where that key starts in the sorted
    order (``count[n_keys]``: events outside the grid; ``count[n_keys + 1] == kept``).
    Written without data-dependent branches: which events are dropped is random, so
    branches would mispredict.
    """
    n_keys = g_nx * g_ny * N_RADIUS_CLASSES
    count = np.zeros(n_keys + 2, dtype=np.int64)
    kept = 0
    # (a product is cheaper than a division; a point within rounding of a cell's edge may
    # fall in the next cell, which the cells' padding (_PAD) covers)
    per_degree = 1.0 / g_size
    for i in range(b0, b1):
        fi = (lon[i] - g_lon0) * per_degree
        fj = (lat[i] - g_lat0) * per_degree
        in_grid = (fi >= 0.0) & (fi < g_nx) & (fj >= 0.0) & (fj < g_ny)
        cell = min(max(int(fj), 0), g_ny - 1) * g_nx + min(max(int(fi), 0), g_nx - 1)
        near = in_grid & (cell_gap[cell] <= rad[i])
        a, b = side_a[i], side_b[i]
        quiet = (
            (not violent[i])
            | ((a >= 0) & name_dropped[max(a, 0)])
            | ((b >= 0) & name_dropped[max(b, 0)])
        )
        drop = (near_only & (not near)) | (drop_quiet & quiet)
        r = rad[i]
        radius_class = 0
        for k in range(N_RADIUS_CLASSES - 1):
            radius_class += r > RADIUS_CLASS_MAX[k]
        c = cell * N_RADIUS_CLASSES + radius_class if in_grid else n_keys
        key[kept] = c
        order[kept] = i
        count[c + 1] += not drop
        kept += not drop
    for c in range(n_keys + 1):
        count[c + 1] += count[c]
    return kept, count


@njit(cache=True, nogil=True)
def spatial_sort(lon, lat, rad, lo_ns, hi_ns, violent, side_a, side_b, b0, b1, g_lon0, g_lat0,
                 g_size, g_nx, g_ny, cell_gap, near_only, drop_quiet, name_dropped, key, order,
                 s_lon, s_lat, s_rad, s_lo, s_hi, s_violent, s_a, s_b):  # type: ignore[no-untyped-def]  # fmt: skip
    """Sort the events of b0..b1-1 that can give a row by global cell; returns (kept, starts).

    A counting sort into the caller's buffers (at least b1 - b0 long): ``order[:kept]``
    are the kept events in cell order, ``s_*[:kept]`` their columns in that order, and
    ``order[starts[c]:starts[c+1]]`` the events of cell c (``starts[n_cells]`` ends the last
    cell; events outside the grid follow it). Neighbouring events then read the same part of
    the index. Dropped before the sort, so that they cost one sequential read: with
    ``near_only``, an event outside the grid or further than its radius from every scope box
    of its cell (``cell_gap``: the smallest gap of the cell's scopes, inf for none); with
    ``drop_quiet``, a non-violent event and an event with a side in ``name_dropped`` (a name
    excluded by every agreement): the caller wants none of the verdicts such an event can get.
    """
    kept, count = cell_keys(lon, lat, rad, violent, side_a, side_b, b0, b1, g_lon0, g_lat0,
                             g_size, g_nx, g_ny, cell_gap, near_only, drop_quiet, name_dropped,
                             key, order)  # fmt: skip
    starts = count[: len(count) - 1].copy()
    picked = order[:kept].copy()
    cells = key[:kept].copy()
    for k in range(kept):
        c = cells[k]
        i = picked[k]
        at = count[c]
        count[c] = at + 1
        order[at] = i
        s_lon[at] = lon[i]
        s_lat[at] = lat[i]
        s_rad[at] = rad[i]
        s_lo[at] = lo_ns[i]
        s_hi[at] = hi_ns[i]
        s_violent[at] = violent[i]
        s_a[at] = side_a[i]
        s_b[at] = side_b[i]
    return kept, starts


#: the columns of a row of spatial_records (floats are stored through a float64 view)
REC_LON, REC_LAT, REC_RAD, REC_LO, REC_HI, REC_A, REC_B_VIOLENT, REC_EVENT = range(8)


@njit(cache=True, nogil=True)
def scatter_records(lon, lat, rad, lo_ns, hi_ns, violent, side_a, side_b, key, order, kept,
                    count, rec, recf):  # type: ignore[no-untyped-def]  # fmt: skip
    """The kept events of :func:`cell_keys` as rows of 64 bytes in cell order; returns starts.

    ``rec`` is (at least kept, 8) int64 and ``recf`` the same memory as float64: per row
    lon, lat, radius (floats), lo_ns, hi_ns, side a, ``2 (side b + 1) + violent`` and the
    event's index (REC_*). A row moves as one block (one scattered cache line per event,
    where separate columns would scatter eight). ``count`` is consumed; the rows of cell c
    are ``rec[starts[c]:starts[c+1]]`` as in :func:`spatial_sort`.
    """
    starts = count[: len(count) - 1].copy()
    for k in range(kept):
        c = key[k]
        i = order[k]
        at = count[c]
        count[c] = at + 1
        recf[at, REC_LON] = lon[i]
        recf[at, REC_LAT] = lat[i]
        recf[at, REC_RAD] = rad[i]
        rec[at, REC_LO] = lo_ns[i]
        rec[at, REC_HI] = hi_ns[i]
        rec[at, REC_A] = side_a[i]
        rec[at, REC_B_VIOLENT] = 2 * (side_b[i] + 1) + violent[i]
        rec[at, REC_EVENT] = i
    return starts


@njit(cache=True, nogil=True)
def event_major(event_idx, b0, b1):  # type: ignore[no-untyped-def]
    """The permutation that sorts pairs by event (stable: windows stay sorted within one)."""
    count = np.zeros(b1 - b0 + 1, dtype=np.int64)
    for k in range(len(event_idx)):
        count[event_idx[k] - b0 + 1] += 1
    for e in range(b1 - b0):
        count[e + 1] += count[e]
    back = np.empty(len(event_idx), dtype=np.int64)
    for k in range(len(event_idx)):
        e = event_idx[k] - b0
        back[count[e]] = k
        count[e] += 1
    return back
