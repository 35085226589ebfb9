"""The event type of a sentence from a learned head on multilingual sentence vectors.

The head is a multinomial logistic regression over the 30 CASE 2021 task 2 labels (25 ACLED
sub-event types and five types ACLED does not code: organised crime, natural and man-made
disasters, diplomacy, claims of responsibility), trained by :mod:`trucewatch.text.train_types`
from public data on the vectors of :func:`trucewatch.text.encoder.default_encoder`
(multilingual-e5-small, so Arabic and other languages are typed by the same head). It ships as
``text/models/event_types.npz`` with its record ``event_types.json``; at run time it is one
matrix product in numpy (scikit-learn is not imported).

:func:`classify_sentences` is the one entry point: texts in, one :class:`TypePrediction` per
text out, with the taxonomy code (None for the five non-conflict types), the CASE label and its
probability. Identical texts are encoded once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from trucewatch.errors import SourceError, ValidationError
from trucewatch.model.taxonomy import is_event_type
from trucewatch.text.case2021 import CASE_TO_TAXONOMY
from trucewatch.text.ngrams import Vocabulary

__all__ = [
    "MODEL_FILE",
    "RECORD_FILE",
    "CachedTyper",
    "SentenceTyper",
    "TypeHead",
    "TypePrediction",
    "classify_sentences",
    "classify_vectors",
    "default_head",
    "default_typer",
]

#: the shipped head and its record, in the package ``trucewatch.text.models``
MODEL_FILE = "event_types.npz"
RECORD_FILE = "event_types.json"

_LOCK = threading.Lock()
_DEFAULT: TypeHead | None = None


@dataclass(frozen=True, slots=True)
class TypePrediction:
    """The type the head gives a text: ``code`` (a taxonomy code, or None when the text is not
    a conflict event: a disaster, crime, diplomacy, a claim), ``label`` (the CASE 2021 label)
    and ``probability`` (the head's, in [0, 1])."""

    code: str | None
    label: str
    probability: float

    def __post_init__(self) -> None:
        if self.label not in CASE_TO_TAXONOMY:
            raise ValidationError(f"type label {self.label!r} is not a CASE 2021 task 2 label")
        if self.code is not None and not is_event_type(self.code):
            raise ValidationError(f"type code {self.code!r} is not a taxonomy code")
        if not 0.0 <= self.probability <= 1.0:
            raise ValidationError(f"probability {self.probability} is outside [0, 1]")


def code_of(label: str) -> str | None:
    """The taxonomy code of a CASE label, None for the types outside conflict (``other``)."""
    code = CASE_TO_TAXONOMY[label]
    return None if code == "other" else code


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    return scores


class TypeHead:
    """A trained head: ``coef`` (labels × dim) and ``intercept`` (labels) over sentence
    vectors, and optionally a word n-gram part (``vocabulary``, ``ngram_coef``,
    ``ngram_intercept``) whose probabilities are mixed in with weight ``mix``; ``labels`` are
    CASE labels; the ``record`` says how it was made (:mod:`trucewatch.text.train_types`)."""

    def __init__(
        self,
        coef: np.ndarray,
        intercept: np.ndarray,
        labels: Sequence[str],
        record: dict[str, Any] | None = None,
        *,
        vocabulary: Vocabulary | None = None,
        ngram_coef: np.ndarray | None = None,
        ngram_intercept: np.ndarray | None = None,
        mix: float = 0.0,
    ) -> None:
        coef = np.asarray(coef, dtype=np.float32)
        intercept = np.asarray(intercept, dtype=np.float32)
        labels = [str(label) for label in labels]
        if coef.ndim != 2 or coef.shape[0] != len(labels) or intercept.shape != (len(labels),):
            raise ValidationError(
                f"a type head needs coef (labels × dim) and intercept (labels) for "
                f"{len(labels)} labels, not {coef.shape} and {intercept.shape}"
            )
        unknown = sorted(set(labels) - set(CASE_TO_TAXONOMY))
        if unknown:
            raise ValidationError(f"type head labels {unknown} are not CASE 2021 task 2 labels")
        if not 0.0 <= mix <= 1.0 or (mix > 0) != (vocabulary is not None):
            raise ValidationError(f"mix {mix} needs an n-gram part and must lie in [0, 1]")
        if vocabulary is not None:
            if ngram_coef is None or ngram_intercept is None:
                raise ValidationError("an n-gram part needs ngram_coef and ngram_intercept")
            if np.shape(ngram_coef) != (len(labels), len(vocabulary.terms)):
                raise ValidationError(
                    f"ngram_coef is {np.shape(ngram_coef)}, not "
                    f"({len(labels)}, {len(vocabulary.terms)})"
                )
        self.coef = coef
        self.intercept = intercept
        self.labels = tuple(labels)
        self.record = dict(record or {})
        self.vocabulary = vocabulary
        self.ngram_coef = None if ngram_coef is None else np.asarray(ngram_coef, np.float16)
        self.ngram_intercept = (
            None if ngram_intercept is None else np.asarray(ngram_intercept, np.float32)
        )
        self.mix = float(mix)

    @property
    def dim(self) -> int:
        return int(self.coef.shape[1])

    def vector_probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """(n, labels) probabilities of the vector part for ``vectors`` (n, dim)."""
        x = np.asarray(vectors, dtype=np.float32)
        if x.ndim != 2 or x.shape[1] != self.dim:
            raise ValidationError(f"the type head takes (n, {self.dim}) vectors, not {x.shape}")
        return _softmax(x @ self.coef.T + self.intercept)

    def ngram_probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """(n, labels) probabilities of the n-gram part for ``texts`` (no encoder needed)."""
        if self.vocabulary is None or self.ngram_coef is None or self.ngram_intercept is None:
            raise ValidationError("this type head has no n-gram part")
        return _softmax(self.vocabulary.scores(texts, self.ngram_coef, self.ngram_intercept))

    def probabilities(self, vectors: np.ndarray, texts: Sequence[str] | None = None) -> np.ndarray:
        """(n, labels) probabilities: the vector part's, mixed with the n-gram part's."""
        probs = self.vector_probabilities(vectors)
        if self.mix > 0:
            if texts is None or len(texts) != len(probs):
                raise ValidationError("this type head reads the texts too: give one per vector")
            probs = (1 - self.mix) * probs + self.mix * self.ngram_probabilities(texts)
        return probs

    def predictions(self, probs: np.ndarray) -> list[TypePrediction]:
        """One prediction per row of ``probs``: the most probable label."""
        best = probs.argmax(axis=1)
        return [
            TypePrediction(code_of(self.labels[k]), self.labels[k], min(1.0, float(probs[i, k])))
            for i, k in enumerate(best)
        ]

    def predict(
        self, vectors: np.ndarray, texts: Sequence[str] | None = None
    ) -> list[TypePrediction]:
        """One prediction per row of ``vectors`` (and text, when the head reads texts)."""
        return self.predictions(self.probabilities(vectors, texts))

    def save(self, path: Path) -> None:
        """Write the head as a compressed ``.npz`` (no pickles) at ``path``."""
        arrays: dict[str, np.ndarray] = {
            "coef": self.coef,
            "intercept": self.intercept,
            "labels": np.array(self.labels, dtype=np.str_),
            "mix": np.array(self.mix, dtype=np.float32),
        }
        if self.vocabulary is not None:
            assert self.ngram_coef is not None and self.ngram_intercept is not None
            joined = "\n".join(self.vocabulary.terms).encode("utf-8")
            arrays |= {
                "terms": np.frombuffer(joined, dtype=np.uint8),
                "idf": self.vocabulary.idf,
                "ngram_coef": self.ngram_coef,
                "ngram_intercept": self.ngram_intercept,
            }
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path, record: Path | None = None) -> TypeHead:
        """The head written by :meth:`save` at ``path`` (and its JSON ``record``, if given)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                vocabulary = None
                ngram: dict[str, Any] = {}
                if "terms" in data:
                    terms = bytes(data["terms"]).decode("utf-8").split("\n")
                    vocabulary = Vocabulary(terms, data["idf"])
                    ngram = {
                        "ngram_coef": data["ngram_coef"],
                        "ngram_intercept": data["ngram_intercept"],
                    }
                coef, intercept, labels = data["coef"], data["intercept"], list(data["labels"])
                mix = float(data["mix"]) if "mix" in data else 0.0
            meta = json.loads(Path(record).read_text(encoding="utf-8")) if record else {}
        except (OSError, KeyError, ValueError) as exc:
            raise SourceError(
                f"{path}: cannot read the event-type head ({exc}); write it again with "
                "`python -m trucewatch.text.train_types`"
            ) from exc
        return cls(coef, intercept, labels, meta, vocabulary=vocabulary, mix=mix, **ngram)


def default_head() -> TypeHead:
    """The shipped head (``text/models/event_types.npz``), loaded once per process."""
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            folder = resources.files("trucewatch.text.models")
            with (
                resources.as_file(folder / MODEL_FILE) as model,
                resources.as_file(folder / RECORD_FILE) as record,
            ):
                _DEFAULT = TypeHead.load(Path(model), Path(record))
        return _DEFAULT


def classify_vectors(
    vectors: np.ndarray, head: TypeHead | None = None, texts: Sequence[str] | None = None
) -> list[TypePrediction]:
    """The type of each row of ``vectors`` (made by the encoder the head was trained on; the
    ``texts`` too when the head has an n-gram part, as the shipped one has)."""
    return (head or default_head()).predict(vectors, texts)


def classify_sentences(
    texts: Sequence[str],
    head: TypeHead | None = None,
    encoder: Any = None,
    *,
    sure: float | None = None,
) -> list[TypePrediction]:
    """The event type of each text (a sentence or a short snippet, any language the encoder
    reads), by the shipped head on :func:`~trucewatch.text.encoder.default_encoder` vectors.
    Texts are encoded in one batch, each distinct text once; an empty list gives ``[]``.

    ``sure`` (a cascade, off by default): a text whose n-gram part alone gives a label this
    probability or more is typed by that part without the encoder (faster, less accurate:
    docs/news.md "Event types")."""
    if not texts:
        return []
    head = head or default_head()
    distinct = list(dict.fromkeys(texts))
    found: dict[str, TypePrediction] = {}
    if sure is not None and head.vocabulary is not None:
        probs = head.ngram_probabilities(distinct)
        confident = probs.max(axis=1) >= sure
        found.update(
            zip(
                [t for t, c in zip(distinct, confident, strict=True) if c],
                head.predictions(probs[confident]),
                strict=True,
            )
        )
        distinct = [t for t in distinct if t not in found]
    if distinct:
        if encoder is None:
            from trucewatch.text.encoder import default_encoder

            encoder = default_encoder()
        vectors = encoder.encode(distinct)
        found.update(zip(distinct, head.predict(vectors, distinct), strict=True))
    return [found[t] for t in texts]


#: what types texts in the pipeline: texts in, one prediction per text out
SentenceTyper = Callable[[Sequence[str]], list[TypePrediction]]


class CachedTyper:
    """:func:`classify_sentences` that remembers the texts it typed (up to ``max_texts``, then
    it forgets them all): a sentence repeated in a file — a wire story run by several papers,
    a boilerplate line — is encoded once. Calling it with many texts at once encodes them in
    one batch (the news loop types a chunk of articles at a time)."""

    def __init__(
        self,
        head: TypeHead | None = None,
        encoder: Any = None,
        max_texts: int = 50_000,
        *,
        sure: float | None = None,
    ) -> None:
        self.head = head
        self.sure = sure
        self.encoder = encoder
        self.max_texts = max_texts
        self._seen: dict[str, TypePrediction] = {}
        self._lock = threading.Lock()
        #: how many texts were encoded and how many were found in the memory
        self.encoded = 0
        self.reused = 0

    def __call__(self, texts: Sequence[str]) -> list[TypePrediction]:
        with self._lock:
            new = [t for t in dict.fromkeys(texts) if t not in self._seen]
            self.reused += len(texts) - len(new)
            if new:
                if len(self._seen) + len(new) > self.max_texts:
                    self._seen.clear()
                self._seen.update(
                    zip(
                        new,
                        classify_sentences(new, self.head, self.encoder, sure=self.sure),
                        strict=True,
                    )
                )
                self.encoded += len(new)
            return [self._seen[t] for t in texts]


_TYPER: CachedTyper | None = None


def default_typer() -> CachedTyper:
    """The process-wide :class:`CachedTyper` of the shipped head and the default encoder."""
    global _TYPER
    with _LOCK:
        if _TYPER is None:
            _TYPER = CachedTyper()
        return _TYPER
