"""The arrays the engine's loops read and write, grouped into typed records.

The compiled loops (:func:`trucewatch.verdicts.by_scope.run_by_scope` and the event-by-event
loop of :mod:`trucewatch.verdicts.kernel`) took some sixty arrays by position, where two
swapped arrays of one type would have given wrong verdicts without an error. They now take a
few records (named tuples, which numba compiles to plain structs: no cost in the loops):

* each record is built by :meth:`of` from the object that holds its arrays, **field by
  name** (a record's field and its source's attribute have the same name), so no array is
  placed by its position;
* every field is checked when the record is built: its dtype and number of dimensions (a
  :class:`~trucewatch.errors.ValidationError` naming the record and the field otherwise), and
  the lengths that must agree (one entry per scope, per window, offsets one longer);
* records of different kinds are different numba types: a record passed in another record's
  place does not compile.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from trucewatch.errors import ValidationError

__all__ = [
    "GridArrays",
    "Options",
    "Output",
    "ReasonTables",
    "ScopeArrays",
    "SortedEvents",
    "WindowArrays",
]

F64 = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
I16 = npt.NDArray[np.int16]
I8 = npt.NDArray[np.int8]
B = npt.NDArray[np.bool_]


class WindowArrays(NamedTuple):
    """Per window and per agreement, from :class:`~trucewatch.verdicts.columns.AgreementColumns`."""

    origins: F64  # (scopes, 3): lon, lat, cos(lat) of each scope's plane
    window_agreement: I64
    start_ns: I64
    end_ns: I64
    name_kind: I8  # (agreements, names)
    accession_ns: I64  # (agreements, names)

    @classmethod
    def of(cls, agreements: Any) -> WindowArrays:
        """From an ``AgreementColumns``."""
        return _checked(cls, agreements)


class ScopeArrays(NamedTuple):
    """Segments, boxes, fine grids and rasters per scope, from
    :class:`~trucewatch.verdicts.grid.ScopeIndex` (see :mod:`trucewatch.verdicts.grid`)."""

    sax: F64
    say: F64
    sbx: F64
    sby: F64
    seg_off: I64
    pbox: F64
    eps: F64
    gx0: F64
    gy0: F64
    cw: F64
    ch: F64
    nx: I64
    ny: I64
    cell_off: I64
    cell_state: I8
    cell_dlow: F64
    cand_off: I64
    cand: I32
    cand_dc: F32
    cell_dhigh: F64
    row_base: I64
    row_off: I64
    row_xy: F64
    scope_win_off: I64
    scope_win: I64
    scope_t0: I64
    scope_t1: I64
    everywhere: I64
    chunk_off: I64
    chunk_box: F64
    sub_off: I64
    sub_bounds: I16
    out_x0: F64
    out_y0: F64
    out_nx: I64
    out_ny: I64
    out_off: I64
    sub_unit: F64

    @classmethod
    def of(cls, index: Any) -> ScopeArrays:
        """From a ``ScopeIndex``."""
        return _checked(cls, index)


class GridArrays(NamedTuple):
    """The global lon/lat grid of :class:`~trucewatch.verdicts.grid.GlobalGrid`."""

    lon0: float
    lat0: float
    size: float
    nx: int
    ny: int
    offsets: I64
    scopes: I32
    gaps: F64
    scope_off: I64
    scope_cells: I64
    scope_gaps: F64
    scope_order: I64

    @classmethod
    def of(cls, grid: Any) -> GridArrays:
        """From a ``GlobalGrid``."""
        return _checked(cls, grid)


class Options(NamedTuple):
    """What a call asks for: outside pairs too (``include_outside``), exact distances
    (``with_distance``), only some verdicts (``filtering``, then ``want[code]``)."""

    include_outside: bool
    with_distance: bool
    filtering: bool
    want: B

    @classmethod
    def of(cls, **values: Any) -> Options:
        """From keyword arguments, one per field."""
        return _checked(cls, _Names(values))


class Output(NamedTuple):
    """The rows the loops write, from :class:`~trucewatch.verdicts.pairs.PairColumns`."""

    event_idx: I64
    window_idx: I64
    space: I8
    time: I8
    side_a_status: I8
    side_b_status: I8
    verdict: I8
    distance_km: F64

    @classmethod
    def of(cls, pairs: Any) -> Output:
        """From a ``PairColumns`` (the arrays are written in place)."""
        return _checked(cls, pairs)


class SortedEvents(NamedTuple):
    """A block of events in spatial order (:func:`~trucewatch.verdicts.event_sort.spatial_sort`)."""

    lon: F64
    lat: F64
    radius_km: F64
    lo_ns: I64
    hi_ns: I64
    violent: B
    side_a: I32
    side_b: I32

    @classmethod
    def of(cls, **values: Any) -> SortedEvents:
        """From keyword arguments, one per field."""
        return _checked(cls, _Names(values))


class ReasonTables(NamedTuple):
    """The bit numbers of the stored ``reason_bits`` (:mod:`trucewatch.verdicts.encode`): per
    code of space, time, location and side status (-1: the code gives no reason), and the
    bits set by one fact each."""

    space_bit: I64
    time_bit: I64
    location_bit: I64
    side_a_bit: I64
    side_b_bit: I64
    scope_everywhere: int
    coded: int
    straddles_start: int
    not_violent: int
    direction_unknown: int
    no_party: int

    @classmethod
    def of(cls, **values: Any) -> ReasonTables:
        """From keyword arguments, one per field."""
        return _checked(cls, _Names(values))


class _Names:
    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


#: the dtype each array alias above stands for
_DTYPES: dict[str, type] = {
    "F64": np.float64,
    "F32": np.float32,
    "I64": np.int64,
    "I32": np.int32,
    "I16": np.int16,
    "I8": np.int8,
    "B": np.bool_,
}
#: fields with two dimensions; every other array has one
_TWO_D = {"origins", "name_kind", "accession_ns", "pbox", "row_xy", "chunk_box"}
#: fields with one entry per scope (+1: offsets), checked against each other
_PER_SCOPE = ("eps", "gx0", "gy0", "cw", "ch", "nx", "ny", "scope_t0", "scope_t1", "sub_unit")
_PER_SCOPE_OFFSETS = ("seg_off", "cell_off", "row_base", "scope_win_off", "chunk_off", "sub_off")


def _checked(cls: Any, source: Any) -> Any:
    values = {}
    for field, declared in cls.__annotations__.items():
        annotation = str(getattr(declared, "__forward_arg__", declared))  # NamedTuple: ForwardRef
        try:
            value = getattr(source, field)
        except AttributeError:
            raise ValidationError(
                f"{cls.__name__}.{field}: {type(source).__name__} has no {field!r}"
            ) from None
        expected = _DTYPES.get(annotation)
        if expected is None:  # a scalar: float, int or bool
            scalar = {"float": float, "int": int, "bool": bool}[annotation]
            if isinstance(value, np.ndarray) or not isinstance(value, (scalar, np.generic)):
                raise ValidationError(
                    f"{cls.__name__}.{field}: a {annotation} expected, not {type(value).__name__}"
                )
            value = scalar(value)
        else:
            ndim = 2 if field in _TWO_D else 1
            if not isinstance(value, np.ndarray) or value.dtype.type is not expected:
                got = getattr(value, "dtype", type(value).__name__)
                raise ValidationError(
                    f"{cls.__name__}.{field}: an array of {np.dtype(expected)} expected, not {got}"
                )
            if value.ndim != ndim:
                raise ValidationError(
                    f"{cls.__name__}.{field}: {ndim} dimension(s) expected, not {value.ndim}"
                )
        values[field] = value
    record = cls(**values)
    if cls is ScopeArrays:
        _check_scope_lengths(record)
    elif cls is Output or cls is SortedEvents:
        lengths = {len(v) for v in record}
        if len(lengths) > 1:
            raise ValidationError(f"{cls.__name__}: columns of different lengths {lengths}")
    return record


def _check_scope_lengths(record: ScopeArrays) -> None:
    scopes = len(record.pbox)
    for field in _PER_SCOPE:
        if len(getattr(record, field)) != scopes:
            raise ValidationError(
                f"ScopeArrays.{field}: {len(getattr(record, field))} entries for {scopes} scopes"
            )
    for field in _PER_SCOPE_OFFSETS:
        if len(getattr(record, field)) != scopes + 1:
            raise ValidationError(
                f"ScopeArrays.{field}: {len(getattr(record, field))} offsets for {scopes} "
                "scopes (one more than the scopes expected)"
            )
