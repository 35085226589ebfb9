"""The fingerprint of an agreement window's definition that decides whether its stored
verdicts are still current (:func:`window_key`; docs/verdicts.md, "Storage"). Its own module
so that both the update (:mod:`trucewatch.verdicts.update`) and the store's rules
(:mod:`trucewatch.verdicts.store_rules`) use it without importing each other.
"""

from __future__ import annotations

import hashlib
import json

from trucewatch.model.agreement import Agreement, Window
from trucewatch.model.verdict import DEFAULT_MIN_SHARE_INSIDE, rules_version

__all__ = ["window_key"]


def window_key(
    agreement: Agreement, window: Window, min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE
) -> str:
    """A fingerprint of everything a window's verdicts depend on, bar the events (the rules
    version carries the location threshold, so a changed threshold re-judges the window)."""
    scope = agreement.scope_of(window)
    geometry = None if scope is None or scope.geometry is None else scope.geometry.wkb_hex
    spec = {
        "rules": rules_version(min_share_inside),
        "agreement": agreement.id,
        "window": [window.id, window.kind, window.declared_by, window.parent_id],
        "interval": [window.interval.start.isoformat(), str(window.interval.end)],
        "local_start": window.local_start,
        "timezone": window.timezone,
        "scope": geometry,
        "parties": [[p.id, p.name, list(p.aliases), str(p.accession)] for p in agreement.parties],
        "excluded": [
            [g.id, [[n.name, str(n.valid_from), str(n.valid_until)] for n in g.names]]
            for g in agreement.excluded_groups
        ],
    }
    end = window.ended
    if end is not None:  # only then: windows without an end keep the keys stored before ends
        spec["ended"] = [end.kind, end.replaced_by, end.written]
        spec["nominal_end"] = str(window.nominal_interval.end)
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
