"""The hybrid act model as a filter of the rules' statements: do the drafts get better?

Dev only (``text/labelled/truce/dev/`` and ``truce_sentences/dev.jsonl``; never ``held/``).
Cross-fitting by article: the dev articles are split into ``--folds`` folds (``splits.kfold``,
seeded); for each fold, the hybrid (``act_filter.ActFilter``: e5 vector + the rules' act) is
fitted on the sentence labels of the other folds' articles (C and class weights chosen by
grouped 3-fold CV inside them, as ``act_model_cv.py`` does), and the statements of this fold's
articles are filtered, drafted and scored by ``statement_eval.evaluate_statements``.

The threshold t (drop a sentence's statements when P(none) >= t) is chosen inside each training
fold: a grouped 3-fold CV over its articles, the t of ``T_GRID`` with the most whole truces
(ties: the highest t, the fewest drops). Other rows: t = 0.7, fixed before any figure was seen;
the model's prediction (drop when ``none`` is its most probable label, as the sentence-level
figures of ``act_model_cv.py`` count it); and an oracle that drops the statements of the
sentences hand-labelled ``none`` (it reads the test labels: not a method, the most any filter
of this kind could gain). Tables: dev batches 1-4 (the rules were written from them) and batch
5 (the rules never saw it: the fair one). One BLAS thread; e5 vectors cached.

    .venv/bin/python scripts/act_filter_cv.py [--seed 20261207] [--folds 5] [--seeds 1,2]
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.packs import shipped_packs
from trucewatch.text.splits import DEFAULT_SEED, kfold
from trucewatch.text.statement_eval import evaluate_statements
from trucewatch.text.statement_model import Statement
from trucewatch.text.statement_score import ArticleScore
from trucewatch.text.statement_set import LabelledArticle, load_set, set_agreements
from trucewatch.text.statements import find_statements
from trucewatch.text.statements.act_filter import (
    DEFAULT_THRESHOLD,
    ActFilter,
    hybrid_design,
    rules_act_by_sentence,
)
from trucewatch.text.statements.act_model import (
    LabelledSentence,
    cached_vectors,
    choose_params,
    load_sentences,
)

#: thresholds tried inside the training folds
T_GRID: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
SHOWN = ("whole_truce", "act", "drafted_once", "extra_new_drafts", "claims", "not_events")


class Data:
    """The dev articles, their labelled sentences, e5 vectors and the rules' act of each."""

    def __init__(self, cache: Path) -> None:
        self.items = load_set("dev", agreement_ids=[a.id for a in set_agreements()])
        self.rows: list[LabelledSentence] = load_sentences()
        self.texts = [r.text for r in self.rows]
        self.acts = [r.act for r in self.rows]
        self.groups = [r.article for r in self.rows]
        self.cache = cache
        self.vectors = cached_vectors(self.texts, cache)
        packs = set(shipped_packs())
        by_sentence: dict[tuple[str, int], str] = {}
        self.statements: dict[str, list[Statement]] = {}
        for item in self.items:
            known = item.conflict in packs
            gaz = default_gazetteer(countries=(item.conflict,) if known else ("SY",))
            found = find_statements(item.article, gaz, country=item.conflict)
            self.statements[item.id] = found
            for i, act in rules_act_by_sentence(found).items():
                by_sentence[(item.id, i)] = act
        self.rule_acts = [by_sentence.get((r.article, r.sentence), "none") for r in self.rows]
        self.design = hybrid_design(self.vectors, self.rule_acts)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return cached_vectors(texts, self.cache)

    def fit(self, articles: set[str], params: dict[str, object], t: float) -> ActFilter:
        rows = [i for i, g in enumerate(self.groups) if g in articles]
        return ActFilter.fit(
            [self.texts[i] for i in rows], [self.acts[i] for i in rows],
            [self.rule_acts[i] for i in rows], self.vectors[rows], threshold=t,
            encode=self.encode, **params,
        )  # fmt: skip

    def params(self, articles: set[str], seed: int) -> dict[str, object]:
        rows = np.array([i for i, g in enumerate(self.groups) if g in articles])
        return choose_params(
            [self.texts[i] for i in rows], [self.acts[i] for i in rows],
            [self.groups[i] for i in rows], features=("e5",), vectors=self.design[rows],
            seed=seed,
        )  # fmt: skip


def by_article(filters: dict[str, ActFilter]):  # type: ignore[no-untyped-def]
    """One filter per article (the one fitted without it)."""

    def apply(article: Article, statements: Sequence[Statement]) -> list[Statement]:
        return filters[article.id](article, statements)

    return apply


def whole(items: list[LabelledArticle], f: ActFilter | None) -> int:
    scores = evaluate_statements(items=items, statement_filter=f)
    return sum(s.tallies["whole_truce"].correct for s in scores.splits.values())


def choose_t(
    data: Data, train: list[LabelledArticle], params: dict[str, object], seed: int
) -> float:
    """The t of ``T_GRID`` with the most whole truces by grouped 3-fold CV over ``train``."""
    ids = [i.id for i in train]
    _, inner = kfold(len(ids), 3, seed, groups=ids)
    got = Counter[float]()
    for fold in inner:
        f = data.fit({ids[i] for i in fold.train}, params, T_GRID[0])
        test = [train[i] for i in fold.test]
        for t in T_GRID:
            got[t] += whole(test, replace(f, threshold=t))
    return max(T_GRID, key=lambda t: (got[t], t))


CHOSEN = "rules + filter, t chosen in training folds"
FIXED = f"rules + filter, t = {DEFAULT_THRESHOLD} fixed"
ARGMAX = "rules + filter, model predicts none"


