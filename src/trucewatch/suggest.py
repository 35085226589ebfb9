"""Unknown ids and names are errors that say what is known: "did you mean ...?".

Every place that takes an id or a value from a closed set (agreement ids, window ids, event ids,
source names, event types, draft, subscription and key ids, verdict kinds) refuses a value it
does not know with :func:`unknown`, so the command line and the API answer a typo the same way::

    no agreement 'aleppo-calm-2016' in the store: did you mean aleppo-calm-2016-05?
    (known: aleppo-calm-2016-05, eastern-ghouta-2016-04, latakia-2016-04, syria-coh-2016)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from trucewatch.errors import NotFoundError, TrucewatchError, ValidationError

__all__ = ["close_matches", "not_one_of", "unknown", "unknown_agreement"]

#: at most this many known values are listed in a message (the listing command shows the rest)
MAX_LISTED = 20


def close_matches(value: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The known values closest to ``value``: those it is a prefix of, then difflib's."""
    values = sorted(set(known))
    folded = value.casefold()
    same = [k for k in values if k.casefold() == folded and k != value]
    prefixed = [k for k in values if k.casefold().startswith(folded) and k not in same]
    lower = {k.casefold(): k for k in values}
    close = [lower[k] for k in difflib.get_close_matches(folded, list(lower), n=n, cutoff=0.6)]
    return list(dict.fromkeys([*same, *prefixed[:n], *close]))[:n]


def unknown(
    what: str,
    value: str,
    known: Iterable[str],
    *,
    where: str = "in the store",
    listing: str | None = None,
    list_known: bool = True,
    error: type[TrucewatchError] = NotFoundError,
) -> TrucewatchError:
    """The error for ``value`` not being one of ``known`` (raise it).

    ``what`` names the kind of value ("agreement", "source"); ``listing`` says where to see
    them ("trucewatch drafts list shows them"). At most :data:`MAX_LISTED` known values are
    named; with ``list_known`` false none are: ``known`` is then only the candidates for a
    guess (e.g. the stored event ids nearest to a mistyped one).
    """
    values = sorted(set(known))
    message = f"no {what} {value!r} {where}".rstrip()
    guesses = close_matches(value, values)
    if guesses:
        message += f": did you mean {' or '.join(guesses)}?"
    notes = []
    if list_known and not values:
        notes.append("none" + (f" {where}" if where else "") + " yet")
    elif list_known:
        more = len(values) - MAX_LISTED
        notes.append(
            f"known: {', '.join(values[:MAX_LISTED])}" + (f" and {more:,} more" if more > 0 else "")
        )
    if listing:
        notes.append(listing)
    if notes:
        message += f" ({'; '.join(notes)})"
    return error(message)


def unknown_agreement(
    agreement_id: str, known: Iterable[str], *, error: type[TrucewatchError] = NotFoundError
) -> TrucewatchError:
    """The error for an agreement id not in the store (raise it)."""
    values = list(known)
    listing = None if values else "add one with trucewatch agreements add"
    return unknown("agreement", agreement_id, values, listing=listing, error=error)


def not_one_of(
    what: str,
    value: str,
    allowed: Iterable[str],
    *,
    error: type[TrucewatchError] = ValidationError,
) -> TrucewatchError:
    """The error for ``value`` outside a closed set of values (raise it)::

    --status 'sentt' is not one of pending, failed, sent, dead: did you mean sent?
    """
    values = list(dict.fromkeys(allowed))
    guesses = close_matches(value, values)
    guess = f": did you mean {' or '.join(guesses)}?" if guesses else ""
    return error(f"{what} {value!r} is not one of {', '.join(values)}{guess}")
