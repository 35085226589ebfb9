"""How often the second labeller agrees with the first on the labelled truce set: the truce
fields, each labeller taken as the reference in turn (docs/news.md).

    python scripts/truce_agreement.py [FOLDER_OF_SECOND_LABELS]
"""

from __future__ import annotations

import sys
from pathlib import Path

from trucewatch.text.statement_agreement import agreement, load_second
from trucewatch.text.statement_set import load_set


def main() -> None:
    second = load_second(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    ids = {i.id for i in second}
    first = [i for i in load_set("all") if i.id in ids]
    for name, score in (
        ("first as reference", agreement(second, first)),
        ("second as reference", agreement(first, second)),
    ):
        cells = ", ".join(f"{k} {t.correct}/{t.n}" for k, t in score.tallies.items() if t.n)
        print(f"{name} ({len(second)} articles): {cells}")


if __name__ == "__main__":
    main()
