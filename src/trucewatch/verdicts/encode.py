"""The engine's pairs as the stored codes: reason bits, shares inside, window numbers.

Everything a verdict's reasons depend on is a column: the space and time codes, the location
code, the side statuses (from the engine), whether the event is violent, admin-coded or
undirected (from the event's columns), whether it starts before the window (an uncertain
time), and, for an excluded side, whether the name was in use on the event's local day (one
check per agreement, name and day). The bits are those of
:data:`trucewatch.store.verdicts.REASON_BITS`; their order is the order in which
:func:`trucewatch.verdicts.rules.reasons_for` lists the reasons, so decoding them gives the
same tuple. Shares inside are computed per scope as :func:`build.shares_inside` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.model.agreement import Agreement, Window
from trucewatch.model.time import zone
from trucewatch.model.verdict import SideStatus, Space, TimeRelation, VerdictKind
from trucewatch.store.verdicts import REASON_BITS
from trucewatch.verdicts import reasons as R
from trucewatch.verdicts.build import shares_inside
from trucewatch.verdicts.codes import STATUS_CODES, code_of
from trucewatch.verdicts.columns import AgreementColumns, EventColumns
from trucewatch.verdicts.locate import LOCATION_REASONS
from trucewatch.verdicts.pairs import PairColumns
from trucewatch.verdicts.parties import excluded_on_day

__all__ = ["BIT", "encode_pairs", "reasons_of_bits"]

#: reason code -> its bit in ``reason_bits``
BIT: dict[str, int] = {code: i for i, code in enumerate(REASON_BITS)}

_U64 = npt.NDArray[np.uint64]


def reasons_of_bits(bits: int) -> tuple[str, ...]:
    """The reason codes of ``bits``, in the order a verdict lists them."""
    return tuple(code for i, code in enumerate(REASON_BITS) if bits >> i & 1)


def _bit(codes: npt.NDArray[np.int64]) -> _U64:
    return np.left_shift(np.uint64(1), codes.astype(np.uint64))


def _table(values: Sequence[str | None]) -> npt.NDArray[np.int64]:
    """Bit numbers for a code table (-1 where a code gives no reason)."""
    return np.array([-1 if v is None else BIT[v] for v in values], dtype=np.int64)


_SPACE_BIT = _table(
    [
        {
            Space.INSIDE: R.INSIDE_SCOPE,
            Space.OUTSIDE: R.OUTSIDE_SCOPE,
            Space.UNCERTAIN: R.STRADDLES_SCOPE_EDGE,
        }[s]
        for s in Space
    ]
)
_TIME_BIT = _table(
    [
        {
            TimeRelation.BEFORE: R.BEFORE_WINDOW,
            TimeRelation.DURING: R.DURING_WINDOW,
            TimeRelation.AFTER: R.AFTER_WINDOW,
            TimeRelation.UNCERTAIN: R.STRADDLES_WINDOW_END,
        }[t]
        for t in TimeRelation
    ]
)
_LOCATION_BIT = _table(LOCATION_REASONS)
_SIDE_BIT = {side: _table([f"side_{side}_{s.value}" for s in STATUS_CODES]) for side in "ab"}
_LATER_BIT = {side: BIT[f"side_{side}_excluded_by_later_name"] for side in "ab"}
_EXCLUDED = code_of(SideStatus.EXCLUDED)
_PARTY_LIKE = [code_of(SideStatus.PARTY), code_of(SideStatus.ACCESSION_UNCERTAIN)]
_UNCERTAIN_TIME = code_of(TimeRelation.UNCERTAIN)
_UNCERTAIN_SPACE = code_of(Space.UNCERTAIN)
_POSSIBLE = code_of(VerdictKind.POSSIBLE_VIOLATION)


def _or_bits(bits: _U64, where: npt.NDArray[np.bool_], bit: int) -> None:
    bits[where] |= np.uint64(1) << np.uint64(bit)


def _later_names(
    side: npt.NDArray[np.int64],
    rows: npt.NDArray[np.int64],
    event_idx: npt.NDArray[np.int64],
    window_agreement: npt.NDArray[np.int64],
    events: EventColumns,
    timezones: pa.ChunkedArray,
    agreements: Sequence[Agreement],
) -> npt.NDArray[np.bool_]:
    """For ``rows`` whose side is excluded: the name is one its group took only later.

    The event's local day is computed once per (time zone, start), the check once per
    (agreement, name, day)."""
    e = event_idx[rows]
    zones = pc.dictionary_encode(timezones).combine_chunks()
    zone_names = zones.dictionary.to_pylist()
    zone_idx = np.asarray(zones.indices, dtype=np.int64)[e]
    starts, start_idx = np.unique(events.lo_ns[e], return_inverse=True)
    pairs, day_of = np.unique(
        start_idx.reshape(-1) * len(zone_names) + zone_idx, return_inverse=True
    )
    days = []
    for pair in pairs.tolist():
        lo, z = int(starts[pair // len(zone_names)]), pair % len(zone_names)
        instant = datetime.fromtimestamp(lo // 1_000_000_000, UTC).replace(
            microsecond=lo % 1_000_000_000 // 1000
        )
        days.append(instant.astimezone(zone(zone_names[z])).date())
    n_names, n_days = len(events.names), len(days)
    combined = (window_agreement[rows] * n_names + side[e]) * n_days + day_of.reshape(-1)
    keys, key_of = np.unique(combined, return_inverse=True)
    decoded = [(k // n_days // n_names, k // n_days % n_names, k % n_days) for k in keys.tolist()]
    later = np.array(
        [not excluded_on_day(agreements[a], events.names[n], days[d]) for a, n, d in decoded],
        dtype=np.bool_,
    )
    return later[key_of.reshape(-1)]


def encode_pairs(
    pairs: PairColumns,
    events: EventColumns,
    table: pa.Table,
    packed: AgreementColumns,
    agreements: Sequence[Agreement],
    windows: Sequence[tuple[Agreement, Window]],
    window_numbers: npt.NDArray[np.int32],
) -> pa.Table:
    """The ``verdict_codes`` rows of ``pairs`` (events from ``table``, the store's columns)."""
    e, w = pairs.event_idx, pairs.window_idx
    n = len(e)
    assert pairs.location is not None
    everywhere = (packed.window_scope < 0)[w]
    space = pairs.space.astype(np.int64)
    time = pairs.time.astype(np.int64)
    sa, sb = pairs.side_a_status.astype(np.int64), pairs.side_b_status.astype(np.int64)
    kind = pairs.verdict.astype(np.int64)
    coded = np.asarray(table.column("coded"), dtype=np.bool_)
    undirected = np.asarray(table.column("undirected"), dtype=np.bool_)
    bits = np.where(everywhere, BIT[R.SCOPE_EVERYWHERE], _SPACE_BIT[space])
    out = _bit(bits)
    location = _LOCATION_BIT[pairs.location.astype(np.int64)]
    located = location >= 0
    out[located] |= _bit(location[located])
    _or_bits(out, coded[e], BIT[R.CODED_TO_ADMIN_UNIT])
    time_bit = _TIME_BIT[time]
    starts_before = (time == _UNCERTAIN_TIME) & (events.lo_ns[e] < packed.start_ns[w])
    time_bit[starts_before] = BIT[R.STRADDLES_WINDOW_START]
    out |= _bit(time_bit)
    _or_bits(out, ~events.violent[e], BIT[R.NOT_VIOLENT])
    for side, status, names in (("a", sa, events.side_a), ("b", sb, events.side_b)):
        side_bit = _SIDE_BIT[side][status]
        rows = np.flatnonzero(status == _EXCLUDED)
        if len(rows):
            later = _later_names(
                names.astype(np.int64),
                rows,
                e,
                packed.window_agreement[w],
                events,
                table.column("timezone"),
                agreements,
            )
            side_bit[rows[later]] = _LATER_BIT[side]
        out |= _bit(side_bit)
    _or_bits(out, undirected[e], BIT[R.DIRECTION_UNKNOWN])
    no_party = (kind == _POSSIBLE) & ~np.isin(sa, _PARTY_LIKE) & ~np.isin(sb, _PARTY_LIKE)
    _or_bits(out, no_party, BIT[R.NO_PARTY_IDENTIFIED])
    share = _shares(e, w, space, everywhere, events, packed, windows)
    return pa.table(
        {
            "event_id": table.column("event_id").take(pa.array(e)),
            "window_no": pa.array(window_numbers[w], pa.int32()),
            "verdict": pa.array(kind, pa.uint8()),
            "space": pa.array(space, pa.uint8()),
            "time": pa.array(time, pa.uint8()),
            "side_a": pa.array(sa, pa.uint8()),
            "side_b": pa.array(sb, pa.uint8()),
            "reason_bits": pa.array(out, pa.uint64()),
            "distance_km": pa.array(pairs.distance_km, pa.float64(), mask=everywhere),
            "share_inside": pa.array(share, pa.float64(), mask=np.isnan(share)),
            "contested_with": pa.nulls(n, pa.list_(pa.string())),
        }
    )


def _shares(
    e: npt.NDArray[np.int64],
    w: npt.NDArray[np.int64],
    space: npt.NDArray[np.int64],
    everywhere: npt.NDArray[np.bool_],
    events: EventColumns,
    packed: AgreementColumns,
    windows: Sequence[tuple[Agreement, Window]],
) -> npt.NDArray[np.float64]:
    """The share inside of every pair whose space is uncertain (NaN elsewhere)."""
    share = np.full(len(e), np.nan)
    rows = np.flatnonzero((space == _UNCERTAIN_SPACE) & ~everywhere)
    if not len(rows):
        return share
    geometry: dict[int, Any] = {}
    for index, (agreement, window) in enumerate(windows):
        s = int(packed.window_scope[index])
        if s >= 0 and s not in geometry:
            scope = agreement.scope_of(window)
            assert scope is not None
            geometry[s] = scope.geometry
    scope_of_row = packed.window_scope[w[rows]]
    for s in np.unique(scope_of_row).tolist():
        mine = rows[scope_of_row == s]
        members = np.unique(e[mine])
        values = np.asarray(
            shares_inside(
                events.lon[members], events.lat[members], events.radius_km[members], geometry[s]
            ),
            dtype=np.float64,
        )
        share[mine] = values[np.searchsorted(members, e[mine])]
    return share
