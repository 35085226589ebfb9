"""CASE 2021 task 2 (fine-grained event classification): our event typing scored on its snippets.

The task labels 1–3-sentence news snippets with 25 ACLED sub-event types plus five "unseen"
types (Haneczok et al., *Fine-grained Event Classification in News-like Text Snippets*, CASE
2021). Our taxonomy is coarser, so each CASE label is mapped to one taxonomy code
(:data:`CASE_TO_TAXONOMY`, the same map as ACLED's sub-event types in docs/event-model.md; the
unseen types, which ACLED does not code, become ``other``) and :func:`evaluate_case2021` scores
:func:`trucewatch.text.types.classify_text` on the mapped gold labels: macro-F1 over the
taxonomy codes that occur as gold or prediction, beside the majority-class baseline.

Nothing is learned from the file by :func:`evaluate_case2021`, but the keyword rules of
``text/types.py`` were written while looking at this development file, so its score is
optimistic. :func:`cross_validate_case2021` scores the rules and the learned head
(:mod:`trucewatch.text.type_model`) side by side on the same seeded k folds, as taxonomy
macro-F1 and as weighted F1 over the 30 CASE labels (the shared task's metric).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from trucewatch.errors import SourceError
from trucewatch.model.taxonomy import is_event_type
from trucewatch.text.splits import DEFAULT_FOLDS, DEFAULT_SEED, Split, kfold
from trucewatch.text.types import classify_text

__all__ = [
    "CASE_FILE",
    "CASE_TO_TAXONOMY",
    "TAXONOMY_TO_CASE",
    "CaseScores",
    "cross_validate_case2021",
    "evaluate_case2021",
    "macro_f1",
    "read_case2021",
    "weighted_f1",
]

#: where the dev file sits under a data directory laid out like ``../shared/data``
CASE_FILE = Path("case2021_task2_event_classification") / "case2021_task2_dev.tsv"

#: CASE 2021 task 2 label -> taxonomy code (ACLED sub-event types as in docs/event-model.md)
CASE_TO_TAXONOMY: dict[str, str] = {
    "ABDUCT_DISSAP": "civilians.abduction",
    "AGREEMENT": "strategic.agreement",
    "AIR_STRIKE": "remote.airstrike",
    "ARMED_CLASH": "battle.armed_clash",
    "ARREST": "strategic.arrest",
    "ART_MISS_ATTACK": "remote.shelling",
    "ATTACK": "civilians.attack",
    "CHANGE_TO_GROUP_ACT": "strategic.other",
    "CHEM_WEAP": "remote.chemical",
    "DISR_WEAP": "strategic.other",
    "FORCE_AGAINST_PROTEST": "unrest.protest",
    "GOV_REGAINS_TERIT": "battle.territory_change",
    "GRENADE": "remote.grenade",
    "HQ_ESTABLISHED": "strategic.other",
    "MOB_VIOL": "unrest.riot",
    "NON_STATE_ACTOR_OVERTAKES_TER": "battle.territory_change",
    "NON_VIOL_TERRIT_TRANSFER": "strategic.other",
    "OTHER": "strategic.other",
    "PEACE_PROTEST": "unrest.protest",
    "PROPERTY_DISTRUCT": "strategic.other",
    "PROTEST_WITH_INTER": "unrest.protest",
    "REM_EXPLOS": "remote.bombing",
    "SEX_VIOL": "civilians.sexual_violence",
    "SUIC_BOMB": "remote.bombing",
    "VIOL_DEMONSTR": "unrest.riot",
    # "unseen" types, outside ACLED and outside our taxonomy
    "ORG_CRIME": "other",
    "NATURAL_DISASTER": "other",
    "MAN_MADE_DISASTER": "other",
    "DIPLO": "other",
    "ATTRIB": "other",
}

#: taxonomy code -> the CASE labels it covers (the inverse of :data:`CASE_TO_TAXONOMY`)
TAXONOMY_TO_CASE: dict[str, tuple[str, ...]] = {
    code: tuple(sorted(label for label, c in CASE_TO_TAXONOMY.items() if c == code))
    for code in dict.fromkeys(CASE_TO_TAXONOMY.values())
}


def read_case2021(path: Path) -> list[tuple[str, str, str]]:
    """``(id, snippet, label)`` rows of a CASE 2021 task 2 TSV (``id``, ``EventSnippet``,
    ``SubType``; tab-separated, no quoting). Unknown labels and short rows are errors."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader, None)
            if header is None or [h.strip() for h in header[:3]] != [
                "id",
                "EventSnippet",
                "SubType",
            ]:
                raise SourceError(
                    f"{path}: header {header!r} is not 'id<TAB>EventSnippet<TAB>SubType'"
                )
            rows: list[tuple[str, str, str]] = []
            for line, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) < 3:
                    raise SourceError(f"line {line} of {path}: {len(row)} column(s), expected 3")
                label = row[-1].strip()
                if label not in CASE_TO_TAXONOMY:
                    raise SourceError(
                        f"line {line} of {path}: SubType {label!r} is not a CASE 2021 task 2 "
                        f"label (allowed: {', '.join(sorted(CASE_TO_TAXONOMY))})"
                    )
                rows.append((row[0].strip(), "\t".join(row[1:-1]), label))
    except OSError as exc:
        raise SourceError(f"{path}: cannot read the CASE 2021 file: {exc}") from exc
    return rows


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean F1 over every class that occurs in ``gold`` or ``predicted`` (as
    scikit-learn's ``f1_score(average="macro")``; a class never predicted scores 0)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    classes: Iterable[str] = sorted(set(gold) | set(predicted))
    scores = []
    for c in classes:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == c and p != c)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def weighted_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """F1 per gold class weighted by its support (as scikit-learn's ``f1_score(average=
    "weighted")``, the CASE 2021 task 2 metric over its 30 labels)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    support = Counter(gold)
    total = 0.0
    for c, n in support.items():
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != c and p == c)
        total += n * (2 * tp / (2 * tp + fp + (n - tp)) if tp else 0.0)
    return total / len(gold) if gold else 0.0


def predict(snippet: str) -> str:
    """The taxonomy code our rules give a snippet (``other`` when no rule fires)."""
    match = classify_text(snippet)
    return match.code if match else "other"


def evaluate_case2021(data_dir: Path) -> dict[str, dict[str, float]]:
    """Event-type macro-F1 and accuracy of our rules on the CASE 2021 task 2 dev file under
    ``data_dir``, gold labels mapped to the taxonomy, beside the majority-class baseline:
    ``{"event_type_macro_f1": {"system", "baseline", "n"}, "event_type_accuracy": {...}}``."""
    rows = read_case2021(Path(data_dir) / CASE_FILE)
    if not rows:
        raise SourceError(f"{Path(data_dir) / CASE_FILE}: no snippets")
    gold = [CASE_TO_TAXONOMY[label] for _id, _text, label in rows]
    system = [predict(text) for _id, text, _label in rows]
    assert all(is_event_type(code) for code in system)
    majority = Counter(gold).most_common(1)[0][0]
    baseline = [majority] * len(gold)
    n = float(len(gold))

    def accuracy(pred: list[str]) -> float:
        return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)

    return {
        "event_type_macro_f1": {
            "system": round(macro_f1(gold, system), 4),
            "baseline": round(macro_f1(gold, baseline), 4),
            "n": n,
        },
        "event_type_accuracy": {
            "system": round(accuracy(system), 4),
            "baseline": round(accuracy(baseline), 4),
            "n": n,
        },
    }


@dataclass(frozen=True)
class CaseScores:
    """Cross-validated CASE 2021 figures: per metric, the keyword rules, the learned head and
    the majority class of the training part, all on the same seeded folds (``split``);
    ``chosen`` the (C, ACLED weight, n-gram mix) picked inside each training part."""

    split: Split
    metrics: dict[str, dict[str, float]]
    chosen: tuple[tuple[float, float, float], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "split": self.split.as_dict(),
            "split_described": self.split.describe(),
            "metrics": self.metrics,
            "chosen": [{"C": c, "acled_weight": w, "mix": m} for c, w, m in self.chosen],
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
    from trucewatch.text.train_types import cross_validate, encode_cached, read_training_data

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
