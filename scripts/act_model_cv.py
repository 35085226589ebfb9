"""Sentence acts: the rules against learned classifiers, by grouped cross-validation on dev.

Reads the hand-labelled sentences of the dev truce articles
(``text/labelled/truce_sentences/dev.jsonl``; never ``held/``), and prints, per method, the
accuracy and macro-F1 of the act (``none`` included) on all of dev, English, Arabic, batches
1-4 (the rules were written from them) and batch 5 (the rules never saw it):

- ``majority``: the most frequent act of the training folds;
- ``rules``: the act of the ``Statement`` that ``find_statements`` gives for the sentence's
  index (the first, for a headline cut in two), ``none`` when it gives none;
- learned variants (``act_model.ActModel``) over words, chars, e5 and mixes; C and class
  weights chosen by a grouped 3-fold cross-validation inside each training fold;
- ``e5+rules``: e5 vectors with the rules' act as one-hot features (a hybrid; on batches 1-4
  the rules read the text they were written from, so only its batch-5 figure is fair).

Folds are grouped by article (``splits.kfold``), seeded (``--seed``, recorded in the output).
``--seeds`` repeats the learned variants over more seeds (mean and spread of accuracy). e5
vectors are cached in ``--cache`` (default /tmp). One BLAS thread.

    .venv/bin/python scripts/act_model_cv.py [--seed 20261207] [--folds 5] [--seeds 1,2,3]
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.packs import shipped_packs
from trucewatch.text.splits import DEFAULT_SEED, kfold
from trucewatch.text.statement_set import load_set
from trucewatch.text.statements import find_statements
from trucewatch.text.statements.act_filter import hybrid_design, rules_act_by_sentence
from trucewatch.text.statements.act_model import (
    LABELS,
    ActModel,
    cached_vectors,
    choose_params,
    load_sentences,
    macro_f1,
)

VARIANTS: dict[str, tuple[str, ...]] = {
    "words": ("words",),
    "chars": ("chars",),
    "e5": ("e5",),
    "words+e5": ("words", "e5"),  # the primary variant, named before any figure was seen
    "chars+e5": ("chars", "e5"),
    "words+chars+e5": ("words", "chars", "e5"),
    "e5+rules": ("e5",),  # the rules' act joined to the e5 block
}
PRIMARY = "words+e5"


def rules_acts(ids: set[str]) -> dict[tuple[str, int], str]:
    """The rules' act of each (article, sentence index) they make a statement of."""
    packs = set(shipped_packs())
    out: dict[tuple[str, int], str] = {}
    for item in load_set("dev"):
        if item.id not in ids:
            continue
        known = item.conflict in packs
        gaz = default_gazetteer(countries=(item.conflict,) if known else ("SY",))
        found = find_statements(item.article, gaz, country=item.conflict)
        out.update({(item.id, i): a for i, a in rules_act_by_sentence(found).items()})
    return out


def cross_validate(
    texts: list[str],
    acts: list[str],
    groups: list[str],
    features: tuple[str, ...],
    vectors: np.ndarray,
    folds: int,
    seed: int,
) -> tuple[list[str], list[dict[str, object]]]:
    """Out-of-fold predictions and the parameters chosen in each training fold."""
    _, outer = kfold(len(texts), folds, seed, groups=groups)
    pred = [""] * len(texts)
    chosen: list[dict[str, object]] = []
    for fold in outer:
        tr, te = fold.train, fold.test
        t_texts, t_acts = [texts[i] for i in tr], [acts[i] for i in tr]
        params = choose_params(
            t_texts, t_acts, [groups[i] for i in tr], features=features,
            vectors=vectors[tr], seed=seed,
        )  # fmt: skip
        model = ActModel.fit(t_texts, t_acts, features=features, vectors=vectors[tr], **params)  # type: ignore[arg-type]
        for i, p in zip(te, model.predict([texts[i] for i in te], vectors[te]), strict=True):
            pred[i] = p
        chosen.append(params)
    return pred, chosen


