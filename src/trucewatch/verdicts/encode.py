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
from numba import njit

from trucewatch.model.agreement import Agreement, Window
from trucewatch.model.time import zone
from trucewatch.model.verdict import SideStatus, Space, TimeRelation
from trucewatch.store.verdicts import REASON_BITS
from trucewatch.verdicts import codes as C
from trucewatch.verdicts import reasons as R
from trucewatch.verdicts.build import shares_inside_array
from trucewatch.verdicts.codes import STATUS_CODES, code_of
from trucewatch.verdicts.columns import AgreementColumns, EventColumns
from trucewatch.verdicts.locate import LOCATION_REASONS
from trucewatch.verdicts.pairs import PairColumns
from trucewatch.verdicts.parties import excluded_on_day
from trucewatch.verdicts.records import ReasonTables

__all__ = ["BIT", "encode_pairs", "reasons_of_bits"]

#: reason code -> its bit in ``reason_bits``
BIT: dict[str, int] = {code: i for i, code in enumerate(REASON_BITS)}


def reasons_of_bits(bits: int) -> tuple[str, ...]:
    """The reason codes of ``bits``, in the order a verdict lists them."""
    return tuple(code for i, code in enumerate(REASON_BITS) if bits >> i & 1)


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
_UNCERTAIN_SPACE = code_of(Space.UNCERTAIN)


#: the bit tables the compiled pass reads
_TABLES = ReasonTables.of(
    space_bit=_SPACE_BIT,
    time_bit=_TIME_BIT,
    location_bit=_LOCATION_BIT,
    side_a_bit=_SIDE_BIT["a"],
    side_b_bit=_SIDE_BIT["b"],
    scope_everywhere=BIT[R.SCOPE_EVERYWHERE],
    coded=BIT[R.CODED_TO_ADMIN_UNIT],
    straddles_start=BIT[R.STRADDLES_WINDOW_START],
    not_violent=BIT[R.NOT_VIOLENT],
    direction_unknown=BIT[R.DIRECTION_UNKNOWN],
    no_party=BIT[R.NO_PARTY_IDENTIFIED],
)


def _later_names(
    side: npt.NDArray[np.int32],
    e: npt.NDArray[np.int64],
    agreement_of_row: npt.NDArray[np.int64],
    events: EventColumns,
    timezones: pa.ChunkedArray,
    agreements: Sequence[Agreement],
) -> npt.NDArray[np.bool_]:
    """For rows (events ``e``, their windows' agreements) whose side is excluded: the name
    is one its group took only later.

    The event's local day is computed once per (time zone, start), the check once per
    (agreement, name, day)."""
    zones = pc.dictionary_encode(timezones.take(pa.array(e))).combine_chunks()
    zone_names = zones.dictionary.to_pylist()
    zone_idx = np.asarray(zones.indices, dtype=np.int64)
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
    name = side[e].astype(np.int64)
    combined = (agreement_of_row * n_names + name) * n_days + day_of.reshape(-1)
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
    """The ``verdict_codes`` rows of ``pairs`` (events from ``table``, the store's columns).

    The reason bits and window numbers come from one compiled pass over the pairs
    (:func:`_reason_bits`); the codes are the engine's arrays as they are (no copy); the
    event ids a dictionary over the batch's ids (no string copied)."""
    e, w = pairs.event_idx, pairs.window_idx
    n = len(e)
    assert pairs.location is not None
    bits = np.empty(n, dtype=np.int64)
    numbers = np.empty(n, dtype=np.int32)
    everywhere = np.empty(n, dtype=np.bool_)
    _reason_bits(
        e, w, pairs.space, pairs.time, pairs.side_a_status, pairs.side_b_status, pairs.verdict,
        pairs.location, np.asarray(table.column("coded"), dtype=np.bool_),
        np.asarray(table.column("undirected"), dtype=np.bool_), events.violent, events.lo_ns,
        packed.window_scope, packed.start_ns, np.asarray(window_numbers, dtype=np.int32),
        _TABLES, bits, numbers, everywhere,
    )  # fmt: skip
    for side, status, names in (
        ("a", pairs.side_a_status, events.side_a),
        ("b", pairs.side_b_status, events.side_b),
    ):
        rows = np.flatnonzero(status == _EXCLUDED)
        if len(rows):
            later = _later_names(
                names,
                e[rows],
                packed.window_agreement[w[rows]],
                events,
                table.column("timezone"),
                agreements,
            )
            swap = (1 << int(_SIDE_BIT[side][_EXCLUDED])) | (1 << _LATER_BIT[side])
            bits[rows[later]] ^= swap  # the excluded bit off, the later name's bit on
    share = _shares(e, w, pairs.space, everywhere, events, packed, windows)
    ids = table.column("event_id")
    ids = ids.chunk(0) if ids.num_chunks == 1 else ids.combine_chunks()
    return pa.table(
        {
            "event_id": pa.DictionaryArray.from_arrays(pa.array(e.astype(np.int32)), ids),
            "window_no": pa.array(numbers, pa.int32()),
            "verdict": pa.array(pairs.verdict.view(np.uint8), pa.uint8()),
            "space": pa.array(pairs.space.view(np.uint8), pa.uint8()),
            "time": pa.array(pairs.time.view(np.uint8), pa.uint8()),
            "side_a": pa.array(pairs.side_a_status.view(np.uint8), pa.uint8()),
            "side_b": pa.array(pairs.side_b_status.view(np.uint8), pa.uint8()),
            "reason_bits": pa.array(bits.view(np.uint64), pa.uint64()),
            "distance_km": pa.array(pairs.distance_km, pa.float64(), mask=everywhere),
            "share_inside": pa.array(share, pa.float64(), mask=np.isnan(share)),
            "contested_with": pa.nulls(n, pa.list_(pa.string())),
        }
    )


