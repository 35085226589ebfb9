"""The location threshold (``min_share_inside``, docs/verdicts.md "Location") in words and back
out of a rules version: for outputs that count verdicts and must say a threshold that is not the
default, and for verdicts read back from a store.
"""

from __future__ import annotations

from trucewatch.errors import ValidationError
from trucewatch.model.verdict import DEFAULT_MIN_SHARE_INSIDE, check_min_share

__all__ = ["min_share_of", "threshold_note"]


def min_share_of(version: str) -> float:
    """The location threshold a rules version was judged with (the inverse of
    :func:`~trucewatch.model.verdict.rules_version`; the default when none is appended)."""
    _, found, value = version.partition(";min_share_inside=")
    if not found:
        return DEFAULT_MIN_SHARE_INSIDE
    try:
        return check_min_share(float(value))
    except ValueError:
        raise ValidationError(
            f"rules version {version!r}: {value!r} is not a min_share_inside"
        ) from None


def threshold_note(min_share_inside: float) -> str:
    """One sentence saying the location threshold when it is not the default ("" when it is),
    for every output that counts verdicts: "Location threshold: an event counts as in a scope
    when at least 30 % of its location's uncertainty disc is inside (min_share_inside 0.3, the
    store's setting; default 0.5): below it, a possible violation is unlocated."."""
    share = check_min_share(min_share_inside)
    if share == DEFAULT_MIN_SHARE_INSIDE:
        return ""
    return (
        "Location threshold: an event counts as in a scope when at least "
        f"{100 * share:g} % of its location's uncertainty disc is inside "
        f"(min_share_inside {share!r}, the store's setting; default "
        f"{DEFAULT_MIN_SHARE_INSIDE:g}): below it, a possible violation is unlocated."
    )
