"""What the report says, as plain rows: windows, verdicts per event, counts, the day, sources.

Pure functions over events, verdicts and the agreement; :mod:`trucewatch.publish.report` turns
their rows into HTML.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from trucewatch.agreements.render import OPEN_ENDED
from trucewatch.model.agreement import Agreement, Window
from trucewatch.model.event import Event
from trucewatch.model.taxonomy import EVENT_TYPES
from trucewatch.model.time import local_days_interval
from trucewatch.model.verdict import (
    SEVERITY,
    Space,
    TimeRelation,
    Verdict,
    VerdictKind,
    most_serious,
)
from trucewatch.verdicts.explain import VERDICT_WORDS

__all__ = [
    "DATA_SOURCES",
    "DayEvent",
    "by_party",
    "by_type",
    "cited_sources",
    "data_sources",
    "day_events",
    "default_day",
    "local_time",
    "per_event",
    "until",
    "window_rows",
    "worst",
]

_BREACH = (VerdictKind.VIOLATION, VerdictKind.POSSIBLE_VIOLATION)

#: events dated over a longer span than this are counted apart in the table by type
LONG_SPAN = timedelta(days=8)

#: adapter family (the part of the adapter name before the dot) -> how to cite the data set.
DATA_SOURCES: dict[str, tuple[str, str | None]] = {
    "ucdp_ged": (
        "UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program; Sundberg & "
        "Melander (2013), Journal of Peace Research 50(4). Licence CC BY 4.0.",
        "https://ucdp.uu.se/downloads/",
    ),
    "acled": (
        "Armed Conflict Location & Event Data (ACLED); Raleigh et al. (2010), Journal of Peace "
        "Research 47(5). ACLED terms of use (attribution required).",
        "https://acleddata.com/",
    ),
    "gdelt": (
        "The GDELT Project, event database 2.0 (open data; cite GDELT).",
        "https://www.gdeltproject.org/",
    ),
    "csv": ("Events from a user CSV file read with the csv.v1 adapter.", None),
    "simulation": (
        "SYNTHETIC events from trucewatch's seeded simulator: not real events.",
        None,
    ),
}


def local_time(instant: datetime | None, timezone: str) -> str:
    """``2016-05-05 01:00 +03:00`` in ``timezone`` (an em dash for an open end)."""
    if instant is None:
        return "—  (open)"
    local = instant.astimezone(ZoneInfo(timezone))
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"


def _utc(instant: datetime | None) -> str:
    return "— (open)" if instant is None else f"{instant:%Y-%m-%d %H:%M}Z"


def _how_ended(window: Window) -> str:
    if window.open_ended:
        return OPEN_ENDED
    if window.ended is None:
        return "stated end"
    return window.ended.kind + (
        f", replaced by {window.ended.replaced_by}" if window.ended.replaced_by else ""
    )


def window_rows(agreement: Agreement) -> list[tuple[object, ...]]:
    """One row per window: id, kind, by, start and end in UTC and local time, how it ended,
    scope, note."""
    rows: list[tuple[object, ...]] = []
    for w in agreement.windows():
        scope = agreement.scope_of(w)
        label = None if scope is None else (scope.label or scope.kind)
        rows.append(
            (
                w.id,
                w.kind,
                w.declared_by or w.parent_id or "",
                _utc(w.start),
                local_time(w.start, w.timezone),
                _utc(w.end),
                local_time(w.end, w.timezone) if w.end else "— (open)",
                _how_ended(w),
                label or "everywhere",
                w.note or "",
            )
        )
    return rows


def per_event(verdicts: Iterable[Verdict], agreement_id: str) -> dict[str, list[Verdict]]:
    """The verdicts of one agreement grouped by event id (windows in their given order)."""
    out: dict[str, list[Verdict]] = defaultdict(list)
    for v in verdicts:
        if v.agreement_id == agreement_id:
            out[v.event_id].append(v)
    return dict(out)


def worst(verdicts: Sequence[Verdict]) -> VerdictKind:
    """The most serious verdict of an event over the windows (no verdict: outside the scope)."""
    return most_serious(v.verdict for v in verdicts)


def _in_time(verdicts: Sequence[Verdict]) -> bool:
    return any(
        v.space is not Space.OUTSIDE and v.time in (TimeRelation.DURING, TimeRelation.UNCERTAIN)
        for v in verdicts
    )


def by_party(
    events: Mapping[str, Event], judged: Mapping[str, list[Verdict]]
) -> list[tuple[object, ...]]:
    """Per side name: its status, violations and possible violations (an event counts once
    for each side it names; most sources do not say who attacked whom)."""
    counts: dict[str, Counter[VerdictKind]] = defaultdict(Counter)
    status: dict[str, set[str]] = defaultdict(set)
    for event_id, verdicts in judged.items():
        kind = worst(verdicts)
        if kind not in _BREACH or event_id not in events:
            continue
        chosen = next(v for v in verdicts if v.verdict is kind)
        for side in chosen.parties:
            name = side.name or "(not named)"
            counts[name][kind] += 1
            label = side.status.value.replace("_", " ")
            status[name].add(f"{label} ({side.matched})" if side.matched else label)
    rows = [
        (
            name,
            ", ".join(sorted(status[name])),
            c[VerdictKind.VIOLATION],
            c[VerdictKind.POSSIBLE_VIOLATION],
            c[VerdictKind.VIOLATION] + c[VerdictKind.POSSIBLE_VIOLATION],
        )
        for name, c in counts.items()
    ]
    return sorted(rows, key=lambda r: (-int(r[4]), str(r[0])))  # type: ignore[call-overload]


def by_type(
    events: Mapping[str, Event], judged: Mapping[str, list[Verdict]]
) -> list[tuple[object, ...]]:
    """Per event type: its meaning, violations, possible violations, deaths (best) of the
    events dated within a week, and how many events are dated over a longer span (sources
    such as UCDP add yearly totals dated over the whole year: their deaths would swamp the
    daily ones)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for event_id, verdicts in judged.items():
        kind = worst(verdicts)
        event = events.get(event_id)
        if kind not in _BREACH or event is None:
            continue
        c = counts[event.event_type]
        c[kind.value] += 1
        assert event.when.end is not None
        if event.when.end - event.when.start > LONG_SPAN:
            c["long"] += 1
        else:
            c["deaths"] += event.fatalities.best or 0
    rows = [
        (
            code,
            EVENT_TYPES.get(code, code),
            c[VerdictKind.VIOLATION.value],
            c[VerdictKind.POSSIBLE_VIOLATION.value],
            c["deaths"],
            c["long"],
        )
        for code, c in counts.items()
    ]
    return sorted(rows, key=lambda r: (-(int(r[2]) + int(r[3])), str(r[0])))  # type: ignore[call-overload]


