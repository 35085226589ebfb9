"""What one sentence says about a truce, before it becomes a
:class:`~trucewatch.text.statement_model.Statement` (offsets relative to the sentence)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from trucewatch.text.statement_model import Speaker

__all__ = ["Reading", "Spans", "inside"]

Spans = list[tuple[int, int]]


@dataclass
class Reading:
    """What one sentence says (offsets relative to the sentence)."""

    act: str | None = None
    pure_reference: bool = False
    speaker: Speaker | None = None
    parties: list[str] = field(default_factory=list)
    scope: list[str] = field(default_factory=list)
    nationwide: bool = False
    start: datetime | None = None
    start_precision: str | None = None
    duration: timedelta | None = None
    end: datetime | None = None
    exclusions: list[str] = field(default_factory=list)
    conditions: list[tuple[str, int | None, tuple[int, int]]] = field(default_factory=list)
    deadlines: list[tuple[object, str, tuple[int, int]]] = field(default_factory=list)
    monitoring: str | None = None
    place_durations: list[tuple[str, timedelta]] = field(default_factory=list)
    refers_to: str | None = None
    timezone: str | None = None
    evidence: dict[str, Spans] = field(default_factory=dict)

    def cite(self, name: str, span: tuple[int, int] | None) -> None:
        if span is not None:
            self.evidence.setdefault(name, []).append(span)

    @property
    def has_terms(self) -> bool:
        """Whether it says something a truce draft keeps even without an act of its own
        (terms, when the truce named before starts, lasts or ends, where it applies, or who
        signed it)."""
        terms = self.exclusions or self.conditions or self.deadlines or self.monitoring
        timing = self.start or self.duration or self.end or self.place_durations
        return bool(terms or timing or (self.act is None and (self.scope or self.parties)))


def inside(a: int, b: int, spans: Spans) -> bool:
    return any(s <= a and b <= e for s, e in spans)
