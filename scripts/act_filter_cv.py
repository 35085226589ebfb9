"""The hybrid act model as a filter of the rules' statements (or overruling their act): do the
drafts get better?

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
of this kind could gain).

``overrule`` rows: the same model also replaces the act of a sentence's statements by its most
probable act when that differs from the rules' and its probability is >= t (``none`` drops, as
in the filter; ``ActFilter(overrule=True)``); t chosen the same way in the training folds (its
own choice), 0.7 fixed a priori, or the model's prediction; and its oracle, which gives the
statements of each sentence its hand label (drops ``none``; reads the test labels). Tables: dev
batches 1-4 (the rules were written from them) and batch
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
SHOWN = ("whole_truce", "act", "drafted_once", "extra_new_drafts", "parties", "scope", "start")


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

    def fit(
        self, articles: set[str], params: dict[str, object], t: float, overrule: bool = False
    ) -> ActFilter:
        rows = [i for i, g in enumerate(self.groups) if g in articles]
        return ActFilter.fit(
            [self.texts[i] for i in rows], [self.acts[i] for i in rows],
            [self.rule_acts[i] for i in rows], self.vectors[rows], threshold=t,
            encode=self.encode, overrule=overrule, **params,
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
) -> dict[bool, float]:
    """Per mode (overrule or not), the t of ``T_GRID`` with the most whole truces by grouped
    3-fold CV over ``train``."""
    ids = [i.id for i in train]
    _, inner = kfold(len(ids), 3, seed, groups=ids)
    got = {mode: Counter[float]() for mode in (False, True)}
    for fold in inner:
        f = data.fit({ids[i] for i in fold.train}, params, T_GRID[0])
        test = [train[i] for i in fold.test]
        for mode, t in ((m, t) for m in got for t in T_GRID):
            got[mode][t] += whole(test, replace(f, threshold=t, overrule=mode))
    return {m: max(T_GRID, key=lambda t: (got[m][t], t)) for m in got}


def _names(what: str) -> tuple[str, str, str]:
    return (
        f"rules + {what}, t chosen in training folds",
        f"rules + {what}, t = {DEFAULT_THRESHOLD} fixed",
        f"rules + {what}, model's prediction",
    )


CHOSEN, FIXED, ARGMAX = _names("filter")
O_CHOSEN, O_FIXED, O_ARGMAX = _names("overrule")
#: the variants: name -> (overrule, t: "chosen", fixed or None for the prediction)
VARIANTS: dict[str, tuple[bool, float | str | None]] = {
    CHOSEN: (False, "chosen"), FIXED: (False, DEFAULT_THRESHOLD), ARGMAX: (False, None),
    O_CHOSEN: (True, "chosen"), O_FIXED: (True, DEFAULT_THRESHOLD), O_ARGMAX: (True, None),
}  # fmt: skip


def cross_fit(
    data: Data, folds: int, seed: int
) -> tuple[dict[str, dict[str, ActFilter]], list[tuple[dict[bool, float], dict[str, object]]]]:
    """Per variant, per article: the filter fitted without the article's fold."""
    ids = [i.id for i in data.items]
    _, outer = kfold(len(ids), folds, seed, groups=ids)
    out: dict[str, dict[str, ActFilter]] = {name: {} for name in VARIANTS}
    record = []
    for fold in outer:
        train = [data.items[i] for i in fold.train]
        arts = {i.id for i in train}
        params = data.params(arts, seed)
        chosen = choose_t(data, train, params, seed)
        f = data.fit(arts, params, chosen[False])
        record.append((chosen, params))
        for name, (mode, t) in VARIANTS.items():
            g = replace(f, overrule=mode, threshold=chosen[mode] if t == "chosen" else t)
            for i in fold.test:
                out[name][ids[i]] = g
    return out, record


