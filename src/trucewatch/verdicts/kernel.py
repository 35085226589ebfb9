"""The fast verdict engine: every (event, window) pair decided over columns, in one pass.

:func:`classify` is a pure function of :class:`EventColumns` and :class:`AgreementColumns`
(so it can run on any partition of the events) and returns :class:`PairColumns`. It applies
the rules of docs/verdicts.md exactly as the reference does: space from the exact distance to
the scope's boundary and the exact ray-crossing test in the scope's plane
(:mod:`trucewatch.verdicts._geometry`), with the grids of :mod:`trucewatch.verdicts.grid`
deciding most events without touching the polygon; time from integer nanoseconds; sides from
the per-agreement name table built with :func:`~trucewatch.verdicts.parties.classify_name`.
Options drop what a caller does not need (``with_distance``, ``kinds``) without changing any
row that is returned; events are processed in blocks, sorted by global cell, decided scope
by scope (:mod:`trucewatch.verdicts.by_scope`; event by event when outside pairs or
scope-less windows are asked for), then put back in (event, window) order. The loops are
compiled by numba on first use (cached on disk); nothing runs at import time.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import numpy.typing as npt
from numba import njit

from trucewatch.errors import ValidationError
from trucewatch.model.verdict import DEFAULT_MIN_SHARE_INSIDE, VerdictKind, check_min_share
from trucewatch.verdicts import codes as C
from trucewatch.verdicts._geometry import (
    CELL_BOUNDARY,
    CELL_INSIDE,
    CELL_OUTSIDE,
    SCRATCH,
    SKIP,
    space_exact,
    space_only,
)
from trucewatch.verdicts._pair_rules import verdict_code as _verdict
from trucewatch.verdicts._pair_rules import window_codes
from trucewatch.verdicts.by_scope import pair_order, run_by_scope, window_needed
from trucewatch.verdicts.codes import code_of
from trucewatch.verdicts.columns import AgreementColumns, EventColumns
from trucewatch.verdicts.event_sort import cell_keys, event_major, scatter_records, spatial_sort
from trucewatch.verdicts.grid import index_of
from trucewatch.verdicts.locate import apply_location, take_rows
from trucewatch.verdicts.pairs import FIELDS, PairColumns, empty, take, workspace
from trucewatch.verdicts.parties import NameKind
from trucewatch.verdicts.plane import KM_PER_DEGREE
from trucewatch.verdicts.records import (
    GridArrays,
    Options,
    Output,
    ScopeArrays,
    SortedEvents,
    WindowArrays,
)

__all__ = ["PairColumns", "classify"]

_KIND_EXCLUDED = int(NameKind.EXCLUDED)
_UNDECIDED = -2
_BLOCK = 1 << 18  # events per block, event by event (bounds the working memory beside the answer)
_SCOPE_BLOCK = 1 << 20  # events per block, scope by scope (more events per scope: fewer misses)
_MAX_ROWS = 1 << 22  # first allocation of a block's output at most (about 120 MB)


def classify(
    events: EventColumns,
    agreements: AgreementColumns,
    *,
    include_outside: bool = False,
    with_distance: bool = True,
    kinds: Collection[VerdictKind] | None = None,
    min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE,
) -> PairColumns:
    """Decide every (event, window) pair whose space is not outside (all with include_outside).

    ``agreements`` must have been packed for ``events.names``
    (``AgreementColumns.from_agreements(agreements, events.names)``).
    ``with_distance=False``: ``distance_km`` is NaN in every row, and space is decided with
    only as much geometry as the code needs (usually none). ``kinds``: only the pairs whose
    verdict is one of these (e.g. violation and possible violation); pairs that cannot reach
    one of them are dropped on time and sides before any geometry. Every row returned is the
    row the defaults would return (bar ``distance_km``). ``min_share_inside``: the location
    rule's threshold (docs/verdicts.md, "Location"), applied after the loops to the pairs whose
    space is uncertain (:mod:`trucewatch.verdicts.locate`).
    """
    if tuple(agreements.names) != tuple(events.names):
        raise ValidationError(
            "agreements were packed for another table of side names: build them with "
            "AgreementColumns.from_agreements(agreements, events.names)"
        )
    threshold = check_min_share(min_share_inside)
    wanted = None if kinds is None else {VerdictKind(k) for k in kinds}
    loop_kinds = wanted
    if wanted is not None and VerdictKind.UNLOCATED in wanted:  # unlocated pairs were possible
        loop_kinds = (wanted - {VerdictKind.UNLOCATED}) | {VerdictKind.POSSIBLE_VIOLATION}
    pairs = apply_location(
        _classify(events, agreements, include_outside, with_distance, loop_kinds),
        events,
        agreements,
        threshold,
    )
    if wanted is not None and loop_kinds != wanted:
        keep = np.isin(pairs.verdict, [code_of(k) for k in wanted])
        pairs = take_rows(pairs, np.flatnonzero(keep))
    elif wanted is not None and VerdictKind.POSSIBLE_VIOLATION in wanted:
        keep = pairs.verdict != C.UNLOCATED
        if not keep.all():
            pairs = take_rows(pairs, np.flatnonzero(keep))
    return pairs


def _classify(
    events: EventColumns,
    agreements: AgreementColumns,
    include_outside: bool,
    with_distance: bool,
    kinds: Collection[VerdictKind] | None,
) -> PairColumns:
    """The kernel's loops: rules 1-8, without the location rule."""
    want = np.ones(len(VerdictKind), dtype=np.bool_)
    if kinds is not None:
        want[:] = False
        for kind in kinds:
            want[code_of(VerdictKind(kind))] = True
    n, n_windows = len(events), len(agreements.window_ids)
    if n == 0 or n_windows == 0 or not want.any():
        return empty(0)
    ix = index_of(agreements)
    grid = ix.global_grid(agreements, float(events.radius_km.max()))
    work = workspace()
    # the loops' arrays as typed records, each field taken by name (trucewatch.verdicts.records)
    win = WindowArrays.of(agreements)
    scopes = ScopeArrays.of(ix)
    grid_arrays = GridArrays.of(grid)
    options = Options.of(
        include_outside=include_outside,
        with_distance=with_distance,
        filtering=kinds is not None,
        want=want,
    )
    blocks: list[PairColumns] = []
    per_event = float(n_windows) if include_outside else 4.0
    # events that can give no wanted row are dropped before the sort (see spatial_sort)
    near_only = not include_outside and len(ix.everywhere) == 0
    drop_quiet = kinds is not None and not (
        want[C.NOT_COVERED] or want[C.OUTSIDE_WINDOW] or (include_outside and want[C.OUTSIDE_SCOPE])
    )
    name_dropped = (agreements.name_kind == _KIND_EXCLUDED).all(axis=0)
    by_scope = near_only  # the common case: scope by scope (see trucewatch.verdicts.by_scope)
    block = _SCOPE_BLOCK if by_scope else _BLOCK
    for b0 in range(0, n, block):
        b1 = min(b0 + block, n)
        capacity = min(int(per_event * (b1 - b0)) + 64, (b1 - b0) * n_windows, _MAX_ROWS)
        out = work.output(capacity)  # grown (doubled) when a block needs more
        pos, first = 0, 0
        sort_args = (
            events.lon, events.lat, events.radius_km, events.lo_ns, events.hi_ns, events.violent,
            events.side_a, events.side_b, b0, b1, grid.lon0, grid.lat0, grid.size, grid.nx,
            grid.ny, grid.cell_gap, near_only, drop_quiet, name_dropped,
        )  # fmt: skip
        if by_scope:
            work.keys(b1 - b0)
            kept, count = cell_keys(events.lon, events.lat, events.radius_km, events.violent,
                                    events.side_a, events.side_b, *sort_args[8:], work.key,
                                    work.order)  # fmt: skip
            rec, recf = work.records(kept)
            starts = scatter_records(*sort_args[:8], work.key, work.order, kept, count, rec, recf)
        else:
            kept, starts = spatial_sort(*sort_args, *work.sort_buffers(b1 - b0))
            order = work.order[:kept]
            fields = SortedEvents.of(**dict(zip(SortedEvents._fields,
                                                (column[:kept] for column in work.columns),
                                                strict=True)))  # fmt: skip
        while True:
            output = Output.of(out)
            if by_scope:
                pos, first = run_by_scope(rec, recf, starts, win, scopes, grid_arrays, options,
                                          output, first, pos)  # fmt: skip
                done = first >= len(grid.scope_order)
            else:
                pos, first = _run(fields, order, win, scopes, grid_arrays, options, output,
                                  first, kept, pos)  # fmt: skip
                done = first >= kept
            if done:
                break
            out = work.grow(pos, 2 * len(out) + n_windows)
        per_event = max(per_event, 1.25 * pos / (b1 - b0))
        if by_scope:
            back = pair_order(out.event_idx[:pos], out.window_idx[:pos], b0, b1, n_windows)
        else:
            back = event_major(out.event_idx[:pos], b0, b1)
        block_rows = empty(pos)
        take(back, *(getattr(out, name) for name in FIELDS),
              *(getattr(block_rows, name) for name in FIELDS))  # fmt: skip
        blocks.append(block_rows)
    work.trim()
    if len(blocks) == 1:
        return blocks[0]
    return PairColumns(*(np.concatenate([getattr(b, name) for b in blocks]) for name in FIELDS))


