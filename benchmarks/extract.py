"""Speed of the news pipeline: articles/s and words/s on ~600-word articles.

Runs `trucewatch.text.extract` on FA-KES dev articles when ../shared/data is present (else on
the hand-written fixture repeated), padded/trimmed to about 600 words each. Beside it, the
obvious alternative (only splitting sentences and matching the gazetteer), and the pipeline with
the learned event-type head (`types="model"`: the encoder reads every sentence with an event
keyword). Articles for the model are built from bodies no other article uses (`--distinct`,
the default with `--types model`), so the head's memory of identical sentences does not flatter
it; `encoded/article` says how many texts the encoder read per article. "articles per CPU
second" counts the process's CPU time, not the clock: the figure to compare on a busy machine.

Pin the cores with taskset; the encoder's threads follow the cores given:

    taskset -c 1 .venv/bin/python benchmarks/extract.py --types rules,model
    taskset -c 0,1 .venv/bin/python benchmarks/extract.py --types rules,model
"""

from __future__ import annotations

import argparse
import csv
import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FAKES = REPO / ".." / "shared" / "data" / "fakes_syria_news_annotated" / "fakes_syria_news_dev.csv"
FIXTURE = REPO / "tests" / "fixtures" / "text" / "aleppo_truce.txt"


def _bodies() -> list[str]:
    if FAKES.is_file():
        with open(FAKES, encoding="utf-8", newline="") as stream:
            return [r["article_content"] for r in csv.DictReader(stream)]
    return [FIXTURE.read_text(encoding="utf-8")]


def _texts(n: int, distinct: bool = False) -> list[str]:
    """``n`` texts of 600 words: consecutive bodies, overlapping from one article to the next
    (as always measured), or — ``distinct`` — each body used by one article only (fewer
    articles when the bodies run out)."""
    bodies = _bodies()
    texts = []
    j = 0
    for i in range(n):
        words: list[str] = []
        j = j if distinct else i
        while len(words) < 600:
            if distinct and j >= len(bodies):
                return texts
            words.extend(bodies[j % len(bodies)].split())
            j += 1
        texts.append(" ".join(words[:600]))
    return texts


def _run(
    label: str,
    articles: list,
    run: Callable[[object], list],
    note: Callable[[], str] = lambda: "",
) -> None:
    words = sum(len(a.text.split()) for a in articles)
    t0, c0 = time.perf_counter(), time.process_time()
    found = sum(len(run(a)) for a in articles)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"{label:44s} {len(articles) / dt:8.1f} articles/s {words / dt:10.0f} words/s "
        f"({len(articles)} articles, {words} words, {found} items, {dt:.2f} s; "
        f"{len(articles) / cpu:.1f} articles per CPU second{note()})",
        flush=True,
    )


class _Counting:
    """The encoder, counting the texts it encodes."""

    def __init__(self, encode: Callable[[list[str]], object]) -> None:
        self.encode_texts = encode
        self.n = 0

    def encode(self, texts: list[str]) -> object:
        self.n += len(texts)
        return self.encode_texts(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="number of articles (rules)")
    parser.add_argument(
        "--n-model", type=int, default=40, help="number of articles with the model (distinct)"
    )
    parser.add_argument("--types", default="rules", help="rules, model or rules,model")
    parser.add_argument(
        "--sure",
        type=float,
        action="append",
        default=[],
        help="also the cascade: the n-gram part alone when it is this sure (repeatable)",
    )
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    os.environ.setdefault("OMP_NUM_THREADS", str(cores))  # before the encoder loads

    from trucewatch.text import Article, default_gazetteer, extract
    from trucewatch.text.pipeline import sentences
    from trucewatch.text.places import find_places
    from trucewatch.text.type_model import CachedTyper, default_head
    from trucewatch.text.type_step import typing_candidates

    print(f"{cores} core(s), load {os.getloadavg()[0]:.2f} (1-min average)", flush=True)
    gaz = default_gazetteer()  # built (or read from the cache) outside the timing
    published = datetime.fromisoformat("2016-05-05T12:00:00+03:00")
    kinds = args.types.split(",")
    if "rules" in kinds:
        articles = [Article(f"b{i}", t, published) for i, t in enumerate(_texts(args.n))]
        _run(
            "gazetteer only (sentences + places)",
            articles,
            lambda a: [find_places(s, gaz) for _, _, s in sentences(a.text)],
        )
        _run("full pipeline, types=rules", articles, lambda a: extract(a, gaz))
        # the articles above overlap (consecutive bodies): these share no body, so no memory of
        # a sentence or a name seen in the article before helps
        apart = [
            Article(f"d{i}", t, published) for i, t in enumerate(_texts(args.n, distinct=True))
        ]
        _run("full pipeline, types=rules, no shared body", apart, lambda a: extract(a, gaz))
    if "model" in kinds:
        articles = [
            Article(f"m{i}", t, published)
            for i, t in enumerate(_texts(args.n_model, distinct=True))
        ]
        from trucewatch.text.encoder import default_encoder

        default_encoder()  # loaded outside the timing, as a long-running ingest would
        default_head()
        _run("full pipeline, types=rules (same articles)", articles, lambda a: extract(a, gaz))
        typer = CachedTyper()
        _run(
            "full pipeline, types=model",
            articles,
            lambda a: extract(a, gaz, types="model", typer=typer),
            lambda: f", encoded/article {typer.encoded / len(articles):.1f}",
        )
        for sure in args.sure:
            counter = _Counting(default_encoder().encode)  # what reaches the encoder
            cascade = CachedTyper(encoder=counter, sure=sure)
            _run(
                f"full pipeline, types=model, cascade sure={sure:g}",
                articles,
                lambda a, t=cascade: extract(a, gaz, types="model", typer=t),
                lambda c=counter: f", encoded/article {c.n / len(articles):.1f}",
            )
        cands = sum(len(typing_candidates(a)) for a in articles)
        print(f"keyword sentences per article: {cands / len(articles):.1f}", flush=True)


if __name__ == "__main__":
    main()
