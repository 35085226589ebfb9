"""Re-training the event-type head end to end, cheaply enough to run every time: the training
module (:mod:`trucewatch.text.train_types`) on a seeded sample of the shared data written as
files of the same layout (150 CASE 2021 snippets, 150 ACLED notes), its files read back by the
runtime head, compared with scikit-learn fitted on the same vectors.

The vectors are not the encoder's (encoding 300 texts takes minutes on a loaded 2-core machine):
a seeded random projection of the texts' hashed word n-grams to 384 dimensions, unit length as
the encoder's are. What is tested is the training path (reading, choosing the hyper-parameters,
fitting, writing, the record), for any vectors; the shipped head on the encoder's vectors is
tested in test_type_model.py (and re-trained from all the data there with
TRUCEWATCH_RETRAIN=1)."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import trucewatch.text.train_types as train_types
from trucewatch.text.case2021 import CASE_FILE, read_case2021
from trucewatch.text.ngrams import Vocabulary
from trucewatch.text.train_types import (
    CHARS,
    CLASS_POWERS,
    GRID,
    MAX_CHARS,
    MAX_TERMS,
    MIXES,
    NGRAM_C,
    Choice,
    fit_head,
    train,
)
from trucewatch.text.type_data import ACLED_GLOB, TrainingData, read_training_data
from trucewatch.text.type_model import MODEL_FILE, RECORD_FILE, TypeHead

SEED = 20261207
PER_SOURCE = 150
ACLED_FILE = "acled_sample/acled_global_sample.csv"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_sample(shared_data: Path, out: Path) -> None:
    """``PER_SOURCE`` CASE rows and ``PER_SOURCE`` ACLED rows with notes, drawn with ``SEED``,
    written under ``out`` as the shared data lays them out."""
    case_path = shared_data / CASE_FILE
    acled_paths = sorted(shared_data.glob(ACLED_GLOB))
    if not case_path.is_file() or not acled_paths:
        pytest.skip(f"{case_path} or {shared_data / ACLED_GLOB} is absent")
    rng = np.random.default_rng(SEED)
    rows = read_case2021(case_path)
    (out / CASE_FILE).parent.mkdir(parents=True)
    lines = ["id\tEventSnippet\tSubType"] + [
        "\t".join(rows[i]) for i in sorted(rng.choice(len(rows), PER_SOURCE, replace=False))
    ]
    (out / CASE_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with acled_paths[0].open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or ())
        noted = [r for r in reader if (r.get("notes") or "").strip()]
    (out / ACLED_FILE).parent.mkdir(parents=True)
    with (out / ACLED_FILE).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields)
        writer.writeheader()
        writer.writerows(
            noted[i] for i in sorted(rng.choice(len(noted), PER_SOURCE, replace=False))
        )


def _vectors(texts: tuple[str, ...]) -> np.ndarray:
    """(n, 384) unit vectors of ``texts``: hashed word uni- and bigrams, seeded projection."""
    from sklearn.feature_extraction.text import HashingVectorizer

    counts = HashingVectorizer(n_features=2**12, ngram_range=(1, 2)).transform(texts)
    projection = np.random.default_rng(SEED).normal(size=(2**12, 384))
    vectors = np.asarray(counts @ projection, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def trained(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path, TrainingData, np.ndarray, dict[str, Any]]:
    data_dir = tmp_path_factory.mktemp("type-sample")
    _write_sample(shared_data, data_dir)
    data = read_training_data(data_dir)
    vectors = _vectors(data.texts)
    out = tmp_path_factory.mktemp("type-head")
    record = train(data_dir, out, seed=SEED, vectors=vectors)
    return data_dir, out, data, vectors, record


def test_training_sample_holds_the_case_rows_then_the_acled_notes(
    trained: tuple[Path, Path, TrainingData, np.ndarray, dict[str, Any]],
) -> None:
    _data_dir, _out, data, vectors, _record = trained
    assert len(data.texts) == 2 * PER_SOURCE == len(vectors)
    assert data.case[:PER_SOURCE].all() and not data.case[PER_SOURCE:].any()


def test_retrained_head_files_load_with_the_runtime_head_and_their_record(
    trained: tuple[Path, Path, TrainingData, np.ndarray, dict[str, Any]],
) -> None:
    data_dir, out, _data, _vectors, record = trained
    head = TypeHead.load(out / MODEL_FILE, out / RECORD_FILE)
    assert head.record == record == json.loads((out / RECORD_FILE).read_text(encoding="utf-8"))
    assert record["model_sha256"] == _sha256(out / MODEL_FILE)
    assert record["code_sha256"] == _sha256(Path(train_types.__file__))
    assert record["training_files"] == [
        {"path": CASE_FILE.as_posix(), "sha256": _sha256(data_dir / CASE_FILE), "rows": PER_SOURCE},
        {"path": ACLED_FILE, "sha256": _sha256(data_dir / ACLED_FILE), "rows": PER_SOURCE},
    ]
    assert record["seed"] == SEED and record["labels"] == list(head.labels)
    chosen = record["hyper_parameters"]
    assert (chosen["C"], chosen["acled_weight"]) in GRID and chosen["mix"] in MIXES
    assert chosen["chars"] in CHARS and chosen["class_power"] in CLASS_POWERS
    assert chosen["class_weight"] == f"balanced ** {chosen['class_power']:g}"
    if chosen["mix"] > 0:
        assert head.vocabulary is not None and head.vocabulary.chars == chosen["chars"]
    assert head.mix == pytest.approx(chosen["mix"]) and head.dim == 384
    assert (out / MODEL_FILE).stat().st_size < 1_000_000


def _sklearn_labels(data: TrainingData, vectors: np.ndarray, hyper: dict[str, Any]) -> list[str]:
    """The labels scikit-learn's logistic regressions give the training rows when fitted on
    them with the recorded hyper-parameters: balanced class weights raised to
    ``class_power``, ACLED rows weighted ``acled_weight``, the n-gram part's probabilities
    mixed in with weight ``mix``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.utils.class_weight import compute_sample_weight

    y = np.asarray(data.labels)
    balanced = compute_sample_weight("balanced", y) ** hyper["class_power"]
    weight = balanced * np.where(data.case, 1.0, hyper["acled_weight"])
    model = LogisticRegression(C=hyper["C"], max_iter=3000)
    probs = model.fit(vectors.astype(np.float64), y, sample_weight=weight).predict_proba(vectors)
    if hyper["mix"] > 0:
        max_chars = MAX_CHARS if hyper["chars"] else 0
        vocabulary = Vocabulary.fit(data.texts, MAX_TERMS, max_chars=max_chars)
        words = LogisticRegression(C=NGRAM_C, max_iter=3000)
        x = vocabulary.matrix(data.texts)
        ngram = words.fit(x, y, sample_weight=weight).predict_proba(x)
        assert list(words.classes_) == list(model.classes_)
        probs = (1 - hyper["mix"]) * probs + hyper["mix"] * ngram
    return [str(model.classes_[k]) for k in probs.argmax(axis=1)]


