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
from trucewatch.model.verdict import (
    DEFAULT_MIN_SHARE_INSIDE,
    Space,
    Verdict,
    check_min_share,
    rules_version,
)
from trucewatch.verdicts.explain import explanation
from trucewatch.verdicts.parties import judge_sides
from trucewatch.verdicts.rules import (
    decide,
    location_of,
    reasons_for,
    share_inside,
    space_of,
    time_of,
)

__all__ = ["judge_pair", "judge_reference"]


def _unresolved(agreement: Agreement, window: Window, scope: Scope) -> AgreementError:
    return AgreementError(
        f"agreement {agreement.id!r}, window {window.id!r}: its admin scope "
        f"{scope.label or scope.spec_json} is not resolved; resolve it against boundaries "
        "first with trucewatch.agreements.resolve_scopes",
        path=agreement.source_path,
        field="scope",
    )


def judge_pair(
    event: Event,
    agreement: Agreement,
    window: Window,
    *,
    min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE,
) -> Verdict:
    """The verdict for one event against one window of ``agreement``.

    ``min_share_inside``: the location rule's threshold (docs/verdicts.md, "Location").
    Raises :class:`~trucewatch.errors.AgreementError` if the window's scope is an admin scope
    not yet resolved against boundaries.
    """
    scope = agreement.scope_of(window)
    share: float | None = None
    distance: float | None = None
    location: str | None = None
    if scope is None:
        space = Space.INSIDE
    elif scope.geometry is None:
        raise _unresolved(agreement, window, scope)
    else:
        where = event.where
        space, distance = space_of(where.lon, where.lat, where.radius_km, scope.geometry)
        if space is Space.UNCERTAIN:
            share = share_inside(where.lon, where.lat, where.radius_km, scope.geometry)
            location = location_of(where.radius_km, scope.geometry, share, min_share_inside)
    end = event.when.end
    assert end is not None  # events always have a closed interval
    time = time_of(event.when.start, end, window.start, window.end)
    sides = judge_sides(agreement, event)
    verdict = decide(space, time, sides, is_violent(event.event_type), location)
    reasons = reasons_for(
        event,
        agreement,
        window,
        space,
        time,
        sides,
        verdict,
        scope_everywhere=scope is None,
        location=location,
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
        rules_version=rules_version(min_share_inside),
    )


def judge_reference(
    events: Sequence[Event],
    agreements: Sequence[Agreement],
    *,
    include_outside: bool = True,
    min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE,
) -> list[Verdict]:
    """Verdicts for every event x agreement x window, in that order (events, then agreements,
    then :meth:`Agreement.windows` order).

    ``include_outside=False`` drops the pairs whose space is OUTSIDE. Unresolved admin scopes
    raise :class:`~trucewatch.errors.AgreementError` naming the agreement and window, before
    any event is judged. ``min_share_inside``: the location rule's threshold.
    """
    check_min_share(min_share_inside)
    for agreement in agreements:
        for window in agreement.windows():
            scope = agreement.scope_of(window)
            if scope is not None and scope.geometry is None:
                raise _unresolved(agreement, window, scope)
    out: list[Verdict] = []
    for event in events:
        for agreement in agreements:
            for window in agreement.windows():
                verdict = judge_pair(event, agreement, window, min_share_inside=min_share_inside)
                if include_outside or verdict.space is not Space.OUTSIDE:
                    out.append(verdict)
    return out
