"""The triangular deaths draws of :func:`trucewatch.effect.ratios.deaths_ratio`, compiled.

Each draw gives every counted event triangular(low, best, high) deaths by the inverse CDF of
one uniform number; the draw's totals before and during are the sums of those values. The
array expressions this replaces were::

    left = low + np.sqrt(u * spread * (best - low))
    right = high - np.sqrt((1 - u) * spread * (high - best))
    values[:, vary] = np.where(u < (best - low) / spread, left, right)  # the others: high
    before, during = values[:, in_b].sum(axis=1), values[:, in_d].sum(axis=1)

:func:`triangular_values` computes the same floats with the same operations in the same order
(numba keeps IEEE arithmetic: no fused multiply-add, no reordering) and writes them straight
into the two blocks ``values[:, in_b]`` and ``values[:, in_d]`` would be, without the full
block, the scatter and the two gathers; numpy then sums each row of them as before, so the
totals are bit for bit the same (a test holds the two ways equal).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = ["triangular_values"]


@njit(cache=True, nogil=True)
def _fill(u, column, in_b, in_d, low, best, high, out_b, out_d):  # type: ignore[no-untyped-def]
    for k in range(u.shape[0]):
        at_b = 0
        at_d = 0
        for j in range(len(column)):
            c = column[j]
            if c < 0:  # low == best == high: the inverse CDF gives exactly high
                value = high[j]
            else:
                x = u[k, c]
                spread = high[j] - low[j]
                cut = (best[j] - low[j]) / spread
                if x < cut:
                    value = low[j] + math.sqrt(x * spread * (best[j] - low[j]))
                else:
                    value = high[j] - math.sqrt((1 - x) * spread * (high[j] - best[j]))
            if in_b[j]:
                out_b[k, at_b] = value
                at_b += 1
            if in_d[j]:
                out_d[k, at_d] = value
                at_d += 1


def triangular_values(
    u: np.ndarray,
    column: np.ndarray,
    in_b: np.ndarray,
    in_d: np.ndarray,
    low: np.ndarray,
    best: np.ndarray,
    high: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The drawn deaths of the events before and during, one row per row of ``u``.

    Per event, in order: ``column`` its column in ``u`` (-1: low == best == high, not drawn),
    whether it counts before (``in_b``) and during (``in_d``), and its ``low``, ``best``,
    ``high``.
    """
    rows = u.shape[0]
    out_b = np.empty((rows, int(np.count_nonzero(in_b))))
    out_d = np.empty((rows, int(np.count_nonzero(in_d))))
    _fill(
        np.ascontiguousarray(u, dtype=np.float64),
        np.ascontiguousarray(column, dtype=np.int64),
        np.ascontiguousarray(in_b, dtype=np.bool_),
        np.ascontiguousarray(in_d, dtype=np.bool_),
        np.ascontiguousarray(low, dtype=np.float64),
        np.ascontiguousarray(best, dtype=np.float64),
        np.ascontiguousarray(high, dtype=np.float64),
        out_b,
        out_d,
    )
    return out_b, out_d
