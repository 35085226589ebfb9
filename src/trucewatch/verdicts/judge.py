"""The public verdict function, in the spirit of ``geopandas.sjoin``: options first, checked first.

``judge(events, agreements)`` decides every (event, window) pair with the fast engine
(:mod:`trucewatch.verdicts.kernel`) and turns the pairs into :class:`Verdict` objects with
their reasons and explanations (:mod:`trucewatch.verdicts.build`); ``engine="reference"``
runs the slow, obviously correct implementation instead. Both give the same verdicts (a
property test holds them to it).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Literal

from trucewatch.errors import AgreementError, ValidationError
from trucewatch.model.agreement import Agreement
from trucewatch.model.event import Event
from trucewatch.model.verdict import (
    DEFAULT_MIN_SHARE_INSIDE,
    Verdict,
    VerdictKind,
    check_min_share,
)
from trucewatch.verdicts.build import build_verdicts, window_list
from trucewatch.verdicts.columns import AgreementColumns, EventColumns
from trucewatch.verdicts.contested import mark_contested
from trucewatch.verdicts.kernel import PairColumns, classify
from trucewatch.verdicts.reference import judge_reference

__all__ = ["ENGINES", "build_verdicts", "judge", "judge_pairs", "window_list"]

Engine = Literal["fast", "reference"]
ENGINES: tuple[str, ...] = ("fast", "reference")


def validate_inputs(
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
    events: Sequence[Event],
    agreements: Sequence[Agreement],
    *,
    include_outside: bool = False,
    min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE,
) -> PairColumns:
    """The fast engine's columnar answer: one row per (event, window) pair not outside."""
    columns = EventColumns.from_events(events)
    packed = AgreementColumns.from_agreements(agreements, columns.names)
    return classify(
        columns, packed, include_outside=include_outside, min_share_inside=min_share_inside
    )


def judge(
    events: Sequence[Event],
    agreements: Sequence[Agreement],
    *,
    engine: Engine = "fast",
    include_outside: bool = False,
    kinds: Collection[str] = (),
    contested: bool = True,
    min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE,
) -> list[Verdict]:
    """Judge every event against every window of every agreement.

    ``include_outside``: also return the pairs whose event is outside the window's scope
    (there are usually many). ``kinds``: keep only these verdict kinds. ``contested``: mark
    reports of one incident by sources that disagree (:mod:`trucewatch.verdicts.contested`).
    ``min_share_inside``: the least share of an event's uncertainty disc inside a scope for
    the event to be located in it (docs/verdicts.md, "Location"; default 0.5): below it, or
    with a disc larger than the scope, a possible violation is ``unlocated``.
    Verdicts come ordered by event, then agreement, then window.
    """
    events, agreements = list(events), list(agreements)
    validate_inputs(events, agreements, engine, kinds)
    check_min_share(min_share_inside)
    if engine == "reference":
        verdicts = judge_reference(
            events,
            agreements,
            include_outside=include_outside,
            min_share_inside=min_share_inside,
        )
    else:
        pairs = judge_pairs(
            events,
            agreements,
            include_outside=include_outside,
            min_share_inside=min_share_inside,
        )
        verdicts = build_verdicts(pairs, events, agreements, min_share_inside=min_share_inside)
    if contested:
        verdicts = mark_contested(verdicts, {e.event_id: e for e in events})
    if kinds:
        verdicts = [v for v in verdicts if v.verdict.value in kinds]
    return verdicts