def test_retrained_head_predicts_as_scikit_learn_fitted_on_the_same_vectors(
    trained: tuple[Path, Path, TrainingData, np.ndarray, dict[str, Any]],
) -> None:
    _data_dir, out, data, vectors, record = trained
    head = TypeHead.load(out / MODEL_FILE)
    got = [p.label for p in head.predict(vectors, list(data.texts))]
    expected = _sklearn_labels(data, vectors, record["hyper_parameters"])
    agree = sum(a == b for a, b in zip(got, expected, strict=True))
    assert agree >= 0.99 * len(got), (agree, len(got))
    # in-sample, a check of the fit (not a score): most training rows get their own label
    assert sum(a == b for a, b in zip(got, data.labels, strict=True)) >= 0.8 * len(got)


def test_square_root_class_weights_fit_as_scikit_learn_with_those_weights(
    trained: tuple[Path, Path, TrainingData, np.ndarray, dict[str, Any]],
) -> None:
    _data_dir, _out, data, vectors, _record = trained
    choices = {power: Choice(32.0, 0.25, 0.5, True, power) for power in CLASS_POWERS}
    got = {
        power: [
            p.label
            for p in fit_head(vectors, data.texts, data.labels, data.case, choice).predict(
                vectors, list(data.texts)
            )
        ]
        for power, choice in choices.items()
    }
    for power, choice in choices.items():
        expected = _sklearn_labels(data, vectors, choice.as_dict())
        agree = sum(a == b for a, b in zip(got[power], expected, strict=True))
        assert agree >= 0.99 * len(expected), (power, agree)
    # the rare labels weigh less under the square root: the most common label is given at
    # least as often
    top = max(set(data.labels), key=data.labels.count)
    assert got[0.5].count(top) >= got[1.0].count(top)
