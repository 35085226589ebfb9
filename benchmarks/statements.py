"""Speed of reading truce articles: statements, drafts and claims, articles/s.

On the dev part of the labelled truce articles (`text/labelled/truce/dev/`, ~60 wire stories of
120-400 words, English and Arabic; only their texts are read, no label) and on FA-KES dev
articles cut to 600 words (../shared/data, when present): `find_statements` + `draft_truces`
(with the set's and the shipped agreements) + `find_claims`, beside the news event pipeline
`extract` and the obvious baseline (`statement_baseline.baseline_drafts`) on the same articles,
in the same run. Pin a core for figures that compare across runs:

    taskset -c 1 .venv/bin/python benchmarks/statements.py
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _run(label: str, articles: list, run: Callable[[object], int], repeat: int) -> None:
    words = sum(len(a.text.split()) for a in articles) * repeat
    t0, c0 = time.perf_counter(), time.process_time()
    found = sum(run(a) for _ in range(repeat) for a in articles)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = len(articles) * repeat
    print(
        f"{label:46s} {n / dt:8.1f} articles/s {words / dt:9.0f} words/s "
        f"({n} articles, {found} items, {dt:.2f} s; {n / cpu:.1f} articles per CPU second)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="passes over the labelled articles (caches help later ones)",
    )
    parser.add_argument("--n-fakes", type=int, default=100, help="FA-KES articles (600 words)")
    args = parser.parse_args()
    from trucewatch.text import Article, default_gazetteer, extract
    from trucewatch.text.claims import find_claims
    from trucewatch.text.packs import shipped_packs
    from trucewatch.text.statement_baseline import baseline_drafts
    from trucewatch.text.statement_set import load_set, set_agreements
    from trucewatch.text.statements import find_statements
    from trucewatch.text.truce_drafts import draft_truces

    print(f"{len(os.sched_getaffinity(0))} core(s), load {os.getloadavg()[0]:.2f}", flush=True)
    agreements = set_agreements()
    items = load_set("dev", agreement_ids=[a.id for a in agreements])
    packs = set(shipped_packs())
    gazetteers = {
        c: default_gazetteer(countries=(c,) if c in packs else ("SY",))
        for c in {i.conflict for i in items}
    }
    country = {i.article.id: i.conflict for i in items}
    for gaz in gazetteers.values():  # built outside the timing
        extract(Article("warm", "Jets struck Douma.", datetime(2016, 5, 4).astimezone()), gaz)

    def truces(a: object) -> int:
        code = country.get(a.id, "SY")  # type: ignore[attr-defined]
        gaz = gazetteers.get(code) or gazetteers.setdefault(code, default_gazetteer())
        statements = find_statements(a, gaz, country=code)  # type: ignore[arg-type]
        drafts = draft_truces(a, statements, agreements)  # type: ignore[arg-type]
        return len(drafts) + len(find_claims(a, gaz, country=code))  # type: ignore[arg-type]

    def events(a: object) -> int:
        gaz = gazetteers.get(country.get(a.id, "SY"), gazetteers.get("SY"))  # type: ignore[attr-defined]
        return len(extract(a, gaz))  # type: ignore[arg-type]

    def baseline(a: object) -> int:
        gaz = gazetteers.get(country.get(a.id, "SY"), gazetteers.get("SY"))  # type: ignore[attr-defined]
        return len(baseline_drafts(a, gaz))  # type: ignore[arg-type]

    articles = [i.article for i in items]
    print(f"labelled truce articles (dev): {len(articles)}", flush=True)
    _run("statements + drafts + claims", articles, truces, args.repeat)
    _run("news events (extract)", articles, events, args.repeat)
    _run("baseline (first truce named)", articles, baseline, args.repeat)
    from extract import _texts  # the event benchmark's 600-word FA-KES articles

    published = datetime.fromisoformat("2016-05-05T12:00:00+03:00")
    texts = _texts(args.n_fakes, distinct=True)  # no sentence shared: caches do not flatter
    fakes = [Article(f"f{i}", t, published) for i, t in enumerate(texts)]
    gazetteers.setdefault("SY", default_gazetteer(countries=("SY",)))
    print(f"FA-KES articles of 600 words: {len(fakes)}", flush=True)
    _run("statements + drafts + claims", fakes, truces, 1)
    _run("news events (extract)", fakes, events, 1)
    _run("baseline (first truce named)", fakes, baseline, 1)


if __name__ == "__main__":
    main()
