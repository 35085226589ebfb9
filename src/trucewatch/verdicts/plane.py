"""The local plane in which trucewatch measures distances for verdicts.

Every scope has a local equirectangular plane about the centre of its bounding box: kilometres
east and north of that centre on a sphere of the mean Earth radius. Both the reference and the
fast engine measure event-to-boundary distances in it, so they agree to the last bit on the
same float inputs. Within a few hundred kilometres of the centre the error against geodesic
distance stays below about 1 % (docs/verdicts.md); scopes crossing the antimeridian are not
supported.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

__all__ = ["EARTH_RADIUS_KM", "KM_PER_DEGREE", "plane_origin", "to_plane"]

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0


def plane_origin(bounds: tuple[float, float, float, float]) -> tuple[float, float, float]:
    """(lon0, lat0, cos(lat0)) for a scope with ``bounds`` (min_lon, min_lat, max_lon, max_lat)."""
    lon0 = (bounds[0] + bounds[2]) / 2.0
    lat0 = (bounds[1] + bounds[3]) / 2.0
    return lon0, lat0, math.cos(math.radians(lat0))


def to_plane(
    lon: npt.ArrayLike, lat: npt.ArrayLike, origin: tuple[float, float, float]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Project degrees to km east/north of ``origin`` (as returned by :func:`plane_origin`).

    The arithmetic is written once, in this order, and the fast engine repeats exactly it:
    ``x = (lon - lon0) * coslat0 * KM_PER_DEGREE``, ``y = (lat - lat0) * KM_PER_DEGREE``.
    """
    lon0, lat0, coslat0 = origin
    x = (np.asarray(lon, dtype=np.float64) - lon0) * coslat0 * KM_PER_DEGREE
    y = (np.asarray(lat, dtype=np.float64) - lat0) * KM_PER_DEGREE
    return x, y
