"""The ``ended:`` records of an agreement file: how and when a window or the agreement ended.

A window's ``ended`` cuts that window; the top-level ``ended`` is the whole agreement's end and
cuts every window still running then. ``at`` is an instant with its offset, or a date meaning the
end of that local day (in the window's time zone); an ``expired`` end may leave it out (the
window's stated end). Every kind but ``expired`` needs ``evidence``; ``lapsed`` (windows only)
needs ``replaced_by``, a window of the same agreement. Semantics in docs/agreements.md, "Ends".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NoReturn, Protocol

from trucewatch.agreements.instants import parse_date
from trucewatch.model.agreement import Window, WindowEnd
from trucewatch.model.time import local_days_interval
from trucewatch.suggest import close_matches

__all__ = [
    "Context",
    "Parts",
    "agreement_end",
    "check_replacements",
    "read_end",
    "window_with_end",
]

Parts = list[str | int]


class Context(Protocol):
    """What the readers need of the loader: failing at a field, reading an instant."""

    def fail(self, parts: Parts, message: str) -> NoReturn: ...

    def instant(self, raw: Any, tz_name: str, parts: Parts) -> datetime: ...


def _at(ctx: Context, raw: Any, tz_name: str, parts: Parts) -> datetime:
    """An instant with its offset, or a date: the end of that local day in ``tz_name``."""
    try:
        day = parse_date(raw)
    except ValueError:
        return ctx.instant(raw, tz_name, parts)
    end = local_days_interval(day, day, tz_name).end
    assert end is not None
    return end


def read_end(
    ctx: Context,
    raw: Mapping[str, Any],
    parts: Parts,
    tz_name: str,
    stated_end: datetime | None,
    what: str,
) -> WindowEnd:
    """The ``ended`` mapping at ``parts`` (already shaped by the schema) as a :class:`WindowEnd`.

    ``stated_end``: the end the window (or, for the agreement, its last window) states, used by
    an ``expired`` end without ``at``; ``what`` names the window or agreement in messages.
    """
    kind = raw["kind"]
    evidence = tuple(raw.get("evidence", ()))
    if kind != "expired" and not evidence:
        ctx.fail(
            [*parts, "evidence"],
            f"a {kind} end needs evidence: a list of sources that report it (who, where, when), "
            "or the accepted breakdown the effect module detected",
        )
    if kind == "lapsed" and "replaced_by" not in raw:
        ctx.fail(
            [*parts, "replaced_by"], "a lapsed end needs replaced_by: the window that took over"
        )
    if kind != "lapsed" and "replaced_by" in raw:
        ctx.fail([*parts, "replaced_by"], f"only a lapsed end has replaced_by; this one is {kind}")
    if "at" in raw:
        at, written = _at(ctx, raw["at"], tz_name, [*parts, "at"]), str(raw["at"])
    elif kind == "expired" and stated_end is not None:
        at, written = stated_end, None
    elif kind == "expired":
        ctx.fail(
            [*parts, "at"],
            f"{what} states no end (it is open-ended), so an expired end needs at: an instant "
            "with its offset, or a date (the end of that local day)",
        )
    else:
        ctx.fail(
            [*parts, "at"],
            f"a {kind} end needs at: an instant with its offset, or a date (the end of that "
            "local day)",
        )
    return WindowEnd(kind, at, written, evidence, raw.get("replaced_by"), raw.get("note"))


def window_with_end(
    ctx: Context, window: Window, raw: Mapping[str, Any], parts: Parts, at_text: Any
) -> Window:
    """``window`` cut at its own ``ended`` record (``raw``, at ``parts``)."""
    what = f"window {window.id!r}"
    if raw.get("replaced_by") == window.id:
        ctx.fail([*parts, "replaced_by"], f"{what} cannot be replaced by itself")
    end = read_end(ctx, raw, parts, window.timezone, window.end, what)
    here = [*parts, "at"]
    if end.at <= window.start:
        ctx.fail(
            here,
            f"value {at_text!r} is not after the start of {what} ({window.local_start}): "
            "a window cannot end before it starts",
        )
    if window.end is not None and end.at > window.end:
        ctx.fail(
            here,
            f"value {at_text!r} is after the stated end of {what} "
            f"({window.end.isoformat()}): a window cannot run longer than stated (record an "
            "extension instead; for a window that ran its full length write kind: expired "
            "without at)",
        )
    return window.ending(end)


def agreement_end(
    ctx: Context,
    raw: Mapping[str, Any],
    tz_name: str,
    windows: Sequence[tuple[Window, Parts]],
) -> tuple[WindowEnd, list[Window]]:
    """The agreement's own end (top-level ``ended``) and its windows cut at it."""
    parts: Parts = ["ended"]
    ends = [w.end for w, _ in windows]
    stated = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
    if raw["kind"] == "lapsed":
        ctx.fail(
            [*parts, "kind"],
            "a whole agreement cannot lapse (a lapse is a window replaced by another window of "
            "the same agreement): give the lapse on that window, or use superseded",
        )
    open_ids = ", ".join(w.id for w, _ in windows if w.end is None)
    end = read_end(ctx, raw, parts, tz_name, stated, f"the agreement (window {open_ids})")
    out = []
    for window, where in windows:
        if window.start >= end.at:
            ctx.fail(
                [*parts, "at"],
                f"value {raw.get('at')!r} is not after the start of window {window.id!r} "
                f"({window.local_start}): the agreement cannot end before a window starts",
            )
        if window.end is not None and window.end < end.at:
            out.append(window)
            continue
        if window.end == end.at and window.ended is not None:
            out.append(window)  # its own record says how it ended then
            continue
        if window.ended is not None:  # its own end is later than the agreement's
            ctx.fail(
                [*where, "ended", "at"],
                f"window {window.id!r} ends ({window.ended.kind}) after the agreement itself "
                f"ended ({end.kind}, {end.at.isoformat()}): remove one of the two ends",
            )
        out.append(window.ending(end))
    return end, out


def check_replacements(ctx: Context, windows: Sequence[tuple[Window, Parts]]) -> None:
    """Every ``replaced_by`` names another window of the agreement."""
    ids = [w.id for w, _ in windows]
    for window, where in windows:
        replaced_by = None if window.ended is None else window.ended.replaced_by
        if replaced_by is None:
            continue
        if replaced_by == window.id or replaced_by not in ids:
            others = [i for i in ids if i != window.id]
            guesses = close_matches(replaced_by, others)
            guess = f" (did you mean {' or '.join(guesses)}?)" if guesses else ""
            ctx.fail(
                [*where, "ended", "replaced_by"],
                f"unknown window {replaced_by!r}{guess}: a lapsed window is replaced by another "
                f"window of the same agreement ({', '.join(others) or 'there is none'})",
            )
