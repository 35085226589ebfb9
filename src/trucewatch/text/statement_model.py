"""What an article says about a truce, as data: statements, one draft per truce, and claims.

A :class:`Statement` is one act (declare, agree, extend, accept, reject, accuse, suspend, end)
read from one sentence or the headline, with the fields the sentence gives and the spans that
support each of them. :class:`TruceDraft` is one truce of one article after the statements about
it are merged (headline, subtitle, body) and a reference to an earlier truce is resolved to the
stored agreement it names. A :class:`Claim` is what someone says about how a truce is going
("violence decreased", "the truce is largely holding", "X violated it 12 times"), to be checked
against the data by :mod:`trucewatch.claims`.

These objects check themselves at construction and are frozen, like the rest of
:mod:`trucewatch.model`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType

from trucewatch.errors import ValidationError
from trucewatch.model.time import ensure_aware

__all__ = [
    "ACTS",
    "ACT_STRENGTH",
    "CLAIM_KINDS",
    "DIRECTIONS",
    "START_PRECISIONS",
    "Claim",
    "Condition",
    "Deadline",
    "Span",
    "Speaker",
    "Statement",
    "TruceDraft",
]

#: what a statement does to a truce
ACTS: tuple[str, ...] = (
    "declare",
    "agree",
    "extend",
    "accept",
    "reject",
    "accuse",
    "suspend",
    "end",
)
#: which act names a merged draft: the first of these a draft's statements have
ACT_STRENGTH: tuple[str, ...] = (
    "extend",
    "declare",
    "agree",
    "suspend",
    "end",
    "accept",
    "reject",
    "accuse",
)
START_PRECISIONS: tuple[str, ...] = ("minute", "hour", "day")
CLAIM_KINDS: tuple[str, ...] = (
    "violence_decreased",
    "violence_increased",
    "truce_holding",
    "truce_collapsed",
    "violations_counted",
)
DIRECTIONS: tuple[str, ...] = ("down", "up", "flat")


def _check_choice(value: str | None, allowed: tuple[str, ...], what: str) -> None:
    if value is not None and value not in allowed:
        raise ValidationError(f"{what} {value!r} is not one of {', '.join(allowed)}")


def _check_confidence(value: float, what: str) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValidationError(f"{what}: confidence {value} is outside [0, 1]")


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``start:end`` of ``Article.text`` and the text they cover."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValidationError(f"span {self.start}:{self.end} is not a range of characters")


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who made a statement: a person, an office, a state (any may be unknown)."""

    person: str | None = None
    office: str | None = None
    state: str | None = None

    def __post_init__(self) -> None:
        if self.person is None and self.office is None and self.state is None:
            raise ValidationError("a speaker needs a person, an office or a state")


@dataclass(frozen=True, slots=True)
class Deadline:
    """A date by which something is to happen ("a political transition by 1 August")."""

    by: date | datetime
    what: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """A clause a truce depends on ("if calm holds for seven days"), with its days when given."""

    text: str
    days: int | None = None
    span: Span | None = None

    def __post_init__(self) -> None:
        if self.days is not None and self.days <= 0:
            raise ValidationError(f"condition {self.text!r}: days must be positive")


@dataclass(frozen=True, slots=True)
class Statement:
    """One act about a truce read from one sentence (``sentence_index`` -1: the headline)."""

    act: str
    article_id: str
    sentence_index: int
    span: Span
    speaker: Speaker | None = None
    parties: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    nationwide: bool = False
    country: str | None = None
    start: datetime | None = None
    start_precision: str | None = None
    timezone: str = "UTC"
    duration: timedelta | None = None
    end: datetime | None = None
    exclusions: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    monitoring: str | None = None
    refers_to: str | None = None
    #: durations said place by place ("24 hours in Eastern Ghouta and 72 in Latakia")
    place_durations: tuple[tuple[str, timedelta], ...] = ()
    evidence: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)
    confidence: float = 0.5

    def __post_init__(self) -> None:
        where = f"statement in article {self.article_id}, sentence {self.sentence_index}"
        _check_choice(self.act, ACTS, f"{where}: act")
        _check_choice(self.start_precision, START_PRECISIONS, f"{where}: start precision")
        _check_confidence(self.confidence, where)
        if self.start is not None:
            ensure_aware(self.start, f"{where}: start")
            if self.start_precision is None:
                raise ValidationError(f"{where}: a start needs its precision")
        if self.end is not None:
            ensure_aware(self.end, f"{where}: end")
        if self.duration is not None and self.duration <= timedelta(0):
            raise ValidationError(f"{where}: duration must be positive")
        if self.nationwide and self.scope:
            raise ValidationError(f"{where}: a nationwide statement has no place scope")
        object.__setattr__(self, "evidence", MappingProxyType(dict(self.evidence)))


@dataclass(frozen=True, slots=True)
class TruceDraft:
    """One truce of one article, merged from its statements.

    ``extends`` is the stored agreement an extension, acceptance or accusation refers to;
    ``new_agreement`` is False when the draft only refers to a stored agreement (then it becomes
    an ``extensions`` entry or a note, never a second agreement)."""

    draft_id: str
    article_id: str
    act: str
    statements: tuple[Statement, ...]
    speaker: Speaker | None = None
    parties: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    nationwide: bool = False
    country: str | None = None
    start: datetime | None = None
    start_precision: str | None = None
    timezone: str = "UTC"
    duration: timedelta | None = None
    end: datetime | None = None
    exclusions: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    monitoring: str | None = None
    extends: str | None = None
    new_agreement: bool = True

    def __post_init__(self) -> None:
        where = f"truce draft {self.draft_id}"
        _check_choice(self.act, ACTS, f"{where}: act")
        _check_choice(self.start_precision, START_PRECISIONS, f"{where}: start precision")
        if not self.statements:
            raise ValidationError(f"{where}: a draft needs at least one statement")
        if self.start is not None:
            ensure_aware(self.start, f"{where}: start")
        if self.extends is not None and self.new_agreement and self.act == "extend":
            raise ValidationError(f"{where}: an extension of {self.extends} is not a new agreement")


@dataclass(frozen=True, slots=True)
class Claim:
    """What someone says about how a truce is going, with its area, period and direction."""

    kind: str
    article_id: str
    span: Span
    claimant: Speaker | None = None
    scope: tuple[str, ...] = ()
    nationwide: bool = False
    period_start: datetime | None = None
    period_end: datetime | None = None
    direction: str | None = None
    count: int | None = None
    about: str | None = None
    confidence: float = 0.5

    def __post_init__(self) -> None:
        where = f"claim in article {self.article_id}"
        _check_choice(self.kind, CLAIM_KINDS, f"{where}: kind")
        _check_choice(self.direction, DIRECTIONS, f"{where}: direction")
        _check_confidence(self.confidence, where)
        for name in ("period_start", "period_end"):
            value = getattr(self, name)
            if value is not None:
                ensure_aware(value, f"{where}: {name}")
        if (
            self.period_start is not None
            and self.period_end is not None
            and self.period_end < self.period_start
        ):
            raise ValidationError(f"{where}: the period ends before it starts")
        if self.count is not None and self.count < 0:
            raise ValidationError(f"{where}: count must not be negative")