@njit(cache=True, nogil=True)
def _run(
    events: SortedEvents,
    order: npt.NDArray[np.int64],
    win: WindowArrays,
    ix: ScopeArrays,
    grid: GridArrays,
    opts: Options,
    out: Output,
    first: int,
    last: int,
    pos: int,
) -> tuple[int, int]:
    """Fill the output from ``pos`` on, events ``order[first:last]``; returns (pos, next).

    Per event: the windows without scope, then the scopes of its global cell (sorted by gap,
    so the loop stops at the first one beyond r). With ``filtering``, a scope whose windows
    cannot give a wanted verdict whatever the space (time and sides) is dropped before any
    geometry; the space is then exact (``with_dist``) or decided by ``space_only``.
    """
    # the records' fields under the loop's short names (bindings only: no copy, no cost)
    # fmt: off
    lon, lat, rad = events.lon, events.lat, events.radius_km
    lo_ns, hi_ns = events.lo_ns, events.hi_ns
    violent, side_a, side_b = events.violent, events.side_a, events.side_b
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
    cell_dhigh, everywhere = ix.cell_dhigh, ix.everywhere
    g_lon0, g_lat0, g_size, g_nx, g_ny = grid.lon0, grid.lat0, grid.size, grid.nx, grid.ny
    g_off, g_scopes, g_gaps = grid.offsets, grid.scopes, grid.gaps
    full, with_dist = opts.include_outside, opts.with_distance
    filtering, want = opts.filtering, opts.want
    o_event, o_window, o_space, o_time = out.event_idx, out.window_idx, out.space, out.time
    o_sa, o_sb = out.side_a_status, out.side_b_status
    o_verdict, o_dist = out.verdict, out.distance_km
    # fmt: on
    n_scopes = len(origins)
    n_win = len(start_ns)
    buf_w = np.empty(n_win, dtype=np.int64)
    buf_s = np.empty(n_win, dtype=np.int8)
    buf_d = np.empty(n_win)
    scratch = np.empty(SCRATCH)
    cap = len(o_event)
    want_out = full and want[C.OUTSIDE_SCOPE]
    # all windows of a scope BEFORE/AFTER: every verdict is outside_window or outside_scope
    skip_dated = filtering and not want[C.OUTSIDE_WINDOW] and not want_out
    for i in range(first, last):  # fields are in the block's spatial order; order[i]: the event
        lo = lo_ns[i]
        hi = hi_ns[i]
        r = rad[i]
        vi = violent[i]
        ea = side_a[i]
        eb = side_b[i]
        # (non-violent events that can give no wanted row were dropped by spatial_sort)
        m = 0
        for w in everywhere:
            if filtering:
                tm, sa, sb = window_codes(w, lo, hi, ea, eb, win_agreement, start_ns, end_ns,
                                          name_kind, accession_ns)  # fmt: skip
                if not want[_verdict(C.INSIDE, tm, vi, sa, sb)]:
                    continue
            buf_w[m] = w
            buf_s[m] = C.INSIDE
            buf_d[m] = np.nan
            m += 1
        if full:
            c_lo, c_hi = 0, n_scopes
        else:
            fi = (lon[i] - g_lon0) / g_size
            fj = (lat[i] - g_lat0) / g_size
            c_lo, c_hi = 0, 0
            if 0.0 <= fi < g_nx and 0.0 <= fj < g_ny:
                gc = int(fj) * g_nx + int(fi)
                c_lo, c_hi = g_off[gc], g_off[gc + 1]
        for t in range(c_lo, c_hi):
            if full:
                s = t
            else:
                if g_gaps[t] > r:  # this scope and every later one are OUTSIDE
                    break
                s = g_scopes[t]
            if skip_dated and (hi <= scope_t0[s] or lo >= scope_t1[s]):
                continue
            if (
                filtering
                and not want_out
                and not window_needed(lo, hi, vi, ea, eb, scope_win_off[s],
                                      scope_win_off[s + 1], scope_win, win_agreement, start_ns,
                                      end_ns, name_kind, accession_ns, want, skip_dated)
            ):  # fmt: skip
                continue
            x = (lon[i] - origins[s, 0]) * origins[s, 2] * KM_PER_DEGREE
            y = (lat[i] - origins[s, 1]) * KM_PER_DEGREE
            # the cheap decisions inline (a call passing the index's arrays costs more)
            sp = _UNDECIDED
            d = np.nan
            gap = max(pbox[s, 0] - x, x - pbox[s, 2], pbox[s, 1] - y, y - pbox[s, 3], 0.0)
            if not full and gap > r + 4.0 * eps[s]:
                continue
            fx = (x - gx0[s]) / cw[s]
            fy = (y - gy0[s]) / ch[s]
            if 0.0 <= fx < nx[s] and 0.0 <= fy < ny[s]:
                cell = cell_off[s] + int(fy) * nx[s] + int(fx)
                state = cell_state[cell]
                if state != CELL_BOUNDARY and r <= cell_dlow[cell]:
                    if state == CELL_OUTSIDE and not full:
                        continue
                    if not with_dist:
                        sp = C.INSIDE if state == CELL_INSIDE else C.OUTSIDE
                elif not with_dist and r > cell_dhigh[cell]:
                    sp = C.SPACE_UNCERTAIN
            if sp != _UNDECIDED:
                pass
            elif with_dist:
                sp, d = space_exact(s, x, y, r, full, sax, say, sbx, sby, seg_off, pbox, eps,
                                    gx0, gy0, cw, ch, nx, ny, cell_off, cell_state, cell_dlow,
                                    cand_off, cand, cand_dc, row_base, row_off,
                                    row_xy, chunk_off, chunk_box, scratch)  # fmt: skip
            else:
                sp = space_only(s, x, y, r, sax, say, sbx, sby, seg_off, pbox, eps, gx0, gy0,
                                cw, ch, nx, ny, cell_off, cell_state, cell_dlow, cand_off, cand,
                                cand_dc, row_base, row_off, row_xy, chunk_off, chunk_box,
                                scratch)  # fmt: skip
            if sp == SKIP or (sp == C.OUTSIDE and not full):
                continue
            for q in range(scope_win_off[s], scope_win_off[s + 1]):
                buf_w[m] = scope_win[q]
                buf_s[m] = sp
                buf_d[m] = d
                m += 1
        if m == 0:
            continue
        if pos + m > cap:
            return pos, i
        for k in range(1, m):  # insertion sort by window index (m is small)
            w, sp, d = buf_w[k], buf_s[k], buf_d[k]
            q = k - 1
            while q >= 0 and buf_w[q] > w:
                buf_w[q + 1], buf_s[q + 1], buf_d[q + 1] = buf_w[q], buf_s[q], buf_d[q]
                q -= 1
            buf_w[q + 1], buf_s[q + 1], buf_d[q + 1] = w, sp, d
        for k in range(m):
            w = buf_w[k]
            tm, sa, sb = window_codes(w, lo, hi, ea, eb, win_agreement, start_ns, end_ns,
                                      name_kind, accession_ns)  # fmt: skip
            v = _verdict(buf_s[k], tm, vi, sa, sb)
            if not want[v]:
                continue
            o_event[pos] = order[i]
            o_window[pos] = w
            o_space[pos] = buf_s[k]
            o_time[pos] = tm
            o_sa[pos] = sa
            o_sb[pos] = sb
            o_verdict[pos] = v
            o_dist[pos] = buf_d[k] if with_dist else np.nan
            pos += 1
    return pos, last
