"""Cost of telling Arabic articles from the others, and speed of the Arabic pipeline.

Prints, on one core: the language test the pipeline runs on every article
(``rules_for``: a script check, then py3langid only for Arabic-script text) on ~600-word
English articles (FA-KES dev when ../shared/data is present, else the fixture repeated); the
one-off load of py3langid's model; ``detect`` on Arabic articles; and ``extract`` on ~600-word
Arabic articles made of the hand-written test articles (tests/fixtures/text/arabic/), beside
``extract`` on the English ones.

    .venv/bin/python benchmarks/language.py [--n 300]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime
from pathlib import Path

from extract import _texts  # benchmarks/extract.py: the ~600-word English articles
from trucewatch.text import Article, default_gazetteer, extract, language
from trucewatch.text.rule_sets import rules_for

REPO = Path(__file__).resolve().parents[1]
ARABIC = REPO / "tests" / "fixtures" / "text" / "arabic" / "articles.jsonl"


def _arabic_texts(n: int) -> list[str]:
    bodies = [json.loads(line)["text"] for line in ARABIC.read_text(encoding="utf-8").splitlines()]
    texts = []
    for i in range(n):
        words: list[str] = []
        j = i
        while len(words) < 600:
            words.extend(bodies[j % len(bodies)].split())
            j += 1
        texts.append(" ".join(words[:600]))
    return texts


def _rate(label: str, items: list[Article], run: object) -> None:
    t0 = time.perf_counter()
    for item in items:
        run(item)  # type: ignore[operator]
    dt = time.perf_counter() - t0
    print(f"{label:44s} {len(items) / dt:10.1f} articles/s  {dt / len(items) * 1e6:10.1f} µs each")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="articles of each language")
    args = parser.parse_args()
    gaz = default_gazetteer()
    published = datetime.fromisoformat("2016-05-05T12:00:00+03:00")
    english = [Article(f"e{i}", t, published) for i, t in enumerate(_texts(args.n))]
    arabic = [Article(f"a{i}", t, published) for i, t in enumerate(_arabic_texts(args.n))]
    _rate("language test, English (no model loaded)", english, rules_for)
    assert language._MODEL is None, "an English article loaded the language model"
    t0 = time.perf_counter()
    language.detect("تحميل")
    print(f"{'py3langid model load (once per process)':44s} {time.perf_counter() - t0:10.2f} s")
    _rate("language test, Arabic (script + py3langid)", arabic, rules_for)
    _rate("extract, English (600 words)", english, lambda a: extract(a, gaz))
    _rate("extract, Arabic (600 words)", arabic, lambda a: extract(a, gaz))


if __name__ == "__main__":
    main()
