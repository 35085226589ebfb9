"""How often the second labeller agrees with the first on the labelled truce set: the truce
fields, each labeller taken as the reference in turn (docs/news.md).

    python scripts/truce_agreement.py [FOLDER_OF_SECOND_LABELS] [--batch N] [--skip ID,ID]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from trucewatch.text.statement_agreement import agreement, load_second
from trucewatch.text.statement_set import load_set


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    parser.add_argument("--batch", type=int, default=None, help="only this batch's articles")
    parser.add_argument("--skip", default="", help="article ids to leave out, comma-separated")
    args = parser.parse_args()
    skip = {s for s in args.skip.split(",") if s}
    first = {i.id: i for i in load_set("all")}
    second = [
        i
        for i in load_second(args.folder)
        if i.id not in skip and (args.batch is None or first[i.id].batch == args.batch)
    ]
    mine = [first[i.id] for i in second]
    for name, score in (
        ("first as reference", agreement(second, mine)),
        ("second as reference", agreement(mine, second)),
    ):
        cells = ", ".join(f"{k} {t.correct}/{t.n}" for k, t in score.tallies.items() if t.n)
        print(f"{name} ({len(second)} articles): {cells}")


if __name__ == "__main__":
    main()
