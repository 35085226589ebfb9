"""The statistics sections of the report: before/after, difference in differences, bounds.

They read :mod:`trucewatch.effect` objects: ``WindowEffect``, ``Estimate``, ``DidEstimate``,
``DailySeries``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from trucewatch.publish._html import Safe, para, section, table

if TYPE_CHECKING:
    from trucewatch.effect.estimates import Estimate, WindowEffect
    from trucewatch.effect.series import DailySeries

__all__ = ["bounds", "did", "effects"]


def _f(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}"


def _ci(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "—"
    return f"{low:.2f} – {high:.2f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:+.0f} %"


def _horizon(days: int | None) -> str:
    return "whole window" if days is None else f"{days} days"


def _find(we: WindowEffect, measure: str, area: str, uncertain: str) -> Estimate | None:
    for est in we.estimates:
        if (est.measure, est.area, est.uncertain) == (measure, area, uncertain):
            return est
    return None


def _rr(est: Estimate | None) -> str:
    if est is None:
        return "—"
    return f"{_f(est.rate_ratio)} ({_ci(est.ci_low, est.ci_high)})"


def _period(we: WindowEffect) -> str:
    first, last = getattr(we, "during_first", None), getattr(we, "during_last", None)
    text = f"{first:%d %b} – {last:%d %b %Y}" if first and last else "—"
    if getattr(we, "beyond_window", False):
        text += " (runs past the window end)"
    return text


def effects(effects: Sequence[WindowEffect]) -> Safe:
    rows: list[tuple[object, ...]] = []
    notes: set[str] = set()
    for we in effects:
        for measure in ("events", "deaths"):
            est = _find(we, measure, "scope", "excluded")
            if est is None:
                continue
            if est.note:
                notes.add(est.note)
            rows.append(
                (
                    we.window_id,
                    _horizon(we.horizon_days),
                    _period(we),
                    measure,
                    f"{est.before:g} / {est.before_days:g} d",
                    f"{est.during:g} / {est.during_days:g} d",
                    _f(est.rate_ratio),
                    _ci(est.ci_low, est.ci_high),
                    _pct(est.percent_change),
                    _rr(_find(we, measure, "control", "excluded")),
                    est.method.replace("_", " "),
                )
            )
    headers = (
        "window",
        "horizon",
        "days during",
        "measure",
        "before",
        "during",
        "rate ratio",
        "95 % interval",
        "change",
        "control: ratio (95 %)",
        "method",
    )
    control = next((str(we.control) for we in effects if getattr(we, "control", None)), "country")
    parts: list[object] = [
        table(headers, rows, numeric=(4, 5, 6, 7, 8)),
        para(
            "Rate ratio = daily rate during / daily rate before, over the same number of days on "
            "each side of the window start (the before days end where the window starts); deaths "
            "are UCDP best counts, their interval propagating low/high. Uncertain events are left "
            f"out here (see the bounds). Control area: {control}. An interval that contains 1 "
            "does not show a change.",
            "note",
        ),
    ]
    from trucewatch.effect.headline import COUNTED  # effect is loaded when there are effects

    left = _left_out(effects)
    parts.append(para(f"Events counted: {COUNTED} (as in trucewatch summary). {left}", "note"))
    if notes:
        parts.append(para("Notes from the estimator: " + "; ".join(sorted(notes)) + ".", "note"))
    adjusted = [(we, e) for we in effects for e in getattr(we, "volume_adjusted", ())]
    if adjusted:
        parts.append(Safe("<h3>Adjusted for reporting volume</h3>"))
        parts.append(
            table(
                ("window", "horizon", "uncertain events", "rate ratio (95 %)"),
                [
                    (we.window_id, _horizon(we.horizon_days), e.uncertain, _rr(e))
                    for we, e in adjusted
                ],
            )
        )
    return section("effects", "Before and after (rate ratios with 95 % intervals)", *parts)


def _left_out(effects: Sequence[WindowEffect]) -> str:
    """Per window and horizon, the unlocated events left out before → during."""
    parts = []
    for we in effects:
        head = getattr(we, "headline", None)
        if head is None or head.before.left_out + head.during.left_out == 0:
            continue
        b, d = head.before, head.during
        parts.append(
            f"{we.window_id}, {_horizon(we.horizon_days)}: {b.left_out} → {d.left_out} "
            f"({b.coarser} → {d.coarser} located too coarsely for the scope, "
            f"{b.mostly_outside} → {d.mostly_outside} mostly outside it)"
        )
    if not parts:
        return "No event was left out as unlocated."
    return "Unlocated events left out, before → during: " + "; ".join(parts) + "."


def _dids(we: Any) -> tuple[Any, ...]:
    did = getattr(we, "did", None)
    if did is None:
        return ()
    return tuple(did) if isinstance(did, tuple | list) else (did,)


def _did_cell(d: Any | None) -> str:
    if d is None:
        return "—"
    if d.ratio is None:
        return "— (no control events)"
    return f"{_f(d.ratio)} ({_ci(d.ci_low, d.ci_high)})"


_DID_COLUMNS = (("events", "excluded"), ("events", "included"), ("deaths", "excluded"))


def _empty_control(series: DailySeries) -> str | None:
    """Why the series' control area has no event, in words (None when it has some)."""
    if float(series.control_events.sum()) > 0:
        return None
    if series.control == "country":
        return (
            "The control area is empty: by default it is the rest of the country of the scope's "
            "events, outside the scope, and no event falls there in these days (a scope that "
            "covers the whole country leaves no rest). Without a control area there is no "
            "difference in differences. For a nationwide truce, compare with the fighting it "
            "does not cover: trucewatch effect --agreement ID --control excluded."
        )
    if series.control == "excluded":
        return (
            "The control area is empty: no event involving an excluded group falls in the "
            "scope in these days, so there is no difference in differences."
        )
    return "The control area is empty: no event falls in it in these days."


