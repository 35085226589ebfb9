"""Train the place ranker from public data and write it with its record.

    python -m trucewatch.text.train_places --data-dir ../shared/data \
        --out src/trucewatch/text/models

The ranker (:mod:`trucewatch.text.place_rank`) keeps one weight vector per kind of text:
``article`` weights are fitted on the FA-KES dev articles, ``headline`` weights on the UCDP GED
2016 headlines (:mod:`trucewatch.text.place_data`). The model is a conditional logit: the
probability that candidate *i* of a text is the right place is ``softmax(X @ w)[i]``; ``w``
minimises the negative log-likelihood of the right candidates (their share, when several are
right) plus ``penalty / 2 * |w|²``, by L-BFGS (scipy) from zero, so the same data give the
same weights. Texts with one candidate, or none right or all right, say nothing about the
ranking and are left out of the fit. The penalty is chosen from :data:`PENALTIES` by an inner
grouped cross-validation on the training rows only (:func:`choose_penalty`); the evaluation
(:mod:`trucewatch.text.evaluate`) does the same inside each of its training folds.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import numpy as np

from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.place_data import FILES, READERS, Document, sha256
from trucewatch.text.place_rank import FEATURES, KINDS, MODEL_FILE, RECORD_FILE, PlaceRanker
from trucewatch.text.splits import DEFAULT_SEED, Fold, kfold

__all__ = [
    "DATASET_KIND",
    "INNER_FOLDS",
    "PENALTIES",
    "choose_penalty",
    "cross_validate",
    "fit",
    "main",
    "picks",
    "train",
    "write",
]

#: which weights each training set fits
DATASET_KIND = {"fakes": "article", "ged-headlines": "headline"}
#: the L2 penalties tried (on features scaled to [0, 1]); chosen by inner cross-validation
PENALTIES: tuple[float, ...] = (0.001, 0.01, 0.1)
#: folds of the inner cross-validation that chooses the penalty
INNER_FOLDS = 3


def _pack(docs: Sequence[Document], rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, sizes = [], [], []
    for i in rows:
        doc = docs[int(i)]
        hits = doc.hits
        if len(hits) < 2 or hits.all() or not hits.any():
            continue
        xs.append(doc.features)
        ys.append(hits / hits.sum())
        sizes.append(len(hits))
    if not xs:
        return np.zeros((0, len(FEATURES))), np.zeros(0), np.zeros(0, dtype=np.int64)
    return np.vstack(xs), np.concatenate(ys), np.array(sizes)


def fit(docs: Sequence[Document], rows: np.ndarray, penalty: float) -> np.ndarray:
    """The weights of a conditional logit fitted on ``docs[rows]`` with L2 ``penalty``."""
    from scipy.optimize import minimize  # training only

    x, y, sizes = _pack(docs, rows)
    if not len(sizes):
        return np.zeros(len(FEATURES))
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    owner = np.repeat(np.arange(len(sizes)), sizes)
    share = 1.0 / len(sizes)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = x @ w
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - top[owner])
        z = np.add.reduceat(e, starts)
        p = e / z[owner]
        ll = np.add.reduceat(y * (s - top[owner]), starts) - np.log(z)
        value = -share * ll.sum() + penalty * float(w @ w) / 2
        grad = -share * (x.T @ (y - p)) + penalty * w
        return value, grad

    result = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B")
    return np.asarray(result.x, dtype=np.float64)


def picks(docs: Sequence[Document], rows: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Whether the best-scored candidate of each of ``docs[rows]`` is right (False when a text
    has no candidate)."""
    out = np.zeros(len(rows), dtype=bool)
    for k, i in enumerate(rows):
        doc = docs[int(i)]
        if doc.cands:
            out[k] = bool(doc.hits[int(np.argmax(doc.features @ w))])
    return out


