"""Readers of a country pack's fields that need nothing of the pack itself: each returns the
field's value or raises ValidationError naming where it was read (:mod:`trucewatch.text.packs`)."""

from __future__ import annotations

from trucewatch.errors import ValidationError

__all__ = ["neighbours", "point", "string_list"]


def string_list(value: object, where: str) -> tuple[str, ...]:
    """``value`` as a tuple of non-empty strings (ValidationError naming ``where``)."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError(f"{where}: a list of non-empty strings")
    return tuple(value)


def neighbours(value: object, code: str, where: str) -> tuple[str, ...]:
    """The ISO codes of ``value``, upper case: two letters each, none ``code`` itself."""
    codes = tuple(c.strip().upper() for c in string_list(value, where))
    if any(len(c) != 2 or not c.isalpha() or c == code for c in codes):
        raise ValidationError(f"{where}: two-letter ISO codes of other countries, e.g. ['IL']")
    return codes


def point(value: object, where: str) -> tuple[float, float]:
    """``value`` as a (lat, lon) point in range."""
    if not (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    ):
        raise ValidationError(f"{where}: a point [lat, lon]")
    lat, lon = float(value[0]), float(value[1])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError(f"{where}: [{lat}, {lon}] is outside [-90, 90] x [-180, 180]")
    return float(lat), float(lon)