def until(
    judged: Mapping[str, list[Verdict]], events: Mapping[str, Event], end: datetime | None
) -> dict[str, list[Verdict]]:
    """The judged events that began before ``end`` (all of them when ``end`` is None)."""
    if end is None:
        return dict(judged)
    return {eid: vs for eid, vs in judged.items() if eid in events and events[eid].when.start < end}


def _local_day(instant: datetime, timezone: str) -> date:
    return instant.astimezone(ZoneInfo(timezone)).date()


def default_day(
    events: Mapping[str, Event], judged: Mapping[str, list[Verdict]], timezone: str
) -> date | None:
    """The last local day with an event in one of the agreement's windows (None if none)."""
    days = [
        _local_day(events[eid].when.start, timezone)
        for eid, verdicts in judged.items()
        if eid in events and _in_time(verdicts)
    ]
    return max(days) if days else None


@dataclass(frozen=True, slots=True)
class DayEvent:
    """One violation or possible violation of the report's day, with its judgements."""

    event: Event
    verdict: VerdictKind
    verdicts: tuple[Verdict, ...]


def day_events(
    day: date,
    events: Mapping[str, Event],
    judged: Mapping[str, list[Verdict]],
    timezone: str,
) -> tuple[list[DayEvent], int]:
    """The day's violations (events dated within that local day), worst first, and how many
    more possibly violating events are dated over a longer span that includes the day."""
    span = local_days_interval(day, day, timezone)
    assert span.end is not None
    slack = timedelta(hours=2)  # a source's day in another zone may shift by an hour or two
    shown: list[DayEvent] = []
    spanning = 0
    for eid, verdicts in judged.items():
        event = events.get(eid)
        kind = worst(verdicts)
        if event is None or kind not in _BREACH:
            continue
        lo, hi = event.when.start, event.when.end
        assert hi is not None
        if not (lo < span.end and hi > span.start):
            continue
        if lo >= span.start - slack and hi <= span.end + slack:
            breaches = tuple(v for v in verdicts if v.verdict in _BREACH)
            shown.append(DayEvent(event, kind, breaches))
        else:
            spanning += 1
    shown.sort(key=lambda d: (SEVERITY.index(d.verdict), d.event.when.start, d.event.event_id))
    return shown, spanning


def verdict_words(kind: VerdictKind) -> str:
    return VERDICT_WORDS[kind]


def cited_sources(events: Iterable[Event]) -> list[tuple[str, str | None, str | None, int]]:
    """The publishers, articles and URLs the events cite: (text, url, publisher, n events)."""
    seen: dict[tuple[str, str | None, str | None], int] = Counter()
    for e in events:
        p = e.provenance
        text = p.article or p.headline or p.notes or p.file or e.event_id
        seen[(text, p.url, p.publisher)] += 1
    return [(t, u, pub, n) for (t, u, pub), n in sorted(seen.items(), key=lambda kv: kv[0][0])]


def data_sources(adapters: Iterable[str]) -> list[tuple[str, str, str | None]]:
    """(adapter, citation, url) of each data set the events come from."""
    out = []
    for adapter in sorted(set(adapters)):
        family = adapter.split(".", 1)[0]
        text, url = DATA_SOURCES.get(family, (f"Events read by the {adapter} adapter.", None))
        out.append((adapter, text, url))
    return out


def window_title(window: Window) -> str:
    if window.kind == "base":
        return "start"
    if window.kind == "declaration":
        return f"declaration by {window.declared_by}"
    return f"extension {window.id}"
