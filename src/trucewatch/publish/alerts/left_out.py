"""What a message was not alerted of: the unlocated events of its days, and why.

An event whose place cannot be put inside an agreement's area (its location is too coarse for
the scope, or mostly outside it: the verdict ``unlocated``, docs/verdicts.md "Location") is not
a possible violation and is not alerted unless a subscription asks for the kind ``unlocated``.
Each message says how many such events of the same local days matched the subscription
otherwise (:func:`trucewatch.store.alert_queue.left_out_unlocated`), so that a subscriber knows what
was left out and is not counted. See docs/alerts.md, "What a message leaves out".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from trucewatch.model.verdict import DEFAULT_MIN_SHARE_INSIDE
from trucewatch.store.alert_queue import LeftOutDay

__all__ = ["LeftOut"]

_SUBSCRIBE = (
    'To get them as alerts, subscribe to the kind "unlocated" '
    "(trucewatch subscriptions add ... --kind unlocated)."
)


def _events(n: int) -> str:
    return f"{n} event{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class LeftOut:
    """The unlocated events of the local days ``first_day`` to ``last_day`` that matched a
    subscription but for their kind, per agreement and day."""

    first_day: date
    last_day: date
    days: tuple[LeftOutDay, ...] = ()
    min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE  # the store's location threshold

    @classmethod
    def of(
        cls,
        first_day: date,
        last_day: date,
        days: Iterable[LeftOutDay],
        min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE,
    ) -> LeftOut:
        """The days of ``days`` from ``first_day`` to ``last_day``, counted at the location
        threshold ``min_share_inside`` (the store's setting)."""
        kept = tuple(d for d in days if first_day <= d.day <= last_day)
        return cls(first_day, last_day, kept, min_share_inside)

    def _outside(self) -> str:
        """Why an event is "mostly outside": in words at the default threshold, else the
        threshold itself."""
        if self.min_share_inside == DEFAULT_MIN_SHARE_INSIDE:
            return "mostly outside the agreement's area"
        return (
            f"less than {100 * self.min_share_inside:g} % inside the agreement's area (the "
            f"store's threshold; default {100 * DEFAULT_MIN_SHARE_INSIDE:g} %)"
        )

    @property
    def total(self) -> int:
        """How many (event, agreement) pairs were left out."""
        return sum(d.coarser + d.mostly_outside for d in self.days)

    def by_agreement(self) -> list[tuple[str, int, int]]:
        """(agreement id, located too coarsely, mostly outside), by agreement id."""
        sums: dict[str, tuple[int, int]] = {}
        for d in self.days:
            c, m = sums.get(d.agreement_id, (0, 0))
            sums[d.agreement_id] = (c + d.coarser, m + d.mostly_outside)
        return [(a, c, m) for a, (c, m) in sorted(sums.items())]

    def lines(self) -> list[str]:
        """The paragraph of an e-mail that says what was left out ([] when nothing was)."""
        if not self.total:
            return []
        if self.first_day == self.last_day:
            when = f"of {self.first_day.isoformat()}"
        else:
            when = f"from {self.first_day.isoformat()} to {self.last_day.isoformat()}"
        lines = [
            f"Left out: {_events(self.total)} {when} (the local days of this message's events) "
            "matched this subscription but were not alerted, because they cannot be placed "
            'inside the agreement\'s area (verdict "unlocated"). They are not counted as '
            "violations or possible violations:"
        ]
        for agreement_id, coarser, outside in self.by_agreement():
            why = []
            if coarser:
                why.append(
                    f"{coarser} located only to a wider area, such as a whole province or "
                    "country, too coarse for the agreement's area"
                )
            if outside:
                why.append(f"{outside} {self._outside()}")
            lines.append(f"  {agreement_id}: {_events(coarser + outside)}: {'; '.join(why)}.")
        lines.append(_SUBSCRIBE)
        return lines

    def as_json(self) -> dict[str, Any]:
        """The ``left_out`` object of a webhook body."""
        return {
            "unlocated": self.total,
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "agreements": [
                {
                    "agreement_id": agreement_id,
                    "unlocated": coarser + outside,
                    "location_coarser_than_scope": coarser,
                    "mostly_outside_scope": outside,
                }
                for agreement_id, coarser, outside in self.by_agreement()
            ],
            "min_share_inside": self.min_share_inside,
            "text": " ".join(line.strip() for line in self.lines()),
        }
