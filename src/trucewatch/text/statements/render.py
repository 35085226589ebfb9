"""A truce draft as a ``trucewatch.agreement/1`` file to review, or — for an extension of a
stored agreement — as the ``extensions`` entry to append to that agreement (docs/agreements.md).
"""

from __future__ import annotations

import math
import re
from datetime import datetime, time, timedelta
from typing import Any

import yaml

from trucewatch.model.time import zone
from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import Gazetteer, default_gazetteer
from trucewatch.text.places import precision_of, radius_of
from trucewatch.text.statement_model import TruceDraft

__all__ = ["draft_agreement_yaml", "extension_entry", "slug"]

_SLUG = re.compile(r"[^a-z0-9_.-]+")


def slug(text: str) -> str:
    """``text`` as an id: lower case, runs of other characters as one hyphen."""
    return _SLUG.sub("-", text.lower()).strip("-.") or "x"


def _duration(duration: timedelta) -> str:
    seconds = int(duration.total_seconds())
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    return f"{max(1, seconds // 60)}min"


def _disc(lat: float, lon: float, radius_km: float, n: int = 24) -> list[list[float]]:
    ring = []
    for i in range(n + 1):
        a = 2 * math.pi * (i % n) / n
        dlat = radius_km / 111.32 * math.cos(a)
        dlon = radius_km / (111.32 * max(0.1, math.cos(math.radians(lat)))) * math.sin(a)
        ring.append([round(lon + dlon, 5), round(lat + dlat, 5)])
    return ring[::-1]  # clockwise like the examples; both orientations are accepted


def _scope(draft: TruceDraft, gaz: Gazetteer) -> dict[str, Any] | None:
    found = []
    for name in draft.scope:
        places = gaz.lookup(name)
        if places:
            place = places[0]
            found.append((name, place, radius_of(place, precision_of(place, None))))
    if not found:
        return None
    label = ", ".join(name for name, _p, _r in found) + " (from the text)"
    if len(found) == 1:
        _name, place, radius = found[0]
        return {
            "label": label,
            "point": {"lat": round(place.lat, 5), "lon": round(place.lon, 5)},
            "radius_km": round(radius, 1),
        }
    polygons = [[_disc(p.lat, p.lon, r)] for _n, p, r in found]
    return {"label": label, "geojson": {"type": "MultiPolygon", "coordinates": polygons}}


def _notes(draft: TruceDraft) -> list[str]:
    notes = [f"DRAFT for review ({draft.act}), found by trucewatch.text in {draft.article_id}."]
    for s in draft.statements:
        where = "headline" if s.sentence_index < 0 else f"sentence {s.sentence_index}"
        notes.append(f"{s.act}, {where} [{s.span.start}:{s.span.end}]: {s.span.text}")
    if draft.speaker is not None:
        who = ", ".join(x for x in (draft.speaker.person, draft.speaker.office) if x)
        notes.append(
            f"Said by {who or 'a spokesman'}"
            + (f" ({draft.speaker.state})." if draft.speaker.state else ".")
        )
    for c in draft.conditions:
        notes.append(f"Condition: {c.text}" + (f" ({c.days} days)." if c.days else "."))
    if draft.monitoring:
        notes.append(f"Monitoring: {draft.monitoring}.")
    return notes


def extension_entry(draft: TruceDraft) -> dict[str, Any]:
    """The ``extensions`` entry an extension draft adds to the agreement it extends."""
    tz = zone(draft.timezone)
    entry: dict[str, Any] = {"id": slug(f"{draft.draft_id}")}
    if draft.start is not None:
        entry["start"] = draft.start.astimezone(tz).isoformat(timespec="seconds")
    if draft.duration is not None:
        entry["duration"] = _duration(draft.duration)
    elif draft.end is not None:
        entry["end"] = draft.end.astimezone(tz).isoformat(timespec="seconds")
    entry["timezone"] = draft.timezone
    scope = _scope(
        draft,
        default_gazetteer(countries=(draft.country,)) if draft.country else default_gazetteer(),
    )
    if scope is not None:
        entry["scope"] = scope
    entry["note"] = " ".join(_notes(draft))
    return entry


