"""Scores of the truce-statement rules on the labelled truce articles (issue 18).

For each article of the set (:mod:`trucewatch.text.statement_set`) the pipeline runs:
:func:`trucewatch.text.statements.find_statements`,
:func:`trucewatch.text.truce_drafts.draft_truces` (with the set's and the shipped agreements),
:func:`trucewatch.text.claims.find_claims` and the news extraction
:func:`trucewatch.text.pipeline.extract`. A part missing from this checkout (ImportError,
NotImplementedError, or the old ``find_statements`` that returns ``DraftStatement``) is reported
as "not available" with the reason, never scored as zero.

Matching and the fields: :mod:`trucewatch.text.statement_score`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from trucewatch.model.agreement import Agreement
from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import Gazetteer, default_gazetteer
from trucewatch.text.packs import shipped_packs
from trucewatch.text.pipeline import extract
from trucewatch.text.statement_baseline import baseline_drafts
from trucewatch.text.statement_model import Claim, Statement, TruceDraft
from trucewatch.text.statement_score import COUNTS, FIELDS, ArticleScore, score_article
from trucewatch.text.statement_set import (
    SPLITS,
    LabelledArticle,
    load_set,
    set_agreements,
    set_aliases,
)

__all__ = ["StatementFilter", "StatementScores", "evaluate_statements"]

#: what may be given to drop statements before drafting: (article, statements) -> kept ones
StatementFilter = Callable[[Article, Sequence[Statement]], Sequence[Statement]]


@dataclass(frozen=True, slots=True)
class StatementScores:
    """Scores per split (``n`` articles each) and which parts could not be run, and why."""

    splits: dict[str, ArticleScore]
    articles: dict[str, int]
    unavailable: dict[str, str]
    #: the obvious baseline's drafts scored the same way (:mod:`.statement_baseline`)
    baseline: dict[str, ArticleScore] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        """One row per field and count: per split "correct/n (share)", or "not available";
        beside each split, the baseline's figure for the truce fields ("-" for the others)."""
        out = []
        for name, part in (*FIELDS, *COUNTS):
            row: dict[str, Any] = {"field": name}
            for split, score in self.splits.items():
                key = f"{split} (n {self.articles[split]})"
                row[key] = _cell(score, name, "not available" if part in self.unavailable else "")
                if split in self.baseline:
                    cell = _cell(self.baseline[split], name, "-" if part != "drafts" else "")
                    row[f"{split} baseline"] = cell
            out.append(row)
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: per split, n articles, each field's correct / n / share, the counts."""
        out: dict[str, Any] = {"not_available": dict(self.unavailable), "splits": {}}
        for split, score in self.splits.items():
            fields = {}
            for name, part in FIELDS:
                t = score.tallies[name]
                fields[name] = (
                    None
                    if part in self.unavailable
                    else {"correct": t.correct, "n": t.n, "share": t.share}
                )
            counts = {
                name: None if part in self.unavailable else score.counts[name]
                for name, part in COUNTS
            }
            out["splits"][split] = {"n": self.articles[split], "fields": fields, "counts": counts}
            if split in self.baseline:
                base = self.baseline[split]
                out["splits"][split]["baseline"] = {
                    name: {"correct": base.tallies[name].correct, "n": base.tallies[name].n}
                    for name, part in FIELDS
                    if part == "drafts"
                }
        return out


def _cell(score: ArticleScore, name: str, instead: str) -> str:
    """A field's "correct/n (share)", a count, or ``instead`` when set."""
    if instead:
        return instead
    t = score.tallies.get(name)
    if t is None:
        return str(score.counts[name])
    return "-" if not t.n else f"{t.correct}/{t.n} ({t.correct / t.n:.0%})"


@dataclass(slots=True)
class _Parts:
    """The pipeline's functions found in this checkout, and why the others are missing."""

    statements: Callable[..., Any] | None = None
    drafts: Callable[..., Any] | None = None
    claims: Callable[..., Any] | None = None
    unavailable: dict[str, str] = field(default_factory=dict)