@njit(cache=True, nogil=True)
def _reason_bits(e, w, space, time, side_a, side_b, kind, location, coded, undirected, violent,
                 lo_ns, window_scope, start_ns, window_numbers, t, bits, numbers,
                 everywhere):  # type: ignore[no-untyped-def]  # fmt: skip
    """Per pair: its reason bits (an excluded side as excluded: see :func:`_later_names`),
    its window's number and whether the window's scope is everywhere, in one pass.

    The bits are those the numpy expressions of the reference set
    (:func:`trucewatch.verdicts.rules.reasons_for`, in :data:`REASON_BITS`' order)."""
    for i in range(len(e)):
        ev = e[i]
        wi = w[i]
        tm = time[i]
        sa = side_a[i]
        sb = side_b[i]
        nowhere = window_scope[wi] < 0
        everywhere[i] = nowhere
        b = (1 << t.scope_everywhere) if nowhere else (1 << t.space_bit[space[i]])
        at = t.location_bit[location[i]]
        if at >= 0:
            b |= 1 << at
        if coded[ev]:
            b |= 1 << t.coded
        at = t.time_bit[tm]
        if tm == C.TIME_UNCERTAIN and lo_ns[ev] < start_ns[wi]:
            at = t.straddles_start
        b |= (1 << at) | (1 << t.side_a_bit[sa]) | (1 << t.side_b_bit[sb])
        if not violent[ev]:
            b |= 1 << t.not_violent
        if undirected[ev]:
            b |= 1 << t.direction_unknown
        if (
            kind[i] == C.POSSIBLE_VIOLATION
            and sa != C.PARTY
            and sa != C.ACCESSION_UNCERTAIN
            and sb != C.PARTY
            and sb != C.ACCESSION_UNCERTAIN
        ):
            b |= 1 << t.no_party
        bits[i] = b
        numbers[i] = window_numbers[wi]


def _shares(
    e: npt.NDArray[np.int64],
    w: npt.NDArray[np.int64],
    space: npt.NDArray[np.int8],
    everywhere: npt.NDArray[np.bool_],
    events: EventColumns,
    packed: AgreementColumns,
    windows: Sequence[tuple[Agreement, Window]],
) -> npt.NDArray[np.float64]:
    """The share inside of every pair whose space is uncertain (NaN elsewhere), computed
    once per (scope, event)."""
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
        members, member_of = _distinct(e[mine])
        values = shares_inside_array(
            events.lon[members], events.lat[members], events.radius_km[members], geometry[s]
        )
        share[mine] = values[member_of]
    return share


def _distinct(
    values: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The distinct values and each value's position among them (one pass when sorted, as
    the pairs' events are)."""
    if len(values) > 1 and not (values[1:] >= values[:-1]).all():
        found, inverse = np.unique(values, return_inverse=True)
        return found, inverse.reshape(-1)
    first = np.empty(len(values), dtype=np.bool_)
    first[:1] = True
    np.not_equal(values[1:], values[:-1], out=first[1:])
    return values[first], np.cumsum(first) - 1
