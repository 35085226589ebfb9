"""Every machine-readable reason code a verdict can carry, and what each one means.

A verdict's ``reasons`` list every code that applies, in this order: space, location, admin
coding, time, event type, side A, side B, direction, verdict-level (docs/verdicts.md, "Reason
codes").
"""

from __future__ import annotations

__all__ = [
    "AFTER_WINDOW",
    "BEFORE_WINDOW",
    "CODED_TO_ADMIN_UNIT",
    "CONTESTED",
    "DIRECTION_UNKNOWN",
    "DURING_WINDOW",
    "INSIDE_SCOPE",
    "LOCATION_COARSER_THAN_SCOPE",
    "MOSTLY_OUTSIDE_SCOPE",
    "NOT_VIOLENT",
    "NO_PARTY_IDENTIFIED",
    "OUTSIDE_SCOPE",
    "REASONS",
    "SCOPE_EVERYWHERE",
    "SIDE_SUFFIXES",
    "STRADDLES_SCOPE_EDGE",
    "STRADDLES_WINDOW_END",
    "STRADDLES_WINDOW_START",
    "side_reason",
]

# space
INSIDE_SCOPE = "inside_scope"
OUTSIDE_SCOPE = "outside_scope"
STRADDLES_SCOPE_EDGE = "straddles_scope_edge"
SCOPE_EVERYWHERE = "scope_everywhere"
CODED_TO_ADMIN_UNIT = "coded_to_admin_unit"
# location (an uncertain space only)
LOCATION_COARSER_THAN_SCOPE = "location_coarser_than_scope"
MOSTLY_OUTSIDE_SCOPE = "mostly_outside_scope"
# time
BEFORE_WINDOW = "before_window"
AFTER_WINDOW = "after_window"
DURING_WINDOW = "during_window"
STRADDLES_WINDOW_START = "straddles_window_start"
STRADDLES_WINDOW_END = "straddles_window_end"
# event type
NOT_VIOLENT = "not_violent"
# direction and verdict level
DIRECTION_UNKNOWN = "direction_unknown"
NO_PARTY_IDENTIFIED = "no_party_identified"
CONTESTED = "contested"  # added by the lead's contested-facts step, not by the rules

#: the side part of a side code: ``side_a_<suffix>`` / ``side_b_<suffix>`` -> meaning
SIDE_SUFFIXES: dict[str, str] = {
    "party": "is a party that had acceded before the event",
    "not_yet_party": "is a party that acceded only after the event",
    "accession_uncertain": "is a party that acceded during the event's dates",
    "excluded": "is an excluded group, by a name in use on the event's date",
    "excluded_by_later_name": (
        "is an excluded group, but under a name it took only after the event's date"
    ),
    "mixed": "names an excluded group together with other actors (a coalition)",
    "unknown": "is neither a party nor an excluded group",
    "absent": "is not named by the source",
}


def side_reason(side: str, suffix: str) -> str:
    """The code for one side, e.g. ``side_reason("a", "party") == "side_a_party"``."""
    if side not in ("a", "b") or suffix not in SIDE_SUFFIXES:
        raise ValueError(f"no side reason for side {side!r} and {suffix!r}")
    return f"side_{side}_{suffix}"


#: every reason code -> its one-line meaning (also the table in docs/verdicts.md)
REASONS: dict[str, str] = {
    INSIDE_SCOPE: "the event's whole uncertainty area is inside the scope",
    OUTSIDE_SCOPE: "the event's whole uncertainty area is outside the scope",
    STRADDLES_SCOPE_EDGE: "the event's uncertainty area crosses the scope's edge",
    SCOPE_EVERYWHERE: "the window has no scope: it applies everywhere",
    LOCATION_COARSER_THAN_SCOPE: (
        "the event's uncertainty disc is too large for the scope (e.g. an event coded to a whole "
        "province or country against a city): even over the scope, too little of it is inside"
    ),
    MOSTLY_OUTSIDE_SCOPE: (
        "less of the event's uncertainty disc than the threshold (default half) is inside the scope"
    ),
    CODED_TO_ADMIN_UNIT: "the source coded the event to a whole admin unit, not a place",
    BEFORE_WINDOW: "the event ended at or before the window's start",
    AFTER_WINDOW: "the event began at or after the window's end",
    DURING_WINDOW: "the event's whole time interval is inside the window",
    STRADDLES_WINDOW_START: "the event's time interval contains the window's start",
    STRADDLES_WINDOW_END: "the event's time interval contains the window's end",
    NOT_VIOLENT: "the event type is not armed violence",
    **{
        side_reason(side, suffix): f"side {side.upper()} {meaning}"
        for side in ("a", "b")
        for suffix, meaning in SIDE_SUFFIXES.items()
    },
    DIRECTION_UNKNOWN: "the source does not say who attacked whom",
    NO_PARTY_IDENTIFIED: "no side is identified as a party, so it is only a possible violation",
    CONTESTED: "other sources report the same incident differently",
}
