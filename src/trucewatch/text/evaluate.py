"""Scores of the extraction pipeline on annotated dev data, each beside a simple baseline.

* ``fakes``: FA-KES (``fakes_syria_news_annotated/fakes_syria_news_dev.csv``): the governorate
  of the main event vs ``location`` (all articles), total killed vs ``nb_civilians +
  nb_noncivilians`` (articles labelled credible, ``label == 1``), cause vs ``cause_of_death``
  and actor class vs ``actor``. Baselines: the first gazetteer place of the text, the first
  number of the text, the majority class.
* ``ged-headlines``: UCDP GED 2016 (``ucdp_ged_syria/ged_syria_2016.csv``), ``source_headline``
  dated by ``source_date``: the place found lies within 50 km of the coded point, on rows with
  ``where_prec`` <= 2. Baseline: the first gazetteer place of the headline.

The governorate and the headline place are also scored for the learned place ranker
(:mod:`trucewatch.text.place_rank`), cross-validated: k folds drawn by
:func:`~trucewatch.text.splits.kfold` (FA-KES grouped by article text, GED grouped by headline
text), the ranker fitted on the other folds with its penalty chosen inside them, each row
scored once; the rules and the first-place baseline are scored on the same rows, fold by fold.
GED is also split by time (fitted on January-August, scored on September-December) as a check
of drift. The shipped ranker (trained on all these rows) is never what is scored here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from trucewatch.errors import SourceError
from trucewatch.model.event import LocationPrecision
from trucewatch.text.case2021 import evaluate_case2021
from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import Gazetteer, Place, default_gazetteer
from trucewatch.text.numbers import death_toll, numbers_in
from trucewatch.text.pipeline import (
    Extraction,
    article_death_toll,
    extract,
    is_caption,
    main_place,
    sentences,
)
from trucewatch.text.place_data import (
    FAKES_FILE,
    FAKES_GOV,
    GED_FILE,
    WITHIN_KM,
    Document,
    fakes_documents,
    ged_documents,
    ged_headline,
    governorate,
    km,
    read_rows,
)
from trucewatch.text.places import find_places
from trucewatch.text.splits import DEFAULT_FOLDS, DEFAULT_SEED, kfold
from trucewatch.text.types import classify

__all__ = ["DATASETS", "evaluate_extraction", "fakes_governorate"]

_CAUSE = {
    "remote.airstrike": "shelling",
    "remote.shelling": "shelling",
    "remote.bombing": "explosion",
    "remote.chemical": "chemical and toxic gases",
    "civilians.attack": "shooting",
    "battle.armed_clash": "shooting",
}
_ACTOR = {
    "Government of Syria": "syrian government or russian troops",
    "Russian Federation": "syrian government or russian troops",
    "IS": "the organization of the islamic state in iraq and the levant - isis",
    "International coalition": "international coalition forces",
    "Syrian insurgents": "armed opposition groups",
    "SDF": "self administration forces",
    "Jabhat al-Nusra": "al-nusra front",
}


def _first_place(text: str, gaz: Gazetteer) -> Place | None:
    """The baseline: the first gazetteer name in the text, as the gazetteer ranks it (no
    "province" / "countryside" / "near" reading)."""
    for m in find_places(text, gaz):
        if m.precision is not LocationPrecision.COUNTRY:
            return (gaz.lookup(m.text) or [m.place])[0]
    return None


_gov = governorate
_SAME_AS = {"Rif Dimashq": "Damascus"}


def _main(extractions: list[Extraction]) -> Extraction | None:
    """The main event: the first with a death toll and its own place, else the first."""
    own = [e for e in extractions if e.confidence >= 0.4]
    with_toll = [e for e in own if e.toll is not None]
    pool = with_toll or own or extractions
    return pool[0] if pool else None


def fakes_governorate(
    extractions: list[Extraction], article: Article, gaz: Gazetteer
) -> str | None:
    """The governorate of an article's main event: that of the first sentence (title first)
    with a place and an event keyword or a death toll; else the most named among the placed
    extractions; else the first place named where something happened (not "martyrs from X")."""
    first_named: Place | None = None  # the last resort below, found on the way
    for text in (article.title or "", article.text):
        for _start, _end, sentence in sentences(text):
            place = main_place(find_places(sentence, gaz))
            if place is None or place.precision is LocationPrecision.COUNTRY:
                continue
            first_named = first_named or place.place
            if (
                not is_caption(sentence)
                and not place.elsewhere
                and (classify(sentence) or death_toll(sentence))
            ):
                return _gov(place.place)
    counts: Counter[str] = Counter()
    for rank, e in enumerate(extractions):
        if e.event.where.precision is not LocationPrecision.COUNTRY and e.confidence >= 0.4:
            gov = _SAME_AS.get(e.event.where.admin1 or "", e.event.where.admin1)
            if gov:
                counts[gov] += 3 if rank == 0 else 1
    if counts:
        return counts.most_common(1)[0][0]
    return _gov(first_named)


def _ratio(hits: int, n: int) -> float:
    return round(hits / n, 4) if n else float("nan")


Scores = dict[str, dict[str, Any]]


def _ranked(
    docs: Sequence[Document],
    rules: np.ndarray,
    baseline: np.ndarray,
    folds: int,
    seed: int,
) -> dict[str, Any]:
    """The ranker cross-validated over ``docs`` (k folds grouped by ``Document.group``), beside
    the rules and the baseline on the same rows, overall and fold by fold."""
    from trucewatch.text.train_places import cross_validate  # scipy: training only

    split, parts = kfold(len(docs), folds, seed, [d.group for d in docs])
    right, penalties = cross_validate(docs, parts, seed)
    per_fold = [
        {
            "n": len(f.test),
            "system": _ratio(int(rules[f.test].sum()), len(f.test)),
            "baseline": _ratio(int(baseline[f.test].sum()), len(f.test)),
            "ranker": _ratio(int(right[f.test].sum()), len(f.test)),
            "penalty": penalty,
        }
        for f, penalty in zip(parts, penalties, strict=True)
    ]
    return {
        "system": _ratio(int(rules.sum()), len(docs)),
        "baseline": _ratio(int(baseline.sum()), len(docs)),
        "ranker": _ratio(int(right.sum()), len(docs)),
        "n": len(docs),
        "split": split.describe(),
        "split_record": split.as_dict(),
        "folds": per_fold,
    }


def _fakes(data_dir: Path, folds: int = DEFAULT_FOLDS, seed: int = DEFAULT_SEED) -> Scores:
    gaz = default_gazetteer()
    rows = read_rows(data_dir / FAKES_FILE)
    score: Counter[str] = Counter()
    n: Counter[str] = Counter()
    gov_rules: list[bool] = []
    gov_first: list[bool] = []
    majority_cause = Counter(r["cause_of_death"] for r in rows).most_common(1)[0][0]
    majority_actor = Counter(r["actor"] for r in rows).most_common(1)[0][0]
    for row in rows:
        text = row["article_content"]
        published = datetime.fromisoformat(row["date_iso"] + "T12:00:00+02:00")
        article = Article(row["unit_id"], text, published, row["article_title"])
        found = extract(article, gaz, places="rules")
        main = _main(found)
        gold = FAKES_GOV.get(row["location"].strip().lower())
        if gold:
            gov_rules.append(fakes_governorate(found, article, gaz) == gold)
            gov_first.append(_gov(_first_place(text, gaz)) == gold)
        n["cause"] += 1
        cause = _CAUSE.get(main.event.event_type, "unknown") if main else "unknown"
        score["cause.system"] += cause == row["cause_of_death"]
        score["cause.baseline"] += majority_cause == row["cause_of_death"]
        n["actor"] += 1
        perp = main.event.actors.perpetrator or main.event.actors.side_a if main else None
        actor = _ACTOR.get(perp or "", "unknown")
        score["actor.system"] += actor == row["actor"]
        score["actor.baseline"] += majority_actor == row["actor"]
        if row["label"].strip() == "1":
            gold_killed = int(float(row["nb_civilians"] or 0)) + int(
                float(row["nb_noncivilians"] or 0)
            )
            n["total_killed_exact"] += 1
            toll = article_death_toll(article)
            killed = toll.best if toll and toll.best is not None else 0
            score["total_killed_exact.system"] += killed == gold_killed
            numbers = numbers_in(text)
            first = numbers[0].value if numbers else 0
            score["total_killed_exact.baseline"] += first == gold_killed
    docs = fakes_documents(data_dir, gaz)
    out: Scores = {
        "governorate": _ranked(docs, np.array(gov_rules), np.array(gov_first), folds, seed)
    }
    for metric in ("total_killed_exact", "cause", "actor"):
        out[metric] = {
            "system": _ratio(score[f"{metric}.system"], n[metric]),
            "baseline": _ratio(score[f"{metric}.baseline"], n[metric]),
            "n": n[metric],
        }
    return out


def _headline_hit(
    headline: str, published: datetime, gold: tuple[float, float], gaz: Gazetteer
) -> bool:
    """Whether the rules place a headline within :data:`WITHIN_KM` of ``gold``: the main
    event's place, else the first place named."""
    lat, lon = gold
    main = _main(extract(Article("ged", headline, published), gaz, places="rules"))
    if main is not None:
        return km(main.event.where.lat, main.event.where.lon, lat, lon) <= WITHIN_KM
    found = [m for m in find_places(headline, gaz) if m.precision is not LocationPrecision.COUNTRY]
    return bool(found) and km(found[0].place.lat, found[0].place.lon, lat, lon) <= WITHIN_KM


