"""The horizons of an effect estimate when none are given, written once for ``effect``, the
API, the report and the dashboard (a light module: the server imports it at start-up)."""

from __future__ import annotations

__all__ = ["DEFAULT_HORIZONS"]

#: days before vs during the window compared; None: the whole window
DEFAULT_HORIZONS: tuple[int | None, ...] = (7, 14, 28, None)
