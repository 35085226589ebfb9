"""Per dev article of the labelled truce set: the expected truces and claims beside what the
rules draft, for whoever writes rules (docs/news.md, "Truce articles: the labelled set").

Dev only, by design: rules are written from `dev/`, and `held/` is scored once, at the end,
with `trucewatch evaluate statements --split held` — never looked at article by article.

    .venv/bin/python scripts/truce_dev_diff.py                 # the articles with a miss
    .venv/bin/python scripts/truce_dev_diff.py ye-2018 -v      # these ids, with their text
"""

from __future__ import annotations

import sys

from trucewatch.text.claims import find_claims
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.packs import shipped_packs
from trucewatch.text.statement_score import score_article
from trucewatch.text.statement_set import load_set, set_agreements, set_aliases
from trucewatch.text.statements import find_statements
from trucewatch.text.truce_drafts import draft_truces


def _when(value: object) -> str:
    return "-" if value is None else str(value)


def main(argv: list[str]) -> None:
    only = [a for a in argv if not a.startswith("-")]
    verbose = "-v" in argv
    agreements = set_agreements()
    packs = set(shipped_packs())
    for item in load_set("dev", agreement_ids=[a.id for a in agreements]):
        if only and not any(o in item.id for o in only):
            continue
        gaz = default_gazetteer(countries=(item.conflict,) if item.conflict in packs else ("SY",))
        statements = find_statements(item.article, gaz, country=item.conflict)
        drafts = draft_truces(item.article, statements, agreements)
        claims = find_claims(item.article, gaz, country=item.conflict)
        score = score_article(item, drafts, claims, None, gaz, set_aliases(item.conflict))
        misses = {k: f"{t.correct}/{t.n}" for k, t in score.tallies.items() if t.correct < t.n}
        extra = {k: v for k, v in score.counts.items() if v}
        if not only and not misses and not extra:
            continue
        print("=" * 100)
        print(item.id, item.language, "batch", item.batch or 1, "MISSES", misses, extra)
        for e in item.truces:
            print(
                f"  EXPECTED {e.act:8} scope={list(e.scope)} nationwide={e.nationwide} "
                f"start={_when(e.start)} duration={_when(e.duration)} extends={e.extends} "
                f"parties={list(e.parties)} speaker={e.speaker_state}/{e.speaker_person}"
            )
        for d in drafts:
            print(
                f"  DRAFTED  {d.act:8} scope={list(d.scope)} nationwide={d.nationwide} "
                f"start={_when(d.start)} duration={_when(d.duration)} extends={d.extends} "
                f"parties={list(d.parties)} speaker={d.speaker}"
            )
            for s in d.statements:
                print(f"      [{s.sentence_index:2}] {s.act:7} {s.span.text[:140]!r}")
        for c in item.claims:
            print(f"  EXPECTED claim {c.kind} scope={list(c.scope)} count={c.count}")
        for c in claims:
            print(f"  FOUND    claim {c.kind} scope={list(c.scope)} count={c.count}")
        if verbose:
            print("  TITLE:", item.article.title)
            for paragraph in item.article.text.split("\n\n"):
                print("   |", paragraph)


if __name__ == "__main__":
    main(sys.argv[1:])
