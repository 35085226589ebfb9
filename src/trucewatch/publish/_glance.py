"""The report's first section: what a monitor reads first.

Today's violations (how many, and the most serious), the change against the previous period
(the last seven local days to the report day against the seven before, from the daily series),
and the cases pending: possible violations since the first window start whose place, date or
sides leave the verdict open. Everything else of the report follows it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from trucewatch.model.event import Event
from trucewatch.model.verdict import Verdict, VerdictKind
from trucewatch.publish import _content as content
from trucewatch.publish._html import Safe, para, section, table
from trucewatch.verdicts import reasons as R

__all__ = ["PENDING_REASONS", "PERIOD_DAYS", "glance", "period_change"]

#: the days compared: the last PERIOD_DAYS to the report day against the PERIOD_DAYS before
PERIOD_DAYS = 7

#: why a possible violation is pending, by its reason codes (the first that applies)
PENDING_REASONS: tuple[tuple[str, frozenset[str]], ...] = (
    ("no party identified", frozenset({R.NO_PARTY_IDENTIFIED})),
    ("place uncertain", frozenset({R.STRADDLES_SCOPE_EDGE})),
    ("date uncertain", frozenset({R.STRADDLES_WINDOW_START, R.STRADDLES_WINDOW_END})),
)
_OTHER = "sides uncertain (coalition or accession)"


def period_change(series: Any, day: date, days: int = PERIOD_DAYS) -> tuple[int, int] | None:
    """(events in scope in the ``days`` local days to ``day``, in the ``days`` before), from a
    ``DailySeries``; None when the series does not reach that far back."""
    index = {d: i for i, d in enumerate(series.days)}
    last = index.get(day)
    first = index.get(day - timedelta(days=2 * days - 1))
    if last is None or first is None:
        return None
    counts = series.scope_events
    return int(counts[last - days + 1 : last + 1].sum()), int(counts[first : first + days].sum())


def _change_words(now: int, before: int) -> str:
    if before == 0:
        return "no event in the period before" if now == 0 else "none in the period before"
    pct = 100.0 * (now - before) / before
    return f"{pct:+.0f} %"


def pending(judged: Mapping[str, list[Verdict]]) -> Counter[str]:
    """Possible violations (an event's most serious verdict), counted by why they are open."""
    out: Counter[str] = Counter()
    for verdicts in judged.values():
        if content.worst(verdicts) is not VerdictKind.POSSIBLE_VIOLATION:
            continue
        codes = {
            c for v in verdicts if v.verdict is VerdictKind.POSSIBLE_VIOLATION for c in v.reasons
        }
        reason = next((name for name, wanted in PENDING_REASONS if codes & wanted), _OTHER)
        out[reason] += 1
    return out


def from_news(shown: Sequence[content.DayEvent]) -> str:
    """What the day's count says of events read from news articles: how many, their lowest
    extraction confidence, that they are not coded dataset rows (docs/verdicts.md, "Events
    read from news articles"); empty when there are none."""
    confidences = [d.event.confidence for d in shown if d.event.confidence is not None]
    if not confidences:
        return ""
    return (
        f" (of them {len(confidences)} read from news articles, not coded: extraction "
        f"confidence {min(confidences):.2f} and up)"
    )


def news_violations(events: Mapping[str, Event], judged: Mapping[str, list[Verdict]]) -> str:
    """The report's note of its violations and possible violations read from news articles
    (extraction, not coded rows): " · N of the violations and possible violations ..." or
    empty."""
    wanted = (VerdictKind.VIOLATION, VerdictKind.POSSIBLE_VIOLATION)
    news = sum(
        1
        for event_id, verdicts in judged.items()
        if (e := events.get(event_id)) is not None
        and e.confidence is not None
        and any(v.verdict in wanted for v in verdicts)
    )
    if not news:
        return ""
    return (
        f" · {news} event(s) judged (possible) violations were read from news articles, "
        "not coded (see their explanations)"
    )


def glance(
    day: date | None,
    shown: Sequence[content.DayEvent],
    spanning: int,
    series: Any,
    so_far: Mapping[str, list[Verdict]],
) -> Safe:
    """The "At a glance" section (see the module docstring)."""
    if day is None:
        return section("glance", "At a glance", para("No event falls in any window yet."))
    kinds = Counter(d.verdict for d in shown)
    violations = kinds[VerdictKind.VIOLATION]
    possible = kinds[VerdictKind.POSSIBLE_VIOLATION]
    rows: list[tuple[object, ...]] = [
        (
            f"Violations on {day.isoformat()}",
            f"{violations} violation(s), {possible} possible"
            + (f"; {spanning} more dated over several days" if spanning else "")
            + from_news(shown),
        )
    ]
    change = period_change(series, day)
    if change is None:
        rows.append(("Change against the previous period", "the series is too short to say"))
    else:
        now, before = change
        rows.append(
            (
                f"Events in scope, last {PERIOD_DAYS} days",
                f"{now} against {before} in the {PERIOD_DAYS} days before "
                f"({_change_words(now, before)})",
            )
        )
    waiting = pending(so_far)
    total = sum(waiting.values())
    detail = ", ".join(f"{n} {why}" for why, n in waiting.most_common())
    rows.append(
        (
            "Cases pending",
            f"{total} possible violation(s) since the start" + (f": {detail}" if detail else ""),
        )
    )
    first = [d for d in shown if d.verdict is VerdictKind.VIOLATION][:3]
    parts: list[object] = [table(("", ""), rows, cls="kv")]
    if first:
        parts.append(
            para(
                "Most serious today: "
                + "; ".join(
                    f"{d.event.event_id} at {d.event.where.place or d.event.where.admin1 or '?'}"
                    for d in first
                )
                + " (listed with their explanations in the next section).",
            )
        )
    parts.append(
        para(
            "Events in scope are violent events inside the scope of the base window, not "
            "involving an excluded group, as in the daily series; the change compares local "
            "days. A pending case is a possible violation: a monitor confirms or dismisses it "
            "(`trucewatch explain EVENT_ID` gives every reason).",
            "note",
        )
    )
    return section("glance", "At a glance", *parts)
