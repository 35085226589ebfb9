"""What the place ranker costs: the pipeline with places chosen by the ranker vs by the rules.

The same ~600-word articles as benchmarks/extract.py (FA-KES dev when ../shared/data is
present), on one core; the two ways are run in turn, ``--rounds`` times, so that a busy
machine slows both alike. Also the article's main place alone (``article_place``).

    .venv/bin/python benchmarks/place_rank.py [--n 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract import _texts
from trucewatch.text import Article, default_gazetteer, extract
from trucewatch.text.place_rank import article_place, default_ranker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="number of articles")
    parser.add_argument("--rounds", type=int, default=3, help="times each way is run")
    args = parser.parse_args()
    gaz = default_gazetteer()  # built outside the timing, as is the ranker
    default_ranker()
    published = datetime.fromisoformat("2016-05-05T12:00:00+03:00")
    articles = [Article(f"b{i}", t, published) for i, t in enumerate(_texts(args.n))]
    ways = {
        "extract, places by the ranker": lambda a: len(extract(a, gaz)),
        "extract, places by the rules": lambda a: len(extract(a, gaz, places="rules")),
        "article_place (main place only)": lambda a: int(article_place(a, gaz) is not None),
    }
    print(f"load {os.getloadavg()[0]:.2f}")
    for round_ in range(args.rounds):
        for label, run in ways.items():
            t0 = time.perf_counter()
            found = sum(run(a) for a in articles)
            dt = time.perf_counter() - t0
            print(
                f"round {round_ + 1}  {label:34s} {len(articles) / dt:8.1f} articles/s "
                f"({found} items, {dt:.2f} s)"
            )


if __name__ == "__main__":
    main()
