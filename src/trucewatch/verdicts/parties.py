"""What each side of an event is to an agreement: a party, an excluded group, or neither.

A side is classified once per (agreement, name) by :func:`classify_name`, which does not depend
on time, and then judged over the event's interval by :func:`status_over` (only accession
depends on time). The fast engine builds its lookup tables with these same two functions.

Rules (docs/verdicts.md, "Parties"):
- A source may name a coalition ("Ahrar al-Sham, Jabhat Fateh al-Sham, Southern Front"): the
  name is split on commas and semicolons and each part is matched on its own.
- A part is an excluded group when it matches one of the group's names, under any of the names
  the group ever held; whether that name was in use on the event's date only changes the reason
  given (UCDP, for one, codes old events under a group's later name).
- Every part excluded -> ``excluded``; some parts excluded and some not -> ``mixed``.
- Otherwise, a part that is a party's name or alias makes the side that party: ``party`` if it
  acceded at or before the event's earliest instant, ``not_yet_party`` if it acceded at or after
  the latest, ``accession_uncertain`` in between. A party without an accession instant is a
  party from the start.
- Anything else is ``unknown``; no name at all is ``absent``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum

from trucewatch.model.agreement import Agreement, ExcludedGroup
from trucewatch.model.event import Actors, Event
from trucewatch.model.time import zone
from trucewatch.model.verdict import SideJudgement, SideStatus

__all__ = [
    "NameClass",
    "NameKind",
    "classify_name",
    "excluded_on_day",
    "excluded_on_event_date",
    "judge_actors",
    "judge_sides",
    "split_coalition",
    "status_over",
]

_SPLIT = re.compile(r"[,;]")
_EVER = date(1, 1, 1)


class NameKind(IntEnum):
    """Time-independent class of a side's name for one agreement (codes used by the kernel)."""

    ABSENT = 0
    UNKNOWN = 1
    PARTY = 2
    EXCLUDED = 3
    MIXED = 4


@dataclass(frozen=True, slots=True)
class NameClass:
    """A side's name classified for one agreement. ``matched`` is the party or group id."""

    kind: NameKind
    matched: str | None = None
    accession: datetime | None = None  # for a party: when it acceded (None: from the start)


def split_coalition(name: str) -> list[str]:
    """The actors a source lists in one side, e.g. ``"A, B; C"`` -> ``["A", "B", "C"]``."""
    return [part.strip() for part in _SPLIT.split(name) if part.strip()]


def _probe_days(group: ExcludedGroup) -> list[date]:
    days = {_EVER}
    for n in group.names:
        days.update(d for d in (n.valid_from, n.valid_until) if d is not None)
    return sorted(days)


def _excluded_group(agreement: Agreement, part: str) -> ExcludedGroup | None:
    """The excluded group ``part`` names under any name the group ever held."""
    for group in agreement.excluded_groups:
        if any(group.matches(part, day) for day in _probe_days(group)):
            return group
    return None


def classify_name(agreement: Agreement, name: str | None) -> NameClass:
    """Classify a side's name for ``agreement`` (see the module docstring for the rules)."""
    if name is None or not name.strip():
        return NameClass(NameKind.ABSENT)
    parts = split_coalition(name) or [name]
    groups = [_excluded_group(agreement, part) for part in parts]
    excluded = [g for g in groups if g is not None]
    if excluded:
        kind = NameKind.EXCLUDED if len(excluded) == len(parts) else NameKind.MIXED
        return NameClass(kind, excluded[0].id)
    for part in parts:
        for party in agreement.parties:
            if party.matches(part):
                return NameClass(NameKind.PARTY, party.id, party.accession)
    return NameClass(NameKind.UNKNOWN)


def status_over(name_class: NameClass, earliest: datetime, latest: datetime) -> SideStatus:
    """The side's status over the event's interval ``[earliest, latest)``."""
    if name_class.kind is NameKind.PARTY:
        accession = name_class.accession
        if accession is None or accession <= earliest:
            return SideStatus.PARTY
        if accession >= latest:
            return SideStatus.NOT_YET_PARTY
        return SideStatus.ACCESSION_UNCERTAIN
    return {
        NameKind.ABSENT: SideStatus.ABSENT,
        NameKind.UNKNOWN: SideStatus.UNKNOWN,
        NameKind.EXCLUDED: SideStatus.EXCLUDED,
        NameKind.MIXED: SideStatus.MIXED,
    }[name_class.kind]


def _event_day(event: Event) -> date:
    """The event's first local calendar day (a source's date is a day at the event's place)."""
    return event.when.start.astimezone(zone(event.timezone)).date()


def excluded_on_event_date(agreement: Agreement, name: str, event: Event) -> bool:
    """Whether some part of ``name`` names an excluded group by a name in use that day."""
    return excluded_on_day(agreement, name, _event_day(event))


def excluded_on_day(agreement: Agreement, name: str, day: date) -> bool:
    """Whether some part of ``name`` names an excluded group by a name in use on ``day``."""
    return any(
        group.matches(part, day)
        for part in split_coalition(name) or [name]
        for group in agreement.excluded_groups
    )


def judge_sides(
    agreement: Agreement,
    event: Event,
    *,
    classify: Callable[[Agreement, str | None], NameClass] = classify_name,
) -> tuple[SideJudgement, SideJudgement]:
    """Both sides of ``event`` judged against ``agreement``, with their roles if known.

    ``classify``: :func:`classify_name` or a memoised equivalent (it does not depend on time).
    """
    assert event.when.end is not None  # events always have a closed interval
    return judge_actors(
        agreement, event.actors, event.when.start, event.when.end, classify=classify
    )


def judge_actors(
    agreement: Agreement,
    actors: Actors,
    earliest: datetime,
    latest: datetime,
    *,
    classify: Callable[[Agreement, str | None], NameClass] = classify_name,
) -> tuple[SideJudgement, SideJudgement]:
    """:func:`judge_sides` for an event's ``actors`` over ``[earliest, latest)``."""
    out = []
    for side, name in (("a", actors.side_a), ("b", actors.side_b)):
        name_class = classify(agreement, name)
        role = None
        if name is not None and actors.perpetrator == name:
            role = "perpetrator"
        elif name is not None and actors.target == name:
            role = "target"
        out.append(
            SideJudgement(
                side=side,
                name=name if name_class.kind is not NameKind.ABSENT else None,
                status=status_over(name_class, earliest, latest),
                matched=name_class.matched,
                role=role,
            )
        )
    return out[0], out[1]
