"""Questions asked of loaded agreements: their windows in UTC, what is in force where and when."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import shapely
from shapely.prepared import PreparedGeometry, prep

from trucewatch.errors import AgreementError, TrucewatchError, ValidationError
from trucewatch.geo.boundaries import BoundarySet
from trucewatch.geo.scope import resolve_admin_scope
from trucewatch.model.agreement import Agreement, Scope, Window
from trucewatch.model.time import to_utc

__all__ = ["in_force", "resolve_scopes", "windows_in_utc"]

_PREPARED: dict[int, tuple[object, PreparedGeometry]] = {}


def windows_in_utc(agreement: Agreement) -> list[Window]:
    """Every window of the agreement (base, extensions, declarations) with UTC intervals."""
    return agreement.windows()


def resolve_scopes(agreement: Agreement, boundaries: BoundarySet) -> Agreement:
    """A copy of the agreement whose admin scopes carry the geometry of their unit."""
    try:
        return agreement.replace_scopes(lambda s: resolve_admin_scope(s, boundaries))
    except TrucewatchError as exc:  # BoundaryError, ValidationError: say which agreement
        raise AgreementError(
            f"cannot resolve an admin scope: {exc}", path=agreement.source_path, field="scope"
        ) from exc


def _prepared(scope: Scope) -> PreparedGeometry:
    geometry = scope.geometry
    assert geometry is not None
    cached = _PREPARED.get(id(geometry))
    if cached is None or cached[0] is not geometry:
        if len(_PREPARED) > 256:
            _PREPARED.clear()
        cached = (geometry, prep(geometry))
        _PREPARED[id(geometry)] = cached
    return cached[1]


def in_force(
    agreements: Iterable[Agreement], lat: float, lon: float, instant: datetime
) -> list[tuple[Agreement, Window]]:
    """The (agreement, window) pairs in force at a point and an instant.

    A window is in force when its UTC interval contains the instant and its scope (or, if it has
    none, the agreement's scope) covers the point; an agreement without any scope covers
    everywhere. An admin scope not yet resolved raises AgreementError (see resolve_scopes).
    """
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise ValidationError(f"point ({lat}, {lon}) is outside lat [-90, 90] / lon [-180, 180]")
    when = to_utc(instant, "instant")
    point = shapely.Point(lon, lat)
    found = []
    for agreement in agreements:
        for window in agreement.windows():
            if not window.interval.contains(when):
                continue
            scope = agreement.scope_of(window)
            if scope is not None and scope.geometry is None:
                raise AgreementError(
                    f"window {window.id!r} has an admin scope {scope.spec['admin']} that is not "
                    "resolved: load the agreement with boundaries or call resolve_scopes()",
                    path=agreement.source_path,
                    field="scope",
                )
            if scope is None or _prepared(scope).covers(point):
                found.append((agreement, window))
    return found