def cross_fit(
    data: Data, folds: int, seed: int
) -> tuple[dict[str, dict[str, ActFilter]], list[tuple[float, dict[str, object]]]]:
    """Per variant, per article: the filter fitted without the article's fold."""
    ids = [i.id for i in data.items]
    _, outer = kfold(len(ids), folds, seed, groups=ids)
    out: dict[str, dict[str, ActFilter]] = {CHOSEN: {}, FIXED: {}, ARGMAX: {}}
    record = []
    for fold in outer:
        train = [data.items[i] for i in fold.train]
        arts = {i.id for i in train}
        params = data.params(arts, seed)
        t = choose_t(data, train, params, seed)
        f = data.fit(arts, params, t)
        record.append((t, params))
        for i in fold.test:
            out[CHOSEN][ids[i]] = f
            out[FIXED][ids[i]] = replace(f, threshold=DEFAULT_THRESHOLD)
            out[ARGMAX][ids[i]] = replace(f, threshold=None)
    return out, record


def oracle(data: Data):  # type: ignore[no-untyped-def]
    """Drops the statements of the sentences hand-labelled ``none`` (reads the test labels)."""
    gold = {(r.article, r.sentence): r.act for r in data.rows}

    def apply(article: Article, statements: Sequence[Statement]) -> list[Statement]:
        return [s for s in statements if gold.get((article.id, s.sentence_index)) != "none"]

    return apply


def cell(score: ArticleScore, name: str) -> str:
    t = score.tallies.get(name)
    if t is None:
        return str(score.counts[name])
    return f"{t.correct}/{t.n} ({t.correct / t.n:.0%})" if t.n else "-"


def total(items: list[LabelledArticle], f: object) -> ArticleScore:
    out = ArticleScore()
    for s in evaluate_statements(items=items, statement_filter=f).splits.values():  # type: ignore[arg-type]
        out.add(s)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", default="", help="more fold seeds: whole_truce only")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/trucewatch-act-e5.npz"))
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    with threadpool_limits(1):
        data = Data(args.cache)
        fitted, record = cross_fit(data, args.folds, args.seed)
        parts = {
            "b1-4": [i for i in data.items if i.batch < 5],
            "b5": [i for i in data.items if i.batch == 5],
        }
        methods = {"rules": None, **{k: by_article(v) for k, v in fitted.items()}}
        methods["oracle: drop hand-labelled none (not a method)"] = oracle(data)
        scores = {(m, p): total(its, f) for m, f in methods.items() for p, its in parts.items()}

    print(
        f"Drafts of the dev truce articles, rules alone and with the hybrid act filter: "
        f"{args.folds}-fold cross-fitting by article, seed {args.seed}; "
        f"{len(data.items)} articles (b1-4 {len(parts['b1-4'])}, b5 {len(parts['b5'])})."
    )
    print("t chosen per outer fold, and C / class weights: " + ", ".join(
        f"{t:g} (C={p['c']:g}{' bal' if p['balanced'] else ''})" for t, p in record
    ))  # fmt: skip
    for p in parts:
        print(f"\n{p}:\n")
        print("| method | " + " | ".join(SHOWN) + " |")
        print("|---|" + "---|" * len(SHOWN))
        for m in methods:
            print(f"| {m} | " + " | ".join(cell(scores[(m, p)], f) for f in SHOWN) + " |")

    print("\nPer article, whole_truce correct: rules -> filter (t chosen), where it changes:")
    for item in data.items:
        a = total([item], None).tallies["whole_truce"]
        b = total([item], methods[CHOSEN]).tallies["whole_truce"]
        if a.correct != b.correct:
            print(f"  b{item.batch} {item.id}: {a.correct}/{a.n} -> {b.correct}/{b.n}")

    print("\nSentences whose statements are dropped, with their hand label (dev.jsonl):")
    gold = {(r.article, r.sentence): r.act for r in data.rows}
    labels: dict[str, Counter[str]] = {name: Counter() for name in fitted}
    for item in data.items:
        found = data.statements[item.id]
        for name, per_article in fitted.items():
            for i, prob in sorted(per_article[item.id].dropped(item.article, found).items()):
                g = gold.get((item.id, i), "(unlabelled)")
                labels[name][f"b{'5' if item.batch == 5 else '1-4'} gold {g}"] += 1
                if name == ARGMAX:
                    act = rules_act_by_sentence(found)[i]
                    print(
                        f"  b{item.batch} {item.id} [{i}] rules {act}, gold {g}, P(none) {prob:.2f}"
                    )
    for name, got in labels.items():
        print(f"  {name}: " + (", ".join(f"{k} {v}" for k, v in sorted(got.items())) or "none"))

    extra = [int(s) for s in args.seeds.split(",") if s.strip()]
    if extra:
        print("\nwhole_truce over more fold seeds (rules / t chosen / t 0.7 / argmax), b1-4, b5:")
        with threadpool_limits(1):
            for s in extra:
                more, rec = cross_fit(data, args.folds, s)
                row = []
                for part, its in parts.items():
                    wt = [total(its, f).tallies["whole_truce"] for f in
                          (None, *map(by_article, more.values()))]  # fmt: skip
                    row.append(f"{part} " + " / ".join(f"{w.correct}/{w.n}" for w in wt))
                ts = ",".join(f"{t:g}" for t, _ in rec)
                print(f"  seed {s} (t {ts}): " + "; ".join(row))


if __name__ == "__main__":
    main()