def learning_point(
    texts: list[str],
    acts: list[str],
    groups: list[str],
    vectors: np.ndarray,
    share: float,
    folds: int,
    seed: int,
) -> list[str]:
    """Out-of-fold predictions of an e5 model fitted on ``share`` of each training fold's
    articles (drawn by ``seed``), its parameters chosen inside that part."""
    _, outer = kfold(len(texts), folds, seed, groups=groups)
    rng = np.random.default_rng(seed)
    pred = [""] * len(texts)
    for fold in outer:
        arts = sorted({groups[i] for i in fold.train})
        keep = set(rng.permutation(arts)[: max(3, round(share * len(arts)))].tolist())
        tr = np.array([i for i in fold.train if groups[i] in keep])
        t_texts, t_acts = [texts[i] for i in tr], [acts[i] for i in tr]
        params = choose_params(
            t_texts, t_acts, [groups[i] for i in tr], features=("e5",),
            vectors=vectors[tr], seed=seed,
        )  # fmt: skip
        model = ActModel.fit(t_texts, t_acts, features=("e5",), vectors=vectors[tr], **params)  # type: ignore[arg-type]
        te = fold.test
        for i, p in zip(te, model.predict([texts[i] for i in te], vectors[te]), strict=True):
            pred[i] = p
    return pred


def majority(acts: list[str], groups: list[str], folds: int, seed: int) -> list[str]:
    _, outer = kfold(len(acts), folds, seed, groups=groups)
    pred = [""] * len(acts)
    for fold in outer:
        top = Counter(acts[i] for i in fold.train).most_common(1)[0][0]
        for i in fold.test:
            pred[i] = top
    return pred


def cell(gold: list[str], pred: list[str], rows: np.ndarray) -> str:
    g, p = [gold[i] for i in rows], [pred[i] for i in rows]
    acc = np.mean([a == b for a, b in zip(g, p, strict=True)])
    return f"{acc:.2f} / {macro_f1(g, p):.2f}"


