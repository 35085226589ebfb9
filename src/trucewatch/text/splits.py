"""Seeded, recorded splits for every score the project reports on annotated data.

A learned part (the event-type head, the place ranker) or a rule change is scored on data it
was not fitted to: k-fold cross-validation (``kfold``) or a fixed train/test split
(``holdout``), both drawn from a seed and returned with a ``Split`` record that the report
prints, so anyone can draw the same folds again. Rules or hyper-parameters are chosen inside
the training part only (nested when needed); the test fold is read once, to score.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from trucewatch.errors import ValidationError

__all__ = ["DEFAULT_FOLDS", "DEFAULT_SEED", "Fold", "Split", "holdout", "kfold"]

#: the seed every evaluation uses unless told otherwise (recorded with each figure)
DEFAULT_SEED = 20261207
#: folds of the cross-validation unless told otherwise
DEFAULT_FOLDS = 5


@dataclass(frozen=True, slots=True)
class Fold:
    """One fold: the row positions fitted on and the row positions scored."""

    train: np.ndarray
    test: np.ndarray


@dataclass(frozen=True, slots=True)
class Split:
    """How the rows were split: ``method`` ("kfold" or "holdout"), ``folds`` (k, or 1 for a
    holdout), ``seed``, ``n`` rows, ``grouped`` (rows of one group always fall on one side),
    and ``test_share`` for a holdout."""

    method: str
    folds: int
    seed: int
    n: int
    grouped: bool = False
    test_share: float | None = None

    def __post_init__(self) -> None:
        if self.method not in ("kfold", "holdout"):
            raise ValidationError(f"split method must be kfold or holdout, not {self.method!r}")
        if self.n < 2 or self.folds < 1:
            raise ValidationError(f"a split needs at least 2 rows and 1 fold (n={self.n})")

    def describe(self) -> str:
        """One line for a report: "5-fold cross-validation, seed 20261207, n 480"."""
        group = ", grouped" if self.grouped else ""
        if self.method == "kfold":
            return f"{self.folds}-fold cross-validation{group}, seed {self.seed}, n {self.n}"
        share = self.test_share or 0.0
        return f"train/test split ({share:.0%} held out{group}), seed {self.seed}, n {self.n}"

    def as_dict(self) -> dict[str, object]:
        """The record kept beside a figure (JSON-ready)."""
        return {
            "method": self.method,
            "folds": self.folds,
            "seed": self.seed,
            "n": self.n,
            "grouped": self.grouped,
            "test_share": self.test_share,
        }


def _group_ids(n: int, groups: Sequence[Hashable] | None) -> np.ndarray:
    if groups is None:
        return np.arange(n)
    if len(groups) != n:
        raise ValidationError(f"{len(groups)} group labels for {n} rows")
    index: dict[Hashable, int] = {}
    return np.array([index.setdefault(g, len(index)) for g in groups])


def kfold(
    n: int,
    k: int = DEFAULT_FOLDS,
    seed: int = DEFAULT_SEED,
    groups: Sequence[Hashable] | None = None,
) -> tuple[Split, list[Fold]]:
    """``k`` folds over ``n`` rows, shuffled by ``seed``; with ``groups``, all rows of a group
    (an article, a headline) fall in the same fold. Every row is scored exactly once."""
    if k < 2:
        raise ValidationError(f"cross-validation needs at least 2 folds, not {k}")
    ids = _group_ids(n, groups)
    unique = np.unique(ids)
    if len(unique) < k:
        raise ValidationError(f"{len(unique)} rows or groups cannot fill {k} folds")
    order = np.random.default_rng(seed).permutation(unique)
    fold_of_group = np.empty(int(unique.max()) + 1, dtype=np.int64)
    fold_of_group[order] = np.arange(len(order)) % k
    fold_of_row = fold_of_group[ids]
    folds = [
        Fold(train=np.flatnonzero(fold_of_row != f), test=np.flatnonzero(fold_of_row == f))
        for f in range(k)
    ]
    return Split("kfold", k, seed, n, grouped=groups is not None), folds


def holdout(
    n: int,
    test_share: float = 0.3,
    seed: int = DEFAULT_SEED,
    groups: Sequence[Hashable] | None = None,
) -> tuple[Split, Fold]:
    """One train/test split with ``test_share`` of the rows (or groups) held out by ``seed``."""
    if not 0.0 < test_share < 1.0:
        raise ValidationError(f"test_share must be between 0 and 1, not {test_share}")
    ids = _group_ids(n, groups)
    unique = np.unique(ids)
    order = np.random.default_rng(seed).permutation(unique)
    n_test = max(1, round(len(unique) * test_share))
    held = np.zeros(int(unique.max()) + 1, dtype=bool)
    held[order[:n_test]] = True
    test_rows = held[ids]
    split = Split("holdout", 1, seed, n, grouped=groups is not None, test_share=test_share)
    return split, Fold(train=np.flatnonzero(~test_rows), test=np.flatnonzero(test_rows))