def _ged(data_dir: Path, folds: int = DEFAULT_FOLDS, seed: int = DEFAULT_SEED) -> Scores:
    gaz = default_gazetteer()
    rules: list[bool] = []
    first_hits: list[bool] = []
    for row in read_rows(data_dir / GED_FILE):
        headline = ged_headline(row)
        if row["where_prec"].strip() not in ("1", "2") or not headline:
            continue
        gold = (float(row["latitude"]), float(row["longitude"]))
        published = datetime.fromisoformat(
            (row["source_date"] or row["date_start"])[:10] + "T12:00:00+02:00"
        )
        rules.append(_headline_hit(headline, published, gold, gaz))
        first = _first_place(headline, gaz)
        first_hits.append(first is not None and km(first.lat, first.lon, *gold) <= WITHIN_KM)
    docs = ged_documents(data_dir, gaz)
    system, baseline = np.array(rules), np.array(first_hits)
    return {
        "place_within_50km": _ranked(docs, system, baseline, folds, seed),
        "place_within_50km_sep_dec": _time_split(docs, system, baseline, seed),
    }


#: the time split of the GED 2016 rows: fitted on months up to this one, scored on the rest
TIME_SPLIT_MONTH = 8


def _time_split(
    docs: Sequence[Document], rules: np.ndarray, baseline: np.ndarray, seed: int
) -> dict[str, Any]:
    """The ranker fitted on the rows of January-August and scored on September-December (a
    headline that also occurs in the later months is left out of the fit)."""
    from trucewatch.text.train_places import choose_penalty, fit, picks  # training only

    months = np.array([d.month for d in docs])
    test = np.flatnonzero(months > TIME_SPLIT_MONTH)
    later = {docs[int(i)].group for i in test}
    train = np.array(
        [i for i in np.flatnonzero(months <= TIME_SPLIT_MONTH) if docs[int(i)].group not in later]
    )
    penalty = choose_penalty(docs, train, seed)
    right = picks(docs, test, fit(docs, train, penalty))
    return {
        "system": _ratio(int(rules[test].sum()), len(test)),
        "baseline": _ratio(int(baseline[test].sum()), len(test)),
        "ranker": _ratio(int(right.sum()), len(test)),
        "n": len(test),
        "split": (
            f"time split: fitted on Jan-Aug 2016 (n {len(train)}), scored on Sep-Dec 2016 "
            f"(n {len(test)}), penalty {penalty} chosen inside the fitted rows, seed {seed}"
        ),
    }