def did(effects: Sequence[WindowEffect], series: DailySeries) -> Safe:
    rows = []
    methods: set[str] = set()
    for we in effects:
        found = {(d.measure, getattr(d, "uncertain", "excluded")): d for d in _dids(we)}
        if not found:
            continue
        methods.update(d.method.replace("_", " ") for d in found.values())
        cells = [_did_cell(found.get(key)) for key in _DID_COLUMNS]
        rows.append((we.window_id, _horizon(we.horizon_days), *cells))
    headers = (
        "window",
        "horizon",
        "events, uncertain out",
        "events, uncertain in",
        "deaths, uncertain out",
    )
    empty = _empty_control(series)
    return section(
        "did",
        "Difference in differences (scope against control)",
        para(empty, "warn") if empty else "",
        table(headers, rows),
        para(
            "Ratio of rate ratios (95 % interval): the scope's rate ratio divided by the control "
            "area's. Below 1, violence fell more inside the scope than outside it; an interval "
            f"that contains 1 shows no difference. Method: {', '.join(sorted(methods)) or '—'}.",
            "note",
        ),
    )


def bounds(effects: Sequence[WindowEffect], series: DailySeries) -> Safe:
    rows = []
    for we in effects:
        cells = [
            _rr(_find(we, measure, "scope", uncertain))
            for measure in ("events", "deaths")
            for uncertain in ("excluded", "included")
        ]
        rows.append((we.window_id, _horizon(we.horizon_days), we.n_uncertain, *cells))
    in_series = int(sum(series.scope_uncertain))
    headers = (
        "window",
        "horizon",
        "uncertain events",
        "events: counted out",
        "events: counted in",
        "deaths: counted out",
        "deaths: counted in",
    )
    return section(
        "bounds",
        "Bounds: uncertain events counted out and in",
        para(
            f"Events whose time or place is uncertain (they straddle a window start or the "
            f"scope's edge): {in_series} in the daily series shown above. Each pair of columns "
            "bounds the rate ratio (95 % interval): without them, and with all of them counted "
            "in the scope."
        ),
        table(headers, rows, numeric=(2,)),
    )