def _find_parts() -> _Parts:
    parts = _Parts()
    try:
        from trucewatch.text.statements import find_statements
        from trucewatch.text.truce_drafts import draft_truces
    except ImportError as exc:
        parts.unavailable["drafts"] = f"not available: {exc}"
    else:
        if "country" not in inspect.signature(find_statements).parameters:
            parts.unavailable["drafts"] = "not available: find_statements has the old signature"
        parts.statements, parts.drafts = find_statements, draft_truces
    try:
        from trucewatch.text.claims import find_claims
    except ImportError as exc:
        parts.unavailable["claims"] = f"not available: {exc}"
    else:
        parts.claims = find_claims
    return parts


def _run(parts: _Parts, part: str, call: Callable[[], Any]) -> Any:
    if part in parts.unavailable:
        return None
    try:
        return call()
    except NotImplementedError as exc:
        parts.unavailable[part] = f"not available: {exc or 'not implemented'}"
        return None


def _claims(parts: _Parts, item: LabelledArticle, gaz: Gazetteer) -> list[Claim]:
    assert parts.claims is not None
    return list(parts.claims(item.article, gaz, country=item.conflict))


def _drafts(
    parts: _Parts,
    item: LabelledArticle,
    gaz: Gazetteer,
    agreements: list[Agreement],
    statement_filter: StatementFilter | None = None,
) -> list[TruceDraft] | None:
    assert parts.statements is not None and parts.drafts is not None
    statements = parts.statements(item.article, gaz, country=item.conflict)
    if any(not isinstance(x, Statement) for x in statements):
        parts.unavailable["drafts"] = "not available: find_statements returns no Statement"
        return None
    if statement_filter is not None:
        statements = list(statement_filter(item.article, statements))
    return list(parts.drafts(item.article, statements, agreements))


def evaluate_statements(
    split: str = "all",
    *,
    gazetteer: Gazetteer | None = None,
    items: Sequence[LabelledArticle] | None = None,
    statement_filter: StatementFilter | None = None,
) -> StatementScores:
    """Run the pipeline on the articles of ``split`` (``dev``, ``held`` or ``all``) and score
    them field by field, per split (``items``: score these instead of the shipped set;
    ``statement_filter``: applied to each article's statements before drafting, e.g. an
    :class:`~trucewatch.text.statements.act_filter.ActFilter`; none by default).

    Each article is read with the gazetteer of its conflict's country pack (``gazetteer``:
    this one for all); the expected events of a conflict without a pack are not scored (its
    places cannot be found), its not-events are."""
    agreements = set_agreements()
    if items is None:
        items = load_set(split, agreement_ids=[a.id for a in agreements])
    parts = _find_parts()
    splits = {name: ArticleScore() for name in SPLITS if any(i.split == name for i in items)}
    baseline = {name: ArticleScore() for name in splits}
    counts = {name: sum(1 for i in items if i.split == name) for name in splits}
    packs = set(shipped_packs())
    for item in items:
        known = item.conflict in packs  # a conflict without a pack has no places to find
        gaz = gazetteer or default_gazetteer(countries=(item.conflict,) if known else ("SY",))
        draft = partial(_drafts, parts, item, gaz, agreements, statement_filter)
        drafts = _run(parts, "drafts", draft)
        claims = _run(parts, "claims", partial(_claims, parts, item, gaz))
        events = extract(item.article, gaz)
        scored = item if known else replace(item, events=())
        aliases = set_aliases(item.conflict)
        splits[item.split].add(score_article(scored, drafts, claims, events, gaz, aliases))
        plain = baseline_drafts(item.article, gaz)
        baseline[item.split].add(score_article(item, plain, None, None, gaz, aliases))
    return StatementScores(
        splits=splits, articles=counts, unavailable=dict(parts.unavailable), baseline=baseline
    )
