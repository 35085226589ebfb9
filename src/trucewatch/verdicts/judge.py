"""The public verdict function, in the spirit of ``geopandas.sjoin``: options first, checked first.

``judge(events, agreements)`` decides every (event, window) pair with the fast engine
(:mod:`trucewatch.verdicts.kernel`) and turns the pairs into :class:`Verdict` objects with
their reasons and explanations; ``engine="reference"`` runs the slow, obviously correct
implementation instead. Both give the same verdicts (a property test holds them to it).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Literal

import numpy as np

from trucewatch.errors import AgreementError, TrucewatchError, ValidationError
from trucewatch.model.agreement import Agreement, Window
from trucewatch.model.event import Event
from trucewatch.model.verdict import Space, Verdict, VerdictKind
from trucewatch.verdicts.codes import SPACE_CODES, STATUS_CODES, TIME_CODES, VERDICT_CODES
from trucewatch.verdicts.columns import AgreementColumns, EventColumns
from trucewatch.verdicts.contested import mark_contested
from trucewatch.verdicts.explain import explanation
from trucewatch.verdicts.kernel import PairColumns, classify
from trucewatch.verdicts.parties import judge_sides
from trucewatch.verdicts.reference import judge_reference
from trucewatch.verdicts.rules import reasons_for, share_inside

__all__ = ["ENGINES", "build_verdicts", "judge", "judge_pairs", "window_list"]

Engine = Literal["fast", "reference"]
ENGINES: tuple[str, ...] = ("fast", "reference")


def window_list(agreements: Sequence[Agreement]) -> list[tuple[Agreement, Window]]:
    """Every window of every agreement, in the order the engines number them."""
    return [(a, w) for a in agreements for w in a.windows()]


def _validate(
    events: Sequence[Event], agreements: Sequence[Agreement], engine: str, kinds: Collection[str]
) -> None:
    if engine not in ENGINES:
        raise ValidationError(f"engine {engine!r} is not one of {', '.join(ENGINES)}")
    if not all(isinstance(e, Event) for e in events):
        raise ValidationError("events must be trucewatch Event objects")
    if not all(isinstance(a, Agreement) for a in agreements):
        raise ValidationError("agreements must be trucewatch Agreement objects")
    ids = [a.id for a in agreements]
    if len(set(ids)) != len(ids):
        raise ValidationError(f"agreement ids must be unique, got {sorted(ids)}")
    unknown = set(kinds) - {k.value for k in VerdictKind}
    if unknown:
        allowed = ", ".join(k.value for k in VerdictKind)
        raise ValidationError(f"unknown verdict kind(s) {sorted(unknown)}: choose from {allowed}")
    for agreement, window in window_list(agreements):
        scope = agreement.scope_of(window)
        if scope is not None and scope.geometry is None:
            raise AgreementError(
                f"window {window.id!r} has an admin scope that is not resolved against "
                "boundaries: load boundaries first (trucewatch boundaries load)",
                path=agreement.source_path,
                field="scope",
            )


def judge_pairs(
    events: Sequence[Event], agreements: Sequence[Agreement], *, include_outside: bool = False
) -> PairColumns:
    """The fast engine's columnar answer: one row per (event, window) pair not outside."""
    columns = EventColumns.from_events(events)
    packed = AgreementColumns.from_agreements(agreements, columns.names)
    return classify(columns, packed, include_outside=include_outside)


def build_verdicts(
    pairs: PairColumns,
    events: Sequence[Event],
    agreements: Sequence[Agreement],
    *,
    rows: np.ndarray | None = None,
) -> list[Verdict]:
    """Verdict objects (reasons, explanation, share inside) for the pairs at ``rows`` (all)."""
    windows = window_list(agreements)
    selected = np.arange(len(pairs.event_idx)) if rows is None else rows
    out = []
    sides_cache: dict[tuple[int, str], tuple] = {}
    for i in selected:
        event = events[int(pairs.event_idx[i])]
        agreement, window = windows[int(pairs.window_idx[i])]
        space = SPACE_CODES[int(pairs.space[i])]
        time = TIME_CODES[int(pairs.time[i])]
        kind = VERDICT_CODES[int(pairs.verdict[i])]
        key = (int(pairs.event_idx[i]), agreement.id)
        if key not in sides_cache:
            sides_cache[key] = judge_sides(agreement, event)
        sides = sides_cache[key]
        engine_sides = (
            STATUS_CODES[int(pairs.side_a_status[i])],
            STATUS_CODES[int(pairs.side_b_status[i])],
        )
        if (sides[0].status, sides[1].status) != engine_sides:
            raise TrucewatchError(
                f"internal error: the fast engine judged the sides of {event.event_id} as "
                f"{engine_sides}, the rules as {(sides[0].status, sides[1].status)}; "
                "please report this with the event and agreement"
            )
        scope = agreement.scope_of(window)
        everywhere = scope is None
        distance = None if everywhere else float(pairs.distance_km[i])
        share = None
        if space is Space.UNCERTAIN and scope is not None and scope.geometry is not None:
            share = share_inside(
                event.where.lon, event.where.lat, event.where.radius_km, scope.geometry
            )
        out.append(
            Verdict(
                event_id=event.event_id,
                agreement_id=agreement.id,
                window_id=window.id,
                verdict=kind,
                space=space,
                time=time,
                parties=sides,
                reasons=reasons_for(
                    event, agreement, window, space, time, sides, kind, scope_everywhere=everywhere
                ),
                explanation=explanation(
                    event, agreement, window, kind, space, time, sides, distance, share
                ),
                distance_km=distance,
                share_inside=share,
            )
        )
    return out


def judge(
    events: Sequence[Event],
    agreements: Sequence[Agreement],
    *,
    engine: Engine = "fast",
    include_outside: bool = False,
    kinds: Collection[str] = (),
    contested: bool = True,
) -> list[Verdict]:
    """Judge every event against every window of every agreement.

    ``include_outside``: also return the pairs whose event is outside the window's scope
    (there are usually many). ``kinds``: keep only these verdict kinds. ``contested``: mark
    reports of one incident by sources that disagree (:mod:`trucewatch.verdicts.contested`).
    Verdicts come ordered by event, then agreement, then window.
    """
    events, agreements = list(events), list(agreements)
    _validate(events, agreements, engine, kinds)
    if engine == "reference":
        verdicts = judge_reference(events, agreements, include_outside=include_outside)
    else:
        pairs = judge_pairs(events, agreements, include_outside=include_outside)
        verdicts = build_verdicts(pairs, events, agreements)
    if contested:
        verdicts = mark_contested(verdicts, {e.event_id: e for e in events})
    if kinds:
        verdicts = [v for v in verdicts if v.verdict.value in kinds]
    return verdicts
