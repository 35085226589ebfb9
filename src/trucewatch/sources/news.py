"""News articles (text, HTML or JSON lines) as events, through the rules of trucewatch.text.

Registered as ``news`` (``news.v1``): ``trucewatch ingest news FILE``. Each sentence that reports
an event becomes one event with id ``news:<article id>-s<sentence index>``; an article that
cannot be dated (no ``published`` and none given), a bad JSON line (file, line, field, reason)
and a second article under an id already used in the file (a conflict; an identical repeat is
stored once) are row errors, not a stop. With
``split_incidents`` a sentence reporting several incidents at different places gives one event
per incident (ids ``...-s<N>``, ``...-s<N>-1``, ...; see :func:`trucewatch.text.extract`).

The option does not change the adapter name: the store keys a file by (sha256, ``news.v1``), so
a file already ingested without the option is not read again with it (and the reverse). Reading
it again would keep the whole-sentence event under the first incident's id and add the other
incidents beside it, counting their tolls twice; use a fresh store to switch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from trucewatch.errors import RowError, SourceError
from trucewatch.model.event import Event
from trucewatch.sources.base import Record, register
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits, check_size
from trucewatch.sources.sniff import guess_source, shape_hint
from trucewatch.text.articles import extract_articles
from trucewatch.text.clean import MAX_ARTICLE_CHARS, parse_published
from trucewatch.text.embedded import user_cache_dir
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.geonames import gazetteer_dir
from trucewatch.text.pipeline import ADAPTER, SOURCE
from trucewatch.text.type_step import DEFAULT_TYPES, check_types

__all__ = ["NewsAdapter"]


_TABLE_SUFFIXES = (".csv", ".tsv", ".tab")


def _refuse_tables(path: Path) -> None:
    """Refuse an event table (a CSV/TSV, or a known source's file) given as news articles.

    Read as text it would be one long "article" whose cells the rules would turn into events.
    """
    if not path.is_file() or path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return
    with path.open("rb") as stream:
        first = stream.readline(65536).decode("utf-8", errors="replace").strip("\r\n")
    source = guess_source([first])
    if source is not None:
        raise SourceError(
            f"{path}: not news articles{shape_hint([first], 'news')}; news files are text, "
            "HTML or JSON lines; nothing was read"
        )
    if path.suffix.lower() in _TABLE_SUFFIXES:
        raise SourceError(
            f"{path}: a {path.suffix.lower()[1:].upper()} table, not news articles: news files "
            "are text, HTML or JSON lines; for a table of events use `trucewatch ingest csv "
            "--mapping FILE --source-name NAME`; nothing was read"
        )


@register("news")
class NewsAdapter:
    """Adapter ``news.v1``; ``published`` (ISO 8601 with an offset, or a datetime) dates text
    and HTML files and JSON lines without one; ``min_confidence`` drops weaker extractions;
    ``split_incidents`` gives one event per incident of a sentence (off by default);
    ``types`` who types an event sentence, ``"rules"`` or ``"model"`` (the learned head; see
    docs/news.md "Event types");
    ``places_dir`` the folder of loaded gazetteer sources (default: the user's, where
    ``trucewatch gazetteer load`` puts them)."""

    name = ADAPTER
    source = SOURCE

    def __init__(
        self,
        published: datetime | str | None = None,
        min_confidence: float = 0.0,
        encoding: str = "utf-8",
        split_incidents: bool = False,
        limits: Limits | None = None,
        places_dir: Path | str | None = None,
        types: str = DEFAULT_TYPES,
    ) -> None:
        self.limits = limits or DEFAULT_LIMITS
        if self.limits.max_line_chars != DEFAULT_LIMITS.max_line_chars:
            raise SourceError(
                "the line-length limit (--max-line-chars) is not for news: a JSON line holds one "
                f"article, whose text is limited to {MAX_ARTICLE_CHARS:,} characters instead"
            )
        if isinstance(published, str):
            published = parse_published(published, "option published")
        self.published = published
        self.min_confidence = float(min_confidence)
        self.split_incidents = bool(split_incidents)
        #: who types an event sentence: the keyword rules or the learned head
        self.types = check_types(types)
        #: the folder of loaded gazetteer sources (``trucewatch gazetteer load``): the user's
        #: (:func:`~trucewatch.text.geonames.gazetteer_dir`) unless one is named
        self.places_dir = gazetteer_dir() if places_dir is None else Path(places_dir)
        if encoding.lower().replace("-", "") != "utf8":
            raise SourceError("news articles are read as UTF-8 (JSON lines, HTML and text)")

    def read(self, path: Path) -> Iterator[Record]:
        """Events of every article of ``path``; a bad JSON line, an undatable article or an
        article id repeated with different content is one RowError, and reading goes on."""
        _refuse_tables(Path(path))
        check_size(Path(path), self.limits)
        gaz = default_gazetteer(self.places_dir, cache_dir=user_cache_dir())
        articles = extract_articles(
            Path(path),
            gazetteer=gaz,
            published=self.published,
            split_incidents=self.split_incidents,
            types=self.types,
        )
        for item in articles:
            if isinstance(item, RowError):
                yield item
                continue
            for extraction in item.extractions:
                if extraction.confidence >= self.min_confidence:
                    yield _read_at(extraction.event, item.file, item.line)


def _read_at(event: Event, file: str, line: int) -> Event:
    """``event`` with the file and line of its article (the sentence is in its notes)."""
    return replace(event, provenance=replace(event.provenance, file=file, line=line))
