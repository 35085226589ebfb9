"""CASE 2021 task 2 (fine-grained event classification): our event typing scored on its snippets.

The task labels 1–3-sentence news snippets with 25 ACLED sub-event types plus five "unseen"
types (Haneczok et al., *Fine-grained Event Classification in News-like Text Snippets*, CASE
2021). Our taxonomy is coarser, so each CASE label is mapped to one taxonomy code
(:data:`CASE_TO_TAXONOMY`, the same map as ACLED's sub-event types in docs/event-model.md; the
unseen types, which ACLED does not code, become ``other``) and :func:`evaluate_case2021` scores
:func:`trucewatch.text.types.classify_text` on the mapped gold labels: macro-F1 over the
taxonomy codes that occur as gold or prediction, beside the majority-class baseline.

Nothing is learned from the file by :func:`evaluate_case2021`, but the keyword rules of
``text/types.py`` were written while looking at this development file, so its score is
optimistic. :func:`trucewatch.text.case2021_cv.cross_validate_case2021` scores the rules and
the learned head (:mod:`trucewatch.text.type_model`) side by side on the same seeded k folds.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from trucewatch.errors import SourceError
from trucewatch.model.taxonomy import is_event_type
from trucewatch.text.types import classify_text

__all__ = [
    "CASE_FILE",
    "CASE_TO_TAXONOMY",
    "TAXONOMY_TO_CASE",
    "evaluate_case2021",
    "macro_f1",
    "read_case2021",
    "weighted_f1",
]

#: where the dev file sits under a data directory laid out like ``../shared/data``
CASE_FILE = Path("case2021_task2_event_classification") / "case2021_task2_dev.tsv"

#: CASE 2021 task 2 label -> taxonomy code (ACLED sub-event types as in docs/event-model.md)
CASE_TO_TAXONOMY: dict[str, str] = {
    "ABDUCT_DISSAP": "civilians.abduction",
    "AGREEMENT": "strategic.agreement",
    "AIR_STRIKE": "remote.airstrike",
    "ARMED_CLASH": "battle.armed_clash",
    "ARREST": "strategic.arrest",
    "ART_MISS_ATTACK": "remote.shelling",
    "ATTACK": "civilians.attack",
    "CHANGE_TO_GROUP_ACT": "strategic.other",
    "CHEM_WEAP": "remote.chemical",
    "DISR_WEAP": "strategic.other",
    "FORCE_AGAINST_PROTEST": "unrest.protest",
    "GOV_REGAINS_TERIT": "battle.territory_change",
    "GRENADE": "remote.grenade",
    "HQ_ESTABLISHED": "strategic.other",
    "MOB_VIOL": "unrest.riot",
    "NON_STATE_ACTOR_OVERTAKES_TER": "battle.territory_change",
    "NON_VIOL_TERRIT_TRANSFER": "strategic.other",
    "OTHER": "strategic.other",
    "PEACE_PROTEST": "unrest.protest",
    "PROPERTY_DISTRUCT": "strategic.other",
    "PROTEST_WITH_INTER": "unrest.protest",
    "REM_EXPLOS": "remote.bombing",
    "SEX_VIOL": "civilians.sexual_violence",
    "SUIC_BOMB": "remote.bombing",
    "VIOL_DEMONSTR": "unrest.riot",
    # "unseen" types, outside ACLED and outside our taxonomy
    "ORG_CRIME": "other",
    "NATURAL_DISASTER": "other",
    "MAN_MADE_DISASTER": "other",
    "DIPLO": "other",
    "ATTRIB": "other",
}

#: taxonomy code -> the CASE labels it covers (the inverse of :data:`CASE_TO_TAXONOMY`)
TAXONOMY_TO_CASE: dict[str, tuple[str, ...]] = {
    code: tuple(sorted(label for label, c in CASE_TO_TAXONOMY.items() if c == code))
    for code in dict.fromkeys(CASE_TO_TAXONOMY.values())
}


def read_case2021(path: Path) -> list[tuple[str, str, str]]:
    """``(id, snippet, label)`` rows of a CASE 2021 task 2 TSV (``id``, ``EventSnippet``,
    ``SubType``; tab-separated, no quoting). Unknown labels and short rows are errors."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader, None)
            if header is None or [h.strip() for h in header[:3]] != [
                "id",
                "EventSnippet",
                "SubType",
            ]:
                raise SourceError(
                    f"{path}: header {header!r} is not 'id<TAB>EventSnippet<TAB>SubType'"
                )
            rows: list[tuple[str, str, str]] = []
            for line, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) < 3:
                    raise SourceError(f"line {line} of {path}: {len(row)} column(s), expected 3")
                label = row[-1].strip()
                if label not in CASE_TO_TAXONOMY:
                    raise SourceError(
                        f"line {line} of {path}: SubType {label!r} is not a CASE 2021 task 2 "
                        f"label (allowed: {', '.join(sorted(CASE_TO_TAXONOMY))})"
                    )
                rows.append((row[0].strip(), "\t".join(row[1:-1]), label))
    except OSError as exc:
        raise SourceError(f"{path}: cannot read the CASE 2021 file: {exc}") from exc
    return rows


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean F1 over every class that occurs in ``gold`` or ``predicted`` (as
    scikit-learn's ``f1_score(average="macro")``; a class never predicted scores 0)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    classes: Iterable[str] = sorted(set(gold) | set(predicted))
    scores = []
    for c in classes:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == c and p != c)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def weighted_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """F1 per gold class weighted by its support (as scikit-learn's ``f1_score(average=
    "weighted")``, the CASE 2021 task 2 metric over its 30 labels)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    support = Counter(gold)
    total = 0.0
    for c, n in support.items():
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != c and p == c)
        total += n * (2 * tp / (2 * tp + fp + (n - tp)) if tp else 0.0)
    return total / len(gold) if gold else 0.0


def predict(snippet: str) -> str:
    """The taxonomy code our rules give a snippet (``other`` when no rule fires)."""
    match = classify_text(snippet)
    return match.code if match else "other"


def evaluate_case2021(data_dir: Path) -> dict[str, dict[str, float]]:
    """Event-type macro-F1 and accuracy of our rules on the CASE 2021 task 2 dev file under
    ``data_dir``, gold labels mapped to the taxonomy, beside the majority-class baseline:
    ``{"event_type_macro_f1": {"system", "baseline", "n"}, "event_type_accuracy": {...}}``."""
    rows = read_case2021(Path(data_dir) / CASE_FILE)
    if not rows:
        raise SourceError(f"{Path(data_dir) / CASE_FILE}: no snippets")
    gold = [CASE_TO_TAXONOMY[label] for _id, _text, label in rows]
    system = [predict(text) for _id, text, _label in rows]
    assert all(is_event_type(code) for code in system)
    majority = Counter(gold).most_common(1)[0][0]
    baseline = [majority] * len(gold)
    n = float(len(gold))

    def accuracy(pred: list[str]) -> float:
        return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)

    return {
        "event_type_macro_f1": {
            "system": round(macro_f1(gold, system), 4),
            "baseline": round(macro_f1(gold, baseline), 4),
            "n": n,
        },
        "event_type_accuracy": {
            "system": round(accuracy(system), 4),
            "baseline": round(accuracy(baseline), 4),
            "n": n,
        },
    }
