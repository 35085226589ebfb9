"""The slow reference: every event against every window of every agreement, one pair at a time.

Plain, obviously correct code over :mod:`trucewatch.verdicts.rules` (shapely per pair, plain
datetime comparisons). The fast engine must return exactly what this returns; property tests
compare the two.
"""

from __future__ import annotations

from collections.abc import Sequence

from trucewatch.errors import AgreementError
from trucewatch.model.agreement import Agreement, Scope, Window
from trucewatch.model.event import Event
from trucewatch.model.taxonomy import is_violent
from trucewatch.model.verdict import Space, Verdict
from trucewatch.verdicts.explain import explanation
from trucewatch.verdicts.parties import judge_sides
from trucewatch.verdicts.rules import decide, reasons_for, share_inside, space_of, time_of

__all__ = ["judge_pair", "judge_reference"]


def _unresolved(agreement: Agreement, window: Window, scope: Scope) -> AgreementError:
    return AgreementError(
        f"agreement {agreement.id!r}, window {window.id!r}: its admin scope "
        f"{scope.label or scope.spec_json} is not resolved; resolve it against boundaries "
        "first with trucewatch.agreements.resolve_scopes",
        path=agreement.source_path,
        field="scope",
    )


def judge_pair(event: Event, agreement: Agreement, window: Window) -> Verdict:
    """The verdict for one event against one window of ``agreement``.

    Raises :class:`~trucewatch.errors.AgreementError` if the window's scope is an admin scope
    not yet resolved against boundaries.
    """
    scope = agreement.scope_of(window)
    share: float | None = None
    distance: float | None = None
    if scope is None:
        space = Space.INSIDE
    elif scope.geometry is None:
        raise _unresolved(agreement, window, scope)
    else:
        where = event.where
        space, distance = space_of(where.lon, where.lat, where.radius_km, scope.geometry)
        if space is Space.UNCERTAIN:
            share = share_inside(where.lon, where.lat, where.radius_km, scope.geometry)
    end = event.when.end
    assert end is not None  # events always have a closed interval
    time = time_of(event.when.start, end, window.start, window.end)
    sides = judge_sides(agreement, event)
    verdict = decide(space, time, sides, is_violent(event.event_type))
    reasons = reasons_for(
        event, agreement, window, space, time, sides, verdict, scope_everywhere=scope is None
    )
    text = explanation(event, agreement, window, verdict, space, time, sides, distance, share)
    return Verdict(
        event_id=event.event_id,
        agreement_id=agreement.id,
        window_id=window.id,
        verdict=verdict,
        space=space,
        time=time,
        parties=sides,
        reasons=reasons,
        explanation=text,
        distance_km=distance,
        share_inside=share,
    )


def judge_reference(
    events: Sequence[Event],
    agreements: Sequence[Agreement],
    *,
    include_outside: bool = True,
) -> list[Verdict]:
    """Verdicts for every event x agreement x window, in that order (events, then agreements,
    then :meth:`Agreement.windows` order).

    ``include_outside=False`` drops the pairs whose space is OUTSIDE. Unresolved admin scopes
    raise :class:`~trucewatch.errors.AgreementError` naming the agreement and window, before
    any event is judged.
    """
    for agreement in agreements:
        for window in agreement.windows():
            scope = agreement.scope_of(window)
            if scope is not None and scope.geometry is None:
                raise _unresolved(agreement, window, scope)
    out: list[Verdict] = []
    for event in events:
        for agreement in agreements:
            for window in agreement.windows():
                verdict = judge_pair(event, agreement, window)
                if include_outside or verdict.space is not Space.OUTSIDE:
                    out.append(verdict)
    return out