def choose_penalty(docs: Sequence[Document], rows: np.ndarray, seed: int) -> float:
    """The penalty of :data:`PENALTIES` with the best top-1 accuracy in a grouped
    :data:`INNER_FOLDS`-fold cross-validation over ``docs[rows]`` only (ties: the larger)."""
    _, folds = kfold(len(rows), INNER_FOLDS, seed, [docs[int(i)].group for i in rows])
    best, best_hits = PENALTIES[-1], -1
    for penalty in sorted(PENALTIES, reverse=True):
        hits = 0
        for f in folds:
            hits += int(picks(docs, rows[f.test], fit(docs, rows[f.train], penalty)).sum())
        if hits > best_hits:
            best, best_hits = penalty, hits
    return best


def cross_validate(
    docs: Sequence[Document], folds: Sequence[Fold], seed: int
) -> tuple[np.ndarray, list[float]]:
    """Each text scored by a ranker fitted on the other folds (penalty chosen inside them):
    whether its pick is right, and the penalty of each fold."""
    right = np.zeros(len(docs), dtype=bool)
    chosen: list[float] = []
    for fold in folds:
        penalty = choose_penalty(docs, fold.train, seed)
        chosen.append(penalty)
        right[fold.test] = picks(docs, fold.test, fit(docs, fold.train, penalty))
    return right, chosen


def train(data_dir: Path, seed: int = DEFAULT_SEED) -> tuple[PlaceRanker, dict[str, object]]:
    """The ranker fitted on all the training data, and its record (without the file's hash)."""
    gaz = default_gazetteer()
    weights = np.zeros((len(KINDS), len(FEATURES)))
    training: list[dict[str, object]] = []
    chosen: dict[str, float] = {}
    for dataset, kind in DATASET_KIND.items():
        path = Path(data_dir) / FILES[dataset]
        docs = READERS[dataset](Path(data_dir), gaz)
        rows = np.arange(len(docs))
        penalty = choose_penalty(docs, rows, seed)
        weights[KINDS.index(kind)] = fit(docs, rows, penalty)
        chosen[kind] = penalty
        training.append(
            {
                "kind": kind,
                "dataset": dataset,
                "file": FILES[dataset].as_posix(),
                "sha256": sha256(path),
                "texts": len(docs),
                "texts_fitted": len(_pack(docs, rows)[2]),
            }
        )
    record: dict[str, object] = {
        "model": "place_ranker",
        "file": MODEL_FILE,
        "method": "conditional logit over a text's candidate places, L2, L-BFGS from zero",
        "features": list(FEATURES),
        "kinds": list(KINDS),
        "training": training,
        "gazetteer": "embedded (default_gazetteer() with no loaded sources)",
        "encoder": None,
        "seed": seed,
        "hyper_parameters": {
            "penalties_tried": list(PENALTIES),
            "inner_folds": INNER_FOLDS,
            "chosen_penalty": chosen,
            "how_chosen": "grouped inner cross-validation on the training data, top-1 accuracy",
        },
        "code": "python -m trucewatch.text.train_places",
        "trucewatch": version("trucewatch"),
        "trained": datetime.now(UTC).strftime("%Y-%m-%d"),
    }
    return PlaceRanker(weights), record


def write(out_dir: Path, ranker: PlaceRanker, record: dict[str, object]) -> Path:
    """Write ``place_ranker.npz`` (same bytes for the same weights) and its JSON record, with
    the weights file's SHA-256, into ``out_dir``; returns the weights file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / MODEL_FILE
    arrays = {
        "weights": ranker.weights,
        "features": np.array(ranker.features),
        "kinds": np.array(ranker.kinds),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(info, buffer.getvalue())
    full = {**record, "sha256": sha256(path)}
    (out_dir / RECORD_FILE).write_text(json.dumps(full, indent=2) + "\n", encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m trucewatch.text.train_places``: train and write the ranker."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("src/trucewatch/text/models"))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    ranker, record = train(args.data_dir, args.seed)
    path = write(args.out, ranker, record)
    sys.stdout.write(f"wrote {path} and {path.with_name(RECORD_FILE)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
