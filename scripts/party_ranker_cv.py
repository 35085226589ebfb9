"""Experiment (issue 18): can a learned choice among candidate sides give drafts better parties
than the rules do? Not wired into the pipeline.

For each draft the rules make, the candidates are the rules' parties, every side of the
conflict's pack named anywhere in the article, and the sides at war on the publication day. A
logistic regression over features of each (draft, candidate) pair (below) says which are
parties; a draft keeps the rules' parties when it accepts none. Labels: the drafts matched to an
expected truce by the project's scorer, a candidate being a party when the set's aliases map it
to one of the expected parties.

Protocol, fixed before any figure was seen: trained on the dev articles of ``--train``
batches (default 1-15); 5-fold cross-validation grouped by article (seed 20261208) on those;
then one model fitted on all of them scores ``--test`` batches (default 16-18, dev and held,
which nobody has read) and the held part of the training batches, in aggregate only. C = 1,
threshold 0.5, no tuning. Printed: parties and whole truces, rules against the ranker.

    .venv/bin/python scripts/party_ranker_cv.py [--train 1-15] [--test 16-18]
"""

from __future__ import annotations

import argparse
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from trucewatch.text.gazetteer import Gazetteer, default_gazetteer
from trucewatch.text.pack_sides import government_on, warring_sides
from trucewatch.text.packs import shipped_packs
from trucewatch.text.splits import kfold
from trucewatch.text.statement_model import ACTS, TruceDraft
from trucewatch.text.statement_score import ArticleScore, _match, _Scopes, score_article
from trucewatch.text.statement_set import LabelledArticle, load_set, set_agreements, set_aliases
from trucewatch.text.statements import find_statements, statement_units
from trucewatch.text.statements.parties import _as_state, _states, side_of_state
from trucewatch.text.truce_drafts import draft_truces

SEED = 20261208
_ARABIC = re.compile("[\u0600-\u06ff]")
_BETWEEN = re.compile(r"\bbetween\b|بين", re.IGNORECASE)
_MEDIATOR = re.compile(
    r"\b(?:brokered|broker|mediat\w*|sponsor\w*|guarant\w*|facilitat\w*|hosted|envoy)\b|"
    r"وساطة|برعاية|رعاية|الوسيط|الوسطاء|بوساطة",
    re.IGNORECASE,
)


@dataclass
class Row:
    article: str
    draft: int
    name: str
    x: list[float]
    y: int | None


def _spans_of(text: str, gaz: Gazetteer, offset: int) -> list[tuple[str, int, int]]:
    found = [(_as_state(a, gaz), a.start + offset, a.end + offset) for a in gaz.actors.find(text)]
    for state, a, b in _states(text, []):
        if not any(s < b + offset and a + offset < e for _n, s, e in found):
            found.append((side_of_state(state, gaz), a + offset, b + offset))
    return found


def _features(
    item: LabelledArticle, gaz: Gazetteer, drafts: list[TruceDraft]
) -> list[tuple[int, str, list[float]]]:
    article = item.article
    arabic = bool(_ARABIC.search(article.text[:400]))
    units = statement_units(article, arabic)
    mentions: list[tuple[str, int, int]] = []  # (name, unit index, start in unit)
    for index, _a, _b, sentence in units:
        mentions += [(n, index, s) for n, s, _e in _spans_of(sentence, gaz, 0)]
    text_of = {i: s for i, _a, _b, s in units}
    day = article.published.date() if article.published else None
    warring = set(warring_sides(item.conflict, day)) if day else set()
    government = government_on(item.conflict, day) if day else None
    out = []
    for k, d in enumerate(drafts):
        used = {s.sentence_index for s in d.statements}
        names = dict.fromkeys([*d.parties, *(m[0] for m in mentions), *sorted(warring)])
        for name in names:
            mine = [m for m in mentions if m[0] == name]
            in_used = [m for m in mine if m[1] in used]
            between = any(
                (b := _BETWEEN.search(text_of[m[1]])) is not None and 0 <= m[2] - b.end() < 80
                for m in in_used
            )
            mediator = any(_MEDIATOR.search(text_of[m[1]]) for m in in_used)
            first = min((m[1] for m in mine), default=99)
            speaker = (
                d.speaker is not None
                and d.speaker.state is not None
                and (side_of_state(d.speaker.state, gaz) == name or d.speaker.state == name)
            )
            rules = name in d.parties
            war = name in warring
            counterpart = war and any(p in warring and p != name for p in d.parties)
            x = [
                1.0,
                float(rules),
                float(war),
                float(name == government),
                math.log1p(len(mine)),
                float(any(m[1] == -1 for m in mine)),
                math.log1p(len(in_used)),
                float(first == 0),
                float(between),
                float(mediator),
                float(speaker),
                float(counterpart),
                float(len(d.parties) == 1),
                float(len(d.parties) >= 2),
                float(not mine),
            ]
            x += [float(d.act == a) for a in ACTS]
            x += [float(d.act == a and rules) for a in ("agree", "declare", "accept", "extend")]
            x += [float(d.act == a and war) for a in ("agree", "declare", "accept", "extend")]
            mutual = d.act in ("agree", "extend") and len(d.parties) == 1 and not rules
            x += [
                float(mutual and counterpart),
                float(mutual and bool(in_used)),
                float(mutual and bool(in_used) and war),
                float(d.act in ("agree", "extend") and not d.parties and bool(in_used)),
            ]
            out.append((k, name, x))
    return out


