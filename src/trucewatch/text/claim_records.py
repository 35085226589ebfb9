"""Claims as flat records and as a claims file: JSON lines, one claim a line, each with
``"format": "trucewatch.claim/1"`` (what ``trucewatch claims extract -f json`` prints).

A claims file can be edited by hand (a claim the rules missed, an area or a period corrected,
``about`` set to the agreement the claim is about) and given to ``trucewatch claims check`` and
``trucewatch report --claims``. :func:`read_claims` refuses a bad line naming the file, the
line and the field.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from trucewatch.errors import TrucewatchError, ValidationError
from trucewatch.model.time import ensure_aware
from trucewatch.text.statement_model import Claim, Span, Speaker

__all__ = ["CLAIM_FORMAT", "claim_from_record", "claim_record", "is_claims_file", "read_claims"]

CLAIM_FORMAT = "trucewatch.claim/1"


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def claim_record(claim: Claim) -> dict[str, Any]:
    """A claim as one flat JSON-ready record (the line of a claims file)."""
    who = claim.claimant
    return {
        "format": CLAIM_FORMAT,
        "article_id": claim.article_id,
        "kind": claim.kind,
        "claimant_person": who.person if who else None,
        "claimant_office": who.office if who else None,
        "claimant_state": who.state if who else None,
        "scope": list(claim.scope),
        "nationwide": claim.nationwide,
        "period_start": _iso(claim.period_start),
        "period_end": _iso(claim.period_end),
        "direction": claim.direction,
        "count": claim.count,
        "about": claim.about,
        "confidence": claim.confidence,
        "sentence": claim.span.text,
        "start": claim.span.start,
        "end": claim.span.end,
    }


def _instant(record: dict[str, Any], name: str) -> datetime | None:
    raw = record.get(name)
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(str(raw))
    except ValueError as exc:
        raise ValidationError(f"{name} {raw!r} is not an ISO 8601 instant") from exc
    return ensure_aware(value, name)


def claim_from_record(record: dict[str, Any]) -> Claim:
    """The claim of one record (:func:`claim_record`'s); ValidationError naming the field."""
    if record.get("format") != CLAIM_FORMAT:
        raise ValidationError(f"format must be {CLAIM_FORMAT!r}, not {record.get('format')!r}")
    for name in ("kind", "article_id", "sentence"):
        if not isinstance(record.get(name), str):
            raise ValidationError(f"field {name!r} is missing or not a string")
    who = {k: record.get(f"claimant_{k}") for k in ("person", "office", "state")}
    scope = record.get("scope") or []
    if not isinstance(scope, list) or not all(isinstance(s, str) for s in scope):
        raise ValidationError("field 'scope' must be a list of place names")
    count = record.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
        raise ValidationError(f"field 'count' must be a whole number, not {count!r}")
    start, end = int(record.get("start") or 0), int(record.get("end") or 0)
    return Claim(
        kind=record["kind"],
        article_id=record["article_id"],
        span=Span(start, max(end, start), record["sentence"]),
        claimant=Speaker(**who) if any(who.values()) else None,
        scope=tuple(scope),
        nationwide=bool(record.get("nationwide")),
        period_start=_instant(record, "period_start"),
        period_end=_instant(record, "period_end"),
        direction=record.get("direction"),
        count=count,
        about=record.get("about"),
        confidence=float(record.get("confidence", 0.5)),
    )


def is_claims_file(path: Path) -> bool:
    """Whether ``path`` is a claims file (its first non-empty line a claim record)."""
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    return isinstance(record, dict) and record.get("format") == CLAIM_FORMAT
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return False


def read_claims(path: Path) -> list[Claim]:
    """The claims of a claims file; ValidationError naming the file, line and field."""
    out = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValidationError("a line must be a JSON object")
                out.append(claim_from_record(record))
            except (json.JSONDecodeError, TrucewatchError) as exc:
                raise ValidationError(f"{path}, line {number}: {exc}") from exc
    return out
