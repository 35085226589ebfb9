"""Can more features close the GED headline gap of the place ranker? Error analysis and trials.

Training data only (the GED 2016 headlines and the FA-KES dev articles of ``../shared/data``,
read by :mod:`trucewatch.text.place_data`); nothing here changes the shipped ranker.

* ``analysis --seed S``: the rows the ranker misses (out of fold, 5-fold grouped
  cross-validation as ``trucewatch evaluate extraction`` draws it) while one of the headline's
  candidates lies within 50 km of UCDP's point, sorted into categories with counts; and the
  rows lost against the hindsight ceiling (one pick per headline and date).
* ``features --seeds 7,8``: each candidate feature of :data:`EXTRA` added alone (and any
  ``--sets a+b``) to :data:`~trucewatch.text.place_rank.FEATURES`, cross-validated exactly as
  the evaluation does (penalty chosen inside each training fold), on both files.
* ``nested --seeds 20261207,1,2``: greedy forward selection among :data:`EXTRA` (at most 4,
  by a grouped 3-fold cross-validation inside each outer training fold, penalty chosen inside
  that too), scored on the outer test fold: what "pick features by cross-validation" is worth.

    .venv/bin/python scripts/place_features_cv.py analysis --seed 20261207
    .venv/bin/python scripts/place_features_cv.py features --seeds 7,8,9,10
    .venv/bin/python scripts/place_features_cv.py nested --seeds 20261207,1,2

docs/news.md, "Place ranker (issue 17)", has the figures and which seeds were looked at first.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from place_features import EXTRA, governorate_of, is_area

from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.place_data import (
    GED_FILE,
    Document,
    fakes_documents,
    ged_documents,
    ged_headline,
    km,
    read_rows,
)
from trucewatch.text.place_rank import FEATURES, Candidate, SentencePlaces, read_places
from trucewatch.text.splits import kfold
from trucewatch.text.train_places import choose_penalty, cross_validate, fit, picks


@dataclass(frozen=True, slots=True)
class Scored:
    """A document with extra feature columns (what ``fit`` and ``picks`` read)."""

    cands: tuple[Candidate, ...]
    hits: np.ndarray
    group: str
    features: np.ndarray


class Columns:
    """The extra feature columns of each document, computed once per feature."""

    def __init__(self, docs: Sequence[Document]) -> None:
        gaz = default_gazetteer()
        self.docs = docs
        read: dict[tuple[str, str | None], list[SentencePlaces]] = {}
        self.read = [
            read.setdefault((d.article.text, d.article.title), read_places(d.article, gaz))
            for d in docs
        ]
        self.cols: dict[str, list[np.ndarray]] = {}

    def view(self, names: Sequence[str]) -> list[Scored]:
        for n in names:
            if n not in self.cols:
                self.cols[n] = [
                    EXTRA[n](d.cands, r) if d.cands else np.zeros(0)
                    for d, r in zip(self.docs, self.read, strict=True)
                ]
        out = []
        for i, d in enumerate(self.docs):
            x = d.features
            if d.cands and names:
                x = np.column_stack([x, *(self.cols[n][i] for n in names)])
            out.append(Scored(d.cands, d.hits, d.group, x))
        return out


def score(cols: Columns, names: Sequence[str], seed: int) -> float:
    docs = cols.view(names)
    _, parts = kfold(len(docs), 5, seed, [d.group for d in docs])
    right, _ = cross_validate(docs, parts, seed)  # type: ignore[arg-type]
    return float(right.mean())


def _inner(cols: Columns, names: list[str], rows: np.ndarray, seed: int) -> int:
    docs = cols.view(names)
    _, folds = kfold(len(rows), 3, seed, [docs[int(i)].group for i in rows])
    hits = 0
    for f in folds:
        train, test = rows[f.train], rows[f.test]
        w = fit(docs, train, choose_penalty(docs, train, seed))  # type: ignore[arg-type]
        hits += int(picks(docs, test, w).sum())  # type: ignore[arg-type]
    return hits


def nested(cols: Columns, seed: int, most: int = 4) -> tuple[float, float, list[list[str]]]:
    """Out-of-fold accuracy of the base features and of forward selection inside each fold."""
    docs = cols.view([])
    _, parts = kfold(len(docs), 5, seed, [d.group for d in docs])
    base, chosen = np.zeros(len(docs), bool), np.zeros(len(docs), bool)
    picked = []
    for fold in parts:
        names: list[str] = []
        best = _inner(cols, names, fold.train, seed)
        while len(names) < most:
            trial = {
                n: _inner(cols, [*names, n], fold.train, seed) for n in EXTRA if n not in names
            }
            name, hits = max(trial.items(), key=lambda kv: kv[1])
            if hits <= best:
                break
            names, best = [*names, name], hits
        picked.append(names)
        for use, out in (([], base), (names, chosen)):
            view = cols.view(use)
            w = fit(view, fold.train, choose_penalty(view, fold.train, seed))  # type: ignore[arg-type]
            out[fold.test] = picks(view, fold.test, w)  # type: ignore[arg-type]
    return float(base.mean()), float(chosen.mean()), picked


def analysis(data_dir: Path, seed: int) -> Counter[str]:
    """The missed rows (a candidate within 50 km exists) by category, and the rows lost
    against the hindsight ceiling."""
    docs = ged_documents(data_dir, default_gazetteer())
    _, parts = kfold(len(docs), 5, seed, [d.group for d in docs])
    pick = np.full(len(docs), -1)
    for fold in parts:
        w = fit(docs, fold.train, choose_penalty(docs, fold.train, seed))
        for i in fold.test:
            if docs[i].cands:
                pick[i] = int(np.argmax(docs[i].features @ w))
    rows = read_rows(data_dir / GED_FILE)
    kept = [r for r in rows if r["where_prec"].strip() in ("1", "2") and ged_headline(r)]
    by_headline: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_headline[ged_headline(r)].append(r)
    out: Counter[str] = Counter(
        {k: 0 for k in ("rows", "right", "no candidate", "candidates, none within 50 km")}
    )
    out["rows"] = len(docs)
    for i, d in enumerate(docs):
        if not d.cands:
            out["no candidate"] += 1
        elif not d.hits.any():
            out["candidates, none within 50 km"] += 1
        elif d.hits[pick[i]]:
            out["right"] += 1
        else:
            _miss(
                out, d, pick[i], [o for o in by_headline[ged_headline(kept[i])] if o is not kept[i]]
            )
    groups: dict[tuple[str, object], list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        groups[(d.group, d.article.published)].append(i)
    for rs in groups.values():
        if docs[rs[0]].cands:
            hits = np.array([docs[i].hits for i in rs]).sum(0)
            out["ceiling rows"] += int(hits.max())
            lost = int(hits.max() - hits[pick[rs[0]]])
            out[
                "lost to the ceiling, "
                + ("one-row" if len(rs) == 1 else "several-row")
                + " headline"
            ] += lost
    return out


def _miss(out: Counter[str], d: Document, pick: int, siblings: list[dict[str, str]]) -> None:
    out["missed, a candidate within 50 km"] += 1  # what follows: of those rows
    p = d.cands[pick].match
    if any(
        km(p.place.lat, p.place.lon, float(o["latitude"]), float(o["longitude"])) <= 50
        for o in siblings
    ):
        out["  pick is where UCDP put another row of the same headline"] += 1
        return
    out[
        "  "
        + (
            "only row of its headline"
            if not siblings
            else "other rows of its headline, none near the pick"
        )
    ] += 1
    right = d.cands[int(np.argmax(d.hits))].match
    out[f"    {min(len(d.cands), 4)}{'+' if len(d.cands) > 3 else ''} candidates"] += 1
    out[
        "    pick in another governorate"
        if governorate_of(p) != governorate_of(right)
        else "    same governorate"
    ] += 1
    out[
        f"    pick {'area' if is_area(p) else 'town'}, right {'area' if is_area(right) else 'town'}"
    ] += 1
    out["    pick named first" if pick == 0 else "    pick named later"] += 1
    x, r = d.features[pick], d.features[int(np.argmax(d.hits))]
    for name in ("death_clause", "in_at", "first"):
        k = FEATURES.index(name)
        if x[k] != r[k]:
            out[f"    {name} favours the {'pick' if x[k] > r[k] else 'right one'}"] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("analysis", "features", "nested"))
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--seeds", default="7,8")
    parser.add_argument("--sets", nargs="*", default=[], help="combinations, e.g. a+b")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.mode == "analysis":
        found = analysis(args.data_dir, args.seed)
        first = [k for k in found if not k.startswith("    ")]
        for name in first:
            print(f"{found[name]:6d}  {name}")
        print("of the missed rows whose pick UCDP put on no row of the same headline:")
        for name in sorted(k for k in found if k.startswith("    ")):
            print(f"{found[name]:6d}  {name}")
        return
    gaz = default_gazetteer()
    files = {
        "GED": ged_documents(args.data_dir, gaz),
        "FA-KES": fakes_documents(args.data_dir, gaz),
    }
    for label, docs in files.items():
        cols = Columns(docs)
        if args.mode == "nested":
            for seed in seeds:
                base, chosen, picked = nested(cols, seed)
                print(
                    f"{label} seed {seed}: base {base:.4f}, nested {chosen:.4f}  {picked}",
                    flush=True,
                )
            continue
        for spec in ["", *EXTRA, *args.sets]:
            names = [n for n in spec.split("+") if n]
            figures = [score(cols, names, s) for s in seeds]
            print(
                f"{label:6s} {spec or 'base':42s} "
                + " ".join(f"{f:.4f}" for f in figures)
                + f"  mean {np.mean(figures):.4f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
