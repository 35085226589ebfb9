"""The sides at war in a country, by period: who "the two sides" or "the warring parties" of a
truce statement are (the ``warring`` field of a country pack or names file), and which side was
the country's government, by period: who "Libya" declaring a truce in March 2011 is (the
``governments`` field). docs/countries.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from trucewatch.errors import ValidationError

__all__ = ["Government", "WarringSides", "parse_governments", "parse_period", "parse_warring"]


@dataclass(frozen=True, slots=True)
class WarringSides:
    """The two (or more) sides at war in a country from ``since`` to ``until`` (inclusive;
    None: open), as canonical actor names: who "the two sides" or "the warring parties" of a
    truce are."""

    sides: tuple[str, ...]
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if len(self.sides) < 2 or any(not s.strip() for s in self.sides):
            raise ValidationError(f"warring sides {self.sides!r}: at least two names")
        if self.since and self.until and self.until < self.since:
            raise ValidationError(f"warring sides {self.sides!r}: until is before since")


@dataclass(frozen=True, slots=True)
class Government:
    """The side that was a country's government from ``since`` to ``until`` (inclusive; None:
    open), as a canonical actor name: the party a state's own name stands for then."""

    side: str
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if not self.side.strip():
            raise ValidationError("government: an empty side name")
        if self.since and self.until and self.until < self.since:
            raise ValidationError(f"government {self.side!r}: until is before since")

    def holds(self, on: date) -> bool:
        """Whether ``on`` lies in the period."""
        return (self.since is None or self.since <= on) and (self.until is None or on <= self.until)


def _names(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError(f"{where}: a list of non-empty strings")
    return tuple(value)


def parse_warring(
    entries: object, actors: Mapping[str, object], where: str
) -> tuple[WarringSides, ...]:
    """The ``warring`` entries of a pack or names file: ``{"sides": [...], "since": "YYYY-MM-DD",
    "until": ...}``, each side a canonical actor name of the pack."""
    if not isinstance(entries, list):
        raise ValidationError(f"{where}: warring: a list of {{sides, since, until}}")
    out = []
    for k, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ValidationError(f"{where}: warring[{k}]: an object with 'sides'")
        sides = _names(entry.get("sides"), f"{where}: warring[{k}].sides")
        unknown = [s for s in sides if s not in actors]
        if unknown:
            raise ValidationError(
                f"{where}: warring[{k}]: {unknown[0]!r} is not a side of its actors "
                f"({', '.join(actors)})"
            )
        out.append(WarringSides(sides, *parse_period(entry, f"{where}: warring[{k}]")))
    return tuple(out)


def parse_period(entry: Mapping[str, object], where: str) -> tuple[date | None, date | None]:
    """The ``since`` and ``until`` dates of an entry (None when absent), or ValidationError
    naming ``where``."""
    try:
        since, until = (
            None if entry.get(key) is None else date.fromisoformat(str(entry[key]))
            for key in ("since", "until")
        )
    except ValueError as exc:
        raise ValidationError(f"{where}: a date is not YYYY-MM-DD ({exc})") from exc
    return since, until


def parse_governments(
    entries: object, actors: Mapping[str, object], where: str
) -> tuple[Government, ...]:
    """The ``governments`` entries of a pack or names file: ``{"side": "...", "since":
    "YYYY-MM-DD", "until": ...}``, the side a canonical actor name of the pack."""
    if not isinstance(entries, list):
        raise ValidationError(f"{where}: governments: a list of {{side, since, until}}")
    out = []
    for k, entry in enumerate(entries):
        at = f"{where}: governments[{k}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("side"), str):
            raise ValidationError(f"{at}: an object with a 'side' name")
        if entry["side"] not in actors:
            raise ValidationError(
                f"{at}: {entry['side']!r} is not a side of its actors ({', '.join(actors)})"
            )
        out.append(Government(entry["side"], *parse_period(entry, at)))
    return tuple(out)
