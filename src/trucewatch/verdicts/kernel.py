"""The fast verdict engine: every (event, window) pair decided over columns, in one pass.

:func:`classify` is a pure function of :class:`EventColumns` and :class:`AgreementColumns`
(so it can run on any partition of the events) and returns :class:`PairColumns`. It applies
the rules of docs/verdicts.md exactly as the reference does: space from the exact distance to
the scope's boundary and the exact ray-crossing test in the scope's plane
(:mod:`trucewatch.verdicts._geometry`), with the grids of :mod:`trucewatch.verdicts.grid`
deciding most events without touching the polygon; time from integer nanoseconds; sides from
the per-agreement name table built with :func:`~trucewatch.verdicts.parties.classify_name`.
The loop is compiled by numba on first use (cached on disk); nothing runs at import time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit

from trucewatch.errors import ValidationError
from trucewatch.verdicts import codes as C
from trucewatch.verdicts._geometry import covers, min_dist_span, seg_dist
from trucewatch.verdicts.columns import OPEN_END, AgreementColumns, EventColumns
from trucewatch.verdicts.grid import CELL_INSIDE, CELL_OUTSIDE, index_of
from trucewatch.verdicts.parties import NameKind
from trucewatch.verdicts.plane import KM_PER_DEGREE

__all__ = ["PairColumns", "classify"]

_KIND_PARTY = int(NameKind.PARTY)
_KIND_ABSENT = int(NameKind.ABSENT)
_KIND_UNKNOWN = int(NameKind.UNKNOWN)
_KIND_EXCLUDED = int(NameKind.EXCLUDED)
_SKIP = -1  # space OUTSIDE and outside pairs not asked for


@dataclass(frozen=True, eq=False)
class PairColumns:
    """One row per (event, window) pair, sorted by ``(event_idx, window_idx)``.

    Codes are those of :mod:`trucewatch.verdicts.codes`; ``distance_km`` is NaN where the
    window's scope is everywhere.
    """

    event_idx: npt.NDArray[np.int64]
    window_idx: npt.NDArray[np.int64]
    space: npt.NDArray[np.int8]
    time: npt.NDArray[np.int8]
    side_a_status: npt.NDArray[np.int8]
    side_b_status: npt.NDArray[np.int8]
    verdict: npt.NDArray[np.int8]
    distance_km: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.event_idx)


def _empty(n: int) -> PairColumns:
    def codes() -> npt.NDArray[np.int8]:
        return np.zeros(n, dtype=np.int8)

    index = np.zeros(n, np.int64)
    return PairColumns(
        index, index.copy(), codes(), codes(), codes(), codes(), codes(), np.zeros(n)
    )


def classify(
    events: EventColumns, agreements: AgreementColumns, *, include_outside: bool = False
) -> PairColumns:
    """Decide every (event, window) pair whose space is not outside (all with include_outside).

    ``agreements`` must have been packed for ``events.names``
    (``AgreementColumns.from_agreements(agreements, events.names)``).
    """
    if tuple(agreements.names) != tuple(events.names):
        raise ValidationError(
            "agreements were packed for another table of side names: build them with "
            "AgreementColumns.from_agreements(agreements, events.names)"
        )
    n, n_windows = len(events), len(agreements.window_ids)
    if n == 0 or n_windows == 0:
        return _empty(0)
    ix = index_of(agreements)
    grid = ix.global_grid(agreements, float(events.radius_km.max()))
    capacity = n * n_windows if include_outside else max(1024, n // 4)
    out = _empty(capacity)
    pos, first = 0, 0
    while True:
        pos, first = _run(
            events.lon, events.lat, events.radius_km, events.lo_ns, events.hi_ns,
            events.violent, events.side_a, events.side_b,
            agreements.origins, agreements.window_agreement, agreements.start_ns,
            agreements.end_ns, agreements.name_kind, agreements.accession_ns,
            ix.sax, ix.say, ix.sbx, ix.sby, ix.seg_off, ix.pbox, ix.eps, ix.gx0, ix.gy0,
            ix.cw, ix.ch, ix.nx, ix.ny, ix.cell_off, ix.cell_state, ix.cell_dlow, ix.cand_off,
            ix.cand, ix.cand_dc, ix.row_base, ix.row_off, ix.row_seg, ix.scope_win_off,
            ix.scope_win,
            ix.everywhere, grid.lon0, grid.lat0, grid.size, grid.nx, grid.ny, grid.offsets,
            grid.scopes, include_outside, first, pos,
            out.event_idx, out.window_idx, out.space, out.time, out.side_a_status,
            out.side_b_status, out.verdict, out.distance_km,
        )  # fmt: skip
        if first >= n:
            break
        bigger = _empty(2 * len(out) + n_windows)
        for name in PairColumns.__dataclass_fields__:
            getattr(bigger, name)[:pos] = getattr(out, name)[:pos]
        out = bigger
    return PairColumns(
        *(getattr(out, name)[:pos].copy() for name in PairColumns.__dataclass_fields__)
    )


@njit(cache=True, nogil=True)
def _space(s, lon, lat, r, full, origins, sax, say, sbx, sby, seg_off, pbox, eps, gx0, gy0,
           cw, ch, nx, ny, cell_off, cell_state, cell_dlow, cand_off, cand, cand_dc, row_base,
           row_off, row_seg):  # type: ignore[no-untyped-def]  # fmt: skip
    """(space code or _SKIP, distance) of the point (lon, lat) with radius r against scope s."""
    x = (lon - origins[s, 0]) * origins[s, 2] * KM_PER_DEGREE
    y = (lat - origins[s, 1]) * KM_PER_DEGREE
    e = eps[s]
    gap = max(pbox[s, 0] - x, x - pbox[s, 2], pbox[s, 1] - y, y - pbox[s, 3], 0.0)
    if not full and gap > r + 4.0 * e:
        return _SKIP, np.nan
    fx = (x - gx0[s]) / cw[s]
    fy = (y - gy0[s]) / ch[s]
    if 0.0 <= fx < nx[s] and 0.0 <= fy < ny[s]:
        i = int(fx)
        j = int(fy)
        cell = cell_off[s] + j * nx[s] + i
        state = cell_state[cell]
        if state == CELL_OUTSIDE:
            if not full and cell_dlow[cell] > r:
                return _SKIP, np.nan
            inside = False
        elif state == CELL_INSIDE:
            inside = True
        else:
            row = row_base[s] + j
            inside = covers(x, y, sax, say, sbx, sby, row_seg, row_off[row], row_off[row + 1])
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
        d = min_dist_span(x, y, sax, say, sbx, sby, seg_off[s], seg_off[s + 1])
    inside = inside or d == 0.0
    if d >= r:
        return (C.INSIDE if inside else C.OUTSIDE), d
    return C.SPACE_UNCERTAIN, d


@njit(cache=True, nogil=True)
def _status(kind, accession, a, name, lo, hi):  # type: ignore[no-untyped-def]
    if name < 0:
        return C.ABSENT
    k = kind[a, name]
    if k == _KIND_PARTY:
        acc = accession[a, name]
        if acc <= lo:
            return C.PARTY
        if acc >= hi:
            return C.NOT_YET_PARTY
        return C.ACCESSION_UNCERTAIN
    if k == _KIND_ABSENT:
        return C.ABSENT
    if k == _KIND_UNKNOWN:
        return C.UNKNOWN
    if k == _KIND_EXCLUDED:
        return C.EXCLUDED
    return C.MIXED


@njit(cache=True, nogil=True)
def _time(lo, hi, start, end):  # type: ignore[no-untyped-def]
    if hi <= start:
        return C.BEFORE
    if end != OPEN_END and lo >= end:
        return C.AFTER
    if lo >= start and (end == OPEN_END or hi <= end):
        return C.DURING
    return C.TIME_UNCERTAIN


@njit(cache=True, nogil=True)
def _verdict(space, time, violent, sa, sb):  # type: ignore[no-untyped-def]
    if space == C.OUTSIDE:
        return C.OUTSIDE_SCOPE
    if time == C.BEFORE or time == C.AFTER:
        return C.OUTSIDE_WINDOW
    if not violent:
        return C.NOT_COVERED
    if sa == C.EXCLUDED or sb == C.EXCLUDED:
        return C.NOT_COVERED
    if sa == C.NOT_YET_PARTY or sb == C.NOT_YET_PARTY:
        return C.NOT_COVERED
    a_in = sa == C.PARTY or sa == C.ACCESSION_UNCERTAIN
    b_in = sb == C.PARTY or sb == C.ACCESSION_UNCERTAIN
    if not (a_in or b_in):
        return C.POSSIBLE_VIOLATION
    if (
        space == C.SPACE_UNCERTAIN
        or time == C.TIME_UNCERTAIN
        or sa == C.MIXED
        or sa == C.ACCESSION_UNCERTAIN
        or sb == C.MIXED
        or sb == C.ACCESSION_UNCERTAIN
    ):
        return C.POSSIBLE_VIOLATION
    return C.VIOLATION


@njit(cache=True, nogil=True)
def _run(lon, lat, rad, lo_ns, hi_ns, violent, side_a, side_b, origins, win_agreement,
         start_ns, end_ns, name_kind, accession_ns, sax, say, sbx, sby, seg_off, pbox, eps, gx0,
         gy0, cw, ch, nx, ny, cell_off, cell_state, cell_dlow, cand_off, cand, cand_dc, row_base,
         row_off, row_seg, scope_win_off, scope_win, everywhere, g_lon0, g_lat0, g_size, g_nx,
         g_ny, g_off, g_scopes, full, first, pos, o_event, o_window, o_space, o_time, o_sa,
         o_sb, o_verdict, o_dist):  # type: ignore[no-untyped-def]  # fmt: skip
    """Fill the output from ``pos`` on, events ``first..``; returns (pos, next event)."""
    n = len(lon)
    n_scopes = len(origins)
    n_win = len(start_ns)
    buf_w = np.empty(n_win, dtype=np.int64)
    buf_s = np.empty(n_win, dtype=np.int8)
    buf_d = np.empty(n_win)
    cap = len(o_event)
    for i in range(first, n):
        m = 0
        for w in everywhere:
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
            s = t if full else g_scopes[t]
            sp, d = _space(s, lon[i], lat[i], rad[i], full, origins, sax, say, sbx, sby,
                           seg_off, pbox, eps, gx0, gy0, cw, ch, nx, ny, cell_off, cell_state,
                           cell_dlow, cand_off, cand, cand_dc, row_base, row_off,
                           row_seg)  # fmt: skip
            if sp == _SKIP or (sp == C.OUTSIDE and not full):
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
        lo = lo_ns[i]
        hi = hi_ns[i]
        for k in range(m):
            w = buf_w[k]
            a = win_agreement[w]
            tm = _time(lo, hi, start_ns[w], end_ns[w])
            sa = _status(name_kind, accession_ns, a, side_a[i], lo, hi)
            sb = _status(name_kind, accession_ns, a, side_b[i], lo, hi)
            o_event[pos] = i
            o_window[pos] = w
            o_space[pos] = buf_s[k]
            o_time[pos] = tm
            o_sa[pos] = sa
            o_sb[pos] = sb
            o_verdict[pos] = _verdict(buf_s[k], tm, violent[i], sa, sb)
            o_dist[pos] = buf_d[k]
            pos += 1
    return pos, n
