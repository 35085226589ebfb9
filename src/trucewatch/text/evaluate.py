"""Scores of the extraction pipeline on annotated dev data, each beside a simple baseline.

* ``fakes``: FA-KES (``fakes_syria_news_annotated/fakes_syria_news_dev.csv``): the governorate
  of the main event vs ``location`` (all articles), total killed vs ``nb_civilians +
  nb_noncivilians`` (articles labelled credible, ``label == 1``), cause vs ``cause_of_death``
  and actor class vs ``actor``. Baselines: the first gazetteer place of the text, the first
  number of the text, the majority class.
* ``ged-headlines``: UCDP GED 2016 (``ucdp_ged_syria/ged_syria_2016.csv``), ``source_headline``
  dated by ``source_date``: the place found lies within 50 km of the coded point, on rows with
  ``where_prec`` <= 2. Baseline: the first gazetteer place of the headline.

Nothing here learns from the data; the pipeline is rules and a gazetteer.
"""

from __future__ import annotations

import csv
import html
import math
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

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
from trucewatch.text.places import find_places
from trucewatch.text.types import classify

__all__ = ["DATASETS", "evaluate_extraction", "fakes_governorate"]

# FA-KES ``location`` labels -> our governorate names (Rif Dimashq is labelled "damascus").
_FAKES_GOV = {
    "aleppo": "Aleppo",
    "damascus": "Damascus",
    "idlib": "Idlib",
    "deir ezzor": "Deir ez-Zor",
    "raqqa": "Ar-Raqqah",
    "homs": "Homs",
    "hasakeh": "Al-Hasakah",
    "hama": "Hama",
    "daraa": "Daraa",
    "lattakia": "Latakia",
    "quneitra": "Quneitra",
    "tartous": "Tartus",
    "sweida": "As-Suwayda",
    "suwayda": "As-Suwayda",
}
_SAME_AS = {"Rif Dimashq": "Damascus"}
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


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise SourceError(f"{path}: no such file (pass --data-dir with the shared data layout)")
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _first_place(text: str, gaz: Gazetteer) -> Place | None:
    """The baseline: the first gazetteer name in the text, as the gazetteer ranks it (no
    "province" / "countryside" / "near" reading)."""
    for m in find_places(text, gaz):
        if m.precision is not LocationPrecision.COUNTRY:
            return (gaz.lookup(m.text) or [m.place])[0]
    return None


def _gov(place: Place | None) -> str | None:
    if place is None:
        return None
    name = place.admin1 if place.kind != "admin1" else place.name
    return _SAME_AS.get(name or "", name)


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
            gov = _SAME_AS.get(e.event.where.admin1 or "", e.event.where.admin1 or "")
            if gov:
                counts[gov] += 3 if rank == 0 else 1
    if counts:
        return counts.most_common(1)[0][0]
    return _gov(first_named)


def _ratio(hits: int, n: int) -> float:
    return round(hits / n, 4) if n else float("nan")


def _fakes(data_dir: Path) -> dict[str, dict[str, float]]:
    gaz = default_gazetteer()
    rows = _rows(data_dir / "fakes_syria_news_annotated" / "fakes_syria_news_dev.csv")
    score: Counter[str] = Counter()
    n: Counter[str] = Counter()
    majority_cause = Counter(r["cause_of_death"] for r in rows).most_common(1)[0][0]
    majority_actor = Counter(r["actor"] for r in rows).most_common(1)[0][0]
    for row in rows:
        text = row["article_content"]
        published = datetime.fromisoformat(row["date_iso"] + "T12:00:00+02:00")
        article = Article(row["unit_id"], text, published, row["article_title"])
        found = extract(article, gaz)
        main = _main(found)
        gold = _FAKES_GOV.get(row["location"].strip().lower())
        if gold:
            n["governorate"] += 1
            score["governorate.system"] += fakes_governorate(found, article, gaz) == gold
            score["governorate.baseline"] += _gov(_first_place(text, gaz)) == gold
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
    return {
        metric: {
            "system": _ratio(score[f"{metric}.system"], n[metric]),
            "baseline": _ratio(score[f"{metric}.baseline"], n[metric]),
            "n": n[metric],
        }
        for metric in ("governorate", "total_killed_exact", "cause", "actor")
    }


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


def _ged(data_dir: Path) -> dict[str, dict[str, float]]:
    gaz = default_gazetteer()
    rows = _rows(data_dir / "ucdp_ged_syria" / "ged_syria_2016.csv")
    hits = base_hits = n = 0
    for row in rows:
        if row["where_prec"].strip() not in ("1", "2") or not row["source_headline"].strip():
            continue
        n += 1
        lat, lon = float(row["latitude"]), float(row["longitude"])
        headline = html.unescape(row["source_headline"])  # stored with &#8217; etc.
        published = datetime.fromisoformat(
            (row["source_date"] or row["date_start"])[:10] + "T12:00:00+02:00"
        )
        found = extract(Article(f"ged-{row['id']}", headline, published), gaz)
        main = _main(found)
        if main is not None:
            where = main.event.where
            hits += _km(where.lat, where.lon, lat, lon) <= 50
        else:
            found_places = [
                m
                for m in find_places(headline, gaz)
                if m.precision is not LocationPrecision.COUNTRY
            ]
            hits += (
                bool(found_places)
                and _km(found_places[0].place.lat, found_places[0].place.lon, lat, lon) <= 50
            )
        first = _first_place(headline, gaz)
        base_hits += first is not None and _km(first.lat, first.lon, lat, lon) <= 50
    return {
        "place_within_50km": {"system": _ratio(hits, n), "baseline": _ratio(base_hits, n), "n": n}
    }


DATASETS: dict[str, Callable[[Path], dict[str, dict[str, float]]]] = {
    "fakes": _fakes,
    "ged-headlines": _ged,
    "case2021": evaluate_case2021,
}


def evaluate_extraction(dataset: str, data_dir: Path) -> dict[str, dict[str, float]]:
    """``{"metric": {"system": x, "baseline": y, "n": k}}`` for ``dataset`` (``fakes``,
    ``ged-headlines`` or ``case2021``) read from ``data_dir`` (the layout of ``../shared/data``)."""
    try:
        run = DATASETS[dataset]
    except KeyError:
        raise SourceError(
            f"unknown dataset {dataset!r}: choose one of {', '.join(sorted(DATASETS))}"
        ) from None
    return run(Path(data_dir))
