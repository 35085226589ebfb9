"""The hand-labelled sentence acts of the dev truce articles and the learned act model."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from trucewatch.errors import SourceError
from trucewatch.text.statement_model import ACTS
from trucewatch.text.statement_set import load_set
from trucewatch.text.statements import act_model
from trucewatch.text.statements.act_model import (
    GRID,
    LABELS,
    ActModel,
    cached_vectors,
    choose_params,
    load_sentences,
    macro_f1,
    mentions_truce,
    sentences_path,
    truce_units,
)

#: the batches whose dev articles were labelled sentence by sentence (labelled/truce_sentences)
LABELLED_BATCHES = 5


@pytest.fixture(scope="module")
def dev() -> dict[str, object]:
    return {item.id: item for item in load_set("dev")}


def test_every_line_is_a_valid_label_of_a_dev_article(dev: dict[str, object]) -> None:
    rows = load_sentences()
    assert len(rows) > 300
    assert ("none", *ACTS) == LABELS
    assert {r.act for r in rows} <= set(LABELS)
    for r in rows:  # dev ids only (held/ is never read here)
        assert r.article in dev
        item = dev[r.article]
        assert r.truce is None or r.truce < len(item.truces)  # type: ignore[attr-defined]
    keys = Counter((r.article, r.sentence) for r in rows)
    assert max(keys.values()) == 1


def test_the_file_holds_exactly_the_sentences_that_mention_a_truce(
    dev: dict[str, object],
) -> None:
    rows = {(r.article, r.sentence): r.text for r in load_sentences()}
    wanted = {
        (ident, index): text
        for ident, item in dev.items()
        if item.batch <= LABELLED_BATCHES  # type: ignore[attr-defined]
        for index, text in truce_units(item.article)  # type: ignore[attr-defined]
    }
    assert rows == wanted


def test_a_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    good = {"article": "a", "sentence": -1, "text": "t", "act": "declare", "truce": 0}
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "act": "truce"}) + "\n")
    with pytest.raises(SourceError, match=r"x\.jsonl:2: act 'truce'"):
        load_sentences(path)
    assert sentences_path().name == "dev.jsonl"


def test_mentions_truce_reads_other_words_for_a_truce() -> None:
    assert mentions_truce("Rival groups signed an agreement to end the clashes.", arabic=False)
    assert mentions_truce("The group would abide by the arrangement.", arabic=False)
    assert not mentions_truce("Shelling killed five civilians in Taiz.", arabic=False)
    assert mentions_truce("أعلن الجيش تمديد الهدنة", arabic=True)
    assert mentions_truce("اتهمت الحكومة الحوثيين بخرق الاتفاق", arabic=True)
    assert not mentions_truce("قتل خمسة مدنيين في تعز", arabic=True)


_TRAIN = [
    ("The army declared a unilateral ceasefire from midnight.", "declare"),
    ("The president announced a truce starting on Friday.", "declare"),
    ("Both sides agreed to a ceasefire brokered by Egypt.", "agree"),
    ("The rivals signed a truce agreement in Jeddah.", "agree"),
    ("The truce was extended by 72 hours.", "extend"),
    ("The sides agreed to extend the ceasefire for two more months.", "extend"),
    ("The pause was extended until midnight.", "extend"),
    ("The rebels rejected the truce proposal.", "reject"),
    ("The movement dismissed the ceasefire as a manoeuvre.", "reject"),
    ("The coalition accused the rebels of violating the truce.", "accuse"),
    ("The army said the militia breached the ceasefire 20 times.", "accuse"),
    ("The truce largely held on Saturday, residents said.", "none"),
    ("Fighting went on near the airport despite the calm.", "none"),
    ("الجيش يعلن تمديد الهدنة 72 ساعة", "extend"),
    ("الحوثيون يرفضون تمديد الهدنة", "reject"),
]


@pytest.mark.parametrize("features", [("words",), ("chars",), ("words", "chars")])
def test_fit_and_predict_on_hand_written_sentences(features: tuple[str, ...]) -> None:
    texts, acts = zip(*_TRAIN, strict=True)
    model = ActModel.fit(texts, acts, features=features, c=100.0)
    assert model.labels == ("none", "declare", "agree", "extend", "reject", "accuse")
    assert model.predict(list(texts)) == list(acts)  # it fits its training sentences
    assert model.scores(["The truce was extended."]).shape == (1, len(model.labels))
    assert model.predict(["The ceasefire was extended again."]) == ["extend"]
    assert model.predict([]) == []


def test_e5_block_takes_given_vectors() -> None:
    texts, acts = zip(*_TRAIN, strict=True)
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(texts), 8)).astype(np.float32)
    model = ActModel.fit(texts, acts, features=("words", "e5"), vectors=vectors, c=100.0)
    assert model.predict(list(texts), vectors) == list(acts)
    with pytest.raises(ValueError, match="vectors for"):
        model.predict(list(texts), vectors[:2])
    with pytest.raises(ValueError):
        ActModel.fit(texts, acts, features=("glove",))
    with pytest.raises(ValueError):
        ActModel.fit(texts[:1], acts[:1], features=("words",))


def test_params_are_chosen_from_the_grid() -> None:
    texts, acts = zip(*(_TRAIN * 2), strict=True)
    groups = [f"a{i % 7}" for i in range(len(texts))]
    params = choose_params(texts, acts, groups, features=("words",), vectors=None, folds=3)
    assert params in GRID


def test_macro_f1() -> None:
    assert macro_f1(["a", "b"], ["a", "b"]) == 1.0
    assert macro_f1(["a", "a", "b"], ["a", "a", "a"]) == pytest.approx((0.8 + 0.0) / 2)


def test_vectors_are_encoded_once_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    class Fake:
        def encode(self, texts: list[str]) -> np.ndarray:
            calls.append(list(texts))
            return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    monkeypatch.setattr("trucewatch.text.encoder.default_encoder", lambda: Fake())
    path = tmp_path / "cache.npz"
    first = cached_vectors(["a truce", "a pause", "a truce"], path)
    again = cached_vectors(["a pause", "a lull"], path)
    assert calls == [["a truce", "a pause"], ["a lull"]]
    assert first[0, 0] == 7 and again[0, 0] == 7 and again[1, 0] == 6
    assert act_model.FEATURES == ("words", "chars", "e5")
