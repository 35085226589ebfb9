"""The circle ∩ polygon sums behind ``share_inside`` and the location rule.

The fast engine decides with a quicker sum (far runs of edges as one sector) and falls back to
the edge-by-edge definition near the threshold; both must give the definition's decision.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import numpy as np
import pytest
import shapely

from trucewatch.model.agreement import Agreement, Party, Scope, Window
from trucewatch.model.time import Interval
from trucewatch.verdicts import _disc
from trucewatch.verdicts.columns import AgreementColumns, EventColumns
from trucewatch.verdicts.locate import LOCATION_REASONS, locate_rows, plane_points
from trucewatch.verdicts.rules import location_of, share_inside


def _star(rng: np.random.Generator, lon: float, lat: float, km: float, n: int) -> np.ndarray:
    angles = np.sort(rng.uniform(0, 2 * np.pi, n))
    r = km * rng.uniform(0.6, 1.0, n)
    kx = 111.2 * math.cos(math.radians(lat))
    ring = np.column_stack([lon + r * np.cos(angles) / kx, lat + r * np.sin(angles) / 111.2])
    return np.vstack([ring, ring[:1]])


def _agreement(geometry: shapely.Geometry) -> Agreement:
    start = datetime(2016, 5, 1, tzinfo=UTC)
    window = Window("base", "a", "base", Interval(start, None), "Asia/Damascus", start.isoformat())
    scope = Scope.make("geojson", {"t": 1}, geometry)
    return Agreement("a", "A", "Asia/Damascus", window, scope, (Party("p", "P"),))


@pytest.fixture(scope="module")
def scopes() -> list[shapely.Geometry]:
    rng = np.random.default_rng(12)
    out = []
    for k in range(6):
        shell = _star(rng, 37.0 + k * 0.3, 36.0, 10.0, 200 + 50 * k)
        holes = [_star(rng, 37.0 + k * 0.3, 36.0, 3.0, 40)] if k % 2 else []
        geometry = shapely.Polygon(shell, holes)
        if k == 5:
            other = shapely.Polygon(_star(rng, 37.0 + k * 0.3 + 0.3, 36.0, 4.0, 64))
            geometry = shapely.MultiPolygon([geometry, other])
        out.append(geometry)
    return out


def _rows(geometry, lon, lat, radius, threshold):
    agreement = _agreement(geometry)
    events = EventColumns.from_arrays(
        lon=lon, lat=lat, radius_km=radius, lo_ns=np.zeros(len(lon), dtype=np.int64),
        hi_ns=np.ones(len(lon), dtype=np.int64), violent=np.ones(len(lon), dtype=bool),
        side_a=np.full(len(lon), -1), side_b=np.full(len(lon), -1), names=(),
    )  # fmt: skip
    packed = AgreementColumns.from_agreements([agreement], events.names)
    idx = np.arange(len(lon), dtype=np.int64)
    scope = np.zeros(len(lon), dtype=np.int64)
    x, y = plane_points(events, packed, idx, scope)
    return locate_rows(packed, idx, scope, x, y, events.radius_km, threshold)


@pytest.mark.parametrize("radius", [1.0, 4.0, 12.0])
def test_quick_decisions_equal_the_definition(scopes, radius):
    rng = np.random.default_rng(int(radius))
    for geometry in scopes:
        minx, miny, maxx, maxy = geometry.bounds
        lon = rng.uniform(minx - 0.1, maxx + 0.1, 300)
        lat = rng.uniform(miny - 0.1, maxy + 0.1, 300)
        radii = np.full(300, radius)
        for threshold in (0.5, 0.2, 0.9):
            got = _rows(geometry, lon, lat, radii, threshold)
            points = zip(lon.tolist(), lat.tolist(), strict=True)
            shares = [share_inside(a, b, radius, geometry) for a, b in points]
            codes = [location_of(radius, geometry, s, threshold) for s in shares]
            want = [LOCATION_REASONS.index(c) for c in codes]
            assert got.tolist() == want


def test_a_threshold_equal_to_the_share_is_decided_by_the_definition(scopes):
    """Thresholds at the share itself and one float either side: only the exact sum can tell."""
    geometry = scopes[1]
    lon, lat, radius = 37.3 + 0.08, 36.0, 6.0
    share = share_inside(lon, lat, radius, geometry)
    assert 0.05 < share < 0.95
    for threshold, expected in (
        (share, _disc.LOCATED),
        (math.nextafter(share, 1.0), _disc.MOSTLY_OUTSIDE),
        (math.nextafter(share, 0.0), _disc.LOCATED),
    ):
        got = _rows(geometry, np.array([lon]), np.array([lat]), np.array([radius]), threshold)
        assert got.tolist() == [expected]
