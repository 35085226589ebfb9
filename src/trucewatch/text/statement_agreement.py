"""How often two people who label the same truce articles agree: the second labeller's truce
entries scored as if they were drafts against the first's labels, with the scorer of the rules
(:func:`~trucewatch.text.statement_score.score_article`), so the figure is on the rules' scale.

A figure the rules cannot be expected to beat: when two careful labellers following the set's
README agree on 65 % of whole truces, a target of 90 % measures the conventions as much as the
rules. The second labels ship in ``labelled/truce_second/`` (batch 6, written from the article
text alone, never from the first labels); docs/news.md, "Truce articles: the labelled set".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from importlib import resources
from pathlib import Path

from trucewatch.errors import SourceError
from trucewatch.model.time import zone
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.packs import shipped_packs
from trucewatch.text.statement_model import (
    Condition,
    Deadline,
    Span,
    Speaker,
    Statement,
    TruceDraft,
)
from trucewatch.text.statement_score import ArticleScore, score_article
from trucewatch.text.statement_set import (
    ExpectedTruce,
    LabelledArticle,
    load_set,
    read_labelled,
    set_aliases,
)

__all__ = ["agreement", "as_drafts", "load_second", "second_root"]


def second_root() -> Path:
    """The folder of the shipped second labels (``trucewatch/text/labelled/truce_second``)."""
    return Path(str(resources.files("trucewatch.text").joinpath("labelled", "truce_second")))


def load_second(root: Path | None = None) -> list[LabelledArticle]:
    """The second labeller's articles, sorted by id (SourceError naming the file when one is
    not a labelled article)."""
    folder = root or second_root()
    if not folder.is_dir():
        raise SourceError(f"{folder}: no folder of second labels")
    return [read_labelled(p, "dev") for p in sorted(folder.glob("*.json"))]


def _instant(value: datetime | date | None, tz: str) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, time(0), zone(tz))


def _deadline(by: str, what: str) -> Deadline:
    if "T" in by:
        return Deadline(datetime.fromisoformat(by), what)
    return Deadline(date.fromisoformat(by + "-01" if len(by) == 7 else by), what)


def as_drafts(item: LabelledArticle) -> list[TruceDraft]:
    """``item``'s expected truces written as drafts, to be scored like the rules' drafts."""
    return [_draft(item, k, e) for k, e in enumerate(item.truces)]


def _draft(item: LabelledArticle, k: int, e: ExpectedTruce) -> TruceDraft:
    start = _instant(e.start, e.timezone)
    said = (e.speaker_person, e.speaker_office, e.speaker_state)
    return TruceDraft(
        draft_id=f"{item.id}-{k}",
        article_id=item.id,
        act=e.act,
        # a draft carries the statements it comes from; a label has none, so one placeholder
        statements=(Statement(e.act, item.id, 0, Span(0, 0, "")),),
        speaker=Speaker(*said) if any(said) else None,
        parties=e.parties,
        scope=e.scope,
        nationwide=e.nationwide,
        country=item.conflict,
        start=start,
        start_precision=e.start_precision or ("day" if start is not None else None),
        timezone=e.timezone,
        duration=e.duration,
        end=_instant(e.end, e.timezone),
        exclusions=e.exclusions,
        conditions=tuple(Condition(text, days) for text, days in e.conditions),
        deadlines=tuple(_deadline(by, what) for by, what in e.deadlines),
        extends=e.extends,
        new_agreement=e.new_agreement,
    )


def agreement(
    second: Sequence[LabelledArticle], first: Sequence[LabelledArticle] | None = None
) -> ArticleScore:
    """The truce fields on which ``second`` agrees with ``first`` (default: the shipped set),
    article by article, ``first`` taken as the reference; swap them for the other direction.
    SourceError when an article of ``second`` is not in ``first``."""
    by_id = {i.id: i for i in (first if first is not None else load_set("all"))}
    packs = set(shipped_packs())
    out = ArticleScore()
    for other in second:
        ref = by_id.get(other.id)
        if ref is None:
            raise SourceError(f"{other.id}: not an article of the first labels")
        known = ref.conflict in packs
        gaz = default_gazetteer(countries=(ref.conflict,) if known else ("SY",))
        aliases = set_aliases(ref.conflict)
        out.add(score_article(ref, as_drafts(other), None, None, gaz, aliases))
    return out
