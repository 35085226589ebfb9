"""Small integer codes for the verdict enums, as the fast engine stores them (int8 columns).

A code is the position of the member in its StrEnum definition in
:mod:`trucewatch.model.verdict`, so ``SPACE_CODES[code]`` is the member and
:func:`code_of` the inverse. The kernel compiles the constants below into its machine code;
reordering an enum therefore changes stored codes and needs a new ``RULES_VERSION``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from trucewatch.errors import ValidationError
from trucewatch.model.verdict import SideStatus, Space, TimeRelation, VerdictKind

__all__ = [
    "SPACE_CODES",
    "STATUS_CODES",
    "TIME_CODES",
    "VERDICT_CODES",
    "code_of",
    "decode",
]

E = TypeVar("E", bound=StrEnum)

SPACE_CODES: tuple[Space, ...] = tuple(Space)
TIME_CODES: tuple[TimeRelation, ...] = tuple(TimeRelation)
STATUS_CODES: tuple[SideStatus, ...] = tuple(SideStatus)
VERDICT_CODES: tuple[VerdictKind, ...] = tuple(VerdictKind)

_TABLES: dict[type[StrEnum], tuple[StrEnum, ...]] = {
    Space: SPACE_CODES,
    TimeRelation: TIME_CODES,
    SideStatus: STATUS_CODES,
    VerdictKind: VERDICT_CODES,
}


def code_of(member: StrEnum) -> int:
    """The int8 code of an enum member, e.g. ``code_of(Space.OUTSIDE) == 1``."""
    table = _TABLES.get(type(member))
    if table is None:
        raise ValidationError(f"{member!r} is not a Space, TimeRelation, SideStatus or VerdictKind")
    return table.index(member)


def decode(enum: type[E], codes: npt.ArrayLike) -> list[E]:
    """The members for an array of codes, e.g. ``decode(Space, pairs.space)``."""
    table = _TABLES.get(enum)
    if table is None:
        raise ValidationError(f"{enum!r} is not Space, TimeRelation, SideStatus or VerdictKind")
    values = np.asarray(codes, dtype=np.int64)
    if values.size and (values.min() < 0 or values.max() >= len(table)):
        raise ValidationError(
            f"codes for {enum.__name__} must be in [0, {len(table) - 1}], "
            f"got values in [{values.min()}, {values.max()}]"
        )
    return [table[int(v)] for v in values]  # type: ignore[misc]


# Constants the kernel compiles in (numba freezes module globals at compile time).
INSIDE = code_of(Space.INSIDE)
OUTSIDE = code_of(Space.OUTSIDE)
SPACE_UNCERTAIN = code_of(Space.UNCERTAIN)
BEFORE = code_of(TimeRelation.BEFORE)
DURING = code_of(TimeRelation.DURING)
AFTER = code_of(TimeRelation.AFTER)
TIME_UNCERTAIN = code_of(TimeRelation.UNCERTAIN)
PARTY = code_of(SideStatus.PARTY)
NOT_YET_PARTY = code_of(SideStatus.NOT_YET_PARTY)
ACCESSION_UNCERTAIN = code_of(SideStatus.ACCESSION_UNCERTAIN)
EXCLUDED = code_of(SideStatus.EXCLUDED)
MIXED = code_of(SideStatus.MIXED)
UNKNOWN = code_of(SideStatus.UNKNOWN)
ABSENT = code_of(SideStatus.ABSENT)
VIOLATION = code_of(VerdictKind.VIOLATION)
POSSIBLE_VIOLATION = code_of(VerdictKind.POSSIBLE_VIOLATION)
NOT_COVERED = code_of(VerdictKind.NOT_COVERED)
OUTSIDE_SCOPE = code_of(VerdictKind.OUTSIDE_SCOPE)
OUTSIDE_WINDOW = code_of(VerdictKind.OUTSIDE_WINDOW)
UNLOCATED = code_of(VerdictKind.UNLOCATED)  # set after the kernel (verdicts.locate)
