"""An optional filter of the rules' statements by the hybrid act model (experiment; off).

:func:`~trucewatch.text.statements.find_statements` gives an act to any sentence with a cue
word, background included ("Dozens of ceasefires have been declared since then"). The hybrid of
:mod:`.act_model` (``e5+rules``: the sentence's e5 vector joined to the rules' act as one-hot
features) learned when such an act is no news: it says ``none``. :class:`ActFilter` drops every
statement of a sentence whose probability of ``none`` is at least ``threshold``; the others are
kept unchanged (it never adds or changes an act).

With ``overrule=True`` it may also change an act: for a sentence the rules made statements of,
the hybrid's most probable act replaces the act of all its statements (``dataclasses.replace``)
when that act differs from the rules' (the first statement's) and its probability is at least
``threshold`` (``None``: whenever it is the most probable); ``none`` still drops the statements
as above. It never makes a statement of a sentence the rules left alone.

Dropped rather than weakened: a statement's ``confidence`` is read by no later step, so lowering
it changes nothing, and a background act kept in a draft still gives the draft its act (by
``ACT_STRENGTH``), places and start, or makes a draft of its own. Nothing calls the filter by
default; ``statement_eval.evaluate_statements(statement_filter=...)`` and
``scripts/act_filter_cv.py`` use it. docs/news.md, "As a filter on the rules' statements".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from trucewatch.text.clean import Article
from trucewatch.text.statement_model import Statement
from trucewatch.text.statements.act_model import LABELS, ActModel, sentence_units

__all__ = [
    "DEFAULT_THRESHOLD",
    "ActFilter",
    "hybrid_design",
    "rules_act_by_sentence",
    "sentence_texts",
]

#: the probability of ``none`` from which a sentence's statements are dropped (fixed a priori)
DEFAULT_THRESHOLD = 0.7

#: e5 vectors of sentences, one row each (the encoder, or a cache in front of it)
Encode = Callable[[Sequence[str]], np.ndarray]


def hybrid_design(vectors: np.ndarray, rule_acts: Sequence[str]) -> np.ndarray:
    """The hybrid's input: each e5 row joined to the one-hot of the rules' act (``none``: the
    rules make no statement of the sentence), as ``scripts/act_model_cv.py`` fits it."""
    if len(vectors) != len(rule_acts):
        raise ValueError(f"{len(vectors)} vectors for {len(rule_acts)} acts")
    onehot = np.array([[a == x for x in LABELS] for a in rule_acts], dtype=np.float32)
    return np.hstack([np.asarray(vectors, dtype=np.float32), onehot.reshape(len(rule_acts), -1)])


def rules_act_by_sentence(statements: Sequence[Statement]) -> dict[int, str]:
    """The act of the first statement the rules give each sentence index (-1: the headline)."""
    out: dict[int, str] = {}
    for s in statements:
        out.setdefault(s.sentence_index, s.act)
    return out


def sentence_texts(article: Article) -> dict[int, str]:
    """Each sentence index of ``article`` and its text, split as ``find_statements`` splits it;
    -1 is the whole headline (as the sentence labels have it)."""
    return dict(sentence_units(article)[0])


def _default_encode(texts: Sequence[str]) -> np.ndarray:
    from trucewatch.text.encoder import default_encoder

    return np.asarray(default_encoder().encode(list(texts)), dtype=np.float32)


@dataclass
class ActFilter:
    """A fitted hybrid and the probability of ``none`` from which a statement is dropped (and,
    with ``overrule``, of another act from which it replaces the rules')."""

    model: ActModel
    threshold: float | None = DEFAULT_THRESHOLD
    encode: Encode = _default_encode
    #: also replace the rules' act by the model's where it is confident (see the module doc)
    overrule: bool = False

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        acts: Sequence[str],
        rule_acts: Sequence[str],
        vectors: np.ndarray,
        *,
        threshold: float | None = DEFAULT_THRESHOLD,
        encode: Encode = _default_encode,
        overrule: bool = False,
        **params: Any,
    ) -> ActFilter:
        """Fit the hybrid on labelled sentences: ``texts`` with their ``acts`` (gold),
        ``rule_acts`` (the rules' act, ``none`` if none) and e5 ``vectors``; ``params`` go to
        :meth:`ActModel.fit` (``c``, ``balanced``)."""
        x = hybrid_design(vectors, rule_acts)
        model = ActModel.fit(texts, acts, features=("e5",), vectors=x, **params)
        return cls(model, threshold, encode, overrule)

    def probabilities(self, texts: Sequence[str], rule_acts: Sequence[str]) -> np.ndarray:
        """(n, ``model.labels``) probabilities of each sentence's label."""
        if not len(texts):
            return np.zeros((0, len(self.model.labels)), dtype=np.float32)
        scores = self.model.scores(texts, hybrid_design(self.encode(texts), rule_acts))
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return np.asarray(scores / scores.sum(axis=1, keepdims=True), dtype=np.float32)

    def none_probability(self, texts: Sequence[str], rule_acts: Sequence[str]) -> np.ndarray:
        """The model's probability that each sentence makes no act (0 if it never saw one)."""
        if "none" not in self.model.labels:
            return np.zeros(len(texts), dtype=np.float32)
        return self.probabilities(texts, rule_acts)[:, self.model.labels.index("none")]

    def judged(
        self, article: Article, statements: Sequence[Statement]
    ) -> dict[int, tuple[str, float]]:
        """The sentence indices whose statements change, each with the label the model gives it
        (``none``: dropped; another act, only with ``overrule``: the statements take it) and
        that label's probability. A sentence is dropped when P(none) >= ``threshold`` (or
        ``none`` is the most probable label, threshold ``None``), as the filter always did."""
        acts = rules_act_by_sentence(statements)
        texts = sentence_texts(article)
        index = [i for i in acts if i in texts]
        prob = self.probabilities([texts[i] for i in index], [acts[i] for i in index])
        labels = self.model.labels
        out: dict[int, tuple[str, float]] = {}
        for i, row in zip(index, prob, strict=True):
            top = labels[int(row.argmax())]
            p_none = float(row[labels.index("none")]) if "none" in labels else 0.0
            if "none" in labels and (
                top == "none" if self.threshold is None else p_none >= self.threshold
            ):
                out[i] = ("none", p_none)
            elif self.overrule and top not in ("none", acts[i]):
                p_top = float(row.max())
                if self.threshold is None or p_top >= self.threshold:
                    out[i] = (top, p_top)
        return out

    def dropped(self, article: Article, statements: Sequence[Statement]) -> dict[int, float]:
        """The sentence indices whose statements go, each with its probability of ``none``."""
        judged = self.judged(article, statements)
        return {i: p for i, (label, p) in judged.items() if label == "none"}

    def __call__(self, article: Article, statements: Sequence[Statement]) -> list[Statement]:
        """``statements`` without those of the sentences the model calls ``none`` (and, with
        ``overrule``, with the model's act where it overrules the rules')."""
        judged = self.judged(article, statements)
        out = []
        for s in statements:
            label = judged.get(s.sentence_index, (s.act, 1.0))[0]
            if label != "none":
                out.append(s if label == s.act else replace(s, act=label))
        return out
