"""The IANA time zone of a point, from timezonefinder's polygons.

Sources date events to a calendar day *at the place of the event*; turning that day into UTC
needs the place's time zone. Lookups are cached by coordinates rounded to 0.01° (about 1 km),
so a file with thousands of events at a few hundred places costs a few hundred lookups;
:func:`timezones_at` answers for arrays of points, one lookup per distinct cell.
The lookup itself is done at the rounded point, so the answer does not depend on which event
was seen first. Over the sea timezonefinder answers a nautical zone such as ``Etc/GMT-2``;
those are valid IANA names and are kept. Where it has no answer at all, ``"UTC"`` is used.
"""

from __future__ import annotations

import atexit
import math
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from trucewatch.errors import ValidationError

if TYPE_CHECKING:
    from timezonefinder import TimezoneFinder

__all__ = ["timezone_at", "timezones_at"]

_finder: TimezoneFinder | None = None


def _get_finder() -> TimezoneFinder:
    """The module's one TimezoneFinder, created on first use (not at import time)."""
    global _finder
    if _finder is None:
        from timezonefinder import TimezoneFinder  # imported here: it loads numba (~1 s)

        _finder = TimezoneFinder()
        atexit.register(_release_finder)
    return _finder


def _release_finder() -> None:
    """Let the finder go at exit, while the interpreter is whole: collected later, in the
    interpreter's teardown, it reports its memory-mapped files unclosed."""
    global _finder
    _finder = None


@lru_cache(maxsize=65536)
def _timezone_at_centi(lat_centi: int, lon_centi: int) -> str:
    name = _get_finder().timezone_at(lat=lat_centi / 100, lng=lon_centi / 100)
    return name or "UTC"


def timezone_at(lat: float, lon: float) -> str:
    """The IANA time zone name at ``lat``, ``lon`` (e.g. ``"Asia/Damascus"``).

    Over international waters this is a nautical ``Etc/GMT±N`` zone; ``"UTC"`` where no zone
    is known. Raises :class:`~trucewatch.errors.ValidationError` for impossible coordinates.
    """
    for what, value, bound in (("latitude", lat, 90.0), ("longitude", lon, 180.0)):
        if not math.isfinite(value) or not -bound <= value <= bound:
            raise ValidationError(f"{what} {value!r} is outside [-{bound:g}, {bound:g}]")
    return _timezone_at_centi(round(lat * 100), round(lon * 100))


#: the zone of each 0.01° cell (key as in :func:`timezones_at`) looked up so far
_CELLS: dict[int, str] = {}


def timezones_at(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The zones of many points at once: per point an index into the returned names.

    Each distinct 0.01° cell is looked up once, with the same rounding as :func:`timezone_at`
    (so the answers are the same); the points must be finite and in range.
    """
    lat_c = np.rint(np.asarray(lat, dtype=np.float64) * 100).astype(np.int64)
    lon_c = np.rint(np.asarray(lon, dtype=np.float64) * 100).astype(np.int64)
    keys = (lat_c + 9000) * 36001 + (lon_c + 18000)
    cells, inverse = np.unique(keys, return_inverse=True)
    known = _CELLS
    if len(known) > 1_000_000:
        known.clear()
    cell_list = cells.tolist()
    new = np.array([k for k in cell_list if k not in known], dtype=np.int64)
    if new.size:
        lats = (new // 36001 - 9000) / 100  # the same floats as lat_centi / 100 below
        lngs = (new % 36001 - 18000) / 100
        found = _get_finder().timezone_names_at(lngs=lngs, lats=lats)  # = timezone_at, batched
        known.update(zip(new.tolist(), (name or "UTC" for name in found), strict=True))
    per_cell = [known[k] for k in cell_list]
    names, codes = np.unique(np.array(per_cell, dtype=object), return_inverse=True)
    return codes[inverse].astype(np.int32), [str(n) for n in names]
