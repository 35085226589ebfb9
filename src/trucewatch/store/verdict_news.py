"""What is new to an alert subscription, recorded by each verdict update (in its transaction):
the rule that reads it is :mod:`trucewatch.store.alert_queue`'s (docs/alerts.md, "Only new
verdicts").

- A window judged from nothing (new, or stored again after its agreement was removed): the
  time, ``verdict_window_numbers.first_judged_at`` (migration 11; NULL for windows judged
  before it).
- A window judged again (its definition changed: a new version of its agreement, an end
  recorded, another location threshold): its verdicts whose kind is now one some active
  subscription gets and more severe than before (:data:`~trucewatch.model.verdict.SEVERITY`;
  or that did not exist before), in ``verdict_kind_changes`` (event, window, when). A verdict
  judged again to the same kind, or to a less severe one (a violation that became a possible
  violation when an end cut its window), is not recorded: it is not news. Only the kinds some
  subscription with a ``since`` gets matter (a subscription made later only cares about
  changes after it), so with none nothing is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import duckdb

from trucewatch.model.verdict import SEVERITY, VerdictKind

__all__ = ["News", "kinds_before", "record_news"]


#: the codes of the verdict kinds (a kind's code is its position, verdicts/codes.py)
_CODES = {k.value: i for i, k in enumerate(VerdictKind)}
#: code -> severity rank (0 the most severe), indexed from 1 as SQL lists are
_RANK = [SEVERITY.index(k) for k in VerdictKind]


@dataclass(frozen=True)
class News:
    """What :func:`kinds_before` saw before an update dropped the verdicts it re-judges:
    ``again`` the numbers of windows judged before (their verdicts at least as severe as the
    least severe ``watched`` kind kept aside in ``_tw_kinds_before``), ``fresh`` the windows
    judged from nothing; ``watched`` the codes of the kinds some subscription gets."""

    again: tuple[int, ...]
    fresh: tuple[tuple[str, str], ...]
    watched: tuple[int, ...]

    @property
    def kept(self) -> list[int]:
        """The codes of the kinds kept aside: at least as severe as one watched."""
        least = max((_RANK[c] for c in self.watched), default=-1)
        return [c for c, rank in enumerate(_RANK) if rank <= least]


def _watched(conn: duckdb.DuckDBPyConnection) -> tuple[int, ...]:
    """The codes of the verdict kinds some active subscription with a ``since`` gets."""
    kinds = conn.execute(
        "SELECT DISTINCT unnest(kinds) FROM subscriptions "
        "WHERE revoked_at IS NULL AND since IS NOT NULL"
    ).fetchall()
    return tuple(sorted(_CODES[k] for (k,) in kinds if k in _CODES))


def kinds_before(conn: duckdb.DuckDBPyConnection, rejudged: Iterable[tuple[str, str]]) -> News:
    """Within the caller's transaction, before :func:`start_update` drops the verdicts of the
    ``rejudged`` windows: which of them were judged before, and their verdicts as severe as
    a kind some subscription gets, kept aside (a temporary table) for :func:`record_news` to
    compare."""
    judged = {
        (a, w): int(n)
        for a, w, n in conn.execute(
            "SELECT agreement_id, window_id, window_no FROM verdict_windows "
            "JOIN verdict_window_numbers USING (agreement_id, window_id)"
        ).fetchall()
    }
    keys = list(rejudged)
    news = News(
        again=tuple(judged[k] for k in keys if k in judged),
        fresh=tuple(k for k in keys if k not in judged),
        watched=_watched(conn),
    )
    if news.again and news.watched:
        conn.execute(
            "CREATE OR REPLACE TEMP TABLE _tw_kinds_before AS "
            "SELECT event_id, window_no, verdict FROM verdict_codes "
            "WHERE window_no = ANY(?) AND verdict = ANY(?)",
            [list(news.again), news.kept],
        )
    return news


def record_news(
    conn: duckdb.DuckDBPyConnection,
    news: News,
    numbers: dict[tuple[str, str], int],
    removed: Iterable[tuple[str, str]],
    now: datetime,
) -> None:
    """Within the caller's transaction, after the verdicts are written: windows judged from
    nothing marked so at ``now``; the verdicts of windows judged again whose kind is one some
    subscription gets and more severe than before (or that are new) recorded at ``now``; the
    records of removed windows dropped."""
    gone = [numbers[k] for k in [*removed, *news.fresh] if k in numbers]
    if gone:
        conn.execute("DELETE FROM verdict_kind_changes WHERE window_no = ANY(?)", [gone])
    fresh = [numbers[k] for k in news.fresh]
    if fresh:
        conn.execute(
            "UPDATE verdict_window_numbers SET first_judged_at = ? WHERE window_no = ANY(?)",
            [now, fresh],
        )
    if news.again and news.watched:
        conn.execute(
            "INSERT INTO verdict_kind_changes SELECT c.event_id, c.window_no, $1 "
            "FROM verdict_codes c WHERE c.window_no = ANY($2) AND c.verdict = ANY($3) "
            "AND NOT EXISTS (SELECT 1 FROM _tw_kinds_before b WHERE b.event_id = c.event_id "
            "AND b.window_no = c.window_no "
            "AND list_extract($4, b.verdict + 1) <= list_extract($4, c.verdict + 1))",
            [now, list(news.again), list(news.watched), _RANK],
        )
        conn.execute("DROP TABLE _tw_kinds_before")
