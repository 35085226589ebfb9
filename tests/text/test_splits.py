"""Seeded splits: every row scored once, groups kept whole, the same seed the same folds."""

from __future__ import annotations

import numpy as np
import pytest

from trucewatch.errors import ValidationError
from trucewatch.text.encoder import ENCODER_NAME, default_encoder
from trucewatch.text.splits import holdout, kfold


def test_kfold_scores_every_row_exactly_once() -> None:
    split, folds = kfold(23, k=5, seed=3)
    tested = np.concatenate([f.test for f in folds])
    assert sorted(tested.tolist()) == list(range(23))
    for fold in folds:
        assert not set(fold.train) & set(fold.test)
        assert len(fold.train) + len(fold.test) == 23
    assert split.describe() == "5-fold cross-validation, seed 3, n 23"


def test_kfold_same_seed_same_folds_other_seed_other_folds() -> None:
    _, a = kfold(50, k=4, seed=1)
    _, b = kfold(50, k=4, seed=1)
    _, c = kfold(50, k=4, seed=2)
    assert all(np.array_equal(x.test, y.test) for x, y in zip(a, b, strict=True))
    assert not all(np.array_equal(x.test, y.test) for x, y in zip(a, c, strict=True))


def test_kfold_keeps_each_group_in_one_fold() -> None:
    groups = ["h1", "h1", "h2", "h3", "h3", "h3", "h4", "h5"]
    split, folds = kfold(len(groups), k=3, seed=7, groups=groups)
    assert split.grouped
    for fold in folds:
        test_groups = {groups[i] for i in fold.test}
        train_groups = {groups[i] for i in fold.train}
        assert not test_groups & train_groups


def test_holdout_holds_out_the_share_asked() -> None:
    split, fold = holdout(100, test_share=0.25, seed=5)
    assert len(fold.test) == 25 and len(fold.train) == 75
    assert split.as_dict()["test_share"] == 0.25


@pytest.mark.parametrize("k", [0, 1])
def test_kfold_refuses_fewer_than_two_folds(k: int) -> None:
    with pytest.raises(ValidationError, match="at least 2 folds"):
        kfold(10, k=k)


def test_kfold_refuses_more_folds_than_groups() -> None:
    with pytest.raises(ValidationError, match="cannot fill 5 folds"):
        kfold(6, k=5, groups=["a", "a", "b", "b", "c", "c"])


def test_encoder_embeds_english_and_arabic_in_one_space() -> None:
    encoder = default_encoder()
    vectors = encoder.encode(
        ["Airstrikes hit the town of Saraqib.", "غارات جوية على مدينة سراقب", "", "Football scores"]
    )
    assert vectors.shape == (4, encoder.dim) and ENCODER_NAME in encoder.name
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    same, other = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[3])
    assert same > other
