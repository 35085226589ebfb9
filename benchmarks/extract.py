"""Speed of the news pipeline: articles/s and words/s on ~600-word articles.

Runs `trucewatch.text.extract` on FA-KES dev articles when ../shared/data is present (else on
the hand-written fixture repeated), padded/trimmed to about 600 words each, on one core.
Beside it, the obvious alternative: only splitting sentences and matching the gazetteer.

    .venv/bin/python benchmarks/extract.py [--n 300]
"""

from __future__ import annotations

import argparse
import csv
import time
from datetime import datetime
from pathlib import Path

from trucewatch.text import Article, default_gazetteer, extract
from trucewatch.text.pipeline import sentences
from trucewatch.text.places import find_places

REPO = Path(__file__).resolve().parents[1]
FAKES = REPO / ".." / "shared" / "data" / "fakes_syria_news_annotated" / "fakes_syria_news_dev.csv"
FIXTURE = REPO / "tests" / "fixtures" / "text" / "aleppo_truce.txt"


def _texts(n: int) -> list[str]:
    if FAKES.is_file():
        with open(FAKES, encoding="utf-8", newline="") as stream:
            bodies = [r["article_content"] for r in csv.DictReader(stream)]
    else:
        bodies = [FIXTURE.read_text(encoding="utf-8")]
    texts = []
    for i in range(n):
        words: list[str] = []
        j = i
        while len(words) < 600:
            words.extend(bodies[j % len(bodies)].split())
            j += 1
        texts.append(" ".join(words[:600]))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="number of articles")
    args = parser.parse_args()
    gaz = default_gazetteer()  # built (or read from the cache) outside the timing
    published = datetime.fromisoformat("2016-05-05T12:00:00+03:00")
    articles = [Article(f"b{i}", t, published) for i, t in enumerate(_texts(args.n))]
    words = sum(len(a.text.split()) for a in articles)
    for label, run in (
        (
            "gazetteer only (sentences + places)",
            lambda a: [find_places(s, gaz) for _, _, s in sentences(a.text)],
        ),
        ("full pipeline (extract)", lambda a: extract(a, gaz)),
    ):
        t0 = time.perf_counter()
        found = sum(len(run(a)) for a in articles)
        dt = time.perf_counter() - t0
        print(
            f"{label:38s} {len(articles) / dt:8.1f} articles/s {words / dt:10.0f} words/s "
            f"({len(articles)} articles, {words} words, {found} items, {dt:.2f} s)"
        )


if __name__ == "__main__":
    main()
