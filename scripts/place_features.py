"""Candidate features tried for the place ranker (``scripts/place_features_cv.py`` runs them).

Each is a function of one text's candidates (:func:`trucewatch.text.place_rank.candidates`)
and of the text as :func:`~trucewatch.text.place_rank.read_places` reads it, giving one value
in [0, 1] per candidate, like :data:`~trucewatch.text.place_rank.FEATURES`. None of them is
in the shipped ranker: docs/news.md, "Place ranker (issue 17)", says why.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Sequence

import numpy as np

from trucewatch.model.event import LocationPrecision
from trucewatch.text.names import norm
from trucewatch.text.place_data import km
from trucewatch.text.place_rank import Candidate, SentencePlaces
from trucewatch.text.places import PlaceMatch
from trucewatch.text.types import classify

__all__ = ["EXTRA", "governorate_of", "is_area", "place_key"]

Extra = Callable[[Sequence[Candidate], Sequence[SentencePlaces]], np.ndarray]
_AREA = (LocationPrecision.ADMIN1, LocationPrecision.NEAR)
_DEATH = re.compile(
    r"\b(?:kill\w*|dead|deaths?|died|dies|die|martyr\w*|casualt\w*|massacre\w*|execut\w*|"
    r"bodies|lives|losses)\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"\s*[;,]\s*|\s+(?:and|while|whereas|as|amid|with)\s+", re.IGNORECASE)
_ATTACK = re.compile(
    r"\b(?:target\w*|bomb\w*|shell\w*|raids?|strikes?|struck|hits?|shot|storm\w*|attack\w*|"
    r"explosion|blast|massacre)\b(?:\s+\S+){0,5}\s*$",
    re.IGNORECASE,
)
_CLASH = re.compile(
    r"\b(?:clash\w*|battles?|fighting|fights|combats?|confrontations?)\b(?:\s+\S+){0,5}\s*$",
    re.IGNORECASE,
)
_VIOLENT = ("remote.", "battle.", "civilians.")


def place_key(m: PlaceMatch) -> tuple[str, float, float]:
    return (m.place.name, round(m.place.lat, 3), round(m.place.lon, 3))


def governorate_of(m: PlaceMatch) -> str | None:
    return m.place.name if m.place.kind == "admin1" else m.place.admin1


def _distances(cands: Sequence[Candidate]) -> np.ndarray:
    pts = [(c.match.place.lat, c.match.place.lon) for c in cands]
    return np.array([[km(*a, *b) for b in pts] for a in pts])


def _others(cands: Sequence[Candidate], values: np.ndarray) -> np.ndarray:
    return values / (len(cands) - 1) if len(cands) > 1 else np.zeros(len(cands))


def near_share(cands: Sequence[Candidate], _doc: Sequence[SentencePlaces]) -> np.ndarray:
    """Share of the other candidates within 50 km of it (a place near the others)."""
    return _others(cands, (_distances(cands) <= 50).sum(1) - 1.0)


def near_count(cands: Sequence[Candidate], _doc: Sequence[SentencePlaces]) -> np.ndarray:
    """How many other candidates lie within 50 km, log-scaled (5 or more: 1)."""
    return np.minimum(1.0, np.log1p((_distances(cands) <= 50).sum(1) - 1.0) / math.log(6))


def centroid_distance(cands: Sequence[Candidate], _doc: Sequence[SentencePlaces]) -> np.ndarray:
    """Distance to the candidates' centroid, / 200 km (capped at 1)."""
    if len(cands) < 2:
        return np.zeros(len(cands))
    lat = float(np.mean([c.match.place.lat for c in cands]))
    lon = float(np.mean([c.match.place.lon for c in cands]))
    return np.array(
        [min(1.0, km(c.match.place.lat, c.match.place.lon, lat, lon) / 200) for c in cands]
    )


def mean_distance(cands: Sequence[Candidate], _doc: Sequence[SentencePlaces]) -> np.ndarray:
    """Mean distance to the other candidates, / 200 km (capped at 1)."""
    return np.minimum(1.0, _others(cands, _distances(cands).sum(1)) / 200)


