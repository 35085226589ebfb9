"""What was decided for each pair, without reasons or explanation: enough to count.

The effect series (:func:`trucewatch.effect.series.daily_series`) and the dashboard's series
read of a verdict only its kind, space, time, side statuses and location code.
:func:`judge_outcomes` gives
exactly those, straight from the fast engine's columns, without building :class:`Verdict`
objects (no side names classified per event, no explanation written): the counts are the same
as from ``judge(..., include_outside=True)``, far faster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trucewatch.model.agreement import Agreement
from trucewatch.model.event import Event
from trucewatch.model.verdict import (
    DEFAULT_MIN_SHARE_INSIDE,
    SideStatus,
    Space,
    TimeRelation,
    Verdict,
    VerdictKind,
    check_min_share,
)
from trucewatch.verdicts.codes import SPACE_CODES, STATUS_CODES, TIME_CODES, VERDICT_CODES
from trucewatch.verdicts.columns import AgreementColumns, EventColumns
from trucewatch.verdicts.judge import validate_inputs, window_list
from trucewatch.verdicts.kernel import PairColumns, classify
from trucewatch.verdicts.locate import LOCATION_REASONS

__all__ = ["Outcome", "judge_outcomes", "location_from", "outcomes_from_pairs"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The decision of one verdict: kind, space, time and the status of each side.

    ``statuses`` has one entry per side the verdict judged (both, for verdicts made here).
    ``location``: ``location_coarser_than_scope`` or ``mostly_outside_scope`` when the space
    is uncertain and the event is not located in the scope (whatever the verdict), else None.
    """

    event_id: str
    agreement_id: str
    window_id: str
    verdict: VerdictKind
    space: Space
    time: TimeRelation
    statuses: tuple[SideStatus, ...]
    location: str | None = None

    @classmethod
    def of(cls, verdict: Verdict) -> Outcome:
        """The outcome of a full verdict."""
        return cls(
            verdict.event_id,
            verdict.agreement_id,
            verdict.window_id,
            verdict.verdict,
            verdict.space,
            verdict.time,
            tuple(s.status for s in verdict.parties),
            location_from(verdict),
        )


_LOCATION_CODES = frozenset(r for r in LOCATION_REASONS if r is not None)


def location_from(verdict: Verdict | Outcome | Sequence[str]) -> str | None:
    """The location code of a verdict, an outcome or a stored verdict's reasons (None: the
    event is located in the scope, or its space is not uncertain)."""
    if isinstance(verdict, Outcome):
        return verdict.location
    reasons = verdict.reasons if isinstance(verdict, Verdict) else verdict
    return next((r for r in reasons if r in _LOCATION_CODES), None)


def outcomes_from_pairs(
    pairs: PairColumns, events: Sequence[Event], agreements: Sequence[Agreement]
) -> list[Outcome]:
    """One :class:`Outcome` per row of the fast engine's ``pairs``, in their order."""
    location = [0] * len(pairs) if pairs.location is None else pairs.location.tolist()
    agreement_ids = [a.id for a, _ in window_list(agreements)]
    window_ids = [w.id for _, w in window_list(agreements)]
    ids = [e.event_id for e in events]
    return [
        Outcome(
            ids[e],
            agreement_ids[w],
            window_ids[w],
            VERDICT_CODES[k],
            SPACE_CODES[s],
            TIME_CODES[t],
            (STATUS_CODES[a], STATUS_CODES[b]),
            LOCATION_REASONS[loc],
        )
        for e, w, k, s, t, a, b, loc in zip(
            pairs.event_idx.tolist(),
            pairs.window_idx.tolist(),
            pairs.verdict.tolist(),
            pairs.space.tolist(),
            pairs.time.tolist(),
            pairs.side_a_status.tolist(),
            pairs.side_b_status.tolist(),
            location,
            strict=True,
        )
    ]


def judge_outcomes(
    events: Sequence[Event],
    agreements: Sequence[Agreement],
    *,
    include_outside: bool = False,
    min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE,
) -> list[Outcome]:
    """The outcomes of ``judge(events, agreements, include_outside=..., min_share_inside=...)``,
    in its order.

    Equal, pair for pair, to ``[Outcome.of(v) for v in judge(...)]`` (contested marks add a
    reason only, so they do not show here).
    """
    events, agreements = list(events), list(agreements)
    validate_inputs(events, agreements, "fast", ())
    threshold = check_min_share(min_share_inside)
    columns = EventColumns.from_events(events)
    packed = AgreementColumns.from_agreements(agreements, columns.names)
    pairs = classify(
        columns,
        packed,
        include_outside=include_outside,
        with_distance=False,
        min_share_inside=threshold,
    )
    return outcomes_from_pairs(pairs, events, agreements)
