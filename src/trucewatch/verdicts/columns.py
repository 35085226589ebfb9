"""Events and agreements packed into flat arrays for the fast verdict engine (no numba here).

:class:`EventColumns` holds one row per event (point, radius, UTC interval in nanoseconds,
violent flag, both sides as indices into a table of names). :class:`AgreementColumns` holds
the scopes projected to their local planes (:mod:`trucewatch.verdicts.plane`), one row per
window (:meth:`Agreement.windows`, in order) and, per agreement, every event name classified
with :func:`trucewatch.verdicts.parties.classify_name`. Both validate at construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, overload

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from trucewatch.errors import AgreementError, ValidationError
from trucewatch.model.agreement import Agreement
from trucewatch.model.event import Event
from trucewatch.model.taxonomy import is_violent
from trucewatch.verdicts.parties import NameKind, classify_name
from trucewatch.verdicts.plane import plane_origin, to_plane

__all__ = ["NO_ACCESSION", "OPEN_END", "AgreementColumns", "ArrowIds", "EventColumns", "to_ns"]

OPEN_END = np.iinfo(np.int64).max  # end_ns of an open-ended window
NO_ACCESSION = np.iinfo(np.int64).min  # accession_ns of a party that is one from the start
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def to_ns(instant: datetime) -> int:
    """An aware instant as integer nanoseconds since 1970-01-01 UTC (exact)."""
    return (instant - _EPOCH) // _MICRO * 1000


def _array(value: Any, dtype: Any, name: str, n: int | None) -> npt.NDArray[Any]:
    out = np.ascontiguousarray(value, dtype=dtype)
    if out.ndim != 1:
        raise ValidationError(f"{name} must be a 1-d array, got shape {out.shape}")
    if n is not None and len(out) != n:
        raise ValidationError(f"{name} has {len(out)} values, expected {n} (one per event)")
    out.setflags(write=False)
    return out


class ArrowIds(Sequence[str]):
    """Event ids kept as the Arrow column they were read in: a ``str`` is made only for the
    ids asked for (an error message), not one per event of a batch."""

    def __init__(self, column: pa.Array | pa.ChunkedArray) -> None:
        if column.null_count:
            raise ValidationError("event ids must not be null")
        self._column = column

    def __len__(self) -> int:
        return len(self._column)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        if isinstance(index, slice):
            return tuple(self._column[index].to_pylist())
        return str(self._column[index].as_py())


def _first_bad(mask: npt.NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask)[0])


@dataclass(frozen=True, eq=False)
class EventColumns:
    """Events as columns: ``lo_ns``/``hi_ns`` are the UTC interval ``[lo, hi)`` in ns.

    ``side_a``/``side_b`` index ``names`` (-1: no actor named on that side). ``ids``: a
    tuple, or :class:`ArrowIds` when read from the store (:meth:`from_arrow`).
    """

    ids: tuple[str, ...] | ArrowIds
    lon: F64
    lat: F64
    radius_km: F64
    lo_ns: I64
    hi_ns: I64
    violent: npt.NDArray[np.bool_]
    side_a: npt.NDArray[np.int32]
    side_b: npt.NDArray[np.int32]
    names: tuple[str, ...]

    def __post_init__(self) -> None:
        n = len(self.ids)
        if not isinstance(self.ids, ArrowIds):
            object.__setattr__(self, "ids", tuple(self.ids))
        object.__setattr__(self, "names", tuple(self.names))
        for name, dtype in (
            ("lon", np.float64),
            ("lat", np.float64),
            ("radius_km", np.float64),
            ("lo_ns", np.int64),
            ("hi_ns", np.int64),
            ("violent", np.bool_),
            ("side_a", np.int32),
            ("side_b", np.int32),
        ):
            object.__setattr__(self, name, _array(getattr(self, name), dtype, name, n))
        for name, values, bound in (("latitude", self.lat, 90.0), ("longitude", self.lon, 180.0)):
            bad = ~(np.abs(values) <= bound)  # also catches NaN
            if bad.any():
                i = _first_bad(bad)
                raise ValidationError(
                    f"event {i} ({self.ids[i]}): {name} {values[i]} is outside "
                    f"[-{bound:g}, {bound:g}]"
                )
        bad = ~(np.isfinite(self.radius_km) & (self.radius_km >= 0))
        if bad.any():
            i = _first_bad(bad)
            raise ValidationError(
                f"event {i} ({self.ids[i]}): radius_km {self.radius_km[i]} must be a number >= 0"
            )
        bad = ~(self.lo_ns < self.hi_ns)
        if bad.any():
            i = _first_bad(bad)
            raise ValidationError(
                f"event {i} ({self.ids[i]}): interval end {self.hi_ns[i]} ns is not after its "
                f"start {self.lo_ns[i]} ns (lo_ns < hi_ns is required)"
            )
        for side in ("side_a", "side_b"):
            values = getattr(self, side)
            bad = (values < -1) | (values >= len(self.names))
            if bad.any():
                i = _first_bad(bad)
                raise ValidationError(
                    f"event {i} ({self.ids[i]}): {side} {values[i]} is not -1 (absent) or an "
                    f"index into names [0, {len(self.names) - 1}]"
                )

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_arrays(
        cls,
        *,
        lon: npt.ArrayLike,
        lat: npt.ArrayLike,
        radius_km: npt.ArrayLike,
        lo_ns: npt.ArrayLike,
        hi_ns: npt.ArrayLike,
        violent: npt.ArrayLike,
        side_a: npt.ArrayLike,
        side_b: npt.ArrayLike,
        names: Sequence[str],
        ids: Sequence[str] | ArrowIds | None = None,
    ) -> EventColumns:
        """Columns from raw arrays (ids default to ``"0"``, ``"1"``, ...); validated."""
        n = len(np.asarray(lon))
        return cls(
            ids=ids
            if isinstance(ids, ArrowIds)
            else tuple(map(str, range(n)))
            if ids is None
            else tuple(ids),
            lon=lon,  # type: ignore[arg-type]
            lat=lat,  # type: ignore[arg-type]
            radius_km=radius_km,  # type: ignore[arg-type]
            lo_ns=lo_ns,  # type: ignore[arg-type]
            hi_ns=hi_ns,  # type: ignore[arg-type]
            violent=violent,  # type: ignore[arg-type]
            side_a=side_a,  # type: ignore[arg-type]
            side_b=side_b,  # type: ignore[arg-type]
            names=tuple(names),
        )

    @classmethod
    def from_events(cls, events: Sequence[Event]) -> EventColumns:
        """Pack ``events``; side names are kept verbatim (classification is per agreement)."""
        names: dict[str, int] = {}

        def index(name: str | None) -> int:
            return -1 if name is None else names.setdefault(name, len(names))

        return cls.from_arrays(
            ids=[e.event_id for e in events],
            lon=np.array([e.where.lon for e in events], dtype=np.float64),
            lat=np.array([e.where.lat for e in events], dtype=np.float64),
            radius_km=np.array([e.where.radius_km for e in events], dtype=np.float64),
            lo_ns=np.array([to_ns(e.when.start) for e in events], dtype=np.int64),
            hi_ns=np.array([to_ns(e.when.end) for e in events], dtype=np.int64),  # type: ignore[arg-type]
            violent=np.array([is_violent(e.event_type) for e in events], dtype=np.bool_),
            side_a=np.array([index(e.actors.side_a) for e in events], dtype=np.int32),
            side_b=np.array([index(e.actors.side_b) for e in events], dtype=np.int32),
            names=tuple(names),
        )

    @classmethod
    def from_arrow(cls, table: pa.Table, names: Sequence[str] | None = None) -> EventColumns:
        """Pack the columns of a store read (``VerdictUpdate.event_batches``): ``event_id``,
        ``lon``, ``lat``, ``radius_km``, ``lo_ns``, ``hi_ns`` (UTC ns), ``event_type``,
        ``side_a``, ``side_b``; no :class:`Event` objects are made. ``names``: the table of
        side names to index into (it must hold every name of the batch; default: the batch's
        own), so that batches can share one packing of the agreements."""
        side_a, side_b = table.column("side_a"), table.column("side_b")
        if names is None:
            found = pa.chunked_array([*side_a.chunks, *side_b.chunks], pa.string())
            table_names = pc.unique(found).drop_null()
        else:
            table_names = pa.array(list(names), pa.string())
        types = pc.unique(table.column("event_type")).to_pylist()
        violent_types = pa.array([t for t in types if is_violent(t)], pa.string())

        def index(column: pa.ChunkedArray) -> npt.NDArray[np.int32]:
            found = pc.index_in(column, value_set=table_names)
            missing = pc.and_(pc.is_null(found), pc.is_valid(column))
            if pc.any(missing).as_py():
                raise ValidationError("a side name of the batch is not in the names given")
            return np.asarray(found.fill_null(-1), dtype=np.int32)

        def floats(name: str) -> F64:
            return np.asarray(table.column(name), dtype=np.float64)

        return cls.from_arrays(
            ids=ArrowIds(table.column("event_id")),
            lon=floats("lon"),
            lat=floats("lat"),
            radius_km=floats("radius_km"),
            lo_ns=np.asarray(table.column("lo_ns"), dtype=np.int64),
            hi_ns=np.asarray(table.column("hi_ns"), dtype=np.int64),
            violent=np.asarray(pc.is_in(table.column("event_type"), value_set=violent_types)),
            side_a=index(side_a),
            side_b=index(side_b),
            names=tuple(table_names.to_pylist()),
        )


def _polygons(geometry: Any) -> list[Any]:
    return [geometry] if geometry.geom_type == "Polygon" else list(geometry.geoms)


@dataclass(frozen=True, eq=False)
class AgreementColumns:
    """Agreements as columns (see the module docstring).

    Scopes: ``origins[s]`` is ``(lon0, lat0, coslat0)`` of scope ``s``, ``bounds[s]`` its WGS84
    bounds; ring ``k`` has vertices ``vx/vy[ring_offsets[k]:ring_offsets[k + 1]]`` (closed, in
    km in the scope's plane), polygon ``p`` has rings ``poly_offsets[p]:poly_offsets[p + 1]``
    (shell first), scope ``s`` has polygons ``scope_offsets[s]:scope_offsets[s + 1]``.
    Windows: ``window_agreement``, ``window_ids``, ``start_ns``, ``end_ns`` (``OPEN_END`` when
    open-ended) and ``window_scope`` (-1: the scope is everywhere). Names: ``name_kind[a, k]``
    is the :class:`NameKind` of event name ``k`` for agreement ``a``, ``accession_ns[a, k]`` the
    accession of the party it names (``NO_ACCESSION``: none, a party from the start).
    """

    agreement_ids: tuple[str, ...]
    origins: F64
    bounds: F64
    vx: F64
    vy: F64
    ring_offsets: I64
    poly_offsets: I64
    scope_offsets: I64
    window_agreement: I64
    window_ids: tuple[str, ...]
    start_ns: I64
    end_ns: I64
    window_scope: I64
    names: tuple[str, ...]
    name_kind: npt.NDArray[np.int8]
    accession_ns: I64
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        n_windows = len(self.window_ids)
        for name in ("window_agreement", "start_ns", "end_ns", "window_scope"):
            if len(getattr(self, name)) != n_windows:
                raise ValidationError(f"{name} must have one value per window ({n_windows})")
        if self.name_kind.shape != (len(self.agreement_ids), len(self.names)):
            raise ValidationError("name_kind must have one row per agreement, one column per name")
        if self.accession_ns.shape != self.name_kind.shape:
            raise ValidationError("accession_ns must have the shape of name_kind")
        if n_windows and not (self.start_ns < self.end_ns).all():
            raise ValidationError("every window must end after it starts")
        n_scopes = len(self.origins)
        if n_windows and (self.window_scope.min() < -1 or self.window_scope.max() >= n_scopes):
            raise ValidationError(f"window_scope must be -1 or in [0, {n_scopes - 1}]")

    @property
    def n_scopes(self) -> int:
        return len(self.origins)

    @classmethod
    def from_agreements(
        cls, agreements: Sequence[Agreement], names: Sequence[str]
    ) -> AgreementColumns:
        """Pack ``agreements``, classifying each of the events' side ``names`` for each."""
        scope_index: dict[bytes, int] = {}
        origins: list[tuple[float, float, float]] = []
        bounds: list[tuple[float, float, float, float]] = []
        xs: list[F64] = []
        ys: list[F64] = []
        ring_offsets, poly_offsets, scope_offsets = [0], [0], [0]
        win_agreement: list[int] = []
        win_ids: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        win_scope: list[int] = []
        for a_idx, agreement in enumerate(agreements):
            for window in agreement.windows():
                scope = agreement.scope_of(window)
                s_idx = -1
                if scope is not None:
                    geometry = scope.geometry
                    if geometry is None:
                        raise AgreementError(
                            f"scope {scope.label or scope.spec_json} of window {window.id!r} is "
                            "an admin scope not resolved against boundaries; resolve it first "
                            "(trucewatch.geo.scope)",
                            path=agreement.source_path,
                            field=f"{agreement.id}.{window.id}.scope",
                        )
                    key = shapely.to_wkb(geometry)
                    if key not in scope_index:
                        scope_index[key] = len(origins)
                        origin = plane_origin(geometry.bounds)
                        origins.append(origin)
                        bounds.append(tuple(geometry.bounds))
                        for polygon in _polygons(geometry):
                            for ring in (polygon.exterior, *polygon.interiors):
                                coords = np.asarray(ring.coords, dtype=np.float64)
                                x, y = to_plane(coords[:, 0], coords[:, 1], origin)
                                xs.append(x)
                                ys.append(y)
                                ring_offsets.append(ring_offsets[-1] + len(x))
                            poly_offsets.append(len(ring_offsets) - 1)
                        scope_offsets.append(len(poly_offsets) - 1)
                    s_idx = scope_index[key]
                win_agreement.append(a_idx)
                win_ids.append(window.id)
                starts.append(to_ns(window.start))
                ends.append(OPEN_END if window.end is None else to_ns(window.end))
                win_scope.append(s_idx)
        kind = np.zeros((len(agreements), len(names)), dtype=np.int8)
        accession = np.full((len(agreements), len(names)), NO_ACCESSION, dtype=np.int64)
        for a_idx, agreement in enumerate(agreements):
            for k, name in enumerate(names):
                name_class = classify_name(agreement, name)
                kind[a_idx, k] = int(name_class.kind)
                if name_class.kind is NameKind.PARTY and name_class.accession is not None:
                    accession[a_idx, k] = to_ns(name_class.accession)
        return cls(
            agreement_ids=tuple(a.id for a in agreements),
            origins=np.array(origins, dtype=np.float64).reshape(-1, 3),
            bounds=np.array(bounds, dtype=np.float64).reshape(-1, 4),
            vx=np.concatenate(xs) if xs else np.zeros(0),
            vy=np.concatenate(ys) if ys else np.zeros(0),
            ring_offsets=np.array(ring_offsets, dtype=np.int64),
            poly_offsets=np.array(poly_offsets, dtype=np.int64),
            scope_offsets=np.array(scope_offsets, dtype=np.int64),
            window_agreement=np.array(win_agreement, dtype=np.int64),
            window_ids=tuple(win_ids),
            start_ns=np.array(starts, dtype=np.int64),
            end_ns=np.array(ends, dtype=np.int64),
            window_scope=np.array(win_scope, dtype=np.int64),
            names=tuple(names),
            name_kind=kind,
            accession_ns=accession,
        )
