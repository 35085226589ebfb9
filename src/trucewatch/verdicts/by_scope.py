"""The fast engine's main loop, scope by scope: each scope meets the events of its cells.

:func:`run_by_scope` decides the (event, window) pairs of one block of events whose space is
not outside, when no window covers everywhere and outside pairs are not asked for (the
common case; :func:`trucewatch.verdicts.kernel.classify` uses the event-by-event loop
otherwise). The block's events are 64-byte rows sorted by (global cell, radius class)
(:func:`~trucewatch.verdicts.event_sort.scatter_records`), so the events of one cell are
contiguous. Each scope walks its cells (``GlobalGrid.scope_cells``), skips the radius
classes that cannot reach it from the cell, and keeps with a branch-free pass the events
within r of its box whose interval meets its windows; with all its candidates gathered, it
loads their raster bounds in one pass (:mod:`trucewatch.verdicts.rasters`), decides space
(exact geometry only where the bounds do not) and writes the rows. The scope's index stays
in cache while its events are read. Rows come out scope by scope; :func:`pair_order` puts
them in (event, window) order.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

from trucewatch.verdicts import codes as C
from trucewatch.verdicts._geometry import (
    SCRATCH,
    SKIP,
    SUB,
    space_exact,
    space_only,
)
from trucewatch.verdicts._pair_rules import verdict_code, window_codes
from trucewatch.verdicts.event_sort import (
    N_RADIUS_CLASSES,
    RADIUS_CLASS_MAX,
    REC_A,
    REC_B_VIOLENT,
    REC_EVENT,
    REC_HI,
    REC_LAT,
    REC_LO,
    REC_LON,
    REC_RAD,
)
from trucewatch.verdicts.plane import KM_PER_DEGREE
from trucewatch.verdicts.rasters import NO_BOUNDS, OUTER_SUB
from trucewatch.verdicts.records import GridArrays, Options, Output, ScopeArrays, WindowArrays

__all__ = ["pair_order", "run_by_scope", "window_needed"]

_UNDECIDED = -2
_DIGIT = 11  # bits per pass of pair_order's radix sort
_RADIX = 1 << _DIGIT
_I64_MIN = np.iinfo(np.int64).min
_I64_MAX = np.iinfo(np.int64).max


@njit(cache=True, nogil=True)
def window_needed(lo, hi, vi, ea, eb, w0, w1, scope_win, win_agreement, start_ns, end_ns,
            name_kind, accession_ns, want, skip_dated):  # type: ignore[no-untyped-def]  # fmt: skip
    """Whether some window of the scope can give a wanted verdict if the space is not outside."""
    for q in range(w0, w1):
        w = scope_win[q]
        if skip_dated and (hi <= start_ns[w] or lo >= end_ns[w]):
            continue  # BEFORE or AFTER: outside_window, not wanted
        tm, sa, sb = window_codes(w, lo, hi, ea, eb, win_agreement, start_ns, end_ns,
                                  name_kind, accession_ns)  # fmt: skip
        if (
            want[verdict_code(C.INSIDE, tm, vi, sa, sb)]
            or want[verdict_code(C.SPACE_UNCERTAIN, tm, vi, sa, sb)]
        ):
            return True
    return False


@njit(cache=True, nogil=True)
def run_by_scope(
    rec: npt.NDArray[np.int64],
    recf: npt.NDArray[np.float64],
    starts: npt.NDArray[np.int64],
    win: WindowArrays,
    ix: ScopeArrays,
    grid: GridArrays,
    opts: Options,
    out: Output,
    first: int,
    pos: int,
) -> tuple[int, int]:
    """Fill the output from ``pos`` on, scopes ``scope_order[first:]``; returns (pos, next).

    When the output is full, returns the position and the scope to resume from (that scope's
    rows are dropped and redone after the caller grows the arrays). With ``filtering`` a pair
    whose windows cannot give a wanted verdict whatever the space is dropped before any
    geometry beyond the fine grid's cell; the space is then exact (``with_dist``) or decided
    by ``space_only``. Rows are those of the event-by-event loop, in another order.
    """
    # the records' fields under the loop's short names (bindings only: no copy, no cost)
    # fmt: off
    origins, win_agreement = win.origins, win.window_agreement
    start_ns, end_ns = win.start_ns, win.end_ns
    name_kind, accession_ns = win.name_kind, win.accession_ns
    sax, say, sbx, sby = ix.sax, ix.say, ix.sbx, ix.sby
    seg_off, pbox, eps = ix.seg_off, ix.pbox, ix.eps
    gx0, gy0, cw, ch, nx, ny = ix.gx0, ix.gy0, ix.cw, ix.ch, ix.nx, ix.ny
    cell_off, cell_state, cell_dlow = ix.cell_off, ix.cell_state, ix.cell_dlow
    cand_off, cand, cand_dc = ix.cand_off, ix.cand, ix.cand_dc
    row_base, row_off, row_xy = ix.row_base, ix.row_off, ix.row_xy
    scope_win_off, scope_win = ix.scope_win_off, ix.scope_win
    scope_t0, scope_t1, chunk_off, chunk_box = ix.scope_t0, ix.scope_t1, ix.chunk_off, ix.chunk_box
    sub_off, sub_bounds, sub_unit = ix.sub_off, ix.sub_bounds, ix.sub_unit
    out_x0, out_y0, out_nx, out_ny, out_off = ix.out_x0, ix.out_y0, ix.out_nx, ix.out_ny, ix.out_off
    scope_order, sc_off = grid.scope_order, grid.scope_off
    sc_cell, sc_gap = grid.scope_cells, grid.scope_gaps
    with_dist, filtering, want = opts.with_distance, opts.filtering, opts.want
    o_event, o_window, o_space, o_time = out.event_idx, out.window_idx, out.space, out.time
    o_sa, o_sb = out.side_a_status, out.side_b_status
    o_verdict, o_dist = out.verdict, out.distance_km
    # fmt: on
    n_scopes = len(scope_order)
    scratch = np.empty(SCRATCH)
    near = np.empty(4096, dtype=np.int64)
    no_bounds = len(sub_bounds) - 1
    near_low = np.empty(len(near))
    near_high = np.empty(len(near))
    cap = len(o_event)
    skip_dated = filtering and not want[C.OUTSIDE_WINDOW]
    for si in range(first, n_scopes):
        s = scope_order[si]
        pos0 = pos
        w0 = scope_win_off[s]
        w1 = scope_win_off[s + 1]
        t0 = scope_t0[s] if skip_dated else _I64_MIN
        t1 = scope_t1[s] if skip_dated else _I64_MAX
        lon0 = origins[s, 0]
        lat0 = origins[s, 1]
        coslat = origins[s, 2]
        bx0 = pbox[s, 0]
        by0 = pbox[s, 1]
        bx1 = pbox[s, 2]
        by1 = pbox[s, 3]
        e4 = 4.0 * eps[s]
        fx0 = gx0[s]
        fy0 = gy0[s]
        fcw = cw[s]
        fch = ch[s]
        fnx = nx[s]
        fny = ny[s]
        sub_first = sub_off[s]
        sub_nx = fnx * SUB
        sub_ny = fny * SUB
        sub_w = fcw / SUB
        sub_h = fch / SUB
        o_x0 = out_x0[s]
        unit = sub_unit[s]
        o_w = fcw / OUTER_SUB
        o_h = fch / OUTER_SUB
        o_y0 = out_y0[s]
        o_nx = out_nx[s]
        o_ny = out_ny[s]
        o_first = out_off[s]
        # the scope's candidates from all its cells first, then their raster bounds in one
        # pass (many independent cache misses in flight), then the decisions
        m = 0
        for t in range(sc_off[s], sc_off[s + 1]):
            gap_c = sc_gap[t]
            # the cell's events by radius class: skip the classes whose radii cannot reach
            first_class = 0
            for k in range(N_RADIUS_CLASSES - 1):
                first_class += gap_c > RADIUS_CLASS_MAX[k]
            e_lo = starts[sc_cell[t] * N_RADIUS_CLASSES + first_class]
            e_hi = starts[(sc_cell[t] + 1) * N_RADIUS_CLASSES]
            if m + e_hi - e_lo > len(near):
                bigger = np.empty(2 * (m + e_hi - e_lo), dtype=np.int64)
                bigger[:m] = near[:m]
                near = bigger
                near_low = np.empty(len(near))
                near_high = np.empty(len(near))
            # branch-free: within r of the cell and of the box, interval meets the windows
            for i in range(e_lo, e_hi):
                r = recf[i, REC_RAD]
                x = (recf[i, REC_LON] - lon0) * coslat * KM_PER_DEGREE
                y = (recf[i, REC_LAT] - lat0) * KM_PER_DEGREE
                gap = max(bx0 - x, x - bx1, by0 - y, y - by1, 0.0)
                keep = (
                    (r >= gap_c) & (rec[i, REC_HI] > t0) & (rec[i, REC_LO] < t1) & (gap <= r + e4)
                )
                near[m] = i
                m += keep
        # bounds of the distance to the boundary from the raster: the distance d from the
        # centre of the point's sub-cell (beyond the fine grid: of its outer cell; beyond
        # both: NaN) gives |d| - rho <= distance <= |d| + rho at rho from the centre (margin
        # for the int16 steps and the rounding of rho), and the centre's side when the
        # point is nearer to it than |d|. NaN leaves the pair undecided.
        for k in range(m):
            i = near[k]
            x = (recf[i, REC_LON] - lon0) * coslat * KM_PER_DEGREE
            y = (recf[i, REC_LAT] - lat0) * KM_PER_DEGREE
            fx = (x - fx0) / fcw
            fy = (y - fy0) / fch
            in_grid = (fx >= 0.0) & (fx < fnx) & (fy >= 0.0) & (fy < fny)
            u = min(int(min(max(fx, 0.0), fnx) * SUB), sub_nx - 1)
            v = min(int(min(max(fy, 0.0), fny) * SUB), sub_ny - 1)
            ox = (x - o_x0) / o_w
            oy = (y - o_y0) / o_h
            in_outer = (ox >= 0.0) & (ox < o_nx) & (oy >= 0.0) & (oy < o_ny)
            ou = min(int(min(max(ox, 0.0), o_nx)), o_nx - 1)
            ov = min(int(min(max(oy, 0.0), o_ny)), o_ny - 1)
            o_at = o_first + ov * o_nx + ou if in_outer else no_bounds
            at = sub_first + v * sub_nx + u if in_grid else o_at
            # the same float operations as the builders (_raster, _outer_raster)
            cx = fx0 + (u + 0.5) * sub_w if in_grid else o_x0 + (ou + 0.5) * o_w
            cy = fy0 + (v + 0.5) * sub_h if in_grid else o_y0 + (ov + 0.5) * o_h
            q = sub_bounds[at]
            d = np.nan if q == NO_BOUNDS else q * unit
            rho = np.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy))
            a = abs(d)
            margin = e4 + unit
            near_low[k] = a - margin - rho
            near_high[k] = a + margin + rho if d > 0.0 else -(a + margin + rho)
        for k in range(m):
            i = near[k]
            r = recf[i, REC_RAD]
            lo = rec[i, REC_LO]
            hi = rec[i, REC_HI]
            vi = rec[i, REC_B_VIOLENT] & 1
            ea = rec[i, REC_A]
            eb = (rec[i, REC_B_VIOLENT] >> 1) - 1
            sp = _UNDECIDED
            d = np.nan
            low = near_low[k]
            high = near_high[k]
            if r <= low:  # d >= r: the sub-cell's side decides
                if high < 0.0:
                    continue  # outside
                if not with_dist:
                    sp = C.INSIDE
            elif not with_dist and r > abs(high):  # d < r
                sp = C.SPACE_UNCERTAIN
            if sp == _UNDECIDED:
                # the same float operations as plane.to_plane
                x = (recf[i, REC_LON] - lon0) * coslat * KM_PER_DEGREE
                y = (recf[i, REC_LAT] - lat0) * KM_PER_DEGREE
                if filtering and not window_needed(lo, hi, vi, ea, eb, w0, w1, scope_win,
                                             win_agreement, start_ns, end_ns, name_kind,
                                             accession_ns, want, skip_dated):  # fmt: skip
                    continue
                if with_dist:
                    sp, d = space_exact(s, x, y, r, False, sax, say, sbx, sby, seg_off,
                                        pbox, eps, gx0, gy0, cw, ch, nx, ny, cell_off,
                                        cell_state, cell_dlow, cand_off, cand, cand_dc,
                                        row_base, row_off, row_xy, chunk_off, chunk_box,
                                        scratch)  # fmt: skip
                else:
                    sp = space_only(s, x, y, r, sax, say, sbx, sby, seg_off, pbox, eps, gx0,
                                    gy0, cw, ch, nx, ny, cell_off, cell_state, cell_dlow,
                                    cand_off, cand, cand_dc, row_base, row_off, row_xy,
                                    chunk_off, chunk_box, scratch)  # fmt: skip
            if sp == SKIP or sp == C.OUTSIDE:
                continue
            if pos + (w1 - w0) > cap:
                return pos0, si
            for q in range(w0, w1):
                w = scope_win[q]
                if skip_dated and (hi <= start_ns[w] or lo >= end_ns[w]):
                    continue  # BEFORE or AFTER: outside_window, not wanted
                tm, sa, sb = window_codes(w, lo, hi, ea, eb, win_agreement, start_ns, end_ns,
                                          name_kind, accession_ns)  # fmt: skip
                v = verdict_code(sp, tm, vi, sa, sb)
                if not want[v]:
                    continue
                o_event[pos] = rec[i, REC_EVENT]
                o_window[pos] = w
                o_space[pos] = sp
                o_time[pos] = tm
                o_sa[pos] = sa
                o_sb[pos] = sb
                o_verdict[pos] = v
                o_dist[pos] = d
                pos += 1
    return pos, n_scopes


@njit(cache=True, nogil=True)
def pair_order(event_idx, window_idx, b0, b1, n_windows):  # type: ignore[no-untyped-def]
    """The permutation sorting rows by (event, window).

    A least-significant-digit radix sort of ``(event - b0) << bits(windows) | window`` in
    digits of 11 bits: every pass counts into 2,048 slots (in cache), where one counting sort
    by event would count into one slot per event of the block.
    """
    n = len(event_idx)
    w_bits = 1
    while (1 << w_bits) < n_windows:
        w_bits += 1
    e_bits = 1
    while (1 << e_bits) < b1 - b0:
        e_bits += 1
    key = np.empty(n, dtype=np.int64)
    for k in range(n):
        key[k] = ((event_idx[k] - b0) << w_bits) | window_idx[k]
    perm = np.arange(n)
    other_key = np.empty(n, dtype=np.int64)
    other_perm = np.empty(n, dtype=np.int64)
    count = np.empty(_RADIX + 1, dtype=np.int64)
    for shift in range(0, w_bits + e_bits, _DIGIT):
        count[:] = 0
        for k in range(n):
            count[((key[k] >> shift) & (_RADIX - 1)) + 1] += 1
        for d in range(_RADIX):
            count[d + 1] += count[d]
        for k in range(n):
            d = (key[k] >> shift) & (_RADIX - 1)
            at = count[d]
            count[d] = at + 1
            other_key[at] = key[k]
            other_perm[at] = perm[k]
        key, other_key = other_key, key
        perm, other_perm = other_perm, perm
    return perm