def draft_agreement_yaml(
    draft: TruceDraft, *, article: Article | None = None, gazetteer: Gazetteer | None = None
) -> str:
    """The draft as YAML for review.

    A new truce (``new_agreement``) is a whole ``trucewatch.agreement/1`` file that
    ``parse_agreement`` accepts: id = the draft id, parties, scope (a disc around the one place
    named, a MultiPolygon of discs for several; none when nationwide), ``start`` (the
    publication day's local midnight when the text gives none — said in ``notes``), duration
    or end when stated, excluded groups, deadlines as conditions, the statements in ``notes``.
    An extension of a stored agreement is an ``extensions`` entry under ``extends: <id>``
    (:func:`extension_entry`): ``trucewatch agreements accept`` appends it to that agreement.
    A draft that only refers to a stored agreement (``new_agreement`` False, not an extension)
    is written as a note naming it.
    """
    gaz = gazetteer or (
        default_gazetteer(countries=(draft.country,)) if draft.country else default_gazetteer()
    )
    header = f"# Draft from article {draft.article_id}: review before accepting.\n"
    doc: dict[str, Any]
    if not draft.new_agreement:
        if draft.act == "extend" and draft.extends is not None:
            doc = {"extends": draft.extends, "extensions": [extension_entry(draft)]}
            header += (
                f"# An extension of stored agreement {draft.extends}: 'trucewatch agreements "
                "accept' appends this entry to it.\n"
            )
        else:
            doc = {"refers_to": draft.extends, "notes": "\n".join(_notes(draft))}
            header += "# Refers to a stored agreement: nothing new to add to the registry.\n"
        return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    tz = zone(draft.timezone)
    notes = _notes(draft)
    published = article.published if article is not None else None
    if draft.start is not None:
        begin = draft.start.astimezone(tz)
    else:
        base = published or draft.statements[0].start or datetime.now(tz)
        begin = datetime.combine(base.astimezone(tz).date(), time(0), tz)
        notes.append("The text gives no start: the publication day (local) is used.")
    when = "" if published is None else f" ({published.date().isoformat()}, draft)"
    place = ", ".join(draft.scope) or ("nationwide" if draft.nationwide else "")
    doc = {
        "format": "trucewatch.agreement/1",
        "id": draft.draft_id,
        "name": f"Truce {draft.act}" + (f" in {place}" if place else "") + when,
        "timezone": draft.timezone,
    }
    if article is not None:
        citation = f"{article.title or article.id}"
        if published is not None:
            citation += f", published {published.isoformat()}"
        references: dict[str, Any] = {"citations": [citation]}
        if article.url and article.url.startswith(("http://", "https://")):
            references["urls"] = [article.url]
        doc["references"] = references
    if draft.parties:
        doc["parties"] = [{"id": slug(p), "name": p} for p in draft.parties]
    if draft.exclusions:
        doc["excluded_groups"] = [{"id": slug(e), "names": [e]} for e in draft.exclusions]
    scope = _scope(draft, gaz)
    if scope is not None:
        doc["scope"] = scope
    doc["start"] = begin.isoformat(timespec="seconds")
    if draft.duration is not None:
        doc["duration"] = _duration(draft.duration)
    elif draft.end is not None and draft.end > begin:
        doc["end"] = draft.end.astimezone(tz).isoformat(timespec="seconds")
    conditions = [
        {"id": f"deadline-{i + 1}", "kind": "deadline", "by": d.by.isoformat(), "text": d.what}
        for i, d in enumerate(draft.deadlines)
    ] + [
        {"id": f"condition-{i + 1}", "kind": "continuous_calm", "days": c.days, "text": c.text}
        if c.days
        else {"id": f"condition-{i + 1}", "kind": "other", "text": c.text}
        for i, c in enumerate(draft.conditions)
    ]
    if conditions:
        doc["conditions"] = conditions
    doc["notes"] = "\n".join(notes)
    return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
