"""A learned act for each sentence that mentions a truce (experiment; not used by the rules).

:func:`~trucewatch.text.statements.find_statements` reads the act of a sentence from cue words
(``lexicon.ACT_PATTERNS``); they read the phrasing they were written from. :class:`ActModel`
learns it instead from the hand-labelled sentences of the dev articles
(``text/labelled/truce_sentences/dev.jsonl``, :func:`load_sentences`): one of
``statement_model.ACTS`` or ``none`` (no new act about a truce). Features, alone or mixed:
``words`` (word and word-pair TF-IDF, :mod:`trucewatch.text.ngrams`), ``chars`` (TF-IDF of the
character 2- to 5-grams of each word, padded by a space: scikit-learn's ``char_wb``, which
reads Arabic prefixes and suffixes) and ``e5`` (multilingual-e5-small sentence vectors,
:mod:`trucewatch.text.encoder`). A multinomial logistic regression is fitted with
scikit-learn; scoring needs numpy only. Arabic letters are folded first
(:func:`~trucewatch.text.arabic.letters.fold`). Scored by grouped cross-validation in
``scripts/act_model_cv.py``; docs/news.md, "Learned sentence acts (experiment)".
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from trucewatch.errors import SourceError
from trucewatch.text.arabic.letters import fold
from trucewatch.text.clean import Article
from trucewatch.text.ngrams import terms_of
from trucewatch.text.statement_model import ACTS

__all__ = [
    "FEATURES",
    "LABELS",
    "ActModel",
    "LabelledSentence",
    "cached_vectors",
    "choose_params",
    "load_sentences",
    "mentions_truce",
    "sentence_units",
    "sentences_path",
    "truce_units",
]

#: what the model predicts: no new act about a truce, or one of the acts
LABELS: tuple[str, ...] = ("none", *ACTS)
#: the feature blocks a model can mix
FEATURES: tuple[str, ...] = ("words", "chars", "e5")

# Words that make a sentence one to label (beyond the rules' own truce words): a truce named
# by another word ("the pause", "the calm", "the deal", "the arrangement"), a breach, an end
# to fighting ("signed an agreement to end more than a week of clashes").
_EN = re.compile(
    r"\b(?:truce|cease-?fire|cease fire|cessation|pauses?|calm|hudna|tahdia|lull|armistice|"
    r"de-?escalation|halt\w*|hostilities|stop\w* (?:the )?fighting|silence|agreements?|"
    r"arrangements?|terms|deal|accord|truces|violat\w*|breach\w*|(?:end|stop|halt)\w* "
    r"(?:to )?(?:the |more than a week of |all )?(?:clashes|fighting|attacks|strikes))\b",
    re.IGNORECASE,
)
_AR = re.compile(
    r"هدن|وقف\s+(?:\S+\s+){0,2}?(?:ال)?(?:[اإ]طلاق|لاطلاق|لإطلاق)\s+النار|"
    r"وقف\s+(?:ال)?(?:قتال|اعمال|أعمال|عمليات)|تهدئ|هدوء|التهدئة|اتفاق|مبادر|خرق|انتهاك"
)


def mentions_truce(text: str, *, arabic: bool) -> bool:
    """Whether a sentence mentions a truce, a deal or a breach (the sentences labelled)."""
    from trucewatch.text.statements import names_truce

    if names_truce(text, arabic=arabic):
        return True
    if arabic:
        return bool(_AR.search(text) or _AR.search(fold(text).text))
    return bool(_EN.search(text))


def sentence_units(article: Article) -> tuple[list[tuple[int, str]], bool]:
    """``(sentence index, text)`` of every sentence of ``article``, split as
    :func:`find_statements` splits them, the whole headline as index -1 (as the sentence labels
    have it); and whether the article is read as Arabic."""
    from trucewatch.text.rule_sets import rules_for
    from trucewatch.text.statements import statement_units

    arabic = rules_for(article).language == "ar"
    out = [(-1, article.title)] if article.title else []
    out += [(i, s) for i, _a, _b, s in statement_units(article, arabic) if i >= 0]
    return out, arabic


def truce_units(article: Article) -> list[tuple[int, str]]:
    """The :func:`sentence_units` of ``article`` that mention a truce."""
    units, arabic = sentence_units(article)
    return [(i, s) for i, s in units if mentions_truce(s, arabic=arabic)]


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """One line of ``truce_sentences/dev.jsonl``."""

    article: str
    sentence: int
    text: str
    act: str
    truce: int | None


def sentences_path(split: str = "dev") -> Path:
    """The shipped label file of ``split``."""
    base = resources.files("trucewatch.text").joinpath("labelled", "truce_sentences")
    return Path(str(base.joinpath(f"{split}.jsonl")))


def load_sentences(path: Path | None = None) -> list[LabelledSentence]:
    """The labelled sentences, each line checked (SourceError names the line)."""
    path = path or sentences_path()
    out: list[LabelledSentence] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path}:{n}"
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(f"{where}: not JSON: {exc}") from None
        if not isinstance(d, dict) or set(d) != {"article", "sentence", "text", "act", "truce"}:
            raise SourceError(f"{where}: expected the keys article, sentence, text, act, truce")
        if d["act"] not in LABELS:
            raise SourceError(f"{where}: act {d['act']!r} is not one of {LABELS}")
        ok_truce = d["truce"] is None or (isinstance(d["truce"], int) and d["truce"] >= 0)
        if not isinstance(d["sentence"], int) or d["sentence"] < -1 or not ok_truce:
            raise SourceError(f"{where}: sentence must be an int >= -1, truce an int or null")
        out.append(LabelledSentence(d["article"], d["sentence"], d["text"], d["act"], d["truce"]))
    return out


def normalise(text: str) -> str:
    """The text the n-gram features read: Arabic letters folded."""
    return fold(text).text


def char_terms(text: str) -> Counter[str]:
    """The character 2- to 5-grams of each word padded by a space (``char_wb``)."""
    found: Counter[str] = Counter()
    for word in re.findall(r"\S+", text.lower()):
        padded = f" {word} "
        for n in range(2, 6):
            found.update(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return found


_TERMS: dict[str, Callable[[str], Counter[str]]] = {"words": terms_of, "chars": char_terms}


@dataclass
class Tfidf:
    """Terms of one analyzer (``words`` or ``chars``) with their smoothed idf; rows are
    sublinear tf × idf scaled to unit length (as scikit-learn's ``TfidfVectorizer``)."""

    analyzer: str
    terms: tuple[str, ...]
    idf: np.ndarray
    index: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.index = {t: i for i, t in enumerate(self.terms)}

    @classmethod
    def fit(cls, analyzer: str, texts: Sequence[str], min_df: int = 2) -> Tfidf:
        df: Counter[str] = Counter()
        for text in texts:
            df.update(_TERMS[analyzer](text).keys())
        kept = sorted(t for t, k in df.items() if k >= min_df)
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float32)
        return cls(analyzer, tuple(kept), idf)

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(term indices, unit-length weights) of ``text``."""
        found = _TERMS[self.analyzer](text).items()
        pairs = [(self.index[t], k) for t, k in found if t in self.index]
        if not pairs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.array([i for i, _ in pairs], dtype=np.int64)
        w = np.array([1.0 + math.log(k) for _, k in pairs], dtype=np.float32) * self.idf[idx]
        return idx, w / np.float32(np.linalg.norm(w))

    def dense(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.terms)), dtype=np.float32)
        for r, text in enumerate(texts):
            idx, w = self.row(text)
            out[r, idx] = w
        return out


@dataclass
class ActModel:
    """A fitted act classifier: per-label weights over its feature blocks."""

    features: tuple[str, ...]
    labels: tuple[str, ...]
    blocks: dict[str, Tfidf]
    coef: np.ndarray  # labels × (block dims..., e5 dims)
    intercept: np.ndarray
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        acts: Sequence[str],
        *,
        features: Sequence[str] = ("words", "e5"),
        vectors: np.ndarray | None = None,
        c: float = 10.0,
        balanced: bool = False,
    ) -> ActModel:
        """Fit on ``texts`` labelled ``acts`` (``vectors``: their e5 rows, else encoded)."""
        from sklearn.linear_model import LogisticRegression

        unknown = [f for f in features if f not in FEATURES] + [a for a in acts if a not in LABELS]
        if unknown or not features:
            raise ValueError(f"unknown features or acts: {unknown or 'none given'}")
        plain = [normalise(t) for t in texts]
        blocks = {f: Tfidf.fit(f, plain) for f in features if f != "e5"}
        x = _design(features, blocks, plain, _vectors(features, texts, vectors))
        labels = tuple(a for a in LABELS if a in set(acts))
        if len(labels) < 2:
            raise ValueError("fitting needs at least two different acts")
        lr = LogisticRegression(C=c, max_iter=2000, class_weight="balanced" if balanced else None)
        lr.fit(x, np.array([labels.index(a) for a in acts]))
        coef, intercept = lr.coef_.astype(np.float32), lr.intercept_.astype(np.float32)
        if len(labels) == 2:  # scikit-learn keeps one row for two classes
            coef, intercept = np.vstack([-coef, coef]) / 2, np.hstack([-intercept, intercept]) / 2
        params = {"c": c, "balanced": balanced}
        return cls(tuple(features), labels, blocks, coef, intercept, params)

    def scores(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """(n, labels) linear scores of ``texts``."""
        plain = [normalise(t) for t in texts]
        x = _design(self.features, self.blocks, plain, _vectors(self.features, texts, vectors))
        return np.asarray(x @ self.coef.T + self.intercept, dtype=np.float32)

    def predict(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> list[str]:
        """The act (or ``none``) of each text."""
        if not len(texts):
            return []
        return [self.labels[i] for i in self.scores(texts, vectors).argmax(axis=1)]


def _vectors(
    features: Sequence[str], texts: Sequence[str], vectors: np.ndarray | None
) -> np.ndarray | None:
    if "e5" not in features:
        return None
    if vectors is None:
        from trucewatch.text.encoder import default_encoder

        vectors = default_encoder().encode(list(texts))
    if len(vectors) != len(texts):
        raise ValueError(f"{len(vectors)} vectors for {len(texts)} texts")
    return np.asarray(vectors, dtype=np.float32)


def _design(
    features: Sequence[str], blocks: dict[str, Tfidf], plain: Sequence[str], vec: Any
) -> np.ndarray:
    """Each block is unit length per row, so no block outweighs another by scale."""
    parts = [blocks[f].dense(plain) if f != "e5" else vec for f in features]
    return np.hstack(parts).astype(np.float32)


def cached_vectors(texts: Sequence[str], path: Path) -> np.ndarray:
    """e5 vectors of ``texts``, read from (and added to) the ``.npz`` cache at ``path``."""
    keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
    cache: dict[str, Any] = {}
    if path.is_file():
        with np.load(path) as stored:
            cache = {k: stored[k] for k in stored.files}
    missing = list(dict.fromkeys(k for k in keys if k not in cache))
    if missing:
        from trucewatch.text.encoder import default_encoder

        text_of = dict(zip(keys, texts, strict=True))
        rows = default_encoder().encode([text_of[k] for k in missing])
        cache.update(zip(missing, rows, strict=True))
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, **cache)
    return np.stack([cache[k] for k in keys]).astype(np.float32)


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Mean F1 over the labels found in ``gold``."""
    f1s = []
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        n_pred, n_gold = sum(p == label for p in pred), sum(g == label for g in gold)
        f1s.append(2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0)
    return float(np.mean(f1s)) if f1s else 0.0


