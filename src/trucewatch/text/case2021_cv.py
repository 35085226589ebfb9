"""CASE 2021 task 2 cross-validated: the keyword rules and the learned event-type head side by
side on the same seeded folds, as taxonomy macro-F1 and as weighted F1 over the 30 CASE labels
(the shared task's metric), beside the training part's majority class."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from trucewatch.text.case2021 import (
    CASE_TO_TAXONOMY,
    TAXONOMY_TO_CASE,
    macro_f1,
    predict,
    weighted_f1,
)
from trucewatch.text.splits import DEFAULT_FOLDS, DEFAULT_SEED, Split, kfold
from trucewatch.text.train_types import Choice, cross_validate
from trucewatch.text.type_data import encode_cached, read_training_data

__all__ = ["CaseScores", "cross_validate_case2021"]


@dataclass(frozen=True)
class CaseScores:
    """Cross-validated CASE 2021 figures: per metric, the keyword rules, the learned head and
    the majority class of the training part, all on the same seeded folds (``split``);
    ``chosen`` the hyper-parameters picked inside each training part."""

    split: Split
    metrics: dict[str, dict[str, float]]
    chosen: tuple[Choice, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "split": self.split.as_dict(),
            "split_described": self.split.describe(),
            "metrics": self.metrics,
            "chosen": [choice.as_dict() for choice in self.chosen],
        }


def _rules_labels(codes: Sequence[str], train_gold: Sequence[str]) -> dict[str, str]:
    """The CASE label the rules' taxonomy code stands for on the 30-label scale: the most
    common gold label of that code in the training part (the first label when none)."""
    by_code: dict[str, Counter[str]] = {}
    for label in train_gold:
        by_code.setdefault(CASE_TO_TAXONOMY[label], Counter())[label] += 1
    return {
        code: (by_code[code].most_common(1)[0][0] if code in by_code else TAXONOMY_TO_CASE[code][0])
        for code in set(codes)
    }


def cross_validate_case2021(
    data_dir: Path,
    folds: int = DEFAULT_FOLDS,
    seed: int = DEFAULT_SEED,
    *,
    cache_dir: Path | None = None,
    vectors: np.ndarray | None = None,
) -> CaseScores:
    """Taxonomy macro-F1 and weighted F1 over the 30 CASE labels, k-fold cross-validated on
    the CASE dev file under ``data_dir``: the keyword rules, the head (trained on the other
    folds plus the ACLED notes, its hyper-parameters chosen inside those folds,
    :func:`trucewatch.text.train_types.cross_validate`) and the training part's majority
    class, scored on the same folds and pooled over the n out-of-fold predictions.

    The rules give taxonomy codes; on the 30-label scale each code counts as its most common
    label in the training part. ``cache_dir`` keeps the encoder's vectors between runs;
    ``vectors`` (one row per training text) skips the encoder."""
    data = read_training_data(Path(data_dir))
    x = encode_cached(data.texts, cache_dir) if vectors is None else vectors
    gold = [label for label, is_case in zip(data.labels, data.case, strict=True) if is_case]
    texts = [text for text, is_case in zip(data.texts, data.case, strict=True) if is_case]
    model, chosen = cross_validate(x, data, folds, seed)
    split, outer = kfold(len(gold), folds, seed)
    rules_codes = [predict(t) for t in texts]
    rules = [""] * len(gold)
    majority = [""] * len(gold)
    for fold in outer:
        train_gold = [gold[i] for i in fold.train]
        as_label = _rules_labels([rules_codes[i] for i in fold.test], train_gold)
        top = Counter(train_gold).most_common(1)[0][0]
        for i in fold.test:
            rules[i] = as_label[rules_codes[i]]
            majority[i] = top

    def taxonomy(labels: Sequence[str]) -> list[str]:
        return [CASE_TO_TAXONOMY[v] for v in labels]

    n = float(len(gold))
    metrics = {
        "taxonomy_macro_f1": {
            "rules": macro_f1(taxonomy(gold), rules_codes),
            "model": macro_f1(taxonomy(gold), taxonomy(model)),
            "majority": macro_f1(taxonomy(gold), taxonomy(majority)),
            "n": n,
        },
        "weighted_f1_30": {
            "rules": weighted_f1(gold, rules),
            "model": weighted_f1(gold, model),
            "majority": weighted_f1(gold, majority),
            "n": n,
        },
        "accuracy_30": {
            name: sum(g == p for g, p in zip(gold, pred, strict=True)) / n
            for name, pred in (("rules", rules), ("model", model), ("majority", majority))
        }
        | {"n": n},
    }
    rounded = {m: {k: round(v, 4) for k, v in row.items()} for m, row in metrics.items()}
    return CaseScores(split, rounded, tuple(chosen))
