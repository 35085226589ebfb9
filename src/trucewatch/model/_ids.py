"""Ids in agreement files: slugs of lower-case letters, digits, '-', '_' and '.'."""

from __future__ import annotations

import re

from trucewatch.errors import ValidationError

__all__ = ["check_id"]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_\-.]*$")


def check_id(value: str, what: str) -> None:
    if not isinstance(value, str) or not _SLUG.match(value):
        raise ValidationError(
            f"{what} {value!r} is not a valid id: use lower-case letters, digits, '-', '_' or '.'"
        )
