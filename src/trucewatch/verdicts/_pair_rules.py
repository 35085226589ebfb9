"""The pair rules of the fast engine over codes: side status, time relation, verdict.

The same rules as :mod:`trucewatch.verdicts.rules` (docs/verdicts.md, rules 1-8), over the
integer codes of :mod:`trucewatch.verdicts.codes` and integer nanoseconds, compiled by numba
(cached on disk) for the loops of :mod:`trucewatch.verdicts.kernel` and
:mod:`trucewatch.verdicts.by_scope`.
"""

from __future__ import annotations

from numba import njit

from trucewatch.verdicts import codes as C
from trucewatch.verdicts._geometry import njit_no_refcount
from trucewatch.verdicts.columns import OPEN_END
from trucewatch.verdicts.parties import NameKind

__all__ = ["status", "time_code", "verdict_code", "window_codes"]

_KIND_PARTY = int(NameKind.PARTY)
_KIND_ABSENT = int(NameKind.ABSENT)
_KIND_UNKNOWN = int(NameKind.UNKNOWN)
_KIND_EXCLUDED = int(NameKind.EXCLUDED)


@njit_no_refcount
def status(kind, accession, a, name, lo, hi):  # type: ignore[no-untyped-def]
    if name < 0:
        return C.ABSENT
    return _status_of(kind[a, name], accession[a, name], lo, hi)


@njit(cache=True, nogil=True)
def _status_of(k, acc, lo, hi):  # type: ignore[no-untyped-def]
    if k == _KIND_PARTY:
        if acc <= lo:
            return C.PARTY
        if acc >= hi:
            return C.NOT_YET_PARTY
        return C.ACCESSION_UNCERTAIN
    if k == _KIND_ABSENT:
        return C.ABSENT
    if k == _KIND_UNKNOWN:
        return C.UNKNOWN
    if k == _KIND_EXCLUDED:
        return C.EXCLUDED
    return C.MIXED


@njit(cache=True, nogil=True)
def time_code(lo, hi, start, end):  # type: ignore[no-untyped-def]
    if hi <= start:
        return C.BEFORE
    if end != OPEN_END and lo >= end:
        return C.AFTER
    if lo >= start and (end == OPEN_END or hi <= end):
        return C.DURING
    return C.TIME_UNCERTAIN


@njit(cache=True, nogil=True)
def verdict_code(space, time, violent, sa, sb):  # type: ignore[no-untyped-def]
    if space == C.OUTSIDE:
        return C.OUTSIDE_SCOPE
    if time == C.BEFORE or time == C.AFTER:
        return C.OUTSIDE_WINDOW
    if not violent:
        return C.NOT_COVERED
    if sa == C.EXCLUDED or sb == C.EXCLUDED:
        return C.NOT_COVERED
    if sa == C.NOT_YET_PARTY or sb == C.NOT_YET_PARTY:
        return C.NOT_COVERED
    a_in = sa == C.PARTY or sa == C.ACCESSION_UNCERTAIN
    b_in = sb == C.PARTY or sb == C.ACCESSION_UNCERTAIN
    if not (a_in or b_in):
        return C.POSSIBLE_VIOLATION
    if (
        space == C.SPACE_UNCERTAIN
        or time == C.TIME_UNCERTAIN
        or sa == C.MIXED
        or sa == C.ACCESSION_UNCERTAIN
        or sb == C.MIXED
        or sb == C.ACCESSION_UNCERTAIN
    ):
        return C.POSSIBLE_VIOLATION
    return C.VIOLATION


@njit_no_refcount
def window_codes(w, lo, hi, ea, eb, win_agreement, start_ns, end_ns, name_kind, accession_ns):  # type: ignore[no-untyped-def]  # fmt: skip
    """(time, side a status, side b status) of an event against window ``w``."""
    a = win_agreement[w]
    tm = time_code(lo, hi, start_ns[w], end_ns[w])
    sa = status(name_kind, accession_ns, a, ea, lo, hi)
    sb = status(name_kind, accession_ns, a, eb, lo, hi)
    return tm, sa, sb
