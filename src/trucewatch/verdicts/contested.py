"""Contested facts: reports of one incident by different sources that disagree on who did it.

Two verdicts of the same agreement window are *contested* when their events come from
different sources, their time intervals overlap, their points lie within the sum of their
uncertainty radii (plus ``slack_km``), both are violent, and they name different sides. Both
are kept, each marked with reason ``contested`` and the other's id in ``contested_with``;
nothing is merged or flattened into one answer.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.model import Event, is_violent
from trucewatch.model.agreement import normalize_name
from trucewatch.model.verdict import Space, TimeRelation, Verdict
from trucewatch.verdicts.plane import EARTH_RADIUS_KM

__all__ = ["CONTESTED", "contested_marks", "mark_contested", "overlapping_pairs"]

CONTESTED = "contested"


def _km_between(a: Event, b: Event) -> float:
    return _km(a.where.lat, a.where.lon, b.where.lat, b.where.lon)


def _km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat_a, lon_a, lat_b, lon_b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _sides(event: Event) -> frozenset[str]:
    return _side_set(event.actors.side_a, event.actors.side_b)


def _side_set(side_a: str | None, side_b: str | None) -> frozenset[str]:
    return frozenset(normalize_name(n) for n in (side_a, side_b) if n)


def _same_incident(a: Event, b: Event, slack_km: float) -> bool:
    if a.source == b.source or not (is_violent(a.event_type) and is_violent(b.event_type)):
        return False
    if not a.when.overlaps(b.when):
        return False
    return _km_between(a, b) <= a.where.radius_km + b.where.radius_km + slack_km


def _disagree(a: Event, b: Event) -> bool:
    if _sides(a) != _sides(b):
        return True
    both_directed = a.actors.directed and b.actors.directed
    return both_directed and a.actors.perpetrator != b.actors.perpetrator


def mark_contested(
    verdicts: Sequence[Verdict], events: Mapping[str, Event], *, slack_km: float = 5.0
) -> list[Verdict]:
    """``verdicts`` with contested pairs marked (see the module docstring); order kept."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, v in enumerate(verdicts):
        relevant = v.space is not Space.OUTSIDE and v.time not in (
            TimeRelation.BEFORE,
            TimeRelation.AFTER,
        )
        if relevant:
            groups[(v.agreement_id, v.window_id)].append(i)
    contested: dict[int, list[str]] = defaultdict(list)
    for members in groups.values():
        members.sort(key=lambda i: events[verdicts[i].event_id].when.start)
        for pos, i in enumerate(members):
            a = events[verdicts[i].event_id]
            for j in members[pos + 1 :]:
                b = events[verdicts[j].event_id]
                assert a.when.end is not None
                if b.when.start >= a.when.end:
                    break  # sorted by start: no later event overlaps a
                if _same_incident(a, b, slack_km) and _disagree(a, b):
                    contested[i].append(b.event_id)
                    contested[j].append(a.event_id)
    out = list(verdicts)
    for i, others in contested.items():
        v = out[i]
        out[i] = replace(
            v,
            reasons=(*v.reasons, CONTESTED) if CONTESTED not in v.reasons else v.reasons,
            contested_with=tuple(sorted(set(v.contested_with) | set(others))),
        )
    return out


def overlapping_pairs(table: pa.Table) -> list[tuple[int, str, str]]:
    """(window, event id, event id) of the verdicts of one window whose intervals overlap,
    from different sources, at least one of them new: the pairs :func:`mark_contested` looks
    at (it sorts by start and stops at the first that starts after the end), found over
    columns. ``table``: ``window_no``, ``event_id``, ``source``, ``lo``, ``hi``, ``new``,
    sorted by window and start (:func:`trucewatch.store.verdict_update.contested_candidates`)."""
    if table.num_rows == 0:
        return []
    window = np.asarray(table.column("window_no"), dtype=np.int64)
    lo = np.asarray(table.column("lo"), dtype=np.int64)
    hi = np.asarray(table.column("hi"), dtype=np.int64)
    new = np.asarray(table.column("new"), dtype=np.bool_)
    source = np.asarray(pc.dictionary_encode(table.column("source")).combine_chunks().indices)
    # rows sorted by (window, lo): row i overlaps the rows after it up to the first that
    # starts at or after its end, or is in another window
    stop = np.empty(len(lo), dtype=np.int64)
    bounds = np.flatnonzero(np.diff(window)) + 1
    for first, last in zip([0, *bounds.tolist()], [*bounds.tolist(), len(lo)], strict=True):
        stop[first:last] = first + np.searchsorted(lo[first:last], hi[first:last], "left")
    count = stop - np.arange(len(lo)) - 1
    count[count < 0] = 0
    left = np.repeat(np.arange(len(lo)), count)
    offsets = np.arange(len(left)) - np.repeat(np.cumsum(count) - count, count)
    right = left + 1 + offsets
    keep = (source[left] != source[right]) & (new[left] | new[right])
    ids = table.column("event_id").to_pylist()
    return [
        (int(window[i]), ids[i], ids[j])
        for i, j in zip(left[keep].tolist(), right[keep].tolist(), strict=True)
    ]


def contested_marks(
    candidates: Sequence[tuple[int, str, str]],
    facts: Mapping[str, tuple[float, float, float, str | None, str | None, str | None]],
    *,
    slack_km: float = 5.0,
) -> dict[tuple[int, str], set[str]]:
    """The contested marks of stored verdicts, from candidate pairs.

    ``candidates`` are (window, event id, event id) of relevant verdicts of one window from
    different sources, both violent, whose intervals overlap (found in SQL,
    :func:`trucewatch.store.verdict_update.contested_candidates`); ``facts`` gives each event's
    (lat, lon, radius_km, side_a, side_b, perpetrator). The rest of :func:`mark_contested`'s
    test (distance, disagreement) is applied here, by the same functions. Returns
    (window, event id) -> the ids it is contested with.
    """
    sides: dict[str, frozenset[str]] = {}
    out: dict[tuple[int, str], set[str]] = defaultdict(set)
    for window, x, y in candidates:
        a, b = facts[x], facts[y]
        if _km(a[0], a[1], b[0], b[1]) > a[2] + b[2] + slack_km:
            continue
        for event_id, fact in ((x, a), (y, b)):
            if event_id not in sides:
                sides[event_id] = _side_set(fact[3], fact[4])
        disagree = sides[x] != sides[y] or (a[5] is not None and b[5] is not None and a[5] != b[5])
        if disagree:
            out[(window, x)].add(y)
            out[(window, y)].add(x)
    return dict(out)