def _bears_governorate(m: PlaceMatch) -> bool:
    return m.place.kind == "city" and norm(m.place.name) == norm(m.place.admin1 or "")


def governorate_named_city(
    cands: Sequence[Candidate], _doc: Sequence[SentencePlaces]
) -> np.ndarray:
    """A city bearing its governorate's name ("Aleppo", "Homs": an area in a headline)."""
    return np.array([float(_bears_governorate(c.match)) for c in cands])


def town_in_named_governorate(
    cands: Sequence[Candidate], _doc: Sequence[SentencePlaces]
) -> np.ndarray:
    """A town whose governorate the text also names ("Talbiseh in Homs")."""
    named: set[str | None] = {c.match.place.name for c in cands if c.match.place.kind == "admin1"}
    named |= {c.match.place.admin1 for c in cands if _bears_governorate(c.match)}
    return np.array(
        [
            float(
                c.match.place.kind == "city"
                and c.match.place.admin1 in named
                and not _bears_governorate(c.match)
                and c.match.precision is not LocationPrecision.ADMIN1
            )
            for c in cands
        ]
    )


def last(cands: Sequence[Candidate], _doc: Sequence[SentencePlaces]) -> np.ndarray:
    """The last candidate named (texts with two or more)."""
    return np.array([float(len(cands) > 1 and i == len(cands) - 1) for i in range(len(cands))])


def governorate_share(cands: Sequence[Candidate], _doc: Sequence[SentencePlaces]) -> np.ndarray:
    """Share of the other candidates in its governorate."""
    govs = [governorate_of(c.match) for c in cands]
    same = [
        sum(1 for j, h in enumerate(govs) if j != i and h and h == g) for i, g in enumerate(govs)
    ]
    return _others(cands, np.array(same, dtype=float))


def is_area(m: PlaceMatch) -> bool:
    return m.precision in _AREA or m.place.kind in ("admin1", "region") or _bears_governorate(m)


def town(cands: Sequence[Candidate], _doc: Sequence[SentencePlaces]) -> np.ndarray:
    """A town named as such (exact, not bearing its governorate's name)."""
    return np.array(
        [
            float(
                c.match.precision is LocationPrecision.EXACT
                and c.match.place.kind == "city"
                and not _bears_governorate(c.match)
            )
            for c in cands
        ]
    )


def area_with_town_near(cands: Sequence[Candidate], _doc: Sequence[SentencePlaces]) -> np.ndarray:
    """An area (governorate, "countryside of", region) with a named town within 50 km."""
    d = _distances(cands)
    towns = [c.match.place.kind == "city" and not _bears_governorate(c.match) for c in cands]
    return np.array(
        [
            float(
                is_area(c.match)
                and any(towns[j] and j != i and d[i, j] <= 50 for j in range(len(cands)))
            )
            for i, c in enumerate(cands)
        ]
    )


def _mark(cands: Sequence[Candidate], chosen: list[PlaceMatch]) -> np.ndarray:
    keys = {place_key(m) for m in chosen}
    return np.array([float(place_key(c.match) in keys) for c in cands])


def death_after(cands: Sequence[Candidate], doc: Sequence[SentencePlaces]) -> np.ndarray:
    """The first place (not named for something else) after a word of death in its sentence."""
    chosen = []
    for unit in doc:
        located = [m for m in unit.found if not m.elsewhere]
        for w in _DEATH.finditer(unit.text):
            chosen += [m for m in located if m.start >= w.end()][:1]
    return _mark(cands, chosen)


def _gap(m: PlaceMatch, word: re.Match[str]) -> float:
    return m.start - word.end() if m.start >= word.end() else 1.5 * (word.start() - m.end)


def death_nearest(cands: Sequence[Candidate], doc: Sequence[SentencePlaces]) -> np.ndarray:
    """The place nearest a word of death (one before it counts 1.5 times its distance)."""
    chosen = []
    for unit in doc:
        located = [m for m in unit.found if not m.elsewhere]
        for w in _DEATH.finditer(unit.text):
            if located:
                chosen.append(min(located, key=functools.partial(_gap, word=w)))
    return _mark(cands, chosen)


