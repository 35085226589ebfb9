"""Agreements as JSON-ready dicts (what ``trucewatch agreements show ID --format json`` prints)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from trucewatch.geo.scope import area_km2, bbox
from trucewatch.model.agreement import Agreement, Scope, Window, WindowEnd

__all__ = [
    "OPEN_ENDED",
    "agreement_end_text",
    "agreement_to_dict",
    "end_text",
    "end_to_dict",
    "scope_summary",
    "window_to_dict",
]

#: What every output says of a window with no end, stated or recorded.
OPEN_ENDED = "open-ended (no end recorded)"


def _when(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _utc(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def scope_summary(scope: Scope | None) -> dict[str, Any] | None:
    """Kind, label, and either the admin code/name or the bbox and geodesic area in km²."""
    if scope is None:
        return None
    out: dict[str, Any] = {"kind": scope.kind, "label": scope.label}
    spec = scope.spec
    if scope.kind == "admin":
        out["admin"] = spec["admin"]
    elif scope.kind == "point":
        out["point"] = spec["point"]
        out["radius_km"] = spec["radius_km"]
    elif scope.kind == "file":
        out["file"] = spec["file"]
    out["resolved"] = scope.geometry is not None
    if scope.geometry is not None:
        out["bbox"] = [round(v, 5) for v in bbox(scope.geometry)]
        out["area_km2"] = round(area_km2(scope.geometry), 1)
    return out


def end_to_dict(end: WindowEnd | None) -> dict[str, Any] | None:
    """A recorded end: kind, UTC instant, ``at`` as written, evidence, replaced_by, note."""
    if end is None:
        return None
    return {
        "kind": end.kind,
        "at_utc": _utc(end.at),
        "as_written": end.written,
        "evidence": list(end.evidence),
        "replaced_by": end.replaced_by,
        "note": end.note,
    }


def end_text(window: Window) -> str:
    """How the window ends, for people: ``open-ended (no end recorded)``, ``2016-05-06T22:00Z
    (stated end)`` or the recorded end (``lapsed 2016-05-06T21:00Z (replaced by ...)``)."""
    if window.open_ended:
        return OPEN_ENDED
    if window.ended is None:
        return f"{_utc(window.end)} (stated end)"
    return window.ended.describe()


def agreement_end_text(agreement: Agreement) -> str:
    """How the whole agreement ends: open-ended (naming the windows), its own recorded end, or
    the end of its last window."""
    open_ids = [w.id for w in agreement.windows() if w.open_ended]
    if open_ids:
        return f"{OPEN_ENDED}: {', '.join(open_ids)}"
    if agreement.ended is not None:
        return agreement.ended.describe()
    last = max(agreement.windows(), key=lambda w: (w.end, w.start))
    return f"{end_text(last)}, window {last.id}"


def window_to_dict(window: Window) -> dict[str, Any]:
    """One window: id, kind, parent, declared_by, UTC start and (effective) end, how it ended,
    local start, zone, scope."""
    duration = window.nominal_interval.duration
    return {
        "id": window.id,
        "kind": window.kind,
        "parent": window.parent_id,
        "declared_by": window.declared_by,
        "start_utc": _utc(window.start),
        "end_utc": _utc(window.end),
        "open_ended": window.open_ended,
        "end": end_text(window),
        "ended": end_to_dict(window.ended),
        "nominal_end_utc": _utc(window.nominal_interval.end),
        "duration_hours": None if duration is None else duration.total_seconds() / 3600,
        "local_start": window.local_start,
        "timezone": window.timezone,
        "scope": scope_summary(window.scope),
        "note": window.note,
        "source": window.source,
    }


def agreement_to_dict(agreement: Agreement) -> dict[str, Any]:
    """The whole agreement as JSON-ready data, with every window resolved to UTC."""
    return {
        "id": agreement.id,
        "name": agreement.name,
        "timezone": agreement.timezone,
        "source_path": agreement.source_path,
        "references": asdict(agreement.references),
        "parties": [
            {
                "id": p.id,
                "name": p.name,
                "aliases": list(p.aliases),
                "accession": _when(p.accession),
            }
            for p in agreement.parties
        ],
        "guarantors": [{"id": g.id, "name": g.name} for g in agreement.guarantors],
        "mediators": [{"id": m.id, "name": m.name} for m in agreement.mediators],
        "excluded_groups": [
            {
                "id": g.id,
                "note": g.note,
                "names": [
                    {"name": n.name, "from": _when(n.valid_from), "until": _when(n.valid_until)}
                    for n in g.names
                ],
            }
            for g in agreement.excluded_groups
        ],
        "scope": scope_summary(agreement.scope),
        "open_ended": agreement.open_ended,
        "end_utc": _utc(agreement.end),
        "end": agreement_end_text(agreement),
        "ended": end_to_dict(agreement.ended),
        "windows": [window_to_dict(w) for w in agreement.windows()],
        "conditions": [
            {
                "id": c.id,
                "kind": c.kind,
                "text": c.text,
                "consequence": c.consequence,
                "days": c.days,
                "by": _when(c.by),
            }
            for c in agreement.conditions
        ],
        "notes": agreement.notes,
    }
