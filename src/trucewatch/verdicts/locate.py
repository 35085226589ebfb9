"""The location rule over the fast engine's pairs (docs/verdicts.md, "Location").

The kernel decides space, time, sides and rules 1-8; this step, run by
:func:`~trucewatch.verdicts.kernel.classify` on its answer, looks only at the pairs whose
space is uncertain: a disc larger than the scope is ``coarser``; one with less than
``min_share_inside`` of its area inside is ``mostly outside``. Either way a possible violation
becomes ``unlocated``. Only uncertain pairs need a share, computed with the compiled circle ∩
polygon sums of :mod:`trucewatch.verdicts._disc`.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt

from trucewatch.verdicts import _disc
from trucewatch.verdicts import codes as C
from trucewatch.verdicts import reasons as R
from trucewatch.verdicts.columns import AgreementColumns, EventColumns
from trucewatch.verdicts.pairs import FIELDS, PairColumns
from trucewatch.verdicts.plane import KM_PER_DEGREE

__all__ = ["LOCATION_REASONS", "apply_location", "plane_points", "take_rows"]

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
        location[rows] = _disc.locate_rows(
            agreements, event_idx, scope, x, y, events.radius_km[event_idx], min_share_inside
        )
        change = (location != _disc.LOCATED) & (verdict == C.POSSIBLE_VIOLATION)
        if change.any():
            verdict = verdict.copy()
            verdict[change] = C.UNLOCATED
    return replace(pairs, verdict=verdict, location=location)