def oracle(data: Data, overrule: bool = False):  # type: ignore[no-untyped-def]
    """Drops the statements of the sentences hand-labelled ``none`` and, with ``overrule``,
    gives the others their sentence's hand label (reads the test labels)."""
    gold = {(r.article, r.sentence): r.act for r in data.rows}

    def apply(article: Article, statements: Sequence[Statement]) -> list[Statement]:
        out = []
        for s in statements:
            act = gold.get((article.id, s.sentence_index), s.act)
            if act != "none":
                out.append(replace(s, act=act) if overrule and act != s.act else s)
        return out

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
        parts_ids = {p: {i.id for i in its} for p, its in parts.items()}
        methods = {"rules": None, **{k: by_article(v) for k, v in fitted.items()}}
        methods["oracle: drop hand-labelled none (not a method)"] = oracle(data)
        methods["oracle: hand-labelled act, none dropped (not a method)"] = oracle(data, True)
        scores = {(m, p): total(its, f) for m, f in methods.items() for p, its in parts.items()}

    print(
        f"Drafts of the dev truce articles, rules alone and with the hybrid act filter: "
        f"{args.folds}-fold cross-fitting by article, seed {args.seed}; "
        f"{len(data.items)} articles (b1-4 {len(parts['b1-4'])}, b5 {len(parts['b5'])})."
    )
    print("t chosen per outer fold (filter / overrule), and C / class weights: " + ", ".join(
        f"{t[False]:g} / {t[True]:g} (C={p['c']:g}{' bal' if p['balanced'] else ''})"
        for t, p in record
    ))  # fmt: skip
    for p in parts:
        print(f"\n{p}:\n")
        print("| method | " + " | ".join(SHOWN) + " |")
        print("|---|" + "---|" * len(SHOWN))
        for m in methods:
            print(f"| {m} | " + " | ".join(cell(scores[(m, p)], f) for f in SHOWN) + " |")

    for name in (CHOSEN, O_CHOSEN, O_FIXED, O_ARGMAX):
        print(f"\nPer article, whole_truce / act correct: rules -> {name}, where they change:")
        for item in data.items:
            a, b = total([item], None).tallies, total([item], methods[name]).tallies
            if any(a[k].correct != b[k].correct for k in ("whole_truce", "act")):
                print(f"  b{item.batch} {item.id}: " + ", ".join(
                    f"{k} {a[k].correct}/{a[k].n} -> {b[k].correct}/{b[k].n}"
                    for k in ("whole_truce", "act")
                ))  # fmt: skip

    print("\nSentences whose statements are dropped, with their hand label (dev.jsonl):")
    gold = {(r.article, r.sentence): r.act for r in data.rows}
    filters = {k: v for k, v in fitted.items() if not VARIANTS[k][0]}
    labels: dict[str, Counter[str]] = {name: Counter() for name in filters}
    for item in data.items:
        found = data.statements[item.id]
        for name, per_article in filters.items():
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

    print("\nActs the overrule changes (model's prediction; * also at t chosen, + at t 0.7):")
    changed: dict[str, Counter[str]] = {name: Counter() for name in (O_CHOSEN, O_FIXED, O_ARGMAX)}
    for item in data.items:
        found = data.statements[item.id]
        acts = rules_act_by_sentence(found)
        seen = {n: fitted[n][item.id].judged(item.article, found) for n in changed}
        for i, (label, prob) in sorted(seen[O_ARGMAX].items()):
            g = gold.get((item.id, i), "(unlabelled)")
            marks = ("*" if i in seen[O_CHOSEN] else "") + ("+" if i in seen[O_FIXED] else "")
            print(
                f"  b{item.batch} {item.id} [{i}] rules {acts[i]} -> {label} ({prob:.2f}), "
                f"gold {g} {marks}"
            )
        for n, got in seen.items():
            for i, (label, _) in got.items():
                g = gold.get((item.id, i), "(unlabelled)")
                ok = "right" if label == g else ("was right" if acts[i] == g else "both wrong")
                changed[n][f"b{'5' if item.batch == 5 else '1-4'} {ok}"] += 1
    for name, got in changed.items():
        print(f"  {name}: " + (", ".join(f"{k} {v}" for k, v in sorted(got.items())) or "none"))

    print("\nSentences with statements, the hybrid's top label (test folds): b1-4, b5:")
    top: Counter[str] = Counter()
    for k, row in enumerate(data.rows):
        f, rule = fitted[O_ARGMAX][row.article], data.rule_acts[k]
        if rule == "none":
            continue
        p = f.probabilities([row.text], [rule])[0]
        label = f.model.labels[int(p.argmax())]
        b = "b5" if row.article in parts_ids["b5"] else "b1-4"
        top[f"{b} {'rules' if label == rule else label if label == 'none' else 'other'}"] += 1
        if row.act not in ("none", rule):
            pg = p[f.model.labels.index(row.act)] if row.act in f.model.labels else 0.0
            print(
                f"  misread: {b} {row.article} [{row.sentence}] rules {rule}, gold {row.act}: "
                f"top {label} {p.max():.2f}, P(gold) {pg:.2f}"
            )
    print("  " + ", ".join(f"top {k} {v}" for k, v in sorted(top.items())))

    extra = [int(s) for s in args.seeds.split(",") if s.strip()]
    if extra:
        print(
            "\nwhole_truce over more fold seeds (rules / filter t chosen, t 0.7, prediction /"
            " overrule t chosen, t 0.7, prediction), b1-4, b5:"
        )
        with threadpool_limits(1):
            for s in extra:
                more, rec = cross_fit(data, args.folds, s)
                row = []
                for part, its in parts.items():
                    wt = [total(its, f).tallies["whole_truce"] for f in
                          (None, *map(by_article, more.values()))]  # fmt: skip
                    row.append(f"{part} " + " / ".join(f"{w.correct}/{w.n}" for w in wt))
                ts = ",".join(f"{t[False]:g}/{t[True]:g}" for t, _ in rec)
                print(f"  seed {s} (t {ts}): " + "; ".join(row))


if __name__ == "__main__":
    main()
