"""Event types of Arabic text: the multilingual encoder + a logistic-regression head trained on
English CASE 2021 dev snippets, asked to type Arabic translations of held-out snippets.

There is no public Arabic text labelled with event types in ../shared/data (docs/news.md,
"Arabic"), so 30 snippets of the CASE dev file, held out by ``holdout`` (seed 20261207), were
translated into Arabic BY HAND for this check (benchmarks/data/case_dev_ar.tsv; n 30: a rough
figure). The head is trained on the other 450 English snippets, its C chosen by 5-fold
cross-validation inside them (weighted F1); it then types the 30 English originals and their
Arabic translations, and the keyword rules of each language type them too.

    .venv/bin/python benchmarks/arabic_types.py [--vectors case_q.npz]

``--vectors``: the English vectors of the whole dev file (arrays X, y, text in file order, made
with ``default_encoder()``), to skip encoding the 480 English snippets (~30 s).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

from trucewatch.text.arabic.types import classify as classify_arabic
from trucewatch.text.case2021 import CASE_FILE, CASE_TO_TAXONOMY, read_case2021
from trucewatch.text.encoder import default_encoder
from trucewatch.text.splits import DEFAULT_SEED, holdout, kfold
from trucewatch.text.types import classify_text

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared" / "data"
ARABIC = REPO / "benchmarks" / "data" / "case_dev_ar.tsv"
C_GRID = (1.0, 4.0, 16.0, 64.0)


def _head(x: np.ndarray, y: np.ndarray, c: float) -> object:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x, y)


def _choose_c(x: np.ndarray, y: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    scores = {}
    for c in C_GRID:
        pred = np.empty(len(y), dtype=object)
        for fold in kfold(len(y), 5, DEFAULT_SEED)[1]:
            pred[fold.test] = _head(x[fold.train], y[fold.train], c).predict(x[fold.test])  # type: ignore[attr-defined]
        scores[c] = f1_score(y, pred, average="weighted")
    return max(scores, key=lambda c: scores[c])


def _code(label: str | None) -> str:
    return "other" if label is None else CASE_TO_TAXONOMY[label]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=Path, help="English vectors of the dev file (npz)")
    args = parser.parse_args()
    rows = read_case2021(SHARED / CASE_FILE)
    split, fold = holdout(len(rows), 30 / len(rows), DEFAULT_SEED)
    with open(ARABIC, encoding="utf-8", newline="") as stream:
        arabic = list(csv.DictReader(stream, delimiter="\t"))
    held = [int(r["row"]) for r in arabic]
    if held != sorted(int(i) for i in fold.test):
        raise SystemExit(f"{ARABIC}: its rows are not the held-out rows of {split.describe()}")
    labels = np.array([label for _id, _text, label in rows], dtype=object)
    if args.vectors:
        x_en = np.load(args.vectors, allow_pickle=True)["X"]
    else:
        x_en = default_encoder().encode([text for _id, text, _label in rows])
    x_ar = default_encoder().encode([r["arabic_hand_translated"] for r in arabic])
    train = fold.train
    c = _choose_c(x_en[train], labels[train])
    head = _head(x_en[train], labels[train], c)
    gold = labels[held]
    pred_en = head.predict(x_en[held])  # type: ignore[attr-defined]
    pred_ar = head.predict(x_ar)  # type: ignore[attr-defined]
    rules_en = [m.code if (m := classify_text(rows[i][1])) else "other" for i in held]
    rules_ar = [
        m.code if (m := classify_arabic(r["arabic_hand_translated"])) else "other" for r in arabic
    ]
    tax = [_code(g) for g in gold]
    print(f"split: {split.describe()}; C {c:g} chosen by 5-fold CV on the 450 training rows")
    print("hand-translated Arabic snippets, n 30 (a rough figure)")
    print(f"{'':34s} {'English':>8s} {'Arabic':>8s}")
    for name, en, ar in (
        ("e5 + head, 30 labels exact", pred_en == gold, pred_ar == gold),
        (
            "e5 + head, taxonomy code",
            [_code(p) == t for p, t in zip(pred_en, tax, strict=True)],
            [_code(p) == t for p, t in zip(pred_ar, tax, strict=True)],
        ),
        (
            "keyword rules, taxonomy code",
            [p == t for p, t in zip(rules_en, tax, strict=True)],
            [p == t for p, t in zip(rules_ar, tax, strict=True)],
        ),
    ):
        print(f"{name:34s} {np.mean(en):8.3f} {np.mean(ar):8.3f}")
    print(
        f"e5 + head: same label for a snippet and its translation {np.mean(pred_en == pred_ar):.3f}"
    )
    for g, e, a, re_, ra in zip(gold, pred_en, pred_ar, rules_en, rules_ar, strict=True):
        print(f"  {g:30s} head en {e:30s} ar {a:30s} rules en {re_:28s} ar {ra}")


if __name__ == "__main__":
    main()