def rows_of(items: list[LabelledArticle]) -> tuple[list[Row], dict[str, list[TruceDraft]]]:
    agreements = set_agreements()
    packs = set(shipped_packs())
    rows: list[Row] = []
    drafts_of: dict[str, list[TruceDraft]] = {}
    for item in items:
        gaz = default_gazetteer(countries=(item.conflict,) if item.conflict in packs else ("SY",))
        statements = find_statements(item.article, gaz, country=item.conflict)
        drafts = list(draft_truces(item.article, statements, agreements))
        drafts_of[item.article.id] = drafts
        aliases = set_aliases(item.conflict)
        pairs = _match(item.truces, drafts, _Scopes(gaz))
        wanted = {j: item.truces[i] for i, j in enumerate(pairs) if j is not None}
        for k, name, x in _features(item, gaz, drafts):
            e = wanted.get(k)
            y = None
            if e is not None:
                keys = {aliases.get(p.casefold(), p.casefold()) for p in e.parties}
                y = int(aliases.get(name.casefold(), name.casefold()) in keys)
            rows.append(Row(item.article.id, k, name, x, y))
    return rows, drafts_of


def fit(rows: list[Row]) -> LogisticRegression:
    train = [r for r in rows if r.y is not None]
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(np.array([r.x for r in train]), np.array([r.y for r in train]))
    return model


def chosen(
    model: LogisticRegression, rows: list[Row], drafts_of: dict[str, list[TruceDraft]]
) -> dict[str, list[TruceDraft]]:
    p = model.predict_proba(np.array([r.x for r in rows]))[:, 1] if rows else []
    picks: dict[tuple[str, int], list[str]] = {}
    for r, q in zip(rows, p, strict=True):
        if q >= 0.5:
            picks.setdefault((r.article, r.draft), []).append(r.name)
    out = {}
    for aid, drafts in drafts_of.items():
        out[aid] = [
            replace(d, parties=tuple(picks[(aid, k)])) if (aid, k) in picks else d
            for k, d in enumerate(drafts)
        ]
    return out


def score(items: list[LabelledArticle], drafts_of: dict[str, list[TruceDraft]]) -> str:
    packs = set(shipped_packs())
    total = ArticleScore()
    for item in items:
        gaz = default_gazetteer(countries=(item.conflict,) if item.conflict in packs else ("SY",))
        drafts = drafts_of[item.article.id]
        total.add(score_article(item, drafts, None, None, gaz, set_aliases(item.conflict)))
    t = total.tallies
    return (
        f"whole {t['whole_truce'].correct}/{t['whole_truce'].n}  "
        f"parties {t['parties'].correct}/{t['parties'].n}"
    )


def _batches(spec: str) -> set[int]:
    if "-" in spec:
        a, b = spec.split("-")
        return set(range(int(a), int(b) + 1))
    return {int(x) for x in spec.split(",")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", default="1-15")
    parser.add_argument("--test", default="16-18")
    parser.add_argument("--root", type=Path, default=None)
    parser.add_argument("--test-split", default="all", choices=("dev", "held", "all"))
    parser.add_argument(
        "--no-held", action="store_true", help="do not score the held part of --train"
    )
    parser.add_argument("--cv-only", action="store_true", help="score nothing but the folds")
    args = parser.parse_args()
    every = load_set("all", args.root, agreement_ids=[a.id for a in set_agreements()])
    train_b, test_b = _batches(args.train), _batches(args.test)
    train = [i for i in every if i.batch in train_b and i.split == "dev"]
    rows, drafts_of = rows_of(train)
    ids = sorted({i.article.id for i in train})
    _, folds = kfold(len(ids), 5, SEED)
    cv = dict(drafts_of)
    for fold in folds:
        test_ids = {ids[i] for i in fold.test}
        model = fit([r for r in rows if r.article not in test_ids])
        mine = [r for r in rows if r.article in test_ids]
        cv.update(chosen(model, mine, {a: drafts_of[a] for a in test_ids}))
    print(f"train: dev of batches {args.train}, {len(train)} articles, {len(rows)} candidates")
    print(f"  rules             {score(train, drafts_of)}")
    print(f"  ranker, 5-fold CV {score(train, cv)}")
    if args.cv_only:
        return
    model = fit(rows)
    for name, items in (
        (
            f"batches {args.test} ({args.test_split})",
            [i for i in every if i.batch in test_b and args.test_split in ("all", i.split)],
        ),
        (
            f"held of batches {args.train}",
            [] if args.no_held else [i for i in every if i.batch in train_b and i.split == "held"],
        ),
    ):
        if not items:
            continue
        items = [replace(i, split="dev") for i in items]
        test_rows, test_drafts = rows_of(items)
        print(f"{name}: {len(items)} articles")
        print(f"  rules             {score(items, test_drafts)}")
        print(f"  ranker            {score(items, chosen(model, test_rows, test_drafts))}")


if __name__ == "__main__":
    main()
