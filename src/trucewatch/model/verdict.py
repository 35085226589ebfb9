"""What trucewatch decides for one event against one window of one agreement, and why.

The semantics are written down in docs/verdicts.md; the decisions are made in
:mod:`trucewatch.verdicts`. Everything here is a frozen value that checks itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from trucewatch.errors import ValidationError

__all__ = [
    "DEFAULT_MIN_SHARE_INSIDE",
    "RULES_VERSION",
    "SideJudgement",
    "SideStatus",
    "Space",
    "TimeRelation",
    "Verdict",
    "VerdictKind",
    "rules_version",
]

#: The version of the rules; stored with every verdict. Bump it when a decision can change.
RULES_VERSION = "trucewatch.rules/2"

#: The least share of an event's uncertainty disc that must lie inside a scope for the event to
#: count as located in it (docs/verdicts.md, "Location"): more of the disc inside than outside.
DEFAULT_MIN_SHARE_INSIDE = 0.5


def rules_version(min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE) -> str:
    """The rules version stored with a verdict: :data:`RULES_VERSION`, with the location
    threshold appended when it is not the default (``trucewatch.rules/2;min_share_inside=0.3``).
    """
    check_min_share(min_share_inside)
    if min_share_inside == DEFAULT_MIN_SHARE_INSIDE:
        return RULES_VERSION
    return f"{RULES_VERSION};min_share_inside={min_share_inside!r}"


def check_min_share(value: float) -> float:
    """``value`` if it is a share in [0, 1], else a :class:`ValidationError`."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise ValidationError(
            f"min_share_inside {value!r} must be a number in [0, 1] (the share of an event's "
            f"uncertainty disc inside the scope; default {DEFAULT_MIN_SHARE_INSIDE})"
        )
    return float(value)


class Space(StrEnum):
    """The event's uncertainty area against the scope."""

    INSIDE = "inside"  # wholly inside (touching the edge from inside counts as inside)
    OUTSIDE = "outside"  # wholly outside (touching the edge from outside counts as outside)
    UNCERTAIN = "uncertain"  # partly inside, partly outside


class TimeRelation(StrEnum):
    """The event's UTC interval [earliest, latest) against the window [start, end)."""

    BEFORE = "before"  # ends at or before the start
    DURING = "during"  # starts at or after the start and ends at or before the end
    AFTER = "after"  # starts at or after the end
    UNCERTAIN = "uncertain"  # contains the start or the end


class SideStatus(StrEnum):
    """What one side of an event is to an agreement, at the event's time."""

    PARTY = "party"  # a party that had acceded before the event
    NOT_YET_PARTY = "not_yet_party"  # a party, but it acceded after the event
    ACCESSION_UNCERTAIN = "accession_uncertain"  # it acceded during the event's interval
    EXCLUDED = "excluded"  # an excluded group (by a name it held at the event's date)
    MIXED = "mixed"  # a coalition naming an excluded group together with others
    UNKNOWN = "unknown"  # neither a party nor an excluded group
    ABSENT = "absent"  # the source names no actor on this side


class VerdictKind(StrEnum):
    VIOLATION = "violation"
    POSSIBLE_VIOLATION = "possible_violation"
    NOT_COVERED = "not_covered"  # e.g. fighting an excluded group, or a side not yet a party
    OUTSIDE_SCOPE = "outside_scope"
    OUTSIDE_WINDOW = "outside_window"
    # located too coarsely for the scope, or mostly outside it (docs/verdicts.md, "Location");
    # last, so that the codes of the other kinds do not change
    UNLOCATED = "unlocated"


@dataclass(frozen=True, slots=True)
class SideJudgement:
    """One side of the event: its name as the source gives it, and what it is to the agreement.

    ``matched`` is the id of the party or excluded group the name was matched to; ``role`` is
    ``perpetrator`` or ``target`` when the source says who acted upon whom, else None.
    """

    side: str  # "a" or "b"
    name: str | None
    status: SideStatus
    matched: str | None = None
    role: str | None = None

    def __post_init__(self) -> None:
        if self.side not in ("a", "b"):
            raise ValidationError(f"side must be 'a' or 'b', got {self.side!r}")
        object.__setattr__(self, "status", SideStatus(self.status))
        if self.role not in (None, "perpetrator", "target"):
            raise ValidationError(f"role must be perpetrator, target or None, got {self.role!r}")
        if (self.name is None) != (self.status is SideStatus.ABSENT):
            raise ValidationError("a side is absent exactly when it has no name")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement of one event against one window of one agreement.

    ``distance_km`` is the distance from the event's point to the scope's boundary (None when
    the scope covers everywhere); ``share_inside`` the share of the uncertainty area inside the
    scope, given where the space is uncertain. ``reasons`` are machine-readable codes
    (:mod:`trucewatch.verdicts.reasons`); ``explanation`` one line a person can read.
    ``contested_with`` lists events of other sources that report the same incident differently.
    """

    event_id: str
    agreement_id: str
    window_id: str
    verdict: VerdictKind
    space: Space
    time: TimeRelation
    parties: tuple[SideJudgement, ...]
    reasons: tuple[str, ...]
    explanation: str
    distance_km: float | None = None
    share_inside: float | None = None
    contested_with: tuple[str, ...] = ()
    rules_version: str = RULES_VERSION

    def __post_init__(self) -> None:
        object.__setattr__(self, "verdict", VerdictKind(self.verdict))
        object.__setattr__(self, "space", Space(self.space))
        object.__setattr__(self, "time", TimeRelation(self.time))
        object.__setattr__(self, "parties", tuple(self.parties))
        object.__setattr__(self, "reasons", tuple(self.reasons))
        object.__setattr__(self, "contested_with", tuple(self.contested_with))
        if not self.reasons:
            raise ValidationError("a verdict needs at least one reason")
        if self.distance_km is not None and (
            not math.isfinite(self.distance_km) or self.distance_km < 0
        ):
            raise ValidationError(f"distance_km {self.distance_km!r} must be a number >= 0")
        if self.share_inside is not None and not 0.0 <= self.share_inside <= 1.0:
            raise ValidationError(f"share_inside {self.share_inside!r} must be in [0, 1]")
        if self.space is Space.OUTSIDE and self.verdict in (
            VerdictKind.VIOLATION,
            VerdictKind.POSSIBLE_VIOLATION,
        ):
            raise ValidationError("an event outside the scope cannot be a violation")
        if self.time in (TimeRelation.BEFORE, TimeRelation.AFTER) and self.verdict in (
            VerdictKind.VIOLATION,
            VerdictKind.POSSIBLE_VIOLATION,
        ):
            raise ValidationError("an event outside the window cannot be a violation")
        if self.verdict is VerdictKind.UNLOCATED and self.space is not Space.UNCERTAIN:
            raise ValidationError("only an event whose space is uncertain can be unlocated")
