"""The verdict rules of a store: the one place the location threshold is taken from its settings.

Every path that judges events with a store at hand takes its rules from :func:`rules_of`:
the update of the stored verdicts (``trucewatch verdicts``, ``effect``, ``demo``, the API's
refresh, :func:`trucewatch.workspace.workspace`), ``summary``, ``explain``, the report and
the API's effect and series. So every command and the API give the same verdicts for the same
store, and changing the setting (``trucewatch settings set min-share-inside 0.3``, ``PUT
/settings``) changes all of them; the stored verdicts carry the threshold in their rules
version, so the next update re-judges them (docs/verdicts.md, "Location"; docs/store.md,
"Settings").
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from trucewatch.model.agreement import Agreement, Window
from trucewatch.model.event import Event
from trucewatch.model.threshold import threshold_note
from trucewatch.model.verdict import (
    DEFAULT_MIN_SHARE_INSIDE,
    Verdict,
    check_min_share,
    rules_version,
)
from trucewatch.store import Store
from trucewatch.store.verdict_reads import min_share_inside, stale
from trucewatch.verdicts.judge import Engine, judge
from trucewatch.verdicts.outcomes import Outcome, judge_outcomes
from trucewatch.verdicts.window_key import window_key

__all__ = ["StoreRules", "rules_of"]


@dataclass(frozen=True)
class StoreRules:
    """The rules a store's events are judged by: :data:`RULES_VERSION` and the store's
    location threshold. Made by :func:`rules_of`; its methods judge with that threshold."""

    min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE

    def __post_init__(self) -> None:
        object.__setattr__(self, "min_share_inside", check_min_share(self.min_share_inside))

    @property
    def version(self) -> str:
        """The rules version the verdicts get (``trucewatch.rules/2;min_share_inside=0.3``)."""
        return rules_version(self.min_share_inside)

    @property
    def is_default(self) -> bool:
        """Whether the threshold is the default (then the outputs do not mention it)."""
        return self.min_share_inside == DEFAULT_MIN_SHARE_INSIDE

    def note(self) -> str:
        """The sentence outputs that count verdicts add when the threshold is not the default
        ("" when it is)."""
        return threshold_note(self.min_share_inside)

    def judge(
        self,
        events: Sequence[Event],
        agreements: Sequence[Agreement],
        *,
        engine: Engine = "fast",
        include_outside: bool = False,
        kinds: Collection[str] = (),
        contested: bool = True,
    ) -> list[Verdict]:
        """:func:`trucewatch.verdicts.judge.judge` with this threshold."""
        return judge(
            events,
            agreements,
            engine=engine,
            include_outside=include_outside,
            kinds=kinds,
            contested=contested,
            min_share_inside=self.min_share_inside,
        )

    def outcomes(
        self,
        events: Sequence[Event],
        agreements: Sequence[Agreement],
        *,
        include_outside: bool = False,
    ) -> list[Outcome]:
        """:func:`trucewatch.verdicts.outcomes.judge_outcomes` with this threshold."""
        return judge_outcomes(
            events,
            agreements,
            include_outside=include_outside,
            min_share_inside=self.min_share_inside,
        )

    def window_key(self, agreement: Agreement, window: Window) -> str:
        """:func:`trucewatch.verdicts.window_key.window_key` with this threshold: a stored
        window whose key differs was judged otherwise and is judged again at the next update."""
        return window_key(agreement, window, self.min_share_inside)

    def stale(self, store: Store) -> str | None:
        """Why the verdicts stored in ``store`` are not all judged by these rules (how many
        windows were judged otherwise, and the fix), or None when they are."""
        return stale(store, self.min_share_inside)


def rules_of(store: Store) -> StoreRules:
    """The rules of ``store``: its location threshold (``trucewatch settings``), or the
    default when it was never set. Read it while the store is open, judge after."""
    return StoreRules(min_share_inside(store))
