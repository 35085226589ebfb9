"""The seeded, conflict-stratified draw that put each labelled truce article in ``dev/`` or
``held/`` (:mod:`trucewatch.text.statement_set`; recorded in ``labelled/truce/README.md``)."""

from __future__ import annotations

import zlib
from collections.abc import Mapping

from trucewatch.text.splits import DEFAULT_SEED, holdout

__all__ = ["OWN_SEED_FROM", "TEST_SHARE", "draw_split"]

#: share of each conflict's articles drawn into ``held/``
TEST_SHARE = 0.4
#: the first batch drawn with a seed of its own for each conflict: with one seed for all, a group
#: of five always held out the same sorted positions, and ids sort by date, so each earlier
#: batch's held part is its two latest events per conflict (left as drawn: none may move)
OWN_SEED_FROM = 16


def _seed(seed: int, batch: int, conflict: str) -> int:
    if batch < OWN_SEED_FROM:
        return seed
    return seed + 1000 * batch + zlib.crc32(conflict.encode("utf-8")) % 1000


def draw_split(
    conflicts: Mapping[str, str],
    seed: int = DEFAULT_SEED,
    test_share: float = TEST_SHARE,
    batches: Mapping[str, int] | None = None,
) -> dict[str, str]:
    """``dev`` or ``held`` for each article id of ``conflicts`` (id -> conflict code): within
    each batch (``batches``: id -> batch, default 1) and conflict the ids are sorted and
    :func:`~trucewatch.text.splits.holdout` draws ``test_share`` of them by ``seed``; a group of
    one id goes to ``dev``. A later batch is drawn on its own, so adding articles never moves
    one already drawn (rule writers may have read it); from batch :data:`OWN_SEED_FROM` each
    batch and conflict draws with a seed of its own (derived from ``seed``)."""
    groups: dict[tuple[int, str], list[str]] = {}
    for ident, conflict in conflicts.items():
        batch = 1 if batches is None else batches.get(ident, 1)
        groups.setdefault((batch, conflict), []).append(ident)
    out: dict[str, str] = {}
    for (batch, conflict), ids in groups.items():
        ids.sort()
        if len(ids) < 2:
            out[ids[0]] = "dev"
            continue
        _, fold = holdout(len(ids), test_share=test_share, seed=_seed(seed, batch, conflict))
        out.update({ids[i]: "held" for i in fold.test})
        out.update({ids[i]: "dev" for i in fold.train})
    return out
