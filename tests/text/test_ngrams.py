"""The n-gram features of the event-type head: words, word pairs and character n-grams."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from trucewatch.text.ngrams import Vocabulary, char_terms_of, terms_of
from trucewatch.text.type_model import TypeHead

TEXTS = [
    "Airstrikes hit the town of Douma, killing 5 civilians.",
    "قصف جوي على مدينة دوما أسفر عن مقتل خمسة مدنيين",
    "A b  c\tdé",
    "Protesters rallied in Khartoum; police fired tear gas.",
]


def test_character_terms_are_those_of_scikit_learns_char_wb_analyser() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    for text in TEXTS:
        analyser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
        expected: dict[str, int] = {}
        for gram in analyser(text):
            expected[gram] = expected.get(gram, 0) + 1
        got = {term[1:]: n for term, n in char_terms_of(text).items()}
        assert got == expected


def test_a_short_word_gives_n_grams_up_to_its_padded_length_only() -> None:
    assert char_terms_of("a") == {"\t a": 1, "\ta ": 1, "\t a ": 1}


def test_vocabulary_without_characters_reads_words_and_pairs_only() -> None:
    vocabulary = Vocabulary.fit(TEXTS * 2, 50)
    assert not vocabulary.chars
    assert all(not t.startswith("\t") for t in vocabulary.terms)
    idx, weights = vocabulary.features(TEXTS[0])
    assert {vocabulary.terms[i] for i in idx} <= set(terms_of(TEXTS[0]))
    assert np.linalg.norm(weights) == pytest.approx(1.0)


def test_each_block_has_the_same_weight_when_characters_are_read() -> None:
    vocabulary = Vocabulary.fit(TEXTS * 2, 50, max_chars=400)
    assert vocabulary.chars
    assert sum(vocabulary.is_char) == 400
    idx, weights = vocabulary.features(TEXTS[1])
    is_char = vocabulary.is_char[idx]
    assert is_char.any() and (~is_char).any()
    assert np.linalg.norm(weights[is_char]) == pytest.approx(2**-0.5, rel=1e-5)
    assert np.linalg.norm(weights[~is_char]) == pytest.approx(2**-0.5, rel=1e-5)


def test_a_text_with_no_known_word_still_gets_its_character_block() -> None:
    vocabulary = Vocabulary.fit(TEXTS * 2, 50, max_chars=2000)
    idx, weights = vocabulary.features("Doumas")  # not a word of the texts; " do" is
    assert len(idx) and vocabulary.is_char[idx].all()
    assert np.linalg.norm(weights) == pytest.approx(2**-0.5, rel=1e-5)


def test_a_head_with_character_terms_reads_the_same_after_saving(tmp_path: Path) -> None:
    vocabulary = Vocabulary.fit(TEXTS * 2, 50, max_chars=300)
    rng = np.random.default_rng(7)
    labels = ["AIR_STRIKE", "PEACE_PROTEST"]
    head = TypeHead(
        rng.normal(size=(2, 4)),
        np.zeros(2),
        labels,
        vocabulary=vocabulary,
        ngram_coef=rng.normal(size=(2, len(vocabulary.terms))),
        ngram_intercept=np.zeros(2),
        mix=0.5,
    )
    head.save(tmp_path / "head.npz")
    again = TypeHead.load(tmp_path / "head.npz")
    assert again.vocabulary is not None and again.vocabulary.chars
    assert again.vocabulary.terms == vocabulary.terms
    np.testing.assert_allclose(
        again.ngram_probabilities(TEXTS), head.ngram_probabilities(TEXTS), rtol=1e-5
    )