def _case2021(data_dir: Path, folds: int = DEFAULT_FOLDS, seed: int = DEFAULT_SEED) -> Scores:
    return evaluate_case2021(data_dir)


DATASETS: dict[str, Callable[[Path, int, int], Scores]] = {
    "fakes": _fakes,
    "ged-headlines": _ged,
    "case2021": _case2021,
}


def evaluate_extraction(
    dataset: str, data_dir: Path, *, folds: int = DEFAULT_FOLDS, seed: int = DEFAULT_SEED
) -> Scores:
    """``{"metric": {"system": x, "baseline": y, "n": k, ...}}`` for ``dataset`` (``fakes``,
    ``ged-headlines`` or ``case2021``) read from ``data_dir`` (the layout of ``../shared/data``).

    The place metrics also carry ``ranker`` (the place ranker, ``folds``-fold cross-validated
    with ``seed``), ``split`` (:meth:`Split.describe`), ``split_record`` and ``folds`` (each
    fold's rules, baseline and ranker on the same rows, and the penalty chosen inside it)."""
    try:
        run = DATASETS[dataset]
    except KeyError:
        raise SourceError(
            f"unknown dataset {dataset!r}: choose one of {', '.join(sorted(DATASETS))}"
        ) from None
    return run(Path(data_dir), folds, seed)
