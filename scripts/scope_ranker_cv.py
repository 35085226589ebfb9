"""Experiment (issue 18): can a learned ranker over the gazetteer's candidate places of an
article's truce sentences name a truce's scope better than the scope rules? Not wired into the
pipeline. Dev only for fitting: 5-fold cross-validation grouped by article (seed 20261207);
batch 13 (never read, never fitted) scored by a model fitted on all dev.

    .venv/bin/python scripts/scope_ranker_cv.py            # CV on dev, then batch 13
    .venv/bin/python scripts/scope_ranker_cv.py --no-rules # without the rules' pick as a feature
    .venv/bin/python scripts/scope_ranker_cv.py --more-features  # the second feature set
    .venv/bin/python scripts/scope_ranker_cv.py --e5 [--held]  # with e5 vectors [on held]

Article-level comparison on articles with exactly one expected truce: the scope is right when
the chosen places are the expected ones (the gazetteer's spellings count, as in the scorer),
or none are chosen and the truce is nationwide. The rules' figure takes the places of all
drafts of the article, as the ranker's does. docs/news.md, "Scope ranker (experiment)".
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from trucewatch.text.arabic.places import find_places as find_places_ar
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.places import find_places
from trucewatch.text.rule_sets import rules_for
from trucewatch.text.splits import kfold
from trucewatch.text.statement_score import _Scopes
from trucewatch.text.statement_set import load_set, set_agreements
from trucewatch.text.statements import find_statements, names_truce, statement_units
from trucewatch.text.statements import lexicon as lx
from trucewatch.text.truce_drafts import draft_truces

SEED = 20261207
MORE = "--more-features" in sys.argv  # the second feature set (docs/news.md)
E5 = "--e5" in sys.argv  # the e5 vector of the words around each mention (docs/news.md)
_ENCODED: dict[str, np.ndarray] = {}
UNSEEN = 13
_IN = re.compile(r"\b(?:in|across|for|to|over|around|inside|into)\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
_AWAY = re.compile(
    r"\b(?:from|near|against|on|outside|except|excluding|told|said|signed|meeting|talks)\s+"
    r"(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)
_AR_IN = re.compile(r"(?:^|\s)(?:في|ب)\S*\s*$")
#: a place right after the truce words: "a ceasefire in X", "the truce for X", "truce covering X"
_TRUCE_IN = re.compile(
    r"(?:truce|cease-?fire|cessation of hostilities|pause|calm|lull|halt|hudna|deal)\w*\s+"
    r"(?:[\w-]+\s+){0,4}?(?:in|for|across|covering|around|over|to)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)
_VIOLENCE = re.compile(
    r"\b(?:fight\w*|clash\w*|shell\w*|strikes?|struck|kill\w*|attack\w*|battle\w*|bomb\w*|"
    r"offensive|raid\w*|rockets?|fire[ds]?)\b|اشتباك|قصف|معارك|غارات|هجوم|قتل",
    re.I,
)
_VENUE = re.compile(
    r"\b(?:talks|meeting|met|signed|summit|conference|negotiations|hotel|told)\b|محادثات|مفاوضات|"
    r"اجتماع|وقع",
    re.I,
)
_ACT = re.compile("|".join(p.pattern for p in lx.ACT_PATTERNS.values()), re.I)
KINDS = ("city", "town", "village", "admin1", "admin2", "region", "country")


@dataclass
class Candidate:
    mentions: int = 0
    head: bool = False
    first: int = 99
    near_truce: int = 999
    after_in: bool = False
    after_away: bool = False
    dateline: bool = False
    kind: str = ""
    rules: bool = False
    truce_adjacent: bool = False
    truce_in: bool = False
    violence: bool = False
    venue: bool = False
    quoted: bool = False
    act_sentence: bool = False
    windows: list[str] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)


def candidates(item, gaz, drafts) -> dict[str, Candidate]:
    arabic = rules_for(item.article).language == "ar"
    finder = find_places_ar if arabic else find_places
    truce_re = lx.TRUCE
    out: dict[str, Candidate] = defaultdict(Candidate)
    order = 0
    for index, _offset, _end, sentence in statement_units(item.article, arabic):
        if not names_truce(sentence, arabic=arabic):
            continue
        dl = None if arabic else lx.DATELINE.match(sentence)
        truces = [m.start() for m in truce_re.finditer(sentence)] if not arabic else []
        for p in finder(sentence, gaz):
            c = out[p.place.name]
            c.mentions += 1
            c.head = c.head or index < 0
            c.first = min(c.first, order)
            c.sentences.add(index)
            c.kind = p.place.kind
            before = sentence[max(0, p.start - 40) : p.start]
            c.after_in = c.after_in or bool((_AR_IN if arabic else _IN).search(before))
            c.after_away = c.after_away or bool(_AWAY.search(before))
            c.dateline = c.dateline or (dl is not None and p.start < dl.end())
            if truces:
                c.near_truce = min(c.near_truce, min(abs(t - p.start) for t in truces))
            after = sentence[p.end : p.end + 12].lower()
            c.truce_in = c.truce_in or bool(
                _TRUCE_IN.search(sentence[max(0, p.start - 80) : p.start])
            )
            c.windows.append(sentence[max(0, p.start - 60) : p.end + 60])
            c.violence = c.violence or bool(_VIOLENCE.search(before))
            c.venue = c.venue or bool(_VENUE.search(before))
            c.quoted = c.quoted or sentence[: p.start].count('"') % 2 == 1
            c.act_sentence = c.act_sentence or bool(_ACT.search(sentence))
            c.truce_adjacent = c.truce_adjacent or bool(
                re.match(r"\s+(?:truce|cease-?fire|pause|calm|deal)", after)
            )
        order += 1
    picked = {n for d in drafts for n in d.scope}
    for name in picked:
        out[name].rules = True
    return out


def features(c: Candidate, with_rules: bool) -> list[float]:
    row = [
        np.log1p(c.mentions),
        float(c.head),
        float(c.first == 0),
        min(c.first, 10) / 10,
        min(c.near_truce, 300) / 300,
        float(c.after_in),
        float(c.after_away),
        float(c.dateline),
        float(c.truce_adjacent),
        float(len(c.sentences) > 1),
        float(c.mentions == 0),  # named only by the rules (areas, places as written)
        *[float(c.kind == k) for k in KINDS],
    ]
    if MORE:
        row += [c.truce_in, c.violence, c.venue, c.quoted, c.act_sentence]
    if with_rules:
        row.append(float(c.rules))
    if E5:  # the mean vector of the words around its mentions (zeros: named only by the rules)
        row += list(_mean_vector(c.windows))
    return row


def _mean_vector(windows: list[str]) -> np.ndarray:
    from trucewatch.text.encoder import default_encoder

    todo = [w for w in windows if w not in _ENCODED]
    if todo:
        for w, v in zip(todo, default_encoder().encode(todo), strict=True):
            _ENCODED[w] = v
    if not windows:
        return np.zeros(384, dtype=np.float32)
    return np.mean([_ENCODED[w] for w in windows], axis=0)


def build(items, with_rules: bool):
    agreements = set_agreements()
    rows, labels, groups, meta = [], [], [], []
    arts = []
    for a, item in enumerate(items):
        gaz = default_gazetteer(countries=(item.conflict,))
        sc = _Scopes(gaz)
        statements = find_statements(item.article, gaz, country=item.conflict)
        drafts = draft_truces(item.article, statements, agreements)
        cands = candidates(item, gaz, drafts)
        expected = [n for e in item.truces for n in e.scope]
        # the article: nationwide words read by the rules, how many places it names
        wide = float(any(st.nationwide for st in statements))
        many = np.log1p(len(cands))
        for name, c in cands.items():
            rows.append([*features(c, with_rules), *([wide, many] if MORE else [])])
            labels.append(int(any(sc.same(name, n) for n in expected)))
            groups.append(a)
            meta.append(name)
        rule_places = tuple(dict.fromkeys(n for d in drafts for n in d.scope))
        arts.append((item, sc, rule_places))
    return np.array(rows), np.array(labels), np.array(groups), meta, arts


def right(item, sc, places) -> bool:
    (e,) = item.truces
    if e.nationwide or not e.scope:
        return not places
    return bool(places) and sc.equal(e.scope, list(places))


def evaluate(items, with_rules: bool, label: str) -> None:
    X, y, g, meta, arts = build(items, with_rules)
    probs = np.zeros(len(y))
    _split, folds = kfold(len(items), 5, SEED)
    for fold in folds:
        train = np.isin(g, fold.train)
        test = np.isin(g, fold.test)
        scaler = StandardScaler().fit(X[train])
        model = LogisticRegression(C=0.1 if E5 else 1.0, max_iter=2000).fit(
            scaler.transform(X[train]), y[train]
        )
        probs[test] = model.predict_proba(scaler.transform(X[test]))[:, 1]
    report(arts, g, meta, probs, f"{label}, 5-fold CV grouped by article, seed {SEED}", y)
    return X, y


def report(arts, g, meta, probs, label: str, y) -> None:
    """Scope right per one-truce article: rules, ranker, and the oracle that picks exactly the
    candidates in the expected scope (reads the labels: the most any ranker over them can do)."""
    ranker = rules = oracle = n = 0
    for a, (item, sc, rule_places) in enumerate(arts):
        if len(item.truces) != 1:
            continue
        rows = np.flatnonzero(g == a)
        n += 1
        ranker += right(item, sc, [meta[i] for i in rows if probs[i] >= 0.5])
        oracle += right(item, sc, [meta[i] for i in rows if y[i]])
        rules += right(item, sc, rule_places)
    print(
        f"{label}: one-truce articles {n}; scope right: rules {rules}/{n}, ranker {ranker}/{n}, "
        f"oracle over the candidates {oracle}/{n}"
    )


def main(argv: list[str]) -> None:
    with_rules = "--no-rules" not in argv
    ids = [a.id for a in set_agreements()]
    everything = load_set("all", agreement_ids=ids)
    dev = [i for i in everything if i.split == "dev" and i.batch != UNSEEN]
    unseen = [i for i in everything if i.batch == UNSEEN]
    if "--held" in argv:  # once, for the variant named before (docs/news.md): aggregate only
        unseen = [i for i in everything if i.split == "held" and i.batch != UNSEEN]
    name = "ranker with the rules' pick" if with_rules else "ranker without the rules' pick"
    X, y = evaluate(dev, with_rules, f"dev b1-12 ({name})")
    scaler = StandardScaler().fit(X)
    model = LogisticRegression(C=0.1 if E5 else 1.0, max_iter=2000).fit(scaler.transform(X), y)
    Xu, yu, gu, meta_u, arts_u = build(unseen, with_rules)
    probs = model.predict_proba(scaler.transform(Xu))[:, 1]
    where = "held b1-12" if "--held" in argv else f"batch {UNSEEN}, dev and held"
    report(arts_u, gu, meta_u, probs, f"{where} (fitted on all dev)", yu)


if __name__ == "__main__":
    main(sys.argv[1:])
