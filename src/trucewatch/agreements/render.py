"""Agreements as JSON-ready dicts (what ``trucewatch agreements show ID --format json`` prints)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from trucewatch.geo.scope import area_km2, bbox
from trucewatch.model.agreement import Agreement, Scope, Window

__all__ = ["agreement_to_dict", "scope_summary", "window_to_dict"]


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


def window_to_dict(window: Window) -> dict[str, Any]:
    """One window: id, kind, parent, declared_by, UTC start/end, local start, zone, scope."""
    duration = window.interval.duration
    return {
        "id": window.id,
        "kind": window.kind,
        "parent": window.parent_id,
        "declared_by": window.declared_by,
        "start_utc": _utc(window.start),
        "end_utc": _utc(window.end),
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