def _parts(doc: Sequence[SentencePlaces]) -> list[list[PlaceMatch]]:
    """The places of each ';'-separated part of each sentence (GED joins several sources'
    headlines with ';')."""
    out = []
    for unit in doc:
        cuts = [0] + [i + 1 for i, ch in enumerate(unit.text) if ch == ";"] + [len(unit.text) + 1]
        out += [[m for m in unit.found if a <= m.start < b] for a, b in itertools.pairwise(cuts)]
    return out


def _part_share(
    cands: Sequence[Candidate],
    doc: Sequence[SentencePlaces],
    same: Callable[[PlaceMatch, PlaceMatch], bool],
) -> np.ndarray:
    parts = _parts(doc)
    return np.array(
        [sum(any(same(c.match, m) for m in p) for p in parts) / len(parts) for c in cands]
    )


def part_share(cands: Sequence[Candidate], doc: Sequence[SentencePlaces]) -> np.ndarray:
    """Share of the text's ';'-separated parts that name it."""
    return _part_share(cands, doc, lambda a, b: place_key(a) == place_key(b))


def part_governorate_share(cands: Sequence[Candidate], doc: Sequence[SentencePlaces]) -> np.ndarray:
    """Share of the ';'-separated parts that name a place of its governorate."""
    return _part_share(
        cands,
        doc,
        lambda a, b: governorate_of(a) is not None and governorate_of(a) == governorate_of(b),
    )


def part_near_share(cands: Sequence[Candidate], doc: Sequence[SentencePlaces]) -> np.ndarray:
    """Share of the ';'-separated parts that name a place within 50 km of it."""
    return _part_share(
        cands, doc, lambda a, b: km(a.place.lat, a.place.lon, b.place.lat, b.place.lon) <= 50
    )


def _after(
    cands: Sequence[Candidate], doc: Sequence[SentencePlaces], cue: re.Pattern[str]
) -> np.ndarray:
    chosen = []
    for unit in doc:
        for m in unit.found:
            left = re.split(r"[;,]| and ", unit.text[max(0, m.start - 50) : m.start])[-1]
            if cue.search(left):
                chosen.append(m)
    return _mark(cands, chosen)


def attack_object(cands: Sequence[Candidate], doc: Sequence[SentencePlaces]) -> np.ndarray:
    """Named after an attack word in its clause ("shells target X", "raids on X")."""
    return _after(cands, doc, _ATTACK)


def clash_place(cands: Sequence[Candidate], doc: Sequence[SentencePlaces]) -> np.ndarray:
    """Named after a word of fighting in its clause ("clashes in X")."""
    return _after(cands, doc, _CLASH)


def _clause_type(
    cands: Sequence[Candidate], doc: Sequence[SentencePlaces], violent: bool
) -> np.ndarray:
    chosen = []
    for unit in doc:
        for m in unit.found:
            left = max((x.end() for x in _CLAUSE.finditer(unit.text, 0, m.start)), default=0)
            right = _CLAUSE.search(unit.text, m.end)
            found = classify(unit.text[left : right.start() if right else len(unit.text)])
            if found is not None and found.code.startswith(_VIOLENT) == violent:
                chosen.append(m)
    return _mark(cands, chosen)


def clause_violent(cands: Sequence[Candidate], doc: Sequence[SentencePlaces]) -> np.ndarray:
    """Its clause has an event type of violence (remote, battle, civilians)."""
    return _clause_type(cands, doc, violent=True)


def clause_nonviolent(cands: Sequence[Candidate], doc: Sequence[SentencePlaces]) -> np.ndarray:
    """Its clause has another event type (protest, agreement, arrest...)."""
    return _clause_type(cands, doc, violent=False)


#: the candidate features tried (each in [0, 1]), by name
EXTRA: dict[str, Extra] = {
    f.__name__: f
    for f in (
        near_share,
        near_count,
        centroid_distance,
        mean_distance,
        town_in_named_governorate,
        governorate_named_city,
        last,
        governorate_share,
        area_with_town_near,
        death_after,
        death_nearest,
        town,
        part_share,
        part_governorate_share,
        part_near_share,
        attack_object,
        clash_place,
        clause_violent,
        clause_nonviolent,
    )
}
