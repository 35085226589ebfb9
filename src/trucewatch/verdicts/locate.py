"""The location rule over the fast engine's pairs (docs/verdicts.md, "Location").

The kernel decides space, time, sides and rules 1-8; this step, run by
:func:`~trucewatch.verdicts.kernel.classify` on its answer, looks only at the pairs whose
space is uncertain: a disc larger than the scope is ``coarser``; one with less than
``min_share_inside`` of its area inside is ``mostly outside``. Either way a possible violation
becomes ``unlocated``. Only uncertain pairs need a share, computed with the compiled circle ∩
polygon sums of :mod:`trucewatch.verdicts._disc`.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt

from trucewatch.verdicts import _disc
from trucewatch.verdicts import codes as C
from trucewatch.verdicts import reasons as R
from trucewatch.verdicts.columns import AgreementColumns, EventColumns
from trucewatch.verdicts.pairs import FIELDS, PairColumns
from trucewatch.verdicts.plane import KM_PER_DEGREE

__all__ = [
    "LOCATION_REASONS",
    "DiscTable",
    "apply_location",
    "disc_table",
    "locate_rows",
    "plane_points",
    "take_rows",
]

#: location code -> reason code (None: located, or the question does not arise)
LOCATION_REASONS: tuple[str | None, ...] = (
    None,
    R.LOCATION_COARSER_THAN_SCOPE,
    R.MOSTLY_OUTSIDE_SCOPE,
)


def plane_points(
    events: EventColumns, agreements: AgreementColumns, event_idx: npt.NDArray[np.int64],
    scope: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:  # fmt: skip
    """Each event's point in the plane of the row's scope (:func:`plane.to_plane`'s arithmetic)."""
    origin = agreements.origins[scope]
    x = (events.lon[event_idx] - origin[:, 0]) * origin[:, 2] * KM_PER_DEGREE
    y = (events.lat[event_idx] - origin[:, 1]) * KM_PER_DEGREE
    return x, y


def take_rows(pairs: PairColumns, rows: npt.NDArray[np.int64]) -> PairColumns:
    """The pairs at ``rows`` (every column, ``location`` included)."""
    columns = [getattr(pairs, name)[rows] for name in FIELDS]
    location = None if pairs.location is None else pairs.location[rows]
    return PairColumns(*columns, location)  # type: ignore[arg-type, call-arg]


class DiscTable:
    """Per scope of an :class:`~trucewatch.verdicts.columns.AgreementColumns`: ring weights,
    area, and per ring chunks of 16 edges with boxes (for the quick sum)."""

    def __init__(self, agreements: Any) -> None:
        self.vx = agreements.vx
        self.vy = agreements.vy
        self.ring_offsets = agreements.ring_offsets
        # rings of scope s: scope_rings[s]:scope_rings[s + 1]
        self.scope_rings = np.ascontiguousarray(
            agreements.poly_offsets[agreements.scope_offsets], dtype=np.int64
        )
        weights: list[float] = []
        areas: list[float] = []
        for s in range(agreements.n_scopes):
            terms: list[float] = []
            for p in range(agreements.scope_offsets[s], agreements.scope_offsets[s + 1]):
                for k in range(agreements.poly_offsets[p], agreements.poly_offsets[p + 1]):
                    lo, hi = self.ring_offsets[k], self.ring_offsets[k + 1]
                    xs, ys = self.vx[lo:hi], self.vy[lo:hi]
                    weight = _disc.ring_weight(xs, ys, k > agreements.poly_offsets[p])
                    weights.append(weight)
                    terms.extend((weight * 0.5 * (xs[:-1] * ys[1:] - xs[1:] * ys[:-1])).tolist())
            areas.append(math.fsum(terms))
        self.weights = np.array(weights, dtype=np.float64)
        self.areas = np.array(areas, dtype=np.float64)
        # each scope's box in its plane: circle ∩ box bounds circle ∩ scope from above
        self.boxes = np.zeros((agreements.n_scopes, 4))
        for s in range(agreements.n_scopes):
            lo = self.ring_offsets[self.scope_rings[s]]
            hi = self.ring_offsets[self.scope_rings[s + 1]]
            if hi > lo:
                xs, ys = self.vx[lo:hi], self.vy[lo:hi]
                self.boxes[s] = (xs.min(), ys.min(), xs.max(), ys.max())
        self.chunk_off, self.chunk_box = _disc._chunks(self.vx, self.vy, self.ring_offsets)


def disc_table(agreements: Any) -> DiscTable:
    """The :class:`DiscTable` of ``agreements``, built once and cached on it."""
    table: DiscTable | None = agreements._cache.get("disc")
    if table is None:
        table = agreements._cache["disc"] = DiscTable(agreements)
    return table


def locate_rows(
    agreements: Any,
    event_idx: npt.NDArray[np.int64],
    scope_of_row: npt.NDArray[np.int64],
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    r: npt.NDArray[np.float64],
    min_share: float,
) -> npt.NDArray[np.int8]:
    """Location codes for rows whose space is uncertain; ``x, y`` the event's point in the
    plane of the row's scope, ``r`` its radius (> 0)."""
    table = disc_table(agreements)
    out = np.zeros(len(event_idx), dtype=np.int8)
    if len(out):
        _disc._locate(event_idx, scope_of_row, x, y, r, float(min_share), table.scope_rings,
                      table.vx, table.vy, table.ring_offsets, table.weights, table.areas,
                      table.boxes, table.chunk_off, table.chunk_box, out)  # fmt: skip
    return out


def apply_location(
    pairs: PairColumns,
    events: EventColumns,
    agreements: AgreementColumns,
    min_share_inside: float,
) -> PairColumns:
    """``pairs`` with their location codes, possible violations made ``unlocated`` where the
    location rule applies."""
    location = np.zeros(len(pairs), dtype=np.int8)
    rows = np.flatnonzero(pairs.space == C.SPACE_UNCERTAIN)
    verdict = pairs.verdict
    if len(rows):
        scope = agreements.window_scope[pairs.window_idx[rows]]
        event_idx = pairs.event_idx[rows]
        x, y = plane_points(events, agreements, event_idx, scope)
        location[rows] = locate_rows(
            agreements, event_idx, scope, x, y, events.radius_km[event_idx], min_share_inside
        )
        change = (location != _disc.LOCATED) & (verdict == C.POSSIBLE_VIOLATION)
        if change.any():
            verdict = verdict.copy()
            verdict[change] = C.UNLOCATED
    return replace(pairs, verdict=verdict, location=location)
