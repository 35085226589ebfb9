"""Word and character n-gram features of a text for the event-type head: its cheap part.

Two blocks of terms, each weighted by sublinear term frequency (1 + log tf) times a smoothed
inverse document frequency and scaled to unit length:

* words (runs of two or more letters or digits, lower-cased) and word pairs;
* optionally, character n-grams of 2 to 5 characters inside each word padded with a space at
  both ends (a word shorter than n gives itself once), which read spelling variants, Arabic
  clitics and inflections that whole words miss.

With both blocks the row is their concatenation divided by √2, so it has unit length too.
This is what scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)`` and
``TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)`` compute, side
by side, except that the terms kept are those found in most texts; written here so the run
time needs numpy only. Character terms are stored with a leading tab (no word holds one).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise

import numpy as np

__all__ = ["CHAR_SIZES", "Vocabulary", "char_terms_of", "terms_of"]

_WORD = re.compile(r"\b\w\w+\b")
#: the smallest and largest character n-gram
CHAR_SIZES = (2, 5)
#: marks a character term (white space never occurs inside a word's n-grams but at its ends)
_CHAR = "\t"


def terms_of(text: str) -> Counter[str]:
    """The words and word pairs of ``text`` with their counts."""
    words = _WORD.findall(text.lower())
    found = Counter(words)
    found.update(f"{a} {b}" for a, b in pairwise(words))
    return found


def char_terms_of(text: str) -> Counter[str]:
    """The character n-grams (:data:`CHAR_SIZES`) of each space-padded word of ``text``, with
    their counts, each marked as a character term."""
    low, high = CHAR_SIZES
    found: Counter[str] = Counter()
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:
                found[_CHAR + padded] += 1
                break
            found.update(_CHAR + padded[i : i + n] for i in range(len(padded) - n + 1))
    return found


def _kept(df: Counter[str], max_terms: int, min_df: int) -> list[str]:
    kept = sorted((t for t, k in df.items() if k >= min_df), key=lambda t: (-df[t], t))
    return kept[:max_terms]


class Vocabulary:
    """Terms (words and word pairs; character n-grams when any term is one) and their inverse
    document frequencies."""

    def __init__(self, terms: Sequence[str], idf: np.ndarray) -> None:
        if len(terms) != len(idf):
            raise ValueError(f"{len(terms)} terms but {len(idf)} idf values")
        self.terms = tuple(terms)
        self.idf = np.asarray(idf, dtype=np.float32)
        self.index = {t: i for i, t in enumerate(self.terms)}
        self.is_char = np.array([t.startswith(_CHAR) for t in self.terms], dtype=bool)
        self.chars = bool(self.is_char.any())

    @classmethod
    def fit(
        cls, texts: Iterable[str], max_terms: int, min_df: int = 2, *, max_chars: int = 0
    ) -> Vocabulary:
        """The ``max_terms`` words and pairs (and, when ``max_chars`` > 0, the ``max_chars``
        character n-grams) found in most of ``texts``, at least ``min_df`` of them, ties by
        the term; idf = ln((1 + n) / (1 + df)) + 1."""
        words: Counter[str] = Counter()
        chars: Counter[str] = Counter()
        n = 0
        for text in texts:
            words.update(terms_of(text).keys())
            if max_chars > 0:
                chars.update(char_terms_of(text).keys())
            n += 1
        kept = sorted(_kept(words, max_terms, min_df) + _kept(chars, max_chars, min_df))
        df = words | chars
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float32)
        return cls(kept, idf)

    def _counts(self, text: str) -> Counter[str]:
        found = terms_of(text)
        if self.chars:
            found.update(char_terms_of(text))
        return found

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The (term indices, weights) of ``text``: each block of unit length, the two blocks
        together divided by √2."""
        pairs = [(self.index[t], k) for t, k in self._counts(text).items() if t in self.index]
        if not pairs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.array([i for i, _ in pairs], dtype=np.int64)
        tf = np.array([1.0 + math.log(k) for _, k in pairs], dtype=np.float32)
        weights = tf * self.idf[idx]
        if not self.chars:
            return idx, weights / np.float32(np.linalg.norm(weights))
        is_char = self.is_char[idx]
        for block in (is_char, ~is_char):
            norm = np.linalg.norm(weights[block])
            if norm > 0:
                weights[block] /= np.float32(norm * math.sqrt(2.0))
        return idx, weights

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
