"""The events of every article of a news file: the one loop that ``trucewatch extract``,
``trucewatch ingest news`` (the ``news`` adapter) and :func:`extract_file` share.

:func:`extract_articles` reads the file (text, HTML or JSON lines;
:func:`~trucewatch.text.clean.read_article_records`) and yields, per article, its events
(:class:`ArticleEvents`), or a :class:`~trucewatch.errors.RowError` and goes on: a bad JSON line,
an article that cannot be dated (no ``published`` and none given), and a second article under an
id an earlier line gave to another article (a conflict; an identical repeat is no conflict, its
events repeat the first's).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from trucewatch.errors import RowError, SourceError, ValidationError
from trucewatch.text.clean import Article, read_article_records
from trucewatch.text.gazetteer import Gazetteer, default_gazetteer
from trucewatch.text.pipeline import Extraction, extract
from trucewatch.text.type_step import DEFAULT_TYPES, Types, check_types

__all__ = ["ArticleEvents", "extract_articles", "extract_file"]


@dataclass(frozen=True)
class ArticleEvents:
    """The events found in one article, and where the article is in its file."""

    file: str
    line: int
    article: Article
    extractions: tuple[Extraction, ...]


def extract_articles(
    path: Path,
    *,
    gazetteer: Gazetteer | None = None,
    published: datetime | None = None,
    split_incidents: bool = False,
    types: Types = DEFAULT_TYPES,
) -> Iterator[ArticleEvents | RowError]:
    """Every article of ``path`` with the events found in it, or a RowError (file, line, field,
    reason) for what cannot be read, and the reading goes on.

    ``published`` dates text and HTML files and JSON lines without one; ``gazetteer``: default
    the embedded one; ``split_incidents`` and ``types`` (``"rules"`` or ``"model"``): see
    :func:`~trucewatch.text.pipeline.extract`. A file
    that cannot be read at all raises :class:`~trucewatch.errors.SourceError`.
    """
    path = Path(path)
    types = check_types(types)
    gaz = gazetteer or default_gazetteer()
    seen: dict[str, tuple[int, Article]] = {}
    for record in read_article_records(path, published=published):
        if isinstance(record, RowError):
            yield record
            continue
        line, article = record
        first = seen.setdefault(article.id, (line, article))
        if first[1] != article:
            yield _conflict(str(path), line, article, *first)
            continue
        try:
            found = extract(article, gaz, split_incidents=split_incidents, types=types)
        except ValidationError as exc:
            yield RowError(
                file=str(path), line=line, field="published", value=None, reason=str(exc)
            )
            continue
        yield ArticleEvents(str(path), line, article, tuple(found))


def extract_file(
    path: Path, *, published: datetime | None = None, gazetteer: Gazetteer | None = None
) -> list[Extraction]:
    """Every event of every article in ``path`` (text, HTML or JSON lines), in file order;
    ``published`` dates text and HTML files; ``gazetteer``: default the embedded one. The first
    article that cannot be read or dated raises SourceError naming its file, line and why
    (:func:`extract_articles` reports them all and goes on)."""
    out: list[Extraction] = []
    for item in extract_articles(path, gazetteer=gazetteer, published=published):
        if isinstance(item, RowError):
            raise SourceError(str(item))
        out.extend(item.extractions)
    return out


def _conflict(file: str, line: int, article: Article, first_line: int, first: Article) -> RowError:
    """The RowError of an article whose id an earlier line of the file gave another article.

    An identical repeat is no conflict: its events repeat the first's and are stored once.
    """
    differ = [
        name
        for name in ("text", "published", "title", "url", "source")
        if getattr(article, name) != getattr(first, name)
    ]
    return RowError(
        file=file,
        line=line,
        field="id",
        value=article.id,
        reason=(
            f"conflict: article id {article.id!r} was given to another article at line "
            f"{first_line} (this one differs in {', '.join(differ)}); an id names one article, "
            "so this one was not stored: give it its own id"
        ),
    )
