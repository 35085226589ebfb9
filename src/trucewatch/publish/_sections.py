"""Each section of the report as HTML (every value from data is escaped by the helpers).

Statistics objects (``WindowEffect``, ``Estimate``, ``DidEstimate``, ``DailySeries``,
``ConditionResult`` of :mod:`trucewatch.effect`) are read by field name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from trucewatch.model.agreement import Agreement
from trucewatch.model.event import Event
from trucewatch.model.threshold import min_share_of, threshold_note
from trucewatch.model.verdict import Verdict, VerdictKind
from trucewatch.publish import _content as content
from trucewatch.publish._html import Safe, esc, img, link, para, section, table
from trucewatch.publish._stats_sections import bounds, did, effects
from trucewatch.verdicts.explain import EVENT_TYPE_WORDS

__all__ = ["SECTION_IDS", "bounds", "did", "effects"]

SECTION_IDS: tuple[str, ...] = (
    "glance",
    "day",
    "summary",
    "windows",
    "map",
    "series",
    "effects",
    "did",
    "bounds",
    "parties",
    "types",
    "conditions",
    "changepoints",
    "sources",
)


def summary(
    agreement: Agreement,
    judged: Mapping[str, list[Verdict]],
    adapters: Iterable[str],
    day: date | None,
) -> Safe:
    worst = Counter(content.worst(v) for v in judged.values())
    parties = ", ".join(p.name for p in agreement.parties) or "none listed"
    guarantors = ", ".join(g.name for g in agreement.guarantors) or "none listed"
    excluded = ", ".join(g.name for g in agreement.excluded_groups) or "none"
    synthetic = any(a.startswith("simulation") for a in adapters)
    rows = [
        ("Agreement", f"{agreement.name} ({agreement.id})"),
        ("Time zone", agreement.timezone),
        ("Parties", parties),
        ("Guarantors", guarantors),
        ("Excluded groups", excluded),
        ("Report day", day.isoformat() if day else "no event in any window"),
        ("Violations (events)", worst[VerdictKind.VIOLATION]),
        ("Possible violations (events)", worst[VerdictKind.POSSIBLE_VIOLATION]),
        ("Not covered (events)", worst[VerdictKind.NOT_COVERED]),
        ("Unlocated, left out (events)", _unlocated(judged)),
    ]
    parts: list[object] = [table(("", ""), rows, cls="kv")]
    if synthetic:
        parts.insert(0, para("SYNTHETIC DATA: these events are simulated, not real.", "warn"))
    parts.append(
        para(
            "Counts are of the events that began by the end of the report day. An event judged "
            "against several windows counts once, under its most serious verdict. Verdict "
            "rules: docs/verdicts.md.",
            "note",
        )
    )
    for threshold in sorted({min_share_of(v.rules_version) for vs in judged.values() for v in vs}):
        if threshold_note(threshold):  # the store's location threshold, when not the default
            parts.append(para(threshold_note(threshold), "note"))
    return section("summary", "Summary", *parts)


def _unlocated(judged: Mapping[str, list[Verdict]]) -> str:
    """How many events are unlocated (their most serious verdict), and why."""
    why: Counter[str] = Counter()
    for verdicts in judged.values():
        if content.worst(verdicts) is VerdictKind.UNLOCATED:
            chosen = next(v for v in verdicts if v.verdict is VerdictKind.UNLOCATED)
            coarse = "location_coarser_than_scope" in chosen.reasons
            why["coarser" if coarse else "mostly outside"] += 1
    total = sum(why.values())
    if not total:
        return "0"
    return (
        f"{total} ({why['coarser']} located too coarsely for the scope, e.g. coded to a whole "
        f"province or country; {why['mostly outside']} mostly outside the scope)"
    )


def windows(agreement: Agreement) -> Safe:
    headers = (
        "window",
        "kind",
        "by / extends",
        "start UTC",
        "start local",
        "end UTC",
        "end local",
        "how it ended",
        "scope",
        "note",
    )
    evidence = [
        para(f"{w.id}, {w.ended.kind}: {e}", "note")
        for w in agreement.windows()
        if w.ended is not None
        for e in w.ended.evidence
    ]
    return section(
        "windows",
        "Windows (UTC and local time)",
        table(headers, content.window_rows(agreement), cls="windows"),
        para(f"Local times are in {agreement.timezone}, with the UTC offset in force.", "note"),
        *evidence,
    )


def figure_section(section_id: str, title: str, fig: Any, *, boundaries: bool = False) -> Safe:
    base = (
        "Admin boundaries from the store are drawn in grey, the finest level named."
        if boundaries
        else "No admin boundaries are stored: load some to draw them under the events "
        "(trucewatch boundaries load FILE)."
    )
    captions = {
        "map": "The scope (filled outline; other windows' scopes dashed) and every event from the "
        "first window start to the end of the report day, coloured by its most serious verdict. "
        "Events are gathered per verdict in cells of a 40-cell grid across the map; a marker's "
        "area grows with the events it holds and the number on it is their count (sources code "
        "many events to a town's centre). Events beyond the frame are counted in the legend. "
        f"{base} No map tiles: degrees, scale bar in km.",
        "series": "Events (uncertain ones stacked in light orange) and deaths per local day in "
        "the scope, the control area, and the number of distinct publishers per day. Numbered "
        "solid lines: every window start (the base window, each extension and declaration, "
        "keyed under the plot); red dashed lines: change points.",
    }
    return section(section_id, title, img(fig.png, fig.alt, fig.figure_id, captions[section_id]))


def parties(rows: Sequence[tuple[object, ...]]) -> Safe:
    return section(
        "parties",
        "Violations by party",
        table(
            (
                "side (as the source names it)",
                "status",
                "violations",
                "possible violations",
                "total",
            ),
            rows,
            numeric=(2, 3, 4),
        ),
        para(
            "An event counts once for each side it names. Most sources do not say who attacked "
            "whom, so a side listed here took part in the event, not necessarily as attacker.",
            "note",
        ),
    )


def types(rows: Sequence[tuple[object, ...]]) -> Safe:
    headers = (
        "type",
        "meaning",
        "violations",
        "possible violations",
        "deaths (best), events dated within a week",
        "events dated over longer spans",
    )
    return section(
        "types",
        "Violations by type",
        table(headers, rows, numeric=(2, 3, 4, 5)),
        para(
            "Events dated over more than a week (for example UCDP's yearly totals coded to the "
            "whole country) are counted, but their deaths are left out of the deaths column.",
            "note",
        ),
    )


def day_violations(day: date | None, shown: Sequence[content.DayEvent], spanning: int) -> Safe:
    if day is None:
        return section("day", "The day's violations", para("No event falls in any window."))
    items = []
    for d in shown:
        e = d.event
        sides = " vs ".join(s for s in (e.actors.side_a, e.actors.side_b) if s) or "—"
        f = e.fatalities
        deaths = f"{f.best if f.best is not None else '?'} ({f.low}–{f.high})"
        explanations = Safe(
            "<ul class='explain'>"
            + "".join(f"<li>{esc(v.window_id)}: {esc(v.explanation)}</li>" for v in d.verdicts)
            + "</ul>"
        )
        items.append(
            (
                e.event_id,
                content.verdict_words(d.verdict),
                EVENT_TYPE_WORDS.get(e.event_type, e.event_type),
                e.where.place or e.where.admin1 or f"{e.where.lat:.3f}, {e.where.lon:.3f}",
                sides,
                deaths,
                explanations,
            )
        )
    extra = (
        para(
            f"{spanning} more possibly violating events are dated over several days that "
            "include this day; they are not listed.",
            "note",
        )
        if spanning
        else ""
    )
    return section(
        "day",
        f"The day's violations: {day.isoformat()}",
        table(
            (
                "event",
                "verdict",
                "type",
                "place",
                "sides",
                "deaths best (low–high)",
                "explanation, per window",
            ),
            items,
            empty="no violation on this day",
        ),
        extra,
    )


def conditions(agreement: Agreement, results: Sequence[Any]) -> Safe:
    text = {c.id: c.text for c in agreement.conditions}
    rows = [
        (
            r.condition_id,
            r.kind,
            text.get(r.condition_id, ""),
            "met" if r.met else ("not met" if r.met is False else "undecided"),
            r.on.isoformat() if r.on is not None else "—",
            r.detail,
        )
        for r in results
    ]
    return section(
        "conditions",
        "Conditions evaluated",
        table(
            ("condition", "kind", "text", "result", "on", "detail"),
            rows,
            empty="the agreement states no condition",
        ),
    )


def change_points(points: Sequence[date]) -> Safe:
    text = ", ".join(p.isoformat() for p in points) if points else "none found"
    return section(
        "changepoints",
        "Change points",
        para(f"Days on which the daily series of events in the scope changes level: {text}."),
    )


def sources(agreement: Agreement, shown: Sequence[Event], adapters: Iterable[str]) -> Safe:
    items = []
    for text, url, publisher, n in content.cited_sources(shown):
        who = f"{publisher}: " if publisher else ""
        count = f" ({n} events)" if n > 1 else ""
        body = Safe(esc(who) + esc(text) + esc(count))
        if url:
            body = Safe(body + " " + link(url))
        items.append(f"<li>{body}</li>")
    cited = (
        Safe(f"<ul class='sources'>{''.join(items)}</ul>")
        if items
        else para("No event is listed for the day.")
    )
    data = [
        f"<li>{esc(adapter)}: {esc(text)}{' ' + link(url) if url else ''}</li>"
        for adapter, text, url in content.data_sources(adapters)
    ]
    refs = [f"<li>{esc(c)}</li>" for c in agreement.references.citations]
    refs += [f"<li>{link(u)}</li>" for u in agreement.references.urls]
    if agreement.references.pax_id is not None:
        refs.append(f"<li>PA-X agreement {esc(agreement.references.pax_id)}</li>")
    if agreement.references.eth_prio_id is not None:
        refs.append(f"<li>ETH/PRIO ceasefire {esc(agreement.references.eth_prio_id)}</li>")
    return section(
        "sources",
        "Sources cited",
        Safe("<h3>Reports behind the day's violations</h3>"),
        cited,
        Safe("<h3>Data sets</h3>"),
        Safe(f"<ul class='sources'>{''.join(data)}</ul>"),
        Safe("<h3>The agreement</h3>"),
        Safe(f"<ul class='sources'>{''.join(refs)}</ul>"),
    )


def freshness(lines: Sequence[str]) -> Safe:
    """The live feeds' freshness, one sentence each (docs/watch.md)."""
    said = "; ".join(esc(line) for line in lines)
    return Safe(f"<p class='freshness'><strong>Live feeds:</strong> {said}</p>")


def footer(now: datetime, rules_version: str, adapters: Sequence[str]) -> Safe:
    from trucewatch._version import __version__

    return Safe(
        f"trucewatch {esc(__version__)} · rules {esc(rules_version)} · adapters "
        f"{esc(', '.join(adapters) or 'none')} · generated {esc(f'{now:%Y-%m-%d %H:%M}Z')}"
    )
