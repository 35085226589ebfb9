"""Agreement between two labellers of the truce set (text/statement_agreement.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from trucewatch.errors import SourceError
from trucewatch.text.statement_agreement import agreement, load_second
from trucewatch.text.statement_set import LabelledArticle, load_set


@pytest.fixture(scope="module")
def batch6() -> list[LabelledArticle]:
    return [i for i in load_set("dev") if i.batch == 6]  # dev only: held is never read here


def test_the_second_labels_are_the_articles_of_batches_6_and_13() -> None:
    second = load_second()
    first = {i.id: i.batch for i in load_set("all")}
    assert len(second) == 60
    assert {i.id for i in second} <= set(first)
    assert sorted(first[i.id] for i in second) == [6] * 30 + [13] * 30


def test_labels_agree_with_themselves_on_every_truce(batch6: list[LabelledArticle]) -> None:
    score = agreement(batch6, batch6)
    n = sum(len(i.truces) for i in batch6)
    assert n > 0 and score.tallies["whole_truce"].correct == n
    assert score.tallies["act"].correct == n


def test_another_act_is_a_disagreement(batch6: list[LabelledArticle]) -> None:
    item = next(i for i in batch6 if i.truces)
    other = "reject" if item.truces[0].act != "reject" else "accept"
    changed = replace(item, truces=(replace(item.truces[0], act=other), *item.truces[1:]))
    score = agreement([changed], [item])
    assert score.tallies["act"].correct == len(item.truces) - 1
    assert score.tallies["whole_truce"].correct == len(item.truces) - 1


def test_an_article_missing_from_the_first_labels_is_named(
    batch6: list[LabelledArticle],
) -> None:
    with pytest.raises(SourceError, match=batch6[0].id):
        agreement(batch6[:1], batch6[1:])
