"""The hybrid act filter drops the rules' statements of background sentences, and in overrule
mode replaces their act where it is confident (experiment)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest

from trucewatch.text.clean import Article
from trucewatch.text.statement_model import Span, Statement
from trucewatch.text.statements.act_filter import (
    ActFilter,
    hybrid_design,
    rules_act_by_sentence,
    sentence_texts,
)
from trucewatch.text.statements.act_model import LABELS

# (sentence, hand label, the rules' act): the rules give an act to background sentences too
_TRAIN = [
    ("The army declared a ceasefire from midnight.", "declare", "declare"),
    ("The president declared a truce starting on Friday.", "declare", "declare"),
    ("The coalition announced a humanitarian pause in Taiz.", "declare", "declare"),
    ("Both sides agreed to a ceasefire brokered by Egypt.", "agree", "agree"),
    ("The rivals signed a truce agreement in Jeddah.", "agree", "agree"),
    ("Dozens of ceasefires have been declared since 2014 and most collapsed.", "none", "declare"),
    ("Previous truces declared since the war began broke down within days.", "none", "declare"),
    ("Several earlier ceasefires had been agreed since then, all collapsed.", "none", "agree"),
    ("A truce declared in May was the only previous pause, and it collapsed.", "none", "declare"),
    ("Residents said the calm held on Saturday.", "none", "none"),
]
_VOCAB = sorted({w for text, _, _ in _TRAIN for w in re.findall(r"[a-z]+", text.lower())})


def fake_e5(texts: Sequence[str]) -> np.ndarray:
    """A stand-in for the e5 encoder: unit-length word counts over the training words."""
    out = np.zeros((len(texts), len(_VOCAB)), dtype=np.float32)
    for r, text in enumerate(texts):
        for w in re.findall(r"[a-z]+", text.lower()):
            if w in _VOCAB:
                out[r, _VOCAB.index(w)] += 1.0
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)


def fitted(threshold: float | None = 0.6) -> ActFilter:
    texts, acts, rules = (list(x) for x in zip(*_TRAIN, strict=True))
    return ActFilter.fit(
        texts, acts, rules, fake_e5(texts), threshold=threshold, encode=fake_e5, c=100.0
    )


_ARTICLE = Article(
    id="test-filter",
    title="Army declares ceasefire",
    text=(
        "The army declared a ceasefire in the north from midnight. "
        "Dozens of ceasefires have been declared since 2014, and most collapsed."
    ),
    published=datetime(2024, 1, 5, tzinfo=UTC),
)


def statement(index: int, act: str = "declare") -> Statement:
    return Statement(act=act, article_id=_ARTICLE.id, sentence_index=index, span=Span(0, 1, "T"))


@pytest.mark.parametrize("threshold", [0.6, None])
def test_the_filter_drops_a_background_statement_and_keeps_a_real_one(
    threshold: float | None,
) -> None:
    texts = sentence_texts(_ARTICLE)
    assert texts[-1] == "Army declares ceasefire"
    assert texts[1].startswith("Dozens of ceasefires")
    f = fitted(threshold)
    found = [statement(-1), statement(0), statement(1)]
    kept = f(_ARTICLE, found)
    assert [s.sentence_index for s in kept] == [-1, 0]
    assert set(f.dropped(_ARTICLE, found)) == {1}
    assert f.dropped(_ARTICLE, found)[1] >= 0.6


def test_probabilities_and_design() -> None:
    f = fitted()
    p = f.none_probability(["Dozens of ceasefires have been declared since then."], ["declare"])
    assert p.shape == (1,) and 0.5 < p[0] <= 1.0
    probs = f.probabilities(["The army declared a ceasefire."], ["declare"])
    assert probs.sum() == pytest.approx(1.0, abs=1e-5)
    assert f.none_probability([], []).shape == (0,)
    x = hybrid_design(np.zeros((2, 3), dtype=np.float32), ["none", "agree"])
    assert x.shape == (2, 3 + len(LABELS))
    assert x[1, 3 + LABELS.index("agree")] == 1.0
    with pytest.raises(ValueError, match="vectors for"):
        hybrid_design(np.zeros((2, 3)), ["none"])


def test_rules_act_by_sentence_takes_the_first_statement() -> None:
    acts = rules_act_by_sentence([statement(0, "agree"), statement(0, "declare"), statement(2)])
    assert acts == {0: "agree", 2: "declare"}


def test_without_statements_nothing_is_encoded() -> None:
    def refuse(texts: Sequence[str]) -> np.ndarray:
        raise AssertionError("no sentence to encode")

    f = fitted()
    f.encode = refuse
    assert f(_ARTICLE, []) == []


def test_evaluate_statements_applies_a_statement_filter() -> None:
    from trucewatch.text.statement_eval import evaluate_statements
    from trucewatch.text.statement_set import load_set

    item = next(i for i in load_set("dev") if i.truces)  # dev only; held/ is never read
    seen: list[str] = []

    def drop_all(article: Article, statements: Sequence[Statement]) -> list[Statement]:
        seen.append(article.id)
        return []

    scores = evaluate_statements(items=[item], statement_filter=drop_all)
    assert seen == [item.article.id]
    assert scores.splits["dev"].tallies["whole_truce"].correct == 0
    assert scores.splits["dev"].tallies["drafted_once"].correct == 0


# (sentence, hand label, the rules' act): the rules read a UN-announced pause as `declare`
_OVERRULE_TRAIN = [
    ("The United Nations announced that both sides agreed to a pause.", "agree", "declare"),
    (
        "The UN envoy announced the warring parties agreed to a humanitarian pause.",
        "agree",
        "declare",
    ),
    ("The UN said the rivals agreed to a truce in talks.", "agree", "declare"),
    ("The army declared a ceasefire from midnight.", "declare", "declare"),
    ("The president declared a truce starting on Friday.", "declare", "declare"),
    ("The government declared a unilateral ceasefire in the east.", "declare", "declare"),
    ("Dozens of ceasefires have been declared since 2014 and most collapsed.", "none", "declare"),
    ("Residents said the calm held on Saturday.", "none", "none"),
]
_OVERRULE_ARTICLE = Article(
    id="test-overrule",
    title="Army declares ceasefire",
    text=(
        "The army declared a ceasefire in the north from midnight. "
        "The United Nations announced that the parties agreed to a humanitarian pause."
    ),
    published=datetime(2024, 1, 5, tzinfo=UTC),
)


def overruling(threshold: float | None) -> ActFilter:
    texts, acts, rules = (list(x) for x in zip(*_OVERRULE_TRAIN, strict=True))
    words = sorted({w for t in texts for w in re.findall(r"[a-z]+", t.lower())})

    def encode(batch: Sequence[str]) -> np.ndarray:
        out = np.array(
            [[float(w in re.findall(r"[a-z]+", t.lower())) for w in words] for t in batch],
            dtype=np.float32,
        )
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)

    return ActFilter.fit(
        texts, acts, rules, encode(texts), threshold=threshold, encode=encode,
        overrule=True, c=100.0,
    )  # fmt: skip


def test_overrule_replaces_the_act_when_the_model_is_confident() -> None:
    found = [statement(-1), statement(0), statement(1), statement(1)]
    confident = overruling(0.5)
    p = confident.probabilities([sentence_texts(_OVERRULE_ARTICLE)[1]], ["declare"])[0]
    assert confident.model.labels[int(p.argmax())] == "agree" and p.max() >= 0.5
    out = confident(_OVERRULE_ARTICLE, found)
    assert [(s.sentence_index, s.act) for s in out] == [
        (-1, "declare"), (0, "declare"), (1, "agree"), (1, "agree"),
    ]  # fmt: skip
    assert out[1] is found[1]  # unchanged statements are the rules' own
    assert out[2].span == found[2].span and out[2].article_id == found[2].article_id
    assert set(confident.judged(_OVERRULE_ARTICLE, found)) == {1}
    assert confident.dropped(_OVERRULE_ARTICLE, found) == {}
    # below the model's confidence in its act, the rules' act stays
    cautious = replace(confident, threshold=min(0.999, float(p.max()) + 1e-3))
    assert [s.act for s in cautious(_OVERRULE_ARTICLE, found)] == ["declare"] * 4
    # and the plain filter never changes an act
    assert [s.act for s in replace(confident, overrule=False)(_OVERRULE_ARTICLE, found)] == [
        "declare"
    ] * 4


def test_overrule_still_drops_a_sentence_the_model_calls_none() -> None:
    f = overruling(None)
    background = Article(
        id="test-overrule",
        title="",
        text="Dozens of ceasefires have been declared since 2014, and most collapsed.",
        published=datetime(2024, 1, 5, tzinfo=UTC),
    )
    assert f(background, [statement(0)]) == []
    assert set(f.dropped(background, [statement(0)])) == {0}
