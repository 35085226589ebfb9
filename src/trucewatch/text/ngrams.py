"""Word n-gram features of a text for the event-type head: the cheap half of its two parts.

Words are runs of two or more letters or digits, lower-cased; the features are the words and
word pairs of a :class:`Vocabulary` (kept by document frequency from the training texts), with
sublinear term frequency (1 + log tf) times a smoothed inverse document frequency, the row
scaled to unit length (what scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2),
sublinear_tf=True)`` computes; written here so the run time needs numpy only).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise

import numpy as np

__all__ = ["Vocabulary", "terms_of"]

_WORD = re.compile(r"\b\w\w+\b")


def terms_of(text: str) -> Counter[str]:
    """The words and word pairs of ``text`` with their counts."""
    words = _WORD.findall(text.lower())
    found = Counter(words)
    found.update(f"{a} {b}" for a, b in pairwise(words))
    return found


class Vocabulary:
    """Terms (words and word pairs) and their inverse document frequencies."""

    def __init__(self, terms: Sequence[str], idf: np.ndarray) -> None:
        if len(terms) != len(idf):
            raise ValueError(f"{len(terms)} terms but {len(idf)} idf values")
        self.terms = tuple(terms)
        self.idf = np.asarray(idf, dtype=np.float32)
        self.index = {t: i for i, t in enumerate(self.terms)}

    @classmethod
    def fit(cls, texts: Iterable[str], max_terms: int, min_df: int = 2) -> Vocabulary:
        """The ``max_terms`` terms found in most of ``texts`` (at least ``min_df`` of them;
        ties by the term), with idf = ln((1 + n) / (1 + df)) + 1."""
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            df.update(terms_of(text).keys())
            n += 1
        kept = sorted((t for t, k in df.items() if k >= min_df), key=lambda t: (-df[t], t))
        kept = sorted(kept[:max_terms])
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float32)
        return cls(kept, idf)

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The (term indices, unit-length weights) of ``text``."""
        pairs = [(self.index[t], k) for t, k in terms_of(text).items() if t in self.index]
        if not pairs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.array([i for i, _ in pairs], dtype=np.int64)
        tf = np.array([1.0 + math.log(k) for _, k in pairs], dtype=np.float32)
        weights = tf * self.idf[idx]
        return idx, weights / np.float32(np.linalg.norm(weights))

    def matrix(self, texts: Sequence[str]) -> object:
        """The features of ``texts`` as a scipy CSR matrix (training only)."""
        from scipy.sparse import csr_matrix

        rows, cols, vals = [], [], []
        for r, text in enumerate(texts):
            idx, w = self.features(text)
            rows.extend([r] * len(idx))
            cols.extend(idx.tolist())
            vals.extend(w.tolist())
        return csr_matrix((vals, (rows, cols)), shape=(len(texts), len(self.terms)))

    def scores(self, texts: Sequence[str], coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
        """(n, labels) linear scores of ``texts`` under ``coef`` (labels × terms)."""
        out = np.tile(np.asarray(intercept, dtype=np.float32), (len(texts), 1))
        for r, text in enumerate(texts):
            idx, w = self.features(text)
            if len(idx):
                out[r] += coef[:, idx].astype(np.float32) @ w
        return out
