"""Which stored agreement a truce statement reports, extends, accepts, rejects or accuses
(:func:`resolve_reference`), and whether a statement only points at an earlier truce
(:func:`is_reference`); used by :mod:`trucewatch.text.truce_drafts`. docs/news.md, "Drafts".

An agreement is of the statement's country when its scope holds the country's point (the
country pack's), else — for a country without a pack — when it keeps the statement's time
zone (a coalition's truce in Yemen kept in Riyadh time is still Yemen's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache

import shapely

from trucewatch.model.agreement import Agreement
from trucewatch.text.gazetteer import norm
from trucewatch.text.packs import pack, shipped_packs
from trucewatch.text.statement_model import Statement

__all__ = ["LINK_AFTER_END", "is_reference", "resolve_reference"]

#: how long after a window ends a statement may still refer to it
LINK_AFTER_END = timedelta(days=7)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_FOUNDING = r"agreed|brokered|reached|declared|announced|signed|began|started|took effect|came"
_NATIONAL = re.compile(
    r"nation-?wide|country-?wide|national|broader|wider|overall|general", re.IGNORECASE
)


def is_reference(s: Statement) -> bool:
    """Whether ``s`` only points at an earlier truce: its act word is inside its
    ``refers_to`` words ("the truce agreed in February")."""
    refs = s.evidence.get("refers_to", ())
    acts = s.evidence.get("act", ())
    return bool(refs and acts) and any(
        r.start <= a.start and a.end <= r.end for r in refs for a in acts
    )


def _national(agreement: Agreement) -> bool:
    if agreement.scope is None:
        return True
    geometry = agreement.scope.geometry
    return geometry is not None and float(geometry.area) > 5.0  # square degrees: a country


def _names(agreement: Agreement) -> str:
    """An agreement's name and scope labels, normalized, for finding a place's name in."""
    labels = [agreement.name, *(sc.label or "" for sc in agreement.scopes())]
    return " " + " ".join(norm(x) for x in labels) + " "


def _places(s: Statement) -> list[str]:
    """The statement's places: canonical names and the words the text wrote them with
    ("Al Ḩudaydah", "Hodeidah")."""
    written = [span.text for span in s.evidence.get("scope", ())]
    return [p for p in dict.fromkeys((*s.scope, *written)) if norm(p)]


def resolve_reference(
    s: Statement, agreements: Iterable[Agreement], published: datetime
) -> str | None:
    """The id of the stored agreement ``s`` refers to or acts on, or None.

    With ``refers_to`` words: an agreement started in the 400 days before ``published`` whose
    start month matches a month they name, and that is national when they say "nationwide".
    A declaration or agreement: the stored truce it reports (:func:`_same_truce`). Otherwise
    (extend, accept, reject, accuse, suspend, end): an agreement in force at the statement's
    time (or ended at most a week before) whose name or scope label names a place of the
    statement, or — for a statement of no place — a national one in the same zone. Ties go to
    the agreement that started last ("the truce" is the latest one); two that started at the
    same instant resolve to none."""
    words = (s.refers_to or "").lower()
    month = next((i for i, m in enumerate(_MONTHS, 1) if re.search(rf"\b{m[:3]}", words)), None)
    national = bool(_NATIONAL.search(words)) or (bool(words) and s.nationwide)
    when = s.start or published
    places = _places(s)
    scored: list[tuple[int, datetime, str]] = []
    for agreement in agreements:
        start = agreement.base.interval.start
        if s.country is not None and _country_of(agreement) not in (None, s.country):
            continue  # "the ceasefire agreed in Minsk in February" is not Syria's February truce
        if not words and s.act in ("declare", "agree"):
            if _same_truce(s, agreement, published, places):
                scored.append((5, start, agreement.id))
            continue
        coming = s.start is not None and abs(start - s.start) <= timedelta(days=1)
        if (start > published and not coming) or start < published - timedelta(days=400):
            continue  # a truce of another time (accepted before it starts: its own start)
        local = start.astimezone(agreement.base.interval.start.tzinfo)
        score = 0
        if words:
            if month is not None:
                founding = re.search(_FOUNDING, words)
                if (founding and local.month != month) or (not founding and local.month > month):
                    continue
                score += 2
            if national:
                if not _national(agreement):
                    continue
                score += 2
        if not (month is not None or national):  # "the original four-day truce": in force
            timely = any(
                w.interval.start <= when + timedelta(days=1)
                and (w.interval.end is None or w.interval.end + LINK_AFTER_END >= when)
                for w in agreement.windows()
            )
            if not timely:
                continue
        name = _names(agreement)
        named = [p for p in places if f" {norm(p)} " in name]
        whole = not s.scope and _national(agreement) and _home(agreement, s)
        if not (month is not None or national) and not named and not whole:
            continue  # "the truce was extended": the country's truce in force
        score += len(named) + _home(agreement, s)
        scored.append((score, start, agreement.id))
    if not scored:
        return None
    scored.sort(key=lambda x: (-x[0], -x[1].timestamp()))
    if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
        return None  # two agreements fit as well: the analyst decides
    return scored[0][2]


def _same_truce(s: Statement, agreement: Agreement, published: datetime, places: list[str]) -> bool:
    """Whether a declaration or agreement reports a stored truce: its base window starts
    within a day of the statement's start (of publication when it gives none, then within
    three days) and its place or reach fits ("the truce in Eastern Ghouta" and an agreement
    named for Eastern Ghouta; a nationwide one and an agreement of the whole country)."""
    start = agreement.base.interval.start
    gap = abs(start - (s.start or published))
    if gap > (timedelta(days=1) if s.start is not None else timedelta(days=3)):
        return False
    if places:
        name = _names(agreement)
        return any(f" {norm(p)} " in name for p in places)
    return _national(agreement) and _home(agreement, s)


def _home(agreement: Agreement, s: Statement) -> bool:
    """Whether ``agreement`` is of the country ``s`` is about (see the module docstring)."""
    geometry = agreement.scope.geometry if agreement.scope is not None else None
    if s.country is None or s.country not in shipped_packs() or geometry is None:
        return agreement.timezone == s.timezone
    home = pack(s.country)
    return bool(geometry.contains(shapely.Point(home.lon, home.lat)))


def _country_of(agreement: Agreement) -> str | None:
    """The shipped pack whose admin-1 unit lies nearest a point of the agreement's scope; None
    without a scope geometry or beyond 300 km of every pack's units."""
    geometry = agreement.scope.geometry if agreement.scope is not None else None
    if geometry is None or geometry.is_empty:
        return None
    point = geometry.representative_point()
    return _nearest_pack(round(point.x, 4), round(point.y, 4))


@lru_cache(maxsize=1024)
def _nearest_pack(x: float, y: float) -> str | None:
    best: tuple[float, str | None] = (3.0**2, None)  # about 300 km, in degrees squared
    for code in shipped_packs():
        for unit in pack(code).admin1:
            d = (unit.lon - x) ** 2 + (unit.lat - y) ** 2
            best = min(best, (d, code), key=lambda b: b[0])
    return best[1]
