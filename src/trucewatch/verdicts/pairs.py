"""The engine's answer as columns, and the buffers it reuses from call to call.

:class:`PairColumns` is what :func:`trucewatch.verdicts.kernel.classify` returns; the
workspace (one per thread) holds the sort buffers and the output arrays between calls, since
fresh memory costs page faults; :func:`take` gathers a block's rows into the answer.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from numba import njit

__all__ = ["EVENT_DTYPES", "FIELDS", "PairColumns", "Workspace", "empty", "take", "workspace"]


@dataclass(frozen=True, eq=False)
class PairColumns:
    """One row per (event, window) pair, sorted by ``(event_idx, window_idx)``.

    Codes are those of :mod:`trucewatch.verdicts.codes`; ``distance_km`` is NaN where the
    window's scope is everywhere. ``location`` (set by :func:`~trucewatch.verdicts.kernel.classify`
    after the kernel's loops, None inside them) is the location code of each pair
    (:mod:`trucewatch.verdicts._disc`: 0 located or not uncertain, 1 coarser than the scope,
    2 mostly outside it).
    """

    event_idx: npt.NDArray[np.int64]
    window_idx: npt.NDArray[np.int64]
    space: npt.NDArray[np.int8]
    time: npt.NDArray[np.int8]
    side_a_status: npt.NDArray[np.int8]
    side_b_status: npt.NDArray[np.int8]
    verdict: npt.NDArray[np.int8]
    distance_km: npt.NDArray[np.float64]
    location: npt.NDArray[np.int8] | None = None

    def __len__(self) -> int:
        return len(self.event_idx)


#: the columns the kernel's loops fill (all but ``location``)
FIELDS = tuple(PairColumns.__dataclass_fields__)[:-1]
# the event columns in spatial_sort's order, and their types
EVENT_DTYPES = (
    *(np.float64,) * 3,  # lon, lat, radius_km
    *(np.int64,) * 2,  # lo_ns, hi_ns
    np.bool_,  # violent
    *(np.int32,) * 2,  # side_a, side_b
)


def empty(n: int) -> PairColumns:
    """Columns for n rows (contents undefined)."""

    def codes() -> npt.NDArray[np.int8]:
        return np.empty(n, dtype=np.int8)

    return PairColumns(
        np.empty(n, np.int64), np.empty(n, np.int64), codes(), codes(), codes(), codes(),
        codes(), np.empty(n),
    )  # fmt: skip


_KEEP_ROWS = 1 << 21  # output rows kept for the next call (about 60 MB) at most


class Workspace:
    """Buffers reused from block to block and from call to call in one thread.

    Fresh arrays of this size cost page faults on every call (about a tenth of the time);
    the buffers hold about 80 bytes per event of a block plus the largest output so far.
    """

    def __init__(self) -> None:
        self.order = np.empty(0, dtype=np.int64)
        self.key = np.empty(0, dtype=np.int32)
        self.columns: list[npt.NDArray[Any]] = []
        self.rec = np.empty((0, 8), dtype=np.int64)
        self.recf = self.rec.view(np.float64)
        self.out = empty(0)

    def keys(self, n: int) -> None:
        """key and order of at least n."""
        if len(self.order) < n:
            self.order = np.empty(n, dtype=np.int64)
            self.key = np.empty(n, dtype=np.int32)

    def sort_buffers(self, n: int) -> list[npt.NDArray[Any]]:
        """key, order and the event columns of spatial_sort, at least n long."""
        self.keys(n)
        if len(self.columns) == 0 or len(self.columns[0]) < n:
            self.columns = [np.empty(n, dtype=dtype) for dtype in EVENT_DTYPES]
        return [self.key, self.order, *self.columns]

    def records(self, n: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Rows for scatter_records (and their float view), at least n."""
        if len(self.rec) < n:
            self.rec = np.empty((n + n // 8, 8), dtype=np.int64)
            self.recf = self.rec.view(np.float64)
        return self.rec, self.recf

    def output(self, capacity: int) -> PairColumns:
        """Output arrays of at least ``capacity`` rows (contents undefined)."""
        if len(self.out) < capacity:
            self.out = empty(capacity)
        return self.out

    def trim(self) -> None:
        """Let go of an output buffer too large to keep between calls (a rare, big answer)."""
        if len(self.out) > _KEEP_ROWS:
            self.out = empty(0)

    def grow(self, used: int, capacity: int) -> PairColumns:
        """Larger output arrays that keep the first ``used`` rows."""
        bigger = empty(capacity)
        for name in FIELDS:
            getattr(bigger, name)[:used] = getattr(self.out, name)[:used]
        self.out = bigger
        return bigger


_local = threading.local()


def workspace() -> Workspace:
    """This thread's workspace (made on first use)."""
    work: Workspace | None = getattr(_local, "work", None)
    if work is None:
        work = _local.work = Workspace()
    return work


@njit(cache=True, nogil=True)
def take(back, e, w, sp, tm, sa, sb, v, d, to_e, to_w, to_sp, to_tm, to_sa, to_sb, to_v, to_d):  # type: ignore[no-untyped-def]  # fmt: skip
    """The rows ``back`` of the output columns, in that order, in one pass."""
    for k in range(len(back)):
        j = back[k]
        to_e[k] = e[j]
        to_w[k] = w[j]
        to_sp[k] = sp[j]
        to_tm[k] = tm[j]
        to_sa[k] = sa[j]
        to_sb[k] = sb[j]
        to_v[k] = v[j]
        to_d[k] = d[j]
