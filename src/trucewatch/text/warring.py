"""The sides at war in a country, by period: who "the two sides" or "the warring parties" of a
truce statement are (the ``warring`` field of a country pack or names file, docs/countries.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from trucewatch.errors import ValidationError

__all__ = ["WarringSides", "parse_warring"]


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
        try:
            since, until = (
                None if entry.get(key) is None else date.fromisoformat(str(entry[key]))
                for key in ("since", "until")
            )
        except ValueError as exc:
            raise ValidationError(
                f"{where}: warring[{k}]: a date is not YYYY-MM-DD ({exc})"
            ) from exc
        out.append(WarringSides(sides, since, until))
    return tuple(out)
