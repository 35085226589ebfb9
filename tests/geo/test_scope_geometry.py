"""Scope geometries: geodesic discs, reprojection, validity, areas."""

from __future__ import annotations

import pytest
import shapely
from pyproj import Geod

from trucewatch.errors import ValidationError
from trucewatch.geo.scope import area_km2, build_scope, circle, polygon_from_geojson

GEOD = Geod(ellps="WGS84")


@pytest.mark.parametrize(("lat", "lon", "radius_km"), [(33.57, 36.40, 12), (60.0, 25.0, 25)])
@pytest.mark.parametrize("azimuth", [0, 45, 90, 180, 270])
def test_circle_is_geodesic_at_any_latitude(lat, lon, radius_km, azimuth):
    disc = circle(lat, lon, radius_km)
    inside_lon, inside_lat, _ = GEOD.fwd(lon, lat, azimuth, radius_km * 1000 * 0.98)
    outside_lon, outside_lat, _ = GEOD.fwd(lon, lat, azimuth, radius_km * 1000 * 1.02)
    assert disc.covers(shapely.Point(inside_lon, inside_lat))
    assert not disc.covers(shapely.Point(outside_lon, outside_lat))


def test_circle_area_is_pi_r_squared():
    assert area_km2(circle(35.8, 36.1, 25)) == pytest.approx(3.14159 * 25**2, rel=0.01)


@pytest.mark.parametrize(
    ("args", "message"),
    [((95.2, 37.0, 5), "latitude 95.2 is outside"), ((36.0, 37.0, 0), "radius_km 0")],
)
def test_circle_refuses_impossible_values(args, message):
    with pytest.raises(ValidationError, match=message):
        circle(*args)


@pytest.mark.parametrize(
    ("geojson", "message"),
    [
        ({"type": "Point", "coordinates": [37.0, 36.0]}, "'Point' is not allowed"),
        ({"type": "Polygon", "coordinates": [[[37.0, 36.0], [37.1, 36.1]]]}, "malformed"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[3.7e6, 4.3e6], [3.8e6, 4.3e6], [3.8e6, 4.4e6], [3.7e6, 4.3e6]]],
            },
            "add crs: EPSG:xxxx",
        ),
    ],
)
def test_polygon_from_geojson_refuses_what_is_not_a_lon_lat_polygon(geojson, message):
    with pytest.raises(ValidationError, match=message):
        polygon_from_geojson(geojson)


def test_polygon_from_geojson_unknown_crs_is_refused():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    with pytest.raises(ValidationError, match="unknown coordinate reference system 'EPSG:0'"):
        polygon_from_geojson(square, "EPSG:0")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({}, "exactly one of admin, geojson, file, point; got none"),
        ({"point": {"lat": 1, "lon": 1}}, "needs radius_km"),
        ({"point": {"lat": 1, "lon": 1}, "radius_km": 5, "crs": "EPSG:3857"}, "crs is only"),
        ({"admin": {"code": "SY02", "name": "Aleppo"}}, None),
    ],
)
def test_build_scope_checks_the_combination_of_keys(spec, message):
    if message is None:  # an admin scope is not resolved without boundaries
        assert build_scope(spec).geometry is None
        return
    with pytest.raises(ValidationError, match=message):
        build_scope(spec)
