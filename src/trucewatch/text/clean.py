"""Articles from files: plain text, HTML (page furniture removed by trafilatura) or JSON lines.

A JSON-lines file holds one article per line: ``id``, ``text`` or ``html``, ``published`` (ISO
8601 with an offset), optional ``source``, ``url``, ``title``. A text or HTML file is one
article whose id is the file's stem; its publication instant comes from the caller.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from trucewatch.errors import SourceError, ValidationError
from trucewatch.model.time import ensure_aware

__all__ = ["Article", "html_to_text", "parse_published", "read_articles"]

_ID = re.compile(r"[^A-Za-z0-9_.\-]+")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: its id (no spaces), text and, when known, its publication instant."""

    id: str
    text: str
    published: datetime | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        clean_id = _ID.sub("-", str(self.id)).strip("-")
        if not clean_id:
            raise ValidationError(f"article id {self.id!r} is empty")
        object.__setattr__(self, "id", clean_id)
        if self.published is not None:
            ensure_aware(self.published, f"article {clean_id}: published")

    def require_published(self, needed_for: str) -> datetime:
        """The publication instant, or a ValidationError saying what it is ``needed_for``."""
        if self.published is None:
            raise ValidationError(
                f"article {self.id}: no publication instant; {needed_for} cannot be resolved "
                "(give 'published' in the file or --published ISO)"
            )
        return self.published


def parse_published(raw: str, where: str) -> datetime:
    """An ISO 8601 instant with an offset (``2016-04-28T10:00:00+03:00`` or ``...Z``)."""
    try:
        value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise SourceError(
            f"{where}: published {raw!r} is not an ISO 8601 instant "
            "(write e.g. 2016-04-28T10:00:00+03:00)"
        ) from None
    if value.tzinfo is None:
        raise SourceError(
            f"{where}: published {raw!r} has no UTC offset (write e.g. 2016-04-28T10:00:00+03:00)"
        )
    return value


def html_to_text(html: str) -> str:
    """The main text of an HTML page: menus, 'skip to content', newsletter boxes and footers
    removed (trafilatura); falls back to the page's text without tags if nothing is found."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True
    )
    if text:
        return text
    stripped = re.sub(r"(?is)<(script|style|nav|footer|header)\b.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", stripped).split())


def _html_title(html: str) -> str | None:
    match = re.search(r"(?is)<h1[^>]*>(.*?)</h1>", html) or re.search(
        r"(?is)<title[^>]*>(.*?)</title>", html
    )
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) or None if match else None


def _looks_like_html(text: str) -> bool:
    return bool(re.match(r"\s*(<!doctype html|<html|<\w+[^>]*>)", text, re.IGNORECASE))


def read_articles(path: Path, *, published: datetime | None = None) -> Iterator[Article]:
    """The articles of ``path`` (see the module docstring for the formats).

    ``published`` is used for text and HTML files, and for JSON lines that lack one.
    Raises :class:`SourceError` naming the file and line for unreadable input.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    if not raw.strip():
        raise SourceError(f"{path}: the file is empty")
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        yield from _json_lines(path, raw, published)
    elif path.suffix.lower() in (".html", ".htm") or _looks_like_html(raw):
        yield Article(path.stem, html_to_text(raw), published, _html_title(raw))
    else:
        yield Article(path.stem, raw, published)


def _json_lines(path: Path, raw: str, published: datetime | None) -> Iterator[Article]:
    for line_no, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"line {line_no} of {path}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(obj, dict):
            raise SourceError(f"{where}: expected a JSON object with id, text/html, published")
        body = obj.get("text")
        if not body and obj.get("html"):
            body = html_to_text(str(obj["html"]))
            obj.setdefault("title", _html_title(str(obj["html"])))
        if not body:
            raise SourceError(f"{where}: the article has neither 'text' nor 'html'")
        when = published
        if obj.get("published"):
            when = parse_published(str(obj["published"]), where)
        yield Article(
            str(obj.get("id") or f"{path.stem}-{line_no}"),
            str(body),
            when,
            obj.get("title"),
            obj.get("url"),
            obj.get("source"),
        )
