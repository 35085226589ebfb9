"""Parts of an agreement file read by the loader: excluded groups and conditions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from trucewatch.agreements.ends import Context, Parts
from trucewatch.agreements.instants import parse_date
from trucewatch.model.agreement import Condition, ExcludedGroup, GroupName

__all__ = ["condition", "group"]


def group(ctx: Context, raw: Mapping[str, Any], parts: Parts) -> ExcludedGroup:
    names = []
    for j, entry in enumerate(raw["names"]):
        here = [*parts, "names", j]
        if isinstance(entry, str):
            names.append(GroupName(entry))
            continue
        bounds: dict[str, date | None] = {}
        for key in ("from", "until"):
            try:
                bounds[key] = parse_date(entry[key]) if key in entry else None
            except ValueError as exc:
                ctx.fail([*here, key], str(exc))
        if bounds["from"] and bounds["until"] and bounds["until"] < bounds["from"]:
            ctx.fail([*here, "until"], f"value {entry['until']!r} is before from {entry['from']!r}")
        names.append(GroupName(entry["name"], bounds["from"], bounds["until"]))
    return ExcludedGroup(raw["id"], tuple(names), raw.get("note"))


def condition(ctx: Context, raw: Mapping[str, Any], parts: Parts, tz_name: str) -> Condition:
    kind = raw["kind"]
    if kind == "continuous_calm" and "days" not in raw:
        ctx.fail([*parts, "days"], "a continuous_calm condition needs days (an integer >= 1)")
    if kind == "deadline" and "by" not in raw:
        ctx.fail([*parts, "by"], "a deadline condition needs by (a date YYYY-MM-DD or an instant)")
    by: date | datetime | None = None
    if "by" in raw:
        text = raw["by"]
        try:
            by = parse_date(text)
        except ValueError:
            by = ctx.instant(text, tz_name, [*parts, "by"])
    return Condition(raw["id"], kind, raw["text"], raw.get("consequence"), raw.get("days"), by)
