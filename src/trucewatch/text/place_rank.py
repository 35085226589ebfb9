"""The place of an article's main event, chosen by a learned ranker over the places it names.

Every distinct place the gazetteer finds in a text (title first, then the sentences; country
mentions and photo captions left out) is a *candidate*, described by a few general features —
where it is first named, how often it and its governorate are named, "in / at X", the title,
the precision of the mention, the population, whether it is named for something else
(``PlaceMatch.elsewhere``), whether it shares a sentence with an event keyword or a death toll.
A logistic regression scores each candidate; the best one is the article's place. The weights
are a small shipped file (``text/models/place_ranker.npz``) with a JSON record of how it was
trained (``python -m trucewatch.text.train_places``); at run time the score is a dot product in
numpy (no scikit-learn import). docs/news.md, "Place ranker", has the figures and the split.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from trucewatch.errors import SourceError
from trucewatch.model.event import LocationPrecision
from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import Gazetteer, default_gazetteer
from trucewatch.text.names import norm
from trucewatch.text.numbers import death_toll
from trucewatch.text.places import PlaceMatch, find_places
from trucewatch.text.sentences import DATELINE, is_caption, sentences
from trucewatch.text.types import classify

__all__ = [
    "FEATURES",
    "KINDS",
    "Candidate",
    "PlaceRanker",
    "SentencePlaces",
    "article_place",
    "candidates",
    "default_ranker",
    "feature_matrix",
    "kind_of",
    "read_places",
    "sentence_place",
]

#: the features of a candidate, in the order of the weights (all in [0, 1])
FEATURES: tuple[str, ...] = (
    "first",  # the first candidate named in the text
    "order",  # rank of its first mention among the candidates, 0 (first) .. 1 (last)
    "sentence",  # index of the sentence of its first mention (title 0), log-scaled
    "title",  # named in the title
    "mentions",  # how often it is named, log-scaled
    "admin1_share",  # share of all mentions that lie in its governorate
    "in_at",  # named after "in" or "at" at least once
    "near",  # read as "near / outskirts / countryside of X"
    "admin1",  # read as a governorate ("X province")
    "region",  # a place the gazetteer holds as a region (an area, not a town)
    "population",  # log10(population + 1) / 7
    "elsewhere",  # share of its mentions named for something else ("martyrs from X")
    "event",  # named in a sentence with an event keyword
    "toll",  # named in a sentence with a death toll
    "first_event",  # the first located place of the first sentence with a keyword or toll
    "admin1_event",  # its governorate is that of the first event sentence's place
    "death_clause",  # named in a clause with a word of death ("killed", "casualties")
)

_IN_AT = re.compile(r"\b(?:in|at|inside)\s+(?:the\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_TITLE = -1  # the sentence index given to the title
#: where a sentence's clauses meet: "Clashes in A and casualties in B", "A; B", "A, while B"
_CLAUSE = re.compile(r"\s*[;,]\s*|\s+(?:and|while|whereas|as|amid|with)\s+", re.IGNORECASE)
_DEATH = re.compile(
    r"\b(?:kill\w*|dead|deaths?|died|dies|die|martyr\w*|casualt\w*|massacre\w*|"
    r"execut\w*|bodies|lives)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class SentencePlaces:
    """One sentence (``index`` -1 for the title), the places found in it, and whether it has an
    event keyword or a death toll."""

    index: int
    text: str
    found: tuple[PlaceMatch, ...]
    event: bool
    toll: bool


@dataclass(frozen=True, slots=True)
class Candidate:
    """A distinct place of a text: its first mention, the sentence of that mention, and its
    feature vector (:data:`FEATURES`)."""

    match: PlaceMatch
    sentence_index: int
    features: tuple[float, ...]


def read_places(article: Article, gazetteer: Gazetteer) -> list[SentencePlaces]:
    """The title and each sentence of ``article`` with its places, as the pipeline reads them
    (``near`` = the governorate of the last place named, captions left out)."""
    out: list[SentencePlaces] = []
    near: str | None = None
    units = [(_TITLE, article.title)] if article.title else []
    units += [(i, s) for i, (_a, _b, s) in enumerate(sentences(article.text))]
    for index, text in units:
        if is_caption(text):
            continue
        found = tuple(
            m
            for m in find_places(text, gazetteer, near=near)
            if m.precision is not LocationPrecision.COUNTRY
        )
        if found:
            near = found[-1].place.admin1 or near
        event = classify(text) is not None
        toll = death_toll(text) is not None
        out.append(SentencePlaces(index, text, found, event, toll))
    return out


def _key(match: PlaceMatch) -> tuple[str, float, float]:
    return (match.place.name, round(match.place.lat, 3), round(match.place.lon, 3))


def candidates(doc: Sequence[SentencePlaces]) -> list[Candidate]:
    """The distinct places of ``doc`` (a text read by :func:`read_places`) in the order they
    are first named, each with its features."""
    mentions: dict[tuple[str, float, float], list[tuple[SentencePlaces, PlaceMatch]]] = {}
    admin1: Counter[str | None] = Counter()
    lead_event: tuple[str, float, float] | None = None
    lead_gov: str | None = None
    for unit in doc:
        located = [m for m in unit.found if not m.elsewhere]
        if located and lead_event is None and (unit.event or unit.toll):
            lead_event = _key(located[0])
            lead_gov = _gov(located[0])
        for m in unit.found:
            mentions.setdefault(_key(m), []).append((unit, m))
            admin1[_gov(m)] += 1
    total = sum(admin1.values())
    n = len(mentions)
    out: list[Candidate] = []
    deaths: dict[tuple[int, int], bool] = {}
    for rank, (key, seen) in enumerate(mentions.items()):
        unit, first = seen[0]
        gov = _gov(first)
        features = (
            float(rank == 0),
            rank / (n - 1) if n > 1 else 0.0,
            min(1.0, math.log1p(unit.index + 1) / math.log(50)),
            float(any(u.index == _TITLE for u, _ in seen)),
            min(1.0, math.log1p(len(seen)) / math.log(11)),
            admin1[gov] / total if gov is not None else 0.0,
            float(any(_IN_AT.search(u.text[max(0, m.start - 24) : m.start]) for u, m in seen)),
            float(first.precision is LocationPrecision.NEAR and first.place.kind == "city"),
            float(first.precision is LocationPrecision.ADMIN1),
            float(first.place.kind == "region"),
            min(1.0, math.log10(first.place.population + 1) / 7),
            sum(m.elsewhere for _, m in seen) / len(seen),
            float(any(u.event for u, _ in seen)),
            float(any(u.toll for u, _ in seen)),
            float(key == lead_event),
            float(lead_gov is not None and gov == lead_gov),
            float(any(_death_clause(u, m, deaths) for u, m in seen)),
        )
        out.append(Candidate(first, unit.index, features))
    return out


def _death_clause(
    unit: SentencePlaces, match: PlaceMatch, cache: dict[tuple[int, int], bool]
) -> bool:
    """Whether the clause of ``unit`` that names ``match`` has a word of death ("Clashes in A
    and casualties in B": B's clause)."""
    key = (unit.index, match.start)
    if key not in cache:
        text = unit.text
        left = max((m.end() for m in _CLAUSE.finditer(text, 0, match.start)), default=0)
        found = _CLAUSE.search(text, match.end)
        clause = text[left : found.start() if found else len(text)]
        cache[key] = _DEATH.search(clause) is not None
    return cache[key]


def _gov(match: PlaceMatch) -> str | None:
    place = match.place
    return place.name if place.kind == "admin1" else place.admin1


def feature_matrix(cands: Sequence[Candidate]) -> np.ndarray:
    """The features of ``cands`` as an ``(n, len(FEATURES))`` float array."""
    if not cands:
        return np.zeros((0, len(FEATURES)))
    return np.array([c.features for c in cands], dtype=np.float64)


#: the kinds of text the ranker keeps weights for: an article (a title or several sentences)
#: and a headline (no title, at most two sentences), which name places differently
KINDS: tuple[str, ...] = ("article", "headline")


def kind_of(article: Article, doc: Sequence[SentencePlaces] | None = None) -> str:
    """``headline`` for a text with no title and at most two sentences, else ``article``."""
    if article.title:
        return "article"
    count = len(doc) if doc is not None else sum(1 for _ in sentences(article.text))
    return "headline" if count <= 2 else "article"


@dataclass(frozen=True)
class PlaceRanker:
    """A linear scorer over :data:`FEATURES`, one weight vector per kind of text
    (:data:`KINDS`): a candidate's score is ``features @ weights[kind]``; the scores of one
    text's candidates are a conditional logit (softmax over the candidates)."""

    weights: np.ndarray
    features: tuple[str, ...] = FEATURES
    kinds: tuple[str, ...] = KINDS

    def __post_init__(self) -> None:
        if self.features != FEATURES or self.kinds != KINDS:
            raise SourceError(
                f"the place ranker was trained on features {list(self.features)} for "
                f"{list(self.kinds)}, this code computes {list(FEATURES)} for {list(KINDS)}: "
                "train it again with `python -m trucewatch.text.train_places`"
            )
        if self.weights.shape != (len(KINDS), len(FEATURES)):
            raise SourceError(
                f"the place ranker has {self.weights.shape} weights, not "
                f"{(len(KINDS), len(FEATURES))} (kinds x features)"
            )

    @classmethod
    def load(cls, path: Path) -> PlaceRanker:
        """Read a ranker written by :meth:`save` (an ``.npz`` file)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                weights = np.asarray(data["weights"], dtype=np.float64)
                names = tuple(str(x) for x in data["features"])
                kinds = tuple(str(x) for x in data["kinds"])
        except (OSError, KeyError, ValueError) as exc:
            raise SourceError(f"{path}: not a place-ranker file ({exc})") from exc
        return cls(weights, names, kinds)

    def save(self, path: Path) -> None:
        """Write the weights as an ``.npz`` file (the JSON record is the trainer's)."""
        with open(path, "wb") as stream:
            np.savez(
                stream,
                weights=self.weights,
                features=np.array(self.features),
                kinds=np.array(self.kinds),
            )

    def scores(self, cands: Sequence[Candidate], kind: str = "article") -> np.ndarray:
        """The score of each candidate (higher is likelier the main event's place)."""
        return feature_matrix(cands) @ self.weights[self.kinds.index(kind)]

    def best(self, cands: Sequence[Candidate], kind: str = "article") -> Candidate | None:
        """The candidate with the highest score (the first named among equals), or None."""
        if not cands:
            return None
        return cands[int(np.argmax(self.scores(cands, kind)))]


#: the shipped weights and their record
MODEL_FILE = "place_ranker.npz"
RECORD_FILE = "place_ranker.json"


def model_path() -> Path:
    """Where the shipped weights are (package data ``trucewatch/text/models``)."""
    return Path(str(files("trucewatch.text") / "models" / MODEL_FILE))


@lru_cache(maxsize=1)
def default_ranker() -> PlaceRanker:
    """The shipped ranker (loaded once per process)."""
    return PlaceRanker.load(model_path())


def model_record() -> dict[str, object]:
    """The JSON record beside the shipped weights."""
    path = model_path().with_name(RECORD_FILE)
    result: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return result


def article_place(
    article: Article, gazetteer: Gazetteer | None = None, ranker: PlaceRanker | None = None
) -> PlaceMatch | None:
    """The place of ``article``'s main event: the best-scored of the places it names (title
    included), or None when it names none below the country."""
    gaz = gazetteer or default_gazetteer()
    doc = read_places(article, gaz)
    best = (ranker or default_ranker()).best(candidates(doc), kind_of(article, doc))
    return best.match if best else None


def sentence_place(
    sentence: str,
    found: Sequence[PlaceMatch],
    *,
    event: bool,
    toll: bool,
    ranker: PlaceRanker | None = None,
) -> PlaceMatch | None:
    """The place of one sentence's event when it names two or more places (below the country)
    not named for something else: the best by the ranker's ``headline`` weights (a sentence
    read like a headline), never one named only for something else. None when it names fewer
    than two such places: then the rules decide (:func:`~trucewatch.text.pipeline.main_place`).
    ``event`` and ``toll``: whether the sentence has an event keyword, a death toll."""
    specific = tuple(m for m in found if m.precision is not LocationPrecision.COUNTRY)
    if len({_key(m) for m in specific if not m.elsewhere}) < 2:
        return None
    dateline = DATELINE.match(sentence)
    if dateline is not None:  # where the story was filed, when the sentence names another place
        body = tuple(m for m in specific if m.start >= dateline.end())
        if any(not m.elsewhere for m in body):
            specific = body
            if len({_key(m) for m in specific if not m.elsewhere}) < 2:
                return next(m for m in specific if not m.elsewhere)
    cands = candidates([SentencePlaces(0, sentence, specific, event, toll)])
    scores = (ranker or default_ranker()).scores(cands, "headline")
    elsewhere = FEATURES.index("elsewhere")
    scores[[c.features[elsewhere] == 1.0 for c in cands]] = -np.inf
    return _inside(cands[int(np.argmax(scores))].match, specific)


def _inside(chosen: PlaceMatch, found: Sequence[PlaceMatch]) -> PlaceMatch:
    """A town the sentence names inside the area the chosen name may stand for ("air strikes
    hit Khan Sheikhoun and villages around it in southern Idlib": Khan Sheikhoun, not the
    city of Idlib): when the chosen place bears its governorate's name, the first other place
    of that governorate that does not, else the chosen one. Only when the chosen mention is
    wider than the city ("southern Idlib", "Idlib countryside", "Idlib province")."""
    area = chosen.place.admin1
    if chosen.precision is LocationPrecision.EXACT:  # "Deir ez-Zor city", "Aleppo": the city
        return chosen
    if area is None or norm(chosen.place.name) != norm(area):
        return chosen
    for m in found:
        if m.place.admin1 == area and not m.elsewhere and norm(m.place.name) != norm(area):
            return m
    return chosen
