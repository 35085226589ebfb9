"""Which parts of a whole truce fail together on the labelled truce set, and how many whole
truces each part alone would add if it were right (docs/news.md, "Party ranker"). Aggregate
counts only: no article is named, so it may be run on batches nobody may read.

    .venv/bin/python scripts/truce_lone_errors.py BATCHES [dev|held|all]   # BATCHES: 13-18 or 1,5
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace

from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.packs import shipped_packs
from trucewatch.text.statement_score import _match, _Scopes, _start_ok
from trucewatch.text.statement_set import load_set, set_agreements, set_aliases
from trucewatch.text.statements import find_statements
from trucewatch.text.truce_drafts import draft_truces

PARTS = ("once", "act", "parties", "scope", "start")


def parts_of_truces(items: list) -> list[dict[str, bool]]:
    """For each expected truce of ``items``, which of the five parts the rules' drafts get
    right (as :func:`~trucewatch.text.statement_score.score_article` judges them)."""
    agreements = set_agreements()
    packs = set(shipped_packs())
    out = []
    for item in items:
        gaz = default_gazetteer(countries=(item.conflict,) if item.conflict in packs else ("SY",))
        drafts = draft_truces(
            item.article, find_statements(item.article, gaz, country=item.conflict), agreements
        )
        aliases = set_aliases(item.conflict)
        scopes = _Scopes(gaz)

        def sides(names, aliases=aliases):
            return {aliases.get(n.casefold(), n.casefold()) for n in names}

        for e, j in zip(item.truces, _match(item.truces, drafts, scopes), strict=True):
            d = None if j is None else drafts[j]
            same = [
                x
                for x in drafts
                if x.act == e.act and scopes.overlap(e.scope, e.nationwide, x.scope, x.nationwide)
            ]
            out.append(
                {
                    "once": len(same) == 1,
                    "act": d is not None and d.act == e.act,
                    "parties": d is not None and sides(d.parties) == sides(e.parties),
                    "scope": d is not None
                    and d.nationwide == e.nationwide
                    and scopes.equal(e.scope, d.scope),
                    "start": e.start is None or (d is not None and _start_ok(e, d)),
                }
            )
    return out


def main() -> None:
    spec = sys.argv[1]
    split = sys.argv[2] if len(sys.argv) > 2 else "all"
    if "-" in spec:
        a, b = spec.split("-")
        batches = set(range(int(a), int(b) + 1))
    else:
        batches = {int(x) for x in spec.split(",")}
    every = load_set("all", agreement_ids=[a.id for a in set_agreements()])
    items = [
        replace(i, split="dev") for i in every if i.batch in batches and split in ("all", i.split)
    ]
    rows = parts_of_truces(items)
    whole = sum(all(r.values()) for r in rows)
    print(f"batches {spec} ({split}): {len(items)} articles, {len(rows)} truces, {whole} whole")
    for part in PARTS:
        others = [r for r in rows if all(r[p] for p in PARTS if p != part)]
        lone = sum(not r[part] for r in others)
        print(
            f"  {part:8} right {sum(r[part] for r in rows):4}   "
            f"whole if right {len(others):4}   only wrong part {lone:4}"
        )
    sets = Counter(tuple(p for p in PARTS if not r[p]) for r in rows)
    print(
        "  wrong together:",
        ", ".join(f"{'+'.join(k) or 'none'} {v}" for k, v in sets.most_common(8)),
    )


if __name__ == "__main__":
    main()