def bootstrap(
    gold: list[str], a: list[str], b: list[str], groups: list[str], rows: np.ndarray, seed: int
) -> tuple[float, float, float]:
    """Accuracy of ``a`` minus ``b`` on ``rows``, with a 95 % interval resampling articles."""
    arts = sorted({groups[i] for i in rows})
    by_art = {x: [i for i in rows if groups[i] == x] for x in arts}
    diff = {x: sum((a[i] == gold[i]) - (b[i] == gold[i]) for i in by_art[x]) for x in arts}
    size = {x: len(by_art[x]) for x in arts}
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(2000):
        pick = rng.choice(len(arts), len(arts))
        draws.append(sum(diff[arts[k]] for k in pick) / sum(size[arts[k]] for k in pick))
    point = sum(diff.values()) / sum(size.values())
    lo, hi = np.percentile(draws, [2.5, 97.5])
    return point, float(lo), float(hi)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", default="", help="more seeds for the learned variants: 1,2,3")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/trucewatch-act-e5.npz"))
    ap.add_argument("--confusion", action="store_true", help="print confusion matrices")
    ap.add_argument("--curve", action="store_true", help="learning curve of e5 and e5+rules")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # the encoder's threads (read when loaded)

    rows = load_sentences()
    items = {i.id: i for i in load_set("dev")}
    texts, acts = [r.text for r in rows], [r.act for r in rows]
    groups = [r.article for r in rows]
    lang = np.array([items[g].language for g in groups])
    batch = np.array([items[g].batch for g in groups])
    subsets = {
        "all dev": np.arange(len(rows)),
        "en": np.flatnonzero(lang == "en"),
        "ar": np.flatnonzero(lang == "ar"),
        "b1-4": np.flatnonzero(batch < 5),
        "b5": np.flatnonzero(batch == 5),
    }
    vectors = cached_vectors(texts, args.cache)
    known = rules_acts(set(groups))
    rule_pred = [known.get((r.article, r.sentence), "none") for r in rows]
    hybrid = hybrid_design(vectors, rule_pred)  # e5 + the rules' act, one-hot

    preds: dict[str, list[str]] = {
        "majority": majority(acts, groups, args.folds, args.seed),
        "rules": rule_pred,
    }
    chosen: dict[str, list[dict[str, object]]] = {}
    with threadpool_limits(1):
        for name, feats in VARIANTS.items():
            vec = hybrid if name == "e5+rules" else vectors
            preds[name], chosen[name] = cross_validate(
                texts, acts, groups, feats, vec, args.folds, args.seed
            )

    print(
        f"Sentence acts, dev only: {len(rows)} sentences of {len(set(groups))} articles; "
        f"{args.folds}-fold cross-validation grouped by article, seed {args.seed}; "
        "C and class weights chosen by grouped 3-fold CV inside each training fold."
    )
    print("Cells: accuracy / macro-F1 (over the acts present in the column, none included).\n")
    head = " | ".join(f"{k} (n {len(v)})" for k, v in subsets.items())
    print(f"| method | {head} |")
    print("|---|" + "---|" * len(subsets))
    for name, pred in preds.items():
        cells = " | ".join(cell(acts, pred, v) for v in subsets.values())
        print(f"| {name} | {cells} |")

    act_rows = np.array([i for i, a in enumerate(acts) if a != "none"])
    none_rows = np.array([i for i, a in enumerate(acts) if a == "none"])
    print(f"\nOn the {len(act_rows)} sentences with an act: right act; "
          f"on the {len(none_rows)} with none: given an act (false acts).")  # fmt: skip
    for name, pred in preds.items():
        right = sum(pred[i] == acts[i] for i in act_rows)
        false = sum(pred[i] != "none" for i in none_rows)
        b5_act = [i for i in act_rows if batch[i] == 5]
        b5_right = sum(pred[i] == acts[i] for i in b5_act)
        print(f"  {name:15} right act {right}/{len(act_rows)} (b5 {b5_right}/{len(b5_act)}), "
              f"false acts {false}/{len(none_rows)}")  # fmt: skip

    for name in (PRIMARY, "e5", "e5+rules"):
        print(f"\n{name} minus rules, accuracy, 95 % interval resampling articles:")
        for key in ("all dev", "b1-4", "b5", "en", "ar"):
            got = bootstrap(acts, preds[name], preds["rules"], groups, subsets[key], args.seed)
            print(f"  {key:8} {got[0]:+.2f} [{got[1]:+.2f}, {got[2]:+.2f}]")

    print("\nParameters chosen per outer fold:")
    for name, ps in chosen.items():
        print(
            f"  {name:15} "
            + ", ".join(f"C={p['c']:g}{' bal' if p['balanced'] else ''}" for p in ps)
        )

    extra = [int(s) for s in args.seeds.split(",") if s.strip()]
    if extra:
        print(f"\nAccuracy over seeds {[args.seed, *extra]} (mean, min-max), all dev / b5:")
        with threadpool_limits(1):
            for name, feats in VARIANTS.items():
                vec = hybrid if name == "e5+rules" else vectors
                accs, b5s = [], []
                for s in [args.seed, *extra]:
                    p = preds[name] if s == args.seed else cross_validate(
                        texts, acts, groups, feats, vec, args.folds, s
                    )[0]  # fmt: skip
                    ok = np.array([a == b for a, b in zip(acts, p, strict=True)])
                    accs.append(ok.mean())
                    b5s.append(ok[subsets["b5"]].mean())
                print(f"  {name:15} {np.mean(accs):.3f} ({min(accs):.3f}-{max(accs):.3f}) / "
                      f"{np.mean(b5s):.3f} ({min(b5s):.3f}-{max(b5s):.3f})")  # fmt: skip

    if args.curve:
        print("\nLearning curve: a share of each training fold's articles (seeded), accuracy")
        print("all dev / b5 (the test folds are unchanged):")
        with threadpool_limits(1):
            for name in ("e5", "e5+rules"):
                vec = hybrid if name == "e5+rules" else vectors
                cells = []
                for share in (0.25, 0.5, 0.75, 1.0):
                    p = learning_point(texts, acts, groups, vec, share, args.folds, args.seed)
                    ok = np.array([a == b for a, b in zip(acts, p, strict=True)])
                    cells.append(f"{share:.0%}: {ok.mean():.2f} / {ok[subsets['b5']].mean():.2f}")
                print(f"  {name:15} " + ", ".join(cells))

    if args.confusion:
        for name in ("rules", PRIMARY):
            print(f"\nConfusion, {name} (rows gold, columns predicted):")
            labels = [x for x in LABELS if x in set(acts) | set(preds[name])]
            print("  " + " ".join(f"{x[:7]:>7}" for x in ["gold", *labels]))
            for g in labels:
                counts = Counter(p for a, p in zip(acts, preds[name], strict=True) if a == g)
                print("  " + f"{g[:7]:>7} " + " ".join(f"{counts[x]:7d}" for x in labels))


if __name__ == "__main__":
    main()