#: the hyper-parameters tried in the training folds
GRID: tuple[dict[str, Any], ...] = tuple(
    {"c": c, "balanced": b} for c in (1.0, 10.0, 100.0) for b in (False, True)
)


def choose_params(
    texts: Sequence[str],
    acts: Sequence[str],
    groups: Sequence[str],
    *,
    features: Sequence[str],
    vectors: np.ndarray | None,
    folds: int = 3,
    seed: int = 20261207,
) -> dict[str, Any]:
    """The ``GRID`` entry with the best macro-F1 by grouped ``folds``-fold cross-validation
    over these (training) rows only; ties go to the first."""
    from trucewatch.text.splits import kfold

    _, inner = kfold(len(texts), folds, seed, groups=list(groups))
    best, best_f1 = GRID[0], -1.0
    for params in GRID:
        pred = [""] * len(texts)
        for fold_ in inner:
            tr, te = fold_.train, fold_.test
            sub = vectors[tr] if vectors is not None else None
            model = ActModel.fit(
                [texts[i] for i in tr], [acts[i] for i in tr], features=features, vectors=sub,
                **params,
            )  # fmt: skip
            got = model.predict([texts[i] for i in te], None if vectors is None else vectors[te])
            for i, p in zip(te, got, strict=True):
                pred[i] = p
        score = macro_f1(acts, pred)
        if score > best_f1:
            best, best_f1 = params, score
    return dict(best)
